#include "parclass/base/clock.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

namespace parclass {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

TEST(VirtualClockTest, StartsAtItsStartAndStandsStill) {
  VirtualClock clock(microseconds(7));
  EXPECT_EQ(clock.Now(), microseconds(7));
  EXPECT_EQ(clock.Now(), microseconds(7));
}

TEST(VirtualClockTest, SleepAdvancesTimeByExactlyTheDuration) {
  VirtualClock clock;
  clock.SleepFor(microseconds(5));
  clock.SleepFor(Nanoseconds(3));
  EXPECT_EQ(clock.Now(), Nanoseconds(5'003));
}

TEST(VirtualClockTest, NonPositiveSleepDoesNothing) {
  VirtualClock clock(Nanoseconds(10));
  clock.SleepFor(Nanoseconds(0));
  clock.SleepFor(Nanoseconds(-4));
  EXPECT_EQ(clock.Now(), Nanoseconds(10));
}

TEST(VirtualClockTest, AdvanceToMovesForwardAndIgnoresThePresent) {
  VirtualClock clock;
  clock.AdvanceTo(milliseconds(35));
  EXPECT_EQ(clock.Now(), milliseconds(35));
  clock.AdvanceTo(milliseconds(35));
  EXPECT_EQ(clock.Now(), milliseconds(35));
}

TEST(VirtualClockDeathTest, AdvancingBackwardsIsABug) {
  VirtualClock clock(milliseconds(1));
  EXPECT_DEATH(clock.AdvanceTo(Nanoseconds(0)), "virtual time cannot move backwards");
}

// The same sequence of sleeps gives the same instants, every run.
TEST(VirtualClockTest, IsDeterministic) {
  auto run = [] {
    VirtualClock clock;
    std::vector<Nanoseconds> instants;
    for (int i = 1; i <= 100; ++i) {
      clock.SleepFor(Nanoseconds(i * 37 % 11));
      instants.push_back(clock.Now());
    }
    return instants;
  };
  EXPECT_EQ(run(), run());
}

TEST(VirtualClockTest, ConcurrentSleepsAllCount) {
  VirtualClock clock;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&clock] {
      for (int i = 0; i < 1000; ++i) clock.SleepFor(Nanoseconds(1));
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(clock.Now(), Nanoseconds(4000));
}

TEST(SteadyClockTest, IsMonotonic) {
  SteadyClock clock;
  Nanoseconds previous = clock.Now();
  for (int i = 0; i < 1000; ++i) {
    const Nanoseconds now = clock.Now();
    EXPECT_GE(now, previous);
    previous = now;
  }
}

// A sleep lasts at least its duration (never less; how much more depends on the machine, and is
// measured by the benchmarks, not asserted here).
TEST(SteadyClockTest, SleepLastsAtLeastItsDuration) {
  SteadyClock clock;
  for (Nanoseconds duration :
       {Nanoseconds(0), Nanoseconds(microseconds(3)), Nanoseconds(microseconds(200))}) {
    const Nanoseconds before = clock.Now();
    clock.SleepFor(duration);
    EXPECT_GE(clock.Now() - before, duration);
  }
}

TEST(DeadlineTest, PassesAtItsInstant) {
  VirtualClock clock(microseconds(10));
  const Deadline deadline = Deadline::After(clock, microseconds(5));
  EXPECT_EQ(deadline.at(), microseconds(15));
  EXPECT_FALSE(deadline.PassedAt(microseconds(14)));
  EXPECT_TRUE(deadline.PassedAt(microseconds(15)));
  EXPECT_EQ(deadline.RemainingAt(microseconds(12)), microseconds(3));
  EXPECT_EQ(deadline.RemainingAt(microseconds(20)), Nanoseconds(0));
}

TEST(DeadlineTest, NeverNeverPasses) {
  EXPECT_TRUE(Deadline::Never().is_never());
  EXPECT_FALSE(Deadline::Never().PassedAt(Nanoseconds::max() - Nanoseconds(1)));
  EXPECT_FALSE(Deadline::At(Nanoseconds(0)).is_never());
}

TEST(DeadlineTest, EarlierPicksThePerEventLimitInsideATransferLimit) {
  const Deadline event = Deadline::At(milliseconds(35));
  const Deadline transfer = Deadline::At(milliseconds(1000));
  EXPECT_EQ(Deadline::Earlier(event, transfer), event);
  EXPECT_EQ(Deadline::Earlier(transfer, event), event);
  EXPECT_EQ(Deadline::Earlier(Deadline::Never(), transfer), transfer);
}

}  // namespace
}  // namespace parclass
