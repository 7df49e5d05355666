// The simulated chip's ECR, FIFO and FIFO modes (ieee1284.md sections 2.3-2.4, 3.2, 3.5, 6.2,
// 9.1-9.6): mode-change rules, FIFO depth and threshold probing as Linux and FreeBSD do it, the
// configuration registers, and the handshakes the chip runs from its FIFO.

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "chip_fixture.h"
#include "parclass/sim/scripted_peripheral.h"

namespace parclass::sim {
namespace {

using hw::CFifo;
using hw::CnfgA;
using hw::CnfgB;
using hw::Data;
using hw::Dcr;
using hw::EcpDFifo;
using hw::Ecr;
using hw::EcrMode;
using hw::TFifo;
using hw::Width;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

constexpr hw::RegisterAddress kEcpAFifo = hw::EcpAFifo::kAddress;

TEST(ChipEcrTest, ResetValue) {
  SimPort port(ChipConfig::Ecp());
  // Mode 000, nErrIntrEn, serviceIntr, empty: 0x15 as on 86Box.
  EXPECT_EQ(port.Read(Ecr::kAddress), 0b0001'0101);
}

// Linux parport_ECR_present (ieee1284.md 3.2): 0x34 must read back as 0x35.
TEST(ChipEcrTest, LinuxPresenceTest) {
  SimPort port(ChipConfig::Ecp());
  port.Write(Dcr::kAddress, 0x0C);
  EXPECT_EQ(port.Read(Ecr::kAddress) & 0b11, 0b01);
  port.Write(Ecr::kAddress, 0x34);
  EXPECT_EQ(port.Read(Ecr::kAddress), 0x35);
}

TEST(ChipEcrTest, ModeChangesFollowTheIsaRules) {
  SimPort port(ChipConfig::EcpEpp());
  port.SetEcrMode(EcrMode::kPs2);
  port.SetEcrMode(EcrMode::kEcp);  // 001 -> 011: allowed.
  EXPECT_EQ(port.chip.ecr().mode(), EcrMode::kEcp);
  port.SetEcrMode(EcrMode::kFifo);  // 011 -> 010: not allowed.
  EXPECT_EQ(port.chip.ecr().mode(), EcrMode::kEcp);
  EXPECT_TRUE(port.HasErrorContaining("ECR mode change from ecp to fifo")) << port.Errors();
  port.SetEcrMode(EcrMode::kSpp);  // Back to 000: always allowed.
  port.SetEcrMode(EcrMode::kTest);
  EXPECT_EQ(port.chip.ecr().mode(), EcrMode::kTest);
  port.SetEcrMode(EcrMode::kEpp);  // 110 -> 100: not allowed.
  EXPECT_EQ(port.chip.ecr().mode(), EcrMode::kTest);
}

// The one exception: a FIFO mode may go straight to test mode, which freezes the FIFO so that
// software can count what the peripheral never took (Linux's stuck-FIFO recovery).
TEST(ChipEcrTest, FifoModesMayFreezeIntoTestMode) {
  SimPort port(ChipConfig::Ecp());
  port.SetEcrMode(EcrMode::kPs2);
  port.SetEcrMode(EcrMode::kTest);
  port.Write(TFifo::kAddress, 0x11);
  port.SetEcrMode(EcrMode::kPs2);  // Resets the FIFO.
  port.SetEcrMode(EcrMode::kEcp);
  EXPECT_EQ(port.chip.ecr().mode(), EcrMode::kEcp);
  port.SetEcrMode(EcrMode::kTest);
  EXPECT_EQ(port.chip.ecr().mode(), EcrMode::kTest);
  EXPECT_FALSE(port.HasErrorContaining("ECR mode change")) << port.Errors();
}

// Linux parport_ECP_supported step 1: fill the test FIFO until full.
int ProbeFifoDepth(SimPort& port) {
  port.Write(Ecr::kAddress, 0x00);
  port.Write(Ecr::kAddress, 0xC0);
  int depth = 0;
  while (depth < 1024 && !Ecr::FromValue(port.Read(Ecr::kAddress)).full()) {
    port.Write(TFifo::kAddress, 0xAA);
    ++depth;
  }
  return depth;
}

TEST(ChipFifoTest, DepthProbesAsConfigured) {
  for (int depth : {1, 16, 64}) {
    ChipConfig config = ChipConfig::Ecp();
    config.fifo_depth = depth;
    SimPort port(config);
    EXPECT_EQ(ProbeFifoDepth(port), depth);
  }
}

// Test mode moves bytes through the FIFO and nothing over the cable.
TEST(ChipFifoTest, TestModeIsSilentOnTheCable) {
  SimPort port(ChipConfig::Ecp());
  port.SetEcrMode(EcrMode::kTest);
  port.trace.Clear();
  for (uint8_t byte : {0x01, 0x02, 0x03}) port.Write(TFifo::kAddress, byte);
  EXPECT_EQ(port.Read(TFifo::kAddress), 0x01);
  EXPECT_EQ(port.Read(TFifo::kAddress), 0x02);
  for (const TraceEvent& event : port.trace.events()) {
    EXPECT_FALSE(std::holds_alternative<LineChange>(event.what)) << Describe(event);
  }
}

// On a chip with a 16-bit PWord, one 16-bit access to the FIFO moves two bytes.
TEST(ChipFifoTest, WideFifoAccessMovesAPWord) {
  ChipConfig config = ChipConfig::Ecp();
  config.pword = hw::PWordSize::k16Bit;
  SimPort port(config);
  port.SetEcrMode(EcrMode::kTest);
  const std::array<uint8_t, 4> bytes = {1, 2, 3, 4};
  port.chip.WriteBlock(TFifo::kAddress, Width::k16, bytes);
  EXPECT_EQ(port.chip.fifo().level(), 4);
  EXPECT_EQ(port.chip.counters().writes(TFifo::kAddress), 2u);
  std::array<uint8_t, 4> back{};
  port.chip.ReadBlock(TFifo::kAddress, Width::k16, back);
  EXPECT_EQ(back, bytes);
}

TEST(ChipFifoTest, FullAndEmptyBits) {
  ChipConfig config = ChipConfig::Ecp();
  config.fifo_depth = 2;
  SimPort port(config);
  port.SetEcrMode(EcrMode::kTest);
  EXPECT_EQ(port.Read(Ecr::kAddress) & 0b11, 0b01);  // Empty.
  port.Write(TFifo::kAddress, 1);
  EXPECT_EQ(port.Read(Ecr::kAddress) & 0b11, 0b00);  // Some data.
  port.Write(TFifo::kAddress, 2);
  EXPECT_EQ(port.Read(Ecr::kAddress) & 0b11, 0b10);  // Full.
}

TEST(ChipFifoTest, OverrunAndUnderrunAreGuestErrors) {
  ChipConfig config = ChipConfig::Ecp();
  config.fifo_depth = 1;
  SimPort port(config);
  port.SetEcrMode(EcrMode::kTest);
  port.Write(TFifo::kAddress, 0x11);
  port.Write(TFifo::kAddress, 0x22);
  EXPECT_TRUE(port.HasErrorContaining("FIFO overrun: 0x22")) << port.Errors();
  EXPECT_EQ(port.Read(TFifo::kAddress), 0x11);
  EXPECT_EQ(port.Read(TFifo::kAddress), 0xFF);
  EXPECT_TRUE(port.HasErrorContaining("read of an empty FIFO")) << port.Errors();
}

TEST(ChipFifoTest, EnteringMode000Or001EmptiesTheFifo) {
  SimPort port(ChipConfig::Ecp());
  port.SetEcrMode(EcrMode::kTest);
  port.Write(TFifo::kAddress, 0x11);
  port.SetEcrMode(EcrMode::kPs2);
  EXPECT_TRUE(port.chip.fifo().empty());
}

// Linux parport_ECP_supported steps 2 and 3 (ieee1284.md 3.5).
TEST(ChipFifoTest, ThresholdsProbeAsConfigured) {
  ChipConfig config = ChipConfig::Ecp();
  config.write_threshold = 4;
  config.read_threshold = 12;
  SimPort port(config);
  const int depth = ProbeFifoDepth(port);

  // writeIntrThreshold: arm serviceIntr, drain one byte at a time.
  port.Write(Ecr::kAddress, 0xC4);
  port.Write(Ecr::kAddress, 0xC0);
  int write_threshold = 0;
  for (int i = 1; i <= depth; ++i) {
    port.Read(TFifo::kAddress);
    if (Ecr::FromValue(port.Read(Ecr::kAddress)).service_intr()) {
      write_threshold = i;
      break;
    }
  }
  EXPECT_EQ(write_threshold, 4);

  // readIntrThreshold: mode 001, reverse, test mode, arm, fill one byte at a time.
  port.Write(Ecr::kAddress, 0x20);
  port.Write(Dcr::kAddress, 0b0010'0100);
  port.Write(Ecr::kAddress, 0xC4);
  port.Write(Ecr::kAddress, 0xC0);
  int read_threshold = 0;
  for (int i = 1; i <= depth; ++i) {
    port.Write(TFifo::kAddress, 0xAA);
    if (Ecr::FromValue(port.Read(Ecr::kAddress)).service_intr()) {
      read_threshold = i;
      break;
    }
  }
  EXPECT_EQ(read_threshold, 12);
}

TEST(ChipFifoTest, ServiceInterruptFiresOnceWhenArmed) {
  SimPort port(ChipConfig::Ecp());
  int interrupts = 0;
  port.chip.set_interrupt_handler([&] { ++interrupts; });
  port.SetEcrMode(EcrMode::kTest);
  port.Write(Ecr::kAddress, 0b1101'0000);  // Arm: serviceIntr 0. An empty FIFO has 16 free.
  EXPECT_EQ(interrupts, 1);
  EXPECT_TRUE(port.chip.ecr().service_intr());
  port.Write(TFifo::kAddress, 0x00);
  port.Read(TFifo::kAddress);
  EXPECT_EQ(interrupts, 1);  // Not re-armed.
}

// Configuration mode (ieee1284.md 2.3): cnfgA 0x10 for an 8-bit PWord with nothing in the
// transmitter... with bit 2 set; cnfgB's IRQ field names IRQ 7 as 001.
TEST(ChipConfigTest, ConfigurationRegisters) {
  SimPort port(ChipConfig::Ecp());
  port.Write(Ecr::kAddress, 0xF4);
  EXPECT_EQ(port.Read(CnfgA::kAddress), 0b0001'0100);
  EXPECT_EQ(port.Read(CnfgB::kAddress), 0b0000'1000);
  EXPECT_EQ(CnfgB::FromValue(port.Read(CnfgB::kAddress)).irq_line(), 7);
}

TEST(ChipConfigTest, IrqAndPWordComeFromTheVariant) {
  ChipConfig config = ChipConfig::Ecp();
  config.irq = 5;
  config.pword = hw::PWordSize::k16Bit;
  config.level_interrupts = true;
  SimPort port(config);
  port.Write(Ecr::kAddress, 0xF4);
  EXPECT_EQ(port.Read(CnfgA::kAddress), 0b1000'0100);
  EXPECT_EQ(CnfgB::FromValue(port.Read(CnfgB::kAddress)).irq_line(), 5);
  config.irq.reset();
  SimPort no_irq(config);
  no_irq.Write(Ecr::kAddress, 0xF4);
  EXPECT_EQ(CnfgB::FromValue(no_irq.Read(CnfgB::kAddress)).irq_line(), std::nullopt);
}

TEST(ChipConfigTest, ConfigurationRegistersAreReadOnly) {
  SimPort port(ChipConfig::Ecp());
  port.Write(Ecr::kAddress, 0xF4);
  port.Write(CnfgA::kAddress, 0x00);
  port.Write(CnfgB::kAddress, 0x00);
  EXPECT_TRUE(port.HasErrorContaining("cnfga, which is read-only")) << port.Errors();
  EXPECT_TRUE(port.HasErrorContaining("cnfgb, which is read-only")) << port.Errors();
  EXPECT_EQ(port.Read(CnfgB::kAddress), 0b0000'1000);
}

// A printer for the Parallel Port FIFO: on nStrobe falling it takes the byte and is busy for
// `busy_for`. Records what it got and when the strobe and data were valid.
class RecordingPrinter {
 public:
  explicit RecordingPrinter(Cable& cable, Nanoseconds busy_for = microseconds(2))
      : cable_(cable), busy_for_(busy_for) {
    cable_.DriveLevels(Side::kPeripheral, LineLevels()
                                              .with(Line::kBusy, Level::kLow)
                                              .with(Line::kSelect, Level::kHigh)
                                              .with(Line::kNFault, Level::kHigh)
                                              .with(Line::kPError, Level::kLow));
    cable_.Settle();
    observer_ = cable_.Observe(kDataLines | LineSet{Line::kNStrobe},
                               [this](const Delta& delta) { OnLines(delta); });
  }
  ~RecordingPrinter() { cable_.StopObserving(observer_); }

  std::string received;
  Nanoseconds shortest_setup = Nanoseconds::max();
  Nanoseconds shortest_strobe = Nanoseconds::max();

 private:
  void OnLines(const Delta& delta) {
    const Nanoseconds now = cable_.scheduler().Now();
    if (!(delta.changed & kDataLines).empty()) data_since_ = now;
    if (delta.Fell(Line::kNStrobe)) {
      received += static_cast<char>(cable_.data());
      shortest_setup = std::min(shortest_setup, now - data_since_);
      strobe_since_ = now;
      cable_.scheduler().ScheduleAfter(nanoseconds(300), [this] { SetBusy(Level::kHigh); });
      cable_.scheduler().ScheduleAfter(busy_for_, [this] { SetBusy(Level::kLow); });
    }
    if (delta.Rose(Line::kNStrobe))
      shortest_strobe = std::min(shortest_strobe, now - strobe_since_);
  }
  void SetBusy(Level level) {
    cable_.Drive(Side::kPeripheral, Line::kBusy, DriveFor(level));
    cable_.Settle();
  }

  Cable& cable_;
  Nanoseconds busy_for_;
  ObserverId observer_;
  Nanoseconds data_since_{0};
  Nanoseconds strobe_since_{0};
};

std::span<const uint8_t> Bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

// ECR mode 010: software only writes the FIFO; the chip strobes every byte out, obeying Busy,
// with the SMSC timings (ieee1284.md 6.2).
TEST(ChipCompatFifoTest, SendsTheFifoWithTheCentronicsHandshake) {
  SimPort port(ChipConfig::Ecp());
  RecordingPrinter printer(port.cable);
  port.Write(Dcr::kAddress, 0b0000'0100);
  port.SetEcrMode(EcrMode::kPs2);
  port.SetEcrMode(EcrMode::kFifo);
  port.chip.ResetCounters();
  port.chip.WriteBlock(CFifo::kAddress, Width::k8, Bytes("parclass"));
  port.scheduler.SleepFor(microseconds(100));
  EXPECT_EQ(printer.received, "parclass");
  EXPECT_GE(printer.shortest_setup, nanoseconds(600));
  EXPECT_GE(printer.shortest_strobe, nanoseconds(600));
  EXPECT_EQ(port.chip.counters().total(), 8u);  // No status polling by software.
  EXPECT_TRUE(port.chip.ecr().empty());
  EXPECT_TRUE(port.trace.errors().empty()) << port.Errors();
}

TEST(ChipCompatFifoTest, WaitsWhileThePrinterIsBusy) {
  SimPort port(ChipConfig::Ecp());
  RecordingPrinter printer(port.cable, microseconds(50));
  port.SetEcrMode(EcrMode::kPs2);
  port.SetEcrMode(EcrMode::kFifo);
  port.chip.WriteBlock(CFifo::kAddress, Width::k8, Bytes("ab"));
  port.scheduler.SleepFor(microseconds(10));
  EXPECT_EQ(printer.received, "a");
  port.scheduler.SleepFor(microseconds(60));
  EXPECT_EQ(printer.received, "ab");
}

// Leaving mode 010 before the FIFO drains loses what is left, as on hardware (ieee1284.md 2.4).
// A peripheral that goes busy after the data is put on the lines holds the strobe back until it
// is ready again, plus the SMSC gap of 680 ns (ieee1284.md 6.2).
TEST(ChipCompatFifoTest, StrobeWaitsForAPeripheralThatWentBusy) {
  SimPort port(ChipConfig::Ecp());
  RecordingPrinter printer(port.cable);
  port.SetEcrMode(EcrMode::kPs2);
  port.SetEcrMode(EcrMode::kFifo);
  // The data goes on the lines with the write, the strobe 600 ns later; Busy rises in between.
  port.scheduler.ScheduleAfter(nanoseconds(300), [&] {
    port.cable.Drive(Side::kPeripheral, Line::kBusy, Drive::kHigh);
    port.cable.Settle();
  });
  port.Write(CFifo::kAddress, 'q');
  port.scheduler.SleepFor(microseconds(5));
  EXPECT_EQ(printer.received, "");
  EXPECT_EQ(port.cable.level(Line::kNStrobe), Level::kHigh);
  port.cable.Drive(Side::kPeripheral, Line::kBusy, Drive::kLow);
  port.cable.Settle();
  const Nanoseconds ready_at = port.scheduler.Now();
  ASSERT_TRUE(port.scheduler.RunUntil(
      [&] { return port.cable.level(Line::kNStrobe) == Level::kLow; }, ready_at + microseconds(2)));
  EXPECT_EQ(port.scheduler.Now() - ready_at, nanoseconds(680));
  port.scheduler.SleepFor(microseconds(5));
  EXPECT_EQ(printer.received, "q");
}

TEST(ChipCompatFifoTest, LeavingTheModeEarlyLosesTheRest) {
  SimPort port(ChipConfig::Ecp());
  RecordingPrinter printer(port.cable, milliseconds(1));
  port.SetEcrMode(EcrMode::kPs2);
  port.SetEcrMode(EcrMode::kFifo);
  port.chip.WriteBlock(CFifo::kAddress, Width::k8, Bytes("abc"));
  port.SetEcrMode(EcrMode::kPs2);
  port.scheduler.SleepFor(milliseconds(5));
  EXPECT_EQ(printer.received, "a");
  EXPECT_TRUE(port.chip.fifo().empty());
}

// An ECP peripheral for the forward direction (ieee1284.md 9.1): on HostClk falling it takes the
// byte (data if HostAck high, command if low) and raises PeriphAck; on HostClk rising it lowers
// PeriphAck.
class EcpForwardDevice {
 public:
  explicit EcpForwardDevice(Cable& cable) : cable_(cable) {
    cable_.DriveLevels(Side::kPeripheral, LineLevels()
                                              .with(Line::kBusy, Level::kLow)
                                              .with(Line::kPError, Level::kHigh)
                                              .with(Line::kNFault, Level::kHigh));
    cable_.Settle();
    observer_ = cable_.Observe({Line::kNStrobe}, [this](const Delta& delta) { OnLines(delta); });
  }
  ~EcpForwardDevice() { cable_.StopObserving(observer_); }

  std::vector<std::string> received;  // "d41" for data 0x41, "c83" for command 0x83.

 private:
  void OnLines(const Delta& delta) {
    if (delta.Fell(Line::kNStrobe)) {  // Event 35.
      const bool data = cable_.level(Line::kNAutoFd) == Level::kHigh;
      received.push_back(fmt::format("{}{:02x}", data ? 'd' : 'c', cable_.data()));
      Later(Level::kHigh);  // Event 36.
    }
    if (delta.Rose(Line::kNStrobe)) Later(Level::kLow);  // Ready for the next byte.
  }
  void Later(Level busy) {
    cable_.scheduler().ScheduleAfter(nanoseconds(250), [this, busy] {
      cable_.Drive(Side::kPeripheral, Line::kBusy, DriveFor(busy));
      cable_.Settle();
    });
  }

  Cable& cable_;
  ObserverId observer_;
};

// ECR mode 011 forward: ecpDFifo bytes go as data, ecpAFifo bytes as commands, in order.
TEST(ChipEcpFifoTest, ForwardSendsDataAndCommands) {
  SimPort port(ChipConfig::Ecp());
  EcpForwardDevice device(port.cable);
  port.Write(Dcr::kAddress, 0b0000'0100);
  port.SetEcrMode(EcrMode::kPs2);
  port.SetEcrMode(EcrMode::kEcp);
  port.Write(kEcpAFifo, hw::EcpAFifo::Channel(3).reg_value());
  port.Write(EcpDFifo::kAddress, 0x41);
  port.Write(kEcpAFifo, hw::EcpAFifo::RunLength(4).reg_value());
  port.Write(EcpDFifo::kAddress, 0x42);
  port.scheduler.SleepFor(microseconds(50));
  EXPECT_THAT(device.received, ElementsAre("c83", "d41", "c04", "d42"));
  EXPECT_TRUE(port.chip.ecr().empty());
  EXPECT_TRUE(port.trace.errors().empty()) << port.Errors();
}

// An ECP peripheral sending in reverse (ieee1284.md 9.3): each byte is put on the lines with
// PeriphAck (high: data, low: command) and PeriphClk low (event 43); on HostAck high (44) it
// raises PeriphClk (45); on HostAck low (46) it sends the next. It sends the first byte when
// HostAck first falls (event 38 of the turnaround).
class EcpReverseDevice {
 public:
  struct Item {
    uint8_t byte;
    bool command = false;
  };
  EcpReverseDevice(Cable& cable, std::vector<Item> items)
      : cable_(cable), items_(std::move(items)) {
    cable_.DriveLevels(Side::kPeripheral, LineLevels()
                                              .with(Line::kNAck, Level::kHigh)
                                              .with(Line::kPError, Level::kLow)
                                              .with(Line::kNFault, Level::kLow));
    cable_.Settle();
    observer_ = cable_.Observe({Line::kNAutoFd}, [this](const Delta& delta) { OnLines(delta); });
  }
  ~EcpReverseDevice() { cable_.StopObserving(observer_); }

  size_t sent = 0;

 private:
  void OnLines(const Delta& delta) {
    if (delta.Rose(Line::kNAutoFd)) Set(Line::kNAck, Level::kHigh);  // Event 45.
    if (delta.Fell(Line::kNAutoFd)) SendNext();
  }
  void SendNext() {
    if (sent == items_.size()) return;
    const Item item = items_[sent++];
    cable_.scheduler().ScheduleAfter(nanoseconds(200), [this, item] {
      cable_.DriveData(Side::kPeripheral, item.byte);
      cable_.Drive(Side::kPeripheral, Line::kBusy, item.command ? Drive::kLow : Drive::kHigh);
      cable_.Settle();
      Set(Line::kNAck, Level::kLow);  // Event 43.
    });
  }
  void Set(Line line, Level level) {
    cable_.Drive(Side::kPeripheral, line, DriveFor(level));
    cable_.Settle();
  }

  Cable& cable_;
  std::vector<Item> items_;
  ObserverId observer_;
};

// Mode 011 with the port in reverse: the chip runs events 43-46 into the FIFO by itself, and
// expands run-length counts (the ISA standard requires hardware decompression).
void TurnAroundForReverse(SimPort& port) {
  port.SetEcrMode(EcrMode::kPs2);
  port.Write(Dcr::kAddress, 0b0010'0110);  // Direction in, HostAck (nAutoFd) low: event 38.
  port.Write(Dcr::kAddress, 0b0010'0010);  // nReverseRequest (nInit) low: event 39.
  port.SetEcrMode(EcrMode::kEcp);
}

TEST(ChipEcpFifoTest, ReverseFillsTheFifo) {
  SimPort port(ChipConfig::Ecp());
  EcpReverseDevice device(port.cable, {{'h'}, {'i'}, {0x02, true}, {'!'}});
  TurnAroundForReverse(port);
  port.scheduler.SleepFor(microseconds(20));
  std::vector<uint8_t> got;
  while (!port.chip.ecr().empty()) got.push_back(port.Read(EcpDFifo::kAddress));
  EXPECT_THAT(got, ElementsAre('h', 'i', '!', '!', '!'));
  EXPECT_TRUE(port.trace.errors().empty()) << port.Errors();
}

// With the FIFO full the chip stops at event 43 (it does not acknowledge) until software reads.
TEST(ChipEcpFifoTest, ReverseStopsWhileTheFifoIsFull) {
  ChipConfig config = ChipConfig::Ecp();
  config.fifo_depth = 2;
  SimPort port(config);
  EcpReverseDevice device(port.cable, {{1}, {2}, {3}, {4}});
  TurnAroundForReverse(port);
  port.scheduler.SleepFor(microseconds(20));
  EXPECT_TRUE(port.chip.ecr().full());
  EXPECT_EQ(device.sent, 3u);  // The third byte waits on the lines, unacknowledged.
  std::vector<uint8_t> got;
  for (int i = 0; i < 4; ++i) {
    port.scheduler.SleepFor(microseconds(5));
    got.push_back(port.Read(EcpDFifo::kAddress));
  }
  EXPECT_THAT(got, ElementsAre(1, 2, 3, 4));
}

TEST(ChipEcpFifoTest, RunLengthLongerThanTheFifoIsStoredAsSoftwareReads) {
  ChipConfig config = ChipConfig::Ecp();
  config.fifo_depth = 4;
  SimPort port(config);
  EcpReverseDevice device(port.cable, {{0x09, true}, {'z'}, {'.'}});  // 10 times 'z'.
  TurnAroundForReverse(port);
  std::string got;
  for (int i = 0; i < 11; ++i) {
    port.scheduler.SleepFor(microseconds(5));
    got += static_cast<char>(port.Read(EcpDFifo::kAddress));
  }
  EXPECT_EQ(got, "zzzzzzzzzz.");
}

TEST(ChipEcpFifoTest, FifoViewsRefuseTheWrongDirection) {
  SimPort port(ChipConfig::Ecp());
  port.SetEcrMode(EcrMode::kPs2);
  port.SetEcrMode(EcrMode::kFifo);
  port.Read(CFifo::kAddress);
  EXPECT_TRUE(port.HasErrorContaining("read of the FIFO in ECR mode fifo")) << port.Errors();
  TurnAroundForReverse(port);
  port.Write(EcpDFifo::kAddress, 0x00);
  EXPECT_TRUE(port.HasErrorContaining("with the port in reverse")) << port.Errors();
}

TEST(ChipEcpFifoTest, DirectionChangesBelongInMode001) {
  SimPort port(ChipConfig::Ecp());
  port.SetEcrMode(EcrMode::kPs2);
  port.SetEcrMode(EcrMode::kEcp);
  port.Write(Dcr::kAddress, 0b0010'0100);
  EXPECT_TRUE(port.HasErrorContaining("change it in ECR mode 001")) << port.Errors();
}

// In modes 010 and 011 an nFault fall interrupts when nErrIntrEn is 0.
TEST(ChipEcpFifoTest, FaultInterrupt) {
  SimPort port(ChipConfig::Ecp());
  port.SetEcrMode(EcrMode::kPs2);
  port.Write(Ecr::kAddress, 0b0110'0100);  // ECP mode, nErrIntrEn 0, serviceIntr 1.
  port.cable.Drive(Side::kPeripheral, Line::kNFault, Drive::kHigh);
  port.cable.Settle();
  port.cable.Drive(Side::kPeripheral, Line::kNFault, Drive::kLow);
  port.cable.Settle();
  EXPECT_EQ(port.chip.interrupts(), 1u);
}

}  // namespace
}  // namespace parclass::sim
