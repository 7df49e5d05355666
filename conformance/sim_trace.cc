#include "parclass/conformance/sim_trace.h"

#include <variant>

#include "parclass/base/assert.h"
#include "parclass/sim/logic.h"

namespace parclass::conformance {

std::vector<LevelChange> LevelChangesOf(const sim::Trace& trace) {
  std::vector<LevelChange> changes;
  for (const sim::TraceEvent& event : trace.events()) {
    const auto* change = std::get_if<sim::LineChange>(&event.what);
    if (change == nullptr) continue;
    const Level level = sim::SensedLevel(change->to);
    if (level == sim::SensedLevel(change->from)) continue;  // z to 1, 0 to x: no receiver sees it.
    changes.push_back({event.at, change->line, level});
  }
  return changes;
}

LineLevels InitialLevels(const sim::Trace& trace, LineLevels now) {
  PARCLASS_ASSERT(now.known().contains(kAllLines), "the levels at the end must know every line");
  LineLevels initial = now;
  LineSet seen;
  for (const sim::TraceEvent& event : trace.events()) {
    const auto* change = std::get_if<sim::LineChange>(&event.what);
    if (change == nullptr || seen.contains(change->line)) continue;
    seen = seen.with(change->line);
    initial = initial.with(change->line, sim::SensedLevel(change->from));
  }
  return initial;
}

std::vector<Violation> CheckTrace(const sim::Trace& trace, LineLevels initial,
                                  ConformanceLimits limits) {
  const std::vector<LevelChange> changes = LevelChangesOf(trace);
  const Nanoseconds end = trace.events().empty() ? Nanoseconds(0) : trace.events().back().at;
  return CheckChanges(changes, initial, end, limits);
}

std::string CheckSession(const sim::Trace& trace, const sim::Cable& cable) {
  std::string text;
  for (const Violation& violation :
       CheckTrace(trace, InitialLevels(trace, cable.levels(kAllLines)))) {
    text += violation.Format() + "\n";
  }
  return text;
}

}  // namespace parclass::conformance
