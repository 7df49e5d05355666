// Inside the conformance checker: the link being followed, the instants it is fed, and the rules
// of each mode as state machines (one file each: compatibility.cc, negotiation.cc,
// termination.cc, reverse.cc for nibble and byte modes, ecp.cc, epp.cc).
//
// The Link applies one instant at a time: it fires the deadlines that passed before it, checks
// the hold window a compatibility strobe left open, then hands the instant to the current mode's
// rules. Rules report violations and start timers through the Link, and move the link to
// another mode's rules with Enter(), which takes effect once the instant is done.
//
//   void NibbleRules::OnInstant(const Instant& now, Link& link) {
//     if (now.Fell(Line::kNAck)) {                          // Event 9.
//       link.StopTimer(TimerSlot::kResponse);
//       ...
//     }
//   }

#ifndef PARCLASS_CONFORMANCE_LINK_H_
#define PARCLASS_CONFORMANCE_LINK_H_

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parclass/base/assert.h"
#include "parclass/base/clock.h"
#include "parclass/base/lines.h"
#include "parclass/base/phase.h"
#include "parclass/conformance/checker.h"
#include "parclass/conformance/limits.h"
#include "parclass/conformance/violation.h"

namespace parclass::conformance::internal {

// Every change at one time, applied together.
struct Instant {
  Nanoseconds at;
  LineLevels before;  // All seventeen lines.
  LineLevels after;
  LineSet changed;  // The lines whose level differs.

  bool High(Line line) const { return after.level(line) == Level::kHigh; }
  bool Low(Line line) const { return !High(line); }
  bool WasHigh(Line line) const { return before.level(line) == Level::kHigh; }
  bool WasLow(Line line) const { return !WasHigh(line); }
  bool Rose(Line line) const { return changed.contains(line) && High(line); }
  bool Fell(Line line) const { return changed.contains(line) && Low(line); }
  bool Changed(LineSet lines) const { return !(changed & lines).empty(); }
  // Low before and after: the instant falls inside a low pulse of `line`, not on its edges.
  bool StayedLow(Line line) const { return WasLow(line) && Low(line); }
  bool StayedHigh(Line line) const { return WasHigh(line) && High(line); }
  // D0-D7 after the instant.
  uint8_t data() const;
};

// D0-D7 of levels that know them.
uint8_t DataByte(const LineLevels& levels);
// "D0, D3" or "nAck": the lines of `lines` that changed in `now`.
std::string ChangedNames(const Instant& now, LineSet lines);
// "1.500 us", "35.000 ms".
std::string FormatDuration(Nanoseconds duration);

class Link;

// The rules of one mode, or of negotiation or termination: a state machine fed one instant at a
// time. Begin() runs when the link enters them, with the link's timers all stopped; then they see
// the instant in which they were entered, since its other changes may be the next events.
//
// Several events may happen at one instant (a simulated peripheral answers in the next delta
// cycle, at the same time): rules with several steps run AdvanceThrough(), which lets each step
// look at the instant until none moves the handshake on.
class ModeRules {
 public:
  virtual ~ModeRules() = default;
  virtual LinkMode mode() const = 0;
  virtual void Begin(Link& link) = 0;
  virtual void OnInstant(const Instant& now, Link& link) = 0;
};

// The rules of each mode, constructed where the mode begins.
std::unique_ptr<ModeRules> CompatibilityRules();
std::unique_ptr<ModeRules> NegotiationRules(const Instant& event1);
std::unique_ptr<ModeRules> RejectedRules(uint8_t request);
// `xflag` is XFlag at event 6 of the negotiation being ended, if the trace saw it.
std::unique_ptr<ModeRules> TerminationRules(Nanoseconds event22, LinkMode from,
                                            std::optional<Level> xflag);
std::unique_ptr<ModeRules> NibbleRules();
std::unique_ptr<ModeRules> ByteRules();
// ECP from the setup phase (after negotiation), or from forward or reverse idle.
enum class EcpStart : uint8_t { kSetup, kForwardIdle, kReverseIdle };
std::unique_ptr<ModeRules> EcpRules(EcpStart start);
std::unique_ptr<ModeRules> EppRules();
// The rules of `mode`, the one table of both the negotiation's outcome and a trace's start; ECP's
// from `ecp_start`.
std::unique_ptr<ModeRules> RulesFor(LinkMode mode, EcpStart ecp_start);
// Follows nothing until nSelectIn is low, then enters compatibility mode.
std::unique_ptr<ModeRules> UnknownRules();

// Runs `step(now)` while it moves `state` on and the rules are not being left: the events of a
// handshake that happen at one instant, in order.
template <typename State, typename StepFunction>
void AdvanceThrough(const State& state, const Link& link, StepFunction&& step);

// nSelectIn fell in a 1284 mode: event 22 (nAutoFd high) begins the termination handshake; with
// nAutoFd low it is an immediate termination (section 5.2), legal, back to compatibility at once.
void Terminate(const Instant& now, Link& link, LinkMode from);

// The timers a rule may run at once: the wait for a peripheral's answer, and a pulse's limit.
enum class TimerSlot : uint8_t { kResponse, kPulse };

class Link {
 public:
  Link(LineLevels initial, ConformanceLimits limits, LinkMode start);
  ~Link();
  Link(const Link&) = delete;
  Link& operator=(const Link&) = delete;

  // The checker's input.
  void Stage(Nanoseconds at, Line line, Level level);
  void AdvanceTo(Nanoseconds now);
  void Finish(Nanoseconds end);

  const ConformanceLimits& limits() const { return limits_; }
  const std::vector<Violation>& violations() const { return violations_; }
  Phase phase() const { return phase_; }
  void set_phase(Phase phase) { phase_ = phase; }
  LinkMode mode() const;
  // The levels after the instant being judged.
  const LineLevels& levels() const { return levels_; }
  const std::optional<NegotiationOutcome>& negotiation() const { return negotiation_; }
  void set_negotiation(NegotiationOutcome outcome) { negotiation_ = outcome; }
  // XFlag at event 6 of the current 1284 session; none before event 6 or without a negotiation.
  std::optional<Level> xflag() const { return xflag_; }
  void set_xflag(std::optional<Level> xflag) { xflag_ = xflag; }

  // Records a violation at the instant, with the lines after it, in the current phase.
  void Report(const Instant& now, Rule rule, std::optional<int> event, std::string detail);
  // Reports `rule` if `measured` is below `minimum`. `what` names the measurement, with {} where
  // its value goes: "nStrobe was low {} from event 3".
  void CheckMinimum(const Instant& now, Nanoseconds measured, Nanoseconds minimum, Rule rule,
                    std::optional<int> event, std::string_view what);

  // How long `lines` had been stable when `now` began: zero if they change in it; max() if they
  // never changed since the trace began.
  Nanoseconds StableFor(const Instant& now, LineSet lines) const;

  // Reports `rule` at `deadline` unless stopped before an instant after it.
  void StartTimer(TimerSlot slot, Nanoseconds deadline, Rule rule, std::optional<int> event,
                  std::string detail);
  // The peripheral's `event` (described by `what`) must come within tL of `since`.
  void AwaitPeripheral(Nanoseconds since, Rule rule, int event, std::string_view what);
  void StopTimer(TimerSlot slot) { timers_[Index(slot)].reset(); }
  // Whether the timer's deadline passed (and was reported) while it ran.
  bool Expired(TimerSlot slot) const;

  // A change of `lines` before `until` breaks `rule`: the window `edge` ("nStrobe rose") opened at
  // `since`. It outlives the rules that opened it, so that a compatibility strobe's hold time is
  // also kept by the request byte of a negotiation that follows at once.
  void HoldStable(LineSet lines, Nanoseconds since, Nanoseconds until, Rule rule,
                  std::string_view edge);

  // Leaves the current rules for `next`, which then see the rest of this instant.
  void Enter(std::unique_ptr<ModeRules> next);
  // Whether the current rules are being left.
  bool leaving() const { return next_rules_ != nullptr; }

 private:
  struct Timer {
    Nanoseconds deadline;
    Rule rule;
    std::optional<int> event;
    std::string detail;
    bool expired = false;
  };
  struct HoldWindow {
    LineSet lines;
    Nanoseconds since;
    Nanoseconds until;
    Rule rule;
    std::string_view edge;
  };

  // Rules entered within one instant, at most: more means rules that hand over in a circle.
  static constexpr int kMaxHandovers = 8;

  static size_t Index(TimerSlot slot) { return static_cast<size_t>(slot); }
  void Flush();
  void Judge(const Instant& now);
  void ExpireTimersBefore(Nanoseconds at);
  void CheckHold(const Instant& now);
  void SwitchRules();

  ConformanceLimits limits_;
  LineLevels levels_;  // After the last applied instant.
  LineLevels staged_;  // levels_ with the changes of the instant being gathered.
  std::optional<Nanoseconds> staged_at_;
  Nanoseconds last_at_{Nanoseconds::min()};  // The latest change given.
  std::optional<Nanoseconds> advanced_to_;   // No change may come at or before this.
  bool finished_ = false;
  std::array<std::optional<Nanoseconds>, static_cast<size_t>(kLastLine) + 1> last_change_;

  Phase phase_ = Phase::kForwardIdle;
  std::unique_ptr<ModeRules> rules_;
  std::unique_ptr<ModeRules> next_rules_;
  std::array<std::optional<Timer>, 2> timers_;
  std::optional<HoldWindow> hold_;
  std::optional<NegotiationOutcome> negotiation_;
  std::optional<Level> xflag_;
  std::vector<Violation> violations_;
};

template <typename State, typename StepFunction>
void AdvanceThrough(const State& state, const Link& link, StepFunction&& step) {
  constexpr int kMaxEventsPerInstant = 16;  // A handshake has fewer; more would be a loop.
  for (int events = 0; events < kMaxEventsPerInstant; ++events) {
    const State before = state;
    step();
    if (state == before || link.leaving()) return;
  }
  PARCLASS_ASSERT(false, "a handshake's steps go round in circles within one instant");
}

}  // namespace parclass::conformance::internal

#endif  // PARCLASS_CONFORMANCE_LINK_H_
