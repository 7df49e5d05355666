#include "parclass/base/wait.h"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "parclass/base/testing/result_matchers.h"

namespace parclass {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

TEST(WaitForTest, ConditionAlreadyTrueReturnsAtOnce) {
  VirtualClock clock;
  int evaluations = 0;
  EXPECT_OK(WaitFor(clock, Deadline::After(clock, milliseconds(35)), [&] {
    ++evaluations;
    return true;
  }));
  EXPECT_EQ(evaluations, 1);
  EXPECT_EQ(clock.Now(), Nanoseconds(0));
}

// On virtual time the wait ends at the first poll after the condition becomes true: polls are
// 5 us apart during the fast phase.
TEST(WaitForTest, FastPhaseSeesAnEventWithinOnePollInterval) {
  VirtualClock clock;
  const Nanoseconds event_at = microseconds(42);
  EXPECT_OK(WaitFor(clock, Deadline::After(clock, milliseconds(35)),
                    [&] { return clock.Now() >= event_at; }));
  EXPECT_EQ(clock.Now(), microseconds(45));
}

TEST(WaitForTest, SlowPhasePollsAtTheSlowInterval) {
  VirtualClock clock;
  const PollPolicy policy;
  const Nanoseconds event_at = milliseconds(3) + microseconds(1);
  EXPECT_OK(WaitFor(
      clock, Deadline::After(clock, milliseconds(35)), [&] { return clock.Now() >= event_at; },
      policy));
  // Fast polls to 500 us, then 1 ms steps: 1.5, 2.5, 3.5 ms.
  EXPECT_EQ(clock.Now(), microseconds(3'500));
}

TEST(WaitForTest, TimesOutExactlyAtTheDeadline) {
  VirtualClock clock(microseconds(100));
  int evaluations = 0;
  Result<void> waited = WaitFor(clock, Deadline::After(clock, milliseconds(35)), [&] {
    ++evaluations;
    return false;
  });
  EXPECT_ERRC(waited, Errc::kTimeout);
  EXPECT_EQ(clock.Now(), microseconds(100) + milliseconds(35));
  // 100 fast polls (500 us / 5 us), then 35 slow ones, and the last one at the deadline itself.
  EXPECT_EQ(evaluations, 1 + 100 + 35);
}

TEST(WaitForTest, ConditionTrueAtTheDeadlineIsNotATimeout) {
  VirtualClock clock;
  const Deadline deadline = Deadline::After(clock, milliseconds(2));
  EXPECT_OK(WaitFor(clock, deadline, [&] { return deadline.PassedAt(clock.Now()); }));
  EXPECT_EQ(clock.Now(), milliseconds(2));
}

TEST(WaitForTest, PassedDeadlineStillEvaluatesOnce) {
  VirtualClock clock(milliseconds(10));
  int evaluations = 0;
  EXPECT_ERRC(WaitFor(clock, Deadline::At(milliseconds(1)),
                      [&] {
                        ++evaluations;
                        return false;
                      }),
              Errc::kTimeout);
  EXPECT_EQ(evaluations, 1);
  EXPECT_EQ(clock.Now(), milliseconds(10));
}

TEST(WaitForTest, CustomPolicyIsHonoured) {
  VirtualClock clock;
  const PollPolicy policy{.fast_for = Nanoseconds(0),
                          .fast_interval = microseconds(1),
                          .slow_interval = microseconds(250)};
  EXPECT_OK(WaitFor(
      clock, Deadline::Never(), [&] { return clock.Now() >= microseconds(600); }, policy));
  EXPECT_EQ(clock.Now(), microseconds(750));
}

// A Backoff's steps: 2, 4, 8, then 10 (its longest) until the condition holds at 30 us.
TEST(WaitForTest, BackoffDoublesUpToItsLongestStep) {
  VirtualClock clock;
  std::vector<Nanoseconds> looks;
  EXPECT_OK(WaitFor(
      clock, Deadline::Never(),
      [&] {
        looks.push_back(clock.Now());
        return clock.Now() >= microseconds(30);
      },
      Backoff(microseconds(2), microseconds(10))));
  EXPECT_EQ(looks,
            (std::vector<Nanoseconds>{microseconds(0), microseconds(2), microseconds(6),
                                      microseconds(14), microseconds(24), microseconds(34)}));
}

// The last sleep stops at the deadline, where the condition is evaluated once more.
TEST(WaitForTest, BackoffStopsAtTheDeadline) {
  VirtualClock clock;
  int evaluations = 0;
  EXPECT_EQ(WaitFor(
                clock, Deadline::At(microseconds(5)), [&] { return ++evaluations < 0; },
                Backoff(microseconds(3), microseconds(3)))
                .error()
                .code(),
            Errc::kTimeout);
  EXPECT_EQ(evaluations, 3);  // At 0, 3 and 5 us.
  EXPECT_EQ(clock.Now(), microseconds(5));
}

TEST(WaitForTest, SteadyClockWaitMeetsItsDeadline) {
  SteadyClock clock;
  const Deadline deadline = Deadline::After(clock, milliseconds(2));
  const Nanoseconds ready_at = clock.Now() + microseconds(300);
  EXPECT_OK(WaitFor(clock, deadline, [&] { return clock.Now() >= ready_at; }));
  EXPECT_GE(clock.Now(), ready_at);
}

TEST(WaitForTest, SteadyClockTimesOutNoEarlierThanTheDeadline) {
  SteadyClock clock;
  const Deadline deadline = Deadline::After(clock, milliseconds(3));
  EXPECT_ERRC(WaitFor(clock, deadline, [] { return false; }), Errc::kTimeout);
  EXPECT_TRUE(deadline.PassedAt(clock.Now()));
}

}  // namespace
}  // namespace parclass
