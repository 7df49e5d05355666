// The conformance checker on the simulator's traces: the LineChange events of a sim::Trace as the
// checker's plain (time, line, level) changes, the levels the lines had before the trace, and
// the whole check in one call.
//
//   sim::Scheduler scheduler;
//   sim::Trace trace;
//   sim::Cable cable(scheduler, trace);
//   ... run a transfer ...
//   const LineLevels initial = InitialLevels(trace, cable.levels(kAllLines));
//   for (const Violation& violation : CheckTrace(trace, initial)) {
//     ADD_FAILURE() << violation;
//   }
//
// Levels are as a receiver senses them (sim::SensedLevel): a floating line (z) reads high, a line
// in contention (x) low; a change between two values that sense alike (z to 1) is no change.

#ifndef PARCLASS_CONFORMANCE_SIM_TRACE_H_
#define PARCLASS_CONFORMANCE_SIM_TRACE_H_

#include <optional>
#include <string>
#include <vector>

#include "parclass/base/lines.h"
#include "parclass/conformance/checker.h"
#include "parclass/conformance/limits.h"
#include "parclass/conformance/violation.h"
#include "parclass/sim/cable.h"
#include "parclass/sim/trace.h"

namespace parclass::conformance {

// Which cable's changes to take from a trace: `cable`'s only, or with nullopt all of them (a
// trace with one cable, or hand-made events). With an IEEE 1284.3 chain, the cables between the
// devices record into the host cable's trace: a check of the host's side must name its cable.
using CableFilter = std::optional<sim::CableId>;

// The trace's line changes, in order, with sensed levels.
std::vector<LevelChange> LevelChangesOf(const sim::Trace& trace, CableFilter cable = std::nullopt);

// Each line's level before its first change in the trace (the `from` of that change); a line the
// trace never changes has its level in `now`, which must know every line (the cable's levels at
// the end of the trace: sim::Cable::levels(kAllLines)).
LineLevels InitialLevels(const sim::Trace& trace, LineLevels now, CableFilter cable = std::nullopt);

// Checks the trace's line changes from `initial`; the trace ends at its last event of any kind.
std::vector<Violation> CheckTrace(const sim::Trace& trace, LineLevels initial,
                                  ConformanceLimits limits = {}, CableFilter cable = std::nullopt);

// The whole session on `cable` so far, checked: every violation, one per line; empty if the
// session conforms. What a test asserts at its end. Only `cable`'s changes count.
std::string CheckSession(const sim::Trace& trace, const sim::Cable& cable);

}  // namespace parclass::conformance

#endif  // PARCLASS_CONFORMANCE_SIM_TRACE_H_
