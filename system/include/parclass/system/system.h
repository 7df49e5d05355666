// System: the parallel ports a program works on and the devices on them, assembled from backend
// specs, as every program of the project opens them (parctl, the C API, the ppdev preload
// library, the QEMU stage's programs). The library knows what each backend needs of the port
// layer — the clock it runs on, the addresses, how detection must treat it, the kernel's loops —
// so a caller names ports and gets them working, named as Windows names them: the first
// \Device\ParallelPort0 (LPT1), the next ParallelPort1 (LPT2), with their devices Parallel0.4
// (LPT1.4) and so on.
//
//   Result<std::unique_ptr<System>> system = System::Open("sim:topologies/paper-out.json");
//   if (!system) return system.error();         // a bad spec, file or port, with the fix
//   bus::Device* printer = PARCLASS_TRY((*system)->Find("LPT1.4"));
//   std::unique_ptr<bus::DeviceHandle> handle = PARCLASS_TRY(printer->Open());
//
//   System::Open("sim");                  // the built-in topology: a chain and a printer
//   System::Open("ppdev:/dev/parport0");  // Linux ppdev: the kernel's word on EPP and ECP
//   System::Open("raw:0x378");            // port I/O; "raw:pci" for the first PCI card
//   System::Open("ppdev:/dev/parport0;sim:topologies/paper-out.json");  // LPT1 and LPT2
//   System::Open("all");                  // every port this machine has
//
//   SystemChanges changes = (*system)->Rescan();  // ports and devices that came and went
//
// The backend alone (registers, clock, kernel loops), without the port layer, is Backend::Open:
// what the wrap-plug diagnostic and the QEMU stage's writers drive.

#ifndef PARCLASS_SYSTEM_SYSTEM_H_
#define PARCLASS_SYSTEM_SYSTEM_H_

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parclass/backends/ppdev.h"
#include "parclass/backends/raw_io.h"
#include "parclass/backends/syscalls.h"
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
  bool operator==(const BackendSpec&) const = default;
};

// Where a system finds the machine's ports: the kernel's calls and the directories it lists.
// Tests put a ppdev emulator and trees of their own here.
struct Machine {
  backends::Syscalls* os = &backends::SystemSyscalls();
  std::filesystem::path dev = "/dev";    // Holds the ppdev nodes, parport0, parport1, ...
  std::filesystem::path sysfs = "/sys";  // Lists the PCI cards.
};

// The specs a system's text names, in order: specs separated by ';' ("ppdev:/dev/parport0;sim"),
// where "all" stands for every port the machine has (AllPorts). Errors: kInvalidArgument naming
// the part that is no spec (an empty one included) and the position of that part, or a spec given
// twice; AllPorts' errors.
Result<std::vector<BackendSpec>> ParseSystemSpecs(std::string_view text,
                                                  const Machine& machine = {});

// Every port this machine has: each ppdev node (<dev>/parportN, by N), then each PCI parallel
// card no kernel driver has taken (raw:pci:SLOT; a card that parport_pc or parport_serial drives
// has a ppdev node already, and port I/O behind the kernel's back would fight it). Errors:
// kNoSuchDevice when there is none, saying how to make the kernel's ports appear; the PCI
// scan's kIoError.
Result<std::vector<BackendSpec>> AllPorts(const Machine& machine = {});

// The topology a simulator spec names: the built-in one, or the file's. Errors: kInvalidArgument
// for a spec that is not the simulator's; the file's, naming it.
Result<sim::Topology> TopologyOf(const BackendSpec& spec);

// What a client chooses of every port of a system; everything else the backend decides.
struct PortOptions {
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
  static Result<std::unique_ptr<Backend>> Open(const BackendSpec& spec,
                                               const Machine& machine = {});
  static std::unique_ptr<Backend> Simulated(sim::Topology topology);
  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;

  // The spec that opens this port again: "ppdev:/dev/parport0", "raw:0xd010,0xd000", "sim:FILE";
  // a topology handed to Simulated() reports "sim", as it has no file to name.
  const BackendSpec& spec() const { return spec_; }
  hw::RegisterIo& io();
  // Virtual time on the simulator, the machine's on a real port.
  Clock& clock();
  // The kind of clock() for reports: "simulated" (virtual time) or "real".
  const char* clock_kind() const { return simulated_ ? "simulated" : "real"; }
  // The kernel's IEEE 1284 loops (ppdev); null elsewhere.
  hw::KernelLink* kernel_link() { return ppdev_.get(); }
  // The port layer's configuration for this backend, for the port called `name` (LPTn): its
  // addresses, how detection treats it (on ppdev the ECP block is out of reach and the kernel's
  // word decides EPP and ECP), its loops.
  port::PortConfig MakePortConfig(const std::string& name, const PortOptions& options) const;
  // Whether the port is still there: a ppdev node the kernel removed (its driver unloaded, the
  // card gone) is not; the simulator and port I/O always are.
  bool Present() const;

  sim::SimulatedPort* simulated() { return simulated_.get(); }
  backends::PpdevPort* ppdev() { return ppdev_.get(); }
  // "simulated ecp+epp chip, topology default", "ppdev /dev/parport0 (kernel: PCSPP,TRISTATE)".
  std::string Describe() const;

 private:
  explicit Backend(BackendSpec spec, backends::Syscalls& os) : spec_(std::move(spec)), os_(os) {}

  BackendSpec spec_;
  backends::Syscalls& os_;
  SteadyClock steady_;
  std::unique_ptr<sim::SimulatedPort> simulated_;
  std::unique_ptr<backends::PpdevPort> ppdev_;
  std::unique_ptr<backends::RawPortIo> raw_;
};

// One port of a system: its backend, the port layer on it, and what delivers its interrupts.
class SystemPort {
 public:
  ~SystemPort();
  SystemPort(const SystemPort&) = delete;
  SystemPort& operator=(const SystemPort&) = delete;

  Backend& backend() { return *backend_; }
  port::Port& port() { return *port_; }
  // "LPT1", and the port's device name "ParallelPort0".
  const std::string& name() const { return port_->config().name; }
  const std::string& device_name() const { return port_->device_name(); }
  Clock& clock() { return backend_->clock(); }
  // What delivers the port's interrupts (interrupt_source.h); null on raw port I/O and without
  // PortOptions::enable_connect_interrupt.
  InterruptSource* interrupts() { return interrupts_.get(); }

 private:
  friend class System;
  SystemPort() = default;

  // Declared in the order they are built: each outlives what is built on it.
  std::unique_ptr<Backend> backend_;
  std::unique_ptr<port::Port> port_;
  std::unique_ptr<InterruptSource> interrupts_;
};

// A port or a device that came or went, by the name Find and the C API's ParclassOpen take:
// "ParallelPort1" for a port, "LPT1.4" for a device.
struct Change {
  enum class Kind : uint8_t { kPort, kDevice };
  Kind kind = Kind::kDevice;
  std::string name;
  // What the device is (raw, daisy-chain, end of chain); kRaw for a port, which has no other.
  bus::DeviceKind device = bus::DeviceKind::kRaw;
  bool operator==(const Change&) const = default;
};

struct SystemChanges {
  std::vector<Change> arrived;  // Ports first, then devices, each in the order they are listed.
  std::vector<Change> removed;
  // The ports that could not be enumerated again (a client holding the port past the arbiter's
  // patience, a peripheral gone mad), each with why; their devices stay as they were.
  std::vector<Error> failed;
};

class System {
 public:
  // Opens the backends `specs` names (ParseSystemSpecs), starts each port (detection, the 1284.3
  // chain) and enumerates its devices. Ports are numbered in the order given, LPT1 first.
  // Errors: the backend's, naming the spec; kNoSuchDevice when no port answers.
  static Result<std::unique_ptr<System>> Open(std::string_view specs,
                                              const PortOptions& options = {},
                                              const Machine& machine = {});
  static Result<std::unique_ptr<System>> Open(std::vector<std::unique_ptr<Backend>> backends,
                                              const PortOptions& options = {});
  static Result<std::unique_ptr<System>> Open(std::unique_ptr<Backend> backend,
                                              const PortOptions& options = {});
  // Every handle on the ports and their devices must be closed first.
  ~System();
  System(const System&) = delete;
  System& operator=(const System&) = delete;

  // The ports present, LPT1 first; one removed by a rescan is no longer listed.
  std::vector<SystemPort*> ports() const;
  bus::Bus& bus() { return bus_; }

  // The port called `name` ("LPT2" or "ParallelPort1"); kNoSuchDevice naming the ones there are.
  Result<SystemPort*> FindPort(std::string_view name) const;
  // The device called `name` ("LPT1.4", "Parallel0.4"); kNoSuchDevice naming the ones there are.
  Result<bus::Device*> Find(std::string_view name);
  // The port `device` is on (a removed one's too).
  SystemPort& PortOf(const bus::Device& device);
  // The simulated peripheral that answers `device`: a 1284.3 device's own function, or the
  // printer at the end of the chain for the end-of-chain and raw devices (with every chain device
  // deselected the cable passes through to it); null on a real port, or with no printer.
  sim::Ieee1284Peripheral* SimulatedPeripheral(const bus::Device& device);

  // Looks again, as Windows' PnP manager does on a bus relations query: a port whose backend is
  // gone (a ppdev node the kernel removed) is removed with its devices (their handles fail their
  // requests with STATUS_DEVICE_REMOVED; new opens fail); a system opened with "all" takes the
  // ports that appeared since, as LPTn with an n no port of the system has had; then each port's
  // chain and devices are enumerated again (bus::Bus::Rescan). A port that cannot be is listed in
  // `failed`; the others' changes are made and reported all the same.
  SystemChanges Rescan();

 private:
  System(const PortOptions& options, const Machine& machine, bool all)
      : options_(options), machine_(machine), all_(all) {}
  static Result<std::unique_ptr<System>> Start(std::vector<std::unique_ptr<Backend>> backends,
                                               const PortOptions& options, const Machine& machine,
                                               bool all);
  // Starts the port on `backend` as the next LPTn and enumerates its devices (their names).
  Result<bus::BusChanges> AddPort(std::unique_ptr<Backend> backend);

  const PortOptions options_;
  const Machine machine_;
  const bool all_;       // Opened with "all": a rescan takes the ports that appeared.
  int ports_named_ = 0;  // LPT1 ... LPT<ports_named_> have been given.
  // Declared before the bus, whose devices refer to the ports.
  std::vector<std::unique_ptr<SystemPort>> ports_;  // Present.
  std::vector<std::unique_ptr<SystemPort>> gone_;   // Removed, kept while handles may be open.
  bus::Bus bus_;
};

}  // namespace parclass::system

#endif  // PARCLASS_SYSTEM_SYSTEM_H_
