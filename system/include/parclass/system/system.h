// System: a parallel port and the devices on it, assembled from a backend spec, as every program
// of the project opens one (parctl, the C API, the ppdev preload library, the QEMU stage's
// programs). The library knows what each backend needs of the port layer — the clock it runs on,
// the addresses, how detection must treat it, the kernel's loops — so a caller names a port and
// gets it working.
//
//   Result<std::unique_ptr<System>> system = System::Open("sim:topologies/paper-out.json");
//   if (!system) return system.error();         // a bad spec, file or port, with the fix
//   bus::Device* printer = PARCLASS_TRY((*system)->Find("LPT1.4"));
//   std::unique_ptr<bus::DeviceHandle> handle = PARCLASS_TRY(printer->Open());
//
//   System::Open("sim");                  // the built-in topology: a chain and a printer
//   System::Open("ppdev:/dev/parport0");  // Linux ppdev: the kernel's word on EPP and ECP
//   System::Open("raw:0x378");            // port I/O; "raw:pci" for the first PCI card
//
// The backend alone (registers, clock, kernel loops), without the port layer, is Backend::Open:
// what the wrap-plug diagnostic and the QEMU stage's writers drive.

#ifndef PARCLASS_SYSTEM_SYSTEM_H_
#define PARCLASS_SYSTEM_SYSTEM_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "parclass/backends/ppdev.h"
#include "parclass/backends/raw_io.h"
#include "parclass/base/clock.h"
#include "parclass/base/result.h"
#include "parclass/bus/bus.h"
#include "parclass/port/port.h"
#include "parclass/sim/simulated_port.h"
#include "parclass/sim/topology.h"
#include "parclass/system/interrupt_source.h"

namespace parclass::system {

// A backend spec, the one grammar of parctl's --backend, the C API and the preload library:
//
//   sim                 the built-in simulated topology
//   sim:FILE            a topology file (docs/topology.md)
//   ppdev:PATH          Linux ppdev (/dev/parportN)
//   raw:BASE[,ECP]      port I/O at BASE; the ECP block at BASE + 0x400 unless given ("none")
//   raw:pci[:SLOT]      port I/O at a PCI card's I/O BARs (the first card, or that slot's)
struct BackendSpec {
  enum class Kind : uint8_t { kSim, kPpdev, kRaw };
  Kind kind = Kind::kSim;
  std::string argument;  // The topology file (empty: built in), the ppdev path, the raw spec.

  // Errors: kInvalidArgument naming the forms there are.
  static Result<BackendSpec> Parse(std::string_view text);
  std::string Format() const;
};

// The topology a simulator spec names: the built-in one, or the file's. Errors: kInvalidArgument
// for a spec that is not the simulator's; the file's, naming it.
Result<sim::Topology> TopologyOf(const BackendSpec& spec);

// What a client chooses of a port; everything else the backend decides.
struct PortOptions {
  std::string name = "LPT1";  // LPTn.
  // The most IEEE 1284.3 devices given an address: 2 as on Windows XP and later, up to 4.
  int max_daisy_chain_devices = port::kWindowsXpDaisyChainDevices;
  // EnableConnectInterruptIoctl: off by default, as on Windows. The C API turns it on with
  // ParclassCreateSystemWithOptions and PARCLASS_SYSTEM_OPTIONS.EnableConnectInterruptIoctl.
  bool enable_connect_interrupt = false;
};

// An opened backend: the registers, the clock they run on, and what the port layer must know of
// them.
class Backend {
 public:
  // Errors: a bad spec or topology file; a port that cannot be opened, with the cause and the fix.
  static Result<std::unique_ptr<Backend>> Open(const BackendSpec& spec);
  static std::unique_ptr<Backend> Simulated(sim::Topology topology);
  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;

  hw::RegisterIo& io();
  // Virtual time on the simulator, the machine's on a real port.
  Clock& clock();
  // The kind of clock() for reports: "simulated" (virtual time) or "real".
  const char* clock_kind() const { return simulated_ ? "simulated" : "real"; }
  // The kernel's IEEE 1284 loops (ppdev); null elsewhere.
  hw::KernelLink* kernel_link() { return ppdev_.get(); }
  // The port layer's configuration for this backend: its addresses, how detection treats it (on
  // ppdev the ECP block is out of reach and the kernel's word decides EPP and ECP), its loops.
  port::PortConfig MakePortConfig(const PortOptions& options) const;

  sim::SimulatedPort* simulated() { return simulated_.get(); }
  backends::PpdevPort* ppdev() { return ppdev_.get(); }
  // "simulated ecp+epp chip, topology default", "ppdev /dev/parport0 (kernel: PCSPP,TRISTATE)".
  std::string Describe() const;

 private:
  Backend() = default;

  SteadyClock steady_;
  std::unique_ptr<sim::SimulatedPort> simulated_;
  std::unique_ptr<backends::PpdevPort> ppdev_;
  std::unique_ptr<backends::RawPortIo> raw_;
};

class System {
 public:
  // Opens the backend, starts the port (detection, the 1284.3 chain) and enumerates its devices.
  // Errors: the backend's; kNoSuchDevice when no port answers.
  static Result<std::unique_ptr<System>> Open(std::string_view spec,
                                              const PortOptions& options = {});
  static Result<std::unique_ptr<System>> Open(std::unique_ptr<Backend> backend,
                                              const PortOptions& options = {});
  // Every handle on the port and its devices must be closed first.
  ~System();
  System(const System&) = delete;
  System& operator=(const System&) = delete;

  Backend& backend() { return *backend_; }
  port::Port& port() { return *port_; }
  bus::Bus& bus() { return bus_; }
  Clock& clock() { return backend_->clock(); }
  // What delivers the port's interrupts (interrupt_source.h); null on raw port I/O and without
  // PortOptions::enable_connect_interrupt.
  InterruptSource* interrupts() { return interrupts_.get(); }

  // The device called `name` ("LPT1.4", "Parallel0.4"); kNoSuchDevice naming the ones there are.
  Result<bus::Device*> Find(std::string_view name);
  // The simulated peripheral that answers `device`: a 1284.3 device's own function, or the
  // printer at the end of the chain for the end-of-chain and raw devices (with every chain device
  // deselected the cable passes through to it); null on a real port, or with no printer.
  sim::Ieee1284Peripheral* SimulatedPeripheral(const bus::Device& device);

 private:
  explicit System(std::unique_ptr<Backend> backend) : backend_(std::move(backend)) {}

  // Declared in the order they are built: each outlives what is built on it.
  std::unique_ptr<Backend> backend_;
  std::unique_ptr<port::Port> port_;
  std::unique_ptr<InterruptSource> interrupts_;
  bus::Bus bus_;
};

}  // namespace parclass::system

#endif  // PARCLASS_SYSTEM_SYSTEM_H_
