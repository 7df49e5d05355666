#include "system.h"

#include <fmt/format.h>

#include "parclass/sim/topology.h"

namespace parclass::tools {

Result<std::unique_ptr<System>> System::Start(const SystemOptions& options) {
  sim::Topology topology = sim::DefaultTopology();
  if (!options.topology_path.empty()) {
    topology = PARCLASS_TRY(sim::LoadTopology(options.topology_path));
  }
  auto system = std::make_unique<System>();
  system->simulated_ = std::make_unique<sim::SimulatedPort>(std::move(topology));
  system->port_ =
      PARCLASS_TRY(port::Port::Start(system->simulated_->chip(), system->simulated_->scheduler(),
                                     {.deadline_watch = port::DeadlineWatch::kOnExpire}));
  PARCLASS_TRY(system->bus_.AddPort(*system->port_));
  return system;
}

std::string System::Describe() const {
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

}  // namespace parclass::tools
