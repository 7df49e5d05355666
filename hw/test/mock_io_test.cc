#include "parclass/hw/testing/mock_io.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>

#include "parclass/base/testing/result_matchers.h"
#include "parclass/hw/ecp_regs.h"
#include "parclass/hw/epp_regs.h"
#include "parclass/hw/spp_regs.h"

namespace parclass::hw::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

// The message of a failed Verify(), or "" if it passed.
std::string VerifyMessage(const MockIo& io) {
  Result<void> result = io.Verify();
  return result ? std::string() : result.error().detail();
}

// The mock_io.h example: one compatibility-mode byte, by hand.
void WriteOneByte(RegisterIo& io, uint8_t byte) {
  Dcr::Get().set_n_init(true).set_select_in(true).WriteTo(io);
  (void)Dsr::Get().ReadFrom(io);
  Data::Get().set_data(byte).WriteTo(io);
}

TEST(MockIoTest, NoExpectationsAndNoAccessesVerifies) {
  MockIo io;
  EXPECT_OK(io.Verify());
}

TEST(MockIoTest, CorrectSequenceVerifies) {
  MockIo io;
  io.ExpectWrite(Dcr::kAddress, 0b0000'1100)   // Compatibility idle.
      .ExpectRead(Dsr::kAddress, 0b1101'1111)  // Busy low, all fine.
      .ExpectWrite(Data::kAddress, 0x41);      // 'A' on the data lines.
  WriteOneByte(io, 'A');
  EXPECT_OK(io.Verify());
}

TEST(MockIoTest, ReadsReturnTheExpectedValues) {
  MockIo io;
  io.ExpectRead(Dsr::kAddress, 0b0011'1000)     // Event 2: nAck low, PError/Select/nFault high.
      .ExpectRead(Ecr::kAddress, 0b0011'0101);  // Parked, FIFO empty.
  EXPECT_EQ(io.Read(Dsr::kAddress), 0b0011'1000);
  EXPECT_EQ(io.Read(Ecr::kAddress), 0b0011'0101);
  EXPECT_OK(io.Verify());
}

// mock_io.h: the typed overloads take the address from the register type.
TEST(MockIoTest, TypedExpectationsUseTheRegistersAddress) {
  MockIo io;
  io.ExpectWrite(Dcr::Get().set_n_init(true).set_select_in(true))  // Compatibility idle.
      .ExpectRead(Dsr::Get().set_not_busy(true).set_select(true))  // Busy low, Select high.
      .ExpectWrite(Ecr::Get()
                       .set_mode(EcrMode::kPs2)
                       .set_n_err_intr_en(true)
                       .set_service_intr(true));  // Linux's parked ECR.
  io.Write(Dcr::kAddress, 0x0C);
  EXPECT_EQ(io.Read(Dsr::kAddress), 0b1001'0000);
  io.Write(Ecr::kAddress, 0x34);
  EXPECT_OK(io.Verify());
}

TEST(MockIoTest, AccessesAreCountedLikeAnyRegisterIo) {
  MockIo io;
  io.ExpectWrite(Dcr::kAddress, 0x0C)      // Compatibility idle.
      .ExpectRead(Dsr::kAddress, 0xDF)     // Status.
      .ExpectWrite(Data::kAddress, 0x41);  // Data.
  WriteOneByte(io, 'A');
  EXPECT_EQ(io.counters().total_writes(), 2u);
  EXPECT_EQ(io.counters().reads(Dsr::kAddress), 1u);
}

TEST(MockIoTest, WrongValueFailsNamingTheStepAndDecodingBoth) {
  MockIo io;
  io.ExpectWrite(Dcr::kAddress, 0x0C)     // 1: compatibility idle.
      .ExpectWrite(Dcr::kAddress, 0x06);  // 2: event 1.
  io.Write(Dcr::kAddress, 0x0C);
  io.Write(Dcr::kAddress, 0x07);  // nStrobe low too early.
  EXPECT_ERRC(io.Verify(), Errc::kProtocolError);
  EXPECT_THAT(
      VerifyMessage(io),
      AllOf(HasSubstr("step 2"), HasSubstr("expected write dcr=0x06 [n_init auto_fd]"),
            HasSubstr("got write dcr=0x07 [n_init auto_fd strobe]"), Not(HasSubstr("step 1"))));
}

TEST(MockIoTest, WrongRegisterFails) {
  MockIo io;
  io.ExpectWrite(Dcr::kAddress, 0b0000'0100);  // 1: nInit high, everything else idle.
  io.Write(Data::kAddress, 0b0000'0100);
  EXPECT_ERRC(io.Verify(), Errc::kProtocolError);
  EXPECT_THAT(VerifyMessage(io),
              AllOf(HasSubstr("step 1"), HasSubstr("expected write dcr=0x04 [n_init]"),
                    HasSubstr("got write data/ecp_afifo=0x04")));
}

TEST(MockIoTest, ReadOfTheWrongRegisterReturnsFloatingBus) {
  MockIo io;
  io.ExpectRead(Dsr::kAddress, 0b1101'1111);  // 1: status.
  EXPECT_EQ(io.Read(Ecr::kAddress), 0xFF);
  EXPECT_ERRC(io.Verify(), Errc::kProtocolError);
  EXPECT_THAT(VerifyMessage(io),
              AllOf(HasSubstr("step 1"), HasSubstr("expected read dsr, got read ecr")));
}

TEST(MockIoTest, ReadInsteadOfWriteFails) {
  MockIo io;
  io.ExpectWrite(Ecr::kAddress, 0x34);  // 1: park the port.
  EXPECT_EQ(io.Read(Ecr::kAddress), 0xFF);
  EXPECT_THAT(VerifyMessage(io),
              AllOf(HasSubstr("step 1"),
                    HasSubstr("expected write ecr=0x34 [mode=ps2 n_err_intr_en service_intr], "
                              "got read ecr")));
}

TEST(MockIoTest, MissingStepFails) {
  MockIo io;
  io.ExpectWrite(Dcr::kAddress, 0x0C)     // 1: compatibility idle.
      .ExpectRead(Dsr::kAddress, 0xDF)    // 2: status.
      .ExpectWrite(Dcr::kAddress, 0x06);  // 3: event 1.
  io.Write(Dcr::kAddress, 0x0C);
  (void)io.Read(Dsr::kAddress);
  EXPECT_ERRC(io.Verify(), Errc::kProtocolError);
  EXPECT_THAT(VerifyMessage(io),
              AllOf(HasSubstr("step 3: never happened: write dcr=0x06 [n_init auto_fd]"),
                    Not(HasSubstr("step 2"))));
}

TEST(MockIoTest, ExtraAccessFails) {
  MockIo io;
  io.ExpectWrite(Dcr::kAddress, 0x0C);  // 1: compatibility idle.
  io.Write(Dcr::kAddress, 0x0C);
  EXPECT_EQ(io.Read(Dsr::kAddress), 0xFF);
  EXPECT_ERRC(io.Verify(), Errc::kProtocolError);
  EXPECT_THAT(VerifyMessage(io), HasSubstr("step 2: unexpected read dsr"));
}

TEST(MockIoTest, ExtraWriteIsDecoded) {
  MockIo io;
  io.Write(Ecr::kAddress, 0x35);
  EXPECT_THAT(VerifyMessage(io),
              HasSubstr("step 1: unexpected write ecr=0x35 [mode=ps2 n_err_intr_en service_intr "
                        "empty]"));
}

TEST(MockIoTest, EveryMismatchIsReported) {
  MockIo io;
  io.ExpectWrite(Dcr::kAddress, 0x0C)      // 1: compatibility idle.
      .ExpectRead(Dsr::kAddress, 0xDF)     // 2: status.
      .ExpectWrite(Data::kAddress, 0x41);  // 3: data.
  io.Write(Dcr::kAddress, 0x04);
  (void)io.Read(Dsr::kAddress);
  EXPECT_THAT(VerifyMessage(io), AllOf(HasSubstr("step 1: expected write dcr=0x0c"),
                                       HasSubstr("step 3: never happened: write data/ecp_afifo")));
}

// --- Blocks ----------------------------------------------------------------------------------

TEST(MockIoTest, ReadBlockReturnsTheExpectedBytes) {
  MockIo io;
  io.ExpectReadBlock(EppData<0>::kAddress, Width::k32,
                     {0x78, 0x56, 0x34, 0x12, 0xEF, 0xBE, 0xAD, 0xDE});  // 1: two EPP words.
  std::array<uint8_t, 8> bytes{};
  io.ReadBlock(EppData<0>::kAddress, Width::k32, bytes);
  EXPECT_EQ(bytes, (std::array<uint8_t, 8>{0x78, 0x56, 0x34, 0x12, 0xEF, 0xBE, 0xAD, 0xDE}));
  EXPECT_OK(io.Verify());
  EXPECT_EQ(io.counters().reads(EppData<0>::kAddress), 2u);
}

TEST(MockIoTest, WriteBlockWithTheExpectedBytesVerifies) {
  MockIo io;
  io.ExpectWriteBlock(EcpDFifo::kAddress, Width::k8, {0x11, 0x22, 0x33});  // 1: ECP data.
  const std::array<uint8_t, 3> bytes = {0x11, 0x22, 0x33};
  io.WriteBlock(EcpDFifo::kAddress, Width::k8, bytes);
  EXPECT_OK(io.Verify());
}

TEST(MockIoTest, ReadBlockOfTheWrongSizeFailsAndFloats) {
  MockIo io;
  io.ExpectReadBlock(EppData<0>::kAddress, Width::k16, {0x01, 0x02, 0x03, 0x04});  // 1: 2 words.
  std::array<uint8_t, 2> bytes{};
  io.ReadBlock(EppData<0>::kAddress, Width::k16, bytes);
  EXPECT_EQ(bytes, (std::array<uint8_t, 2>{0xFF, 0xFF}));
  EXPECT_ERRC(io.Verify(), Errc::kProtocolError);
  EXPECT_THAT(VerifyMessage(io),
              HasSubstr("step 1: 16-bit block read of epp_data0 of 2 bytes, expected 4 bytes"));
}

TEST(MockIoTest, WriteBlockOfTheWrongSizeFails) {
  MockIo io;
  io.ExpectWriteBlock(EppData<0>::kAddress, Width::k16, {0x11, 0x22, 0x33, 0x44});  // 1: 2 words.
  const std::array<uint8_t, 2> bytes = {0x11, 0x22};
  io.WriteBlock(EppData<0>::kAddress, Width::k16, bytes);
  EXPECT_ERRC(io.Verify(), Errc::kProtocolError);
  EXPECT_THAT(VerifyMessage(io),
              AllOf(HasSubstr("step 1"),
                    HasSubstr("expected 16-bit block write of epp_data0 [11 22 33 44]"),
                    HasSubstr("got 16-bit block write of epp_data0 [11 22]")));
}

TEST(MockIoTest, WriteBlockWithWrongBytesFails) {
  MockIo io;
  io.ExpectWriteBlock(TFifo::kAddress, Width::k8, {0xAA, 0xAA});  // 1: fill the test FIFO.
  const std::array<uint8_t, 2> bytes = {0xAA, 0x55};
  io.WriteBlock(TFifo::kAddress, Width::k8, bytes);
  EXPECT_THAT(VerifyMessage(io),
              HasSubstr("got 8-bit block write of cfifo/ecp_dfifo/tfifo/cnfga [aa 55]"));
}

TEST(MockIoTest, BlockOfTheWrongWidthFails) {
  MockIo io;
  io.ExpectReadBlock(EppData<0>::kAddress, Width::k32, {0, 0, 0, 0});  // 1: one 32-bit word.
  std::array<uint8_t, 4> bytes{};
  io.ReadBlock(EppData<0>::kAddress, Width::k16, bytes);
  EXPECT_EQ(bytes, (std::array<uint8_t, 4>{0xFF, 0xFF, 0xFF, 0xFF}));
  EXPECT_THAT(VerifyMessage(io),
              AllOf(HasSubstr("step 1"), HasSubstr("expected 32-bit block read of epp_data0"),
                    HasSubstr("got 16-bit block read of epp_data0")));
}

TEST(MockIoTest, BlockInsteadOfSingleAccessesFails) {
  MockIo io;
  io.ExpectWrite(EppData<0>::kAddress, 0x11)     // 1: low byte.
      .ExpectWrite(EppData<1>::kAddress, 0x22);  // 2: high byte.
  const std::array<uint8_t, 2> bytes = {0x11, 0x22};
  io.WriteBlock(EppData<0>::kAddress, Width::k16, bytes);
  EXPECT_THAT(VerifyMessage(io),
              AllOf(HasSubstr("step 1: expected write epp_data0=0x11, got 16-bit block write"),
                    HasSubstr("step 2: never happened: write epp_data1=0x22")));
}

}  // namespace
}  // namespace parclass::hw::testing
