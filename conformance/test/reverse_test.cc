// Nibble mode (ieee1284.md section 7) and byte mode (section 8): the order and response times of
// events 7-11, reverse idle and the data-available interrupt (events 18-20), the stability of the
// data, and byte mode's acknowledge pulse (events 16-17).

#include <gtest/gtest.h>

#include "parclass/conformance/checker.h"
#include "trace_builder.h"

namespace parclass::conformance {
namespace {

constexpr Nanoseconds kTl = milliseconds(35);

// Events 0-6 at 10-16 us, accepted, with data available (nDataAvail and AckDataReq low).
ConformanceChecker Negotiated(uint8_t request, Level xflag) {
  ConformanceChecker checker(IdleLevels());
  Negotiate(checker, microseconds(10), request, xflag, {{Line::kNFault, kL}, {Line::kPError, kL}});
  return checker;
}

// One nibble, one event per microsecond: event 7 at `at`, the nibble on nFault, Select, PError
// and Busy (bits 0-3) at +1, event 9 at +2, event 10 at +3, event 11 at +4. Returns +4.
Nanoseconds ReadNibble(ConformanceChecker& checker, Nanoseconds at, uint8_t nibble) {
  const auto bit = [nibble](int n) { return LevelOf(((nibble >> n) & 1) != 0); };
  Set(checker, at, {{Line::kNAutoFd, kL}});
  Set(checker, at + microseconds(1),
      {{Line::kNFault, bit(0)},
       {Line::kSelect, bit(1)},
       {Line::kPError, bit(2)},
       {Line::kBusy, bit(3)}});
  Set(checker, at + microseconds(2), {{Line::kNAck, kL}});
  Set(checker, at + microseconds(3), {{Line::kNAutoFd, kH}});
  Set(checker, at + microseconds(4), {{Line::kNAck, kH}});
  return at + microseconds(4);
}

// One byte: event 7 at `at`, the byte on D0-D7 at +1, events 9, 10, 11 at +2, +3, +4, and the
// acknowledge pulse, events 16 and 17, at +5 and +6. Returns +6.
Nanoseconds ReadByte(ConformanceChecker& checker, Nanoseconds at, uint8_t byte) {
  Set(checker, at, {{Line::kNAutoFd, kL}});
  SetData(checker, at + microseconds(1), byte);
  Set(checker, at + microseconds(2), {{Line::kNAck, kL}});
  Set(checker, at + microseconds(3), {{Line::kNAutoFd, kH}});
  Set(checker, at + microseconds(4), {{Line::kNAck, kH}});
  Set(checker, at + microseconds(5), {{Line::kNStrobe, kL}});
  Set(checker, at + microseconds(6), {{Line::kNStrobe, kH}});
  return at + microseconds(6);
}

// A byte, then no more data: reverse idle, the data-available interrupt (events 18-21), another
// byte, and the termination.
TEST(NibbleTest, ConformingSession) {
  ConformanceChecker checker = Negotiated(0x00, kL);
  checker.AdvanceTo(microseconds(17));
  EXPECT_EQ(checker.phase(), Phase::kDataAvailable);
  ReadNibble(checker, microseconds(20), 0x1);
  checker.AdvanceTo(microseconds(25));
  EXPECT_EQ(checker.phase(), Phase::kReverseTransfer);  // Between the nibbles of a byte.
  ReadNibble(checker, microseconds(30), 0x4);
  Set(checker, microseconds(35), {{Line::kNFault, kH}, {Line::kPError, kH}});  // Event 13.
  checker.AdvanceTo(microseconds(36));
  EXPECT_EQ(checker.phase(), Phase::kDataNotAvailable);
  Set(checker, microseconds(40), {{Line::kNAutoFd, kL}});  // No data: reverse idle.
  checker.AdvanceTo(microseconds(41));
  EXPECT_EQ(checker.phase(), Phase::kReverseIdle);
  Set(checker, microseconds(50), {{Line::kNFault, kL}});  // Event 18.
  Set(checker, microseconds(51), {{Line::kNAck, kL}});    // Event 19 ...
  Set(checker, microseconds(52), {{Line::kNAck, kH}});    // ... the pulse that interrupts.
  checker.AdvanceTo(microseconds(53));
  EXPECT_EQ(checker.phase(), Phase::kInterruptHost);
  Set(checker, microseconds(54), {{Line::kNAutoFd, kH}});  // Event 20.
  Set(checker, microseconds(55), {{Line::kPError, kL}});   // Event 21.
  checker.AdvanceTo(microseconds(56));
  EXPECT_EQ(checker.phase(), Phase::kDataAvailable);
  ReadNibble(checker, microseconds(60), 0x2);
  ReadNibble(checker, microseconds(70), 0x4);
  Terminate(checker, microseconds(80), kL);
  checker.Finish(microseconds(90));
  EXPECT_TRUE(Conforms(checker));
  EXPECT_EQ(checker.mode(), LinkMode::kCompatibility);
}

// The nibble may be driven with event 9, and changed with event 11: those are simultaneous.
TEST(NibbleTest, DataMayChangeWithTheClockEdges) {
  ConformanceChecker checker = Negotiated(0x00, kL);
  Set(checker, microseconds(20), {{Line::kNAutoFd, kL}});
  Set(checker, microseconds(21), {{Line::kSelect, kH}, {Line::kBusy, kH}, {Line::kNAck, kL}});
  Set(checker, microseconds(22), {{Line::kNAutoFd, kH}});
  Set(checker, microseconds(23), {{Line::kSelect, kL}, {Line::kNAck, kH}});
  checker.Finish(microseconds(24));
  EXPECT_TRUE(Conforms(checker));
}

TEST(NibbleTest, Event10BeforeEvent9) {
  ConformanceChecker checker = Negotiated(0x00, kL);
  Set(checker, microseconds(20), {{Line::kNAutoFd, kL}});
  Set(checker, microseconds(21), {{Line::kNAutoFd, kH}});
  checker.Finish(microseconds(22));
  EXPECT_TRUE(FoundOnly(checker, Rule::kNibbleOrder, 10, microseconds(21)));
}

TEST(NibbleTest, Event11BeforeEvent10) {
  ConformanceChecker checker = Negotiated(0x00, kL);
  Set(checker, microseconds(20), {{Line::kNAutoFd, kL}});
  Set(checker, microseconds(22), {{Line::kNAck, kL}});
  Set(checker, microseconds(23), {{Line::kNAck, kH}});
  checker.Finish(microseconds(24));
  EXPECT_TRUE(FoundOnly(checker, Rule::kNibbleOrder, 11, microseconds(23)));
  EXPECT_EQ(checker.mode(), LinkMode::kUnknown);
}

TEST(NibbleTest, NAckWithoutEvent7) {
  ConformanceChecker checker = Negotiated(0x00, kL);
  Set(checker, microseconds(20), {{Line::kNAck, kL}});
  checker.Finish(microseconds(21));
  EXPECT_TRUE(FoundOnly(checker, Rule::kNibbleOrder, 9, microseconds(20)));
}

TEST(NibbleTest, Event19BeforeEvent18) {
  ConformanceChecker checker(IdleLevels());
  Negotiate(checker, microseconds(10), 0x00, kL);          // No data.
  Set(checker, microseconds(20), {{Line::kNAutoFd, kL}});  // Reverse idle.
  Set(checker, microseconds(21), {{Line::kNAck, kL}});
  Set(checker, microseconds(22), {{Line::kNAck, kH}});
  checker.Finish(microseconds(23));
  EXPECT_TRUE(FoundOnly(checker, Rule::kNibbleOrder, 19, microseconds(21)));
}

TEST(NibbleTest, HostClkPulsed) {
  ConformanceChecker checker = Negotiated(0x00, kL);
  Set(checker, microseconds(20), {{Line::kNStrobe, kL}});
  Set(checker, microseconds(21), {{Line::kNStrobe, kH}});
  checker.Finish(microseconds(22));
  EXPECT_TRUE(FoundOnly(checker, Rule::kNibbleOrder, std::nullopt, microseconds(20)));
}

// The host gives up after tL and restores nAutoFd high: only the missing event is reported.
TEST(NibbleTest, Event9Missing) {
  ConformanceChecker checker = Negotiated(0x00, kL);
  Set(checker, microseconds(20), {{Line::kNAutoFd, kL}});
  Set(checker, microseconds(20) + kTl + microseconds(1), {{Line::kNAutoFd, kH}});
  checker.Finish(milliseconds(100));
  EXPECT_TRUE(FoundOnly(checker, Rule::kNibbleResponseTime, 9, microseconds(20) + kTl));
  EXPECT_EQ(checker.mode(), LinkMode::kNibble);
}

TEST(NibbleTest, Event11Missing) {
  ConformanceChecker checker = Negotiated(0x00, kL);
  Set(checker, microseconds(20), {{Line::kNAutoFd, kL}});
  Set(checker, microseconds(22), {{Line::kNAck, kL}});
  Set(checker, microseconds(23), {{Line::kNAutoFd, kH}});
  checker.Finish(milliseconds(100));
  EXPECT_TRUE(FoundOnly(checker, Rule::kNibbleResponseTime, 11, microseconds(23) + kTl));
}

TEST(NibbleTest, DataChangedWhileNAckLow) {
  ConformanceChecker checker = Negotiated(0x00, kL);
  Set(checker, microseconds(20), {{Line::kNAutoFd, kL}});
  Set(checker, microseconds(22), {{Line::kNAck, kL}});
  Set(checker, nanoseconds(22'500), {{Line::kSelect, kH}});
  Set(checker, microseconds(23), {{Line::kNAutoFd, kH}});
  Set(checker, microseconds(24), {{Line::kNAck, kH}});
  checker.Finish(microseconds(25));
  EXPECT_TRUE(FoundOnly(checker, Rule::kNibbleDataStable, 10, nanoseconds(22'500)));
}

// Byte mode events 7, 15, 9 and 10 for 'A', from 20 us to 23 us, a microsecond apart.
void ByteEvents7To10(ConformanceChecker& checker) {
  Set(checker, microseconds(20), {{Line::kNAutoFd, kL}});
  SetData(checker, microseconds(21), 0x41);
  Set(checker, microseconds(22), {{Line::kNAck, kL}});
  Set(checker, microseconds(23), {{Line::kNAutoFd, kH}});
}

TEST(ByteModeTest, ConformingSession) {
  ConformanceChecker checker = Negotiated(0x01, kH);
  EXPECT_EQ(ReadByte(checker, microseconds(20), 0x41), microseconds(26));
  checker.AdvanceTo(microseconds(26));
  EXPECT_EQ(checker.phase(), Phase::kDataAvailable);
  ReadByte(checker, microseconds(30), 0x42);
  Terminate(checker, microseconds(40), kH);
  checker.Finish(microseconds(50));
  EXPECT_TRUE(Conforms(checker));
  EXPECT_EQ(checker.mode(), LinkMode::kCompatibility);
}

TEST(ByteModeTest, Event16BeforeEvent11) {
  ConformanceChecker checker = Negotiated(0x01, kH);
  ByteEvents7To10(checker);
  Set(checker, nanoseconds(23'500), {{Line::kNStrobe, kL}});
  checker.Finish(microseconds(24));
  EXPECT_TRUE(FoundOnly(checker, Rule::kByteOrder, 16, nanoseconds(23'500)));
}

TEST(ByteModeTest, Event7BeforeEvent17) {
  ConformanceChecker checker = Negotiated(0x01, kH);
  ByteEvents7To10(checker);
  Set(checker, microseconds(24), {{Line::kNAck, kH}});
  Set(checker, microseconds(25), {{Line::kNStrobe, kL}});
  Set(checker, microseconds(26), {{Line::kNAutoFd, kL}});
  checker.Finish(microseconds(27));
  EXPECT_TRUE(FoundOnly(checker, Rule::kByteOrder, 17, microseconds(26)));
}

TEST(ByteModeTest, Event9Missing) {
  ConformanceChecker checker = Negotiated(0x01, kH);
  Set(checker, microseconds(20), {{Line::kNAutoFd, kL}});
  checker.Finish(milliseconds(100));
  EXPECT_TRUE(FoundOnly(checker, Rule::kByteResponseTime, 9, microseconds(20) + kTl));
}

// Linux reads the byte after event 11: it must stay until the acknowledge pulse.
TEST(ByteModeTest, DataChangedBeforeEvent16) {
  ConformanceChecker checker = Negotiated(0x01, kH);
  ByteEvents7To10(checker);
  Set(checker, microseconds(24), {{Line::kNAck, kH}});
  SetData(checker, nanoseconds(24'500), 0x00);
  Set(checker, microseconds(25), {{Line::kNStrobe, kL}});
  Set(checker, microseconds(26), {{Line::kNStrobe, kH}});
  checker.Finish(microseconds(27));
  EXPECT_TRUE(FoundOnly(checker, Rule::kByteDataStable, 16, nanoseconds(24'500)));
}

TEST(ByteModeTest, AcknowledgePulseTooShort) {
  ConformanceChecker checker = Negotiated(0x01, kH);
  ByteEvents7To10(checker);
  Set(checker, microseconds(24), {{Line::kNAck, kH}});
  Set(checker, microseconds(25), {{Line::kNStrobe, kL}});
  Set(checker, nanoseconds(25'499), {{Line::kNStrobe, kH}});
  checker.Finish(microseconds(27));
  EXPECT_TRUE(FoundOnly(checker, Rule::kByteStrobeWidth, 17, nanoseconds(25'499)));
}

}  // namespace
}  // namespace parclass::conformance
