#include "parclass/system/system.h"

#include <fcntl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <iterator>
#include <utility>
#include <vector>

#include "parclass/backends/pci.h"

namespace parclass::system {
namespace {

constexpr std::string_view kSimPrefix = "sim:";
constexpr std::string_view kPpdevPrefix = "ppdev:";
constexpr std::string_view kRawPrefix = "raw:";

constexpr std::string_view kAllPorts = "all";
constexpr char kSpecSeparator = ';';
constexpr std::string_view kPpdevNode = "parport";

// "ppdev:PATH" gives PATH; a prefix with nothing after it is no spec.
std::optional<std::string> After(std::string_view text, std::string_view prefix) {
  if (!text.starts_with(prefix) || text.size() == prefix.size()) return std::nullopt;
  return std::string(text.substr(prefix.size()));
}

// The same failure, said of `what` (a spec, a port name).
Error Naming(const Error& error, std::string_view what) {
  return error.Reworded(error.code(), fmt::format("{}: {}", what, error.detail()));
}

// The parts of a system's text between its separators; an empty text is one empty part.
std::vector<std::string_view> PartsOf(std::string_view text) {
  std::vector<std::string_view> parts;
  for (size_t position = 0;;) {
    const size_t end = std::min(text.find(kSpecSeparator, position), text.size());
    parts.push_back(text.substr(position, end - position));
    if (end == text.size()) return parts;
    position = end + 1;
  }
}

// N of a ppdev node's name "parportN"; none for another name.
std::optional<int> PpdevNodeNumber(std::string_view name) {
  if (!name.starts_with(kPpdevNode) || name.size() == kPpdevNode.size()) return std::nullopt;
  const std::string_view digits = name.substr(kPpdevNode.size());
  int number = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return number;
}

// The ppdev nodes under `dev`, by number.
std::vector<BackendSpec> PpdevNodes(const std::filesystem::path& dev) {
  std::vector<std::pair<int, std::string>> nodes;
  std::error_code error;
  for (const std::filesystem::directory_entry& entry :
       std::filesystem::directory_iterator(dev, error)) {
    if (std::optional<int> number = PpdevNodeNumber(entry.path().filename().string())) {
      nodes.emplace_back(*number, entry.path().string());
    }
  }
  std::ranges::sort(nodes);
  std::vector<BackendSpec> specs;
  specs.reserve(nodes.size());
  for (auto& [number, path] : nodes) {
    specs.push_back({BackendSpec::Kind::kPpdev, std::move(path)});
  }
  return specs;
}

}  // namespace

Result<BackendSpec> BackendSpec::Parse(std::string_view text) {
  if (text == "sim") return BackendSpec{Kind::kSim, ""};
  if (std::optional<std::string> file = After(text, kSimPrefix)) {
    return BackendSpec{Kind::kSim, std::move(*file)};
  }
  if (std::optional<std::string> path = After(text, kPpdevPrefix)) {
    return BackendSpec{Kind::kPpdev, std::move(*path)};
  }
  if (std::optional<std::string> raw = After(text, kRawPrefix)) {
    return BackendSpec{Kind::kRaw, std::move(*raw)};
  }
  return Error(Errc::kInvalidArgument,
               fmt::format("unknown backend '{}'; choose sim, sim:TOPOLOGY, ppdev:/dev/parportN, "
                           "raw:BASE[,ECP_BASE] or raw:pci",
                           text));
}

std::string BackendSpec::Format() const {
  switch (kind) {
    case Kind::kSim: return argument.empty() ? "sim" : fmt::format("{}{}", kSimPrefix, argument);
    case Kind::kPpdev: return fmt::format("{}{}", kPpdevPrefix, argument);
    case Kind::kRaw: return fmt::format("{}{}", kRawPrefix, argument);
  }
  return "?";
}

Result<std::vector<BackendSpec>> AllPorts(const Machine& machine) {
  std::vector<BackendSpec> specs = PpdevNodes(machine.dev);
  for (const backends::PciParallelPort& card :
       PARCLASS_TRY(backends::FindPciParallelPorts(machine.sysfs))) {
    // A card the kernel drives is among the ppdev nodes.
    std::error_code error;
    const std::filesystem::path driver = machine.sysfs / "bus/pci/devices" / card.slot / "driver";
    if (std::filesystem::exists(driver, error)) continue;
    specs.push_back({BackendSpec::Kind::kRaw, fmt::format("pci:{}", card.slot)});
  }
  if (specs.empty()) {
    return Error(Errc::kNoSuchDevice,
                 fmt::format("this machine has no parallel port: no {}/parportN and no PCI "
                             "parallel card; load the kernel's drivers (modprobe parport_pc "
                             "ppdev) or name a port",
                             machine.dev.string()));
  }
  return specs;
}

Result<std::vector<BackendSpec>> ParseSystemSpecs(std::string_view text, const Machine& machine) {
  std::vector<BackendSpec> specs;
  int part = 0;
  for (const std::string_view piece : PartsOf(text)) {
    ++part;
    if (piece == kAllPorts) {
      for (BackendSpec& spec : PARCLASS_TRY(AllPorts(machine))) specs.push_back(std::move(spec));
    } else {
      Result<BackendSpec> spec = BackendSpec::Parse(piece);
      if (!spec) {
        return Error(Errc::kInvalidArgument,
                     fmt::format("part {} of '{}': {}", part, text, spec.error().detail()));
      }
      specs.push_back(std::move(*spec));
    }
  }
  for (auto it = specs.begin(); it != specs.end(); ++it) {
    // Two ports on one set of registers would fight; two copies of a topology would not, so a
    // simulator spec may come twice.
    if (it->kind != BackendSpec::Kind::kSim && std::find(it + 1, specs.end(), *it) != specs.end()) {
      return Error(Errc::kInvalidArgument, fmt::format("'{}' names {} twice", text, it->Format()));
    }
  }
  return specs;
}

Result<sim::Topology> TopologyOf(const BackendSpec& spec) {
  if (spec.kind != BackendSpec::Kind::kSim) {
    return Error(Errc::kInvalidArgument,
                 fmt::format("'{}' is a real port, not a simulated topology", spec.Format()));
  }
  if (spec.argument.empty()) return sim::DefaultTopology();
  return sim::LoadTopology(spec.argument);
}

Result<std::unique_ptr<Backend>> Backend::Open(const BackendSpec& spec, const Machine& machine) {
  std::unique_ptr<Backend> backend(new Backend(spec, *machine.os));
  switch (spec.kind) {
    case BackendSpec::Kind::kSim:
      backend->simulated_ = std::make_unique<sim::SimulatedPort>(PARCLASS_TRY(TopologyOf(spec)));
      return backend;
    case BackendSpec::Kind::kPpdev:
      backend->ppdev_ = PARCLASS_TRY(
          backends::PpdevPort::Open(*machine.os, backend->steady_, {.path = spec.argument}));
      return backend;
    case BackendSpec::Kind::kRaw: {
      const backends::RawPortOptions raw =
          PARCLASS_TRY(backends::ParseRawSpec(spec.argument, machine.sysfs));
      backend->raw_ =
          PARCLASS_TRY(backends::RawPortIo::Open(*machine.os, backends::X86PortBus(), raw));
      return backend;
    }
  }
  return Error(Errc::kInvalidArgument, "unknown backend");
}

std::unique_ptr<Backend> Backend::Simulated(sim::Topology topology) {
  std::unique_ptr<Backend> backend(new Backend({}, backends::SystemSyscalls()));
  backend->simulated_ = std::make_unique<sim::SimulatedPort>(std::move(topology));
  return backend;
}

bool Backend::Present() const {
  if (!ppdev_) return true;
  // The node, opened and closed again: ppdev registers nothing until a claim. Only the answers
  // that say the kernel has no such port count as gone; a refusal (EACCES) says it is there.
  const int fd = os_.Open(ppdev_->path(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    (void)os_.Close(fd);
    return true;
  }
  return fd != -ENOENT && fd != -ENXIO && fd != -ENODEV;
}

hw::RegisterIo& Backend::io() {
  if (simulated_) return simulated_->chip();
  if (ppdev_) return *ppdev_;
  return *raw_;
}

Clock& Backend::clock() {
  if (simulated_) return simulated_->scheduler();
  return steady_;
}

port::PortConfig Backend::MakePortConfig(const std::string& name,
                                         const PortOptions& options) const {
  port::PortConfig config{.name = name,
                          .enable_connect_interrupt = options.enable_connect_interrupt,
                          .max_daisy_chain_devices = options.max_daisy_chain_devices};
  if (simulated_) {
    // The addresses are the topology's, as a real port's come from its resources.
    config.base = simulated_->topology().chip.base;
    config.ecp_base = simulated_->topology().chip.ecp_base;
    if (!simulated_->topology().chip.irq) {
      config.interrupts_unavailable = "the simulated chip has no IRQ (its topology says irq: null)";
    }
  } else if (ppdev_) {
    // ppdev reaches no ECP block, and its EPP cycles are the kernel's: the kernel's word decides
    // both, and its loops run them.
    const backends::KernelModes modes = ppdev_->kernel_modes();
    config.detect = {
        .probe_ecr = false,
        .os_report = port::DetectOptions::OsReport{.by = "the kernel (PPGETMODES)",
                                                   .epp = modes.has(backends::KernelModes::kEpp),
                                                   .ecp = modes.has(backends::KernelModes::kEcp)}};
    config.kernel_link = ppdev_.get();
  } else {
    // Without an ECP block (a PCI card with one I/O BAR) there is nothing to probe.
    const std::optional<uint16_t> ecp_base = raw_->ecp_base();
    config.base = raw_->base();
    config.ecp_base = ecp_base.value_or(0);
    config.detect.probe_ecr = ecp_base.has_value();
    config.interrupts_unavailable =
        "raw port I/O cannot receive interrupts: the kernel hands a port's IRQ to its own driver, "
        "never to user space; open the port through ppdev:/dev/parportN for interrupts";
  }
  return config;
}

std::string Backend::Describe() const {
  if (ppdev_) {
    return fmt::format("ppdev {} (kernel: {})", ppdev_->path(), ppdev_->kernel_modes().Format());
  }
  if (raw_) {
    return raw_->ecp_base() ? fmt::format("raw port I/O at {:#x}, ECP block {:#x}", raw_->base(),
                                          *raw_->ecp_base())
                            : fmt::format("raw port I/O at {:#x}, no ECP block", raw_->base());
  }
  return fmt::format("simulated {} chip, topology {}", simulated_->chip().config().name,
                     simulated_->topology().name);
}

Result<std::unique_ptr<System>> System::Open(std::string_view specs, const PortOptions& options,
                                             const Machine& machine) {
  const std::vector<BackendSpec> parsed = PARCLASS_TRY(ParseSystemSpecs(specs, machine));
  std::vector<std::unique_ptr<Backend>> backends;
  for (const BackendSpec& spec : parsed) {
    Result<std::unique_ptr<Backend>> backend = Backend::Open(spec, machine);
    if (!backend) return Naming(backend.error(), spec.Format());
    backends.push_back(std::move(*backend));
  }
  const std::vector<std::string_view> parts = PartsOf(specs);
  const bool all = std::ranges::find(parts, kAllPorts) != parts.end();
  return Start(std::move(backends), options, machine, all);
}

Result<std::unique_ptr<System>> System::Open(std::vector<std::unique_ptr<Backend>> backends,
                                             const PortOptions& options) {
  return Start(std::move(backends), options, Machine{}, false);
}

Result<std::unique_ptr<System>> System::Start(std::vector<std::unique_ptr<Backend>> backends,
                                              const PortOptions& options, const Machine& machine,
                                              bool all) {
  std::unique_ptr<System> system(new System(options, machine, all));
  for (std::unique_ptr<Backend>& backend : backends) {
    (void)PARCLASS_TRY(system->AddPort(std::move(backend)));
  }
  return system;
}

Result<std::unique_ptr<System>> System::Open(std::unique_ptr<Backend> backend,
                                             const PortOptions& options) {
  std::vector<std::unique_ptr<Backend>> backends;
  backends.push_back(std::move(backend));
  return Open(std::move(backends), options);
}

System::~System() = default;

SystemPort::~SystemPort() = default;

Result<bus::BusChanges> System::AddPort(std::unique_ptr<Backend> backend) {
  const std::string described = backend->spec().Format();
  std::unique_ptr<SystemPort> added(new SystemPort());
  added->backend_ = std::move(backend);
  Backend& opened = *added->backend_;
  // Never a number a port of this system had: a removed port's handles may still be open.
  const std::string name = fmt::format("LPT{}", ports_named_ + 1);
  Result<std::unique_ptr<port::Port>> started =
      port::Port::Start(opened.io(), opened.clock(), opened.MakePortConfig(name, options_));
  if (!started) return Naming(started.error(), described);
  added->port_ = std::move(*started);
  // Only a system whose clients may connect routines has interrupts delivered: without
  // EnableConnectInterruptIoctl nobody could take them, and ppdev would keep a thread for nothing.
  sim::SimulatedPort* simulated = opened.simulated();
  backends::PpdevPort* ppdev = opened.ppdev();
  if (options_.enable_connect_interrupt && simulated != nullptr) {
    added->interrupts_ = InterruptSource::Simulated(*simulated, *added->port_);
  } else if (options_.enable_connect_interrupt && ppdev != nullptr) {
    added->interrupts_ = PARCLASS_TRY(InterruptSource::Ppdev(*ppdev, *added->port_));
  }
  port::Port& port = *added->port_;
  ports_.push_back(std::move(added));
  Result<bus::BusChanges> enumerated = bus_.AddPort(port);
  if (!enumerated) {
    (void)bus_.RemovePort(port);
    ports_.pop_back();
    return Naming(enumerated.error(), described);
  }
  ++ports_named_;
  return enumerated;
}

std::vector<SystemPort*> System::ports() const {
  std::vector<SystemPort*> present;
  for (const std::unique_ptr<SystemPort>& port : ports_) present.push_back(port.get());
  return present;
}

Result<SystemPort*> System::FindPort(std::string_view name) const {
  std::vector<std::string> names;
  for (const std::unique_ptr<SystemPort>& port : ports_) {
    if (port->name() == name || port->device_name() == name) return port.get();
    names.push_back(port->name());
  }
  return Error(Errc::kNoSuchDevice,
               fmt::format("no port '{}'; there are {}", name, fmt::join(names, ", ")));
}

Result<bus::Device*> System::Find(std::string_view name) {
  bus::Device* device = bus_.Find(name);
  if (device != nullptr) return device;
  std::vector<std::string> names;
  for (const bus::Device* present : bus_.devices()) names.push_back(present->location());
  return Error(Errc::kNoSuchDevice,
               fmt::format("no device '{}'; there are {}", name, fmt::join(names, ", ")));
}

SystemPort& System::PortOf(const bus::Device& device) {
  for (const auto* list : {&ports_, &gone_}) {
    for (const std::unique_ptr<SystemPort>& port : *list) {
      if (&port->port() == &device.port()) return *port;
    }
  }
  PARCLASS_ASSERT(false, "a device of no port of this system");
  std::abort();
}

sim::Ieee1284Peripheral* System::SimulatedPeripheral(const bus::Device& device) {
  sim::SimulatedPort* simulated = PortOf(device).backend().simulated();
  if (simulated == nullptr) return nullptr;
  if (device.kind() != bus::DeviceKind::kDaisyChain) return simulated->printer();
  // Addresses go to the chain's devices in order, nearest the port first (IEEE 1284.3).
  if (device.id() >= simulated->chain_length()) return nullptr;
  return &simulated->chain_function(device.id());
}

namespace {

// The bus's changes as the system reports them.
void AddDeviceChanges(const std::vector<bus::Device*>& devices, std::vector<Change>& into) {
  for (const bus::Device* device : devices) {
    into.push_back(
        {.kind = Change::Kind::kDevice, .name = device->location(), .device = device->kind()});
  }
}

}  // namespace

SystemChanges System::Rescan() {
  SystemChanges changes;
  bus::BusChanges device_changes;
  const auto record = [&](const bus::BusChanges& more) {
    std::ranges::copy(more.added, std::back_inserter(device_changes.added));
    std::ranges::copy(more.removed, std::back_inserter(device_changes.removed));
  };
  for (auto it = ports_.begin(); it != ports_.end();) {
    SystemPort& port = **it;
    if (port.backend().Present()) {
      ++it;
      continue;
    }
    port.port().Remove();
    record(bus_.RemovePort(port.port()));
    changes.removed.push_back({.kind = Change::Kind::kPort, .name = port.device_name()});
    gone_.push_back(std::move(*it));
    it = ports_.erase(it);
  }
  for (const std::unique_ptr<SystemPort>& port : ports_) {
    Result<bus::BusChanges> rescanned = bus_.Rescan(port->port());
    if (!rescanned) {
      changes.failed.push_back(Naming(rescanned.error(), port->name()));
      continue;
    }
    record(*rescanned);
  }
  if (all_) {
    // After the rescan: a port added now was enumerated as it started. A machine that has lost
    // every port has none to add.
    for (const BackendSpec& spec : AllPorts(machine_).value_or(std::vector<BackendSpec>{})) {
      const bool known = std::ranges::any_of(ports_, [&](const std::unique_ptr<SystemPort>& port) {
        return port->backend().spec() == spec;
      });
      if (known) continue;
      // One that cannot be opened or started now (claimed elsewhere, refused) is tried again on
      // the next rescan.
      Result<std::unique_ptr<Backend>> backend = Backend::Open(spec, machine_);
      if (!backend) continue;
      Result<bus::BusChanges> added = AddPort(std::move(*backend));
      if (!added) continue;
      changes.arrived.push_back(
          {.kind = Change::Kind::kPort, .name = ports_.back()->device_name()});
      record(*added);
    }
  }
  AddDeviceChanges(device_changes.added, changes.arrived);
  AddDeviceChanges(device_changes.removed, changes.removed);
  return changes;
}

}  // namespace parclass::system
