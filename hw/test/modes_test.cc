#include "parclass/hw/modes.h"

#include <gtest/gtest.h>

#include <cstdint>

#include "parclass/hw/chip_features.h"
#include "parclass/hw/ecp_regs.h"

namespace parclass::hw {
namespace {

constexpr uint8_t Value(ChipMode mode) { return static_cast<uint8_t>(mode); }
constexpr uint32_t Value(HardwareCapability capability) {
  return static_cast<uint32_t>(capability);
}

// --- Chip modes ------------------------------------------------------------------------------

// windows-parallel-interface.md section 5.5: parallel.h ECR_*_MODE.
TEST(ChipModeTest, ValuesAreParallelHEcrModes) {
  EXPECT_EQ(Value(ChipMode::kSpp), 0x00);             // ECR_SPP_MODE
  EXPECT_EQ(Value(ChipMode::kByte), 0x20);            // ECR_BYTE_MODE
  EXPECT_EQ(Value(ChipMode::kFastCentronics), 0x40);  // ECR_FASTCENT_MODE
  EXPECT_EQ(Value(ChipMode::kEcp), 0x60);             // ECR_ECP_MODE
  EXPECT_EQ(Value(ChipMode::kEpp), 0x80);             // ECR_EPP_MODE
  EXPECT_EQ(Value(ChipMode::kTest), 0xC0);            // ECR_TEST_MODE
  EXPECT_EQ(Value(ChipMode::kConfig), 0xE0);          // ECR_CONFIG_MODE
  EXPECT_EQ(Value(ChipMode::kBytePio), 0x34);         // ECR_BYTE_PIO_MODE
  EXPECT_EQ(Value(ChipMode::kEcpPio), 0x74);          // ECR_ECP_PIO_MODE
  EXPECT_EQ(Value(ChipMode::kEppPio), 0x94);          // ECR_EPP_PIO_MODE
}

// windows-parallel-interface.md section 5.5: the mode field is bits 7..5 (P1284_HW_MODE).
TEST(ChipModeTest, PlainModesSetOnlyTheModeField) {
  EXPECT_EQ(EcrFor(ChipMode::kSpp).mode(), EcrMode::kSpp);
  EXPECT_EQ(EcrFor(ChipMode::kByte).mode(), EcrMode::kPs2);
  EXPECT_EQ(EcrFor(ChipMode::kFastCentronics).mode(), EcrMode::kFifo);
  EXPECT_EQ(EcrFor(ChipMode::kEcp).mode(), EcrMode::kEcp);
  EXPECT_EQ(EcrFor(ChipMode::kEpp).mode(), EcrMode::kEpp);
  EXPECT_EQ(EcrFor(ChipMode::kTest).mode(), EcrMode::kTest);
  EXPECT_EQ(EcrFor(ChipMode::kConfig).mode(), EcrMode::kConfig);
  for (ChipMode mode : {ChipMode::kSpp, ChipMode::kByte, ChipMode::kFastCentronics, ChipMode::kEcp,
                        ChipMode::kEpp, ChipMode::kTest, ChipMode::kConfig}) {
    EXPECT_EQ(EcrFor(mode).reg_value() & 0b0001'1111, 0) << EcrFor(mode).Describe();
  }
}

// windows-parallel-interface.md section 5.5: ECR_BYTE_PIO_MODE 0x34 = BYTE + ERRINT_DISABLED +
// SVC_INT_DISABLED, i.e. 0b001'1'0'1'00.
TEST(ChipModeTest, BytePioIsPs2WithBothInterruptsDisabled) {
  const Ecr ecr = EcrFor(ChipMode::kBytePio);
  EXPECT_EQ(ecr.reg_value(), 0b0011'0100);
  EXPECT_EQ(ecr.mode(), EcrMode::kPs2);
  EXPECT_TRUE(ecr.n_err_intr_en());
  EXPECT_TRUE(ecr.service_intr());
  EXPECT_FALSE(ecr.dma_en());
}

// ECR_ECP_PIO_MODE 0x74 = ECP + both disables.
TEST(ChipModeTest, EcpPioIsEcpWithBothInterruptsDisabled) {
  EXPECT_EQ(EcrFor(ChipMode::kEcpPio),
            Ecr::Get().set_mode(EcrMode::kEcp).set_n_err_intr_en(true).set_service_intr(true))
      << EcrFor(ChipMode::kEcpPio).Describe();
}

// ECR_EPP_PIO_MODE 0x94 = EPP + both disables.
TEST(ChipModeTest, EppPioIsEppWithBothInterruptsDisabled) {
  EXPECT_EQ(EcrFor(ChipMode::kEppPio),
            Ecr::Get().set_mode(EcrMode::kEpp).set_n_err_intr_en(true).set_service_intr(true))
      << EcrFor(ChipMode::kEppPio).Describe();
}

// windows-parallel-interface.md section 5.5: DEFAULT_ECR_*.
TEST(DefaultEcrTest, ValuesAreParallelHDefaults) {
  EXPECT_EQ(kDefaultEcrTest.reg_value(), 0xD4);           // DEFAULT_ECR_TEST
  EXPECT_EQ(kDefaultEcrCompatibility.reg_value(), 0x14);  // DEFAULT_ECR_COMPATIBILITY
  EXPECT_EQ(kDefaultEcrConfiguration.reg_value(), 0xF4);  // DEFAULT_ECR_CONFIGURATION
  EXPECT_EQ(kDefaultEcrPs2.reg_value(), 0x34);            // DEFAULT_ECR_PS2
  EXPECT_EQ(kDefaultEcrEcp.reg_value(), 0x74);            // DEFAULT_ECR_ECP
}

TEST(DefaultEcrTest, AllDisableBothInterruptsInTheirMode) {
  EXPECT_EQ(kDefaultEcrTest.mode(), EcrMode::kTest);
  EXPECT_EQ(kDefaultEcrCompatibility.mode(), EcrMode::kSpp);
  EXPECT_EQ(kDefaultEcrConfiguration.mode(), EcrMode::kConfig);
  EXPECT_EQ(kDefaultEcrPs2.mode(), EcrMode::kPs2);
  EXPECT_EQ(kDefaultEcrEcp.mode(), EcrMode::kEcp);
  for (const Ecr& ecr : {kDefaultEcrTest, kDefaultEcrCompatibility, kDefaultEcrConfiguration,
                         kDefaultEcrPs2, kDefaultEcrEcp}) {
    EXPECT_TRUE(ecr.n_err_intr_en()) << ecr.Describe();
    EXPECT_TRUE(ecr.service_intr()) << ecr.Describe();
  }
}

// windows-parallel-interface.md section 5.5: ECP_MAX_FIFO_DEPTH 4098.
TEST(DefaultEcrTest, MaxFifoDepth) { EXPECT_EQ(kEcpMaxFifoDepth, 4098); }

// --- Hardware capabilities -------------------------------------------------------------------

// windows-parallel-interface.md section 5.4: parallel.h PPT_*.
TEST(HardwareCapabilityTest, ValuesArePptFlags) {
  EXPECT_EQ(kNoHardwarePresent.bits(), 0x00u);          // PPT_NO_HARDWARE_PRESENT
  EXPECT_EQ(Value(HardwareCapability::kEcp), 0x01u);    // PPT_ECP_PRESENT
  EXPECT_EQ(Value(HardwareCapability::kEpp), 0x02u);    // PPT_EPP_PRESENT
  EXPECT_EQ(Value(HardwareCapability::kEpp32), 0x04u);  // PPT_EPP_32_PRESENT
  EXPECT_EQ(Value(HardwareCapability::kByte), 0x08u);   // PPT_BYTE_PRESENT, PPT_BIDI_PRESENT
  EXPECT_EQ(Value(HardwareCapability::kDot3), 0x10u);   // PPT_1284_3_PRESENT
}

TEST(HardwareCapabilityTest, CombineAsTheHeaderBits) {
  const HardwareCapabilities caps =
      HardwareCapabilities(HardwareCapability::kEcp) | HardwareCapability::kByte;
  EXPECT_EQ(caps.bits(), 0x09u);
  EXPECT_TRUE(kNoHardwarePresent.empty());
}

// chip_features.h: the PPT_* flags follow from the one description of the chip.
TEST(HardwareCapabilityTest, CapabilitiesOfTheFeatures) {
  EXPECT_EQ(CapabilitiesOf(ChipFeatures{}), kNoHardwarePresent);
  EXPECT_EQ(CapabilitiesOf(ChipFeatures{.bidirectional = true}).bits(), 0x08u);
  // An ECR without a FIFO is not ECP; ECP the operating system runs is.
  EXPECT_EQ(CapabilitiesOf(ChipFeatures{.ecr = true}), kNoHardwarePresent);
  EXPECT_EQ(CapabilitiesOf(ChipFeatures{.ecp = true}).bits(), 0x01u);
  EXPECT_EQ(CapabilitiesOf(ChipFeatures{.epp = true, .epp32 = true}).bits(), 0x06u);
}

}  // namespace
}  // namespace parclass::hw
