#include "parclass/sim/trace.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <variant>
#include <vector>

#include "parclass/hw/ecp_regs.h"
#include "parclass/hw/spp_regs.h"

namespace parclass::sim {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;

// --- Describe ---------------------------------------------------------------------------------

// Time in microseconds with nanosecond digits, right-aligned in ten columns, as a logic
// analyser's time column.
TEST(DescribeTest, WriteOfARegisterWithFieldsNamesTheSetFields) {
  EXPECT_EQ(Describe({microseconds(1),
                      RegisterAccess{hw::Dcr::kAddress, AccessKind::kWrite, 0b0000'0100}}),
            "     1.000 us  write dcr=0x04 [n_init]");
  EXPECT_EQ(Describe({microseconds(12),
                      RegisterAccess{hw::Dcr::kAddress, AccessKind::kWrite, 0b0000'0110}}),
            "    12.000 us  write dcr=0x06 [n_init auto_fd]");
}

// "read " is padded so that reads and writes line up.
TEST(DescribeTest, ReadIsPaddedToTheWidthOfWrite) {
  EXPECT_EQ(Describe({nanoseconds(1'500),
                      RegisterAccess{hw::Dsr::kAddress, AccessKind::kRead, 0b0111'1000}}),
            "     1.500 us  read  dsr=0x78 [n_ack p_error select n_fault]");
}

TEST(DescribeTest, RegisterWithoutFieldsIsAPlainValue) {
  EXPECT_EQ(
      Describe({nanoseconds(0), RegisterAccess{hw::Data::kAddress, AccessKind::kWrite, 0x41}}),
      "     0.000 us  write data/ecp_afifo=0x41");
  EXPECT_EQ(Describe({nanoseconds(0),
                      RegisterAccess{{hw::RegisterBlock::kEcp, 0}, AccessKind::kRead, 0xaa}}),
            "     0.000 us  read  cfifo/ecp_dfifo/tfifo/cnfga=0xaa");
}

TEST(DescribeTest, LineChangeShowsBothValues) {
  EXPECT_EQ(Describe({nanoseconds(2), LineChange{Line::kNStrobe, Logic::k1, Logic::k0}}),
            "     0.002 us  nStrobe 1 -> 0");
  EXPECT_EQ(Describe({nanoseconds(2), LineChange{Line::kD0, Logic::kZ, Logic::kX}}),
            "     0.002 us  D0 z -> x");
}

TEST(DescribeTest, ContentionNamesBothDrivers) {
  EXPECT_EQ(Describe({microseconds(3), Contention{Line::kD7, Drive::kHigh, Drive::kLow}}),
            "     3.000 us  contention on D7: host drives high, peripheral drives low");
}

TEST(DescribeTest, Interrupt) {
  EXPECT_EQ(Describe({milliseconds(35), Interrupt{}}), " 35000.000 us  interrupt");
}

TEST(DescribeTest, GuestError) {
  EXPECT_EQ(Describe({nanoseconds(1'234'567), GuestError{"write to read-only dsr"}}),
            "  1234.567 us  guest error: write to read-only dsr");
}

TEST(DescribeTest, NoteIsItsText) {
  EXPECT_EQ(Describe({nanoseconds(999), Note{"EPP timeout"}}), "     0.999 us  EPP timeout");
}

// --- Recording -----------------------------------------------------------------------------

TEST(TraceTest, RecordsEveryEventInOrder) {
  Trace trace;
  trace.Record({nanoseconds(1), Note{"one"}});
  trace.Record({nanoseconds(2), LineChange{Line::kBusy, Logic::kZ, Logic::k1}});
  trace.Record({nanoseconds(3), Interrupt{}});
  ASSERT_EQ(trace.events().size(), 3u);
  EXPECT_EQ(trace.events()[0].at, nanoseconds(1));
  EXPECT_TRUE(std::holds_alternative<Note>(trace.events()[0].what));
  EXPECT_TRUE(std::holds_alternative<LineChange>(trace.events()[1].what));
  EXPECT_TRUE(std::holds_alternative<Interrupt>(trace.events()[2].what));
}

TEST(TraceTest, RecordingIsOnByDefault) {
  Trace trace;
  EXPECT_TRUE(trace.recording());
}

TEST(TraceTest, ErrorsAreContentionsAndGuestErrorsDescribed) {
  Trace trace;
  trace.Record({nanoseconds(0), Note{"not an error"}});
  trace.Record({microseconds(1), Contention{Line::kD0, Drive::kLow, Drive::kHigh}});
  trace.Record({nanoseconds(0), Interrupt{}});
  trace.Record({microseconds(2), GuestError{"ecr mode 100 on an SPP chip"}});
  trace.Record({nanoseconds(0), LineChange{Line::kD0, Logic::kZ, Logic::kX}});
  EXPECT_EQ(trace.errors(),
            (std::vector<std::string>{
                "     1.000 us  contention on D0: host drives low, peripheral drives high",
                "     2.000 us  guest error: ecr mode 100 on an SPP chip"}));
}

TEST(TraceTest, ErrorsAreKeptWhenRecordingIsOff) {
  Trace trace;
  trace.set_recording(false);
  EXPECT_FALSE(trace.recording());
  trace.Record({microseconds(1), Contention{Line::kD0, Drive::kLow, Drive::kHigh}});
  trace.Record({microseconds(2), GuestError{"bad"}});
  ASSERT_EQ(trace.errors().size(), 2u);
  EXPECT_EQ(trace.errors()[1], "     2.000 us  guest error: bad");
}

TEST(TraceTest, EventsAreNotKeptWhenRecordingIsOff) {
  Trace trace;
  trace.set_recording(false);
  trace.Record({nanoseconds(1), Note{"one"}});
  trace.Record({nanoseconds(2), GuestError{"bad"}});
  trace.Record({nanoseconds(3), RegisterAccess{hw::Dsr::kAddress, AccessKind::kRead, 0x00}});
  EXPECT_TRUE(trace.events().empty());
}

TEST(TraceTest, RecordingCanBeTurnedBackOn) {
  Trace trace;
  trace.set_recording(false);
  trace.Record({nanoseconds(1), Note{"lost"}});
  trace.set_recording(true);
  trace.Record({nanoseconds(2), Note{"kept"}});
  ASSERT_EQ(trace.events().size(), 1u);
  EXPECT_EQ(Describe(trace.events()[0]), "     0.002 us  kept");
}

TEST(TraceTest, ClearDropsEventsAndErrors) {
  Trace trace;
  trace.Record({nanoseconds(1), Note{"one"}});
  trace.Record({nanoseconds(2), GuestError{"bad"}});
  trace.Clear();
  EXPECT_TRUE(trace.events().empty());
  EXPECT_TRUE(trace.errors().empty());
  EXPECT_TRUE(trace.recording());
  trace.Record({nanoseconds(3), Note{"after"}});
  EXPECT_EQ(trace.events().size(), 1u);
}

// --- The observer ----------------------------------------------------------------------------

TEST(TraceTest, ObserverSeesEveryEvent) {
  Trace trace;
  std::vector<std::string> seen;
  trace.set_observer([&](const TraceEvent& event) { seen.push_back(Describe(event)); });
  trace.Record({nanoseconds(1), Note{"one"}});
  trace.Record({nanoseconds(2), GuestError{"bad"}});
  trace.Record({nanoseconds(3), Interrupt{}});
  EXPECT_EQ(seen, (std::vector<std::string>{"     0.001 us  one", "     0.002 us  guest error: bad",
                                            "     0.003 us  interrupt"}));
}

TEST(TraceTest, ObserverSeesEventsWhenRecordingIsOff) {
  Trace trace;
  trace.set_recording(false);
  int seen = 0;
  trace.set_observer([&](const TraceEvent&) { ++seen; });
  trace.Record({nanoseconds(1), Note{"one"}});
  trace.Record({nanoseconds(2), LineChange{Line::kBusy, Logic::kZ, Logic::k1}});
  EXPECT_EQ(seen, 2);
  EXPECT_TRUE(trace.events().empty());
}

TEST(TraceTest, ObserverCanBeRemoved) {
  Trace trace;
  int seen = 0;
  trace.set_observer([&](const TraceEvent&) { ++seen; });
  trace.Record({nanoseconds(1), Note{"one"}});
  trace.set_observer(nullptr);
  trace.Record({nanoseconds(2), Note{"two"}});
  EXPECT_EQ(seen, 1);
}

// An error is in errors() by the time the observer sees it.
TEST(TraceTest, ObserverSeesAnErrorAlreadyInErrors) {
  Trace trace;
  size_t errors_seen = 0;
  trace.set_observer([&](const TraceEvent&) { errors_seen = trace.errors().size(); });
  trace.Record({nanoseconds(1), GuestError{"bad"}});
  EXPECT_EQ(errors_seen, 1u);
}

// The observer is called after the event is recorded, so it sees it in events().
TEST(TraceTest, ObserverIsCalledAfterTheEventIsRecorded) {
  Trace trace;
  size_t events_seen = 0;
  trace.set_observer([&](const TraceEvent&) { events_seen = trace.events().size(); });
  trace.Record({nanoseconds(1), Note{"one"}});
  EXPECT_EQ(events_seen, 1u);
}

}  // namespace
}  // namespace parclass::sim
