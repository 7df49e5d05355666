// Negotiation (ieee1284.md section 4): the order of events 0-6, the peripheral's response times,
// the request byte and nInit during it, event 3's strobe, and what XFlag at event 6 decides.

#include <gtest/gtest.h>

#include "parclass/conformance/checker.h"
#include "trace_builder.h"

namespace parclass::conformance {
namespace {

constexpr Nanoseconds kStart = microseconds(10);  // Event 0 of the hand-made negotiations.
constexpr Nanoseconds kTl = milliseconds(35);

struct Request {
  const char* name;
  uint8_t request;
  Level xflag;
  bool accepted;
  LinkMode mode;
  Phase phase;  // Right after event 6.
};

class NegotiationRequestTest : public ::testing::TestWithParam<Request> {};

TEST_P(NegotiationRequestTest, ConformingNegotiation) {
  const Request& request = GetParam();
  ConformanceChecker checker(IdleLevels());
  const Nanoseconds event6 = Negotiate(checker, kStart, request.request, request.xflag);
  checker.Finish(event6 + microseconds(1));
  EXPECT_TRUE(Conforms(checker));
  EXPECT_EQ(checker.mode(), request.mode);
  EXPECT_EQ(checker.phase(), request.phase);
  ASSERT_TRUE(checker.last_negotiation().has_value());
  const NegotiationOutcome outcome = *checker.last_negotiation();
  EXPECT_EQ(outcome.at, event6);
  EXPECT_EQ(outcome.request, request.request);
  EXPECT_EQ(outcome.xflag, request.xflag);
  EXPECT_EQ(outcome.accepted, request.accepted);
  EXPECT_EQ(outcome.mode, request.mode);
}

// Events 0-2 of a conforming negotiation for `request`: the byte at kStart, event 1 at 1 us,
// the peripheral's event 2 at 2 us.
void Events0To2(ConformanceChecker& checker, uint8_t request) {
  SetData(checker, kStart, request);
  Set(checker, kStart + microseconds(1), {{Line::kNSelectIn, kH}, {Line::kNAutoFd, kL}});
  Set(checker, kStart + microseconds(2),
      {{Line::kPError, kH}, {Line::kSelect, kH}, {Line::kNFault, kH}, {Line::kNAck, kL}});
}

// Section 4.1: XFlag low accepts the nibble request, high every other one.
INSTANTIATE_TEST_SUITE_P(
    Requests, NegotiationRequestTest,
    ::testing::Values(
        Request{"Nibble", 0x00, kL, true, LinkMode::kNibble, Phase::kDataNotAvailable},
        Request{"Byte", 0x01, kH, true, LinkMode::kByte, Phase::kDataNotAvailable},
        Request{"DeviceIdByNibble", 0x04, kH, true, LinkMode::kNibble, Phase::kDataNotAvailable},
        Request{"Ecp", 0x10, kH, true, LinkMode::kEcp, Phase::kSetup},
        Request{"EcpRle", 0x30, kH, true, LinkMode::kEcp, Phase::kSetup},
        Request{"Epp", 0x40, kH, true, LinkMode::kEpp, Phase::kForwardIdle},
        Request{"ExtensibilityLink", 0x80, kH, true, LinkMode::kUnknown, Phase::kUnknown},
        Request{"EcpRejected", 0x10, kL, false, LinkMode::kCompatibility, Phase::kNegotiation},
        Request{"IllegalRejected", 0x02, kL, false, LinkMode::kCompatibility, Phase::kNegotiation}),
    [](const auto& info) { return std::string(info.param.name); });

// A rejection is followed by a termination, which ends in compatibility mode.
TEST(NegotiationTest, RejectedThenTerminated) {
  ConformanceChecker checker(IdleLevels());
  const Nanoseconds event6 = Negotiate(checker, kStart, 0x10, kL);
  const Nanoseconds event28 = Terminate(checker, event6 + microseconds(1), kL);
  checker.Finish(event28 + microseconds(1));
  EXPECT_TRUE(Conforms(checker));
  EXPECT_EQ(checker.mode(), LinkMode::kCompatibility);
  EXPECT_EQ(checker.phase(), Phase::kForwardIdle);
}

TEST(NegotiationTest, RejectedButTheHostCarriesOn) {
  ConformanceChecker checker(IdleLevels());
  const Nanoseconds event6 = Negotiate(checker, kStart, 0x10, kL);
  checker.OnChange(event6 + microseconds(1), Line::kNStrobe, kL);
  checker.Finish(event6 + microseconds(5));
  EXPECT_TRUE(FoundOnly(checker, Rule::kNegotiationNotTerminated, 22, event6 + microseconds(1)));
}

// [DISAGREE] A nibble request answered with XFlag high: Linux reads in nibble mode anyway, FreeBSD
// and libieee1284 terminate. Both hosts conform.
TEST(NegotiationTest, NibbleWithXFlagHighAllowsBothHosts) {
  ConformanceChecker linux_host(IdleLevels());
  Nanoseconds at = Negotiate(linux_host, kStart, 0x00, kH, {{Line::kNFault, kL}});
  Set(linux_host, at + microseconds(1), {{Line::kNAutoFd, kL}});  // Event 7.
  Set(linux_host, at + microseconds(2), {{Line::kNAck, kL}});     // Event 9.
  Set(linux_host, at + microseconds(3), {{Line::kNAutoFd, kH}});  // Event 10.
  Set(linux_host, at + microseconds(4), {{Line::kNAck, kH}});     // Event 11.
  linux_host.Finish(at + microseconds(5));
  EXPECT_TRUE(Conforms(linux_host));
  EXPECT_EQ(linux_host.mode(), LinkMode::kNibble);
  EXPECT_FALSE(linux_host.last_negotiation()->accepted);

  ConformanceChecker freebsd_host(IdleLevels());
  at = Negotiate(freebsd_host, kStart, 0x00, kH);
  at = Terminate(freebsd_host, at + microseconds(1), kH);
  freebsd_host.Finish(at + microseconds(1));
  EXPECT_TRUE(Conforms(freebsd_host));
  EXPECT_EQ(freebsd_host.mode(), LinkMode::kCompatibility);
}

// No event 2 at all: the peripheral is not IEEE 1284, which is legal; the host gives up after tL.
TEST(NegotiationTest, PeripheralThatIsNotIeee1284) {
  ConformanceChecker checker(IdleLevels());
  SetData(checker, kStart, 0x00);
  Set(checker, kStart + microseconds(1), {{Line::kNSelectIn, kH}, {Line::kNAutoFd, kL}});
  EXPECT_EQ(checker.phase(), Phase::kForwardIdle);  // The instant is judged when the next comes.
  checker.AdvanceTo(kStart + microseconds(2));
  EXPECT_EQ(checker.phase(), Phase::kNegotiation);
  const Nanoseconds give_up = kStart + microseconds(1) + kTl;
  Set(checker, give_up, {{Line::kNSelectIn, kL}, {Line::kNAutoFd, kH}});
  checker.Finish(give_up + microseconds(1));
  EXPECT_TRUE(Conforms(checker));
  EXPECT_EQ(checker.phase(), Phase::kForwardIdle);
  EXPECT_FALSE(checker.last_negotiation().has_value());
}

TEST(NegotiationTest, Event2LaterThanTl) {
  ConformanceChecker checker(IdleLevels());
  SetData(checker, kStart, 0x00);
  Set(checker, kStart + microseconds(1), {{Line::kNSelectIn, kH}, {Line::kNAutoFd, kL}});
  const Nanoseconds late = kStart + microseconds(1) + kTl + nanoseconds(1);
  Set(checker, late,
      {{Line::kPError, kH}, {Line::kSelect, kH}, {Line::kNFault, kH}, {Line::kNAck, kL}});
  checker.Finish(late + microseconds(1));
  EXPECT_TRUE(FoundOnly(checker, Rule::kNegotiationResponseTime, 2, late));
}

TEST(NegotiationTest, Event3BeforeEvent2) {
  ConformanceChecker checker(IdleLevels());
  SetData(checker, kStart, 0x00);
  Set(checker, kStart + microseconds(1), {{Line::kNSelectIn, kH}, {Line::kNAutoFd, kL}});
  Set(checker, kStart + microseconds(2), {{Line::kNStrobe, kL}});
  checker.Finish(kStart + microseconds(3));
  EXPECT_TRUE(FoundOnly(checker, Rule::kNegotiationOrder, 3, kStart + microseconds(2)));
  EXPECT_EQ(checker.mode(), LinkMode::kUnknown);
}

TEST(NegotiationTest, Event4BeforeEvent3) {
  ConformanceChecker checker(IdleLevels());
  Events0To2(checker, 0x00);
  Set(checker, kStart + microseconds(3), {{Line::kNAutoFd, kH}});
  checker.Finish(kStart + microseconds(4));
  EXPECT_TRUE(FoundOnly(checker, Rule::kNegotiationOrder, 4, kStart + microseconds(3)));
}

TEST(NegotiationTest, Event6BeforeEvent4) {
  ConformanceChecker checker(IdleLevels());
  Events0To2(checker, 0x00);
  Set(checker, kStart + microseconds(3), {{Line::kNStrobe, kL}});
  Set(checker, kStart + microseconds(4), {{Line::kNAck, kH}});
  checker.Finish(kStart + microseconds(5));
  EXPECT_TRUE(FoundOnly(checker, Rule::kNegotiationOrder, 6, kStart + microseconds(4)));
}

// Events 0-4 of a conforming negotiation, then nothing from the peripheral.
TEST(NegotiationTest, Event6Missing) {
  ConformanceChecker checker(IdleLevels());
  Events0To2(checker, 0x10);
  Set(checker, kStart + microseconds(3), {{Line::kNStrobe, kL}});
  const Nanoseconds event4 = kStart + microseconds(4);
  Set(checker, event4, {{Line::kNStrobe, kH}, {Line::kNAutoFd, kH}});
  checker.Finish(event4 + kTl);  // Exactly tL: not yet late.
  EXPECT_TRUE(Conforms(checker));

  ConformanceChecker missing(IdleLevels());
  SetData(missing, kStart, 0x10);
  Set(missing, kStart + microseconds(1), {{Line::kNSelectIn, kH}, {Line::kNAutoFd, kL}});
  Set(missing, kStart + microseconds(2),
      {{Line::kPError, kH}, {Line::kSelect, kH}, {Line::kNFault, kH}, {Line::kNAck, kL}});
  Set(missing, kStart + microseconds(3), {{Line::kNStrobe, kL}});
  Set(missing, event4, {{Line::kNStrobe, kH}, {Line::kNAutoFd, kH}});
  // The host gives up and terminates after tL (Linux): no further violation.
  Terminate(missing, event4 + kTl + microseconds(1), kH);
  missing.Finish(event4 + milliseconds(100));
  EXPECT_TRUE(FoundOnly(missing, Rule::kNegotiationResponseTime, 6, event4 + kTl));
  EXPECT_EQ(missing.mode(), LinkMode::kCompatibility);
}

TEST(NegotiationTest, RequestByteChanged) {
  ConformanceChecker checker(IdleLevels());
  Events0To2(checker, 0x10);
  SetData(checker, kStart + nanoseconds(2'500), 0x40);
  Set(checker, kStart + microseconds(3), {{Line::kNStrobe, kL}});
  checker.Finish(kStart + microseconds(4));
  EXPECT_TRUE(FoundOnly(checker, Rule::kNegotiationRequestStable, 3, kStart + nanoseconds(2'500)));
}

// The data may change from event 4 on: the peripheral latched the byte at event 3.
TEST(NegotiationTest, DataMayChangeFromEvent4) {
  ConformanceChecker checker(IdleLevels());
  const Nanoseconds event6 = Negotiate(checker, kStart, 0x40, kH);
  ConformanceChecker early(IdleLevels());
  SetData(early, kStart, 0x40);
  Set(early, kStart + microseconds(1), {{Line::kNSelectIn, kH}, {Line::kNAutoFd, kL}});
  Set(early, kStart + microseconds(2),
      {{Line::kPError, kH}, {Line::kSelect, kH}, {Line::kNFault, kH}, {Line::kNAck, kL}});
  Set(early, kStart + microseconds(3), {{Line::kNStrobe, kL}});
  Set(early, kStart + microseconds(4), {{Line::kNStrobe, kH}, {Line::kNAutoFd, kH}});
  SetData(early, kStart + microseconds(4), 0x00);
  checker.Finish(event6 + microseconds(1));
  early.Finish(kStart + microseconds(5));
  EXPECT_TRUE(Conforms(checker));
  EXPECT_TRUE(Conforms(early));
}

TEST(NegotiationTest, NInitLow) {
  ConformanceChecker checker(IdleLevels());
  Events0To2(checker, 0x00);
  Set(checker, kStart + microseconds(3), {{Line::kNStrobe, kL}, {Line::kNInit, kL}});
  checker.Finish(kStart + microseconds(4));
  EXPECT_TRUE(FoundOnly(checker, Rule::kNegotiationInitHigh, 3, kStart + microseconds(3)));
}

TEST(NegotiationTest, Event3StrobeTooShort) {
  ConformanceChecker checker(IdleLevels());
  Events0To2(checker, 0x00);
  Set(checker, kStart + microseconds(3), {{Line::kNStrobe, kL}});
  const Nanoseconds event4 = kStart + nanoseconds(3'499);
  Set(checker, event4, {{Line::kNStrobe, kH}, {Line::kNAutoFd, kH}});
  Set(checker, event4 + microseconds(1), {{Line::kSelect, kL}, {Line::kNAck, kH}});
  checker.Finish(event4 + microseconds(2));
  EXPECT_TRUE(FoundOnly(checker, Rule::kNegotiationStrobeWidth, 4, event4));
}

TEST(NegotiationTest, IllegalRequestAccepted) {
  ConformanceChecker checker(IdleLevels());
  const Nanoseconds event6 = Negotiate(checker, kStart, 0x02, kH);
  checker.Finish(event6 + microseconds(1));
  EXPECT_TRUE(FoundOnly(checker, Rule::kNegotiationIllegalRequest, 6, event6));
  EXPECT_EQ(checker.mode(), LinkMode::kUnknown);
}

// Event 1 may come as nSelectIn rising while nAutoFd was already low.
TEST(NegotiationTest, Event1AfterNAutoFdWentLow) {
  ConformanceChecker checker(IdleLevels());
  Set(checker, microseconds(5), {{Line::kNAutoFd, kL}});
  Set(checker, microseconds(6), {{Line::kNSelectIn, kH}});
  Set(checker, microseconds(7),
      {{Line::kPError, kH}, {Line::kSelect, kH}, {Line::kNFault, kH}, {Line::kNAck, kL}});
  checker.Finish(microseconds(8));
  EXPECT_TRUE(Conforms(checker));
  EXPECT_EQ(checker.phase(), Phase::kNegotiation);
}

}  // namespace
}  // namespace parclass::conformance
