#include "parclass/conformance/sim_trace.h"

#include <variant>

#include "parclass/base/assert.h"
#include "parclass/sim/logic.h"

namespace parclass::conformance {

namespace {

// The event's line change, if it is one on the cable the filter takes.
const sim::LineChange* ChangeOn(const sim::TraceEvent& event, CableFilter cable) {
  const auto* change = std::get_if<sim::LineChange>(&event.what);
  if (change == nullptr || (cable && change->cable != *cable)) return nullptr;
  return change;
}

}  // namespace

std::vector<LevelChange> LevelChangesOf(const sim::Trace& trace, CableFilter cable) {
  std::vector<LevelChange> changes;
  for (const sim::TraceEvent& event : trace.events()) {
    const sim::LineChange* change = ChangeOn(event, cable);
    if (change == nullptr) continue;
    const Level level = sim::SensedLevel(change->to);
    if (level == sim::SensedLevel(change->from)) continue;  // z to 1, 0 to x: no receiver sees it.
    changes.push_back({event.at, change->line, level});
  }
  return changes;
}

LineLevels InitialLevels(const sim::Trace& trace, LineLevels now, CableFilter cable) {
  PARCLASS_ASSERT(now.known().contains(kAllLines), "the levels at the end must know every line");
  LineLevels initial = now;
  LineSet seen;
  for (const sim::TraceEvent& event : trace.events()) {
    const sim::LineChange* change = ChangeOn(event, cable);
    if (change == nullptr || seen.contains(change->line)) continue;
    seen = seen.with(change->line);
    initial = initial.with(change->line, sim::SensedLevel(change->from));
  }
  return initial;
}

std::vector<Violation> CheckTrace(const sim::Trace& trace, LineLevels initial,
                                  ConformanceLimits limits, CableFilter cable) {
  const std::vector<LevelChange> changes = LevelChangesOf(trace, cable);
  const Nanoseconds end = trace.events().empty() ? Nanoseconds(0) : trace.events().back().at;
  return CheckChanges(changes, initial, end, limits);
}

std::string CheckSession(const sim::Trace& trace, const sim::Cable& cable) {
  std::string text;
  const LineLevels initial = InitialLevels(trace, cable.levels(kAllLines), cable.id());
  for (const Violation& violation : CheckTrace(trace, initial, {}, cable.id())) {
    text += violation.Format() + "\n";
  }
  return text;
}

}  // namespace parclass::conformance
