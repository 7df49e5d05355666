#include "parclass/conformance/checker.h"

#include "link.h"

namespace parclass::conformance {

std::string_view LinkModeName(LinkMode mode) {
  switch (mode) {
    case LinkMode::kUnknown: return "unknown";
    case LinkMode::kCompatibility: return "compatibility";
    case LinkMode::kNibble: return "nibble";
    case LinkMode::kByte: return "byte";
    case LinkMode::kEcp: return "ECP";
    case LinkMode::kEpp: return "EPP";
  }
  return "invalid mode";
}

ConformanceChecker::ConformanceChecker(LineLevels initial, ConformanceLimits limits, LinkMode start)
    : link_(std::make_unique<internal::Link>(initial, limits, start)) {}

ConformanceChecker::~ConformanceChecker() = default;
ConformanceChecker::ConformanceChecker(ConformanceChecker&&) noexcept = default;
ConformanceChecker& ConformanceChecker::operator=(ConformanceChecker&&) noexcept = default;

void ConformanceChecker::OnChange(Nanoseconds at, Line line, Level level) {
  link_->Stage(at, line, level);
}

void ConformanceChecker::AdvanceTo(Nanoseconds now) { link_->AdvanceTo(now); }

void ConformanceChecker::Finish(Nanoseconds end) { link_->Finish(end); }

const std::vector<Violation>& ConformanceChecker::violations() const { return link_->violations(); }

Phase ConformanceChecker::phase() const { return link_->phase(); }

LinkMode ConformanceChecker::mode() const { return link_->mode(); }

std::optional<NegotiationOutcome> ConformanceChecker::last_negotiation() const {
  return link_->negotiation();
}

std::vector<Violation> CheckChanges(std::span<const LevelChange> changes, LineLevels initial,
                                    Nanoseconds end, ConformanceLimits limits) {
  ConformanceChecker checker(initial, limits);
  for (const LevelChange& change : changes) checker.OnChange(change.at, change.line, change.level);
  checker.Finish(end);
  return checker.violations();
}

}  // namespace parclass::conformance
