// Hand-made traces for the conformance tests: line changes at explicit times, fed straight to a
// ConformanceChecker, and the conforming handshakes (negotiation, termination) that the tests of
// each mode start from. Every helper says at which times it changes which lines, so a test can
// place its violation exactly.

#ifndef PARCLASS_CONFORMANCE_TEST_TRACE_BUILDER_H_
#define PARCLASS_CONFORMANCE_TEST_TRACE_BUILDER_H_

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "parclass/base/lines.h"
#include "parclass/conformance/checker.h"

namespace parclass::conformance {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;

inline constexpr Level kL = Level::kLow;
inline constexpr Level kH = Level::kHigh;

// Compatibility forward idle with a ready printer: data 0x00; nStrobe, nAutoFd, nInit high,
// nSelectIn low; nAck high, Busy low, PError low, Select high, nFault high.
inline LineLevels IdleLevels() {
  LineLevels levels;
  kDataLines.ForEach([&](Line line) { levels = levels.with(line, kL); });
  return levels.with(Line::kNStrobe, kH)
      .with(Line::kNAutoFd, kH)
      .with(Line::kNInit, kH)
      .with(Line::kNSelectIn, kL)
      .with(Line::kNAck, kH)
      .with(Line::kBusy, kL)
      .with(Line::kPError, kL)
      .with(Line::kSelect, kH)
      .with(Line::kNFault, kH);
}

// Each line to its level, all at `at`.
inline void Set(ConformanceChecker& checker, Nanoseconds at,
                std::initializer_list<std::pair<Line, Level>> changes) {
  for (const auto& [line, level] : changes) checker.OnChange(at, line, level);
}

// D0-D7 to `byte` at `at` (lines already at their level are given too, and change nothing).
inline void SetData(ConformanceChecker& checker, Nanoseconds at, uint8_t byte) {
  for (int bit = 0; bit < 8; ++bit) {
    checker.OnChange(at, DataLine(bit), LevelOf(((byte >> bit) & 1) != 0));
  }
}

// A conforming negotiation for `request` from `at`, one event per microsecond:
//   at          event 0: request byte on D0-D7
//   at + 1 us   event 1: nSelectIn high, nAutoFd low
//   at + 2 us   event 2: PError, Select, nFault high, nAck low
//   at + 3 us   event 3: nStrobe low
//   at + 4 us   event 4: nStrobe, nAutoFd high
//   at + 5 us   event 5: Select = xflag, and `event5` (the mode's status lines)
//   at + 6 us   event 6: nAck high
// Returns the time of event 6.
inline Nanoseconds Negotiate(ConformanceChecker& checker, Nanoseconds at, uint8_t request,
                             Level xflag,
                             std::initializer_list<std::pair<Line, Level>> event5 = {}) {
  SetData(checker, at, request);
  Set(checker, at + microseconds(1), {{Line::kNSelectIn, kH}, {Line::kNAutoFd, kL}});
  Set(checker, at + microseconds(2),
      {{Line::kPError, kH}, {Line::kSelect, kH}, {Line::kNFault, kH}, {Line::kNAck, kL}});
  Set(checker, at + microseconds(3), {{Line::kNStrobe, kL}});
  Set(checker, at + microseconds(4), {{Line::kNStrobe, kH}, {Line::kNAutoFd, kH}});
  checker.OnChange(at + microseconds(5), Line::kSelect, xflag);
  Set(checker, at + microseconds(5), event5);
  Set(checker, at + microseconds(6), {{Line::kNAck, kH}});
  return at + microseconds(6);
}

// A conforming handshake termination from `at`, one event per microsecond, for a link whose
// XFlag was `xflag` at event 6:
//   at          event 22: nSelectIn low, nAutoFd high
//   at + 1 us   events 23-24: Busy, nFault high, XFlag inverted, nAck low
//   at + 2 us   event 25: nAutoFd low
//   at + 3 us   events 26-27: nAck high, compatibility status (Busy low, PError low, Select high)
//   at + 4 us   event 28: nAutoFd high
// Returns the time of event 28.
inline Nanoseconds Terminate(ConformanceChecker& checker, Nanoseconds at, Level xflag) {
  Set(checker, at, {{Line::kNSelectIn, kL}, {Line::kNAutoFd, kH}});
  Set(checker, at + microseconds(1),
      {{Line::kBusy, kH}, {Line::kNFault, kH}, {Line::kSelect, Invert(xflag)}, {Line::kNAck, kL}});
  Set(checker, at + microseconds(2), {{Line::kNAutoFd, kL}});
  Set(checker, at + microseconds(3),
      {{Line::kNAck, kH}, {Line::kBusy, kL}, {Line::kPError, kL}, {Line::kSelect, kH}});
  Set(checker, at + microseconds(4), {{Line::kNAutoFd, kH}});
  return at + microseconds(4);
}

// All violations, one per line, for failure messages.
inline std::string Describe(const std::vector<Violation>& violations) {
  std::string text;
  for (const Violation& violation : violations) text += violation.Format() + "\n";
  return text.empty() ? "no violations" : text;
}

// Passes if the checker found no violation at all.
inline ::testing::AssertionResult Conforms(const ConformanceChecker& checker) {
  if (checker.violations().empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << Describe(checker.violations());
}

// Passes if the checker found exactly one violation, of `rule` at `event` and time `at`.
inline ::testing::AssertionResult FoundOnly(const ConformanceChecker& checker, Rule rule,
                                            std::optional<int> event, Nanoseconds at) {
  const std::vector<Violation>& found = checker.violations();
  if (found.size() == 1 && found[0].rule == rule && found[0].event == event && found[0].at == at) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "expected only " << RuleName(rule) << " at event "
         << (event ? std::to_string(*event) : "none") << ", " << at.count() << " ns; found:\n"
         << Describe(found);
}

}  // namespace parclass::conformance

#endif  // PARCLASS_CONFORMANCE_TEST_TRACE_BUILDER_H_
