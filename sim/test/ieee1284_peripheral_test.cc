// The printer-class IEEE 1284 peripheral model, driven from the host's side of the cable line by
// line through each of its phases (ieee1284.md sections 4-8, 11), and each fault's effect.

#include "parclass/sim/ieee1284_peripheral.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <vector>

#include "parclass/sim/testing/line_host.h"

namespace parclass::sim {
namespace {

using testing::LineHost;

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class PeripheralTest : public ::testing::Test {
 protected:
  explicit PeripheralTest(Ieee1284Config config = {}) : printer_(cable_, std::move(config)) {}

  LineLevels Status() const { return host_.Status(); }
  bool HasNote(std::string_view needle) const { return testing::HasNote(trace_, needle); }
  void SendCompat(uint8_t byte) { host_.SendCompat(byte); }
  std::optional<uint8_t> ReadNibbleByte() { return host_.ReadNibbleByte(); }
  std::vector<uint8_t> ReadNibbleWhileAvailable() { return host_.ReadNibblesWhileAvailable(); }

  Scheduler scheduler_;
  Trace trace_;
  Cable cable_{scheduler_, trace_};
  Ieee1284Peripheral printer_;
  LineHost host_{scheduler_, cable_};
};

// --- Compatibility mode ----------------------------------------------------------------------

TEST_F(PeripheralTest, IdleReadyPrinter) {
  EXPECT_EQ(Status(), LineLevels()
                          .with(Line::kNAck, Level::kHigh)
                          .with(Line::kBusy, Level::kLow)
                          .with(Line::kPError, Level::kLow)
                          .with(Line::kSelect, Level::kHigh)
                          .with(Line::kNFault, Level::kHigh));
  EXPECT_EQ(printer_.mode(), LinkMode::kCompatibility);
}

TEST_F(PeripheralTest, CompatibilityHandshake) {
  host_.Data('A');
  host_.Wait(microseconds(1));
  const Nanoseconds strobe_at = scheduler_.Now();
  host_.Set(Line::kNStrobe, Level::kLow);
  ASSERT_TRUE(host_.WaitFor(Line::kBusy, Level::kHigh, microseconds(1)));
  EXPECT_LE(scheduler_.Now() - strobe_at, nanoseconds(500));  // Busy within 500 ns.
  host_.Set(Line::kNStrobe, Level::kHigh);
  ASSERT_TRUE(host_.WaitFor(Line::kNAck, Level::kLow, microseconds(10)));
  const Nanoseconds ack_at = scheduler_.Now();
  ASSERT_TRUE(host_.WaitFor(Line::kNAck, Level::kHigh, microseconds(20)));
  EXPECT_EQ(scheduler_.Now() - ack_at, printer_.config().printer.ack_width);
  EXPECT_EQ(host_.level(Line::kBusy), Level::kLow);
  EXPECT_THAT(printer_.received(), ElementsAre('A'));
}

TEST_F(PeripheralTest, StrobeWhileBusyIsIgnored) {
  SendCompat('x');
  SendCompat('y');  // 3 us later: still busy (2 us processing, 2 us nAck).
  host_.Wait(microseconds(20));
  EXPECT_THAT(printer_.received(), ElementsAre('x'));
  EXPECT_TRUE(HasNote("strobe while busy")) << "no note";
}

class BufferedPrinterTest : public PeripheralTest {
 protected:
  static Ieee1284Config Config() {
    Ieee1284Config config;
    config.buffer_bytes = 2;
    config.print_time = milliseconds(1);
    return config;
  }
  BufferedPrinterTest() : PeripheralTest(Config()) {}
};

TEST_F(BufferedPrinterTest, StaysBusyWhileTheBufferIsFull) {
  SendCompat('1');
  host_.Wait(microseconds(10));
  SendCompat('2');
  host_.Wait(microseconds(10));
  EXPECT_EQ(host_.level(Line::kBusy), Level::kHigh);  // Two bytes buffered: full.
  EXPECT_TRUE(host_.WaitFor(Line::kBusy, Level::kLow, milliseconds(2)));
  SendCompat('3');
  host_.Wait(microseconds(10));
  EXPECT_THAT(printer_.received(), ElementsAre('1', '2', '3'));
}

TEST_F(PeripheralTest, PaperOutOfflineAndPowerOffShowOnTheStatusLines) {
  printer_.set_condition(Condition::kPaperOut);
  EXPECT_EQ(Status().level(Line::kPError), Level::kHigh);
  EXPECT_EQ(Status().level(Line::kNFault), Level::kLow);
  EXPECT_EQ(Status().level(Line::kBusy), Level::kHigh);
  printer_.set_condition(Condition::kOffline);
  EXPECT_EQ(Status().level(Line::kSelect), Level::kLow);
  EXPECT_EQ(Status().level(Line::kNFault), Level::kLow);
  printer_.set_condition(Condition::kPoweredOff);
  EXPECT_TRUE(Status().high().empty());  // Every status line low.
  SendCompat('z');
  EXPECT_TRUE(printer_.received().empty());
}

TEST_F(PeripheralTest, VanishedPeripheralLeavesTheLinesFloating) {
  printer_.side().Vanish();
  kStatusLines.ForEach([&](Line line) { EXPECT_EQ(cable_.value(line), Logic::kZ) << line; });
  EXPECT_FALSE(host_.Negotiate(0x00));
}

TEST_F(PeripheralTest, NInitResetsThePrinter) {
  host_.Set(Line::kNInit, Level::kLow);
  EXPECT_EQ(host_.level(Line::kBusy), Level::kHigh);
  host_.Wait(microseconds(1));
  host_.Set(Line::kNInit, Level::kHigh);
  EXPECT_EQ(host_.level(Line::kBusy), Level::kLow);
}

// --- Negotiation -----------------------------------------------------------------------------

// Event 2: PError, Select, nFault high; nAck low.
TEST_F(PeripheralTest, Event2AnswersEvent1) {
  host_.Data(0x00);
  host_.Control(
      LineLevels().with(Line::kNSelectIn, Level::kHigh).with(Line::kNAutoFd, Level::kLow));
  ASSERT_TRUE(host_.WaitFor(Line::kNAck, Level::kLow));
  EXPECT_EQ(Status().level(Line::kPError), Level::kHigh);
  EXPECT_EQ(Status().level(Line::kSelect), Level::kHigh);
  EXPECT_EQ(Status().level(Line::kNFault), Level::kHigh);
  EXPECT_EQ(printer_.phase(), Phase::kNegotiation);
}

// The nibble request is mandatory, and its XFlag is inverted: low means accepted.
TEST_F(PeripheralTest, NibbleRequestIsAcceptedWithXFlagLow) {
  ASSERT_TRUE(host_.Negotiate(0x00));
  EXPECT_EQ(host_.level(Line::kSelect), Level::kLow);
  EXPECT_EQ(printer_.mode(), LinkMode::kNibble);
  EXPECT_EQ(printer_.last_request(), kNibbleRequest);
}

TEST_F(PeripheralTest, ByteRequestIsAcceptedWithXFlagHigh) {
  ASSERT_TRUE(host_.Negotiate(0x01));
  EXPECT_EQ(host_.level(Line::kSelect), Level::kHigh);
  EXPECT_EQ(printer_.mode(), LinkMode::kByte);
}

TEST_F(PeripheralTest, UnsupportedRequestIsRejectedWithXFlagLow) {
  ASSERT_TRUE(host_.Negotiate(0x40));  // EPP, but no EPP channel is attached.
  EXPECT_EQ(host_.level(Line::kSelect), Level::kLow);
  EXPECT_EQ(printer_.transition(), Transition::kRejected);
  EXPECT_TRUE(host_.Terminate());
  EXPECT_EQ(printer_.mode(), LinkMode::kCompatibility);
}

class RestrictedPeripheralTest : public PeripheralTest {
 protected:
  static Ieee1284Config Config() {
    Ieee1284Config config;
    config.accepted.byte = false;
    config.accepted.device_id = false;
    return config;
  }
  RestrictedPeripheralTest() : PeripheralTest(Config()) {}
};

TEST_F(RestrictedPeripheralTest, RefusesWhatItDoesNotAccept) {
  ASSERT_TRUE(host_.Negotiate(0x01));
  EXPECT_EQ(host_.level(Line::kSelect), Level::kLow);
  ASSERT_TRUE(host_.Terminate());
  ASSERT_TRUE(host_.Negotiate(0x04));
  EXPECT_EQ(host_.level(Line::kSelect), Level::kLow);
}

// A plain Centronics printer never answers event 1: the host sees no event 2 within tL.
TEST(LegacyPrinterTest, NeverAnswersNegotiation) {
  Scheduler scheduler;
  Trace trace;
  Cable cable(scheduler, trace);
  Ieee1284Config config;
  config.ieee1284 = false;
  Ieee1284Peripheral printer(cable, config);
  LineHost host(scheduler, cable);
  EXPECT_FALSE(host.Negotiate(0x00));
  EXPECT_EQ(printer.mode(), LinkMode::kCompatibility);
}

TEST_F(PeripheralTest, HostGivingUpReturnsToCompatibility) {
  printer_.side().faults().never.insert(2);
  EXPECT_FALSE(host_.Negotiate(0x00));
  host_.Control(LineHost::CompatIdle());
  EXPECT_EQ(printer_.mode(), LinkMode::kCompatibility);
  SendCompat('k');
  host_.Wait(microseconds(10));
  EXPECT_THAT(printer_.received(), ElementsAre('k'));
}

TEST_F(PeripheralTest, LateEvent6MissesTheHostsTl) {
  printer_.side().faults().late[6] = milliseconds(40);
  EXPECT_FALSE(host_.Negotiate(0x00));
  EXPECT_TRUE(host_.WaitFor(Line::kNAck, Level::kHigh, milliseconds(10)));  // It comes, late.
}

// A host whose event 6 wait ran out terminates with the handshake (Linux's parport_negotiate,
// ieee1284.md 4.2 E6): the peripheral answers events 23-27 at once, and the late event 6 never
// comes. Found by the cross-check with the kernel (docs/qemu.md). (nAck is still low from event
// 2, so the host's wait for event 24 ends at once; the levels of events 23-24 follow within the
// response time.)
TEST_F(PeripheralTest, AbandonedNegotiationGetsTheTerminationHandshake) {
  printer_.side().faults().late[6] = milliseconds(40);
  EXPECT_FALSE(host_.Negotiate(0x04));
  host_.Control(  // Event 22.
      LineLevels().with(Line::kNSelectIn, Level::kLow).with(Line::kNAutoFd, Level::kHigh));
  host_.Wait(microseconds(10));
  EXPECT_EQ(host_.level(Line::kNAck), Level::kLow);  // Event 24.
  EXPECT_EQ(Status().level(Line::kBusy), Level::kHigh);
  EXPECT_EQ(Status().level(Line::kNFault), Level::kHigh);
  EXPECT_EQ(printer_.phase(), Phase::kTerminate);
  host_.Set(Line::kNAutoFd, Level::kLow);  // Event 25.
  ASSERT_TRUE(host_.WaitFor(Line::kNAck, Level::kHigh));
  host_.Set(Line::kNAutoFd, Level::kHigh);  // Event 28.
  EXPECT_EQ(printer_.mode(), LinkMode::kCompatibility);
  host_.Wait(milliseconds(50));  // Past the late event 6: nothing comes.
  EXPECT_EQ(host_.level(Line::kNAck), Level::kHigh);
  EXPECT_EQ(printer_.mode(), LinkMode::kCompatibility);
  SendCompat('k');
  host_.Wait(microseconds(10));
  EXPECT_THAT(printer_.received(), ElementsAre('k'));
}

// --- Termination -----------------------------------------------------------------------------

TEST_F(PeripheralTest, HandshakeTerminationEvents23To27) {
  ASSERT_TRUE(host_.Negotiate(0x01));
  host_.Control(
      LineLevels().with(Line::kNSelectIn, Level::kLow).with(Line::kNAutoFd, Level::kHigh));
  ASSERT_TRUE(host_.WaitFor(Line::kNAck, Level::kLow));
  // Events 23 and 24: Busy and nFault high, XFlag inverted (byte mode's high becomes low).
  EXPECT_EQ(Status().level(Line::kBusy), Level::kHigh);
  EXPECT_EQ(Status().level(Line::kNFault), Level::kHigh);
  EXPECT_EQ(Status().level(Line::kSelect), Level::kLow);
  EXPECT_EQ(printer_.phase(), Phase::kTerminate);
  host_.Set(Line::kNAutoFd, Level::kLow);
  ASSERT_TRUE(host_.WaitFor(Line::kNAck, Level::kHigh));
  host_.Set(Line::kNAutoFd, Level::kHigh);
  EXPECT_EQ(printer_.mode(), LinkMode::kCompatibility);
  EXPECT_EQ(Status().level(Line::kSelect), Level::kHigh);
}

TEST_F(PeripheralTest, ImmediateTerminationWhileHostBusyIsLow) {
  printer_.QueueReverse(std::vector<uint8_t>{1, 2, 3});
  ASSERT_TRUE(host_.Negotiate(0x00));
  host_.Set(Line::kNAutoFd, Level::kLow);  // Event 7: mid-transfer.
  host_.Set(Line::kNSelectIn, Level::kLow);
  EXPECT_EQ(printer_.mode(), LinkMode::kCompatibility);
}

// --- Nibble and byte reverse channels --------------------------------------------------------

TEST_F(PeripheralTest, NibbleModeSendsTheQueueLowNibbleFirst) {
  printer_.QueueReverse(std::vector<uint8_t>{0xA5, 0x3C});
  ASSERT_TRUE(host_.Negotiate(0x00));
  EXPECT_EQ(host_.level(Line::kNFault), Level::kLow);  // Event 5: data available.
  EXPECT_THAT(ReadNibbleWhileAvailable(), ElementsAre(0xA5, 0x3C));
  EXPECT_EQ(host_.level(Line::kNFault), Level::kHigh);  // Event 13: no more.
  EXPECT_EQ(printer_.phase(), Phase::kDataNotAvailable);
}

TEST_F(PeripheralTest, ByteModeSendsOnTheDataLines) {
  printer_.QueueReverse(std::vector<uint8_t>{0x5A});
  ASSERT_TRUE(host_.Negotiate(0x01));
  host_.ReleaseData();                     // Event 14.
  host_.Set(Line::kNAutoFd, Level::kLow);  // Event 7.
  ASSERT_TRUE(host_.WaitFor(Line::kNAck, Level::kLow));
  EXPECT_EQ(cable_.data(), 0x5A);           // Events 15 and 9.
  host_.Set(Line::kNAutoFd, Level::kHigh);  // Event 10.
  ASSERT_TRUE(host_.WaitFor(Line::kNAck, Level::kHigh));
  host_.Set(Line::kNStrobe, Level::kLow);  // Events 16 and 17.
  host_.Wait(microseconds(1));
  host_.Set(Line::kNStrobe, Level::kHigh);
  EXPECT_EQ(host_.level(Line::kNFault), Level::kHigh);
  EXPECT_EQ(cable_.driver(Side::kPeripheral, Line::kD0), Drive::kRelease);
  EXPECT_TRUE(trace_.errors().empty()) << trace_.errors().front();
}

// Reverse idle, then data arrives: events 18-21.
TEST_F(PeripheralTest, DataAvailableInterruptsTheHostFromReverseIdle) {
  ASSERT_TRUE(host_.Negotiate(0x00));
  host_.Set(Line::kNAutoFd, Level::kLow);  // Event 7 with no data: reverse idle.
  host_.Wait(microseconds(5));
  EXPECT_EQ(printer_.phase(), Phase::kReverseIdle);
  printer_.QueueReverse(std::vector<uint8_t>{0x42});
  ASSERT_TRUE(host_.WaitFor(Line::kNAck, Level::kLow));  // Event 19 with nDataAvail low.
  EXPECT_EQ(host_.level(Line::kNFault), Level::kLow);
  ASSERT_TRUE(host_.WaitFor(Line::kNAck, Level::kHigh));   // The rising edge interrupts.
  host_.Set(Line::kNAutoFd, Level::kHigh);                 // Event 20.
  ASSERT_TRUE(host_.WaitFor(Line::kPError, Level::kLow));  // Event 21.
  EXPECT_EQ(printer_.phase(), Phase::kDataAvailable);
  EXPECT_EQ(ReadNibbleByte(), 0x42);
}

// --- Device ID -------------------------------------------------------------------------------

class DeviceIdTest : public ::testing::TestWithParam<DeviceIdLength> {};

TEST_P(DeviceIdTest, NibbleDeviceIdCarriesItsLengthForm) {
  Scheduler scheduler;
  Trace trace;
  Cable cable(scheduler, trace);
  Ieee1284Config config;
  config.device_id = "MFG:ACME;MDL:Model 1;";
  config.device_id_length = GetParam();
  Ieee1284Peripheral printer(cable, config);
  LineHost host(scheduler, cable);
  ASSERT_TRUE(host.Negotiate(0x04));
  EXPECT_EQ(host.level(Line::kSelect), Level::kHigh);
  const std::vector<uint8_t> got = host.ReadNibblesWhileAvailable();
  EXPECT_EQ(got, Ieee1284Peripheral::DeviceIdBytes(config.device_id, GetParam()));
}

INSTANTIATE_TEST_SUITE_P(Forms, DeviceIdTest,
                         ::testing::Values(DeviceIdLength::kStandard, DeviceIdLength::kLittleEndian,
                                           DeviceIdLength::kExcludingItself,
                                           DeviceIdLength::kOffByTwo, DeviceIdLength::kBogus));

TEST(DeviceIdBytesTest, LengthForms) {
  const std::string id = "MFG:A;";  // 6 bytes.
  using D = DeviceIdLength;
  const std::vector<uint8_t> standard = Ieee1284Peripheral::DeviceIdBytes(id, D::kStandard);
  EXPECT_THAT(standard, ElementsAre(0x00, 0x08, 'M', 'F', 'G', ':', 'A', ';'));
  EXPECT_EQ(Ieee1284Peripheral::DeviceIdBytes(id, D::kLittleEndian)[0], 0x08);
  EXPECT_EQ(Ieee1284Peripheral::DeviceIdBytes(id, D::kExcludingItself)[1], 0x06);
  EXPECT_EQ(Ieee1284Peripheral::DeviceIdBytes(id, D::kOffByTwo)[1], 0x0A);
  EXPECT_EQ(Ieee1284Peripheral::DeviceIdBytes(id, D::kBogus)[0], 0xFF);
}

// A second Device ID request starts the ID from the beginning again.
TEST_F(PeripheralTest, DeviceIdRestartsAfterTermination) {
  ASSERT_TRUE(host_.Negotiate(0x04));
  const std::optional<uint8_t> first = ReadNibbleByte();
  ASSERT_TRUE(host_.Terminate());
  ASSERT_TRUE(host_.Negotiate(0x04));
  EXPECT_EQ(ReadNibbleByte(), first);
}

// --- Extensibility link ----------------------------------------------------------------------

class LinkPeripheralTest : public PeripheralTest {
 protected:
  static Ieee1284Config Config() {
    Ieee1284Config config;
    config.accepted.extensibility_link = true;
    return config;
  }
  LinkPeripheralTest() : PeripheralTest(Config()) {}
};

// Events 51-55: after 0x80 is accepted, the second request byte chooses the mode.
TEST_F(LinkPeripheralTest, SecondRequestByteChoosesTheMode) {
  ASSERT_TRUE(host_.Negotiate(0x80));
  EXPECT_EQ(host_.level(Line::kSelect), Level::kHigh);
  host_.Data(0x01);
  host_.Wait(microseconds(1));
  host_.Set(Line::kNStrobe, Level::kLow);                 // Event 51.
  ASSERT_TRUE(host_.WaitFor(Line::kNAck, Level::kLow));   // Event 52.
  host_.Set(Line::kNStrobe, Level::kHigh);                // Event 53.
  ASSERT_TRUE(host_.WaitFor(Line::kNAck, Level::kHigh));  // Events 54 and 55.
  EXPECT_EQ(host_.level(Line::kSelect), Level::kHigh);
  EXPECT_EQ(printer_.mode(), LinkMode::kByte);
}

TEST_F(PeripheralTest, ExtensibilityLinkRefusedByDefault) {
  ASSERT_TRUE(host_.Negotiate(0x80));
  EXPECT_EQ(host_.level(Line::kSelect), Level::kLow);
  EXPECT_EQ(printer_.transition(), Transition::kRejected);
}

}  // namespace
}  // namespace parclass::sim
