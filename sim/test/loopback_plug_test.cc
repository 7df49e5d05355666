#include "parclass/sim/loopback_plug.h"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <ostream>
#include <span>
#include <vector>

namespace parclass::sim {

void PrintTo(LoopbackPlug::Wiring wiring, std::ostream* out) {
  *out << (wiring == LoopbackPlug::Wiring::kIbm ? "kIbm" : "kNorton");
}

namespace {

using Wiring = LoopbackPlug::Wiring;
using Wire = LoopbackPlug::Wire;

constexpr Level kL = Level::kLow;
constexpr Level kH = Level::kHigh;

// The pin pairs of loopback_plug.h, transcribed independently of loopback_plug.cc.
const std::vector<Wire> kIbmPins = {
    {Line::kNStrobe, Line::kSelect},  // 1 -> 13
    {Line::kD0, Line::kNFault},       // 2 -> 15
    {Line::kNInit, Line::kNAck},      // 16 -> 10
    {Line::kNSelectIn, Line::kBusy},  // 17 -> 11
    {Line::kNAutoFd, Line::kPError},  // 14 -> 12
};
const std::vector<Wire> kNortonPins = {
    {Line::kD0, Line::kNFault},  // 2 -> 15
    {Line::kD1, Line::kSelect},  // 3 -> 13
    {Line::kD2, Line::kPError},  // 4 -> 12
    {Line::kD3, Line::kNAck},    // 5 -> 10
    {Line::kD4, Line::kBusy},    // 6 -> 11
};

class LoopbackPlugTest : public ::testing::TestWithParam<Wiring> {
 protected:
  const std::vector<Wire>& pins() const {
    return GetParam() == Wiring::kIbm ? kIbmPins : kNortonPins;
  }

  // The host drives `line` to `level` and the cable settles.
  void HostDrives(Line line, Level level) {
    cable_.Drive(Side::kHost, line, DriveFor(level));
    cable_.Settle();
  }

  Scheduler scheduler_;
  Trace trace_;
  Cable cable_{scheduler_, trace_};
};

TEST_P(LoopbackPlugTest, WiresAreThePublishedPinPairs) {
  const std::span<const Wire> wires = LoopbackPlug::WiresOf(GetParam());
  ASSERT_EQ(wires.size(), pins().size());
  for (size_t i = 0; i < wires.size(); ++i) {
    EXPECT_EQ(wires[i].from, pins()[i].from) << "wire " << i;
    EXPECT_EQ(wires[i].to, pins()[i].to) << "wire " << i;
  }
}

TEST_P(LoopbackPlugTest, EachTargetFollowsItsSourceLow) {
  LoopbackPlug plug(cable_, GetParam());
  for (const Wire& wire : pins()) {
    HostDrives(wire.from, kL);
    EXPECT_EQ(cable_.level(wire.to), kL) << LineName(wire.from) << " -> " << LineName(wire.to);
    HostDrives(wire.from, kH);
  }
}

TEST_P(LoopbackPlugTest, EachTargetFollowsItsSourceHigh) {
  LoopbackPlug plug(cable_, GetParam());
  for (const Wire& wire : pins()) {
    HostDrives(wire.from, kL);
    HostDrives(wire.from, kH);
    EXPECT_EQ(cable_.level(wire.to), kH) << LineName(wire.from) << " -> " << LineName(wire.to);
    EXPECT_EQ(cable_.value(wire.to), Logic::k1) << LineName(wire.to) << " is driven, not floating";
  }
}

// Driving one source moves its target and no other status line.
TEST_P(LoopbackPlugTest, EachSourceMovesOnlyItsTarget) {
  LoopbackPlug plug(cable_, GetParam());
  for (const Wire& wire : pins()) HostDrives(wire.from, kH);
  for (const Wire& wire : pins()) {
    HostDrives(wire.from, kL);
    // Both wirings use all five status lines.
    LineLevels expected;
    for (const Wire& other : pins())
      expected = expected.with(other.to, other.to == wire.to ? kL : kH);
    EXPECT_EQ(cable_.levels(kStatusLines), expected) << LineName(wire.from);
    HostDrives(wire.from, kH);
  }
}

// "A wire makes the input pin follow the output pin's level at once (in the next delta cycle)":
// same instant, no errors.
TEST_P(LoopbackPlugTest, TargetFollowsAtTheSameInstant) {
  LoopbackPlug plug(cable_, GetParam());
  const Wire wire = pins()[0];
  scheduler_.SleepFor(std::chrono::microseconds(4));
  HostDrives(wire.from, kL);
  EXPECT_EQ(cable_.last_change(wire.to), std::chrono::microseconds(4));
  EXPECT_TRUE(trace_.errors().empty());
}

// With nothing driving them, the sources read high (control lines pulled up, data lines floating
// with a pull-up), so the plug drives every target high from the start.
TEST_P(LoopbackPlugTest, TargetsStartAtTheUndrivenSourcesLevel) {
  LoopbackPlug plug(cable_, GetParam());
  for (const Wire& wire : pins()) {
    EXPECT_EQ(cable_.driver(Side::kPeripheral, wire.to), Drive::kHigh) << LineName(wire.to);
  }
}

TEST_P(LoopbackPlugTest, ReleasesItsLinesWhenDestroyed) {
  std::optional<LoopbackPlug> plug(std::in_place, cable_, GetParam());
  HostDrives(pins()[0].from, kL);
  plug.reset();
  cable_.Settle();
  for (const Wire& wire : pins()) {
    EXPECT_EQ(cable_.driver(Side::kPeripheral, wire.to), Drive::kRelease) << LineName(wire.to);
    EXPECT_EQ(cable_.value(wire.to), Logic::kZ) << LineName(wire.to);
  }
}

TEST_P(LoopbackPlugTest, StopsFollowingWhenDestroyed) {
  std::optional<LoopbackPlug> plug(std::in_place, cable_, GetParam());
  plug.reset();
  const Wire wire = pins()[0];
  HostDrives(wire.from, kL);
  EXPECT_EQ(cable_.value(wire.to), Logic::kZ);
}

// Without an explicit Settle, the release lands when the scheduler runs the current instant.
TEST_P(LoopbackPlugTest, ReleaseLandsWhenTheSchedulerRuns) {
  std::optional<LoopbackPlug> plug(std::in_place, cable_, GetParam());
  plug.reset();
  scheduler_.RunUntil(scheduler_.Now());
  for (const Wire& wire : pins()) EXPECT_EQ(cable_.value(wire.to), Logic::kZ);
}

INSTANTIATE_TEST_SUITE_P(Wirings, LoopbackPlugTest,
                         ::testing::Values(Wiring::kIbm, Wiring::kNorton),
                         [](const ::testing::TestParamInfo<Wiring>& info) {
                           return info.param == Wiring::kIbm ? "Ibm" : "Norton";
                         });

// The example of loopback_plug.h, on the cable: D4 high makes Busy high on a Norton plug.
TEST(LoopbackPlugNortonTest, D4DrivesBusy) {
  Scheduler scheduler;
  Trace trace;
  Cable cable(scheduler, trace);
  LoopbackPlug plug(cable, Wiring::kNorton);
  cable.DriveData(Side::kHost, 0b0001'0000);
  cable.Settle();
  EXPECT_EQ(cable.level(Line::kBusy), kH);
  EXPECT_EQ(cable.levels(kStatusLines), LineLevels()
                                            .with(Line::kNAck, kL)      // D3
                                            .with(Line::kBusy, kH)      // D4
                                            .with(Line::kPError, kL)    // D2
                                            .with(Line::kSelect, kL)    // D1
                                            .with(Line::kNFault, kL));  // D0
}

// IBM plug: writing the control lines shows them on the status lines.
TEST(LoopbackPlugIbmTest, ControlLinesShowOnStatusLines) {
  Scheduler scheduler;
  Trace trace;
  Cable cable(scheduler, trace);
  LoopbackPlug plug(cable, Wiring::kIbm);
  cable.DriveLevels(Side::kHost, LineLevels()
                                     .with(Line::kNStrobe, kL)
                                     .with(Line::kNAutoFd, kH)
                                     .with(Line::kNInit, kL)
                                     .with(Line::kNSelectIn, kH));
  cable.DriveData(Side::kHost, 0b0000'0001);
  cable.Settle();
  EXPECT_EQ(cable.levels(kStatusLines), LineLevels()
                                            .with(Line::kNAck, kL)      // nInit
                                            .with(Line::kBusy, kH)      // nSelectIn
                                            .with(Line::kPError, kH)    // nAutoFd
                                            .with(Line::kSelect, kL)    // nStrobe
                                            .with(Line::kNFault, kH));  // D0
}

}  // namespace
}  // namespace parclass::sim
