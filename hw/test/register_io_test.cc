#include "parclass/hw/register_io.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <ostream>
#include <vector>

#include "parclass/hw/ecp_regs.h"
#include "parclass/hw/epp_regs.h"
#include "parclass/hw/register.h"
#include "parclass/hw/spp_regs.h"

namespace parclass::hw {
namespace {

// One DoRead or DoWrite, as the fake saw it.
struct Call {
  bool write;
  RegisterAddress address;
  uint8_t value;

  friend bool operator==(const Call&, const Call&) = default;
  friend std::ostream& operator<<(std::ostream& os, const Call& call) {
    return os << (call.write ? "write " : "read ") << RegisterName(call.address) << " 0x"
              << std::hex << int{call.value} << std::dec;
  }
};

Call ReadOf(RegisterAddress address, uint8_t value) { return {false, address, value}; }
Call WriteOf(RegisterAddress address, uint8_t value) { return {true, address, value}; }

// Eight registers per block, remembering what was written and recording every DoRead/DoWrite.
// It keeps the default DoReadBlock/DoWriteBlock, so block transfers show up as byte calls.
class FakeIo final : public RegisterIo {
 public:
  uint8_t& reg(RegisterAddress address) {
    return regs_[static_cast<size_t>(address.block)][address.offset];
  }
  const std::vector<Call>& calls() const { return calls_; }

 private:
  uint8_t DoRead(RegisterAddress address) override {
    calls_.push_back(ReadOf(address, reg(address)));
    return reg(address);
  }
  void DoWrite(RegisterAddress address, uint8_t value) override {
    calls_.push_back(WriteOf(address, value));
    reg(address) = value;
  }

  std::array<std::array<uint8_t, 8>, 2> regs_{};
  std::vector<Call> calls_;
};

constexpr RegisterAddress kData0 = EppData<0>::kAddress;  // base+4
constexpr RegisterAddress kData1 = EppData<1>::kAddress;
constexpr RegisterAddress kData2 = EppData<2>::kAddress;
constexpr RegisterAddress kData3 = EppData<3>::kAddress;

// register_io.h: Width counts bytes per access.
TEST(WidthTest, BytesOfEachWidth) {
  EXPECT_EQ(BytesOf(Width::k8), 1u);
  EXPECT_EQ(BytesOf(Width::k16), 2u);
  EXPECT_EQ(BytesOf(Width::k32), 4u);
}

// --- Single accesses -------------------------------------------------------------------------

TEST(RegisterIoTest, ReadReturnsWhatTheBackendReads) {
  FakeIo io;
  io.reg(Dsr::kAddress) = 0b1101'1111;
  EXPECT_EQ(io.Read(Dsr::kAddress), 0b1101'1111);
  EXPECT_EQ(io.calls(), std::vector{ReadOf(Dsr::kAddress, 0b1101'1111)});
}

TEST(RegisterIoTest, WriteReachesTheBackend) {
  FakeIo io;
  io.Write(Dcr::kAddress, 0b0000'1100);
  EXPECT_EQ(io.reg(Dcr::kAddress), 0b0000'1100);
  EXPECT_EQ(io.calls(), std::vector{WriteOf(Dcr::kAddress, 0b0000'1100)});
}

TEST(RegisterIoTest, ReadsAreCountedPerRegister) {
  FakeIo io;
  (void)io.Read(Dsr::kAddress);
  (void)io.Read(Dsr::kAddress);
  (void)io.Read(Ecr::kAddress);
  EXPECT_EQ(io.counters().reads(Dsr::kAddress), 2u);
  EXPECT_EQ(io.counters().reads(Ecr::kAddress), 1u);
  EXPECT_EQ(io.counters().reads(Dcr::kAddress), 0u);
  EXPECT_EQ(io.counters().writes(Dsr::kAddress), 0u);
}

TEST(RegisterIoTest, WritesAreCountedPerRegister) {
  FakeIo io;
  io.Write(Dcr::kAddress, 0x0C);
  io.Write(Dcr::kAddress, 0x06);
  io.Write(CnfgB::kAddress, 0x08);
  EXPECT_EQ(io.counters().writes(Dcr::kAddress), 2u);
  EXPECT_EQ(io.counters().writes(CnfgB::kAddress), 1u);
  EXPECT_EQ(io.counters().writes(Data::kAddress), 0u);
  EXPECT_EQ(io.counters().reads(Dcr::kAddress), 0u);
}

TEST(RegisterIoTest, BaseAndEcpBlocksAreCountedApart) {
  FakeIo io;
  io.Write(Dcr::kAddress, 0x04);  // base+2
  io.Write(Ecr::kAddress, 0x34);  // ECP+2
  EXPECT_EQ(io.counters().writes(Dcr::kAddress), 1u);
  EXPECT_EQ(io.counters().writes(Ecr::kAddress), 1u);
}

TEST(RegisterIoTest, TotalsAddUpEveryRegister) {
  FakeIo io;
  (void)io.Read(Dsr::kAddress);
  (void)io.Read(Ecr::kAddress);
  io.Write(Dcr::kAddress, 0x04);
  io.Write(Data::kAddress, 0x41);
  io.Write(Ecr::kAddress, 0x34);
  EXPECT_EQ(io.counters().total_reads(), 2u);
  EXPECT_EQ(io.counters().total_writes(), 3u);
  EXPECT_EQ(io.counters().total(), 5u);
}

TEST(RegisterIoTest, ResetCountersZeroesEveryCount) {
  FakeIo io;
  (void)io.Read(Dsr::kAddress);
  io.Write(Ecr::kAddress, 0x34);
  io.ResetCounters();
  EXPECT_EQ(io.counters().reads(Dsr::kAddress), 0u);
  EXPECT_EQ(io.counters().writes(Ecr::kAddress), 0u);
  EXPECT_EQ(io.counters().total(), 0u);
  (void)io.Read(Dsr::kAddress);
  EXPECT_EQ(io.counters().total(), 1u);
}

// --- Block accesses --------------------------------------------------------------------------

TEST(RegisterIoTest, ByteBlockReadsOneRegisterRepeatedly) {
  FakeIo io;
  io.reg(TFifo::kAddress) = 0xAA;
  std::array<uint8_t, 3> bytes{};
  io.ReadBlock(TFifo::kAddress, Width::k8, bytes);
  EXPECT_EQ(bytes, (std::array<uint8_t, 3>{0xAA, 0xAA, 0xAA}));
  EXPECT_EQ(io.calls(), (std::vector{ReadOf(TFifo::kAddress, 0xAA), ReadOf(TFifo::kAddress, 0xAA),
                                     ReadOf(TFifo::kAddress, 0xAA)}));
  EXPECT_EQ(io.counters().reads(TFifo::kAddress), 3u);
}

TEST(RegisterIoTest, ByteBlockWritesOneRegisterRepeatedly) {
  FakeIo io;
  const std::array<uint8_t, 2> bytes = {0x11, 0x22};
  io.WriteBlock(EcpDFifo::kAddress, Width::k8, bytes);
  EXPECT_EQ(io.calls(),
            (std::vector{WriteOf(EcpDFifo::kAddress, 0x11), WriteOf(EcpDFifo::kAddress, 0x22)}));
  EXPECT_EQ(io.counters().writes(EcpDFifo::kAddress), 2u);
}

// ieee1284.md section 2.2: a 16-bit access to base+4 is 2 byte cycles, low byte first.
TEST(RegisterIoTest, Width16BlockWriteSplitsOverEppData0And1) {
  FakeIo io;
  const std::array<uint8_t, 4> bytes = {0x11, 0x22, 0x33, 0x44};
  io.WriteBlock(kData0, Width::k16, bytes);
  EXPECT_EQ(io.calls(), (std::vector{WriteOf(kData0, 0x11), WriteOf(kData1, 0x22),
                                     WriteOf(kData0, 0x33), WriteOf(kData1, 0x44)}));
}

// ieee1284.md section 2.2: a 32-bit access to base+4 is 4 byte cycles, low byte first.
TEST(RegisterIoTest, Width32BlockWriteSplitsOverEppData0To3) {
  FakeIo io;
  const std::array<uint8_t, 8> bytes = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
  io.WriteBlock(kData0, Width::k32, bytes);
  EXPECT_EQ(io.calls(),
            (std::vector{WriteOf(kData0, 0x11), WriteOf(kData1, 0x22), WriteOf(kData2, 0x33),
                         WriteOf(kData3, 0x44), WriteOf(kData0, 0x55), WriteOf(kData1, 0x66),
                         WriteOf(kData2, 0x77), WriteOf(kData3, 0x88)}));
}

TEST(RegisterIoTest, Width16BlockReadGathersEppData0And1) {
  FakeIo io;
  io.reg(kData0) = 0x34;
  io.reg(kData1) = 0x12;
  std::array<uint8_t, 4> bytes{};
  io.ReadBlock(kData0, Width::k16, bytes);
  EXPECT_EQ(bytes, (std::array<uint8_t, 4>{0x34, 0x12, 0x34, 0x12}));
  EXPECT_EQ(io.calls(), (std::vector{ReadOf(kData0, 0x34), ReadOf(kData1, 0x12),
                                     ReadOf(kData0, 0x34), ReadOf(kData1, 0x12)}));
}

TEST(RegisterIoTest, Width32BlockReadGathersEppData0To3LowByteFirst) {
  FakeIo io;
  io.reg(kData0) = 0x78;  // A little-endian 0x12345678.
  io.reg(kData1) = 0x56;
  io.reg(kData2) = 0x34;
  io.reg(kData3) = 0x12;
  std::array<uint8_t, 4> bytes{};
  io.ReadBlock(kData0, Width::k32, bytes);
  EXPECT_EQ(bytes, (std::array<uint8_t, 4>{0x78, 0x56, 0x34, 0x12}));
  EXPECT_EQ(io.calls(), (std::vector{ReadOf(kData0, 0x78), ReadOf(kData1, 0x56),
                                     ReadOf(kData2, 0x34), ReadOf(kData3, 0x12)}));
}

// register_io.h: "bytes.size() / 4 accesses", all counted at the register addressed.
TEST(RegisterIoTest, BlockCountsOneAccessPerWidth) {
  FakeIo io;
  std::array<uint8_t, 8> bytes{};
  io.ReadBlock(kData0, Width::k8, bytes);
  EXPECT_EQ(io.counters().reads(kData0), 8u);
  io.ResetCounters();
  io.ReadBlock(kData0, Width::k16, bytes);
  EXPECT_EQ(io.counters().reads(kData0), 4u);
  io.ResetCounters();
  io.ReadBlock(kData0, Width::k32, bytes);
  EXPECT_EQ(io.counters().reads(kData0), 2u);
  EXPECT_EQ(io.counters().reads(kData1), 0u);
  EXPECT_EQ(io.counters().total_reads(), 2u);
  io.ResetCounters();
  io.WriteBlock(kData0, Width::k32, bytes);
  EXPECT_EQ(io.counters().writes(kData0), 2u);
  EXPECT_EQ(io.counters().writes(kData3), 0u);
  EXPECT_EQ(io.counters().total(), 2u);
}

TEST(RegisterIoTest, EmptyBlockDoesNothing) {
  FakeIo io;
  io.WriteBlock(kData0, Width::k32, {});
  EXPECT_TRUE(io.calls().empty());
  EXPECT_EQ(io.counters().total(), 0u);
}

TEST(RegisterIoDeathTest, BlockOfAPartialAccessIsABug) {
  FakeIo io;
  std::array<uint8_t, 3> bytes{};
  EXPECT_DEATH(io.ReadBlock(kData0, Width::k16, bytes), "whole number of accesses");
  EXPECT_DEATH(io.WriteBlock(kData0, Width::k32, bytes), "whole number of accesses");
}

TEST(RegisterIoDeathTest, WideAccessPastTheBlockEndIsABug) {
  FakeIo io;
  std::array<uint8_t, 4> bytes{};
  EXPECT_DEATH(io.WriteBlock(kData1, Width::k32, bytes), "past the end of its block");
  EXPECT_DEATH(io.ReadBlock(Ecr::kAddress, Width::k16, bytes), "past the end of its block");
}

TEST(RegisterIoDeathTest, OffsetOutsideItsBlockIsABug) {
  FakeIo io;
  EXPECT_DEATH((void)io.Read({RegisterBlock::kEcp, 3}), "outside its block");
  EXPECT_DEATH(io.Write({RegisterBlock::kBase, 8}, 0x00), "outside its block");
}

// --- Register::ReadFrom / WriteTo ------------------------------------------------------------

TEST(RegisterIoTest, ReadFromReadsTheRegistersAddress) {
  FakeIo io;
  io.reg(Ecr::kAddress) = 0x35;
  const Ecr ecr = Ecr::Get().ReadFrom(io);
  EXPECT_EQ(ecr.reg_value(), 0x35);
  EXPECT_TRUE(ecr.empty());
  EXPECT_EQ(io.calls(), std::vector{ReadOf(Ecr::kAddress, 0x35)});
  EXPECT_EQ(io.counters().reads(Ecr::kAddress), 1u);
}

TEST(RegisterIoTest, ReadFromReplacesTheWholeValue) {
  FakeIo io;
  io.reg(Dsr::kAddress) = 0b0111'1000;
  Dsr dsr = Dsr::FromValue(0b1000'0111);
  dsr.ReadFrom(io);
  EXPECT_EQ(dsr.reg_value(), 0b0111'1000);
}

TEST(RegisterIoTest, WriteToWritesTheValueToTheRegistersAddress) {
  FakeIo io;
  Dcr::Get().set_n_init(true).set_select_in(true).WriteTo(io);
  EppData<2>::Get().set_data(0x5A).WriteTo(io);
  EXPECT_EQ(io.calls(), (std::vector{WriteOf(Dcr::kAddress, 0b0000'1100),
                                     WriteOf(EppData<2>::kAddress, 0x5A)}));
  EXPECT_EQ(io.counters().writes(Dcr::kAddress), 1u);
  EXPECT_EQ(io.counters().writes(kData2), 1u);
}

TEST(RegisterIoTest, WriteToGoesToTheBlockOfTheType) {
  FakeIo io;
  EcpAFifo::Channel(3).WriteTo(io);         // base+0
  CFifo::Get().set_data(0x41).WriteTo(io);  // ECP+0
  EXPECT_EQ(io.calls(), (std::vector{WriteOf({RegisterBlock::kBase, 0}, 0b1000'0011),
                                     WriteOf({RegisterBlock::kEcp, 0}, 0x41)}));
}

}  // namespace
}  // namespace parclass::hw
