// The ports and devices parctl works on: the port a --backend names (the built-in simulated
// topology by default, a topology file, a ppdev node, or raw port I/O), started and with its
// devices enumerated, as a client of the port and bus layers sees it.

#ifndef PARCLASS_TOOLS_PARCTL_SYSTEM_H_
#define PARCLASS_TOOLS_PARCTL_SYSTEM_H_

#include <memory>
#include <string>

#include "commands.h"
#include "parclass/backends/ppdev.h"
#include "parclass/backends/raw_io.h"
#include "parclass/base/clock.h"
#include "parclass/base/result.h"
#include "parclass/bus/bus.h"
#include "parclass/port/port.h"
#include "parclass/sim/simulated_port.h"

namespace parclass::tools {

// What --backend says: "sim", "ppdev:/dev/parport0", "raw:0x378" or "raw:0x378,0x778".
struct BackendSpec {
  enum class Kind { kSim, kPpdev, kRaw };
  Kind kind = Kind::kSim;
  std::string argument;  // The ppdev path, or the raw spec after "raw:".

  // Errors: kInvalidArgument naming the forms there are.
  static Result<BackendSpec> Parse(const std::string& text);
};

// The registers of the real port `spec` names, opened without starting the port layer (no
// detection, no IEEE 1284.3 initialisation): what the wrap-plug diagnostic drives. Errors: a
// simulator spec (kInvalidArgument), or the backend's, naming the cause and the fix.
Result<std::unique_ptr<hw::RegisterIo>> OpenRegisters(const BackendSpec& spec, Clock& clock);

class System {
 public:
  // Errors: a bad --backend or topology file, a port that cannot be opened (with the cause and
  // the fix), or no port answering.
  static Result<std::unique_ptr<System>> Start(const SystemOptions& options);

  // The simulated port; null on a real one.
  sim::SimulatedPort* simulated() { return simulated_.get(); }
  // The ppdev backend; null on other backends.
  backends::PpdevPort* ppdev() { return ppdev_.get(); }
  port::Port& port() { return *port_; }
  bus::Bus& bus() { return bus_; }
  // Virtual time on the simulator, the machine's on a real port.
  Clock& clock() { return simulated_ ? static_cast<Clock&>(simulated_->scheduler()) : steady_; }
  // The kind of clock() for reports: "simulated" (virtual time) or "real".
  const char* clock_kind() const { return simulated_ ? "simulated" : "real"; }
  // "simulated ecp+epp chip, topology default", "ppdev /dev/parport0 (kernel: PCSPP,TRISTATE)".
  std::string Describe() const;
  // The device called `name` ("LPT1.4", "Parallel0.4"); kNoSuchDevice naming the ones there are.
  Result<bus::Device*> Find(const std::string& name);
  // The simulated peripheral that answers `device`: a 1284.3 device's own function, or the
  // printer at the end of the chain for the end-of-chain and raw devices (with every chain device
  // deselected the cable passes through to it); null on a real port, or with no printer.
  sim::Ieee1284Peripheral* SimulatedPeripheral(const bus::Device& device);

 private:
  Result<void> OpenBackend(const SystemOptions& options, const BackendSpec& spec);

  // Declared in the order they are built: each outlives what is built on it.
  SteadyClock steady_;
  std::unique_ptr<sim::SimulatedPort> simulated_;
  std::unique_ptr<backends::PpdevPort> ppdev_;
  std::unique_ptr<backends::RawPortIo> raw_;
  std::unique_ptr<port::Port> port_;
  bus::Bus bus_;
};

}  // namespace parclass::tools

#endif  // PARCLASS_TOOLS_PARCTL_SYSTEM_H_
