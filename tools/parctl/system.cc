#include "system.h"

#include <fmt/format.h>

#include "parclass/backends/pci.h"
#include "parclass/sim/topology.h"

namespace parclass::tools {

Result<BackendSpec> BackendSpec::Parse(const std::string& text) {
  if (text == "sim") return BackendSpec{Kind::kSim, ""};
  if (text.starts_with("ppdev:") && text.size() > 6)
    return BackendSpec{Kind::kPpdev, text.substr(6)};
  if (text.starts_with("raw:") && text.size() > 4) return BackendSpec{Kind::kRaw, text.substr(4)};
  return Error(Errc::kInvalidArgument,
               fmt::format("unknown backend '{}'; choose sim, ppdev:/dev/parportN or "
                           "raw:BASE[,ECP_BASE]",
                           text));
}

Result<std::unique_ptr<hw::RegisterIo>> OpenRegisters(const BackendSpec& spec, Clock& clock) {
  switch (spec.kind) {
    case BackendSpec::Kind::kPpdev: {
      std::unique_ptr<hw::RegisterIo> ppdev = PARCLASS_TRY(
          backends::PpdevPort::Open(backends::SystemSyscalls(), clock, {.path = spec.argument}));
      return ppdev;
    }
    case BackendSpec::Kind::kRaw: {
      const backends::RawPortOptions raw = PARCLASS_TRY(backends::ParseRawSpec(spec.argument));
      std::unique_ptr<hw::RegisterIo> io = PARCLASS_TRY(
          backends::RawPortIo::Open(backends::SystemSyscalls(), backends::X86PortBus(), raw));
      return io;
    }
    case BackendSpec::Kind::kSim: break;
  }
  return Error(Errc::kInvalidArgument, "not a real port");
}

Result<std::unique_ptr<System>> System::Start(const SystemOptions& options) {
  const BackendSpec spec = PARCLASS_TRY(BackendSpec::Parse(options.backend));
  if (spec.kind != BackendSpec::Kind::kSim && !options.topology_path.empty()) {
    return Error(Errc::kInvalidArgument, "--topology is for the simulator (--backend sim)");
  }
  auto system = std::make_unique<System>();
  PARCLASS_TRY(system->OpenBackend(options, spec));
  PARCLASS_TRY(system->bus_.AddPort(*system->port_));
  return system;
}

Result<void> System::OpenBackend(const SystemOptions& options, const BackendSpec& spec) {
  switch (spec.kind) {
    case BackendSpec::Kind::kSim: {
      sim::Topology topology = sim::DefaultTopology();
      if (!options.topology_path.empty()) {
        topology = PARCLASS_TRY(sim::LoadTopology(options.topology_path));
      }
      // The addresses are the topology's, as a real port's come from its resources.
      const port::PortConfig config{.base = topology.chip.base,
                                    .ecp_base = topology.chip.ecp_base,
                                    .deadline_watch = port::DeadlineWatch::kOnExpire};
      simulated_ = std::make_unique<sim::SimulatedPort>(std::move(topology));
      port_ = PARCLASS_TRY(port::Port::Start(simulated_->chip(), simulated_->scheduler(), config));
      return {};
    }
    case BackendSpec::Kind::kPpdev: {
      ppdev_ = PARCLASS_TRY(
          backends::PpdevPort::Open(backends::SystemSyscalls(), steady_, {.path = spec.argument}));
      // ppdev reaches no ECP block, and its EPP cycles are the kernel's: the kernel's word
      // decides both, and its loops run them.
      const backends::KernelModes modes = ppdev_->kernel_modes();
      port_ = PARCLASS_TRY(
          port::Port::Start(*ppdev_, steady_,
                            {.detect = {.probe_ecr = false,
                                        .os_report =
                                            port::DetectOptions::OsReport{
                                                .by = "the kernel (PPGETMODES)",
                                                .epp = modes.has(backends::KernelModes::kEpp),
                                                .ecp = modes.has(backends::KernelModes::kEcp)}},
                             .kernel_link = ppdev_.get()}));
      return {};
    }
    case BackendSpec::Kind::kRaw: {
      const backends::RawPortOptions raw = PARCLASS_TRY(backends::ParseRawSpec(spec.argument));
      raw_ = PARCLASS_TRY(
          backends::RawPortIo::Open(backends::SystemSyscalls(), backends::X86PortBus(), raw));
      // Without an ECP block (a PCI card with one I/O BAR) there is nothing to probe.
      const std::optional<uint16_t> ecp_base = raw_->ecp_base();
      port_ = PARCLASS_TRY(port::Port::Start(*raw_, steady_,
                                             {.base = raw_->base(),
                                              .ecp_base = ecp_base.value_or(0),
                                              .detect = {.probe_ecr = ecp_base.has_value()}}));
      return {};
    }
  }
  return Error(Errc::kInvalidArgument, "unknown backend");
}

std::string System::Describe() const {
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

Result<bus::Device*> System::Find(const std::string& name) {
  bus::Device* device = bus_.Find(name);
  if (device != nullptr) return device;
  std::vector<std::string> names;
  for (const bus::Device* present : bus_.devices()) names.push_back(present->location());
  return Error(Errc::kNoSuchDevice,
               fmt::format("no device '{}'; there are {}", name, fmt::join(names, ", ")));
}

sim::Ieee1284Peripheral* System::SimulatedPeripheral(const bus::Device& device) {
  if (!simulated_) return nullptr;
  if (device.kind() != bus::DeviceKind::kDaisyChain) return simulated_->printer();
  // Addresses go to the chain's devices in order, nearest the port first (IEEE 1284.3).
  if (device.id() >= simulated_->chain_length()) return nullptr;
  return &simulated_->chain_function(device.id());
}

}  // namespace parclass::tools
