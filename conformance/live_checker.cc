#include "parclass/conformance/live_checker.h"

#include <fmt/format.h>

#include "parclass/base/assert.h"

namespace parclass::conformance {

LiveChecker::LiveChecker(sim::Cable& cable, ConformanceLimits limits)
    : cable_(cable),
      checker_(cable.levels(kAllLines), limits),
      observer_(cable.Observe(kAllLines, [this](const sim::Delta& delta) { OnLines(delta); })) {}

LiveChecker::~LiveChecker() { cable_.StopObserving(observer_); }

void LiveChecker::OnLines(const sim::Delta& delta) {
  if (finished_) return;
  const Nanoseconds now = cable_.scheduler().Now();
  delta.changed.ForEach([&](Line line) {
    const Level level = delta.after.level(line);
    if (level == delta.before.level(line)) return;  // z to 1, 0 to x: no receiver sees it.
    checker_.OnChange(now, line, level);
    ++changes_;
  });
  CountNegotiation();
}

void LiveChecker::CountNegotiation() {
  // The checker records a negotiation when it judges event 6's instant, at the next change or
  // Finish(): each outcome is counted once, by its time.
  const std::optional<NegotiationOutcome> outcome = checker_.last_negotiation();
  if (!outcome || outcome->at == last_negotiation_) return;
  last_negotiation_ = outcome->at;
  ++negotiations_[outcome->mode];
}

void LiveChecker::Finish(Nanoseconds end) {
  PARCLASS_ASSERT(!finished_, "LiveChecker::Finish called twice");
  checker_.Finish(end);
  CountNegotiation();
  finished_ = true;
}

std::string LiveChecker::Summary() const {
  std::string negotiations;
  for (const auto& [mode, count] : negotiations_) {
    const std::string_view name = mode == LinkMode::kCompatibility ? "refused" : LinkModeName(mode);
    negotiations += fmt::format("{}{} {}", negotiations.empty() ? "" : ", ", name, count);
  }
  return fmt::format("{} line changes; negotiations: {}; {} violations", changes_,
                     negotiations.empty() ? "none" : negotiations, violations().size());
}

}  // namespace parclass::conformance
