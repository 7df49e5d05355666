#include "parclass/sim/cable.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace parclass::sim {
namespace {

using std::chrono::microseconds;
using std::chrono::nanoseconds;
using ::testing::HasSubstr;

constexpr Level kL = Level::kLow;
constexpr Level kH = Level::kHigh;

class CableTest : public ::testing::Test {
 protected:
  // Drives `line` from both sides and settles.
  void DriveBoth(Line line, Drive host, Drive peripheral) {
    cable_.Drive(Side::kHost, line, host);
    cable_.Drive(Side::kPeripheral, line, peripheral);
    cable_.Settle();
  }

  // The events of `trace_` of type T.
  template <typename T>
  std::vector<T> EventsOf() const {
    std::vector<T> found;
    for (const TraceEvent& event : trace_.events()) {
      if (const auto* payload = std::get_if<T>(&event.what)) found.push_back(*payload);
    }
    return found;
  }

  Scheduler scheduler_;
  Trace trace_;
  Cable cable_{scheduler_, trace_};
};

// One row of a resolution table: what each side does, and the resolved value.
struct Resolution {
  Drive host;
  Drive peripheral;
  Logic value;
};

// --- Levels with nobody driving -----------------------------------------------------------------

// Control lines are open-collector with pull-ups; data and status lines float.
TEST_F(CableTest, UndrivenControlLinesArePulledHigh) {
  kControlLines.ForEach(
      [&](Line line) { EXPECT_EQ(cable_.value(line), Logic::k1) << LineName(line); });
}

TEST_F(CableTest, UndrivenDataAndStatusLinesFloat) {
  (kDataLines | kStatusLines).ForEach([&](Line line) {
    EXPECT_EQ(cable_.value(line), Logic::kZ) << LineName(line);
  });
}

TEST_F(CableTest, NobodyDrivesAnythingAtFirst) {
  (kControlLines | kDataLines | kStatusLines).ForEach([&](Line line) {
    EXPECT_EQ(cable_.driver(Side::kHost, line), Drive::kRelease) << LineName(line);
    EXPECT_EQ(cable_.driver(Side::kPeripheral, line), Drive::kRelease) << LineName(line);
    EXPECT_EQ(cable_.last_change(line), nanoseconds(0)) << LineName(line);
  });
}

// --- Data and status lines: totem-pole ---------------------------------------------------------

constexpr std::array<Resolution, 9> kTotemPoleTable = {{
    {Drive::kRelease, Drive::kRelease, Logic::kZ},
    {Drive::kRelease, Drive::kLow, Logic::k0},
    {Drive::kRelease, Drive::kHigh, Logic::k1},
    {Drive::kLow, Drive::kRelease, Logic::k0},
    {Drive::kHigh, Drive::kRelease, Logic::k1},
    {Drive::kLow, Drive::kLow, Logic::k0},
    {Drive::kHigh, Drive::kHigh, Logic::k1},
    {Drive::kHigh, Drive::kLow, Logic::kX},
    {Drive::kLow, Drive::kHigh, Logic::kX},
}};

TEST_F(CableTest, DataLineNobodyDrivingIsZ) {
  DriveBoth(Line::kD0, Drive::kRelease, Drive::kRelease);
  EXPECT_EQ(cable_.value(Line::kD0), Logic::kZ);
}

TEST_F(CableTest, DataLineDrivenByOneSideTakesItsLevel) {
  DriveBoth(Line::kD0, Drive::kHigh, Drive::kRelease);
  EXPECT_EQ(cable_.value(Line::kD0), Logic::k1);
  DriveBoth(Line::kD0, Drive::kRelease, Drive::kLow);
  EXPECT_EQ(cable_.value(Line::kD0), Logic::k0);
}

TEST_F(CableTest, DataLineDrivenToTheSameLevelByBothSidesTakesIt) {
  DriveBoth(Line::kD5, Drive::kLow, Drive::kLow);
  EXPECT_EQ(cable_.value(Line::kD5), Logic::k0);
  DriveBoth(Line::kD5, Drive::kHigh, Drive::kHigh);
  EXPECT_EQ(cable_.value(Line::kD5), Logic::k1);
  EXPECT_TRUE(trace_.errors().empty());
}

TEST_F(CableTest, DataLineHostHighPeripheralLowIsContention) {
  DriveBoth(Line::kD3, Drive::kHigh, Drive::kLow);
  EXPECT_EQ(cable_.value(Line::kD3), Logic::kX);
  const std::vector<Contention> contentions = EventsOf<Contention>();
  ASSERT_EQ(contentions.size(), 1u);
  EXPECT_EQ(contentions[0].line, Line::kD3);
  EXPECT_EQ(contentions[0].host, Drive::kHigh);
  EXPECT_EQ(contentions[0].peripheral, Drive::kLow);
  EXPECT_EQ(trace_.errors(), std::vector<std::string>{"     0.000 us  contention on D3: host "
                                                      "drives high, peripheral drives low"});
}

TEST_F(CableTest, ContentionIsRecordedWhenTheLineGoesToX) {
  DriveBoth(Line::kD3, Drive::kHigh, Drive::kRelease);
  scheduler_.SleepFor(microseconds(2));
  cable_.Drive(Side::kPeripheral, Line::kD3, Drive::kLow);
  cable_.Settle();
  ASSERT_EQ(trace_.errors().size(), 1u);
  EXPECT_THAT(trace_.errors()[0], HasSubstr("2.000 us  contention on D3"));
  EXPECT_EQ(cable_.last_change(Line::kD3), microseconds(2));
}

TEST_F(CableTest, DataLinesFollowTheTotemPoleTable) {
  for (const Resolution& row : kTotemPoleTable) {
    DriveBoth(Line::kD6, row.host, row.peripheral);
    EXPECT_EQ(cable_.value(Line::kD6), row.value)
        << "host " << DriveName(row.host) << ", peripheral " << DriveName(row.peripheral);
  }
}

TEST_F(CableTest, StatusLinesFollowTheTotemPoleTable) {
  for (const Resolution& row : kTotemPoleTable) {
    DriveBoth(Line::kBusy, row.host, row.peripheral);
    EXPECT_EQ(cable_.value(Line::kBusy), row.value)
        << "host " << DriveName(row.host) << ", peripheral " << DriveName(row.peripheral);
  }
}

// --- Control lines: open-collector ------------------------------------------------------------

// A side pulls a line low or lets it go; driving "high" is letting go.
constexpr std::array<Resolution, 9> kOpenCollectorTable = {{
    {Drive::kRelease, Drive::kRelease, Logic::k1},
    {Drive::kRelease, Drive::kLow, Logic::k0},
    {Drive::kRelease, Drive::kHigh, Logic::k1},
    {Drive::kLow, Drive::kRelease, Logic::k0},
    {Drive::kHigh, Drive::kRelease, Logic::k1},
    {Drive::kLow, Drive::kLow, Logic::k0},
    {Drive::kHigh, Drive::kHigh, Logic::k1},
    {Drive::kHigh, Drive::kLow, Logic::k0},
    {Drive::kLow, Drive::kHigh, Logic::k0},
}};

TEST_F(CableTest, ReleasedControlLineIsHigh) {
  DriveBoth(Line::kNInit, Drive::kRelease, Drive::kRelease);
  EXPECT_EQ(cable_.value(Line::kNInit), Logic::k1);
}

TEST_F(CableTest, ControlLinePulledLowBySideIsLow) {
  DriveBoth(Line::kNInit, Drive::kLow, Drive::kRelease);
  EXPECT_EQ(cable_.value(Line::kNInit), Logic::k0);
  DriveBoth(Line::kNInit, Drive::kRelease, Drive::kLow);
  EXPECT_EQ(cable_.value(Line::kNInit), Logic::k0);
}

TEST_F(CableTest, ControlLinesFollowTheOpenCollectorTable) {
  kControlLines.ForEach([&](Line line) {
    for (const Resolution& row : kOpenCollectorTable) {
      DriveBoth(line, row.host, row.peripheral);
      EXPECT_EQ(cable_.value(line), row.value) << LineName(line) << ": host " << DriveName(row.host)
                                               << ", peripheral " << DriveName(row.peripheral);
    }
  });
}

TEST_F(CableTest, ControlLinesNeverContend) {
  DriveBoth(Line::kNStrobe, Drive::kHigh, Drive::kLow);
  DriveBoth(Line::kNAutoFd, Drive::kLow, Drive::kHigh);
  EXPECT_EQ(cable_.value(Line::kNStrobe), Logic::k0);
  EXPECT_EQ(cable_.value(Line::kNAutoFd), Logic::k0);
  EXPECT_TRUE(EventsOf<Contention>().empty());
  EXPECT_TRUE(trace_.errors().empty());
}

// --- What a receiver senses ---------------------------------------------------------------------

// Every line has a pull-up: a floating line reads high. A line in contention reads low.
TEST(SensedLevelTest, ZReadsHighAndXReadsLow) {
  EXPECT_EQ(SensedLevel(Logic::k0), kL);
  EXPECT_EQ(SensedLevel(Logic::k1), kH);
  EXPECT_EQ(SensedLevel(Logic::kZ), kH);
  EXPECT_EQ(SensedLevel(Logic::kX), kL);
}

TEST(LogicTest, CharsAreAsInAVcd) {
  EXPECT_EQ(LogicChar(Logic::k0), '0');
  EXPECT_EQ(LogicChar(Logic::k1), '1');
  EXPECT_EQ(LogicChar(Logic::kZ), 'z');
  EXPECT_EQ(LogicChar(Logic::kX), 'x');
}

TEST(LogicTest, DriveForALevelDrivesIt) {
  EXPECT_EQ(DriveFor(kL), Drive::kLow);
  EXPECT_EQ(DriveFor(kH), Drive::kHigh);
}

TEST(LogicTest, Names) {
  EXPECT_EQ(DriveName(Drive::kRelease), "released");
  EXPECT_EQ(DriveName(Drive::kLow), "low");
  EXPECT_EQ(DriveName(Drive::kHigh), "high");
  EXPECT_EQ(SideName(Side::kHost), "host");
  EXPECT_EQ(SideName(Side::kPeripheral), "peripheral");
}

TEST_F(CableTest, LevelIsTheSensedLevel) {
  DriveBoth(Line::kD0, Drive::kHigh, Drive::kLow);  // x
  cable_.Drive(Side::kPeripheral, Line::kD2, Drive::kLow);
  cable_.Settle();
  EXPECT_EQ(cable_.level(Line::kD0), kL);  // x
  EXPECT_EQ(cable_.level(Line::kD1), kH);  // z
  EXPECT_EQ(cable_.level(Line::kD2), kL);
  EXPECT_EQ(cable_.levels({Line::kD0, Line::kD1, Line::kD2}),
            LineLevels().with(Line::kD0, kL).with(Line::kD1, kH).with(Line::kD2, kL));
}

TEST_F(CableTest, DataIsD0ToD7AsAByte) {
  cable_.DriveData(Side::kHost, 0b1010'0101);
  cable_.Settle();
  EXPECT_EQ(cable_.data(), 0b1010'0101);
  EXPECT_EQ(cable_.value(Line::kD0), Logic::k1);
  EXPECT_EQ(cable_.value(Line::kD1), Logic::k0);
  EXPECT_EQ(cable_.value(Line::kD7), Logic::k1);
}

TEST_F(CableTest, DataOfAFloatingBusReadsAllOnes) {
  EXPECT_EQ(cable_.data(), 0b1111'1111);
  cable_.DriveData(Side::kPeripheral, 0x00);
  cable_.Settle();
  cable_.ReleaseData(Side::kPeripheral);
  cable_.Settle();
  EXPECT_EQ(cable_.data(), 0b1111'1111);
}

TEST_F(CableTest, DataBitsInContentionReadZero) {
  cable_.DriveData(Side::kHost, 0b1111'1111);
  cable_.DriveData(Side::kPeripheral, 0b1111'0000);
  cable_.Settle();
  EXPECT_EQ(cable_.data(), 0b1111'0000);
  EXPECT_EQ(trace_.errors().size(), 4u);  // D0-D3.
}

TEST_F(CableTest, DriveLevelsDrivesEachKnownLine) {
  cable_.DriveLevels(Side::kPeripheral,
                     LineLevels().with(Line::kBusy, kH).with(Line::kNAck, kL).with(Line::kD4, kL));
  cable_.Settle();
  EXPECT_EQ(cable_.value(Line::kBusy), Logic::k1);
  EXPECT_EQ(cable_.value(Line::kNAck), Logic::k0);
  EXPECT_EQ(cable_.value(Line::kD4), Logic::k0);
  EXPECT_EQ(cable_.value(Line::kSelect), Logic::kZ);
}

// --- Delta cycles --------------------------------------------------------------------------------

// The example of cable.h: one register write that moves several lines is one change.
TEST_F(CableTest, OneSettleOfSeveralDrivesIsOneDelta) {
  cable_.Drive(Side::kHost, Line::kNInit, Drive::kLow);
  cable_.Settle();
  std::vector<Delta> deltas;
  cable_.Observe(kControlLines | kDataLines, [&](const Delta& delta) { deltas.push_back(delta); });

  cable_.Drive(Side::kHost, Line::kNStrobe, Drive::kLow);     // 1 -> 0
  cable_.Drive(Side::kHost, Line::kNInit, Drive::kRelease);   // 0 -> 1
  cable_.Drive(Side::kHost, Line::kD0, Drive::kHigh);         // z -> 1
  cable_.Drive(Side::kHost, Line::kD1, Drive::kLow);          // z -> 0
  cable_.Drive(Side::kHost, Line::kNSelectIn, Drive::kHigh);  // 1 -> 1: no change
  cable_.Settle();

  ASSERT_EQ(deltas.size(), 1u);
  const Delta& delta = deltas[0];
  EXPECT_EQ(delta.changed, (LineSet{Line::kNStrobe, Line::kNInit, Line::kD0, Line::kD1}));
  EXPECT_EQ(delta.before, LineLevels()
                              .with(Line::kNStrobe, kH)
                              .with(Line::kNInit, kL)
                              .with(Line::kD0, kH)
                              .with(Line::kD1, kH));
  EXPECT_EQ(delta.after, LineLevels()
                             .with(Line::kNStrobe, kL)
                             .with(Line::kNInit, kH)
                             .with(Line::kD0, kH)
                             .with(Line::kD1, kL));
  EXPECT_TRUE(delta.Fell(Line::kNStrobe));
  EXPECT_FALSE(delta.Rose(Line::kNStrobe));
  EXPECT_TRUE(delta.Rose(Line::kNInit));
  EXPECT_FALSE(delta.Fell(Line::kNInit));
  // z -> 1 changes the value but not the sensed level: neither an edge up nor down.
  EXPECT_FALSE(delta.Rose(Line::kD0));
  EXPECT_FALSE(delta.Fell(Line::kD0));
  // z (read high) -> 0 is a falling edge to a receiver.
  EXPECT_TRUE(delta.Fell(Line::kD1));
  // Lines that did not change show no edge.
  EXPECT_FALSE(delta.Rose(Line::kNSelectIn));
  EXPECT_FALSE(delta.Fell(Line::kNSelectIn));
}

TEST_F(CableTest, ObserverIsCalledOnlyForItsLines) {
  int calls = 0;
  cable_.Observe({Line::kBusy}, [&](const Delta&) { ++calls; });
  cable_.Drive(Side::kHost, Line::kNStrobe, Drive::kLow);
  cable_.Settle();
  EXPECT_EQ(calls, 0);
  cable_.Drive(Side::kPeripheral, Line::kBusy, Drive::kHigh);
  cable_.Settle();
  EXPECT_EQ(calls, 1);
}

TEST_F(CableTest, DriveWithoutAChangeCallsNoObserver) {
  int calls = 0;
  cable_.Observe(kControlLines, [&](const Delta&) { ++calls; });
  cable_.Drive(Side::kHost, Line::kNStrobe, Drive::kHigh);  // Already pulled high.
  cable_.Settle();
  EXPECT_EQ(calls, 0);
}

// Compatibility handshake (ieee1284.md section 6.1): on nStrobe falling the peripheral raises
// Busy. The reaction lands in the next delta cycle of the same Settle, at the same instant.
TEST_F(CableTest, ReactionToADeltaLandsInTheNextDeltaOfTheSameSettle) {
  scheduler_.SleepFor(microseconds(1));
  cable_.Observe({Line::kNStrobe}, [&](const Delta& delta) {
    if (delta.Fell(Line::kNStrobe)) cable_.Drive(Side::kPeripheral, Line::kBusy, Drive::kHigh);
  });
  std::vector<LineSet> deltas;
  cable_.Observe(kControlLines | kStatusLines,
                 [&](const Delta& delta) { deltas.push_back(delta.changed); });

  cable_.Drive(Side::kHost, Line::kNStrobe, Drive::kLow);
  cable_.Settle();

  EXPECT_EQ(deltas, (std::vector<LineSet>{{Line::kNStrobe}, {Line::kBusy}}));
  EXPECT_EQ(cable_.value(Line::kBusy), Logic::k1);
  EXPECT_EQ(cable_.last_change(Line::kBusy), microseconds(1));
}

TEST_F(CableTest, ObserversAreCalledInTheOrderTheyWereAdded) {
  std::vector<int> order;
  cable_.Observe({Line::kNAck}, [&](const Delta&) { order.push_back(1); });
  cable_.Observe({Line::kNAck}, [&](const Delta&) { order.push_back(2); });
  cable_.Observe({Line::kNAck}, [&](const Delta&) { order.push_back(3); });
  cable_.Drive(Side::kPeripheral, Line::kNAck, Drive::kLow);
  cable_.Settle();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

TEST_F(CableTest, LastChangeIsTheInstantOfTheLastChange) {
  scheduler_.SleepFor(nanoseconds(100));
  cable_.Drive(Side::kHost, Line::kNStrobe, Drive::kLow);
  cable_.Settle();
  scheduler_.SleepFor(nanoseconds(500));
  cable_.Drive(Side::kHost, Line::kNStrobe, Drive::kRelease);
  cable_.Drive(Side::kHost, Line::kD0, Drive::kLow);
  cable_.Settle();
  scheduler_.SleepFor(nanoseconds(400));
  cable_.Drive(Side::kHost, Line::kD0, Drive::kLow);  // No change.
  cable_.Settle();
  EXPECT_EQ(cable_.last_change(Line::kNStrobe), nanoseconds(600));
  EXPECT_EQ(cable_.last_change(Line::kD0), nanoseconds(600));
  EXPECT_EQ(cable_.last_change(Line::kD1), nanoseconds(0));
}

TEST_F(CableTest, EveryChangeIsTraced) {
  scheduler_.SleepFor(nanoseconds(100));
  cable_.Drive(Side::kHost, Line::kNStrobe, Drive::kLow);
  cable_.Drive(Side::kHost, Line::kD0, Drive::kHigh);
  cable_.Settle();
  ASSERT_EQ(trace_.events().size(), 2u);
  // In pin order within a delta: nStrobe is pin 1, D0 pin 2.
  EXPECT_EQ(Describe(trace_.events()[0]), "     0.100 us  nStrobe 1 -> 0");
  EXPECT_EQ(Describe(trace_.events()[1]), "     0.100 us  D0 z -> 1");
}

TEST_F(CableTest, DriverIsWhatASideAppliesAfterSettling) {
  cable_.Drive(Side::kPeripheral, Line::kBusy, Drive::kHigh);
  EXPECT_EQ(cable_.driver(Side::kPeripheral, Line::kBusy), Drive::kRelease);  // Only staged.
  cable_.Settle();
  EXPECT_EQ(cable_.driver(Side::kPeripheral, Line::kBusy), Drive::kHigh);
  EXPECT_EQ(cable_.driver(Side::kHost, Line::kBusy), Drive::kRelease);
}

// --- Observers coming and going ----------------------------------------------------------------

TEST_F(CableTest, StoppedObserverIsNotCalled) {
  int calls = 0;
  const ObserverId id = cable_.Observe({Line::kBusy}, [&](const Delta&) { ++calls; });
  cable_.StopObserving(id);
  cable_.Drive(Side::kPeripheral, Line::kBusy, Drive::kHigh);
  cable_.Settle();
  EXPECT_EQ(calls, 0);
}

// It touches nothing after StopObserving; ObserverCanStopItselfAndCarryOn below does.
TEST_F(CableTest, ObserverCanStopItselfFromItsCallback) {
  int calls = 0;
  ObserverId id{};
  id = cable_.Observe({Line::kBusy}, [&](const Delta&) {
    ++calls;
    cable_.StopObserving(id);
  });
  cable_.Drive(Side::kPeripheral, Line::kBusy, Drive::kHigh);
  cable_.Settle();
  cable_.Drive(Side::kPeripheral, Line::kBusy, Drive::kLow);
  cable_.Settle();
  EXPECT_EQ(calls, 1);
}

// An observer may stop itself while being notified and still use its captures: its function
// lives until the notification ends (the asan-ubsan preset checks this).
TEST_F(CableTest, ObserverCanStopItselfAndCarryOn) {
  int calls = 0;
  ObserverId id{};
  id = cable_.Observe({Line::kBusy}, [&](const Delta&) {
    cable_.StopObserving(id);
    ++calls;
  });
  cable_.Drive(Side::kPeripheral, Line::kBusy, Drive::kHigh);
  cable_.Settle();
  EXPECT_EQ(calls, 1);
}

TEST_F(CableTest, ObserverCanStopALaterOneFromItsCallback) {
  int later_calls = 0;
  ObserverId later{};
  cable_.Observe({Line::kBusy}, [&](const Delta&) { cable_.StopObserving(later); });
  later = cable_.Observe({Line::kBusy}, [&](const Delta&) { ++later_calls; });
  cable_.Drive(Side::kPeripheral, Line::kBusy, Drive::kHigh);
  cable_.Settle();
  EXPECT_EQ(later_calls, 0);
}

TEST_F(CableTest, StoppingAStoppedObserverIsHarmless) {
  const ObserverId id = cable_.Observe({Line::kBusy}, [](const Delta&) {});
  cable_.StopObserving(id);
  cable_.StopObserving(id);
}

// --- Settling without an explicit Settle ------------------------------------------------------

// Drive schedules a zero-delay settle: the change lands at the instant it was made, as soon as the
// scheduler runs the events due now.
TEST_F(CableTest, StagedDrivesLandWhenTheSchedulerRunsTheCurrentInstant) {
  scheduler_.SleepFor(nanoseconds(100));
  cable_.Drive(Side::kHost, Line::kNStrobe, Drive::kLow);
  EXPECT_EQ(cable_.value(Line::kNStrobe), Logic::k1);
  EXPECT_EQ(scheduler_.next_event(), nanoseconds(100));
  scheduler_.RunUntil(scheduler_.Now());
  EXPECT_EQ(cable_.value(Line::kNStrobe), Logic::k0);
  EXPECT_EQ(cable_.last_change(Line::kNStrobe), nanoseconds(100));
}

TEST_F(CableTest, StagedDrivesLandBeforeTimeMovesOn) {
  scheduler_.SleepFor(nanoseconds(100));
  cable_.Drive(Side::kHost, Line::kNStrobe, Drive::kLow);
  cable_.Drive(Side::kHost, Line::kNAutoFd, Drive::kLow);
  int calls = 0;
  cable_.Observe(kControlLines, [&](const Delta&) { ++calls; });
  scheduler_.SleepFor(microseconds(1));
  EXPECT_EQ(cable_.value(Line::kNStrobe), Logic::k0);
  EXPECT_EQ(cable_.value(Line::kNAutoFd), Logic::k0);
  EXPECT_EQ(cable_.last_change(Line::kNStrobe), nanoseconds(100));
  EXPECT_EQ(calls, 1);  // Both drives in one delta.
}

// SleepFor(0) does not move time, so it does not settle either.
TEST_F(CableTest, SleepForZeroDoesNotSettle) {
  cable_.Drive(Side::kHost, Line::kNStrobe, Drive::kLow);
  scheduler_.SleepFor(nanoseconds(0));
  EXPECT_EQ(cable_.value(Line::kNStrobe), Logic::k1);
}

TEST_F(CableTest, ExplicitSettleLeavesNothingForTheScheduledOne) {
  int calls = 0;
  cable_.Observe(kControlLines, [&](const Delta&) { ++calls; });
  cable_.Drive(Side::kHost, Line::kNStrobe, Drive::kLow);
  cable_.Settle();
  scheduler_.RunUntil(scheduler_.Now());
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(trace_.events().size(), 1u);
}

// --- Invalid arguments ---------------------------------------------------------------------

// A Line that is not a pin of the cable is a bug, caught by an assertion.
TEST(CableDeathTest, DrivingAPinThatIsNotALineIsABug) {
  Scheduler scheduler;
  Trace trace;
  Cable cable(scheduler, trace);
  EXPECT_DEATH(cable.Drive(Side::kHost, static_cast<Line>(18), Drive::kLow), "not a line");
  EXPECT_DEATH(cable.Drive(Side::kHost, static_cast<Line>(0), Drive::kLow), "not a line");
  EXPECT_DEATH((void)cable.value(static_cast<Line>(18)), "not a line");
}

// A scheduler that outlives its cable does not run the cable's pending settle.
TEST(CableLifetimeTest, PendingSettleDiesWithTheCable) {
  Scheduler scheduler;
  Trace trace;
  {
    auto cable = std::make_unique<Cable>(scheduler, trace);
    cable->Drive(Side::kHost, Line::kNStrobe, Drive::kLow);
  }
  EXPECT_EQ(scheduler.pending(), 0u);
  scheduler.RunUntil(scheduler.Now());
}

// --- Models that never settle ----------------------------------------------------------------

class OscillatingCableTest : public CableTest {
 protected:
  // A ring of two inverting peripherals: D1 follows D0, D0 follows the inverse of D1.
  void WireRing() {
    cable_.Observe({Line::kD0}, [&](const Delta&) {
      ++deltas_;
      cable_.Drive(Side::kPeripheral, Line::kD1, DriveFor(cable_.level(Line::kD0)));
    });
    cable_.Observe({Line::kD1}, [&](const Delta&) {
      ++deltas_;
      cable_.Drive(Side::kPeripheral, Line::kD0, DriveFor(Invert(cable_.level(Line::kD1))));
    });
  }

  int deltas_ = 0;
};

TEST_F(OscillatingCableTest, SettleStopsAfterTheDeltaCycleLimit) {
  WireRing();
  cable_.Drive(Side::kPeripheral, Line::kD0, Drive::kLow);
  cable_.Settle();
  EXPECT_EQ(deltas_, Cable::kMaxDeltaCycles);
  ASSERT_EQ(trace_.errors().size(), 1u);
  EXPECT_THAT(trace_.errors()[0], HasSubstr("guest error: models oscillate"));
  ASSERT_FALSE(trace_.events().empty());
  EXPECT_TRUE(std::holds_alternative<GuestError>(trace_.events().back().what));
}

// After giving up on an oscillating pair, the cable drops what is still staged, so the scheduler
// does not start the oscillation again at the same instant (it would never return).
TEST_F(OscillatingCableTest, SchedulerDoesNotResumeTheOscillationAtTheSameInstant) {
  WireRing();
  cable_.Drive(Side::kPeripheral, Line::kD0, Drive::kLow);
  cable_.Settle();
  EXPECT_FALSE(scheduler_.RunUntil([&] { return trace_.errors().size() > 1; }, scheduler_.Now()));
  EXPECT_EQ(trace_.errors().size(), 1u);
  EXPECT_EQ(scheduler_.pending(), 0u);
}

// The same without an explicit Settle: the scheduled settle gives up once and stays given up.
TEST_F(OscillatingCableTest, ScheduledSettleGivesUpOnce) {
  WireRing();
  cable_.Drive(Side::kPeripheral, Line::kD0, Drive::kLow);
  EXPECT_FALSE(scheduler_.RunUntil([&] { return trace_.errors().size() > 1; }, microseconds(1)));
  EXPECT_EQ(trace_.errors().size(), 1u);
}

}  // namespace
}  // namespace parclass::sim

namespace parclass::sim {
namespace {

// A stuck-at fault overrides every driver, takes effect at once, and is reported as a change.
TEST(CableStuckTest, StuckLineIgnoresItsDriversUntilRepaired) {
  Scheduler scheduler;
  Trace trace;
  Cable cable(scheduler, trace);
  cable.DriveData(Side::kHost, 0xFF);
  cable.Settle();
  int changes = 0;
  cable.Observe({Line::kD3}, [&](const Delta&) { ++changes; });
  cable.SetStuck(Line::kD3, Level::kLow);
  EXPECT_EQ(cable.value(Line::kD3), Logic::k0);
  EXPECT_EQ(cable.data(), 0b1111'0111);
  EXPECT_EQ(changes, 1);
  cable.SetStuck(Line::kD3, std::nullopt);
  EXPECT_EQ(cable.value(Line::kD3), Logic::k1);
  EXPECT_TRUE(trace.errors().empty());
}

TEST(CableStuckTest, StuckHighControlLineWinsOverAPullDown) {
  Scheduler scheduler;
  Trace trace;
  Cable cable(scheduler, trace);
  cable.SetStuck(Line::kNStrobe, Level::kHigh);
  cable.Drive(Side::kHost, Line::kNStrobe, Drive::kLow);
  cable.Settle();
  EXPECT_EQ(cable.level(Line::kNStrobe), Level::kHigh);
}

}  // namespace
}  // namespace parclass::sim
