// The EPP channel of the simulated peripheral (ieee1284.md sections 10.1, 10.5), behind the
// simulated chip's EPP hardware: address and data cycles, 8-, 16- and 32-bit block transfers
// landing in consecutive registers, Intr, and the chip's timeout when event 58 never comes. The
// channel is entered directly here, except in the tests through a full negotiation of request 0x40
// by a printer that has it as its EPP channel.

#include "parclass/sim/epp_channel.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <deque>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "chip_fixture.h"
#include "parclass/hw/epp_regs.h"

namespace parclass::sim {
namespace {

using hw::Dcr;
using hw::Dsr;
using hw::EppAddress;
using hw::EppData;
using hw::Width;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

// DCR as Linux sets it for EPP: nInit high, nSelectIn, nAutoFd and nStrobe released (high).
constexpr uint8_t kEppWrites = 0b0000'0100;
constexpr uint8_t kEppReads = 0b0010'0100;  // The same, data lines tri-stated.

// An EPP-only chip with an EppChannel on the same cable, entered without a negotiation.
class EppChannelTest : public ::testing::Test {
 protected:
  EppChannelTest() {
    port_.Write(Dcr::kAddress, kEppWrites);
    observer_ = port_.cable.Observe(kControlLines | kDataLines,
                                    [this](const Delta& delta) { epp_.OnHostLines(delta); });
    epp_.Enter(kEppRequest, no_reverse_data_);
  }
  ~EppChannelTest() override { port_.cable.StopObserving(observer_); }

  void ForReads() { port_.Write(Dcr::kAddress, kEppReads); }
  // Line edges recorded since the last Clear(), data lines left out: "nAutoFd0", "Busy1", ...
  std::vector<std::string> ControlAndStatusEdges() const {
    std::vector<std::string> edges;
    for (const TraceEvent& event : port_.trace.events()) {
      const auto* change = std::get_if<LineChange>(&event.what);
      if (change == nullptr || kDataLines.contains(change->line)) continue;
      edges.push_back(fmt::format("{}{}", LineName(change->line), LogicChar(change->to)));
    }
    return edges;
  }

  SimPort port_{ChipConfig::EppOnly()};
  PeripheralSide side_{port_.cable};
  EppChannel epp_{side_, EppConfig()};
  std::deque<uint8_t> no_reverse_data_;
  ObserverId observer_;
};

TEST_F(EppChannelTest, IdlesWithNWaitLow) {
  EXPECT_TRUE(epp_.active());
  EXPECT_EQ(port_.cable.level(Line::kBusy), Level::kLow);
  EXPECT_EQ(port_.cable.level(Line::kNAck), Level::kHigh);
}

TEST_F(EppChannelTest, AddressWriteAndReadCycles) {
  port_.Write(EppAddress::kAddress, 0x2a);
  EXPECT_EQ(epp_.address(), 0x2a);
  ForReads();
  EXPECT_EQ(port_.Read(EppAddress::kAddress), 0x2a);
  EXPECT_EQ(epp_.cycles(EppCycle::kAddressWrite), 1);
  EXPECT_EQ(epp_.cycles(EppCycle::kAddressRead), 1);
  EXPECT_FALSE(port_.chip.epp_timeout());
  EXPECT_TRUE(port_.trace.errors().empty()) << port_.Errors();
}

// Events 56 (nAStrb low, nWrite low), 58 (nWait high), 59 (nAStrb high), 60 (nWait low).
TEST_F(EppChannelTest, AddressWriteCycleLinesFollowTheStandard) {
  port_.trace.Clear();
  port_.Write(EppAddress::kAddress, 0x01);
  EXPECT_THAT(ControlAndStatusEdges(),
              ElementsAre("nStrobe0", "nSelectIn0", "Busy1", "nStrobe1", "nSelectIn1", "Busy0"));
}

// Events 62 (nDStrb low, nWrite low), 58, 63 (nDStrb high), 60.
TEST_F(EppChannelTest, DataWriteCycleLinesFollowTheStandard) {
  port_.trace.Clear();
  port_.Write(EppData<0>::kAddress, 0x5a);
  EXPECT_THAT(ControlAndStatusEdges(),
              ElementsAre("nStrobe0", "nAutoFd0", "Busy1", "nStrobe1", "nAutoFd1", "Busy0"));
}

TEST_F(EppChannelTest, DataCyclesUseTheAddressAndMoveOn) {
  port_.Write(EppAddress::kAddress, 0x20);
  port_.Write(EppData<0>::kAddress, 0xaa);
  port_.Write(EppData<0>::kAddress, 0xbb);
  EXPECT_EQ(epp_.data_register(0x20), 0xaa);
  EXPECT_EQ(epp_.data_register(0x21), 0xbb);
  EXPECT_EQ(epp_.address(), 0x22);
  epp_.set_data_register(0x22, 0xcc);
  ForReads();
  EXPECT_EQ(port_.Read(EppData<0>::kAddress), 0xcc);
  EXPECT_EQ(epp_.address(), 0x23);
  EXPECT_TRUE(port_.trace.errors().empty()) << port_.Errors();
}

TEST_F(EppChannelTest, DataWrittenKeepsEveryDataWriteInOrder) {
  port_.Write(EppAddress::kAddress, 0xff);
  port_.Write(EppData<0>::kAddress, 0x01);
  port_.Write(EppAddress::kAddress, 0x10);  // An address cycle is not data.
  port_.Write(EppData<0>::kAddress, 0x02);
  port_.Write(EppAddress::kAddress, 0xff);
  port_.Write(EppData<0>::kAddress, 0x03);  // The same register again: both bytes are kept.
  EXPECT_THAT(epp_.data_written(), ElementsAre(0x01, 0x02, 0x03));
}

TEST_F(EppChannelTest, AddressWrapsAfterRegister255) {
  port_.Write(EppAddress::kAddress, 0xff);
  port_.Write(EppData<0>::kAddress, 0x01);
  port_.Write(EppData<0>::kAddress, 0x02);
  EXPECT_EQ(epp_.data_register(0xff), 0x01);
  EXPECT_EQ(epp_.data_register(0x00), 0x02);
}

// --- Wide accesses: the chip splits each into byte cycles on base+4..7 ---------------------------

class EppWidthTest : public EppChannelTest, public ::testing::WithParamInterface<Width> {};

TEST_P(EppWidthTest, WriteBlockLandsInConsecutiveRegisters) {
  std::array<uint8_t, 8> bytes{};
  std::iota(bytes.begin(), bytes.end(), 0x71);
  port_.Write(EppAddress::kAddress, 0x40);
  port_.chip.WriteBlock(EppData<0>::kAddress, GetParam(), bytes);
  EXPECT_THAT(epp_.data_registers().subspan(0x40, 8), ElementsAreArray(bytes));
  EXPECT_EQ(epp_.address(), 0x48);
  EXPECT_EQ(epp_.cycles(EppCycle::kDataWrite), 8);
  EXPECT_EQ(port_.chip.counters().writes(EppData<0>::kAddress), 8 / hw::BytesOf(GetParam()));
  EXPECT_FALSE(port_.chip.epp_timeout());
}

TEST_P(EppWidthTest, ReadBlockComesFromConsecutiveRegisters) {
  for (uint8_t i = 0; i < 8; ++i) epp_.set_data_register(0x80 + i, 0xc0 | i);
  port_.Write(EppAddress::kAddress, 0x80);
  ForReads();
  std::array<uint8_t, 8> bytes{};
  port_.chip.ReadBlock(EppData<0>::kAddress, GetParam(), bytes);
  EXPECT_THAT(bytes, ElementsAre(0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7));
  EXPECT_EQ(epp_.address(), 0x88);
  EXPECT_EQ(epp_.cycles(EppCycle::kDataRead), 8);
  EXPECT_TRUE(port_.trace.errors().empty()) << port_.Errors();
}

INSTANTIATE_TEST_SUITE_P(Widths, EppWidthTest, ::testing::Values(Width::k8, Width::k16, Width::k32),
                         [](const auto& info) {
                           return fmt::format("Bits{}", 8 * hw::BytesOf(info.param));
                         });

// --- Faults and Intr -----------------------------------------------------------------------------

TEST_F(EppChannelTest, NeverEvent58TimesTheChipOut) {
  side_.faults().never.insert(58);
  port_.Write(EppAddress::kAddress, 0x10);
  EXPECT_TRUE(port_.chip.epp_timeout());
  EXPECT_TRUE(Dsr::FromValue(port_.Read(Dsr::kAddress)).epp_timeout());
  EXPECT_EQ(epp_.address(), 0x00);  // The cycle never completed.
  port_.Write(EppData<0>::kAddress, 0x99);
  EXPECT_EQ(epp_.data_register(0x00), 0x00);
  ForReads();
  EXPECT_EQ(port_.Read(EppData<0>::kAddress), 0xff);  // Nobody drives: the lines float.
  EXPECT_EQ(epp_.cycles(EppCycle::kDataWrite) + epp_.cycles(EppCycle::kDataRead), 0);
  EXPECT_EQ(port_.cable.level(Line::kBusy), Level::kLow);
}

// An event 58 after the chip gave up belongs to a cycle that is over: it completes nothing.
TEST_F(EppChannelTest, LateEvent58AfterTheTimeoutCompletesNothing) {
  side_.faults().late[58] = microseconds(20);
  port_.Write(EppData<0>::kAddress, 0x99);
  EXPECT_TRUE(port_.chip.epp_timeout());
  port_.scheduler.SleepFor(microseconds(30));
  EXPECT_EQ(epp_.data_register(0x00), 0x00);
  EXPECT_EQ(port_.cable.level(Line::kBusy), Level::kLow);
}

TEST_F(EppChannelTest, IntrInterruptsTheHostOnItsRisingEdge) {
  port_.Write(Dcr::kAddress, Dcr::Get().set_n_init(true).set_ack_int_en(true).reg_value());
  epp_.Intr();
  EXPECT_EQ(port_.cable.level(Line::kNAck), Level::kLow);
  EXPECT_EQ(port_.chip.interrupts(), 0u);
  port_.scheduler.SleepFor(microseconds(2));
  EXPECT_EQ(port_.cable.level(Line::kNAck), Level::kHigh);
  EXPECT_EQ(port_.chip.interrupts(), 1u);
}

TEST_F(EppChannelTest, AfterExitStrobesAreIgnored) {
  epp_.Exit();
  EXPECT_FALSE(epp_.active());
  port_.Write(EppData<0>::kAddress, 0x99);
  EXPECT_TRUE(port_.chip.epp_timeout());
  EXPECT_EQ(epp_.data_register(0x00), 0x00);
  epp_.Intr();
  EXPECT_EQ(port_.cable.level(Line::kNAck), Level::kHigh);
}

TEST(EppChannelDeathTest, EnteredOnlyByTheEppRequest) {
  Scheduler scheduler;
  Trace trace;
  Cable cable(scheduler, trace);
  PeripheralSide side(cable);
  EppChannel epp(side, EppConfig());
  std::deque<uint8_t> reverse;
  EXPECT_DEATH(epp.Enter(kEcpRequest, reverse), "not EPP");
}

// --- Through a negotiation ----------------------------------------------------------------------

// A printer with an EPP channel behind the chip; the host negotiates request 0x40 with register
// writes, as a driver does (ieee1284.md 4.2).
class NegotiatedEppTest : public ::testing::Test {
 protected:
  NegotiatedEppTest() {
    auto channel = std::make_unique<EppChannel>(printer_.side(), EppConfig());
    epp_ = channel.get();
    printer_.set_epp_channel(std::move(channel));
  }

  void Negotiate() {
    port_.Write(hw::Data::kAddress, 0x40);    // Event 0.
    port_.Write(Dcr::kAddress, 0b0000'0110);  // Event 1: nSelectIn high, nAutoFd low.
    port_.scheduler.SleepFor(microseconds(5));
    ASSERT_EQ(port_.cable.level(Line::kNAck), Level::kLow);  // Event 2.
    port_.Write(Dcr::kAddress, 0b0000'0111);                 // Event 3: nStrobe low.
    port_.Write(Dcr::kAddress, kEppWrites);                  // Event 4: nStrobe and nAutoFd high.
    port_.scheduler.SleepFor(microseconds(5));
    ASSERT_EQ(port_.cable.level(Line::kNAck), Level::kHigh);    // Event 6.
    ASSERT_EQ(port_.cable.level(Line::kSelect), Level::kHigh);  // XFlag: EPP accepted.
    ASSERT_EQ(printer_.mode(), LinkMode::kEpp);
  }

  SimPort port_{ChipConfig::EppOnly()};
  Ieee1284Peripheral printer_{port_.cable, Ieee1284Config()};
  EppChannel* epp_ = nullptr;
};

TEST_F(NegotiatedEppTest, DataWriteCycleAfterNegotiation) {
  Negotiate();
  EXPECT_TRUE(epp_->active());
  port_.Write(EppData<0>::kAddress, 0x5a);
  const std::array<uint8_t, 4> word = {1, 2, 3, 4};
  port_.chip.WriteBlock(EppData<0>::kAddress, Width::k32, word);
  EXPECT_THAT(epp_->data_registers().first(5), ElementsAre(0x5a, 1, 2, 3, 4));
  EXPECT_FALSE(port_.chip.epp_timeout());
  EXPECT_EQ(printer_.mode(), LinkMode::kEpp);
  EXPECT_TRUE(port_.trace.errors().empty()) << port_.Errors();
}

// Event 68: nInit low ends EPP; the printer is back in compatibility mode.
TEST_F(NegotiatedEppTest, NInitLowEndsEpp) {
  Negotiate();
  port_.Write(Dcr::kAddress, 0b0000'0000);  // Event 68: nInit low.
  EXPECT_EQ(printer_.mode(), LinkMode::kCompatibility);
  EXPECT_FALSE(epp_->active());
}

// An address cycle makes nAStrb (nSelectIn) fall: in EPP that is not termination.
TEST_F(NegotiatedEppTest, AddressCycleAfterNegotiation) {
  Negotiate();
  port_.Write(EppAddress::kAddress, 0x30);
  port_.Write(EppData<0>::kAddress, 0x77);
  EXPECT_EQ(printer_.mode(), LinkMode::kEpp);
  EXPECT_EQ(epp_->address(), 0x31);
  EXPECT_EQ(epp_->data_register(0x30), 0x77);
  EXPECT_FALSE(port_.chip.epp_timeout());
}

}  // namespace
}  // namespace parclass::sim
