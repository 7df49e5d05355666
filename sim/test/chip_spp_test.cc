// The simulated chip's SPP and PS/2 behaviour: reset values, data and control lines, status
// composition, direction, interrupts, access cost, and what an SPP-only variant refuses.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "chip_fixture.h"
#include "parclass/hw/epp_regs.h"
#include "parclass/sim/loopback_plug.h"
#include "parclass/sim/scripted_peripheral.h"

namespace parclass::sim {
namespace {

using hw::Data;
using hw::Dcr;
using hw::Dsr;

TEST(ChipSppTest, ResetIsCompatibilityIdle) {
  SimPort port(ChipConfig::SppOnly());
  // DCR 0x0c (nInit high, nSelectIn low), reserved bits 7:6 reading 1 as on QEMU and 86Box.
  EXPECT_EQ(port.Read(Dcr::kAddress), 0b1100'1100);
  EXPECT_EQ(port.cable.level(Line::kNStrobe), Level::kHigh);
  EXPECT_EQ(port.cable.level(Line::kNAutoFd), Level::kHigh);
  EXPECT_EQ(port.cable.level(Line::kNInit), Level::kHigh);
  EXPECT_EQ(port.cable.level(Line::kNSelectIn), Level::kLow);
  EXPECT_EQ(port.cable.data(), 0x00);
}

TEST(ChipSppTest, ReservedControlBitsCanReadZero) {
  ChipConfig config = ChipConfig::SppOnly();
  config.dcr_reserved_read_one = false;  // SMSC datasheets.
  SimPort port(config);
  EXPECT_EQ(port.Read(Dcr::kAddress), 0b0000'1100);
}

// Nothing attached: every status line floats high. Busy high reads as bit 7 = 0; bits 2:1 read 1;
// bit 0 reads 1 on a port without EPP (ieee1284.md 2.1, 2.5).
TEST(ChipSppTest, StatusOfAnEmptyConnector) {
  SimPort port(ChipConfig::SppOnly());
  EXPECT_EQ(port.Read(Dsr::kAddress), 0b0111'1111);
}

TEST(ChipSppTest, StatusShowsThePeripheralsLinesWithBusyInverted) {
  SimPort port(ChipConfig::SppOnly());
  port.cable.DriveLevels(Side::kPeripheral, LineLevels()
                                                .with(Line::kBusy, Level::kLow)
                                                .with(Line::kNAck, Level::kHigh)
                                                .with(Line::kPError, Level::kLow)
                                                .with(Line::kSelect, Level::kHigh)
                                                .with(Line::kNFault, Level::kHigh));
  port.cable.Settle();
  // A ready printer: not_busy, n_ack, select, n_fault; reserved and timeout bits 1.
  EXPECT_EQ(port.Read(Dsr::kAddress), 0b1101'1111);
}

TEST(ChipSppTest, DataWritesDriveTheLinesAndReadBack) {
  SimPort port(ChipConfig::SppOnly());
  port.Write(Data::kAddress, 0xA5);
  EXPECT_EQ(port.cable.data(), 0xA5);
  EXPECT_EQ(port.cable.value(Line::kD0), Logic::k1);
  EXPECT_EQ(port.cable.value(Line::kD1), Logic::k0);
  EXPECT_EQ(port.Read(Data::kAddress), 0xA5);
}

// Control bits 0, 1 and 3 are inverted on the way to the pins; bit 2 is not.
TEST(ChipSppTest, ControlWritesDriveTheLinesThroughTheInversions) {
  SimPort port(ChipConfig::SppOnly());
  port.Write(Dcr::kAddress, 0b0000'0100);  // Nothing asserted, nInit high.
  EXPECT_EQ(port.cable.levels(kControlLines), LineLevels()
                                                  .with(Line::kNStrobe, Level::kHigh)
                                                  .with(Line::kNAutoFd, Level::kHigh)
                                                  .with(Line::kNInit, Level::kHigh)
                                                  .with(Line::kNSelectIn, Level::kHigh));
  port.Write(Dcr::kAddress, 0b0000'1011);  // Strobe, AutoFd, SelectIn asserted; nInit low.
  EXPECT_EQ(port.cable.levels(kControlLines), LineLevels()
                                                  .with(Line::kNStrobe, Level::kLow)
                                                  .with(Line::kNAutoFd, Level::kLow)
                                                  .with(Line::kNInit, Level::kLow)
                                                  .with(Line::kNSelectIn, Level::kLow));
}

// Control lines are open-collector: a peripheral pulling one low wins over the host's release.
TEST(ChipSppTest, ControlLinesAreOpenCollector) {
  SimPort port(ChipConfig::SppOnly());
  port.Write(Dcr::kAddress, 0b0000'0100);
  port.cable.Drive(Side::kPeripheral, Line::kNInit, Drive::kLow);
  port.cable.Settle();
  EXPECT_EQ(port.cable.level(Line::kNInit), Level::kLow);
  EXPECT_TRUE(port.trace.errors().empty()) << port.Errors();
}

// Legacy open-collector ports read the control pins back, so a line a peripheral holds low shows;
// other ports read back the latch.
TEST(ChipSppTest, ControlReadbackOfLatchOrPins) {
  ChipConfig config = ChipConfig::SppOnly();
  config.dcr_reads_pins = true;
  SimPort legacy(config);
  SimPort latch(ChipConfig::SppOnly());
  for (SimPort* port : {&legacy, &latch}) {
    port->Write(Dcr::kAddress, 0b0000'0100);
    port->cable.Drive(Side::kPeripheral, Line::kNInit, Drive::kLow);
    port->cable.Drive(Side::kPeripheral, Line::kNStrobe, Drive::kLow);
    port->cable.Settle();
  }
  EXPECT_EQ(legacy.Read(Dcr::kAddress), 0b1100'0001);  // nInit low reads 0; nStrobe low reads 1.
  EXPECT_EQ(latch.Read(Dcr::kAddress), 0b1100'0100);
}

// An SPP-only port cannot tri-state: the direction bit changes nothing, so the Linux PS/2 test
// (ieee1284.md 3.3) reads back what it wrote.
TEST(ChipSppTest, SppOnlyPortIgnoresTheDirectionBit) {
  SimPort port(ChipConfig::SppOnly());
  port.Write(Dcr::kAddress, 0b0010'1100);
  port.Write(Data::kAddress, 0x55);
  EXPECT_EQ(port.Read(Data::kAddress), 0x55);
  port.Write(Data::kAddress, 0xAA);
  EXPECT_EQ(port.Read(Data::kAddress), 0xAA);
  EXPECT_EQ(port.cable.driver(Side::kHost, Line::kD0), Drive::kLow);
  EXPECT_TRUE(port.HasErrorContaining("cannot tri-state")) << port.Errors();
}

TEST(ChipPs2Test, ReverseReleasesTheDataLinesWhichFloatHigh) {
  SimPort port(ChipConfig::Ps2());
  port.Write(Data::kAddress, 0x55);
  port.Write(Dcr::kAddress, 0b0010'0100);
  EXPECT_EQ(port.cable.driver(Side::kHost, Line::kD0), Drive::kRelease);
  EXPECT_EQ(port.Read(Data::kAddress), 0xFF);
}

TEST(ChipPs2Test, ReverseReadsWhatThePeripheralDrives) {
  SimPort port(ChipConfig::Ps2());
  port.Write(Dcr::kAddress, 0b0010'0100);
  port.cable.DriveData(Side::kPeripheral, 0x3C);
  port.cable.Settle();
  EXPECT_EQ(port.Read(Data::kAddress), 0x3C);
  EXPECT_TRUE(port.trace.errors().empty()) << port.Errors();
}

// Turning the port forward while the peripheral still drives the data lines is a direction
// mistake: the lines read X and the contention is an error, it never silently works.
TEST(ChipPs2Test, ForwardWhileThePeripheralDrivesIsContention) {
  SimPort port(ChipConfig::Ps2());
  port.Write(Data::kAddress, 0x00);
  port.Write(Dcr::kAddress, 0b0010'0100);
  port.cable.DriveData(Side::kPeripheral, 0xFF);
  port.cable.Settle();
  port.Write(Dcr::kAddress, 0b0000'0100);
  EXPECT_EQ(port.cable.value(Line::kD0), Logic::kX);
  EXPECT_TRUE(port.HasErrorContaining("contention on D0")) << port.Errors();
}

// The PC raises its interrupt at the end of the nAck pulse, if DCR bit 4 enables it.
TEST(ChipSppTest, InterruptOnTheRisingEdgeOfNAck) {
  SimPort port(ChipConfig::SppOnly());
  int calls = 0;
  port.chip.set_interrupt_handler([&] { ++calls; });
  port.Write(Dcr::kAddress, 0b0001'0100);
  port.cable.Drive(Side::kPeripheral, Line::kNAck, Drive::kLow);
  port.cable.Settle();
  EXPECT_EQ(calls, 0);
  port.cable.Drive(Side::kPeripheral, Line::kNAck, Drive::kHigh);
  port.cable.Settle();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(port.chip.interrupts(), 1u);
}

TEST(ChipSppTest, NoInterruptWhenDisabledOrWithoutAnIrq) {
  SimPort disabled(ChipConfig::SppOnly());
  disabled.Write(Dcr::kAddress, 0b0000'0100);
  ChipConfig config = ChipConfig::SppOnly();
  config.irq.reset();
  SimPort no_irq(config);
  no_irq.Write(Dcr::kAddress, 0b0001'0100);
  for (SimPort* port : {&disabled, &no_irq}) {
    port->cable.Drive(Side::kPeripheral, Line::kNAck, Drive::kLow);
    port->cable.Settle();
    port->cable.Drive(Side::kPeripheral, Line::kNAck, Drive::kHigh);
    port->cable.Settle();
    EXPECT_EQ(port->chip.interrupts(), 0u);
  }
}

TEST(ChipSppTest, EachAccessCostsItsBusTimeAndIsCounted) {
  ChipConfig config = ChipConfig::SppOnly();
  config.access_time = nanoseconds(1'500);
  SimPort port(config);
  const Nanoseconds start = port.scheduler.Now();
  port.Write(Data::kAddress, 1);
  port.Read(Dsr::kAddress);
  port.Read(Dsr::kAddress);
  EXPECT_EQ(port.scheduler.Now() - start, nanoseconds(4'500));
  EXPECT_EQ(port.chip.counters().writes(Data::kAddress), 1u);
  EXPECT_EQ(port.chip.counters().reads(Dsr::kAddress), 2u);
}

TEST(ChipSppTest, EveryAccessIsTraced) {
  SimPort port(ChipConfig::SppOnly());
  port.trace.Clear();
  port.Write(Dcr::kAddress, 0b0000'0100);
  ASSERT_FALSE(port.trace.events().empty());
  const auto* access = std::get_if<RegisterAccess>(&port.trace.events().front().what);
  ASSERT_NE(access, nullptr);
  EXPECT_EQ(access->address, Dcr::kAddress);
  EXPECT_EQ(access->kind, AccessKind::kWrite);
  EXPECT_EQ(access->value, 0b0000'0100);
}

// The SPP-only port's timeout bit stays 1 through Linux's clear_epp_timeout sequence, which is
// how Linux knows it has no EPP (ieee1284.md 2.5, 3.4).
TEST(ChipSppTest, TimeoutBitCannotBeClearedWithoutEpp) {
  SimPort port(ChipConfig::SppOnly());
  const uint8_t r = port.Read(Dsr::kAddress);
  port.Read(Dsr::kAddress);
  port.Write(Dsr::kAddress, r | 0x01);
  port.Write(Dsr::kAddress, r & 0xFE);
  EXPECT_TRUE(Dsr::FromValue(port.Read(Dsr::kAddress)).epp_timeout());
}

TEST(ChipSppTest, UndecodedRegistersAreGuestErrorsAndFloat) {
  SimPort port(ChipConfig::SppOnly());
  EXPECT_EQ(port.Read(hw::EppData<0>::kAddress), 0xFF);
  port.Write(hw::EppAddress::kAddress, 0x12);
  EXPECT_EQ(port.Read(hw::Ecr::kAddress), 0xFF);
  port.Write(hw::Ecr::kAddress, 0x34);
  EXPECT_EQ(port.trace.errors().size(), 4u) << port.Errors();
  EXPECT_TRUE(port.HasErrorContaining("EPP is not active")) << port.Errors();
  EXPECT_TRUE(port.HasErrorContaining("no ECR block")) << port.Errors();
}

// Through the registers and a Norton-wired loopback plug: D0-D4 come back on the status lines.
TEST(ChipSppTest, NortonLoopbackPlugReturnsTheDataLines) {
  SimPort port(ChipConfig::SppOnly());
  LoopbackPlug plug(port.cable, LoopbackPlug::Wiring::kNorton);
  for (int value = 0; value < 32; ++value) {
    port.Write(Data::kAddress, static_cast<uint8_t>(value));
    const LineLevels status = port.Read<Dsr>().lines();
    EXPECT_EQ(status.level(Line::kNFault), LevelOf(value & 0b00001)) << value;
    EXPECT_EQ(status.level(Line::kSelect), LevelOf(value & 0b00010)) << value;
    EXPECT_EQ(status.level(Line::kPError), LevelOf(value & 0b00100)) << value;
    EXPECT_EQ(status.level(Line::kNAck), LevelOf(value & 0b01000)) << value;
    EXPECT_EQ(status.level(Line::kBusy), LevelOf(value & 0b10000)) << value;
  }
}

// Through an IBM wrap plug the control lines come back: nSelectIn -> Busy, nInit -> nAck,
// nAutoFd -> PError, nStrobe -> Select.
TEST(ChipSppTest, IbmLoopbackPlugReturnsTheControlLines) {
  SimPort port(ChipConfig::SppOnly());
  LoopbackPlug plug(port.cable, LoopbackPlug::Wiring::kIbm);
  port.Write(Dcr::kAddress, Dcr::Get()
                                .set_line(Line::kNStrobe, Level::kLow)
                                .set_line(Line::kNAutoFd, Level::kHigh)
                                .set_line(Line::kNInit, Level::kLow)
                                .set_line(Line::kNSelectIn, Level::kHigh)
                                .reg_value());
  const LineLevels status = port.Read<Dsr>().lines();
  EXPECT_EQ(status.level(Line::kSelect), Level::kLow);
  EXPECT_EQ(status.level(Line::kPError), Level::kHigh);
  EXPECT_EQ(status.level(Line::kNAck), Level::kLow);
  EXPECT_EQ(status.level(Line::kBusy), Level::kHigh);
}

}  // namespace
}  // namespace parclass::sim
