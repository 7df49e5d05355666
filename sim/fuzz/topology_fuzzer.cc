// Fuzz target: topology files (docs/topology.md), which users write and parctl, the C API and the
// preload library read. Any text either parses into a topology the simulator can build, or is
// refused with kInvalidArgument; a parsed one is built and its virtual time run, so that the
// faults and events it schedules fire.
//
// Input: the JSON text. Seeds (topology_corpus/): the files of topologies/ and a few edge cases.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parclass/base/assert.h"
#include "parclass/sim/simulated_port.h"
#include "parclass/sim/topology.h"

namespace parclass::sim {
namespace {

// Long enough for the early faults and the peripherals' first events.
constexpr Nanoseconds kRunFor = std::chrono::milliseconds(1);

void Fuzz(std::string_view text) {
  Result<Topology> topology = ParseTopology(text);
  if (!topology) {
    PARCLASS_ASSERT(topology.error().code() == Errc::kInvalidArgument,
                    "a topology is refused as an invalid argument");
    return;
  }
  SimulatedPort port(*std::move(topology));
  port.scheduler().RunUntil(port.scheduler().Now() + kRunFor);
}

}  // namespace
}  // namespace parclass::sim

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  parclass::sim::Fuzz({reinterpret_cast<const char*>(data), size});
  return 0;
}
