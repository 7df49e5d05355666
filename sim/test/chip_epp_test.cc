// EPP cycles of the simulated chip (ieee1284.md section 10), against a minimal EPP device written
// here from section 10.5: nWait idles low; on a strobe's falling edge it latches (write) or drives
// (read) and raises nWait; on the strobe's rising edge it lets go and lowers nWait.

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "chip_fixture.h"
#include "parclass/hw/epp_regs.h"

namespace parclass::sim {
namespace {

using hw::Dcr;
using hw::Dsr;
using hw::EcrMode;
using hw::EppAddress;
using hw::EppData;
using hw::Width;

class EppDevice {
 public:
  explicit EppDevice(Cable& cable) : cable_(cable) {
    cable_.Drive(Side::kPeripheral, Line::kBusy, Drive::kLow);  // nWait low: ready.
    cable_.Settle();
    observer_ = cable_.Observe({Line::kNAutoFd, Line::kNSelectIn},
                               [this](const Delta& delta) { OnStrobe(delta); });
  }
  ~EppDevice() { cable_.StopObserving(observer_); }

  Nanoseconds response = nanoseconds(200);
  bool mute = false;  // Never answers: the chip must time out.
  uint8_t address = 0;
  std::vector<uint8_t> written;
  std::vector<uint8_t> to_read;
  int cycles = 0;

 private:
  void OnStrobe(const Delta& delta) {
    for (Line strobe : {Line::kNAutoFd, Line::kNSelectIn}) {
      if (delta.Fell(strobe)) Begin(strobe == Line::kNSelectIn);
      if (delta.Rose(strobe)) End();
    }
  }
  void Begin(bool address_cycle) {
    ++cycles;
    if (mute) return;
    const bool write = cable_.level(Line::kNStrobe) == Level::kLow;  // nWrite.
    if (write) {
      (address_cycle ? address : written.emplace_back()) = cable_.data();
    } else {
      uint8_t value = address;
      if (!address_cycle) {
        value = to_read.empty() ? 0x00 : to_read.front();
        if (!to_read.empty()) to_read.erase(to_read.begin());
      }
      cable_.DriveData(Side::kPeripheral, value);
    }
    cable_.scheduler().ScheduleAfter(response, [this] {
      cable_.Drive(Side::kPeripheral, Line::kBusy, Drive::kHigh);  // Event 58.
      cable_.Settle();
    });
  }
  void End() {
    cable_.ReleaseData(Side::kPeripheral);
    cable_.scheduler().ScheduleAfter(response, [this] {
      cable_.Drive(Side::kPeripheral, Line::kBusy, Drive::kLow);  // Event 60.
      cable_.Settle();
    });
  }

  Cable& cable_;
  ObserverId observer_;
};

// EPP-only port, set up as Linux does for EPP: DCR 0x04 for writes, 0x24 for reads.
struct EppPort : SimPort {
  explicit EppPort(ChipConfig config = ChipConfig::EppOnly()) : SimPort(std::move(config)) {
    Write(Dcr::kAddress, 0b0000'0100);
  }
  void ForReads() { Write(Dcr::kAddress, 0b0010'0100); }
  EppDevice device{cable};
};

TEST(ChipEppTest, AddressWriteCycle) {
  EppPort port;
  port.Write(EppAddress::kAddress, 0x2A);
  EXPECT_EQ(port.device.address, 0x2A);
  EXPECT_EQ(port.device.cycles, 1);
  EXPECT_FALSE(port.chip.epp_timeout());
  EXPECT_TRUE(port.trace.errors().empty()) << port.Errors();
}

TEST(ChipEppTest, DataWriteCycles) {
  EppPort port;
  port.Write(EppData<0>::kAddress, 0x11);
  port.Write(EppData<0>::kAddress, 0x22);
  EXPECT_THAT(port.device.written, ::testing::ElementsAre(0x11, 0x22));
  EXPECT_TRUE(port.trace.errors().empty()) << port.Errors();
}

TEST(ChipEppTest, DataAndAddressReadCycles) {
  EppPort port;
  port.device.to_read = {0xC3, 0x3C};
  port.ForReads();
  EXPECT_EQ(port.Read(EppData<0>::kAddress), 0xC3);
  EXPECT_EQ(port.Read(EppData<0>::kAddress), 0x3C);
  port.device.address = 0x07;
  EXPECT_EQ(port.Read(EppAddress::kAddress), 0x07);
  EXPECT_TRUE(port.trace.errors().empty()) << port.Errors();
}

// A cycle is the strobe framed by nWait: strobe low, nWait high (event 58), strobe high.
TEST(ChipEppTest, WriteCycleLinesFollowTheStandard) {
  EppPort port;
  port.trace.Clear();
  port.Write(EppData<0>::kAddress, 0x5A);
  std::vector<std::string> edges;
  for (const TraceEvent& event : port.trace.events()) {
    const auto* change = std::get_if<LineChange>(&event.what);
    if (change == nullptr || kDataLines.contains(change->line)) continue;
    edges.push_back(fmt::format("{}{}", LineName(change->line), LogicChar(change->to)));
  }
  // nWrite (nStrobe) low with nDStrb (nAutoFd) low; nWait (Busy) high; strobes high; nWait low.
  EXPECT_THAT(edges, ::testing::ElementsAre("nStrobe0", "nAutoFd0", "Busy1", "nStrobe1", "nAutoFd1",
                                            "Busy0"));
}

// A 32-bit access to base+4 is four data cycles, low byte first (base+4..7 on an 8-bit device).
TEST(ChipEppTest, WideAccessesAreSeveralDataCycles) {
  EppPort port;
  const std::array<uint8_t, 8> bytes = {1, 2, 3, 4, 5, 6, 7, 8};
  port.chip.WriteBlock(EppData<0>::kAddress, Width::k32, bytes);
  EXPECT_THAT(port.device.written, ::testing::ElementsAre(1, 2, 3, 4, 5, 6, 7, 8));
  EXPECT_EQ(port.chip.counters().writes(EppData<0>::kAddress), 2u);
  port.device.written.clear();
  port.chip.WriteBlock(EppData<0>::kAddress, Width::k16, std::span(bytes).first(4));
  EXPECT_THAT(port.device.written, ::testing::ElementsAre(1, 2, 3, 4));
}

// A wide access is one bus cycle: a 32-bit write costs one access time plus its four EPP cycles,
// where four byte writes cost four access times. Inside the wide access each cycle after the first
// waits for the device to lower nWait (event 60), which the slower byte accesses never notice.
TEST(ChipEppTest, WideAccessCostsOneAccessTime) {
  EppPort wide;
  EppPort narrow;
  const std::array<uint8_t, 4> bytes = {1, 2, 3, 4};
  const Nanoseconds wide_start = wide.scheduler.Now();
  wide.chip.WriteBlock(EppData<0>::kAddress, Width::k32, bytes);
  const Nanoseconds narrow_start = narrow.scheduler.Now();
  narrow.chip.WriteBlock(EppData<0>::kAddress, Width::k8, bytes);
  EXPECT_EQ((narrow.scheduler.Now() - narrow_start) - (wide.scheduler.Now() - wide_start),
            3 * wide.chip.config().access_time - 3 * wide.device.response);
}

TEST(ChipEppTest, SilentPeripheralTimesOutAfterTenMicroseconds) {
  EppPort port;
  port.device.mute = true;
  port.ForReads();
  const Nanoseconds start = port.scheduler.Now();
  EXPECT_EQ(port.Read(EppData<0>::kAddress), 0xFF);  // Nobody drives: the lines float.
  EXPECT_TRUE(port.chip.epp_timeout());
  EXPECT_TRUE(Dsr::FromValue(port.Read(Dsr::kAddress)).epp_timeout());
  // The cycle lasted the timeout, plus the access itself.
  EXPECT_GE(port.scheduler.Now() - start, microseconds(10));
  EXPECT_LT(port.scheduler.Now() - start, microseconds(13));
}

// Each vendor's way of clearing the timeout bit, and Linux's sequence that clears all of them.
struct ClearingCase {
  EppTimeoutClearing clearing;
  bool cleared_by_read;
  bool cleared_by_writing_one;
  bool cleared_by_writing_zero;
};

class ChipEppTimeoutTest : public ::testing::TestWithParam<ClearingCase> {
 protected:
  static std::unique_ptr<EppPort> TimedOutPort(EppTimeoutClearing clearing) {
    ChipConfig config = ChipConfig::EppOnly();
    config.epp_timeout_clearing = clearing;
    auto port = std::make_unique<EppPort>(config);
    port->device.mute = true;
    port->Write(EppData<0>::kAddress, 0x00);
    return port;
  }
};

TEST_P(ChipEppTimeoutTest, ClearsOnlyTheVendorsWay) {
  const ClearingCase& c = GetParam();
  {
    auto port = TimedOutPort(c.clearing);
    port->Read(Dsr::kAddress);
    EXPECT_EQ(port->chip.epp_timeout(), !c.cleared_by_read);
  }
  {
    auto port = TimedOutPort(c.clearing);
    port->Write(Dsr::kAddress, 0b0000'0001);
    EXPECT_EQ(port->chip.epp_timeout(), !c.cleared_by_writing_one);
  }
  {
    auto port = TimedOutPort(c.clearing);
    port->Write(Dsr::kAddress, 0b0000'0000);
    EXPECT_EQ(port->chip.epp_timeout(), !c.cleared_by_writing_zero);
  }
}

// Linux clear_epp_timeout: read twice, write r | 1, write r & ~1, read again (ieee1284.md 2.2).
TEST_P(ChipEppTimeoutTest, LinuxSequenceClearsEveryVariant) {
  auto port = TimedOutPort(GetParam().clearing);
  const uint8_t r = port->Read(Dsr::kAddress);
  port->Read(Dsr::kAddress);
  port->Write(Dsr::kAddress, r | 0x01);
  port->Write(Dsr::kAddress, r & 0xFE);
  EXPECT_FALSE(Dsr::FromValue(port->Read(Dsr::kAddress)).epp_timeout());
}

INSTANTIATE_TEST_SUITE_P(
    Vendors, ChipEppTimeoutTest,
    ::testing::Values(ClearingCase{EppTimeoutClearing::kByRead, true, false, false},
                      ClearingCase{EppTimeoutClearing::kByWritingOne, false, true, false},
                      ClearingCase{EppTimeoutClearing::kByWritingZero, false, false, true}));

// On an ECP+EPP chip a timeout left from ECR mode 100 is not cleared by a status read in another
// mode, where the status register's bit 0 reads 1 and says nothing about EPP.
TEST(ChipEppTest, AStatusReadOutsideEppModeLeavesTheTimeout) {
  ChipConfig config = ChipConfig::EcpEpp();
  config.epp_timeout_clearing = EppTimeoutClearing::kByRead;
  EppPort port(config);
  port.device.mute = true;
  port.SetEcrMode(hw::EcrMode::kPs2);
  port.SetEcrMode(hw::EcrMode::kEpp);
  port.Write(EppData<0>::kAddress, 0x00);
  ASSERT_TRUE(port.chip.epp_timeout());
  port.SetEcrMode(hw::EcrMode::kPs2);
  port.Read(Dsr::kAddress);
  EXPECT_TRUE(port.chip.epp_timeout());
  port.SetEcrMode(hw::EcrMode::kEpp);
  port.Read(Dsr::kAddress);
  EXPECT_FALSE(port.chip.epp_timeout());
}

// EPP 1.9 starts a cycle only once nWait is low; a peripheral holding nWait high gets no strobe.
TEST(ChipEppTest, Epp19WaitsForNWaitLowBeforeStrobing) {
  EppPort port;
  port.cable.Drive(Side::kPeripheral, Line::kBusy, Drive::kHigh);
  port.cable.Settle();
  port.Write(EppData<0>::kAddress, 0x99);
  EXPECT_EQ(port.device.cycles, 0);
  EXPECT_TRUE(port.chip.epp_timeout());
}

// EPP 1.7 strobes without looking at nWait: with nWait already high the cycle "completes" at once
// and the byte is taken.
TEST(ChipEppTest, Epp17StrobesWithoutLooking) {
  ChipConfig config = ChipConfig::EppOnly();
  config.epp_version = EppVersion::k17;
  EppPort port(config);
  port.cable.Drive(Side::kPeripheral, Line::kBusy, Drive::kHigh);
  port.cable.Settle();
  port.Write(EppData<0>::kAddress, 0x99);
  EXPECT_EQ(port.device.cycles, 1);
  EXPECT_FALSE(port.chip.epp_timeout());
}

// On an ECP chip EPP lives in ECR mode 100; elsewhere the EPP registers are not decoded and the
// timeout bit reads 1, as Linux's "phony EPP in ECP" check expects (ieee1284.md 3.4).
TEST(ChipEppTest, EcpChipHasEppOnlyInMode100) {
  SimPort port(ChipConfig::EcpEpp());
  EppDevice device(port.cable);
  port.SetEcrMode(EcrMode::kPs2);
  port.Write(Dcr::kAddress, 0b0000'0100);
  port.Write(EppData<0>::kAddress, 0x42);
  EXPECT_EQ(device.cycles, 0);
  EXPECT_TRUE(Dsr::FromValue(port.Read(Dsr::kAddress)).epp_timeout());
  EXPECT_TRUE(port.HasErrorContaining("EPP is not active")) << port.Errors();

  port.SetEcrMode(EcrMode::kEpp);
  EXPECT_FALSE(Dsr::FromValue(port.Read(Dsr::kAddress)).epp_timeout());
  port.Write(EppData<0>::kAddress, 0x42);
  EXPECT_THAT(device.written, ::testing::ElementsAre(0x42));
}

TEST(ChipEppTest, EcpChipWithoutEppRefusesMode100) {
  SimPort port(ChipConfig::Ecp());
  port.SetEcrMode(EcrMode::kPs2);
  port.SetEcrMode(EcrMode::kEpp);
  EXPECT_TRUE(port.HasErrorContaining("ECR mode 100 on a chip without EPP")) << port.Errors();
  port.Write(EppData<0>::kAddress, 0x42);
  EXPECT_TRUE(port.HasErrorContaining("EPP is not active")) << port.Errors();
}

}  // namespace
}  // namespace parclass::sim
