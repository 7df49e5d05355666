// The link the checker follows: gathering changes into instants, timers and the hold window, and
// the switch between the rules of one mode and the next.

#include "link.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "parclass/base/assert.h"

namespace parclass::conformance::internal {
namespace {

// Where ECP starts on a trace that starts in ECP: nReverseRequest (nInit) and nAckReverse
// (PError) low say events 39 and 40 have happened.
EcpStart EcpStartOf(const LineLevels& initial) {
  const bool reverse =
      initial.level(Line::kNInit) == Level::kLow && initial.level(Line::kPError) == Level::kLow;
  return reverse ? EcpStart::kReverseIdle : EcpStart::kForwardIdle;
}

}  // namespace

std::unique_ptr<ModeRules> RulesFor(LinkMode mode, EcpStart ecp_start) {
  switch (mode) {
    case LinkMode::kCompatibility: return CompatibilityRules();
    case LinkMode::kNibble: return NibbleRules();
    case LinkMode::kByte: return ByteRules();
    case LinkMode::kEcp: return EcpRules(ecp_start);
    case LinkMode::kEpp: return EppRules();
    case LinkMode::kUnknown: break;
  }
  return UnknownRules();
}

uint8_t DataByte(const LineLevels& levels) {
  uint8_t byte = 0;
  for (int bit = 0; bit < 8; ++bit) {
    if (levels.level(DataLine(bit)) == Level::kHigh) byte |= 1U << bit;
  }
  return byte;
}

uint8_t Instant::data() const { return DataByte(after); }

std::string ChangedNames(const Instant& now, LineSet lines) {
  return (now.changed & lines).Describe();
}

std::string FormatDuration(Nanoseconds duration) {
  const auto ns = static_cast<double>(duration.count());
  if (duration >= std::chrono::milliseconds(1)) return fmt::format("{:.3f} ms", ns / 1e6);
  return fmt::format("{:.3f} us", ns / 1e3);
}

void Link::CheckMinimum(const Instant& now, Nanoseconds measured, Nanoseconds minimum, Rule rule,
                        std::optional<int> event, std::string_view what) {
  if (measured >= minimum) return;
  Report(now, rule, event,
         fmt::format("{}; the minimum is {}",
                     fmt::format(fmt::runtime(what), FormatDuration(measured)),
                     FormatDuration(minimum)));
}

Link::Link(LineLevels initial, ConformanceLimits limits, LinkMode start)
    : limits_(limits), levels_(initial), staged_(initial) {
  PARCLASS_ASSERT(initial.known().contains(kAllLines),
                  "the initial levels must know all seventeen lines");
  rules_ = RulesFor(start, EcpStartOf(initial));
  rules_->Begin(*this);
  while (next_rules_) SwitchRules();  // Unknown rules may hand over to compatibility mode.
}

Link::~Link() = default;

LinkMode Link::mode() const { return rules_->mode(); }

void Link::Stage(Nanoseconds at, Line line, Level level) {
  PARCLASS_ASSERT(!finished_, "a change after Finish()");
  const Nanoseconds latest = advanced_to_ ? std::max(last_at_, *advanced_to_) : last_at_;
  if (at < last_at_ || (advanced_to_ && at <= *advanced_to_)) {
    violations_.push_back({at, phase_, std::nullopt, Rule::kTraceTimeOrder,
                           fmt::format("{} changed at {}, not after {}; the change is ignored",
                                       LineName(line), FormatDuration(at), FormatDuration(latest)),
                           staged_});
    return;
  }
  if (staged_at_ && at > *staged_at_) Flush();
  last_at_ = at;
  staged_at_ = at;
  staged_ = staged_.with(line, level);
}

void Link::AdvanceTo(Nanoseconds now) {
  PARCLASS_ASSERT(!finished_, "AdvanceTo() after Finish()");
  PARCLASS_ASSERT(now >= last_at_, "AdvanceTo() a time before the last change");
  Flush();
  ExpireTimersBefore(now);
  advanced_to_ = now;
}

void Link::Finish(Nanoseconds end) {
  AdvanceTo(end);
  finished_ = true;
}

void Link::Flush() {
  if (!staged_at_) return;
  Instant now{*staged_at_, levels_, staged_, {}};
  kAllLines.ForEach([&](Line line) {
    if (levels_.level(line) != staged_.level(line)) now.changed = now.changed.with(line);
  });
  staged_at_.reset();
  // A line that went and came back within one instant did not change: a glitch no receiver saw.
  if (now.changed.empty()) return;
  ExpireTimersBefore(now.at);  // With the levels they expired in.
  levels_ = staged_;
  CheckHold(now);
  Judge(now);
  now.changed.ForEach([&](Line line) { last_change_[static_cast<size_t>(line)] = now.at; });
}

void Link::Judge(const Instant& now) {
  rules_->OnInstant(now, *this);
  // Rules entered during an instant see it too: a peripheral model that answers in the next
  // delta cycle answers at the same instant (event 24 with event 22, say).
  for (int handovers = 1; next_rules_; ++handovers) {
    PARCLASS_ASSERT(handovers <= kMaxHandovers, "rules hand over endlessly within one instant");
    SwitchRules();
    rules_->OnInstant(now, *this);
  }
}

void Link::SwitchRules() {
  rules_ = std::move(next_rules_);
  for (std::optional<Timer>& timer : timers_) timer.reset();
  rules_->Begin(*this);
}

void Link::Enter(std::unique_ptr<ModeRules> next) { next_rules_ = std::move(next); }

void Link::Report(const Instant& now, Rule rule, std::optional<int> event, std::string detail) {
  violations_.push_back({now.at, phase_, event, rule, std::move(detail), now.after});
}

Nanoseconds Link::StableFor(const Instant& now, LineSet lines) const {
  if (now.Changed(lines)) return Nanoseconds(0);
  std::optional<Nanoseconds> last;
  lines.ForEach([&](Line line) {
    const std::optional<Nanoseconds>& change = last_change_[static_cast<size_t>(line)];
    if (change && (!last || *change > *last)) last = change;
  });
  return last ? now.at - *last : Nanoseconds::max();
}

void Link::StartTimer(TimerSlot slot, Nanoseconds deadline, Rule rule, std::optional<int> event,
                      std::string detail) {
  timers_[Index(slot)] = Timer{deadline, rule, event, std::move(detail)};
}

void Link::AwaitPeripheral(Nanoseconds since, Rule rule, int event, std::string_view what) {
  const Nanoseconds limit = limits_.peripheral_response_limit;
  StartTimer(
      TimerSlot::kResponse, since + limit, rule, event,
      fmt::format("event {} ({}) did not come within tL ({})", event, what, FormatDuration(limit)));
}

bool Link::Expired(TimerSlot slot) const {
  const std::optional<Timer>& timer = timers_[Index(slot)];
  return timer && timer->expired;
}

void Link::ExpireTimersBefore(Nanoseconds at) {
  for (std::optional<Timer>& timer : timers_) {
    if (!timer || timer->expired || timer->deadline >= at) continue;
    timer->expired = true;
    violations_.push_back(
        {timer->deadline, phase_, timer->event, timer->rule, timer->detail, levels_});
  }
}

void Link::HoldStable(LineSet lines, Nanoseconds since, Nanoseconds until, Rule rule,
                      std::string_view edge) {
  hold_ = HoldWindow{lines, since, until, rule, edge};
}

void Link::CheckHold(const Instant& now) {
  if (!hold_) return;
  if (now.at >= hold_->until) {
    hold_.reset();
    return;
  }
  if (!now.Changed(hold_->lines)) return;
  Report(now, hold_->rule, std::nullopt,
         fmt::format("{} changed {} after {}; the hold time is {}", ChangedNames(now, hold_->lines),
                     FormatDuration(now.at - hold_->since), hold_->edge,
                     FormatDuration(hold_->until - hold_->since)));
  hold_.reset();
}

}  // namespace parclass::conformance::internal
