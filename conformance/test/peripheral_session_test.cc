// Whole IEEE 1284 sessions between a host driven line by line (sim::testing::LineHost, as a host
// driver drives the port) and the simulator's peripheral models, checked end to end: the models'
// handshakes must conform, and a host that breaks the rules must be caught.

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "parclass/conformance/checker.h"
#include "parclass/conformance/live_checker.h"
#include "parclass/conformance/sim_trace.h"
#include "parclass/sim/daisy_chain.h"
#include "parclass/sim/ieee1284_peripheral.h"
#include "parclass/sim/testing/line_host.h"

namespace parclass::conformance {
namespace {

using sim::testing::LineHost;
using std::chrono::microseconds;
using ::testing::IsEmpty;

std::string Describe(const std::vector<Violation>& violations) {
  std::string text;
  for (const Violation& violation : violations) text += violation.Format() + "\n";
  return text;
}

class PeripheralSessionTest : public ::testing::Test {
 protected:
  std::vector<Violation> Check() {
    return CheckTrace(trace_, InitialLevels(trace_, cable_.levels(kAllLines)));
  }
  // A compatibility-mode writer that waits for Busy low before each byte, as Linux's does.
  void Print(uint8_t byte) {
    ASSERT_TRUE(host_.WaitFor(Line::kBusy, Level::kLow));
    host_.SendCompat(byte);
  }

  sim::Scheduler scheduler_;
  sim::Trace trace_;
  sim::Cable cable_{scheduler_, trace_};
  sim::Ieee1284Peripheral printer_{cable_, sim::Ieee1284Config()};
  LineHost host_{scheduler_, cable_};
};

TEST_F(PeripheralSessionTest, CompatibilityPrintingConforms) {
  for (char c : std::string("conform")) Print(static_cast<uint8_t>(c));
  host_.Wait(microseconds(20));
  EXPECT_EQ(printer_.received().size(), 7u);
  EXPECT_THAT(Check(), IsEmpty()) << Describe(Check());
}

// The same printer, with a host that does not wait for Busy: the checker catches it.
TEST_F(PeripheralSessionTest, HostThatIgnoresBusyIsCaught) {
  host_.SendCompat('a');
  host_.SendCompat('b');  // The printer is still busy with 'a'.
  const std::vector<Violation> violations = Check();
  ASSERT_FALSE(violations.empty());
  EXPECT_EQ(violations.front().rule, Rule::kCompatStrobeWhileBusy) << Describe(violations);
}

TEST_F(PeripheralSessionTest, NibbleSessionConforms) {
  printer_.QueueReverse(std::vector<uint8_t>{'n', 'i', 'b'});
  ASSERT_TRUE(host_.Negotiate(0x00));
  EXPECT_EQ(host_.ReadNibblesWhileAvailable().size(), 3u);
  ASSERT_TRUE(host_.Terminate());
  EXPECT_THAT(Check(), IsEmpty()) << Describe(Check());
}

TEST_F(PeripheralSessionTest, ByteSessionConforms) {
  printer_.QueueReverse(std::vector<uint8_t>{'b', 'y'});
  ASSERT_TRUE(host_.Negotiate(0x01));
  EXPECT_EQ(host_.ReadByteModeByte(), 'b');
  EXPECT_EQ(host_.ReadByteModeByte(), 'y');
  host_.Data(0x00);
  ASSERT_TRUE(host_.Terminate());
  EXPECT_THAT(Check(), IsEmpty()) << Describe(Check());
}

TEST_F(PeripheralSessionTest, DeviceIdSessionConforms) {
  ASSERT_TRUE(host_.Negotiate(0x04));
  EXPECT_FALSE(host_.ReadNibblesWhileAvailable().empty());
  ASSERT_TRUE(host_.Terminate());
  EXPECT_THAT(Check(), IsEmpty()) << Describe(Check());
}

TEST_F(PeripheralSessionTest, RejectedRequestThenTerminationConforms) {
  ASSERT_TRUE(host_.Negotiate(0x40));  // No EPP channel: rejected.
  ASSERT_TRUE(host_.Terminate());
  EXPECT_THAT(Check(), IsEmpty()) << Describe(Check());
}

// A host that goes on after a rejection, instead of terminating, is caught.
TEST_F(PeripheralSessionTest, HostIgnoringARejectionIsCaught) {
  ASSERT_TRUE(host_.Negotiate(0x40));
  host_.Set(Line::kNAutoFd, Level::kLow);  // As if reading in a mode it did not get.
  host_.Wait(microseconds(5));
  bool caught = false;
  for (const Violation& violation : Check()) {
    caught = caught || violation.rule == Rule::kNegotiationNotTerminated;
  }
  EXPECT_TRUE(caught) << Describe(Check());
}

// The checker attached to the cable judges a session as it runs, exactly as the recorded trace is
// judged afterwards, and counts the negotiations by outcome.
TEST_F(PeripheralSessionTest, LiveCheckerAgreesWithTheRecordedTrace) {
  const size_t before = LevelChangesOf(trace_).size();  // The printer's power-up levels.
  LiveChecker live(cable_);
  printer_.QueueReverse(std::vector<uint8_t>{'l', 'i'});
  ASSERT_TRUE(host_.Negotiate(0x00));
  EXPECT_EQ(host_.ReadNibblesWhileAvailable().size(), 2u);
  ASSERT_TRUE(host_.Terminate());
  printer_.QueueReverse(std::vector<uint8_t>{'v'});
  ASSERT_TRUE(host_.Negotiate(0x01));
  EXPECT_EQ(host_.ReadByteModeByte(), 'v');
  host_.Data(0x00);
  ASSERT_TRUE(host_.Terminate());
  ASSERT_TRUE(host_.Negotiate(0x40));  // No EPP channel: refused.
  host_.Wait(microseconds(1));  // A host's reaction takes time; in one instant with event 6, the
                                // checker sees event 22 instead of the refusal.
  ASSERT_TRUE(host_.Terminate());
  Print('!');
  host_.Wait(microseconds(20));
  live.Finish(scheduler_.Now());
  EXPECT_THAT(live.violations(), IsEmpty()) << Describe(live.violations());
  EXPECT_THAT(Check(), IsEmpty()) << Describe(Check());
  EXPECT_EQ(live.changes(), LevelChangesOf(trace_).size() - before);
  const std::map<LinkMode, int> want = {
      {LinkMode::kCompatibility, 1}, {LinkMode::kNibble, 1}, {LinkMode::kByte, 1}};
  EXPECT_EQ(live.negotiations(), want);
  EXPECT_EQ(live.Summary(),
            fmt::format("{} line changes; negotiations: refused 1, nibble 1, byte 1; "
                        "0 violations",
                        live.changes()));
}

TEST_F(PeripheralSessionTest, LiveCheckerCatchesWhatTheTraceShows) {
  LiveChecker live(cable_);
  trace_.Clear();
  trace_.set_recording(false);  // The live checker keeps nothing and needs nothing kept.
  host_.SendCompat('a');
  host_.SendCompat('b');  // The printer is still busy with 'a'.
  host_.Wait(microseconds(20));
  live.Finish(scheduler_.Now());
  ASSERT_FALSE(live.violations().empty());
  EXPECT_EQ(live.violations().front().rule, Rule::kCompatStrobeWhileBusy);
  EXPECT_THAT(trace_.events(), IsEmpty());
  EXPECT_THAT(live.Summary(),
              ::testing::EndsWith(fmt::format("; {} violations", live.violations().size())));
}

TEST_F(PeripheralSessionTest, LiveCheckerStopsAtFinish) {
  LiveChecker live(cable_);
  live.Finish(scheduler_.Now());
  host_.SendCompat('a');
  EXPECT_EQ(live.changes(), 0u);
  EXPECT_EQ(live.Summary(), "0 line changes; negotiations: none; 0 violations");
}

TEST(LiveCheckerDeathTest, FinishesOnce) {
  sim::Scheduler scheduler;
  sim::Trace trace;
  sim::Cable cable(scheduler, trace);
  LiveChecker live(cable);
  live.Finish(scheduler.Now());
  EXPECT_DEATH(live.Finish(scheduler.Now()), "twice");
}

// A 1284.3 chain of one device, with a printer-class function and a printer beyond it. Every
// cable records into one trace.
class ChainSessionTest : public ::testing::Test {
 protected:
  sim::Scheduler scheduler_;
  sim::Trace trace_;
  sim::Cable host_cable_{scheduler_, trace_};
  sim::Cable next_{scheduler_, trace_};
  sim::Cable function_{scheduler_, trace_};
  sim::DaisyChainDevice device_{host_cable_, next_, function_, /*last=*/true};
  sim::Ieee1284Peripheral chained_{function_, sim::Ieee1284Config()};
  sim::Ieee1284Peripheral end_{next_, sim::Ieee1284Config()};
  LineHost host_{scheduler_, host_cable_};
};

// CPP packets, address assignment and a selected device's session conform.
TEST_F(ChainSessionTest, PacketsAndASelectedDeviceConform) {
  const auto write = [&](uint8_t byte) {
    host_.Data(byte);
    host_.Wait(microseconds(2));
  };
  const auto packet = [&](uint8_t command) {
    for (uint8_t byte : {0xAA, 0x55, 0x00, 0xFF, 0x87, 0x78, static_cast<int>(command)}) {
      write(byte);
    }
    host_.Set(Line::kNStrobe, Level::kLow);
    host_.Wait(microseconds(1));
    host_.Set(Line::kNStrobe, Level::kHigh);
    host_.Wait(microseconds(1));
    write(0xFF);
  };
  packet(0x00);      // Assign address 0.
  packet(0xE0 | 0);  // Select it.
  ASSERT_TRUE(device_.selected());
  ASSERT_TRUE(host_.Negotiate(0x04));
  EXPECT_FALSE(host_.ReadNibblesWhileAvailable().empty());
  ASSERT_TRUE(host_.Terminate());
  EXPECT_EQ(CheckSession(trace_, host_cable_), "");
}

// The trace of a chain holds every cable's changes; a check of the host's side takes the host
// cable's alone, as a checker watching that cable sees them.
TEST_F(ChainSessionTest, TheHostCablesChangesAreTheHostCablesOnly) {
  LiveChecker live(host_cable_);
  const size_t before = LevelChangesOf(trace_, host_cable_.id()).size();
  ASSERT_TRUE(host_.Negotiate(0x04));  // To the end device, through the unselected chain device.
  EXPECT_FALSE(host_.ReadNibblesWhileAvailable().empty());
  ASSERT_TRUE(host_.Terminate());
  live.Finish(scheduler_.Now());
  const size_t on_host = LevelChangesOf(trace_, host_cable_.id()).size() - before;
  EXPECT_EQ(live.changes(), on_host);
  EXPECT_GT(LevelChangesOf(trace_).size(), on_host + before);  // The other cables' too.
  EXPECT_THAT(live.violations(), IsEmpty()) << Describe(live.violations());
  EXPECT_EQ(CheckSession(trace_, host_cable_), "");
}

}  // namespace
}  // namespace parclass::conformance
