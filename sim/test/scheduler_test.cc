#include "parclass/sim/scheduler.h"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <ostream>
#include <vector>

namespace parclass::sim {
namespace {

using std::chrono::microseconds;
using std::chrono::nanoseconds;

// Each event appends its name and the time it ran at, so a test can compare the whole history.
struct Ran {
  char name;
  Nanoseconds at;

  friend bool operator==(const Ran&, const Ran&) = default;
};

void PrintTo(const Ran& ran, std::ostream* out) {
  *out << ran.name << "@" << ran.at.count() << "ns";
}

class SchedulerTest : public ::testing::Test {
 protected:
  // Schedules an event named `name` at `instant` that records when it ran.
  EventId Log(char name, Nanoseconds instant) {
    return scheduler_.ScheduleAt(instant, [this, name] {
      ran_.push_back({name, scheduler_.Now()});
    });
  }

  Scheduler scheduler_;
  std::vector<Ran> ran_;
};

TEST_F(SchedulerTest, StartsAtZeroWithNothingPending) {
  EXPECT_EQ(scheduler_.Now(), nanoseconds(0));
  EXPECT_EQ(scheduler_.pending(), 0u);
  EXPECT_EQ(scheduler_.next_event(), std::nullopt);
}

TEST_F(SchedulerTest, EventsRunInTimeOrder) {
  Log('c', nanoseconds(300));
  Log('a', nanoseconds(100));
  Log('b', nanoseconds(200));
  scheduler_.RunUntil(nanoseconds(1'000));
  EXPECT_EQ(ran_, (std::vector<Ran>{
                      {'a', nanoseconds(100)}, {'b', nanoseconds(200)}, {'c', nanoseconds(300)}}));
}

TEST_F(SchedulerTest, EventsAtTheSameInstantRunInSchedulingOrder) {
  Log('a', nanoseconds(100));
  Log('b', nanoseconds(100));
  Log('c', nanoseconds(100));
  Log('0', nanoseconds(50));
  scheduler_.RunUntil(nanoseconds(100));
  EXPECT_EQ(ran_, (std::vector<Ran>{{'0', nanoseconds(50)},
                                    {'a', nanoseconds(100)},
                                    {'b', nanoseconds(100)},
                                    {'c', nanoseconds(100)}}));
}

TEST_F(SchedulerTest, ScheduleAfterCountsFromNow) {
  scheduler_.RunUntil(nanoseconds(1'000));
  scheduler_.ScheduleAfter(nanoseconds(250), [&] { ran_.push_back({'a', scheduler_.Now()}); });
  EXPECT_EQ(scheduler_.next_event(), nanoseconds(1'250));
}

// The example of scheduler.h: an event at 3 us runs on the way, and the sleep ends at 5 us.
TEST_F(SchedulerTest, SleepForRunsEventsDueOnTheWayAndEndsAtTheTarget) {
  scheduler_.ScheduleAfter(microseconds(3), [&] { ran_.push_back({'a', scheduler_.Now()}); });
  Log('b', microseconds(7));
  scheduler_.SleepFor(microseconds(5));
  EXPECT_EQ(ran_, (std::vector<Ran>{{'a', microseconds(3)}}));
  EXPECT_EQ(scheduler_.Now(), microseconds(5));
  EXPECT_EQ(scheduler_.pending(), 1u);
}

TEST_F(SchedulerTest, SleepForOfZeroOrLessDoesNothing) {
  Log('a', nanoseconds(0));
  scheduler_.SleepFor(nanoseconds(0));
  scheduler_.SleepFor(nanoseconds(-5));
  EXPECT_TRUE(ran_.empty());
  EXPECT_EQ(scheduler_.Now(), nanoseconds(0));
}

TEST_F(SchedulerTest, RunUntilRunsEventsUpToAndIncludingTheTarget) {
  Log('a', nanoseconds(100));
  Log('b', nanoseconds(200));
  Log('c', nanoseconds(201));
  scheduler_.RunUntil(nanoseconds(200));
  EXPECT_EQ(ran_, (std::vector<Ran>{{'a', nanoseconds(100)}, {'b', nanoseconds(200)}}));
  EXPECT_EQ(scheduler_.Now(), nanoseconds(200));
  EXPECT_EQ(scheduler_.next_event(), nanoseconds(201));
}

TEST_F(SchedulerTest, RunUntilNowRunsTheEventsDueNow) {
  scheduler_.RunUntil(nanoseconds(500));
  Log('a', nanoseconds(500));
  scheduler_.RunUntil(scheduler_.Now());
  EXPECT_EQ(ran_, (std::vector<Ran>{{'a', nanoseconds(500)}}));
}

TEST_F(SchedulerTest, EventScheduledAtTheSameInstantFromAnEventRunsBeforeRunUntilReturns) {
  scheduler_.ScheduleAt(nanoseconds(100), [&] {
    ran_.push_back({'a', scheduler_.Now()});
    scheduler_.ScheduleAfter(nanoseconds(0), [&] { ran_.push_back({'b', scheduler_.Now()}); });
  });
  Log('c', nanoseconds(100));
  scheduler_.RunUntil(nanoseconds(100));
  // 'b' was scheduled last, so it runs after 'c', at the same instant.
  EXPECT_EQ(ran_, (std::vector<Ran>{
                      {'a', nanoseconds(100)}, {'c', nanoseconds(100)}, {'b', nanoseconds(100)}}));
  EXPECT_EQ(scheduler_.pending(), 0u);
}

TEST_F(SchedulerTest, EventScheduledLaterFromAnEventRunsAtItsOwnInstant) {
  scheduler_.ScheduleAt(nanoseconds(100), [&] {
    scheduler_.ScheduleAfter(nanoseconds(50), [&] { ran_.push_back({'b', scheduler_.Now()}); });
  });
  scheduler_.RunUntil(nanoseconds(1'000));
  EXPECT_EQ(ran_, (std::vector<Ran>{{'b', nanoseconds(150)}}));
}

TEST_F(SchedulerTest, CancelledEventDoesNotRun) {
  Log('a', nanoseconds(100));
  const EventId b = Log('b', nanoseconds(200));
  Log('c', nanoseconds(300));
  scheduler_.Cancel(b);
  EXPECT_EQ(scheduler_.pending(), 2u);
  scheduler_.RunUntil(nanoseconds(1'000));
  EXPECT_EQ(ran_, (std::vector<Ran>{{'a', nanoseconds(100)}, {'c', nanoseconds(300)}}));
}

TEST_F(SchedulerTest, CancellingAnEventThatRanIsHarmless) {
  const EventId a = Log('a', nanoseconds(100));
  Log('b', nanoseconds(200));
  scheduler_.RunUntil(nanoseconds(100));
  scheduler_.Cancel(a);
  scheduler_.Cancel(a);
  EXPECT_EQ(scheduler_.pending(), 1u);
  scheduler_.RunUntil(nanoseconds(200));
  EXPECT_EQ(ran_, (std::vector<Ran>{{'a', nanoseconds(100)}, {'b', nanoseconds(200)}}));
}

TEST_F(SchedulerTest, CancellingTwiceIsHarmless) {
  const EventId a = Log('a', nanoseconds(100));
  scheduler_.Cancel(a);
  scheduler_.Cancel(a);
  EXPECT_EQ(scheduler_.pending(), 0u);
  scheduler_.RunUntil(nanoseconds(100));
  EXPECT_TRUE(ran_.empty());
}

TEST_F(SchedulerTest, AnEventCanCancelALaterOne) {
  EventId b{};
  scheduler_.ScheduleAt(nanoseconds(100), [&] { scheduler_.Cancel(b); });
  b = Log('b', nanoseconds(100));
  scheduler_.RunUntil(nanoseconds(100));
  EXPECT_TRUE(ran_.empty());
}

TEST_F(SchedulerTest, PendingCountsEventsNeitherRunNorCancelled) {
  Log('a', nanoseconds(100));
  const EventId b = Log('b', nanoseconds(200));
  Log('c', nanoseconds(300));
  EXPECT_EQ(scheduler_.pending(), 3u);
  scheduler_.Cancel(b);
  EXPECT_EQ(scheduler_.pending(), 2u);
  scheduler_.RunUntil(nanoseconds(100));
  EXPECT_EQ(scheduler_.pending(), 1u);
  scheduler_.RunUntil(nanoseconds(300));
  EXPECT_EQ(scheduler_.pending(), 0u);
}

TEST_F(SchedulerTest, NextEventIsTheEarliestLiveEvent) {
  const EventId a = Log('a', nanoseconds(100));
  Log('b', nanoseconds(200));
  EXPECT_EQ(scheduler_.next_event(), nanoseconds(100));
  scheduler_.Cancel(a);
  EXPECT_EQ(scheduler_.next_event(), nanoseconds(200));
  scheduler_.RunUntil(nanoseconds(200));
  EXPECT_EQ(scheduler_.next_event(), std::nullopt);
}

TEST_F(SchedulerTest, RunUntilConditionStopsAsSoonAsItHolds) {
  bool raised = false;
  scheduler_.ScheduleAt(microseconds(3), [&] { raised = true; });
  Log('b', microseconds(3));  // Same instant, but after the condition came true.
  Log('c', microseconds(4));
  EXPECT_TRUE(scheduler_.RunUntil([&] { return raised; }, microseconds(35)));
  EXPECT_EQ(scheduler_.Now(), microseconds(3));
  EXPECT_TRUE(ran_.empty());
  EXPECT_EQ(scheduler_.pending(), 2u);
}

TEST_F(SchedulerTest, RunUntilConditionAlreadyTrueRunsNothing) {
  Log('a', nanoseconds(0));
  EXPECT_TRUE(scheduler_.RunUntil([] { return true; }, microseconds(35)));
  EXPECT_TRUE(ran_.empty());
  EXPECT_EQ(scheduler_.Now(), nanoseconds(0));
}

TEST_F(SchedulerTest, RunUntilConditionReturnsFalseAtTheDeadline) {
  Log('a', microseconds(10));
  Log('b', microseconds(35));  // At the deadline: still runs.
  Log('c', microseconds(36));
  EXPECT_FALSE(scheduler_.RunUntil([] { return false; }, microseconds(35)));
  EXPECT_EQ(scheduler_.Now(), microseconds(35));
  EXPECT_EQ(ran_, (std::vector<Ran>{{'a', microseconds(10)}, {'b', microseconds(35)}}));
}

TEST_F(SchedulerTest, RunUntilConditionTrueAtTheDeadlineIsTrue) {
  bool raised = false;
  scheduler_.ScheduleAt(microseconds(35), [&] { raised = true; });
  EXPECT_TRUE(scheduler_.RunUntil([&] { return raised; }, microseconds(35)));
  EXPECT_EQ(scheduler_.Now(), microseconds(35));
}

TEST_F(SchedulerTest, RunUntilConditionWithNoEventsJumpsToTheDeadline) {
  EXPECT_FALSE(scheduler_.RunUntil([] { return false; }, microseconds(35)));
  EXPECT_EQ(scheduler_.Now(), microseconds(35));
}

TEST_F(SchedulerTest, RunUntilConditionWithAPassedDeadlineKeepsTime) {
  scheduler_.RunUntil(microseconds(50));
  EXPECT_FALSE(scheduler_.RunUntil([] { return false; }, microseconds(35)));
  EXPECT_EQ(scheduler_.Now(), microseconds(50));
}

TEST(SchedulerDeathTest, SchedulingInThePastIsABug) {
  Scheduler scheduler;
  scheduler.RunUntil(nanoseconds(100));
  EXPECT_DEATH(scheduler.ScheduleAt(nanoseconds(99), [] {}), "in the past");
  EXPECT_DEATH(scheduler.ScheduleAfter(nanoseconds(-1), [] {}), "in the past");
}

TEST(SchedulerDeathTest, RunningUntilAnInstantInThePastIsABug) {
  Scheduler scheduler;
  scheduler.RunUntil(nanoseconds(100));
  EXPECT_DEATH(scheduler.RunUntil(nanoseconds(99)), "backwards");
}

// A small script of chained and cancelled events, run on a fresh scheduler.
std::vector<Nanoseconds> RunScript() {
  Scheduler scheduler;
  std::vector<Nanoseconds> times;
  const auto record = [&] { times.push_back(scheduler.Now()); };
  for (int i = 0; i < 5; ++i) {
    scheduler.ScheduleAt(nanoseconds(100 * (5 - i)), [&, i] {
      record();
      scheduler.ScheduleAfter(nanoseconds(10 * i), record);
    });
  }
  const EventId cancelled = scheduler.ScheduleAt(nanoseconds(250), record);
  scheduler.ScheduleAt(nanoseconds(200), [&] { scheduler.Cancel(cancelled); });
  scheduler.ScheduleAt(nanoseconds(300), record);
  scheduler.SleepFor(nanoseconds(150));
  scheduler.RunUntil([&] { return times.size() >= 6; }, nanoseconds(10'000));
  scheduler.SleepFor(microseconds(1));
  return times;
}

TEST(SchedulerDeterminismTest, TheSameScriptGivesTheSameTimes) {
  const std::vector<Nanoseconds> first = RunScript();
  EXPECT_EQ(first, RunScript());
  EXPECT_EQ(first, (std::vector<Nanoseconds>{nanoseconds(100), nanoseconds(140), nanoseconds(200),
                                             nanoseconds(230), nanoseconds(300), nanoseconds(300),
                                             nanoseconds(320), nanoseconds(400), nanoseconds(410),
                                             nanoseconds(500), nanoseconds(500)}));
}

}  // namespace
}  // namespace parclass::sim
