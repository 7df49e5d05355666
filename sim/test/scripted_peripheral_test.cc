#include "parclass/sim/scripted_peripheral.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <vector>

#include "parclass/base/testing/result_matchers.h"

namespace parclass::sim {
namespace {

using std::chrono::microseconds;
using std::chrono::nanoseconds;
using ::testing::AllOf;
using ::testing::HasSubstr;

constexpr Level kL = Level::kLow;
constexpr Level kH = Level::kHigh;

class ScriptedPeripheralTest : public ::testing::Test {
 protected:
  // The host drives `line` to `level` at `instant`, which must not have passed.
  void HostDrivesAt(Nanoseconds instant, Line line, Level level) {
    scheduler_.RunUntil(instant);
    cable_.Drive(Side::kHost, line, DriveFor(level));
    cable_.Settle();
  }

  // The message of a failed Verify().
  std::string Problems() const {
    const Result<void> verified = printer_.Verify();
    return verified ? std::string() : verified.error().detail();
  }

  Scheduler scheduler_;
  Trace trace_;
  Cable cable_{scheduler_, trace_};
  ScriptedPeripheral printer_{cable_};
};

// --- What the peripheral drives ---------------------------------------------------------------

TEST_F(ScriptedPeripheralTest, DriveAtHappensAtItsInstant) {
  printer_.DriveAt(microseconds(2), LineLevels().with(Line::kBusy, kH).with(Line::kNAck, kL));
  scheduler_.RunUntil(microseconds(2) - nanoseconds(1));
  EXPECT_EQ(cable_.value(Line::kBusy), Logic::kZ);
  scheduler_.RunUntil(microseconds(2));
  EXPECT_EQ(cable_.value(Line::kBusy), Logic::k1);
  EXPECT_EQ(cable_.value(Line::kNAck), Logic::k0);
  EXPECT_EQ(cable_.last_change(Line::kBusy), microseconds(2));
  EXPECT_EQ(cable_.driver(Side::kPeripheral, Line::kBusy), Drive::kHigh);
}

TEST_F(ScriptedPeripheralTest, DriveAtsRunInTimeOrder) {
  printer_.DriveAt(microseconds(3), LineLevels().with(Line::kBusy, kL));
  printer_.DriveAt(microseconds(1), LineLevels().with(Line::kBusy, kH));
  scheduler_.RunUntil(microseconds(2));
  EXPECT_EQ(cable_.level(Line::kBusy), kH);
  scheduler_.RunUntil(microseconds(3));
  EXPECT_EQ(cable_.level(Line::kBusy), kL);
  EXPECT_EQ(cable_.last_change(Line::kBusy), microseconds(3));
}

// Byte mode reverse (ieee1284.md section 8): the peripheral drives the data lines, then lets go.
TEST_F(ScriptedPeripheralTest, DriveDataAtDrivesThenReleasesTheDataLines) {
  printer_.DriveDataAt(microseconds(1), 0b0101'1010);
  printer_.DriveDataAt(microseconds(3), std::nullopt);
  scheduler_.RunUntil(microseconds(1));
  EXPECT_EQ(cable_.data(), 0b0101'1010);
  EXPECT_EQ(cable_.value(Line::kD0), Logic::k0);
  EXPECT_EQ(cable_.value(Line::kD1), Logic::k1);
  scheduler_.RunUntil(microseconds(3));
  kDataLines.ForEach([&](Line line) {
    EXPECT_EQ(cable_.value(line), Logic::kZ) << LineName(line);
    EXPECT_EQ(cable_.last_change(line), microseconds(3)) << LineName(line);
  });
}

// Compatibility mode (ieee1284.md section 6.1): Busy rises at most 500 ns after nStrobe falls.
TEST_F(ScriptedPeripheralTest, OnEdgeReactsAfterItsDelay) {
  printer_.OnEdge(Line::kNStrobe, Edge::kFalling, nanoseconds(500),
                  LineLevels().with(Line::kBusy, kH));
  HostDrivesAt(microseconds(1), Line::kNStrobe, kL);
  scheduler_.RunUntil(microseconds(1) + nanoseconds(499));
  EXPECT_EQ(cable_.value(Line::kBusy), Logic::kZ);
  scheduler_.RunUntil(microseconds(1) + nanoseconds(500));
  EXPECT_EQ(cable_.value(Line::kBusy), Logic::k1);
  EXPECT_EQ(cable_.last_change(Line::kBusy), nanoseconds(1'500));
}

TEST_F(ScriptedPeripheralTest, OnEdgeIgnoresTheOtherEdgeAndOtherLines) {
  printer_.OnEdge(Line::kNStrobe, Edge::kFalling, nanoseconds(0),
                  LineLevels().with(Line::kBusy, kH));
  HostDrivesAt(microseconds(1), Line::kNAutoFd, kL);
  HostDrivesAt(microseconds(2), Line::kNStrobe, kH);  // Already high: no edge.
  scheduler_.RunUntil(microseconds(5));
  EXPECT_EQ(cable_.value(Line::kBusy), Logic::kZ);
}

TEST_F(ScriptedPeripheralTest, OnEdgeReactsToEveryMatchingEdge) {
  // Busy high 500 ns after nStrobe falls, low again 1 us after it rises.
  printer_.OnEdge(Line::kNStrobe, Edge::kFalling, nanoseconds(500),
                  LineLevels().with(Line::kBusy, kH));
  printer_.OnEdge(Line::kNStrobe, Edge::kRising, microseconds(1),
                  LineLevels().with(Line::kBusy, kL));
  std::vector<Nanoseconds> busy_rose;
  cable_.Observe({Line::kBusy}, [&](const Delta& delta) {
    // The first rise is z -> 1, not an edge to a receiver: look at the value.
    if (delta.changed.contains(Line::kBusy) && cable_.value(Line::kBusy) == Logic::k1) {
      busy_rose.push_back(scheduler_.Now());
    }
  });
  for (int byte = 0; byte < 3; ++byte) {
    const Nanoseconds start = microseconds(10 * byte);
    HostDrivesAt(start, Line::kNStrobe, kL);
    HostDrivesAt(start + nanoseconds(600), Line::kNStrobe, kH);
  }
  scheduler_.RunUntil(microseconds(40));
  EXPECT_EQ(busy_rose,
            (std::vector<Nanoseconds>{nanoseconds(500), nanoseconds(10'500), nanoseconds(20'500)}));
  EXPECT_EQ(cable_.value(Line::kBusy), Logic::k0);
  EXPECT_EQ(cable_.last_change(Line::kBusy), nanoseconds(21'600));
}

TEST_F(ScriptedPeripheralTest, OnEdgeCanReactToItsOwnLines) {
  // nAck pulses low 1 us after Busy rises.
  printer_.OnEdge(Line::kBusy, Edge::kRising, microseconds(1), LineLevels().with(Line::kNAck, kL));
  printer_.DriveAt(nanoseconds(0), LineLevels().with(Line::kBusy, kL));
  printer_.DriveAt(microseconds(2), LineLevels().with(Line::kBusy, kH));
  scheduler_.RunUntil(microseconds(3));
  EXPECT_EQ(cable_.value(Line::kNAck), Logic::k0);
  EXPECT_EQ(cable_.last_change(Line::kNAck), microseconds(3));
}

// --- What the peripheral expects -----------------------------------------------------------

// The example of scripted_peripheral.h.
TEST_F(ScriptedPeripheralTest, EdgesInOrderVerify) {
  printer_.ExpectEdge(Line::kNStrobe, Edge::kFalling);
  printer_.ExpectEdge(Line::kNStrobe, Edge::kRising, {.not_before = nanoseconds(600)});
  HostDrivesAt(microseconds(1), Line::kNStrobe, kL);
  HostDrivesAt(microseconds(1) + nanoseconds(600), Line::kNStrobe, kH);
  EXPECT_OK(printer_.Verify());
  EXPECT_EQ(printer_.seen_at(), (std::vector<Nanoseconds>{nanoseconds(1'000), nanoseconds(1'600)}));
}

TEST_F(ScriptedPeripheralTest, NothingExpectedAndNothingSeenVerifies) {
  EXPECT_OK(printer_.Verify());
  EXPECT_TRUE(printer_.seen_at().empty());
}

TEST_F(ScriptedPeripheralTest, EdgesOfLinesNeverNamedAreIgnored) {
  printer_.ExpectEdge(Line::kNStrobe, Edge::kFalling);
  HostDrivesAt(microseconds(1), Line::kNInit, kL);
  HostDrivesAt(microseconds(2), Line::kNStrobe, kL);
  HostDrivesAt(microseconds(3), Line::kNInit, kH);
  EXPECT_OK(printer_.Verify());
  EXPECT_EQ(printer_.seen_at(), std::vector<Nanoseconds>{microseconds(2)});
}

TEST_F(ScriptedPeripheralTest, EdgesOfSeveralLinesInOrderVerify) {
  // Negotiation, ieee1284.md section 4.2: Event 0 (nSelectIn high, nAutoFd low), then Event 3
  // (nStrobe low), Event 4 (nStrobe and nAutoFd high).
  printer_.ExpectEdge(Line::kNAutoFd, Edge::kFalling);
  printer_.ExpectEdge(Line::kNStrobe, Edge::kFalling);
  printer_.ExpectEdge(Line::kNStrobe, Edge::kRising);
  printer_.ExpectEdge(Line::kNAutoFd, Edge::kRising);
  HostDrivesAt(microseconds(1), Line::kNAutoFd, kL);
  HostDrivesAt(microseconds(2), Line::kNStrobe, kL);
  cable_.Drive(Side::kHost, Line::kNStrobe, Drive::kRelease);  // Event 4: one write, one delta.
  cable_.Drive(Side::kHost, Line::kNAutoFd, Drive::kRelease);
  scheduler_.RunUntil(microseconds(3));
  EXPECT_OK(printer_.Verify());
  // Within one delta, edges are checked in pin order: nStrobe (1) before nAutoFd (14).
  EXPECT_EQ(printer_.seen_at(), (std::vector<Nanoseconds>{microseconds(1), microseconds(2),
                                                          microseconds(2), microseconds(2)}));
}

TEST_F(ScriptedPeripheralTest, EdgesInTheWrongOrderFail) {
  printer_.ExpectEdge(Line::kNStrobe, Edge::kFalling);
  printer_.ExpectEdge(Line::kNAutoFd, Edge::kFalling);
  HostDrivesAt(microseconds(1), Line::kNAutoFd, kL);
  HostDrivesAt(microseconds(2), Line::kNStrobe, kL);
  EXPECT_ERRC(printer_.Verify(), Errc::kProtocolError);
  EXPECT_THAT(
      Problems(),
      AllOf(HasSubstr("at 1000 ns: expected edge 1 is falling nStrobe, saw falling nAutoFd"),
            HasSubstr("expected edge 2 never came: falling nAutoFd")));
  EXPECT_EQ(printer_.seen_at(), std::vector<Nanoseconds>{microseconds(2)});
}

TEST_F(ScriptedPeripheralTest, WrongEdgeOfTheRightLineFails) {
  printer_.ExpectEdge(Line::kNInit, Edge::kRising);
  HostDrivesAt(microseconds(1), Line::kNInit, kL);
  EXPECT_THAT(Problems(), HasSubstr("expected edge 1 is rising nInit, saw falling nInit"));
}

TEST_F(ScriptedPeripheralTest, MissingEdgeFails) {
  printer_.ExpectEdge(Line::kNStrobe, Edge::kFalling);
  printer_.ExpectEdge(Line::kNStrobe, Edge::kRising);
  HostDrivesAt(microseconds(1), Line::kNStrobe, kL);
  EXPECT_ERRC(printer_.Verify(), Errc::kProtocolError);
  EXPECT_EQ(Problems(), "expected edge 2 never came: rising nStrobe");
}

TEST_F(ScriptedPeripheralTest, EdgeBeforeItsWindowFails) {
  printer_.ExpectEdge(Line::kNStrobe, Edge::kFalling);
  printer_.ExpectEdge(Line::kNStrobe, Edge::kRising, {.not_before = nanoseconds(600)});
  HostDrivesAt(microseconds(1), Line::kNStrobe, kL);
  HostDrivesAt(microseconds(1) + nanoseconds(300), Line::kNStrobe, kH);  // Strobe too short.
  EXPECT_ERRC(printer_.Verify(), Errc::kProtocolError);
  EXPECT_EQ(Problems(),
            "edge 2 (rising nStrobe) came 300 ns after the previous one, outside its window");
  // The edge still counts as seen: later edges are checked from it.
  EXPECT_EQ(printer_.seen_at().size(), 2u);
}

TEST_F(ScriptedPeripheralTest, EdgeAfterItsWindowFails) {
  printer_.ExpectEdge(Line::kNStrobe, Edge::kFalling);
  printer_.ExpectEdge(Line::kNStrobe, Edge::kRising, {.not_after = microseconds(1)});
  HostDrivesAt(microseconds(1), Line::kNStrobe, kL);
  HostDrivesAt(microseconds(3), Line::kNStrobe, kH);
  EXPECT_THAT(Problems(), HasSubstr("edge 2 (rising nStrobe) came 2000 ns after the previous one, "
                                    "outside its window"));
}

TEST_F(ScriptedPeripheralTest, EdgeAtTheEndsOfItsWindowVerifies) {
  printer_.ExpectEdge(Line::kNStrobe, Edge::kFalling);
  printer_.ExpectEdge(Line::kNStrobe, Edge::kRising,
                      {.not_before = nanoseconds(600), .not_after = nanoseconds(600)});
  HostDrivesAt(microseconds(1), Line::kNStrobe, kL);
  HostDrivesAt(microseconds(1) + nanoseconds(600), Line::kNStrobe, kH);
  EXPECT_OK(printer_.Verify());
}

// The first edge's window counts from the start of the simulation.
TEST_F(ScriptedPeripheralTest, FirstEdgeWindowCountsFromTheStart) {
  printer_.ExpectEdge(Line::kNStrobe, Edge::kFalling, {.not_after = microseconds(1)});
  HostDrivesAt(microseconds(2), Line::kNStrobe, kL);
  EXPECT_THAT(Problems(),
              HasSubstr("edge 1 (falling nStrobe) came 2000 ns after the previous one"));
}

TEST_F(ScriptedPeripheralTest, UnexpectedExtraEdgeFails) {
  printer_.ExpectEdge(Line::kNStrobe, Edge::kFalling);
  HostDrivesAt(microseconds(1), Line::kNStrobe, kL);
  HostDrivesAt(microseconds(2), Line::kNStrobe, kH);
  EXPECT_ERRC(printer_.Verify(), Errc::kProtocolError);
  EXPECT_THAT(Problems(), HasSubstr("unexpected rising nStrobe at 2000 ns"));
  EXPECT_EQ(printer_.seen_at(), std::vector<Nanoseconds>{microseconds(1)});
}

TEST_F(ScriptedPeripheralTest, EveryProblemIsReported) {
  printer_.ExpectEdge(Line::kNStrobe, Edge::kFalling);
  printer_.ExpectEdge(Line::kNStrobe, Edge::kRising, {.not_before = nanoseconds(600)});
  printer_.ExpectEdge(Line::kNInit, Edge::kFalling);
  HostDrivesAt(microseconds(1), Line::kNInit, kL);                       // Out of order.
  HostDrivesAt(microseconds(2), Line::kNStrobe, kL);                     // Edge 1.
  HostDrivesAt(microseconds(2) + nanoseconds(100), Line::kNStrobe, kH);  // Edge 2, too soon.
  EXPECT_EQ(Problems(),
            "at 1000 ns: expected edge 1 is falling nStrobe, saw falling nInit; "
            "edge 2 (rising nStrobe) came 100 ns after the previous one, outside its window; "
            "expected edge 3 never came: falling nInit");
}

TEST_F(ScriptedPeripheralTest, SeenAtGrowsAsEdgesCome) {
  printer_.ExpectEdge(Line::kNSelectIn, Edge::kFalling);
  printer_.ExpectEdge(Line::kNSelectIn, Edge::kRising);
  EXPECT_TRUE(printer_.seen_at().empty());
  HostDrivesAt(microseconds(5), Line::kNSelectIn, kL);
  EXPECT_EQ(printer_.seen_at(), std::vector<Nanoseconds>{microseconds(5)});
  HostDrivesAt(microseconds(7), Line::kNSelectIn, kH);
  EXPECT_EQ(printer_.seen_at(), (std::vector<Nanoseconds>{microseconds(5), microseconds(7)}));
}

TEST(ScriptedPeripheralDeathTest, DrivingInThePastIsABug) {
  Scheduler scheduler;
  Trace trace;
  Cable cable(scheduler, trace);
  ScriptedPeripheral printer(cable);
  scheduler.RunUntil(microseconds(2));
  EXPECT_DEATH(printer.DriveAt(microseconds(1), LineLevels().with(Line::kBusy, kH)), "in the past");
  EXPECT_DEATH(printer.DriveDataAt(microseconds(1), 0x00), "in the past");
}

TEST(ScriptedPeripheralLifetimeTest, StopsWatchingWhenDestroyed) {
  Scheduler scheduler;
  Trace trace;
  Cable cable(scheduler, trace);
  {
    ScriptedPeripheral printer(cable);
    printer.OnEdge(Line::kNStrobe, Edge::kFalling, nanoseconds(0),
                   LineLevels().with(Line::kBusy, kH));
  }
  cable.Drive(Side::kHost, Line::kNStrobe, Drive::kLow);
  cable.Settle();
  scheduler.RunUntil(microseconds(1));
  EXPECT_EQ(cable.value(Line::kBusy), Logic::kZ);
}

// A destroyed peripheral's scheduled drives are cancelled with it.
TEST(ScriptedPeripheralLifetimeTest, PendingDrivesDieWithThePeripheral) {
  Scheduler scheduler;
  Trace trace;
  Cable cable(scheduler, trace);
  {
    ScriptedPeripheral printer(cable);
    printer.DriveAt(microseconds(1), LineLevels().with(Line::kBusy, kH));
  }
  scheduler.RunUntil(microseconds(2));
  EXPECT_EQ(cable.value(Line::kBusy), Logic::kZ);
}

}  // namespace
}  // namespace parclass::sim
