#include "parclass/hw/spp_regs.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>

#include "parclass/base/lines.h"

namespace parclass::hw {
namespace {

// Where each line sits in its register, and whether the port inverts it, transcribed from the
// shared spec (ieee1284.md section 1.2) independently of the tables in line_bits.h.
struct SpecBit {
  Line line;
  int bit;
};
constexpr std::array<SpecBit, 5> kSpecStatusBits = {{
    {Line::kBusy, 7},  // Inverted.
    {Line::kNAck, 6},
    {Line::kPError, 5},
    {Line::kSelect, 4},
    {Line::kNFault, 3},
}};
constexpr std::array<SpecBit, 4> kSpecControlBits = {{
    {Line::kNSelectIn, 3},  // Inverted.
    {Line::kNInit, 2},
    {Line::kNAutoFd, 1},  // Inverted.
    {Line::kNStrobe, 0},  // Inverted.
}};

// All five status lines (or all four control lines) at the given levels.
LineLevels StatusLevels(Level busy, Level n_ack, Level p_error, Level select, Level n_fault) {
  return LineLevels()
      .with(Line::kBusy, busy)
      .with(Line::kNAck, n_ack)
      .with(Line::kPError, p_error)
      .with(Line::kSelect, select)
      .with(Line::kNFault, n_fault);
}

LineLevels ControlLevels(Level n_strobe, Level n_auto_fd, Level n_init, Level n_select_in) {
  return LineLevels()
      .with(Line::kNStrobe, n_strobe)
      .with(Line::kNAutoFd, n_auto_fd)
      .with(Line::kNInit, n_init)
      .with(Line::kNSelectIn, n_select_in);
}

constexpr Level kL = Level::kLow;
constexpr Level kH = Level::kHigh;

// --- Data (base+0) ---------------------------------------------------------------------------

// ieee1284.md section 2.1: DATA is base+0.
TEST(DataTest, AddressIsBasePlus0) {
  EXPECT_EQ(Data::kAddress, (RegisterAddress{RegisterBlock::kBase, 0}));
  EXPECT_EQ(Data::kAccess, Access::kReadWrite);
  EXPECT_EQ(Data::kName, "data");
}

TEST(DataTest, DataIsBits7To0) {
  EXPECT_EQ(Data::Get().set_data(0b1010'0101).reg_value(), 0b1010'0101);
  EXPECT_EQ(Data::FromValue(0b0101'1010).data(), 0b0101'1010);
}

// ieee1284.md section 1.2: D0-D7 are bits 0-7, not inverted (bit = 1 means pin high).
TEST(DataTest, LinesAreNotInverted) {
  const LineLevels lines = Data::FromValue(0b1000'0001).lines();
  EXPECT_EQ(lines.known(), kDataLines);
  EXPECT_EQ(lines.level(Line::kD0), kH);
  EXPECT_EQ(lines.level(Line::kD1), kL);
  EXPECT_EQ(lines.level(Line::kD6), kL);
  EXPECT_EQ(lines.level(Line::kD7), kH);
}

TEST(DataTest, BitNIsLineDn) {
  for (int bit = 0; bit < 8; ++bit) {
    const LineLevels lines = Data::FromValue(static_cast<uint8_t>(1 << bit)).lines();
    EXPECT_EQ(lines.high(), LineSet{DataLine(bit)}) << "bit " << bit;
  }
}

// --- DSR (base+1) ----------------------------------------------------------------------------

// ieee1284.md section 2.1: STATUS is base+1, read only but for the EPP timeout bit 0.
TEST(DsrTest, AddressIsBasePlus1) {
  EXPECT_EQ(Dsr::kAddress, (RegisterAddress{RegisterBlock::kBase, 1}));
  EXPECT_EQ(Dsr::kName, "dsr");
}

TEST(DsrTest, OnlyTheEppTimeoutBitIsWritable) { EXPECT_EQ(Dsr::kWritableMask, 0b0000'0001); }

// ieee1284.md section 2.1, STATUS table.
TEST(DsrTest, NotBusyIsBit7) {
  EXPECT_EQ(Dsr::Get().set_not_busy(true).reg_value(), 0b1000'0000);
  EXPECT_TRUE(Dsr::FromValue(0b1000'0000).not_busy());
  EXPECT_FALSE(Dsr::FromValue(0b0111'1111).not_busy());
}

TEST(DsrTest, NAckIsBit6) {
  EXPECT_EQ(Dsr::Get().set_n_ack(true).reg_value(), 0b0100'0000);
  EXPECT_TRUE(Dsr::FromValue(0b0100'0000).n_ack());
  EXPECT_FALSE(Dsr::FromValue(0b1011'1111).n_ack());
}

TEST(DsrTest, PErrorIsBit5) {
  EXPECT_EQ(Dsr::Get().set_p_error(true).reg_value(), 0b0010'0000);
  EXPECT_TRUE(Dsr::FromValue(0b0010'0000).p_error());
  EXPECT_FALSE(Dsr::FromValue(0b1101'1111).p_error());
}

TEST(DsrTest, SelectIsBit4) {
  EXPECT_EQ(Dsr::Get().set_select(true).reg_value(), 0b0001'0000);
  EXPECT_TRUE(Dsr::FromValue(0b0001'0000).select());
  EXPECT_FALSE(Dsr::FromValue(0b1110'1111).select());
}

TEST(DsrTest, NFaultIsBit3) {
  EXPECT_EQ(Dsr::Get().set_n_fault(true).reg_value(), 0b0000'1000);
  EXPECT_TRUE(Dsr::FromValue(0b0000'1000).n_fault());
  EXPECT_FALSE(Dsr::FromValue(0b1111'0111).n_fault());
}

// Bit 2: reserved / nIRQ latch on some chips.
TEST(DsrTest, Reserved2IsBit2) {
  EXPECT_EQ(Dsr::Get().set_reserved2(true).reg_value(), 0b0000'0100);
  EXPECT_TRUE(Dsr::FromValue(0b0000'0100).reserved2());
  EXPECT_FALSE(Dsr::FromValue(0b1111'1011).reserved2());
}

TEST(DsrTest, Reserved1IsBit1) {
  EXPECT_EQ(Dsr::Get().set_reserved1(true).reg_value(), 0b0000'0010);
  EXPECT_TRUE(Dsr::FromValue(0b0000'0010).reserved1());
  EXPECT_FALSE(Dsr::FromValue(0b1111'1101).reserved1());
}

TEST(DsrTest, EppTimeoutIsBit0) {
  EXPECT_EQ(Dsr::Get().set_epp_timeout(true).reg_value(), 0b0000'0001);
  EXPECT_TRUE(Dsr::FromValue(0b0000'0001).epp_timeout());
  EXPECT_FALSE(Dsr::FromValue(0b1111'1110).epp_timeout());
}

TEST(DsrTest, ClearingABitKeepsTheOthers) {
  EXPECT_EQ(Dsr::FromValue(0b1111'1111).set_select(false).reg_value(), 0b1110'1111);
}

// ieee1284.md section 1.2: only Busy (bit 7) is inverted in STATUS; libieee1284 S1284_INVERTED.
TEST(DsrTest, InvertedMaskIsBusy) { EXPECT_EQ(Dsr::kInvertedMask, 0b1000'0000); }

// ieee1284.md section 1.2: bit 7 = 1 means the Busy pin is low.
TEST(DsrTest, BusyIsHighWhenNotBusyBitIsClear) {
  EXPECT_EQ(Dsr::FromValue(0b0000'0000).lines().level(Line::kBusy), kH);
  EXPECT_EQ(Dsr::FromValue(0b1000'0000).lines().level(Line::kBusy), kL);
}

TEST(DsrTest, LinesAreTheFiveStatusLines) {
  EXPECT_EQ(Dsr::FromValue(0x00).lines().known(), kStatusLines);
}

TEST(DsrTest, OtherStatusLinesFollowTheirBits) {
  EXPECT_EQ(Dsr::FromValue(0b0111'1000).lines(), StatusLevels(kH, kH, kH, kH, kH));
  EXPECT_EQ(Dsr::FromValue(0b1000'0111).lines(), StatusLevels(kL, kL, kL, kL, kL));
  EXPECT_EQ(Dsr::FromValue(0b0100'0000).lines(), StatusLevels(kH, kH, kL, kL, kL));
}

// ieee1284.md section 1.2: "STATUS ^ 0x80 gives true pin levels", for every value and every
// mapped bit.
TEST(DsrTest, StatusXor0x80GivesPinLevelsForAllValues) {
  for (int value = 0; value < 256; ++value) {
    const LineLevels lines = Dsr::FromValue(static_cast<uint8_t>(value)).lines();
    const int pins = value ^ 0x80;
    for (const SpecBit& entry : kSpecStatusBits) {
      EXPECT_EQ(lines.level(entry.line), LevelOf(((pins >> entry.bit) & 1) != 0))
          << "status " << value << ", " << LineName(entry.line);
    }
  }
}

TEST(DsrTest, SetLinesShowsTheLevels) {
  // Event 2 (ieee1284.md section 4.2) with Busy high: PError, Select, nFault high, nAck low.
  EXPECT_EQ(Dsr::Get().set_lines(StatusLevels(kH, kL, kH, kH, kH)).reg_value(), 0b0011'1000);
  // Compat idle, ready: Busy low, nAck high, PError low, Select high, nFault high.
  EXPECT_EQ(Dsr::Get().set_lines(StatusLevels(kL, kH, kL, kH, kH)).reg_value(), 0b1101'1000);
}

TEST(DsrTest, SetLinesRoundTripsEveryCombination) {
  for (int pins = 0; pins < 32; ++pins) {
    const LineLevels levels = StatusLevels(LevelOf(pins & 1), LevelOf(pins & 2), LevelOf(pins & 4),
                                           LevelOf(pins & 8), LevelOf(pins & 16));
    EXPECT_EQ(Dsr::Get().set_lines(levels).lines(), levels) << levels.Describe();
  }
}

TEST(DsrTest, SetLinesKeepsUnmappedBitsAndUnknownLines) {
  const Dsr dsr =
      Dsr::FromValue(0b0000'0111).set_lines(LineLevels().with(Line::kBusy, kH));  // Only Busy.
  EXPECT_EQ(dsr.reg_value(), 0b0000'0111);
  EXPECT_EQ(Dsr::FromValue(0b0101'0111).set_lines(LineLevels().with(Line::kNAck, kL)).reg_value(),
            0b0001'0111);
}

// ieee1284.md section 4.2, event 2: Linux checks `(STATUS & 0x78) == 0x38`, which is "nAck low,
// PError, Select and nFault high" as line levels, whatever Busy and the low bits are.
TEST(DsrTest, LinuxEvent2MaskIsALineLevelCheck) {
  const LineLevels event2 = LineLevels()
                                .with(Line::kNAck, kL)
                                .with(Line::kPError, kH)
                                .with(Line::kSelect, kH)
                                .with(Line::kNFault, kH);
  for (int status = 0; status < 256; ++status) {
    const bool linux_says = (status & 0x78) == 0x38;
    EXPECT_EQ(event2.MatchedBy(Dsr::FromValue(static_cast<uint8_t>(status)).lines()), linux_says)
        << "status " << status;
  }
}

TEST(DsrTest, DescribeNamesTheSetBits) {
  // register.h's example: every status line high (Busy through its inverted bit 7 = 0).
  EXPECT_EQ(Dsr::FromValue(0x78).Describe(), "dsr=0x78 [n_ack p_error select n_fault]");
  // MockIo's example: Busy low, all fine; the reserved bits are named by number.
  EXPECT_EQ(Dsr::FromValue(0b1101'1111).Describe(),
            "dsr=0xdf [not_busy n_ack select n_fault reserved2=1 reserved1=1 epp_timeout]");
  EXPECT_EQ(Dsr::FromValue(0x00).Describe(), "dsr=0x00 []");
}

// --- DCR (base+2) ----------------------------------------------------------------------------

// ieee1284.md section 2.1: CONTROL is base+2; its readback is unreliable, so it is shadowed.
TEST(DcrTest, AddressIsBasePlus2) {
  EXPECT_EQ(Dcr::kAddress, (RegisterAddress{RegisterBlock::kBase, 2}));
  EXPECT_EQ(Dcr::kAccess, Access::kReadWrite);
  EXPECT_EQ(Dcr::kName, "dcr");
  EXPECT_TRUE(Dcr::kShadowed);
}

// ieee1284.md section 2.1, CONTROL table; windows-parallel-interface.md section 5.6 DCR_*.
TEST(DcrTest, ReservedIsBits7To6) {
  EXPECT_EQ(Dcr::Get().set_reserved(0b11).reg_value(), 0b1100'0000);  // DCR_RESERVED 0xC0
  EXPECT_EQ(Dcr::Get().set_reserved(0b01).reg_value(), 0b0100'0000);
  EXPECT_EQ(Dcr::FromValue(0b1100'0000).reserved(), 0b11);
  EXPECT_EQ(Dcr::FromValue(0b0011'1111).reserved(), 0b00);
}

TEST(DcrTest, DirectionIsBit5) {
  EXPECT_EQ(Dcr::Get().set_direction(true).reg_value(), 0b0010'0000);  // DCR_DIRECTION 0x20
  EXPECT_TRUE(Dcr::FromValue(0b0010'0000).direction());
  EXPECT_FALSE(Dcr::FromValue(0b1101'1111).direction());
}

TEST(DcrTest, AckIntEnIsBit4) {
  EXPECT_EQ(Dcr::Get().set_ack_int_en(true).reg_value(), 0b0001'0000);  // DCR_ACKINT_ENABLED
  EXPECT_TRUE(Dcr::FromValue(0b0001'0000).ack_int_en());
  EXPECT_FALSE(Dcr::FromValue(0b1110'1111).ack_int_en());
}

TEST(DcrTest, SelectInIsBit3) {
  EXPECT_EQ(Dcr::Get().set_select_in(true).reg_value(), 0b0000'1000);  // DCR_SELECT_IN 0x08
  EXPECT_TRUE(Dcr::FromValue(0b0000'1000).select_in());
  EXPECT_FALSE(Dcr::FromValue(0b1111'0111).select_in());
}

TEST(DcrTest, NInitIsBit2) {
  EXPECT_EQ(Dcr::Get().set_n_init(true).reg_value(), 0b0000'0100);  // DCR_NOT_INIT 0x04
  EXPECT_TRUE(Dcr::FromValue(0b0000'0100).n_init());
  EXPECT_FALSE(Dcr::FromValue(0b1111'1011).n_init());
}

TEST(DcrTest, AutoFdIsBit1) {
  EXPECT_EQ(Dcr::Get().set_auto_fd(true).reg_value(), 0b0000'0010);  // DCR_AUTOFEED 0x02
  EXPECT_TRUE(Dcr::FromValue(0b0000'0010).auto_fd());
  EXPECT_FALSE(Dcr::FromValue(0b1111'1101).auto_fd());
}

TEST(DcrTest, StrobeIsBit0) {
  EXPECT_EQ(Dcr::Get().set_strobe(true).reg_value(), 0b0000'0001);  // DCR_STROBE 0x01
  EXPECT_TRUE(Dcr::FromValue(0b0000'0001).strobe());
  EXPECT_FALSE(Dcr::FromValue(0b1111'1110).strobe());
}

TEST(DcrTest, SettersChain) {
  // ieee1284.md section 2.2: CONTROL 0x24 for EPP reads (nInit high, direction reverse).
  EXPECT_EQ(Dcr::Get().set_n_init(true).set_direction(true).reg_value(), 0b0010'0100);
  EXPECT_EQ(Dcr::FromValue(0b0010'0100).set_direction(false).reg_value(), 0b0000'0100);
}

// ieee1284.md section 1.2: nStrobe, nAutoFd and nSelectIn are inverted; libieee1284
// C1284_INVERTED = 0x0B.
TEST(DcrTest, InvertedMaskIsStrobeAutoFdSelectIn) { EXPECT_EQ(Dcr::kInvertedMask, 0b0000'1011); }

TEST(DcrTest, LinesAreTheFourControlLines) {
  EXPECT_EQ(Dcr::FromValue(0x00).lines().known(), kControlLines);
}

// ieee1284.md section 2.1: Strobe, AutoFd and SelectIn bits = 1 drive their pins low.
TEST(DcrTest, SetLineLowSetsTheInvertedBits) {
  EXPECT_EQ(Dcr::Get().set_line(Line::kNStrobe, kL).reg_value(), 0b0000'0001);
  EXPECT_EQ(Dcr::Get().set_line(Line::kNAutoFd, kL).reg_value(), 0b0000'0010);
  EXPECT_EQ(Dcr::Get().set_line(Line::kNSelectIn, kL).reg_value(), 0b0000'1000);
}

TEST(DcrTest, SetLineHighClearsTheInvertedBits) {
  EXPECT_EQ(Dcr::FromValue(0b0000'1011).set_line(Line::kNStrobe, kH).reg_value(), 0b0000'1010);
  EXPECT_EQ(Dcr::FromValue(0b0000'1011).set_line(Line::kNAutoFd, kH).reg_value(), 0b0000'1001);
  EXPECT_EQ(Dcr::FromValue(0b0000'1011).set_line(Line::kNSelectIn, kH).reg_value(), 0b0000'0011);
}

// ieee1284.md section 2.1: nInit bit = 0 drives the pin low.
TEST(DcrTest, NInitLowClearsBit2) {
  EXPECT_EQ(Dcr::FromValue(0b0000'0100).set_line(Line::kNInit, kL).reg_value(), 0b0000'0000);
  EXPECT_EQ(Dcr::Get().set_line(Line::kNInit, kH).reg_value(), 0b0000'0100);
}

TEST(DcrTest, SetLineKeepsTheOtherBits) {
  EXPECT_EQ(Dcr::FromValue(0b1110'0100).set_line(Line::kNStrobe, kL).reg_value(), 0b1110'0101);
}

// ieee1284.md section 4.2, the host's negotiation CTR values, built from line levels.
TEST(DcrTest, NegotiationCtrValuesFromLineLevels) {
  // pre/E0, compat idle: nSelectIn low, nInit high, nStrobe high, nAutoFd high.
  EXPECT_EQ(Dcr::Get().set_lines(ControlLevels(kH, kH, kH, kL)).reg_value(), 0x0C);
  // E1: nSelectIn (1284 Active) high, nAutoFd (HostBusy) low.
  EXPECT_EQ(Dcr::Get().set_lines(ControlLevels(kH, kL, kH, kH)).reg_value(), 0x06);
  // E3: nStrobe low.
  EXPECT_EQ(Dcr::Get().set_lines(ControlLevels(kL, kL, kH, kH)).reg_value(), 0x07);
  // E4: nStrobe and nAutoFd high.
  EXPECT_EQ(Dcr::Get().set_lines(ControlLevels(kH, kH, kH, kH)).reg_value(), 0x04);
}

// The same steps as spp_regs.h's example: one line at a time, from the previous value.
TEST(DcrTest, NegotiationStepsOneLineAtATime) {
  Dcr dcr = Dcr::FromValue(0x0C);  // Compat idle.
  dcr.set_line(Line::kNSelectIn, kH).set_line(Line::kNAutoFd, kL);
  EXPECT_EQ(dcr.reg_value(), 0x06);  // Event 1.
  dcr.set_line(Line::kNStrobe, kL);
  EXPECT_EQ(dcr.reg_value(), 0x07);  // Event 3.
  dcr.set_line(Line::kNStrobe, kH).set_line(Line::kNAutoFd, kH);
  EXPECT_EQ(dcr.reg_value(), 0x04);  // Event 4.
}

TEST(DcrTest, LinesOfTheNegotiationCtrValues) {
  EXPECT_EQ(Dcr::FromValue(0x0C).lines(), ControlLevels(kH, kH, kH, kL));
  EXPECT_EQ(Dcr::FromValue(0x06).lines(), ControlLevels(kH, kL, kH, kH));
  EXPECT_EQ(Dcr::FromValue(0x07).lines(), ControlLevels(kL, kL, kH, kH));
  EXPECT_EQ(Dcr::FromValue(0x04).lines(), ControlLevels(kH, kH, kH, kH));
}

// ieee1284.md section 1.2: "CONTROL ^ 0x0B gives true pin levels", for every value and every
// mapped bit.
TEST(DcrTest, ControlXor0x0BGivesPinLevelsForAllValues) {
  for (int value = 0; value < 256; ++value) {
    const LineLevels lines = Dcr::FromValue(static_cast<uint8_t>(value)).lines();
    const int pins = value ^ 0x0B;
    for (const SpecBit& entry : kSpecControlBits) {
      EXPECT_EQ(lines.level(entry.line), LevelOf(((pins >> entry.bit) & 1) != 0))
          << "control " << value << ", " << LineName(entry.line);
    }
  }
}

TEST(DcrTest, SetLinesRoundTripsEveryCombination) {
  for (int pins = 0; pins < 16; ++pins) {
    const LineLevels levels =
        ControlLevels(LevelOf(pins & 1), LevelOf(pins & 2), LevelOf(pins & 4), LevelOf(pins & 8));
    EXPECT_EQ(Dcr::Get().set_lines(levels).lines(), levels) << levels.Describe();
  }
}

TEST(DcrTest, SetLinesKeepsDirectionIrqAndReservedBits) {
  EXPECT_EQ(Dcr::FromValue(0b1111'0000).set_lines(ControlLevels(kH, kH, kH, kH)).reg_value(),
            0b1111'0100);
}

TEST(DcrTest, DescribeNamesTheSetBits) {
  EXPECT_EQ(Dcr::FromValue(0x24).Describe(), "dcr=0x24 [direction n_init]");
  // QEMU's reset value (ieee1284.md section 2.5): reserved bits 7:6 read 1.
  EXPECT_EQ(Dcr::FromValue(0xCC).Describe(), "dcr=0xcc [reserved7:6=0b11 select_in n_init]");
  EXPECT_EQ(Dcr::FromValue(0x07).Describe(), "dcr=0x07 [n_init auto_fd strobe]");
}

TEST(DcrDeathTest, SetLineOfAStatusLineIsABug) {
  EXPECT_DEATH(Dcr::Get().set_line(Line::kBusy, kH), "only the control lines");
  EXPECT_DEATH(Dcr::Get().set_line(Line::kD0, kH), "only the control lines");
}

TEST(DcrDeathTest, ReservedValueTooWideIsABug) {
  EXPECT_DEATH(Dcr::Get().set_reserved(0b100), "too wide");
}

}  // namespace
}  // namespace parclass::hw
