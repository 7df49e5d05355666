// The ECP channel of the simulated peripheral, driven from the host's side of the cable line by
// line through every phase (ieee1284.md sections 4.2, 5 and 9): negotiation and setup, forward
// data, commands and RLE, both turnarounds, reverse data with RLE and a channel address, the
// Device ID over ECP, termination, and each fault's effect on the lines.

#include "parclass/sim/ecp_channel.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "chip_fixture.h"
#include "parclass/hw/ecp_regs.h"
#include "parclass/sim/testing/line_host.h"

namespace parclass::sim {
namespace {

using testing::LineHost;

using std::chrono::microseconds;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr Level kL = Level::kLow;
constexpr Level kH = Level::kHigh;
constexpr Nanoseconds kStep = microseconds(5);  // Linux's ECP settle time; > the response time.

// One reverse cycle as the host sees it at event 43: the byte and PeriphAck (Busy) low or high.
struct ReverseCycle {
  uint8_t byte;
  bool command;
  friend bool operator==(const ReverseCycle&, const ReverseCycle&) = default;
  friend void PrintTo(const ReverseCycle& cycle, std::ostream* out) {
    *out << fmt::format("{}({:#04x})", cycle.command ? "command" : "data", cycle.byte);
  }
};
ReverseCycle Data(uint8_t byte) { return {byte, false}; }
ReverseCycle Command(uint8_t byte) { return {byte, true}; }

// The host's decoder (ieee1284.md 9.5): run-length counts expand the next data byte.
std::vector<uint8_t> Decode(const std::vector<ReverseCycle>& cycles) {
  std::vector<uint8_t> bytes;
  int copies = 1;
  for (const ReverseCycle& cycle : cycles) {
    if (cycle.command) {
      if ((cycle.byte & 0x80) == 0) copies = cycle.byte + 1;
      continue;
    }
    bytes.insert(bytes.end(), copies, cycle.byte);
    copies = 1;
  }
  return bytes;
}

class EcpChannelTest : public ::testing::Test {
 protected:
  // Gives the printer an EcpChannel; without one it refuses ECP requests.
  void Attach(EcpConfig config = {}) {
    auto channel = std::make_unique<EcpChannel>(printer_.side(), config);
    ecp_ = channel.get();
    printer_.set_ecp_channel(std::move(channel));
  }

  // Events 0-6, then the ECP setup phase, events 30-31.
  void Negotiate(uint8_t request) {
    ASSERT_TRUE(host_.Negotiate(request));
    ASSERT_EQ(host_.level(Line::kSelect), kH) << "XFlag: request refused";
    host_.Set(Line::kNAutoFd, kL);  // Event 30.
    host_.Wait(kStep);              // Event 31.
  }

  // Events 34-37 for one byte; true if the peripheral took it and became ready again.
  bool Send(uint8_t byte, Level host_ack) {
    host_.Data(byte);  // Event 34: HostAck high for data, low for a command.
    host_.Set(Line::kNAutoFd, host_ack);
    host_.Wait(microseconds(1));
    host_.Set(Line::kNStrobe, kL);                             // Event 35.
    const bool taken = host_.WaitFor(Line::kBusy, kH, kStep);  // Event 36.
    host_.Set(Line::kNStrobe, kH);                             // Event 37.
    return taken && host_.WaitFor(Line::kBusy, kL, kStep);     // Ready.
  }
  bool SendData(uint8_t byte) { return Send(byte, kH); }
  bool SendCommand(uint8_t byte) { return Send(byte, kL); }

  // Events 38-40; true if the peripheral answered event 40.
  bool ToReverse() {
    host_.Set(Line::kNAutoFd, kL);  // Event 38: HostAck low, data lines let go.
    host_.ReleaseData();
    host_.Wait(kStep);
    host_.Set(Line::kNInit, kL);              // Event 39.
    return host_.WaitFor(Line::kPError, kL);  // Event 40.
  }
  // Events 43-46 for one byte; nullopt if no byte comes within `wait`.
  std::optional<ReverseCycle> ReadCycle(Nanoseconds wait = microseconds(20)) {
    if (!host_.WaitFor(Line::kNAck, kL, wait)) return std::nullopt;  // Event 43.
    const ReverseCycle cycle{cable_.data(), host_.level(Line::kBusy) == kL};
    host_.Set(Line::kNAutoFd, kH);                             // Event 44.
    if (!host_.WaitFor(Line::kNAck, kH)) return std::nullopt;  // Event 45.
    host_.Set(Line::kNAutoFd, kL);                             // Event 46.
    return cycle;
  }
  std::vector<ReverseCycle> ReadAll() {
    std::vector<ReverseCycle> cycles;
    while (const std::optional<ReverseCycle> cycle = ReadCycle()) cycles.push_back(*cycle);
    return cycles;
  }
  // Events 47-49; true if the peripheral answered event 49.
  bool ToForward() {
    host_.Set(Line::kNInit, kH);              // Event 47.
    return host_.WaitFor(Line::kPError, kH);  // Events 48 and 49.
  }

  LineLevels Status() const { return host_.Status(); }
  bool HasNote(std::string_view needle) const { return testing::HasNote(trace_, needle); }

  Scheduler scheduler_;
  Trace trace_;
  Cable cable_{scheduler_, trace_};
  Ieee1284Peripheral printer_{cable_, Ieee1284Config()};
  LineHost host_{scheduler_, cable_};
  EcpChannel* ecp_ = nullptr;
};

// --- Negotiation and setup ----------------------------------------------------------------------

TEST_F(EcpChannelTest, NegotiationEvents0To6ThenSetup30To31) {
  Attach();
  host_.Data(0x10);  // Event 0.
  host_.Wait(microseconds(1));
  host_.Control(LineLevels().with(Line::kNSelectIn, kH).with(Line::kNAutoFd, kL));  // Event 1.
  host_.Wait(kStep);
  // Event 2: PError, Select, nFault high; nAck low.
  EXPECT_EQ(Status(), LineLevels()
                          .with(Line::kNAck, kL)
                          .with(Line::kBusy, kL)
                          .with(Line::kPError, kH)
                          .with(Line::kSelect, kH)
                          .with(Line::kNFault, kH));
  host_.Set(Line::kNStrobe, kL);  // Event 3.
  host_.Wait(microseconds(1));
  host_.Control(LineLevels().with(Line::kNStrobe, kH).with(Line::kNAutoFd, kH));  // Event 4.
  host_.Wait(kStep);
  // Events 5 and 6: XFlag high (ECP accepted), then nAck high.
  EXPECT_EQ(host_.level(Line::kSelect), kH);
  EXPECT_EQ(host_.level(Line::kNAck), kH);
  EXPECT_EQ(printer_.mode(), LinkMode::kEcp);
  EXPECT_EQ(ecp_->phase(), Phase::kSetup);
  host_.Set(Line::kNAutoFd, kL);  // Event 30.
  host_.Wait(kStep);
  // Event 31: PError high, PeriphAck (Busy) low: forward idle, ready; no reverse data.
  EXPECT_EQ(Status(), LineLevels()
                          .with(Line::kNAck, kH)
                          .with(Line::kBusy, kL)
                          .with(Line::kPError, kH)
                          .with(Line::kSelect, kH)
                          .with(Line::kNFault, kH));
  EXPECT_EQ(ecp_->phase(), Phase::kForwardIdle);
  EXPECT_FALSE(ecp_->rle());
  EXPECT_EQ(ecp_->counts().setups, 1);
}

TEST_F(EcpChannelTest, RequestWithRleNegotiatesRle) {
  Attach();
  Negotiate(0x30);
  EXPECT_EQ(ecp_->phase(), Phase::kForwardIdle);
  EXPECT_TRUE(ecp_->rle());
  EXPECT_EQ(printer_.last_request(), kEcpRleRequest);
}

TEST_F(EcpChannelTest, WithoutAChannelEcpIsRefused) {
  ASSERT_TRUE(host_.Negotiate(0x10));
  EXPECT_EQ(host_.level(Line::kSelect), kL);  // XFlag low: not supported.
  EXPECT_EQ(printer_.transition(), Transition::kRejected);
}

// --- Forward transfer ---------------------------------------------------------------------------

TEST_F(EcpChannelTest, ForwardCycleFollowsEvents34To37) {
  Attach();
  Negotiate(0x10);
  trace_.Clear();
  ASSERT_TRUE(SendData(0x5a));
  std::vector<std::string> edges;
  for (const TraceEvent& event : trace_.events()) {
    const auto* change = std::get_if<LineChange>(&event.what);
    if (change == nullptr || kDataLines.contains(change->line)) continue;
    edges.push_back(fmt::format("{}{}", LineName(change->line), LogicChar(change->to)));
  }
  // Event 34 HostAck high, 35 HostClk low, 36 PeriphAck high, 37 HostClk high, then ready.
  EXPECT_THAT(edges, ElementsAre("nAutoFd1", "nStrobe0", "Busy1", "nStrobe1", "Busy0"));
  EXPECT_EQ(ecp_->counts().forward_data, 1);
}

TEST_F(EcpChannelTest, ForwardDataAndChannelAddresses) {
  Attach();
  Negotiate(0x10);
  ASSERT_TRUE(SendData('a'));
  ASSERT_TRUE(SendCommand(0x80 | 5));  // Channel address 5.
  ASSERT_TRUE(SendData('b'));
  ASSERT_TRUE(SendData('c'));
  ASSERT_TRUE(SendCommand(0x80 | 0));
  ASSERT_TRUE(SendData('d'));
  EXPECT_THAT(ecp_->received_on(0), ElementsAre('a', 'd'));
  EXPECT_THAT(ecp_->received_on(5), ElementsAre('b', 'c'));
  EXPECT_THAT(ecp_->commands(), ElementsAre(0b1000'0101, 0b1000'0000));
  EXPECT_EQ(ecp_->channel(), 0);
  EXPECT_EQ(ecp_->counts().forward_data, 4);
  EXPECT_EQ(ecp_->counts().forward_commands, 2);
}

TEST_F(EcpChannelTest, ForwardRleCountRepeatsTheNextDataByte) {
  Attach();
  Negotiate(0x30);
  ASSERT_TRUE(SendCommand(0x83));  // Channel 3.
  ASSERT_TRUE(SendCommand(4));     // RLE: the next data byte 5 times.
  ASSERT_TRUE(SendData('x'));
  ASSERT_TRUE(SendData('y'));
  EXPECT_THAT(ecp_->received_on(3), ElementsAre('x', 'x', 'x', 'x', 'x', 'y'));
  EXPECT_THAT(ecp_->commands(), ElementsAre(0x83, 4));
}

TEST_F(EcpChannelTest, ForwardRleCountWithoutRleIsNotedAndTakenAsData) {
  Attach();
  Negotiate(0x10);
  ASSERT_TRUE(SendCommand(4));
  ASSERT_TRUE(SendData('x'));
  EXPECT_THAT(ecp_->received_on(0), ElementsAre(4, 'x'));
  EXPECT_THAT(ecp_->commands(), IsEmpty());
  EXPECT_TRUE(HasNote("without RLE negotiated"));
}

// --- Reverse transfer ---------------------------------------------------------------------------

TEST_F(EcpChannelTest, NPeriphRequestShowsReverseDataInBothDirections) {
  Attach();
  Negotiate(0x10);
  EXPECT_EQ(host_.level(Line::kNFault), kH);
  const std::vector<uint8_t> status = {0x01, 0x02};
  printer_.QueueReverse(status);
  ecp_->DataQueued();
  EXPECT_EQ(host_.level(Line::kNFault), kL);  // Forward idle: nPeriphRequest low.
  ASSERT_TRUE(ToReverse());
  ASSERT_TRUE(ReadCycle());
  EXPECT_EQ(host_.level(Line::kNFault), kL);  // Reverse: one byte to go.
  ASSERT_TRUE(ReadCycle());
  EXPECT_EQ(host_.level(Line::kNFault), kH);  // All sent.
}

TEST_F(EcpChannelTest, ReverseWithRleAndAChannelAddress) {
  EcpConfig config;
  config.reverse_channel = 2;
  Attach(config);
  const std::vector<uint8_t> status = {'A', 'B', 'B', 'B', 'B', 'C', 'C'};
  printer_.QueueReverse(status);
  Negotiate(0x30);
  EXPECT_EQ(host_.level(Line::kNFault), kL);
  ASSERT_TRUE(ToReverse());
  const std::vector<ReverseCycle> cycles = ReadAll();
  // The channel address, then runs of 3 or more as a count and one data byte.
  EXPECT_THAT(cycles,
              ElementsAre(Command(0x82), Data('A'), Command(3), Data('B'), Data('C'), Data('C')));
  EXPECT_EQ(Decode(cycles), status);
  EXPECT_EQ(ecp_->counts().reverse_commands, 2);
  EXPECT_EQ(ecp_->counts().reverse_data, 4);
  EXPECT_EQ(printer_.reverse_pending(), 0u);
  EXPECT_EQ(ecp_->phase(), Phase::kReverseIdle);
}

TEST_F(EcpChannelTest, LongRunsAreSplitAt128) {
  Attach();
  const std::vector<uint8_t> status(130, 0xee);
  printer_.QueueReverse(status);
  Negotiate(0x30);
  ASSERT_TRUE(ToReverse());
  const std::vector<ReverseCycle> cycles = ReadAll();
  EXPECT_THAT(cycles, ElementsAre(Command(127), Data(0xee), Data(0xee), Data(0xee)));
  EXPECT_EQ(Decode(cycles), status);
}

TEST_F(EcpChannelTest, ReverseWithoutRleSendsEveryByte) {
  Attach();
  const std::vector<uint8_t> status = {7, 7, 7, 7};
  printer_.QueueReverse(status);
  Negotiate(0x10);
  ASSERT_TRUE(ToReverse());
  EXPECT_THAT(ReadAll(), ElementsAre(Data(7), Data(7), Data(7), Data(7)));
}

TEST_F(EcpChannelTest, DataQueuedInReverseIdleStartsAByte) {
  Attach();
  Negotiate(0x10);
  ASSERT_TRUE(ToReverse());
  EXPECT_FALSE(ReadCycle());  // Nothing queued: reverse idle, nAck stays high.
  const std::vector<uint8_t> late = {0x42};
  printer_.QueueReverse(late);
  ecp_->DataQueued();
  EXPECT_THAT(ReadAll(), ElementsAre(Data(0x42)));
}

// Events 47-49 with a byte on the lines but not acknowledged: the byte is not lost.
TEST_F(EcpChannelTest, HostLeavingReverseMidByteGetsItAgainLater) {
  Attach();
  const std::vector<uint8_t> status = {0x11, 0x22};
  printer_.QueueReverse(status);
  Negotiate(0x10);
  ASSERT_TRUE(ToReverse());
  ASSERT_TRUE(host_.WaitFor(Line::kNAck, kL, kStep));  // Event 43, never acknowledged.
  ASSERT_TRUE(ToForward());
  EXPECT_EQ(host_.level(Line::kNAck), kH);
  ASSERT_TRUE(ToReverse());
  EXPECT_THAT(ReadAll(), ElementsAre(Data(0x11), Data(0x22)));
}

// --- A whole session ----------------------------------------------------------------------------

TEST_F(EcpChannelTest, FullSessionForwardReverseForwardTerminate) {
  Attach();
  const std::vector<uint8_t> status = {'o', 'k', 'k', 'k'};
  printer_.QueueReverse(status);
  Negotiate(0x30);
  ASSERT_TRUE(SendData('p'));
  ASSERT_TRUE(ToReverse());
  EXPECT_EQ(ecp_->phase(), Phase::kReverseTransfer);
  EXPECT_EQ(Decode(ReadAll()), status);
  ASSERT_TRUE(ToForward());
  // Event 48: the peripheral let go of the data lines, so the host may drive them.
  kDataLines.ForEach([&](Line line) { EXPECT_EQ(cable_.value(line), Logic::kZ) << line; });
  EXPECT_EQ(host_.level(Line::kBusy), kL);  // PeriphAck low: ready for forward data.
  EXPECT_EQ(ecp_->phase(), Phase::kForwardIdle);
  ASSERT_TRUE(SendData('q'));
  EXPECT_THAT(ecp_->received_on(0), ElementsAre('p', 'q'));
  EXPECT_EQ(ecp_->counts().to_reverse, 1);
  EXPECT_EQ(ecp_->counts().to_forward, 1);
  ASSERT_TRUE(host_.Terminate());  // Events 22-28, from forward idle (ieee1284.md 5.3).
  EXPECT_EQ(printer_.mode(), LinkMode::kCompatibility);
  EXPECT_FALSE(ecp_->active());
  EXPECT_TRUE(trace_.errors().empty()) << trace_.errors().front();
}

// --- Device ID over ECP -------------------------------------------------------------------------

TEST_F(EcpChannelTest, DeviceIdOverEcp) {
  Attach();
  const std::vector<uint8_t> queued = {0x99};
  printer_.QueueReverse(queued);  // Not sent: a Device ID request sends the Device ID.
  Negotiate(0x14);
  EXPECT_EQ(host_.level(Line::kNFault), kL);
  ASSERT_TRUE(ToReverse());
  const std::vector<uint8_t> want =
      Ieee1284Peripheral::DeviceIdBytes(printer_.config().device_id, DeviceIdLength::kStandard);
  EXPECT_EQ(Decode(ReadAll()), want);
  EXPECT_EQ(host_.level(Line::kNFault), kH);
  EXPECT_EQ(printer_.reverse_pending(), 1u);
}

// --- Faults -------------------------------------------------------------------------------------

TEST_F(EcpChannelTest, NeverEvent31LeavesSetupUnfinished) {
  Attach();
  printer_.side().faults().never.insert(31);
  const std::vector<uint8_t> status = {0x01};
  printer_.QueueReverse(status);
  Negotiate(0x10);
  EXPECT_EQ(ecp_->phase(), Phase::kSetup);
  EXPECT_EQ(host_.level(Line::kNFault), kH);  // No nPeriphRequest for the queued byte.
  EXPECT_FALSE(SendData('a'));                // No event 36: Busy stays low.
  EXPECT_EQ(host_.level(Line::kBusy), kL);
  EXPECT_THAT(ecp_->received(), IsEmpty());
}

TEST_F(EcpChannelTest, NeverEvent36LeavesPeriphAckLowAndTheByteUntaken) {
  Attach();
  printer_.side().faults().never.insert(36);
  Negotiate(0x10);
  EXPECT_FALSE(SendData('a'));
  EXPECT_EQ(host_.level(Line::kBusy), kL);  // PeriphAck never rose.
  EXPECT_THAT(ecp_->received(), IsEmpty());
  EXPECT_EQ(ecp_->counts().forward_data, 0);
  // Host transfer recovery (ieee1284.md 9.1): nInit low, PError low; nInit high, PError high.
  EXPECT_TRUE(ToReverse());
  EXPECT_TRUE(ToForward());
  EXPECT_EQ(ecp_->phase(), Phase::kForwardIdle);
}

TEST_F(EcpChannelTest, NeverEvent40LeavesPErrorHigh) {
  Attach();
  printer_.side().faults().never.insert(40);
  const std::vector<uint8_t> status = {0x01};
  printer_.QueueReverse(status);
  Negotiate(0x10);
  EXPECT_FALSE(ToReverse());
  EXPECT_EQ(host_.level(Line::kPError), kH);
  EXPECT_EQ(host_.level(Line::kNAck), kH);
  kDataLines.ForEach([&](Line line) { EXPECT_EQ(cable_.value(line), Logic::kZ) << line; });
}

TEST_F(EcpChannelTest, ReverseRequestWithNoDataLeavesTheHostWaiting) {
  EcpConfig config;
  config.request_without_data = true;
  Attach(config);
  Negotiate(0x10);
  EXPECT_EQ(host_.level(Line::kNFault), kL);  // nPeriphRequest low, nothing queued.
  EXPECT_TRUE(HasNote("nPeriphRequest low with no reverse data"));
  ASSERT_TRUE(ToReverse());
  EXPECT_FALSE(ReadCycle(LineHost::kTl));  // No event 43, ever.
  EXPECT_EQ(host_.level(Line::kNAck), kH);
  kDataLines.ForEach([&](Line line) { EXPECT_EQ(cable_.value(line), Logic::kZ) << line; });
}

TEST_F(EcpChannelTest, NeverEvent48DrivesAgainstTheHost) {
  Attach();
  printer_.side().faults().never.insert(48);
  const std::vector<uint8_t> status = {0x0f};
  printer_.QueueReverse(status);
  Negotiate(0x10);
  ASSERT_TRUE(ToReverse());
  ASSERT_TRUE(ReadCycle());
  ASSERT_TRUE(ToForward());  // Event 49 comes, though the data lines are still driven.
  EXPECT_EQ(cable_.driver(Side::kPeripheral, Line::kD0), Drive::kHigh);
  host_.Data(0xf0);
  EXPECT_EQ(cable_.value(Line::kD0), Logic::kX);
  EXPECT_FALSE(trace_.errors().empty());
}

// --- Through the chip's ECP hardware ------------------------------------------------------------

// A printer with an EcpChannel behind an ECP chip, driven as Linux drives it: negotiation and the
// turnarounds in ECR mode 001 by register writes, transfers in mode 011 by the chip's FIFO engine,
// which expands the channel's run-length counts in hardware (ieee1284.md 9.6).
class ChipEcpTest : public ::testing::Test {
 protected:
  ChipEcpTest() {
    auto channel = std::make_unique<EcpChannel>(printer_.side(), EcpConfig());
    ecp_ = channel.get();
    printer_.set_ecp_channel(std::move(channel));
    port_.SetEcrMode(hw::EcrMode::kPs2);
  }

  // Writes the DCR, then gives the peripheral time to answer.
  void Control(uint8_t dcr) {
    port_.Write(hw::Dcr::kAddress, dcr);
    port_.scheduler.SleepFor(kStep);
  }
  // Events 0-6 and 30-31 for request 0x30.
  void Negotiate() {
    port_.Write(hw::Data::kAddress, 0x30);  // Event 0.
    Control(0b0000'0110);                   // Event 1: nSelectIn high, nAutoFd low.
    Control(0b0000'0111);                   // Event 3: nStrobe low.
    Control(0b0000'0100);                   // Event 4; events 5 and 6 follow.
    Control(0b0000'0110);                   // Event 30: nAutoFd low; event 31 follows.
  }

  SimPort port_{ChipConfig::Ecp()};
  Ieee1284Peripheral printer_{port_.cable, Ieee1284Config()};
  EcpChannel* ecp_ = nullptr;
};

TEST_F(ChipEcpTest, HardwareForwardAndReverseWithRle) {
  const std::vector<uint8_t> status = {'x', 'y', 'y', 'y', 'y', 'y', 'y', 'z'};
  printer_.QueueReverse(status);
  Negotiate();
  ASSERT_EQ(ecp_->phase(), Phase::kForwardIdle);
  // Forward in mode 011: ecpAFifo bytes go as commands, ecpDFifo bytes as data.
  port_.SetEcrMode(hw::EcrMode::kEcp);
  port_.Write(hw::EcpAFifo::kAddress, hw::EcpAFifo::Channel(3).reg_value());
  port_.Write(hw::EcpDFifo::kAddress, 'a');
  port_.Write(hw::EcpAFifo::kAddress, hw::EcpAFifo::RunLength(2).reg_value());
  port_.Write(hw::EcpDFifo::kAddress, 'b');
  port_.scheduler.SleepFor(microseconds(50));
  EXPECT_THAT(ecp_->received_on(3), ElementsAre('a', 'b', 'b', 'b'));
  // Events 38-40 in mode 001, then reverse in mode 011: the chip takes and expands the bytes.
  port_.SetEcrMode(hw::EcrMode::kPs2);
  Control(0b0010'0110);  // Event 38: data lines tri-stated, HostAck low.
  Control(0b0010'0010);  // Event 39: nReverseRequest low.
  port_.SetEcrMode(hw::EcrMode::kEcp);
  port_.scheduler.SleepFor(microseconds(50));
  std::vector<uint8_t> got;
  while (!port_.chip.ecr().empty()) got.push_back(port_.Read(hw::EcpDFifo::kAddress));
  EXPECT_EQ(got, status);
  EXPECT_EQ(ecp_->counts().reverse_commands, 1);  // The run of six 'y' went as one count.
  // Events 47-49 in mode 001, then termination from forward idle.
  port_.SetEcrMode(hw::EcrMode::kPs2);
  Control(0b0010'0110);  // Event 47: nReverseRequest high; events 48 and 49 follow.
  EXPECT_EQ(ecp_->phase(), Phase::kForwardIdle);
  Control(0b0000'0100);  // Data lines driven again; HostAck high.
  Control(0b0000'1100);  // Event 22; events 23 and 24 follow.
  Control(0b0000'1110);  // Event 25; events 26 and 27 follow.
  Control(0b0000'1100);  // Event 28.
  EXPECT_EQ(printer_.mode(), LinkMode::kCompatibility);
  EXPECT_TRUE(port_.trace.errors().empty()) << port_.Errors();
}

// --- Invalid arguments --------------------------------------------------------------------------

TEST(EcpChannelDeathTest, ChannelAddressIsSevenBits) {
  Scheduler scheduler;
  Trace trace;
  Cable cable(scheduler, trace);
  PeripheralSide side(cable);
  EcpConfig config;
  config.reverse_channel = 0x80;
  EXPECT_DEATH(EcpChannel(side, config), "0-127");
}

TEST(EcpChannelDeathTest, EnteredOnlyByEcpRequests) {
  Scheduler scheduler;
  Trace trace;
  Cable cable(scheduler, trace);
  PeripheralSide side(cable);
  EcpChannel ecp(side, EcpConfig());
  std::deque<uint8_t> reverse;
  EXPECT_DEATH(ecp.Enter(kEppRequest, reverse), "not ECP");
}

}  // namespace
}  // namespace parclass::sim
