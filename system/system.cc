#include "parclass/system/system.h"

#include <fmt/format.h>

#include <utility>
#include <vector>

#include "parclass/backends/pci.h"

namespace parclass::system {
namespace {

constexpr std::string_view kSimPrefix = "sim:";
constexpr std::string_view kPpdevPrefix = "ppdev:";
constexpr std::string_view kRawPrefix = "raw:";

// "ppdev:PATH" gives PATH; a prefix with nothing after it is no spec.
std::optional<std::string> After(std::string_view text, std::string_view prefix) {
  if (!text.starts_with(prefix) || text.size() == prefix.size()) return std::nullopt;
  return std::string(text.substr(prefix.size()));
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

Result<sim::Topology> TopologyOf(const BackendSpec& spec) {
  if (spec.kind != BackendSpec::Kind::kSim) {
    return Error(Errc::kInvalidArgument,
                 fmt::format("'{}' is a real port, not a simulated topology", spec.Format()));
  }
  if (spec.argument.empty()) return sim::DefaultTopology();
  return sim::LoadTopology(spec.argument);
}

Result<std::unique_ptr<Backend>> Backend::Open(const BackendSpec& spec) {
  std::unique_ptr<Backend> backend(new Backend());
  switch (spec.kind) {
    case BackendSpec::Kind::kSim: return Simulated(PARCLASS_TRY(TopologyOf(spec)));
    case BackendSpec::Kind::kPpdev:
      backend->ppdev_ = PARCLASS_TRY(backends::PpdevPort::Open(
          backends::SystemSyscalls(), backend->steady_, {.path = spec.argument}));
      return backend;
    case BackendSpec::Kind::kRaw: {
      const backends::RawPortOptions raw = PARCLASS_TRY(backends::ParseRawSpec(spec.argument));
      backend->raw_ = PARCLASS_TRY(
          backends::RawPortIo::Open(backends::SystemSyscalls(), backends::X86PortBus(), raw));
      return backend;
    }
  }
  return Error(Errc::kInvalidArgument, "unknown backend");
}

std::unique_ptr<Backend> Backend::Simulated(sim::Topology topology) {
  std::unique_ptr<Backend> backend(new Backend());
  backend->simulated_ = std::make_unique<sim::SimulatedPort>(std::move(topology));
  return backend;
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

port::PortConfig Backend::MakePortConfig(const PortOptions& options) const {
  port::PortConfig config{.name = options.name,
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

Result<std::unique_ptr<System>> System::Open(std::string_view spec, const PortOptions& options) {
  const BackendSpec parsed = PARCLASS_TRY(BackendSpec::Parse(spec));
  return Open(PARCLASS_TRY(Backend::Open(parsed)), options);
}

Result<std::unique_ptr<System>> System::Open(std::unique_ptr<Backend> backend,
                                             const PortOptions& options) {
  std::unique_ptr<System> system(new System(std::move(backend)));
  Backend& opened = *system->backend_;
  system->port_ =
      PARCLASS_TRY(port::Port::Start(opened.io(), opened.clock(), opened.MakePortConfig(options)));
  // Only a system whose clients may connect routines has interrupts delivered: without
  // EnableConnectInterruptIoctl nobody could take them, and ppdev would keep a thread for nothing.
  sim::SimulatedPort* simulated = opened.simulated();
  backends::PpdevPort* ppdev = opened.ppdev();
  if (options.enable_connect_interrupt && simulated != nullptr) {
    system->interrupts_ = InterruptSource::Simulated(*simulated, *system->port_);
  } else if (options.enable_connect_interrupt && ppdev != nullptr) {
    system->interrupts_ = PARCLASS_TRY(InterruptSource::Ppdev(*ppdev, *system->port_));
  }
  PARCLASS_TRY(system->bus_.AddPort(*system->port_));
  return system;
}

System::~System() = default;

Result<bus::Device*> System::Find(std::string_view name) {
  bus::Device* device = bus_.Find(name);
  if (device != nullptr) return device;
  std::vector<std::string> names;
  for (const bus::Device* present : bus_.devices()) names.push_back(present->location());
  return Error(Errc::kNoSuchDevice,
               fmt::format("no device '{}'; there are {}", name, fmt::join(names, ", ")));
}

sim::Ieee1284Peripheral* System::SimulatedPeripheral(const bus::Device& device) {
  sim::SimulatedPort* simulated = backend_->simulated();
  if (simulated == nullptr) return nullptr;
  if (device.kind() != bus::DeviceKind::kDaisyChain) return simulated->printer();
  // Addresses go to the chain's devices in order, nearest the port first (IEEE 1284.3).
  if (device.id() >= simulated->chain_length()) return nullptr;
  return &simulated->chain_function(device.id());
}

}  // namespace parclass::system
