// The ppdev backend end to end: PpdevPort over the emulated kernel, under the port and device
// layers as parctl runs them. Bytes arrive at the simulated printer through ppdev's register
// ioctls (CENTRONICS) and through the kernel's own loops (IEEE_COMPATIBILITY, NIBBLE), and every
// way the kernel can fail shows up as a clear error.

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <linux/ppdev.h>
#include <sys/ioctl.h>

#include <algorithm>
#include <thread>
#include <vector>

#include "parclass/backends/kernel_phase.h"
#include "parclass/backends/ppdev.h"
#include "parclass/base/testing/result_matchers.h"
#include "parclass/bus/bus.h"
#include "parclass/bus/device.h"
#include "parclass/hw/spp_regs.h"
#include "parclass/ieee1284/host_port.h"
#include "parclass/ieee1284/link.h"
#include "parclass/port/port.h"
#include "parclass/port/testing/request_buffer.h"
#include "parclass/ppdev_sim/ppdev_emulator.h"
#include "parclass/sim/topology.h"

namespace parclass::ppdev_sim {
namespace {

using backends::PpdevOptions;
using backends::PpdevPort;
using bus::ProtocolMode;
using port::NtStatus;
using ::testing::HasSubstr;

constexpr const char* kPath = "/dev/parport0";

std::vector<uint8_t> Pattern(size_t size) {
  std::vector<uint8_t> bytes(size);
  for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<uint8_t>(i * 7 + 3);
  return bytes;
}

class PpdevBackendTest : public ::testing::Test {
 protected:
  PpdevBackendTest() : sim_(kernel_.AddPort(kPath, sim::DefaultTopology())) {}

  Clock& clock() { return sim_.scheduler(); }

  std::unique_ptr<PpdevPort> OpenPpdev(PpdevOptions options = {.path = kPath}) {
    Result<std::unique_ptr<PpdevPort>> opened = PpdevPort::Open(kernel_, clock(), options);
    EXPECT_TRUE(opened) << opened.error();
    return opened ? std::move(*opened) : nullptr;
  }

  // The engine's own link on a ppdev port, with the kernel's loops off.
  struct SoftwareLink {
    SoftwareLink(std::unique_ptr<PpdevPort> opened, Clock& clock)
        : ppdev(std::move(opened)),
          registers(*ppdev),
          host(registers, clock, ppdev.get()),
          link(host) {
      link.set_allowed_paths(ieee1284::AllowedPaths::SoftwareOnly());
    }
    std::unique_ptr<PpdevPort> ppdev;
    hw::PortRegisters registers;
    ieee1284::HostPort host;
    ieee1284::Link link;
  };
  std::unique_ptr<SoftwareLink> OpenSoftwareLink() {
    std::unique_ptr<PpdevPort> ppdev = OpenPpdev();
    return ppdev ? std::make_unique<SoftwareLink>(std::move(ppdev), clock()) : nullptr;
  }

  // The port and bus as parctl starts them on ppdev.
  void Start() {
    ppdev_ = OpenPpdev();
    ASSERT_NE(ppdev_, nullptr);
    Result<std::unique_ptr<port::Port>> started = port::Port::Start(
        *ppdev_, clock(),
        {.detect = {.probe_ecr = false,
                    .os_report =
                        port::DetectOptions::OsReport{
                            .by = "the kernel",
                            .epp = ppdev_->kernel_modes().has(backends::KernelModes::kEpp),
                            .ecp = ppdev_->kernel_modes().has(backends::KernelModes::kEcp)}},
         .kernel_link = ppdev_.get()});
    ASSERT_TRUE(started) << started.error();
    port_ = std::move(*started);
    ASSERT_TRUE(bus_.AddPort(*port_));
  }

  std::unique_ptr<bus::DeviceHandle> Printer(ProtocolMode write, ProtocolMode read) {
    bus::Device* device = bus_.Find("LPT1.4");
    EXPECT_NE(device, nullptr);
    if (device == nullptr) return nullptr;
    Result<std::unique_ptr<bus::DeviceHandle>> handle = device->Open();
    EXPECT_TRUE(handle) << handle.error();
    port::testing::RequestBuffer buffer;
    const bus::ParclassNegotiationMask offered{.read_mask = static_cast<uint16_t>(read),
                                               .write_mask = static_cast<uint16_t>(write)};
    EXPECT_EQ((*handle)->InternalDeviceControl(port::testing::Plain(bus::kIoctlLockPort)).status,
              NtStatus::kSuccess);
    EXPECT_EQ((*handle)->DeviceControl(buffer.In(bus::kIoctlIeee1284Negotiate, offered, 4)).status,
              NtStatus::kSuccess);
    EXPECT_EQ(buffer.As<bus::ParclassNegotiationMask>().write_mask, offered.write_mask);
    EXPECT_EQ((*handle)->InternalDeviceControl(port::testing::Plain(bus::kIoctlUnlockPort)).status,
              NtStatus::kSuccess);
    return std::move(*handle);
  }

  // A job of `size` bytes written in `protocol`, all of it taken; the emulator's counters count
  // the write's system calls alone.
  std::vector<uint8_t> ExpectJobWritten(ProtocolMode protocol, size_t size) {
    std::unique_ptr<bus::DeviceHandle> printer = Printer(protocol, ProtocolMode::kNibble);
    EXPECT_NE(printer, nullptr);
    const std::vector<uint8_t> job = Pattern(size);
    if (printer == nullptr) return job;
    kernel_.ResetCounters();
    const port::RequestResult written = printer->Write(job);
    EXPECT_EQ(written.status, NtStatus::kSuccess);
    EXPECT_EQ(written.information, job.size());
    return job;
  }

  // The printer queues 300 bytes; a read of `buffer_size` bytes in `protocol` returns them all.
  void ExpectReplyRead(ProtocolMode protocol, size_t buffer_size) {
    std::unique_ptr<bus::DeviceHandle> printer =
        Printer(ProtocolMode::kIeeeCompatibility, protocol);
    ASSERT_NE(printer, nullptr);
    const std::vector<uint8_t> reply = Pattern(300);
    sim_.printer()->QueueReverse(reply);
    std::vector<uint8_t> buffer(buffer_size);
    const port::RequestResult read = printer->Read(buffer);
    EXPECT_EQ(read.status, NtStatus::kSuccess);
    ASSERT_EQ(read.information, reply.size());
    buffer.resize(read.information);
    EXPECT_EQ(buffer, reply);
  }

  PpdevEmulator kernel_;
  sim::SimulatedPort& sim_;
  std::unique_ptr<PpdevPort> ppdev_;
  std::unique_ptr<port::Port> port_;
  bus::Bus bus_;
};

TEST_F(PpdevBackendTest, DetectionAgreesWithTheKernelsModes) {
  Start();
  const backends::KernelModes kernel = ppdev_->kernel_modes();
  const hw::HardwareCapabilities found = port_->detection().capabilities();
  EXPECT_EQ(found.contains(hw::HardwareCapability::kByte),
            kernel.has(backends::KernelModes::kTristate))
      << port_->detection().Format();
  EXPECT_EQ(found.contains(hw::HardwareCapability::kEpp), kernel.has(backends::KernelModes::kEpp))
      << port_->detection().Format();
  // ppdev cannot reach the ECR, but the kernel's loops run ECP.
  EXPECT_EQ(found.contains(hw::HardwareCapability::kEcp), kernel.has(backends::KernelModes::kEcp));
  EXPECT_FALSE(port_->detection().features.fifo());
}

TEST_F(PpdevBackendTest, EcpGoesThroughTheKernelsLoop) {
  Start();
  const std::vector<uint8_t> job = ExpectJobWritten(ProtocolMode::kEcpHwNoIrq, 8 * 1024);
  ASSERT_NE(sim_.printer_ecp(), nullptr);
  std::vector<uint8_t> received;
  for (const sim::EcpDatum& datum : sim_.printer_ecp()->received()) received.push_back(datum.byte);
  EXPECT_EQ(received, job);
  EXPECT_EQ(kernel_.counters().write, 8u);
}

TEST_F(PpdevBackendTest, EnumeratesTheChainAndReadsDeviceIdsThroughTheKernel) {
  Start();
  bus::Device* printer = bus_.Find("LPT1.4");
  ASSERT_NE(printer, nullptr);
  ASSERT_TRUE(printer->device_id().has_value());
  EXPECT_THAT(printer->device_id()->Describe(), HasSubstr("Simulated Printer"));
  EXPECT_EQ(port_->daisy_chain_devices(), 2);
}

// The engine's own handshake over ppdev's register ioctls, where a client turns the kernel's
// loops off.
TEST_F(PpdevBackendTest, EngineDrivesTheLinesThroughTheRegisterIoctls) {
  std::unique_ptr<SoftwareLink> engine = OpenSoftwareLink();
  ASSERT_NE(engine, nullptr);
  ieee1284::Link& link = engine->link;
  const std::vector<uint8_t> job = Pattern(2000);
  kernel_.ResetCounters();
  Result<size_t> sent = link.WriteCompatibility(job, Deadline::Never());
  ASSERT_TRUE(sent) << sent.error();
  EXPECT_EQ(*sent, job.size());
  EXPECT_EQ(link.last_path(), ieee1284::TransferPath::kSoftware);
  EXPECT_EQ(sim_.printer()->received(), job);
  EXPECT_EQ(kernel_.counters().write, 0u);          // No kernel loop,
  EXPECT_GT(kernel_.counters().ioctl, job.size());  // an ioctl or more per byte.
}

// The engine negotiates ECP_SW itself; the kernel is told the phase it left the link in.
TEST_F(PpdevBackendTest, EngineKeepsTheKernelsPhaseInStep) {
  std::unique_ptr<SoftwareLink> engine = OpenSoftwareLink();
  ASSERT_NE(engine, nullptr);
  ieee1284::Link& link = engine->link;
  ASSERT_TRUE(link.Negotiate(kNibbleRequest));
  EXPECT_EQ(link.last_path(), ieee1284::TransferPath::kSoftware);
  const auto phase = [&] {
    int value = -1;
    EXPECT_EQ(kernel_.Ioctl(kernel_.Holder(kPath).value_or(-1), PPGETPHASE, &value), 0);
    return value;
  };
  EXPECT_EQ(phase(), backends::ToInt(backends::KernelPhaseOf(link.phase())));
  ASSERT_TRUE(link.Terminate());
  EXPECT_EQ(phase(), backends::ToInt(backends::KernelPhase::kFwdIdle));
}

TEST_F(PpdevBackendTest, CentronicsGoesThroughTheKernelsLoop) {
  Start();
  std::unique_ptr<bus::DeviceHandle> printer =
      Printer(ProtocolMode::kCentronics, ProtocolMode::kNibble);
  ASSERT_NE(printer, nullptr);
  const std::vector<uint8_t> job = Pattern(4096);
  kernel_.ResetCounters();
  EXPECT_EQ(printer->Write(job).information, job.size());
  EXPECT_EQ(sim_.printer()->received(), job);
  EXPECT_EQ(kernel_.counters().write, 4u);
}

TEST_F(PpdevBackendTest, IeeeCompatibilityGoesThroughTheKernelsLoop) {
  Start();
  const std::vector<uint8_t> job = ExpectJobWritten(ProtocolMode::kIeeeCompatibility, 64 * 1024);
  EXPECT_EQ(sim_.printer()->received(), job);
  // A system call per KiB, and a few for the lock, select and termination around it.
  EXPECT_EQ(kernel_.counters().write, 64u);
  EXPECT_LT(kernel_.counters().total(), 64u + 200u);
}

TEST_F(PpdevBackendTest, NibbleReadsThroughTheKernel) {
  Start();
  ExpectReplyRead(ProtocolMode::kNibble, 512);
}

// The kernel turns the ECP link around itself: the engine must not do it behind its back.
TEST_F(PpdevBackendTest, EcpReadsThroughTheKernel) {
  Start();
  ExpectReplyRead(ProtocolMode::kEcpHwNoIrq, 300);
}

TEST_F(PpdevBackendTest, VanishedPortFailsTheWriteWithBytesDone) {
  Start();
  std::unique_ptr<bus::DeviceHandle> printer =
      Printer(ProtocolMode::kIeeeCompatibility, ProtocolMode::kNibble);
  ASSERT_NE(printer, nullptr);
  kernel_.InjectError(Call::kWrite, std::nullopt, -ENODEV, 1);
  const port::RequestResult written = printer->Write(Pattern(4096));
  EXPECT_NE(written.status, NtStatus::kSuccess);
  EXPECT_EQ(written.information, 0u);
  EXPECT_TRUE(sim_.printer()->received().empty());
}

// A port that vanishes under the engine's own handshake (ECP_SW drives the lines through the
// register ioctls): the write fails with the ioctl's error, STATUS_DEVICE_NOT_CONNECTED naming
// it, not with what the floating bus the failed reads give seems to say.
TEST_F(PpdevBackendTest, VanishedPortUnderTheRegisterIoctlsFailsWithTheIoctlsError) {
  Start();
  std::unique_ptr<bus::DeviceHandle> printer = Printer(ProtocolMode::kEcpSw, ProtocolMode::kNibble);
  ASSERT_NE(printer, nullptr);
  ASSERT_EQ(printer->Write(Pattern(64)).status, NtStatus::kSuccess);
  kernel_.Vanish(kPath);
  const port::RequestResult written = printer->Write(Pattern(64));
  EXPECT_EQ(written.status, NtStatus::kDeviceNotConnected);
  ASSERT_TRUE(port_->io().failure().has_value());
  EXPECT_EQ(port_->io().failure()->code(), Errc::kNotConnected);
  EXPECT_EQ(printer->Write(Pattern(1)).status, NtStatus::kDeviceNotConnected);  // It stays gone.
}

// A port client's register access on ppdev: the status and data registers through the register
// ioctls, one access each, counted; the ECP block, which ppdev cannot reach, refused untouched;
// a port that vanished under an access, its error.
TEST_F(PpdevBackendTest, TheHolderReachesTheRegistersThroughTheIoctls) {
  Start();
  std::unique_ptr<port::PortHandle> handle = port_->Open().value();
  const port::RegisterMap& map = port_->register_map();
  EXPECT_EQ(map.ecp_controller(), 0u);  // Not handed out: out of reach.
  const port::BusAddress dsr{map.base() + 1};
  EXPECT_ERRC(handle->ReadRegister(dsr), Errc::kInvalidState);
  Result<port::PortClaim> claim = handle->Allocate();
  ASSERT_TRUE(claim) << claim.error();
  port_->io().ResetCounters();
  kernel_.ResetCounters();
  sim_.printer()->set_condition(sim::Condition::kPaperOut);
  sim_.scheduler().SleepFor(std::chrono::microseconds(1));
  const Result<uint32_t> status = handle->ReadRegister(dsr);
  ASSERT_TRUE(status) << status.error();
  EXPECT_TRUE(hw::Dsr::FromValue(static_cast<uint8_t>(*status)).p_error());
  EXPECT_TRUE(handle->WriteRegister({map.base()}, 0x3c));
  sim_.scheduler().SleepFor(std::chrono::microseconds(1));
  EXPECT_EQ(sim_.cable().data(), 0x3c);
  EXPECT_EQ(port_->io().counters().total(), 2u);
  EXPECT_EQ(kernel_.counters().total(), 2u);  // PPRSTATUS, PPWDATA.
  const port::BusAddress ecr{0x778 + 2};
  EXPECT_ERRC(handle->ReadRegister(ecr), Errc::kNotSupported);
  EXPECT_ERRC(handle->WriteRegister(ecr, 0x34), Errc::kNotSupported);
  EXPECT_EQ(port_->io().counters().total(), 2u);
  EXPECT_EQ(kernel_.counters().total(), 2u);
  kernel_.Vanish(kPath);
  EXPECT_ERRC(handle->ReadRegister(dsr), Errc::kNotConnected);
}

TEST_F(PpdevBackendTest, ExclusiveOpenBesideLpIsBusy) {
  PpdevEmulator kernel;
  kernel.AddPort(kPath, sim::DefaultTopology(), {.kernel_driver_registered = true});
  Result<std::unique_ptr<PpdevPort>> opened =
      PpdevPort::Open(kernel, clock(), {.path = kPath, .exclusive = true});
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code(), Errc::kPortBusy);
  EXPECT_THAT(opened.error().detail(), HasSubstr("rmmod lp"));
  EXPECT_EQ(kernel.open_files(), 0u);
}

TEST_F(PpdevBackendTest, PermissionDeniedNamesGroupLp) {
  PpdevEmulator kernel;
  kernel.AddPort(kPath, sim::DefaultTopology(), {.permission_denied = true});
  Result<std::unique_ptr<PpdevPort>> opened = PpdevPort::Open(kernel, clock(), {.path = kPath});
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code(), Errc::kPermissionDenied);
  EXPECT_THAT(opened.error().detail(), HasSubstr("group lp"));
}

TEST_F(PpdevBackendTest, NoSuchNode) {
  Result<std::unique_ptr<PpdevPort>> opened =
      PpdevPort::Open(kernel_, clock(), {.path = "/dev/parport7"});
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code(), Errc::kNoSuchDevice);
}

// Two clients (two processes, on a real kernel) share the port: the second's claim waits until
// the first releases, and each one's bytes arrive whole, in turn.
TEST_F(PpdevBackendTest, TwoClientsTakeTurnsThroughClaimAndRelease) {
  std::unique_ptr<PpdevPort> first = OpenPpdev();
  ASSERT_NE(first, nullptr);
  std::unique_ptr<PpdevPort> second;
  std::thread waiter([&] { second = OpenPpdev(); });
  kernel_.AwaitClaimWaiters(kPath, 1);
  const std::vector<uint8_t> one(100, 0x31);
  ASSERT_TRUE(first->Write(one, Deadline::Never()));
  ASSERT_TRUE(first->Release());
  waiter.join();
  ASSERT_NE(second, nullptr);
  const std::vector<uint8_t> two(50, 0x32);
  ASSERT_TRUE(second->Write(two, Deadline::Never()));
  std::vector<uint8_t> both(one.size() + two.size(), 0x32);
  std::fill_n(both.begin(), one.size(), 0x31);
  EXPECT_EQ(sim_.printer()->received(), both);
}

}  // namespace
}  // namespace parclass::ppdev_sim
