#include "system.h"

namespace parclass::tools {

Result<BackendSpec> SpecOf(const SystemOptions& options) {
  BackendSpec spec = PARCLASS_TRY(BackendSpec::Parse(options.backend));
  if (options.topology_path.empty()) return spec;
  if (spec.kind != BackendSpec::Kind::kSim) {
    return Error(Errc::kInvalidArgument, "--topology is for the simulator (--backend sim)");
  }
  spec.argument = options.topology_path;
  return spec;
}

Result<std::unique_ptr<System>> StartSystem(const SystemOptions& options) {
  const BackendSpec spec = PARCLASS_TRY(SpecOf(options));
  return System::Open(PARCLASS_TRY(system::Backend::Open(spec)),
                      {.max_daisy_chain_devices = options.max_chain_devices});
}

}  // namespace parclass::tools
