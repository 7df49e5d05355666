// The loopback ("wrap plug") diagnostic: drive each output line that a plug wires back, at both
// levels, through the port's registers, and check that its status input follows.
//
//   std::vector<WireResult> results = RunLoopbackTest(io, LoopbackPlug::WiresOf(Wiring::kNorton));
//   for (const WireResult& wire : results) print(wire.from, wire.to, wire.ok());

#ifndef PARCLASS_TOOLS_PARCTL_LOOPBACK_H_
#define PARCLASS_TOOLS_PARCTL_LOOPBACK_H_

#include <span>
#include <vector>

#include "parclass/hw/register_io.h"
#include "parclass/sim/loopback_plug.h"

namespace parclass::tools {

struct WireResult {
  sim::LoopbackPlug::Wire wire;
  Level seen_when_low;   // The status input while the output was driven low.
  Level seen_when_high;  // ... and high.

  bool ok() const { return seen_when_low == Level::kLow && seen_when_high == Level::kHigh; }
};

// Leaves the port forward, with data 0x00 and the control lines idle (DCR 0x04).
std::vector<WireResult> RunLoopbackTest(hw::RegisterIo& io,
                                        std::span<const sim::LoopbackPlug::Wire> wires);

}  // namespace parclass::tools

#endif  // PARCLASS_TOOLS_PARCTL_LOOPBACK_H_
