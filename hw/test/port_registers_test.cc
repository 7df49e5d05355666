// PortRegisters, access by access: masked control updates that write only a change, the ISA rule
// for ECR mode changes, the ecr-bit0 quirk, client writes that become the soft copies, the park,
// and save and restore in the order that keeps each write's meaning.

#include "parclass/hw/port_registers.h"

#include <gtest/gtest.h>

#include "parclass/base/testing/result_matchers.h"
#include "parclass/hw/testing/mock_io.h"

namespace parclass::hw {
namespace {

using testing::MockIo;

constexpr ChipFeatures kEcpChip{.ecr = true, .fifo_depth = 16};

TEST(PortRegistersTest, FirstControlWriteGoesOutThenOnlyChanges) {
  MockIo io;
  io.ExpectWrite(Dcr::kAddress, 0b0000'1100)     // Unknown: written whatever it holds.
      .ExpectWrite(Dcr::kAddress, 0b0000'1101);  // nStrobe low.
  PortRegisters registers(io);
  registers.WriteControl(kIdleControl);
  registers.WriteControl(kIdleControl);  // No change: no access.
  registers.UpdateControl(Dcr::Get().set_strobe(true), Dcr::Get().set_strobe(true));
  registers.UpdateControl(Dcr::Get().set_strobe(true), Dcr::Get().set_strobe(true));
  EXPECT_OK(io.Verify());
  EXPECT_EQ(registers.control().reg_value(), 0b0000'1101);
}

TEST(PortRegistersTest, UpdateTouchesOnlyTheMaskedBitsAndAlwaysWritesWhenAsked) {
  MockIo io;
  io.ExpectWrite(Dcr::kAddress, 0b0001'1100)     // ackIntEn with compatibility idle.
      .ExpectWrite(Dcr::kAddress, 0b0011'1100)   // Direction: ackIntEn kept.
      .ExpectWrite(Dcr::kAddress, 0b0011'1100);  // The same again: ControlWrite::kAlways.
  PortRegisters registers(io);
  registers.WriteControl(Dcr(kIdleControl).set_ack_int_en(true));
  registers.UpdateControl(Dcr::Get().set_direction(true), Dcr::Get().set_direction(true));
  registers.UpdateControl(Dcr::Get().set_direction(true), Dcr::Get().set_direction(true),
                          ControlWrite::kAlways);
  EXPECT_OK(io.Verify());
}

TEST(PortRegistersTest, OnlyWritableControlBitsGoOut) {
  MockIo io;
  io.ExpectWrite(Dcr::kAddress, 0b0000'1100);  // Reserved bits 7:6 and ackIntEn dropped.
  PortRegisters registers(io, {}, /*control_writable=*/0b0010'1111);
  registers.WriteControl(Dcr::FromValue(0b1101'1100));
  EXPECT_OK(io.Verify());
  EXPECT_EQ(registers.control().reg_value(), 0b0000'1100);
}

TEST(PortRegistersTest, AdoptControlReadsOnceAndKeepsTheWritableBits) {
  MockIo io;
  io.ExpectRead(Dcr::kAddress, 0b1100'0100);  // Reserved bits read 1 on this chip.
  PortRegisters registers(io);
  EXPECT_EQ(registers.AdoptControl().reg_value(), 0b0000'0100);
  registers.WriteControl(Dcr::FromValue(0b0000'0100));  // Known now: nothing to write.
  EXPECT_OK(io.Verify());
}

TEST(PortRegistersTest, EcrModesChangeByTheIsaRule) {
  MockIo io;
  io.ExpectWrite(QuietEcr(EcrMode::kPs2))     // Unknown: written.
      .ExpectWrite(QuietEcr(EcrMode::kEcp))   // 001 -> 011 directly.
      .ExpectWrite(QuietEcr(EcrMode::kPs2))   // 011 -> 010 through 001,
      .ExpectWrite(QuietEcr(EcrMode::kFifo))  // which resets the FIFO.
      .ExpectWrite(QuietEcr(EcrMode::kSpp));  // 010 -> 000 directly.
  PortRegisters registers(io, kEcpChip);
  registers.SetEcrMode(EcrMode::kPs2);
  registers.SetEcrMode(EcrMode::kEcp);
  registers.SetEcrMode(EcrMode::kEcp);  // Already there: no access.
  registers.SetEcrMode(EcrMode::kFifo);
  registers.SetEcrMode(EcrMode::kSpp);
  EXPECT_OK(io.Verify());
  EXPECT_EQ(registers.ecr_mode(), EcrMode::kSpp);
}

TEST(PortRegistersTest, FreezeAndArmKeepTheOtherBits) {
  MockIo io;
  io.ExpectWrite(QuietEcr(EcrMode::kFifo))
      .ExpectWrite(Ecr::kAddress, 0b0101'0000)   // serviceIntr armed.
      .ExpectWrite(Ecr::kAddress, 0b1101'0000);  // 010 -> 110 straight: the freeze.
  PortRegisters registers(io, kEcpChip);
  registers.SetEcrMode(EcrMode::kFifo);
  registers.ArmService();
  registers.FreezeFifo();
  EXPECT_OK(io.Verify());
}

TEST(PortRegistersTest, EcrBit0QuirkSetsBit0InEveryWrite) {
  MockIo io;
  io.ExpectWrite(Ecr::kAddress, 0x35)     // 0x34 with bit 0.
      .ExpectWrite(Ecr::kAddress, 0x75);  // 0x74 with bit 0.
  ChipFeatures chip = kEcpChip;
  chip.ecr_write_bit0 = true;
  PortRegisters registers(io, chip);
  registers.SetEcrMode(EcrMode::kPs2);
  registers.SetEcrMode(EcrMode::kEcp);
  EXPECT_OK(io.Verify());
  EXPECT_EQ(registers.ecr().reg_value(), 0x74);  // The soft copy keeps the writable bits.
}

TEST(PortRegistersTest, ClientWritesBecomeTheSoftCopies) {
  MockIo io;
  io.ExpectWrite(Dcr::kAddress, 0b0010'0110)     // The client's control value,
      .ExpectWrite(Ecr::kAddress, 0x74)          // ECR,
      .ExpectWrite(Data::kAddress, 0x5a)         // and data, as written.
      .ExpectWrite(QuietEcr(EcrMode::kPs2))      // Park: 011 -> 001,
      .ExpectWrite(Dcr::kAddress, 0b0000'1100);  // compatibility idle.
  PortRegisters registers(io, kEcpChip);
  registers.Write(Dcr::kAddress, 0b0010'0110);
  registers.Write(Ecr::kAddress, 0x74);
  registers.Write(Data::kAddress, 0x5a);
  EXPECT_EQ(registers.control().reg_value(), 0b0010'0110);
  EXPECT_EQ(registers.ecr_mode(), EcrMode::kEcp);
  registers.Park();
  registers.Park();  // Parked already: no access.
  EXPECT_OK(io.Verify());
}

TEST(PortRegistersTest, SaveReadsOnlyDataAndRestoreWritesInMode001First) {
  MockIo io;
  io.ExpectWrite(QuietEcr(EcrMode::kPs2))  // Park.
      .ExpectWrite(Dcr::kAddress, 0b0000'1100)
      .ExpectWrite(Dcr::kAddress, 0b0010'1100)  // The client: reverse,
      .ExpectWrite(QuietEcr(EcrMode::kEcp))     // ECP mode.
      .ExpectRead(Data::kAddress, 0x42)         // Save: the data latch only.
      .ExpectWrite(QuietEcr(EcrMode::kPs2))     // Park: 011 -> 001,
      .ExpectWrite(Dcr::kAddress, 0b0000'1100)  // forward and idle.
      .ExpectWrite(Data::kAddress, 0x42)        // Restore, in 001: the data latch,
      .ExpectWrite(Dcr::kAddress, 0b0010'1100)  // the control register,
      .ExpectWrite(QuietEcr(EcrMode::kEcp));    // then the ECR.
  PortRegisters registers(io, kEcpChip);
  registers.Park();
  registers.WriteControl(Dcr(kIdleControl).set_direction(true));
  registers.SetEcrMode(EcrMode::kEcp);
  const SavedRegisters saved = registers.Save();
  registers.Park();
  registers.Restore(saved);
  EXPECT_OK(io.Verify());
}

TEST(PortRegistersTest, ChipWithoutEcrNeverTouchesIt) {
  MockIo io;
  io.ExpectWrite(Dcr::kAddress, 0b0000'1100)
      .ExpectRead(Data::kAddress, 0x00)
      .ExpectWrite(Data::kAddress, 0x00);
  PortRegisters registers(io);
  registers.Park();
  const SavedRegisters saved = registers.Save();
  EXPECT_FALSE(saved.ecr.has_value());
  registers.Restore(saved);
  EXPECT_OK(io.Verify());
}

}  // namespace
}  // namespace parclass::hw
