#include "parclass/backends/raw_io.h"

#include <gtest/gtest.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "parclass/backends/syscalls.h"
#include "parclass/base/testing/result_matchers.h"
#include "parclass/hw/ecp_regs.h"
#include "parclass/hw/epp_regs.h"
#include "parclass/hw/spp_regs.h"

namespace parclass::backends {
namespace {

using hw::Dsr;
using hw::EcpDFifo;
using hw::Ecr;
using hw::EppData;
using hw::Width;

// --- Fakes -----------------------------------------------------------------------------------

struct IopermCall {
  unsigned long first;
  unsigned long count;
  bool enable;

  friend bool operator==(const IopermCall&, const IopermCall&) = default;
  friend std::ostream& operator<<(std::ostream& os, const IopermCall& call) {
    return os << "ioperm(0x" << std::hex << call.first << std::dec << ", " << call.count << ", "
              << call.enable << ")";
  }
};

IopermCall Grant(unsigned long first, unsigned long count) { return {first, count, true}; }
IopermCall Drop(unsigned long first, unsigned long count) { return {first, count, false}; }

// A kernel that knows only ioperm: it records each call and grants every range, except those
// given an error with Refuse. Every other system call is ENOSYS.
class FakeKernel final : public Syscalls {
 public:
  void Refuse(unsigned long first, int error) { refusals_[first] = error; }
  const std::vector<IopermCall>& ioperm_calls() const { return ioperm_calls_; }

 protected:
  int DoOpen(const std::string&, int) override { return -ENOSYS; }
  int DoClose(int) override { return -ENOSYS; }
  int DoIoctl(int, unsigned long, void*) override { return -ENOSYS; }
  ssize_t DoRead(int, void*, size_t) override { return -ENOSYS; }
  ssize_t DoWrite(int, const void*, size_t) override { return -ENOSYS; }
  int DoPoll(int, short, int) override { return -ENOSYS; }
  int DoPollOrWake(int, short, int) override { return -ENOSYS; }
  int DoFcntl(int, int, int) override { return -ENOSYS; }
  int DoFlock(int, int) override { return -ENOSYS; }
  int DoIoperm(unsigned long first, unsigned long count, bool enable) override {
    ioperm_calls_.push_back({first, count, enable});
    const auto refused = refusals_.find(first);
    return enable && refused != refusals_.end() ? -refused->second : 0;
  }

 private:
  std::map<unsigned long, int> refusals_;
  std::vector<IopermCall> ioperm_calls_;
};

enum class Op : uint8_t { kIn, kOut, kInBlock, kOutBlock };

// One PortBus call, as the fake saw it.
struct Access {
  Op op;
  uint16_t port;
  std::vector<uint8_t> bytes;

  friend bool operator==(const Access&, const Access&) = default;
  friend std::ostream& operator<<(std::ostream& os, const Access& access) {
    constexpr std::array<const char*, 4> kNames = {"in", "out", "in block", "out block"};
    os << kNames[static_cast<size_t>(access.op)] << " 0x" << std::hex << access.port << ":";
    for (const uint8_t byte : access.bytes) os << " 0x" << int{byte};
    return os << std::dec;
  }
};

Access InOf(uint16_t port, uint8_t value) { return {Op::kIn, port, {value}}; }
Access OutOf(uint16_t port, uint8_t value) { return {Op::kOut, port, {value}}; }
Access InBlockOf(uint16_t port, std::vector<uint8_t> bytes) {
  return {Op::kInBlock, port, std::move(bytes)};
}
Access OutBlockOf(uint16_t port, std::vector<uint8_t> bytes) {
  return {Op::kOutBlock, port, std::move(bytes)};
}

enum class BlockForm : uint8_t { kOwn, kDefault };

// Records every access. Each port reads the bytes fed to it in order, then 0xff (a floating bus).
// With BlockForm::kDefault it keeps PortBus's own InBlock/OutBlock, which loop over In/Out.
class FakeBus final : public PortBus {
 public:
  explicit FakeBus(BlockForm form = BlockForm::kOwn) : form_(form) {}

  void Feed(uint16_t port, std::vector<uint8_t> bytes) {
    fed_[port].insert(fed_[port].end(), bytes.begin(), bytes.end());
  }
  const std::vector<Access>& accesses() const { return accesses_; }

  uint8_t In(uint16_t port) override {
    const uint8_t value = Next(port);
    accesses_.push_back(InOf(port, value));
    return value;
  }
  void Out(uint16_t port, uint8_t value) override { accesses_.push_back(OutOf(port, value)); }
  void InBlock(uint16_t port, std::span<uint8_t> bytes) override {
    if (form_ == BlockForm::kDefault) {
      PortBus::InBlock(port, bytes);
      return;
    }
    for (uint8_t& byte : bytes) byte = Next(port);
    accesses_.push_back(InBlockOf(port, {bytes.begin(), bytes.end()}));
  }
  void OutBlock(uint16_t port, std::span<const uint8_t> bytes) override {
    if (form_ == BlockForm::kDefault) {
      PortBus::OutBlock(port, bytes);
      return;
    }
    accesses_.push_back(OutBlockOf(port, {bytes.begin(), bytes.end()}));
  }

 private:
  uint8_t Next(uint16_t port) {
    std::deque<uint8_t>& queue = fed_[port];
    if (queue.empty()) return 0xff;
    const uint8_t value = queue.front();
    queue.pop_front();
    return value;
  }

  BlockForm form_;
  std::map<uint16_t, std::deque<uint8_t>> fed_;
  std::vector<Access> accesses_;
};

// A port opened on the fakes; the test fails if Open does.
std::unique_ptr<RawPortIo> OpenOrFail(FakeKernel& os, FakeBus& bus, RawPortOptions options) {
  Result<std::unique_ptr<RawPortIo>> opened = RawPortIo::Open(os, bus, options);
  EXPECT_OK(opened);
  return opened ? std::move(*opened) : nullptr;
}

// --- Opening and closing ---------------------------------------------------------------------

TEST(RawPortIoTest, OpenGrantsBothBlocksWithTheIsaEcpBase) {
  FakeKernel os;
  FakeBus bus;
  const auto io = OpenOrFail(os, bus, {.base = 0x378});
  ASSERT_NE(io, nullptr);
  EXPECT_EQ(io->base(), 0x378);
  EXPECT_EQ(io->ecp_base(), 0x778);
  EXPECT_EQ(os.ioperm_calls(), (std::vector{Grant(0x378, 8), Grant(0x778, 3)}));
  EXPECT_EQ(os.counters().ioperm, 2u);
  EXPECT_TRUE(bus.accesses().empty());  // Opening touches no register.
}

TEST(RawPortIoTest, OpenGrantsAGivenEcpBase) {
  FakeKernel os;
  FakeBus bus;
  const auto io = OpenOrFail(os, bus, {.base = 0xd010, .ecp_base = 0xd000});
  ASSERT_NE(io, nullptr);
  EXPECT_EQ(io->ecp_base(), 0xd000);
  EXPECT_EQ(os.ioperm_calls(), (std::vector{Grant(0xd010, 8), Grant(0xd000, 3)}));
}

TEST(RawPortIoTest, OpenWithoutEcpBlockGrantsTheBaseOnly) {
  FakeKernel os;
  FakeBus bus;
  const auto io = OpenOrFail(os, bus, {.base = 0x278, .ecp_base = kNoEcpBlock});
  ASSERT_NE(io, nullptr);
  EXPECT_EQ(io->ecp_base(), std::nullopt);
  EXPECT_EQ(os.ioperm_calls(), std::vector{Grant(0x278, 8)});
}

TEST(RawPortIoTest, DestructionDropsThePermissions) {
  FakeKernel os;
  FakeBus bus;
  OpenOrFail(os, bus, {.base = 0x378}).reset();
  EXPECT_EQ(os.ioperm_calls(),
            (std::vector{Grant(0x378, 8), Grant(0x778, 3), Drop(0x778, 3), Drop(0x378, 8)}));
}

TEST(RawPortIoTest, DestructionWithoutEcpBlockDropsTheBaseOnly) {
  FakeKernel os;
  FakeBus bus;
  OpenOrFail(os, bus, {.base = 0x278, .ecp_base = kNoEcpBlock}).reset();
  EXPECT_EQ(os.ioperm_calls(), (std::vector{Grant(0x278, 8), Drop(0x278, 8)}));
}

// --- Register map ----------------------------------------------------------------------------

TEST(RawPortIoTest, BaseRegistersAreBasePlusOffset) {
  FakeKernel os;
  FakeBus bus;
  const auto io = OpenOrFail(os, bus, {.base = 0x378});
  ASSERT_NE(io, nullptr);
  bus.Feed(0x379, {0b1101'1111});
  EXPECT_EQ(io->Read(Dsr::kAddress), 0b1101'1111);
  io->Write(hw::Data::kAddress, 0x41);
  io->Write(hw::Dcr::kAddress, 0b0000'1100);
  io->Write(hw::EppAddress::kAddress, 0x05);
  (void)io->Read(EppData<0>::kAddress);
  (void)io->Read(EppData<3>::kAddress);
  EXPECT_EQ(bus.accesses(),
            (std::vector{InOf(0x379, 0b1101'1111), OutOf(0x378, 0x41), OutOf(0x37a, 0b0000'1100),
                         OutOf(0x37b, 0x05), InOf(0x37c, 0xff), InOf(0x37f, 0xff)}));
}

TEST(RawPortIoTest, EcpRegistersAreTheIsaEcpBasePlusOffset) {
  FakeKernel os;
  FakeBus bus;
  const auto io = OpenOrFail(os, bus, {.base = 0x378});
  ASSERT_NE(io, nullptr);
  bus.Feed(0x778, {0x10});
  EXPECT_EQ(io->Read(hw::CnfgA::kAddress), 0x10);
  io->Write(hw::CnfgB::kAddress, 0x00);
  io->Write(Ecr::kAddress, 0x34);
  EXPECT_EQ(bus.accesses(),
            (std::vector{InOf(0x778, 0x10), OutOf(0x779, 0x00), OutOf(0x77a, 0x34)}));
}

TEST(RawPortIoTest, EcpRegistersFollowAGivenEcpBase) {
  FakeKernel os;
  FakeBus bus;
  const auto io = OpenOrFail(os, bus, {.base = 0xd010, .ecp_base = 0xd000});
  ASSERT_NE(io, nullptr);
  io->Write(Ecr::kAddress, 0x34);
  (void)io->Read(Dsr::kAddress);
  EXPECT_EQ(bus.accesses(), (std::vector{OutOf(0xd002, 0x34), InOf(0xd011, 0xff)}));
}

TEST(RawPortIoTest, WithoutEcpBlockEcpRegistersFloatAndTakeNoWrites) {
  FakeKernel os;
  FakeBus bus;
  const auto io = OpenOrFail(os, bus, {.base = 0x278, .ecp_base = kNoEcpBlock});
  ASSERT_NE(io, nullptr);
  io->Write(Ecr::kAddress, 0x34);
  EXPECT_EQ(io->Read(Ecr::kAddress), 0xff);
  std::array<uint8_t, 2> fifo{};
  io->ReadBlock(EcpDFifo::kAddress, Width::k8, fifo);
  io->WriteBlock(EcpDFifo::kAddress, Width::k8, fifo);
  EXPECT_EQ(fifo, (std::array<uint8_t, 2>{0xff, 0xff}));
  EXPECT_TRUE(bus.accesses().empty());
  EXPECT_EQ(io->counters().writes(Ecr::kAddress), 1u);  // Counted all the same.
}

// --- Blocks ----------------------------------------------------------------------------------

TEST(RawPortIoTest, ByteBlockReadIsOneBusBlock) {
  FakeKernel os;
  FakeBus bus;
  const auto io = OpenOrFail(os, bus, {.base = 0x378});
  ASSERT_NE(io, nullptr);
  bus.Feed(0x778, {0x11, 0x22, 0x33});
  std::array<uint8_t, 3> bytes{};
  io->ReadBlock(EcpDFifo::kAddress, Width::k8, bytes);
  EXPECT_EQ(bytes, (std::array<uint8_t, 3>{0x11, 0x22, 0x33}));
  EXPECT_EQ(bus.accesses(), std::vector{InBlockOf(0x778, {0x11, 0x22, 0x33})});
}

TEST(RawPortIoTest, ByteBlockWriteIsOneBusBlock) {
  FakeKernel os;
  FakeBus bus;
  const auto io = OpenOrFail(os, bus, {.base = 0x378});
  ASSERT_NE(io, nullptr);
  const std::array<uint8_t, 2> bytes = {0xaa, 0x55};
  io->WriteBlock(EppData<0>::kAddress, Width::k8, bytes);
  EXPECT_EQ(bus.accesses(), std::vector{OutBlockOf(0x37c, {0xaa, 0x55})});
}

TEST(RawPortIoTest, BusDefaultBlockFormIsOneAccessPerByte) {
  FakeKernel os;
  FakeBus bus(BlockForm::kDefault);
  const auto io = OpenOrFail(os, bus, {.base = 0x378});
  ASSERT_NE(io, nullptr);
  bus.Feed(0x778, {0x11, 0x22});
  std::array<uint8_t, 2> bytes{};
  io->ReadBlock(EcpDFifo::kAddress, Width::k8, bytes);
  io->WriteBlock(EcpDFifo::kAddress, Width::k8, bytes);
  EXPECT_EQ(bytes, (std::array<uint8_t, 2>{0x11, 0x22}));
  EXPECT_EQ(bus.accesses(), (std::vector{InOf(0x778, 0x11), InOf(0x778, 0x22), OutOf(0x778, 0x11),
                                         OutOf(0x778, 0x22)}));
}

// ieee1284.md section 2.2: a 16-bit access to base+4 is 2 byte cycles, low byte first.
TEST(RawPortIoTest, Width16BlockWriteSplitsOverEppData0And1) {
  FakeKernel os;
  FakeBus bus;
  const auto io = OpenOrFail(os, bus, {.base = 0x378});
  ASSERT_NE(io, nullptr);
  const std::array<uint8_t, 4> bytes = {0x11, 0x22, 0x33, 0x44};
  io->WriteBlock(EppData<0>::kAddress, Width::k16, bytes);
  EXPECT_EQ(bus.accesses(), (std::vector{OutOf(0x37c, 0x11), OutOf(0x37d, 0x22), OutOf(0x37c, 0x33),
                                         OutOf(0x37d, 0x44)}));
  EXPECT_EQ(io->counters().writes(EppData<0>::kAddress), 2u);  // Counted per 16-bit access.
}

// ieee1284.md section 2.2: a 32-bit access to base+4 is 4 byte cycles, low byte first.
TEST(RawPortIoTest, Width32BlockReadGathersEppData0To3) {
  FakeKernel os;
  FakeBus bus;
  const auto io = OpenOrFail(os, bus, {.base = 0x378});
  ASSERT_NE(io, nullptr);
  bus.Feed(0x37c, {0x78});  // A little-endian 0x12345678.
  bus.Feed(0x37d, {0x56});
  bus.Feed(0x37e, {0x34});
  bus.Feed(0x37f, {0x12});
  std::array<uint8_t, 4> bytes{};
  io->ReadBlock(EppData<0>::kAddress, Width::k32, bytes);
  EXPECT_EQ(bytes, (std::array<uint8_t, 4>{0x78, 0x56, 0x34, 0x12}));
  EXPECT_EQ(bus.accesses(), (std::vector{InOf(0x37c, 0x78), InOf(0x37d, 0x56), InOf(0x37e, 0x34),
                                         InOf(0x37f, 0x12)}));
  EXPECT_EQ(io->counters().reads(EppData<0>::kAddress), 1u);
}

// --- Counters --------------------------------------------------------------------------------

TEST(RawPortIoTest, AccessesAreCountedPerRegister) {
  FakeKernel os;
  FakeBus bus;
  const auto io = OpenOrFail(os, bus, {.base = 0x378});
  ASSERT_NE(io, nullptr);
  (void)io->Read(Dsr::kAddress);
  (void)io->Read(Dsr::kAddress);
  io->Write(Ecr::kAddress, 0x34);
  std::array<uint8_t, 5> bytes{};
  io->WriteBlock(EcpDFifo::kAddress, Width::k8, bytes);
  EXPECT_EQ(io->counters().reads(Dsr::kAddress), 2u);
  EXPECT_EQ(io->counters().writes(Ecr::kAddress), 1u);
  EXPECT_EQ(io->counters().writes(EcpDFifo::kAddress), 5u);
  EXPECT_EQ(io->counters().total(), 8u);
}

// --- Errors ----------------------------------------------------------------------------------

TEST(RawPortIoErrorTest, EpermIsPermissionDeniedNamingTheFix) {
  FakeKernel os;
  FakeBus bus;
  os.Refuse(0x378, EPERM);
  const Result<std::unique_ptr<RawPortIo>> opened = RawPortIo::Open(os, bus, {.base = 0x378});
  ASSERT_TRUE(parclass::testing::HasErrc(opened, Errc::kPermissionDenied));
  const std::string& detail = opened.error().detail();
  EXPECT_NE(detail.find("0x378"), std::string::npos) << detail;
  EXPECT_NE(detail.find("CAP_SYS_RAWIO"), std::string::npos) << detail;
  EXPECT_NE(detail.find("EPERM"), std::string::npos) << detail;
  EXPECT_NE(detail.find("run as root"), std::string::npos) << detail;
  EXPECT_NE(detail.find("ppdev:/dev/parport0"), std::string::npos) << detail;
  EXPECT_EQ(os.ioperm_calls(), std::vector{Grant(0x378, 8)});  // The ECP block is not tried.
}

TEST(RawPortIoErrorTest, EaccesIsPermissionDenied) {
  FakeKernel os;
  FakeBus bus;
  os.Refuse(0x378, EACCES);
  const auto opened = RawPortIo::Open(os, bus, {.base = 0x378});
  ASSERT_TRUE(parclass::testing::HasErrc(opened, Errc::kPermissionDenied));
  EXPECT_NE(opened.error().detail().find("EACCES"), std::string::npos);
  EXPECT_NE(opened.error().detail().find("ppdev"), std::string::npos);
}

TEST(RawPortIoErrorTest, EnosysIsNotSupportedPointingToPpdev) {
  FakeKernel os;
  FakeBus bus;
  os.Refuse(0x378, ENOSYS);
  const auto opened = RawPortIo::Open(os, bus, {.base = 0x378});
  ASSERT_TRUE(parclass::testing::HasErrc(opened, Errc::kNotSupported));
  const std::string& detail = opened.error().detail();
  EXPECT_NE(detail.find("x86"), std::string::npos) << detail;
  EXPECT_NE(detail.find("ppdev:/dev/parport0"), std::string::npos) << detail;
}

TEST(RawPortIoErrorTest, EinvalIsInvalidArgument) {
  FakeKernel os;
  FakeBus bus;
  os.Refuse(0x378, EINVAL);
  const auto opened = RawPortIo::Open(os, bus, {.base = 0x378});
  ASSERT_TRUE(parclass::testing::HasErrc(opened, Errc::kInvalidArgument));
  EXPECT_NE(opened.error().detail().find("EINVAL"), std::string::npos);
}

TEST(RawPortIoErrorTest, OtherErrnoIsIoError) {
  FakeKernel os;
  FakeBus bus;
  os.Refuse(0x378, ENOMEM);
  EXPECT_ERRC(RawPortIo::Open(os, bus, {.base = 0x378}), Errc::kIoError);
}

TEST(RawPortIoErrorTest, RefusedEcpBlockGivesTheBaseBack) {
  FakeKernel os;
  FakeBus bus;
  os.Refuse(0x778, EPERM);
  const auto opened = RawPortIo::Open(os, bus, {.base = 0x378});
  ASSERT_TRUE(parclass::testing::HasErrc(opened, Errc::kPermissionDenied));
  EXPECT_NE(opened.error().detail().find("0x778"), std::string::npos);
  EXPECT_EQ(os.ioperm_calls(), (std::vector{Grant(0x378, 8), Grant(0x778, 3), Drop(0x378, 8)}));
}

// Bad addresses are refused before the kernel is asked for anything.
void ExpectRefusedAddresses(RawPortOptions options, std::string_view says) {
  FakeKernel os;
  FakeBus bus;
  const auto opened = RawPortIo::Open(os, bus, options);
  ASSERT_TRUE(parclass::testing::HasErrc(opened, Errc::kInvalidArgument));
  EXPECT_NE(opened.error().detail().find(says), std::string::npos) << opened.error().detail();
  EXPECT_TRUE(os.ioperm_calls().empty());
}

TEST(RawPortIoErrorTest, BaseZeroIsInvalid) {
  ExpectRefusedAddresses({.base = 0}, "not a parallel port");
}

TEST(RawPortIoErrorTest, BaseTooHighForEightRegistersIsInvalid) {
  ExpectRefusedAddresses({.base = 0xfff9, .ecp_base = kNoEcpBlock}, "no room for its 8 registers");
}

TEST(RawPortIoErrorTest, IsaEcpBlockPastTheIoSpaceIsInvalid) {
  ExpectRefusedAddresses({.base = 0xfc00}, "give its ECP base, or none");
}

TEST(RawPortIoErrorTest, EcpBaseTooHighForThreeRegistersIsInvalid) {
  ExpectRefusedAddresses({.base = 0x378, .ecp_base = 0xfffe}, "no room for its 3 registers");
}

TEST(RawPortIoErrorTest, EcpBlockOverlappingTheBaseIsInvalid) {
  ExpectRefusedAddresses({.base = 0x378, .ecp_base = 0x37e}, "overlaps");
}

TEST(RawPortIoTest, HighestBaseThatFitsOpens) {
  FakeKernel os;
  FakeBus bus;
  const auto io = OpenOrFail(os, bus, {.base = 0xfff8, .ecp_base = 0xfff0});
  ASSERT_NE(io, nullptr);
  EXPECT_EQ(os.ioperm_calls(), (std::vector{Grant(0xfff8, 8), Grant(0xfff0, 3)}));
}

TEST(X86PortBusTest, IsOneBus) { EXPECT_EQ(&X86PortBus(), &X86PortBus()); }

}  // namespace
}  // namespace parclass::backends
