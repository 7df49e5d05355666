#include "parclass/hw/ecp_regs.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>

namespace parclass::hw {
namespace {

// --- ECR mode --------------------------------------------------------------------------------

// ieee1284.md section 2.3, ECR bits 7:5; windows-parallel-interface.md section 5.5 P1284_HW_MODE.
TEST(EcrModeTest, ValuesAreTheModeField) {
  EXPECT_EQ(static_cast<uint8_t>(EcrMode::kSpp), 0b000);
  EXPECT_EQ(static_cast<uint8_t>(EcrMode::kPs2), 0b001);
  EXPECT_EQ(static_cast<uint8_t>(EcrMode::kFifo), 0b010);
  EXPECT_EQ(static_cast<uint8_t>(EcrMode::kEcp), 0b011);
  EXPECT_EQ(static_cast<uint8_t>(EcrMode::kEpp), 0b100);
  EXPECT_EQ(static_cast<uint8_t>(EcrMode::kReserved), 0b101);
  EXPECT_EQ(static_cast<uint8_t>(EcrMode::kTest), 0b110);
  EXPECT_EQ(static_cast<uint8_t>(EcrMode::kConfig), 0b111);
}

TEST(EcrModeTest, Names) {
  EXPECT_EQ(EcrModeName(EcrMode::kSpp), "spp");
  EXPECT_EQ(EcrModeName(EcrMode::kPs2), "ps2");
  EXPECT_EQ(EcrModeName(EcrMode::kFifo), "fifo");
  EXPECT_EQ(EcrModeName(EcrMode::kEcp), "ecp");
  EXPECT_EQ(EcrModeName(EcrMode::kEpp), "epp");
  EXPECT_EQ(EcrModeName(EcrMode::kReserved), "reserved");
  EXPECT_EQ(EcrModeName(EcrMode::kTest), "test");
  EXPECT_EQ(EcrModeName(EcrMode::kConfig), "config");
}

// --- ecpAFifo (base+0, mode 011) -------------------------------------------------------------

// ieee1284.md section 2.3: base+0 in mode 011, forward only.
TEST(EcpAFifoTest, AddressIsBasePlus0) {
  EXPECT_EQ(EcpAFifo::kAddress, (RegisterAddress{RegisterBlock::kBase, 0}));
  EXPECT_EQ(EcpAFifo::kAccess, Access::kWriteOnly);
  EXPECT_EQ(EcpAFifo::kName, "ecp_afifo");
}

TEST(EcpAFifoTest, ChannelAddressIsBit7) {
  EXPECT_TRUE(EcpAFifo::FromValue(0b1000'0000).channel_address());
  EXPECT_FALSE(EcpAFifo::FromValue(0b0111'1111).channel_address());
}

TEST(EcpAFifoTest, ValueIsBits6To0) {
  EXPECT_EQ(EcpAFifo::FromValue(0b1101'0101).value(), 0b101'0101);
  EXPECT_EQ(EcpAFifo::FromValue(0b0111'1111).value(), 0b111'1111);
}

// ieee1284.md section 2.3: bit 7 = 1, channel address in bits 6:0.
TEST(EcpAFifoTest, ChannelSetsBit7) {
  EXPECT_EQ(EcpAFifo::Channel(0).reg_value(), 0b1000'0000);
  EXPECT_EQ(EcpAFifo::Channel(5).reg_value(), 0b1000'0101);
  EXPECT_EQ(EcpAFifo::Channel(127).reg_value(), 0b1111'1111);
}

// ieee1284.md section 2.3: bit 7 = 0, RLE count ("count - 1") in bits 6:0.
TEST(EcpAFifoTest, RunLengthClearsBit7) {
  EXPECT_EQ(EcpAFifo::RunLength(0).reg_value(), 0b0000'0000);
  EXPECT_EQ(EcpAFifo::RunLength(3).reg_value(), 0b0000'0011);
  EXPECT_EQ(EcpAFifo::RunLength(127).reg_value(), 0b0111'1111);
}

TEST(EcpAFifoTest, Describe) {
  EXPECT_EQ(EcpAFifo::Channel(5).Describe(), "ecp_afifo=0x85 [channel_address value=0x05]");
  EXPECT_EQ(EcpAFifo::RunLength(3).Describe(), "ecp_afifo=0x03 [value=0x03]");
}

TEST(EcpAFifoDeathTest, ChannelAbove127IsABug) {
  EXPECT_DEATH((void)EcpAFifo::Channel(128), "too wide");
}

// --- FIFO views (ECP+0, modes 010, 011, 110) -------------------------------------------------

// ieee1284.md section 2.3: cFifo, ecpDFifo and tFifo all answer at ECP+0 (base+0x400).
TEST(FifoTest, AllViewsAreAtEcpPlus0) {
  constexpr RegisterAddress kEcpPlus0{RegisterBlock::kEcp, 0};
  EXPECT_EQ(CFifo::kAddress, kEcpPlus0);
  EXPECT_EQ(EcpDFifo::kAddress, kEcpPlus0);
  EXPECT_EQ(TFifo::kAddress, kEcpPlus0);
}

TEST(FifoTest, NamesAreTheViews) {
  EXPECT_EQ(CFifo::kName, "cfifo");
  EXPECT_EQ(EcpDFifo::kName, "ecp_dfifo");
  EXPECT_EQ(TFifo::kName, "tfifo");
}

// ieee1284.md section 2.3: cFifo is forward only; ecpDFifo runs either way; tFifo is read and
// written in test mode.
TEST(FifoTest, CompatFifoIsWriteOnly) {
  EXPECT_EQ(CFifo::kAccess, Access::kWriteOnly);
  EXPECT_EQ(EcpDFifo::kAccess, Access::kReadWrite);
  EXPECT_EQ(TFifo::kAccess, Access::kReadWrite);
}

TEST(FifoTest, DataIsBits7To0) {
  EXPECT_EQ(CFifo::Get().set_data(0b1010'1010).reg_value(), 0b1010'1010);
  EXPECT_EQ(EcpDFifo::Get().set_data(0b0101'0101).reg_value(), 0b0101'0101);
  EXPECT_EQ(TFifo::Get().set_data(0b1111'1111).reg_value(), 0b1111'1111);
  EXPECT_EQ(TFifo::FromValue(0b1000'0001).data(), 0b1000'0001);
}

// --- cnfgA (ECP+0, mode 111) -----------------------------------------------------------------

// ieee1284.md section 2.3: cnfgA is ECP+0 in mode 111, read only.
TEST(CnfgATest, AddressIsEcpPlus0) {
  EXPECT_EQ(CnfgA::kAddress, (RegisterAddress{RegisterBlock::kEcp, 0}));
  EXPECT_EQ(CnfgA::kAccess, Access::kReadOnly);
  EXPECT_EQ(CnfgA::kName, "cnfga");
}

TEST(CnfgATest, LevelInterruptsIsBit7) {
  EXPECT_EQ(CnfgA::Get().set_level_interrupts(true).reg_value(), 0b1000'0000);
  EXPECT_TRUE(CnfgA::FromValue(0b1000'0000).level_interrupts());
  EXPECT_FALSE(CnfgA::FromValue(0b0111'1111).level_interrupts());
}

// windows-parallel-interface.md section 5.6: IMPID mask 0x70, shift 4.
TEST(CnfgATest, ImplementationIdIsBits6To4) {
  EXPECT_EQ(CnfgA::Get().set_implementation_id(0b111).reg_value(), 0b0111'0000);
  EXPECT_EQ(CnfgA::Get().set_implementation_id(0b001).reg_value(), 0b0001'0000);
  EXPECT_EQ(CnfgA::FromValue(0b0101'0000).implementation_id(), 0b101);
  EXPECT_EQ(CnfgA::FromValue(0b1000'1111).implementation_id(), 0b000);
}

TEST(CnfgATest, ReservedIsBit3) {
  EXPECT_EQ(CnfgA::Get().set_reserved(true).reg_value(), 0b0000'1000);
  EXPECT_TRUE(CnfgA::FromValue(0b0000'1000).reserved());
  EXPECT_FALSE(CnfgA::FromValue(0b1111'0111).reserved());
}

// windows-parallel-interface.md section 5.6: CNFGA_NO_TRANS_BYTE 0x04.
TEST(CnfgATest, NoTransmitterByteIsBit2) {
  EXPECT_EQ(CnfgA::Get().set_no_transmitter_byte(true).reg_value(), 0b0000'0100);
  EXPECT_TRUE(CnfgA::FromValue(0b0000'0100).no_transmitter_byte());
  EXPECT_FALSE(CnfgA::FromValue(0b1111'1011).no_transmitter_byte());
}

TEST(CnfgATest, PWordResidueIsBits1To0) {
  EXPECT_EQ(CnfgA::Get().set_pword_residue(0b11).reg_value(), 0b0000'0011);
  EXPECT_EQ(CnfgA::Get().set_pword_residue(0b10).reg_value(), 0b0000'0010);
  EXPECT_EQ(CnfgA::FromValue(0b1111'1101).pword_residue(), 0b01);
}

// windows-parallel-interface.md section 5.6: FIFO_PWORD_{16BIT=0, 8BIT=1, 32BIT=2} in IMPID.
TEST(CnfgATest, SetPWordSizeWritesTheImplementationId) {
  EXPECT_EQ(CnfgA::Get().set_pword_size(PWordSize::k16Bit).reg_value(), 0x00);
  EXPECT_EQ(CnfgA::Get().set_pword_size(PWordSize::k8Bit).reg_value(), 0x10);
  EXPECT_EQ(CnfgA::Get().set_pword_size(PWordSize::k32Bit).reg_value(), 0x20);
}

// ieee1284.md section 2.3: FreeBSD reads cnfgA & 0x30: 0x10 = 8-bit, 0x00 = 16-bit, 0x20 = 32-bit.
TEST(CnfgATest, PWordBytesFromImplementationId) {
  EXPECT_EQ(CnfgA::FromValue(0x10).pword_bytes(), 1);  // SMSC.
  EXPECT_EQ(CnfgA::FromValue(0x00).pword_bytes(), 2);
  EXPECT_EQ(CnfgA::FromValue(0x20).pword_bytes(), 4);
}

// ieee1284.md section 2.3: other IDs are unknown, and Linux takes them as 8-bit.
TEST(CnfgATest, UnknownImplementationIdsAreTakenAs8Bit) {
  for (uint8_t id = 0b011; id <= 0b111; ++id) {
    EXPECT_EQ(CnfgA::Get().set_implementation_id(id).pword_bytes(), 1) << "id " << int{id};
  }
}

// ieee1284.md section 2.3: SMSC reads 0x10, 86Box 0x14 (8-bit, no byte in the transmitter).
TEST(CnfgATest, ObservedValues) {
  const CnfgA smsc = CnfgA::FromValue(0x10);
  EXPECT_FALSE(smsc.no_transmitter_byte());
  EXPECT_EQ(smsc.pword_bytes(), 1);
  const CnfgA box86 = CnfgA::FromValue(0x14);
  EXPECT_TRUE(box86.no_transmitter_byte());
  EXPECT_EQ(box86.pword_bytes(), 1);
  EXPECT_FALSE(box86.level_interrupts());
  EXPECT_EQ(box86.pword_residue(), 0);
}

TEST(CnfgATest, DescribeNamesTheImplementationId) {
  EXPECT_EQ(CnfgA::FromValue(0x10).Describe(), "cnfga=0x10 [implementation_id=8bit]");
  EXPECT_EQ(CnfgA::FromValue(0x14).Describe(),
            "cnfga=0x14 [implementation_id=8bit no_transmitter_byte]");
  EXPECT_EQ(CnfgA::FromValue(0x00).Describe(), "cnfga=0x00 [implementation_id=16bit]");
  EXPECT_EQ(CnfgA::FromValue(0b1010'1011).Describe(),
            "cnfga=0xab [level_interrupts implementation_id=32bit reserved3=1 "
            "pword_residue=0x03]");
}

// --- cnfgB (ECP+1, mode 111) -----------------------------------------------------------------

// ieee1284.md section 2.3: cnfgB is ECP+1 (base+0x401) in mode 111.
TEST(CnfgBTest, AddressIsEcpPlus1) {
  EXPECT_EQ(CnfgB::kAddress, (RegisterAddress{RegisterBlock::kEcp, 1}));
  EXPECT_EQ(CnfgB::kAccess, Access::kReadWrite);
  EXPECT_EQ(CnfgB::kName, "cnfgb");
}

TEST(CnfgBTest, CompressIsBit7) {
  EXPECT_EQ(CnfgB::Get().set_compress(true).reg_value(), 0b1000'0000);
  EXPECT_TRUE(CnfgB::FromValue(0b1000'0000).compress());
  EXPECT_FALSE(CnfgB::FromValue(0b0111'1111).compress());
}

TEST(CnfgBTest, IntrValueIsBit6) {
  EXPECT_EQ(CnfgB::Get().set_intr_value(true).reg_value(), 0b0100'0000);
  EXPECT_TRUE(CnfgB::FromValue(0b0100'0000).intr_value());
  EXPECT_FALSE(CnfgB::FromValue(0b1011'1111).intr_value());
}

TEST(CnfgBTest, IrqIsBits5To3) {
  EXPECT_EQ(CnfgB::Get().set_irq(0b111).reg_value(), 0b0011'1000);
  EXPECT_EQ(CnfgB::Get().set_irq(0b001).reg_value(), 0b0000'1000);
  EXPECT_EQ(CnfgB::FromValue(0b1110'1111).irq(), 0b101);
}

TEST(CnfgBTest, DmaIsBits2To0) {
  EXPECT_EQ(CnfgB::Get().set_dma(0b111).reg_value(), 0b0000'0111);
  EXPECT_EQ(CnfgB::Get().set_dma(0b100).reg_value(), 0b0000'0100);
  EXPECT_EQ(CnfgB::FromValue(0b1111'1010).dma(), 0b010);
}

// ieee1284.md section 2.3: 000 jumpered/none, 001 IRQ7, 010 IRQ9, 011 IRQ10, 100 IRQ11,
// 101 IRQ14, 110 IRQ15, 111 IRQ5.
TEST(CnfgBTest, IrqLineForEachCode) {
  EXPECT_EQ(CnfgB::Get().set_irq(0b000).irq_line(), std::nullopt);
  EXPECT_EQ(CnfgB::Get().set_irq(0b001).irq_line(), 7);
  EXPECT_EQ(CnfgB::Get().set_irq(0b010).irq_line(), 9);
  EXPECT_EQ(CnfgB::Get().set_irq(0b011).irq_line(), 10);
  EXPECT_EQ(CnfgB::Get().set_irq(0b100).irq_line(), 11);
  EXPECT_EQ(CnfgB::Get().set_irq(0b101).irq_line(), 14);
  EXPECT_EQ(CnfgB::Get().set_irq(0b110).irq_line(), 15);
  EXPECT_EQ(CnfgB::Get().set_irq(0b111).irq_line(), 5);
}

// IrqCode is irq_line's inverse; lines the field cannot name have no code.
TEST(CnfgBTest, IrqCodeInvertsIrqLine) {
  for (uint8_t code = 0b001; code <= 0b111; ++code) {
    const std::optional<int> line = CnfgB::Get().set_irq(code).irq_line();
    ASSERT_TRUE(line.has_value());
    EXPECT_EQ(CnfgB::IrqCode(*line), code);
  }
  EXPECT_EQ(CnfgB::IrqCode(3), std::nullopt);
  EXPECT_EQ(CnfgB::IrqCode(0), std::nullopt);
}

// ieee1284.md section 2.3: 000 jumpered 8-bit, 001-011 DMA 1-3, 100 jumpered 16-bit,
// 101-111 DMA 5-7.
TEST(CnfgBTest, DmaChannelForEachCode) {
  EXPECT_EQ(CnfgB::Get().set_dma(0b000).dma_channel(), std::nullopt);
  EXPECT_EQ(CnfgB::Get().set_dma(0b001).dma_channel(), 1);
  EXPECT_EQ(CnfgB::Get().set_dma(0b010).dma_channel(), 2);
  EXPECT_EQ(CnfgB::Get().set_dma(0b011).dma_channel(), 3);
  EXPECT_EQ(CnfgB::Get().set_dma(0b100).dma_channel(), std::nullopt);
  EXPECT_EQ(CnfgB::Get().set_dma(0b101).dma_channel(), 5);
  EXPECT_EQ(CnfgB::Get().set_dma(0b110).dma_channel(), 6);
  EXPECT_EQ(CnfgB::Get().set_dma(0b111).dma_channel(), 7);
}

// ieee1284.md section 2.3: 86Box returns 0x08 | (irq5 ? 0x30 : 0) | dma | (pending ? 0x40 : 0).
TEST(CnfgBTest, Observed86BoxValues) {
  EXPECT_EQ(CnfgB::FromValue(0x08).irq_line(), 7);
  EXPECT_EQ(CnfgB::FromValue(0x08 | 0x30).irq_line(), 5);
  const CnfgB pending = CnfgB::FromValue(0x08 | 0x30 | 0x03 | 0x40);
  EXPECT_TRUE(pending.intr_value());
  EXPECT_EQ(pending.dma_channel(), 3);
}

TEST(CnfgBTest, DescribeNamesIrqAndDma) {
  EXPECT_EQ(CnfgB::FromValue(0x08).Describe(), "cnfgb=0x08 [irq=irq7 dma=jumpered8]");
  EXPECT_EQ(CnfgB::FromValue(0xFF).Describe(),
            "cnfgb=0xff [compress intr_value irq=irq5 dma=dma7]");
  EXPECT_EQ(CnfgB::FromValue(0x04).Describe(), "cnfgb=0x04 [irq=jumpered dma=jumpered16]");
}

// --- ECR (ECP+2) -----------------------------------------------------------------------------

// ieee1284.md section 2.3: ECR is base+0x402, i.e. ECP+2, in every mode.
TEST(EcrTest, AddressIsEcpPlus2) {
  EXPECT_EQ(Ecr::kAddress, (RegisterAddress{RegisterBlock::kEcp, 2}));
  EXPECT_EQ(Ecr::kAccess, Access::kReadWrite);
  EXPECT_EQ(Ecr::kName, "ecr");
  EXPECT_TRUE(Ecr::kShadowed);
}

// ieee1284.md section 2.3: full (bit 1) and empty (bit 0) are read only.
TEST(EcrTest, FifoStatusBitsAreNotWritable) { EXPECT_EQ(Ecr::kWritableMask, 0b1111'1100); }

TEST(EcrTest, ModeIsBits7To5) {
  EXPECT_EQ(Ecr::Get().set_mode(EcrMode::kSpp).reg_value(), 0b0000'0000);
  EXPECT_EQ(Ecr::Get().set_mode(EcrMode::kPs2).reg_value(), 0b0010'0000);
  EXPECT_EQ(Ecr::Get().set_mode(EcrMode::kFifo).reg_value(), 0b0100'0000);
  EXPECT_EQ(Ecr::Get().set_mode(EcrMode::kEcp).reg_value(), 0b0110'0000);
  EXPECT_EQ(Ecr::Get().set_mode(EcrMode::kEpp).reg_value(), 0b1000'0000);
  EXPECT_EQ(Ecr::Get().set_mode(EcrMode::kReserved).reg_value(), 0b1010'0000);
  EXPECT_EQ(Ecr::Get().set_mode(EcrMode::kTest).reg_value(), 0b1100'0000);
  EXPECT_EQ(Ecr::Get().set_mode(EcrMode::kConfig).reg_value(), 0b1110'0000);
}

TEST(EcrTest, ModeReadsBits7To5) {
  for (int mode = 0b000; mode <= 0b111; ++mode) {
    EXPECT_EQ(Ecr::FromValue(static_cast<uint8_t>(mode << 5 | 0b1'1111)).mode(),
              static_cast<EcrMode>(mode));
  }
}

// windows-parallel-interface.md section 5.5: ECR_MODE_MASK 0x1F, the bits kept when the mode is
// replaced.
TEST(EcrTest, SetModeKeepsTheOtherBits) {
  EXPECT_EQ(Ecr::FromValue(0b0011'0101).set_mode(EcrMode::kTest).reg_value(), 0b1101'0101);
}

// windows-parallel-interface.md section 5.5: ECR_ERRINT_DISABLED 0x10.
TEST(EcrTest, NErrIntrEnIsBit4) {
  EXPECT_EQ(Ecr::Get().set_n_err_intr_en(true).reg_value(), 0b0001'0000);
  EXPECT_TRUE(Ecr::FromValue(0b0001'0000).n_err_intr_en());
  EXPECT_FALSE(Ecr::FromValue(0b1110'1111).n_err_intr_en());
}

// windows-parallel-interface.md section 5.5: ECR_DMA_ENABLED 0x08.
TEST(EcrTest, DmaEnIsBit3) {
  EXPECT_EQ(Ecr::Get().set_dma_en(true).reg_value(), 0b0000'1000);
  EXPECT_TRUE(Ecr::FromValue(0b0000'1000).dma_en());
  EXPECT_FALSE(Ecr::FromValue(0b1111'0111).dma_en());
}

// windows-parallel-interface.md section 5.5: ECR_SVC_INT_DISABLED 0x04.
TEST(EcrTest, ServiceIntrIsBit2) {
  EXPECT_EQ(Ecr::Get().set_service_intr(true).reg_value(), 0b0000'0100);
  EXPECT_TRUE(Ecr::FromValue(0b0000'0100).service_intr());
  EXPECT_FALSE(Ecr::FromValue(0b1111'1011).service_intr());
}

// windows-parallel-interface.md section 5.5: ECR_FIFO_FULL 0x02.
TEST(EcrTest, FullIsBit1) {
  EXPECT_EQ(Ecr::Get().set_full(true).reg_value(), 0b0000'0010);
  EXPECT_TRUE(Ecr::FromValue(0b0000'0010).full());
  EXPECT_FALSE(Ecr::FromValue(0b1111'1101).full());
}

// windows-parallel-interface.md section 5.5: ECR_FIFO_EMPTY 0x01.
TEST(EcrTest, EmptyIsBit0) {
  EXPECT_EQ(Ecr::Get().set_empty(true).reg_value(), 0b0000'0001);
  EXPECT_TRUE(Ecr::FromValue(0b0000'0001).empty());
  EXPECT_FALSE(Ecr::FromValue(0b1111'1110).empty());
}

// ieee1284.md section 2.3: Linux parks the port at 0x34 (mode 001, nErrIntrEn, serviceIntr).
TEST(EcrTest, LinuxParkedState) {
  EXPECT_EQ(
      Ecr::Get().set_mode(EcrMode::kPs2).set_n_err_intr_en(true).set_service_intr(true).reg_value(),
      0x34);
}

// ieee1284.md section 2.3: 0x34 reads back 0x35 (empty), and the power-on value is 0x15.
TEST(EcrTest, ReadBackValues) {
  const Ecr parked = Ecr::FromValue(0x35);
  EXPECT_EQ(parked.mode(), EcrMode::kPs2);
  EXPECT_TRUE(parked.n_err_intr_en());
  EXPECT_FALSE(parked.dma_en());
  EXPECT_TRUE(parked.service_intr());
  EXPECT_FALSE(parked.full());
  EXPECT_TRUE(parked.empty());
  const Ecr power_on = Ecr::FromValue(0x15);
  EXPECT_EQ(power_on.mode(), EcrMode::kSpp);
  EXPECT_TRUE(power_on.n_err_intr_en());
  EXPECT_TRUE(power_on.service_intr());
  EXPECT_TRUE(power_on.empty());
}

TEST(EcrTest, DescribeAlwaysNamesTheMode) {
  EXPECT_EQ(Ecr::FromValue(0x35).Describe(),
            "ecr=0x35 [mode=ps2 n_err_intr_en service_intr empty]");
  EXPECT_EQ(Ecr::FromValue(0x00).Describe(), "ecr=0x00 [mode=spp]");
  EXPECT_EQ(Ecr::FromValue(0xFA).Describe(), "ecr=0xfa [mode=config n_err_intr_en dma_en full]");
}

}  // namespace
}  // namespace parclass::hw
