#include "system.h"

#include <fmt/format.h>

namespace parclass::tools {

Result<std::string> SpecOf(const SystemOptions& options) {
  if (options.backends.empty()) {
    return options.topology_path.empty() ? std::string("sim") : "sim:" + options.topology_path;
  }
  const std::string spec = fmt::format("{}", fmt::join(options.backends, ";"));
  if (options.topology_path.empty()) return spec;
  if (options.backends.size() != 1 || options.backends.front() != "sim") {
    return Error(Errc::kInvalidArgument,
                 "--topology is for one simulated port (--backend sim); name several topologies "
                 "as --backend sim:FILE");
  }
  return "sim:" + options.topology_path;
}

Result<system::SystemPort*> SelectedPort(const System& system, const SystemOptions& options) {
  if (options.port.empty()) return system.ports().front();
  return system.FindPort(options.port);
}

Result<std::unique_ptr<System>> StartSystem(const SystemOptions& options) {
  return System::Open(PARCLASS_TRY(SpecOf(options)),
                      {.max_daisy_chain_devices = options.max_chain_devices});
}

}  // namespace parclass::tools
