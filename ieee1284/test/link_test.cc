// The host side of IEEE 1284 against the simulator's peripheral models, on each chip variant that
// can run each mode, with every trace checked by the conformance checker: a test passes only if
// the handshakes it drove conform to the standard.

#include "parclass/ieee1284/link.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "link_fixture.h"

namespace parclass::ieee1284 {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;

class LinkTest : public LinkFixture, public ::testing::WithParamInterface<ChipCase> {
 protected:
  LinkTest() : LinkFixture(GetParam()) {}
  // The path a compatibility write takes on this case's chip.
  TransferPath CompatibilityPath() const {
    return GetParam().chip_paths && GetParam().config().ecr ? TransferPath::kFifo
                                                            : TransferPath::kSoftware;
  }
};

TEST_P(LinkTest, CompatibilityWrite) {
  const std::vector<uint8_t> text = Bytes("Hello, printer\n");
  const Result<size_t> sent = link_.WriteCompatibility(text, Within(milliseconds(100)));
  ASSERT_OK(sent);
  EXPECT_EQ(*sent, text.size());
  EXPECT_EQ(link_.last_path(), CompatibilityPath());
  port_.scheduler().SleepFor(microseconds(10));
  EXPECT_THAT(printer().received(), ElementsAreArray(text));
  EXPECT_EQ(link_.phase(), Phase::kForwardIdle);
}

TEST_P(LinkTest, NibbleRead) {
  printer().QueueReverse(Bytes("status ok"));
  ASSERT_OK(link_.Negotiate(kNibbleRequest));
  EXPECT_EQ(link_.mode(), LinkMode::kNibble);
  EXPECT_EQ(link_.phase(), Phase::kDataAvailable);
  std::vector<uint8_t> buffer(64);
  const Result<size_t> got = link_.ReadNibble(buffer, Within(milliseconds(100)));
  ASSERT_OK(got);
  buffer.resize(*got);
  EXPECT_EQ(buffer, Bytes("status ok"));
  EXPECT_EQ(link_.phase(), Phase::kReverseIdle);  // No more data: reverse idle.
  ASSERT_OK(link_.Terminate());
  EXPECT_EQ(link_.mode(), LinkMode::kCompatibility);
}

TEST_P(LinkTest, NibbleReadStopsWhenTheBufferIsFull) {
  printer().QueueReverse(Bytes("abcdef"));
  ASSERT_OK(link_.Negotiate(kNibbleRequest));
  std::vector<uint8_t> buffer(4);
  EXPECT_EQ(link_.ReadNibble(buffer, Within(milliseconds(100))).value_or(0), 4u);
  EXPECT_EQ(buffer, Bytes("abcd"));
  EXPECT_EQ(link_.phase(), Phase::kDataAvailable);
  ASSERT_OK(link_.Terminate());
}

TEST_P(LinkTest, WriteAfterReadTerminatesFirst) {
  ASSERT_OK(link_.Negotiate(kNibbleRequest));
  ASSERT_OK(link_.WriteCompatibility(Bytes("x"), Within(milliseconds(10))));
  EXPECT_EQ(link_.mode(), LinkMode::kCompatibility);
  port_.scheduler().SleepFor(microseconds(10));
  EXPECT_THAT(printer().received(), ElementsAreArray(Bytes("x")));
}

INSTANTIATE_TEST_SUITE_P(
    Chips, LinkTest,
    ::testing::ValuesIn(SoftwareAndChip({&sim::ChipConfig::SppOnly, &sim::ChipConfig::Ps2,
                                         &sim::ChipConfig::EppOnly, &sim::ChipConfig::Ecp,
                                         &sim::ChipConfig::EcpEpp})),
    CaseName);

// Byte mode needs a port that can tri-state its data lines.
class ByteModeTest : public LinkTest {};

TEST_P(ByteModeTest, ByteRead) {
  printer().QueueReverse(Bytes("byte mode"));
  ASSERT_OK(link_.Negotiate(kByteRequest));
  std::vector<uint8_t> buffer(64);
  const Result<size_t> got = link_.ReadByteMode(buffer, Within(milliseconds(100)));
  ASSERT_OK(got);
  buffer.resize(*got);
  EXPECT_EQ(buffer, Bytes("byte mode"));
  ASSERT_OK(link_.Terminate());
}

// A printer that also accepts the extensibility link (request 0x80).
class ExtendedRequestTest : public LinkFixture {
 protected:
  ExtendedRequestTest() : LinkFixture(Topology()) {}
  static sim::Topology Topology() {
    sim::Topology topology = PrinterOn(sim::ChipConfig::EcpEpp());
    topology.printer.accepted.extensibility_link = true;
    return topology;
  }
};

TEST_F(ExtendedRequestTest, EcpOverTheExtensibilityLink) {
  const Result<Negotiated> negotiated = link_.NegotiateExtended(kEcpRequest);
  ASSERT_OK(negotiated);
  EXPECT_TRUE(negotiated->xflag);
  EXPECT_EQ(link_.mode(), LinkMode::kEcp);
  EXPECT_EQ(printer().mode(), LinkMode::kEcp);
  ASSERT_OK(link_.WriteEcp(Bytes("linked"), Within(milliseconds(10))));
  EXPECT_THAT(port_.printer_ecp()->received_on(0), ElementsAreArray(Bytes("linked")));
  ASSERT_OK(link_.Terminate());
}

TEST_F(ExtendedRequestTest, RefusedExtendedRequestIsTerminated) {
  const Result<Negotiated> negotiated = link_.NegotiateExtended(Ieee1284Request::FromByte(0x7f));
  ASSERT_FALSE(negotiated);
  EXPECT_EQ(negotiated.error().code(), Errc::kRejected);
  EXPECT_EQ(negotiated.error().event(), 54);
  EXPECT_EQ(link_.mode(), LinkMode::kCompatibility);
  EXPECT_EQ(printer().mode(), LinkMode::kCompatibility);
}

TEST_F(ExtendedRequestTest, MissingEvent52TimesOutAndTerminates) {
  printer().side().faults().never.insert(52);
  const Result<Negotiated> negotiated = link_.NegotiateExtended(kEcpRequest);
  ASSERT_FALSE(negotiated);
  EXPECT_EQ(negotiated.error().code(), Errc::kTimeout);
  EXPECT_EQ(negotiated.error().event(), 52);
  EXPECT_EQ(link_.mode(), LinkMode::kCompatibility);
  check_conformance_ = false;
}

// A printer that accepts neither ECP nor EPP, like the function of a 1284.3 device in the default
// topology: it refuses both requests with XFlag low at event 6 and waits for the host's
// termination (events 22-28).
class RefusingPrinterTest : public LinkFixture {
 protected:
  RefusingPrinterTest() : LinkFixture(Topology()) {}
  static sim::Topology Topology() {
    sim::Topology topology = PrinterOn(sim::ChipConfig::EcpEpp());
    topology.printer.accepted.ecp = false;
    topology.printer.accepted.ecp_rle = false;
    topology.printer.accepted.epp = false;
    return topology;
  }
};

// A refused request leaves the peripheral in no transfer mode, whatever was requested: the host
// ends the negotiation with events 22-28 (ieee1284.md 4.2, E6), not EPP's nInit reset (event 68),
// which the conformance check at the end would report. The printer is then in compatibility
// mode and ready, not stuck at event 24 with Busy high and nAck low.
TEST_F(RefusingPrinterTest, RefusedRequestsEndWithTheTerminationHandshake) {
  for (const Ieee1284Request request : {kEppRequest, kEcpRequest, kEppRequest}) {
    SCOPED_TRACE(int{request.byte()});
    const Result<Negotiated> negotiated = link_.Negotiate(request);
    ASSERT_FALSE(negotiated);
    EXPECT_EQ(negotiated.error().code(), Errc::kRejected);
    EXPECT_EQ(negotiated.error().event(), 6);
    EXPECT_EQ(link_.mode(), LinkMode::kCompatibility);
    EXPECT_EQ(link_.phase(), Phase::kForwardIdle);
    EXPECT_EQ(printer().mode(), LinkMode::kCompatibility);
  }
  const std::vector<uint8_t> text = Bytes("after the refusals");
  const Result<size_t> sent = link_.WriteCompatibility(text, Within(milliseconds(50)));
  ASSERT_OK(sent);
  EXPECT_EQ(*sent, text.size());
  port_.scheduler().SleepFor(microseconds(10));
  EXPECT_THAT(printer().received(), ElementsAreArray(text));
  ASSERT_OK(link_.Negotiate(kNibbleRequest));  // And it negotiates again.
  ASSERT_OK(link_.Terminate());
}

// A chip whose FIFO takes 32-bit PWords: the FIFO paths write and read four bytes per access, and
// what is not a whole PWord goes a byte at a time.
class WidePWordTest : public LinkFixture {
 protected:
  WidePWordTest() : LinkFixture(PrinterOn(WideChip()), /*chip_paths=*/true) {}
  static sim::ChipConfig WideChip() {
    sim::ChipConfig config = sim::ChipConfig::EcpEpp();
    config.pword = hw::PWordSize::k32Bit;
    return config;
  }
};

TEST_F(WidePWordTest, CompatibilityAndEcpThroughTheFifo) {
  std::vector<uint8_t> text;
  for (int i = 0; i < 103; ++i) text.push_back(static_cast<uint8_t>(i));
  port_.chip().ResetCounters();
  ASSERT_OK(link_.WriteCompatibility(text, Within(milliseconds(100))));
  EXPECT_EQ(link_.last_path(), TransferPath::kFifo);
  // 25 whole PWords and 3 bytes: 28 FIFO writes.
  EXPECT_EQ(port_.chip().counters().writes(hw::CFifo::kAddress), 28u);
  port_.scheduler().SleepFor(microseconds(10));
  EXPECT_THAT(printer().received(), ElementsAreArray(text));

  ASSERT_OK(link_.Negotiate(kEcpRequest));
  printer().QueueReverse(text);
  std::vector<uint8_t> buffer(text.size());
  const Result<size_t> got = link_.ReadEcp(buffer, Within(milliseconds(100)));
  ASSERT_OK(got);
  EXPECT_EQ(*got, text.size());
  EXPECT_EQ(buffer, text);
  ASSERT_OK(link_.Terminate());
}

// Byte mode has no chip path: software on each chip that can tri-state its data lines.
INSTANTIATE_TEST_SUITE_P(Chips, ByteModeTest,
                         ::testing::Values(ChipCase{&sim::ChipConfig::Ps2},
                                           ChipCase{&sim::ChipConfig::EppOnly},
                                           ChipCase{&sim::ChipConfig::Ecp},
                                           ChipCase{&sim::ChipConfig::EcpEpp}),
                         CaseName);

// Faults, each with its own error and the link left in a defined state, on the default chip in
// software and through its FIFO.
class LinkFaultTest : public LinkTest {};

INSTANTIATE_TEST_SUITE_P(Default, LinkFaultTest,
                         ::testing::ValuesIn(SoftwareAndChip({&sim::ChipConfig::EcpEpp})),
                         CaseName);

TEST_P(LinkFaultTest, RejectedRequestIsTerminated) {
  const Result<Negotiated> negotiated =
      link_.Negotiate(Ieee1284Request::FromByte(0x81));  // Illegal (4.1).
  ASSERT_FALSE(negotiated);
  EXPECT_EQ(negotiated.error().code(), Errc::kRejected);
  EXPECT_EQ(negotiated.error().event(), 6);
  EXPECT_EQ(link_.mode(), LinkMode::kCompatibility);
  EXPECT_EQ(printer().mode(), LinkMode::kCompatibility);
}

TEST_P(LinkFaultTest, NoEvent2IsNotIeee1284) {
  printer().side().faults().never.insert(2);
  const Result<Negotiated> negotiated = link_.Negotiate(kNibbleRequest);
  ASSERT_FALSE(negotiated);
  EXPECT_EQ(negotiated.error().code(), Errc::kNotIeee1284);
  EXPECT_EQ(negotiated.error().event(), 2);
  EXPECT_EQ(negotiated.error().phase(), Phase::kNegotiation);
  EXPECT_THAT(negotiated.error().Format(), HasSubstr("expected nAck low, PError high"));
  EXPECT_EQ(link_.mode(), LinkMode::kCompatibility);
  check_conformance_ = false;  // A late event 2 is the peripheral's violation, on purpose.
}

TEST_P(LinkFaultTest, LateEvent6TimesOutAndTerminates) {
  printer().side().faults().late[6] = milliseconds(40);
  const Result<Negotiated> negotiated = link_.Negotiate(kNibbleRequest);
  ASSERT_FALSE(negotiated);
  EXPECT_EQ(negotiated.error().code(), Errc::kTimeout);
  EXPECT_EQ(negotiated.error().event(), 6);
  EXPECT_EQ(link_.mode(), LinkMode::kCompatibility);
  check_conformance_ = false;
}

TEST_P(LinkFaultTest, PaperOutStopsTheWriteWithExactBytes) {
  const std::vector<uint8_t> text = Bytes("0123456789");
  // The paper runs out as the printer finishes the fourth byte.
  port_.cable().Observe({Line::kNAck}, [&](const sim::Delta& delta) {
    if (delta.Rose(Line::kNAck) && printer().received().size() == 4) {
      printer().set_condition(sim::Condition::kPaperOut);
    }
  });
  const Result<size_t> sent = link_.WriteCompatibility(text, Within(milliseconds(50)));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code(), Errc::kPeripheralError);
  EXPECT_THAT(sent.error().detail(), HasSubstr("out of paper"));
  ASSERT_TRUE(sent.error().bytes_done().has_value());
  port_.scheduler().SleepFor(microseconds(10));
  EXPECT_EQ(*sent.error().bytes_done(), 4u);
  EXPECT_EQ(printer().received().size(), 4u);
}

// A printer already out of paper: the write stops at once with the printer's reason, rather than
// waiting out the transfer's deadline (virtual time, so the figure is exact).
TEST_P(LinkFaultTest, PaperOutIsReportedAtOnce) {
  printer().set_condition(sim::Condition::kPaperOut);
  const Nanoseconds start = port_.scheduler().Now();
  const Result<size_t> sent =
      link_.WriteCompatibility(Bytes("job"), Within(std::chrono::seconds(10)));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code(), Errc::kPeripheralError);
  EXPECT_EQ(sent.error().bytes_done(), 0u);
  EXPECT_LT(port_.scheduler().Now() - start, milliseconds(1));
}

TEST_P(LinkFaultTest, BusyPrinterTimesOutAtTheTransferDeadline) {
  printer().set_condition(sim::Condition::kReady);
  port_.cable().SetStuck(Line::kBusy, Level::kHigh);
  const Nanoseconds start = port_.scheduler().Now();
  const Result<size_t> sent = link_.WriteCompatibility(Bytes("zz"), Within(milliseconds(5)));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code(), Errc::kTimeout);
  EXPECT_EQ(sent.error().bytes_done(), 0u);
  EXPECT_GE(port_.scheduler().Now() - start, milliseconds(5));
  EXPECT_LT(port_.scheduler().Now() - start, milliseconds(7));
}

TEST_P(LinkFaultTest, PeripheralVanishingMidReadKeepsTheCount) {
  printer().QueueReverse(Bytes("0123456789"));
  ASSERT_OK(link_.Negotiate(kNibbleRequest));
  port_.scheduler().ScheduleAfter(microseconds(60), [&] { printer().side().Vanish(); });
  std::vector<uint8_t> buffer(10);
  const Result<size_t> got = link_.ReadNibble(buffer, Within(milliseconds(100)));
  ASSERT_FALSE(got);
  ASSERT_TRUE(got.error().bytes_done().has_value());
  const size_t done = *got.error().bytes_done();
  EXPECT_GT(done, 0u);
  EXPECT_LT(done, 10u);
  const std::vector<uint8_t> sent = Bytes("0123456789");
  EXPECT_TRUE(std::equal(buffer.begin(), buffer.begin() + static_cast<long>(done), sent.begin()));
  EXPECT_EQ(got.error().phase(), Phase::kReverseTransfer);
  EXPECT_EQ(got.error().code(), Errc::kTimeout);
  // The read terminated the link; nobody answered, but the link is in compatibility mode.
  EXPECT_EQ(link_.mode(), LinkMode::kCompatibility);
  check_conformance_ = false;
}

// A printer without the extensibility link refuses request 0x80 at event 6.
TEST_P(LinkFaultTest, ExtensibilityLinkRefused) {
  const Result<Negotiated> negotiated = link_.NegotiateExtended(kEcpRequest);
  ASSERT_FALSE(negotiated);
  EXPECT_EQ(negotiated.error().code(), Errc::kRejected);
  EXPECT_EQ(negotiated.error().event(), 6);
  EXPECT_EQ(link_.mode(), LinkMode::kCompatibility);
}

TEST(NibbleOfTest, DecodesThePinLevels) {
  const LineLevels status = LineLevels()
                                .with(Line::kNFault, Level::kHigh)
                                .with(Line::kSelect, Level::kLow)
                                .with(Line::kPError, Level::kHigh)
                                .with(Line::kBusy, Level::kHigh);
  EXPECT_EQ(NibbleOf(status), 0b1101);
}

}  // namespace
}  // namespace parclass::ieee1284
