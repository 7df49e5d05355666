// The IEEE 1284 conformance checker: from the changes of the cable's lines, in time order, it
// rebuilds the link's mode, phase and IEEE 1284 events, and checks each against the sequences and
// minimum setup, pulse and hold times of the standard (shared spec ieee1284.md sections 4-10, 13).
//
// The input is a plain sequence of (time, line, level) changes, so a trace from the simulator
// (sim_trace.h adapts a sim::Trace) and one from a logic analyser on real hardware are checked
// alike. Changes given with the same time are one instant: they are applied together before any
// rule looks at them, because the standard's events move several lines at once (event 1 is
// nSelectIn high and nAutoFd low together).
//
//   ConformanceChecker checker(initial_levels);                   // all seventeen lines known
//   checker.OnChange(Nanoseconds(1'000), Line::kD0, Level::kHigh);
//   checker.OnChange(Nanoseconds(2'000), Line::kNStrobe, Level::kLow);
//   checker.OnChange(Nanoseconds(3'000), Line::kNStrobe, Level::kHigh);
//   checker.Finish(Nanoseconds(10'000));                          // deadlines due by then fire
//   for (const Violation& violation : checker.violations()) log(violation.Format());
//   checker.mode();                                               // LinkMode::kCompatibility
//
// After a violation that breaks a handshake beyond following (an event of the peripheral before
// the host's event it answers, say), the checker stops judging that mode and waits for the host
// to leave it: nSelectIn low returns the link to compatibility mode (section 5.2).
//
// The checker is an independent judge: it keeps its own LinkMode, its own table of request bytes
// (negotiation.cc) and its own reading of the lines, written from the standard, and deliberately
// shares none of the vocabulary the engine and the simulator speak (base/requests.h's
// Ieee1284Request and LinkMode, base/line_roles.h). A mistake in that vocabulary would otherwise
// be made once and agreed with twice; kept apart, the engine and the peripheral model must both
// agree with a third reading of the standard.

#ifndef PARCLASS_CONFORMANCE_CHECKER_H_
#define PARCLASS_CONFORMANCE_CHECKER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "parclass/base/clock.h"
#include "parclass/base/lines.h"
#include "parclass/base/phase.h"
#include "parclass/conformance/limits.h"
#include "parclass/conformance/violation.h"

namespace parclass::conformance {

namespace internal {
class Link;
}  // namespace internal

// Every line of the cable: what the initial levels must know.
inline constexpr LineSet kAllLines = kDataLines | kStatusLines | kControlLines;

// The transfer mode the link is in, as seen on the cable.
enum class LinkMode : uint8_t {
  kUnknown,        // Not followed: an extensibility link, or after a broken handshake.
  kCompatibility,  // Also during negotiation, until event 6 says otherwise.
  kNibble,
  kByte,
  kEcp,
  kEpp,
};

// "unknown", "compatibility", "nibble", "byte", "ECP", "EPP".
std::string_view LinkModeName(LinkMode mode);

// One change of one line: the checker's input.
struct LevelChange {
  Nanoseconds at;
  Line line;
  Level level;
};

// What the last negotiation agreed (section 4.1), recorded at event 6.
struct NegotiationOutcome {
  Nanoseconds at;   // Event 6.
  uint8_t request;  // The extensibility request byte, as latched at event 3.
  Level xflag;      // Select at event 6.
  bool accepted;    // Per section 4.1: XFlag low for request 0x00, high for the others.
  LinkMode mode;    // The mode the link entered; kCompatibility when rejected.
};

class ConformanceChecker {
 public:
  // `initial` must know all seventeen lines. `start` is the mode the link is in at the start of
  // the trace; a trace that starts mid-session in another mode says so (ECP starts in forward
  // idle, or in reverse idle when nInit and PError are low).
  explicit ConformanceChecker(LineLevels initial, ConformanceLimits limits = {},
                              LinkMode start = LinkMode::kCompatibility);
  ~ConformanceChecker();
  ConformanceChecker(ConformanceChecker&&) noexcept;
  ConformanceChecker& operator=(ConformanceChecker&&) noexcept;

  // `line` is at `level` from `at` on. Times must not decrease: a change earlier than the last
  // one, or not after a time given to AdvanceTo(), is reported (Rule::kTraceTimeOrder) and
  // ignored. Calling this after Finish() is a bug.
  void OnChange(Nanoseconds at, Line line, Level level);
  // Nothing changes up to and including `now`: the instant being gathered is judged, and every
  // deadline that passed before `now` with its event still missing is reported. For a live
  // trace, and for looking at phase() mid-trace. `now` before the last change is a bug.
  void AdvanceTo(Nanoseconds now);
  // The trace ends at `end`: AdvanceTo(end), and no more changes.
  void Finish(Nanoseconds end);

  // In the order found. An instant is judged once a later change, AdvanceTo() or Finish() shows
  // that it has all its changes; the state below is as of the instants judged so far.
  const std::vector<Violation>& violations() const;
  Phase phase() const;
  LinkMode mode() const;
  std::optional<NegotiationOutcome> last_negotiation() const;

 private:
  std::unique_ptr<internal::Link> link_;
};

// Checks a whole sequence of changes, ending at `end`.
std::vector<Violation> CheckChanges(std::span<const LevelChange> changes, LineLevels initial,
                                    Nanoseconds end, ConformanceLimits limits = {});

}  // namespace parclass::conformance

#endif  // PARCLASS_CONFORMANCE_CHECKER_H_
