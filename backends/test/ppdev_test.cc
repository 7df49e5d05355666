// PpdevPort against a recording fake of the kernel: which system call each register access and
// each kernel transfer becomes, and every error path's message.

#include "parclass/backends/ppdev.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <linux/parport.h>
#include <linux/ppdev.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/time.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <map>
#include <vector>

#include "parclass/base/requests.h"
#include "parclass/hw/epp_regs.h"
#include "parclass/hw/spp_regs.h"

namespace parclass::backends {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr int kFd = 7;

// A ppdev node that records every call. Byte-sized ioctls read from and write to `registers`;
// results can be scripted per ioctl (a queue of return values, then 0).
class RecordingKernel final : public Syscalls {
 public:
  struct Call {
    unsigned long request;
    int value;  // The int or byte the call carried in, if any.
  };

  int open_result = kFd;
  std::map<unsigned long, std::deque<int>> results;  // Per ioctl request.
  std::vector<Call> calls;
  uint8_t status = 0b1101'1001;  // Ready, with the timeout bit set, as QEMU powers up.
  uint8_t data = 0;
  uint8_t control_copy = 0b0000'1100;
  unsigned int modes = PARPORT_MODE_PCSPP | PARPORT_MODE_TRISTATE | PARPORT_MODE_EPP;
  std::deque<ssize_t> transfer_results;  // read()/write() results, then up to a KiB each.
  std::vector<uint8_t> written;
  int open_flags = 0;
  int poll_result = 0;
  int interrupts = 0;

  std::vector<unsigned long> Requests() const {
    std::vector<unsigned long> requests;
    for (const Call& call : calls) requests.push_back(call.request);
    return requests;
  }

 protected:
  int DoOpen(const std::string&, int flags) override {
    open_flags = flags;
    return open_result;
  }
  int DoClose(int) override { return 0; }
  int DoIoctl(int fd, unsigned long request, void* argument) override {
    EXPECT_EQ(fd, kFd);
    calls.push_back({request, ValueOf(request, argument)});
    if (auto scripted = results.find(request);
        scripted != results.end() && !scripted->second.empty()) {
      const int result = scripted->second.front();
      scripted->second.pop_front();
      if (result < 0) return result;
    }
    Answer(request, argument);
    return 0;
  }
  ssize_t DoRead(int, void* buffer, size_t size) override {
    const ssize_t result = Next(size);
    if (result > 0) std::memset(buffer, 0x5a, static_cast<size_t>(result));
    return result;
  }
  ssize_t DoWrite(int, const void* buffer, size_t size) override {
    const ssize_t result = Next(size);
    const auto* bytes = static_cast<const uint8_t*>(buffer);
    if (result > 0) written.insert(written.end(), bytes, bytes + result);
    return result;
  }
  int DoPoll(int, short, int) override { return poll_result; }
  int DoPollOrWake(int, short, int) override { return poll_result; }
  int DoFcntl(int, int, int) override { return -ENOSYS; }
  int DoIoperm(unsigned long, unsigned long, bool) override { return -ENOSYS; }
  int DoFlock(int, int operation) override {
    flocks.push_back(operation);
    return 0;
  }

 public:
  std::vector<int> flocks;

 private:
  ssize_t Next(size_t size) {
    // ppdev on a non-blocking file: one KiB per call at most.
    if (transfer_results.empty()) return static_cast<ssize_t>(std::min<size_t>(size, 1024));
    const ssize_t result = transfer_results.front();
    transfer_results.pop_front();
    return result;
  }
  static int ValueOf(unsigned long request, void* argument) {
    if (argument == nullptr) return -1;
    switch (request) {
      case PPWDATA:
      case PPWCONTROL: return *static_cast<uint8_t*>(argument);
      case PPSETMODE:
      case PPNEGOT:
      case PPDATADIR:
      case PPSETPHASE: return *static_cast<int*>(argument);
    }
    return -1;
  }
  void Answer(unsigned long request, void* argument) {
    switch (request) {
      case PPRSTATUS: *static_cast<uint8_t*>(argument) = status; break;
      case PPRDATA: *static_cast<uint8_t*>(argument) = data; break;
      case PPWDATA: data = *static_cast<uint8_t*>(argument); break;
      case PPRCONTROL: *static_cast<uint8_t*>(argument) = control_copy; break;
      case PPWCONTROL: control_copy = *static_cast<uint8_t*>(argument); break;
      case PPGETMODES: *static_cast<unsigned int*>(argument) = modes; break;
      case PPCLRIRQ: *static_cast<int*>(argument) = interrupts; break;
    }
  }
};

class PpdevTest : public ::testing::Test {
 protected:
  std::unique_ptr<PpdevPort> OpenPort(PpdevOptions options = {}) {
    Result<std::unique_ptr<PpdevPort>> opened = PpdevPort::Open(kernel_, clock_, options);
    EXPECT_TRUE(opened) << opened.error();
    kernel_.calls.clear();
    return opened ? std::move(*opened) : nullptr;
  }

  RecordingKernel kernel_;
  VirtualClock clock_;
};

TEST_F(PpdevTest, OpenClaimsAndReadsTheKernelsModes) {
  Result<std::unique_ptr<PpdevPort>> opened = PpdevPort::Open(kernel_, clock_, {});
  ASSERT_TRUE(opened) << opened.error();
  EXPECT_EQ(kernel_.open_flags, O_RDWR | O_NONBLOCK);
  EXPECT_THAT(kernel_.flocks, ElementsAre(LOCK_EX));  // Queued outside ppdev's ioctl mutex.
  EXPECT_THAT(kernel_.Requests(), ElementsAre(PPCLAIM, PPGETMODES));
  EXPECT_TRUE((*opened)->claimed());
  EXPECT_EQ((*opened)->kernel_modes().Format(), "PCSPP,TRISTATE,EPP");
}

TEST_F(PpdevTest, ExclusiveOpenAsksBeforeTheClaim) {
  Result<std::unique_ptr<PpdevPort>> opened =
      PpdevPort::Open(kernel_, clock_, {.path = "/dev/parport1", .exclusive = true});
  ASSERT_TRUE(opened) << opened.error();
  EXPECT_THAT(kernel_.Requests(), ElementsAre(PPEXCL, PPCLAIM, PPGETMODES));
}

// close() releases (pp_release); PPRELEASE could wait for ever behind a claim (ppdev.cc).
TEST_F(PpdevTest, CloseReleasesTheClaim) {
  OpenPort().reset();
  EXPECT_TRUE(kernel_.calls.empty());
  EXPECT_EQ(kernel_.counters().close, 1u);
}

struct OpenFailure {
  int error;
  Errc code;
  const char* advice;
};

class PpdevOpenFailureTest : public PpdevTest, public ::testing::WithParamInterface<OpenFailure> {};

TEST_P(PpdevOpenFailureTest, NamesTheCauseAndTheFix) {
  kernel_.open_result = -GetParam().error;
  Result<std::unique_ptr<PpdevPort>> opened = PpdevPort::Open(kernel_, clock_, {});
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code(), GetParam().code);
  EXPECT_THAT(opened.error().detail(), HasSubstr(GetParam().advice));
  EXPECT_THAT(opened.error().detail(), HasSubstr("/dev/parport0"));
}

INSTANTIATE_TEST_SUITE_P(
    Errors, PpdevOpenFailureTest,
    ::testing::Values(OpenFailure{ENOENT, Errc::kNoSuchDevice, "modprobe ppdev"},
                      OpenFailure{EACCES, Errc::kPermissionDenied, "group lp"},
                      OpenFailure{EPERM, Errc::kPermissionDenied, "group lp"},
                      OpenFailure{ENXIO, Errc::kNoSuchDevice, "modprobe parport_pc"},
                      OpenFailure{ENODEV, Errc::kNoSuchDevice, "modprobe parport_pc"},
                      OpenFailure{EIO, Errc::kIoError, "EIO"}));

TEST_F(PpdevTest, ExclusiveClaimRefusedBesideLpIsBusy) {
  kernel_.results[PPCLAIM] = {-ENXIO};
  Result<std::unique_ptr<PpdevPort>> opened = PpdevPort::Open(kernel_, clock_, {.exclusive = true});
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code(), Errc::kPortBusy);
  EXPECT_THAT(opened.error().detail(), HasSubstr("rmmod lp"));
  EXPECT_EQ(kernel_.counters().close, 1u);  // Nothing left open.
}

TEST_F(PpdevTest, SharedClaimWithoutAPortIsNoSuchDevice) {
  kernel_.results[PPCLAIM] = {-ENXIO};
  Result<std::unique_ptr<PpdevPort>> opened = PpdevPort::Open(kernel_, clock_, {});
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code(), Errc::kNoSuchDevice);
  EXPECT_THAT(opened.error().detail(), HasSubstr("modprobe parport_pc"));
}

TEST_F(PpdevTest, RefusedExclusiveFlagIsAnIoError) {
  kernel_.results[PPEXCL] = {-EINVAL};
  Result<std::unique_ptr<PpdevPort>> opened = PpdevPort::Open(kernel_, clock_, {.exclusive = true});
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code(), Errc::kIoError);
  EXPECT_THAT(opened.error().detail(), HasSubstr("PPEXCL"));
}

TEST_F(PpdevTest, DataRegisterIsPprdataAndPpwdata) {
  auto port = OpenPort();
  port->Write(hw::Data::kAddress, 0x41);
  EXPECT_EQ(port->Read(hw::Data::kAddress), 0x41);
  EXPECT_THAT(kernel_.Requests(), ElementsAre(PPWDATA, PPRDATA));
  EXPECT_EQ(kernel_.calls[0].value, 0x41);
}

TEST_F(PpdevTest, StatusTimeoutBitIsTheLastEppAccesses) {
  auto port = OpenPort();
  // The kernel's status has bit 0 set (QEMU powers up so); no EPP access has timed out yet.
  EXPECT_EQ(port->Read(hw::Dsr::kAddress), 0b1101'1000);
  kernel_.transfer_results = {0};  // An EPP read no peripheral answers.
  (void)port->Read(hw::EppData<0>::kAddress);
  EXPECT_EQ(port->Read(hw::Dsr::kAddress), 0b1101'1001);
  port->Write(hw::Dsr::kAddress, 0b0000'0001);  // Cleared as chips clear it; no system call.
  EXPECT_EQ(port->Read(hw::Dsr::kAddress), 0b1101'1000);
  EXPECT_EQ(kernel_.Requests().back(), static_cast<unsigned long>(PPRSTATUS));
}

TEST_F(PpdevTest, ControlWritesLinesThroughPpwcontrolAndDirectionThroughPpdatadir) {
  auto port = OpenPort();
  port->Write(hw::Dcr::kAddress, 0b0011'0100);  // Reverse, interrupts on, nInit high.
  EXPECT_THAT(kernel_.Requests(), ElementsAre(PPDATADIR, PPWCONTROL));
  EXPECT_EQ(kernel_.calls[0].value, 1);
  EXPECT_EQ(kernel_.calls[1].value, 0b0000'0100);  // PPWCONTROL never sees bit 5.
  EXPECT_EQ(port->Read(hw::Dcr::kAddress), 0b0011'0100);
  kernel_.calls.clear();
  port->Write(hw::Dcr::kAddress, 0b0000'1100);  // Forward again.
  EXPECT_THAT(kernel_.Requests(), ElementsAre(PPDATADIR, PPWCONTROL));
  EXPECT_EQ(kernel_.calls[0].value, 0);
}

TEST_F(PpdevTest, EcpBlockIsOutOfReach) {
  auto port = OpenPort();
  port->Write(hw::RegisterAddress{hw::RegisterBlock::kEcp, 2}, 0x34);
  EXPECT_EQ(port->Read(hw::RegisterAddress{hw::RegisterBlock::kEcp, 2}), 0xff);
  EXPECT_TRUE(kernel_.calls.empty());
  EXPECT_EQ(port->counters().total(), 2u);  // Counted all the same.
}

TEST_F(PpdevTest, EppBlockIsOneWriteInEppMode) {
  auto port = OpenPort();
  std::vector<uint8_t> bytes(64, 0x33);
  port->WriteBlock(hw::EppData<0>::kAddress, hw::Width::k32, bytes);
  EXPECT_THAT(kernel_.Requests(), ElementsAre(PPSETMODE));
  EXPECT_EQ(kernel_.calls[0].value, IEEE1284_MODE_EPP);
  EXPECT_EQ(kernel_.counters().write, 1u);
  EXPECT_EQ(kernel_.written, bytes);
  port->Write(hw::EppAddress::kAddress, 0x07);
  EXPECT_EQ(kernel_.calls.back().value, IEEE1284_MODE_EPP | IEEE1284_ADDR);
}

TEST_F(PpdevTest, LongEppBlockGoesAKibPerCall) {
  auto port = OpenPort();
  std::vector<uint8_t> bytes(3000, 0x33);
  port->WriteBlock(hw::EppData<0>::kAddress, hw::Width::k8, bytes);
  EXPECT_EQ(kernel_.counters().write, 3u);
  EXPECT_EQ(kernel_.written, bytes);
  EXPECT_EQ(port->Read(hw::Dsr::kAddress) & 1, 0);
}

TEST_F(PpdevTest, ShortEppTransferSetsTheTimeoutBitAndFloatsTheRest) {
  auto port = OpenPort();
  kernel_.transfer_results = {2};
  std::vector<uint8_t> buffer(4, 0);
  port->ReadBlock(hw::EppData<0>::kAddress, hw::Width::k8, buffer);
  EXPECT_THAT(buffer, ElementsAre(0x5a, 0x5a, 0xff, 0xff));
  EXPECT_EQ(port->Read(hw::Dsr::kAddress) & 1, 1);
}

TEST_F(PpdevTest, EppRegistersOfAPortWithoutEppAreNotDecoded) {
  kernel_.modes = PARPORT_MODE_PCSPP;
  auto port = OpenPort();
  EXPECT_EQ(port->Read(hw::EppData<0>::kAddress), 0xff);
  EXPECT_EQ(port->Read(hw::Dsr::kAddress) & 1, 0);  // Nothing timed out.
  EXPECT_EQ(kernel_.counters().read, 0u);
}

TEST_F(PpdevTest, FailedIoctlReadsAsFloatingBusAndIsKept) {
  auto port = OpenPort();
  kernel_.results[PPRSTATUS] = {-ENODEV};
  EXPECT_EQ(port->Read(hw::Dsr::kAddress), 0xff);
  ASSERT_TRUE(port->failure().has_value());
  EXPECT_EQ(port->failure()->code(), Errc::kNotConnected);
  EXPECT_THAT(port->failure()->detail(), HasSubstr("PPRSTATUS"));
}

TEST_F(PpdevTest, CompatibilityWriteIsOneWriteCallPerKib) {
  auto port = OpenPort();
  std::vector<uint8_t> bytes(4096, 0x61);
  Result<size_t> sent = port->Write(bytes, Deadline::Never());
  ASSERT_TRUE(sent) << sent.error();
  EXPECT_EQ(*sent, 4096u);
  EXPECT_EQ(kernel_.counters().write, 4u);
  EXPECT_EQ(kernel_.written, bytes);
  EXPECT_TRUE(kernel_.calls.empty());  // Already in compatibility mode.
}

TEST_F(PpdevTest, StalledWriteIsATimeoutWithTheBytesDone) {
  auto port = OpenPort();
  kernel_.transfer_results = {100, -EAGAIN};
  std::vector<uint8_t> bytes(300, 0x61);
  Result<size_t> sent = port->Write(bytes, Deadline::After(clock_, Nanoseconds(0)));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code(), Errc::kTimeout);
  EXPECT_EQ(sent.error().bytes_done(), 100u);
  EXPECT_EQ(sent.error().phase(), Phase::kForwardTransfer);
}

TEST_F(PpdevTest, WriteWaitsOutABusyPeripheralUntilItsDeadline) {
  auto port = OpenPort();
  kernel_.transfer_results = {-EAGAIN, -EAGAIN, 3};
  Result<size_t> sent = port->Write(std::vector<uint8_t>(3, 0x61), Deadline::Never());
  ASSERT_TRUE(sent) << sent.error();
  EXPECT_EQ(*sent, 3u);
  EXPECT_EQ(kernel_.counters().write, 3u);
}

TEST_F(PpdevTest, PrinterTroubleStopsTheWriteWithTheReason) {
  auto port = OpenPort();
  kernel_.status = 0b0111'1000;  // Busy, PError high: paper out.
  kernel_.transfer_results = {10, -EAGAIN};
  Result<size_t> sent = port->Write(std::vector<uint8_t>(20, 0x61), Deadline::Never());
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code(), Errc::kPeripheralError);
  EXPECT_THAT(sent.error().detail(), HasSubstr("out of paper"));
  EXPECT_EQ(sent.error().bytes_done(), 10u);
}

TEST_F(PpdevTest, PartialWritesContinueUntilDone) {
  auto port = OpenPort();
  kernel_.transfer_results = {1000, 24};
  std::vector<uint8_t> bytes(3000, 0x61);
  Result<size_t> sent = port->Write(bytes, Deadline::Never());
  ASSERT_TRUE(sent) << sent.error();
  EXPECT_EQ(*sent, 3000u);
  EXPECT_EQ(kernel_.counters().write, 4u);  // 1000, 24, then a KiB and the rest.
}

TEST_F(PpdevTest, FailedWriteCarriesTheErrnoAndBytesDone) {
  auto port = OpenPort();
  kernel_.transfer_results = {512, -EIO};
  std::vector<uint8_t> bytes(1024, 0x61);
  Result<size_t> sent = port->Write(bytes, Deadline::Never());
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code(), Errc::kIoError);
  EXPECT_EQ(sent.error().bytes_done(), 512u);
  EXPECT_THAT(sent.error().detail(), HasSubstr("EIO"));
}

TEST_F(PpdevTest, NegotiateIsPpnegotWithTheRequestsMode) {
  auto port = OpenPort();
  ASSERT_TRUE(port->Negotiate(kNibbleRequest.with_device_id()));
  EXPECT_THAT(kernel_.Requests(), ElementsAre(PPNEGOT));
  EXPECT_EQ(kernel_.calls[0].value, IEEE1284_MODE_NIBBLE | IEEE1284_DEVICEID);
  kernel_.calls.clear();
  ASSERT_TRUE(port->Terminate());
  EXPECT_THAT(kernel_.Requests(), ElementsAre(PPNEGOT));
  EXPECT_EQ(kernel_.calls[0].value, IEEE1284_MODE_COMPAT);
}

TEST_F(PpdevTest, NegotiationErrorsAreTheEngines) {
  auto port = OpenPort();
  kernel_.results[PPNEGOT] = {-EIO, -ENXIO};
  Result<void> silent = port->Negotiate(kByteRequest);
  ASSERT_FALSE(silent);
  EXPECT_EQ(silent.error().code(), Errc::kNotIeee1284);
  EXPECT_EQ(silent.error().phase(), Phase::kNegotiation);
  Result<void> refused = port->Negotiate(kEcpRequest);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), Errc::kRejected);
  EXPECT_THAT(refused.error().detail(), HasSubstr("ECP"));
}

TEST_F(PpdevTest, RequestsWithoutAKernelModeAreNotSupported) {
  auto port = OpenPort();
  Result<void> extended = port->Negotiate(kExtensibilityLinkRequest);
  ASSERT_FALSE(extended);
  EXPECT_EQ(extended.error().code(), Errc::kNotSupported);
  EXPECT_TRUE(kernel_.calls.empty());
}

TEST_F(PpdevTest, ReadStopsWhenThePeripheralHasNoMoreData) {
  auto port = OpenPort();
  ASSERT_TRUE(port->Negotiate(kNibbleRequest));
  kernel_.transfer_results = {1024, 200, -EAGAIN};
  std::vector<uint8_t> buffer(4096);
  Result<size_t> got = port->Read(buffer, Deadline::Never());
  ASSERT_TRUE(got) << got.error();
  EXPECT_EQ(*got, 1224u);
  EXPECT_EQ(kernel_.counters().read, 3u);
}

TEST_F(PpdevTest, KernelStartsFromTheLinksModeAfterAnEppRegisterAccess) {
  auto port = OpenPort();
  (void)port->Read(hw::EppData<0>::kAddress);  // PPSETMODE(EPP) for the register.
  kernel_.calls.clear();
  ASSERT_TRUE(port->Negotiate(kByteRequest));
  EXPECT_THAT(kernel_.Requests(), ElementsAre(PPSETMODE, PPNEGOT));
  EXPECT_EQ(kernel_.calls[0].value, IEEE1284_MODE_COMPAT);
}

TEST_F(PpdevTest, SetPhaseIsTheKernelsPhaseNumber) {
  auto port = OpenPort();
  ASSERT_TRUE(port->SetPhase(Phase::kReverseIdle));
  EXPECT_THAT(kernel_.Requests(), ElementsAre(PPSETPHASE));
  EXPECT_EQ(kernel_.calls[0].value, 5);  // IEEE1284_PH_REV_IDLE.
}

TEST_F(PpdevTest, InterruptsArePollThenPpclrirq) {
  auto port = OpenPort();
  Result<int> none = port->WaitForInterrupts(std::chrono::milliseconds(10));
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, 0);
  EXPECT_TRUE(kernel_.calls.empty());
  kernel_.poll_result = POLLIN;
  kernel_.interrupts = 3;
  Result<int> three = port->WaitForInterrupts(std::chrono::milliseconds(10));
  ASSERT_TRUE(three);
  EXPECT_EQ(*three, 3);
  EXPECT_THAT(kernel_.Requests(), ElementsAre(PPCLRIRQ));
}

TEST_F(PpdevTest, ReleaseTerminatesFirstAndClaimTakesItBack) {
  auto port = OpenPort();
  ASSERT_TRUE(port->Negotiate(kEcpRequest));
  kernel_.calls.clear();
  ASSERT_TRUE(port->Release());
  EXPECT_THAT(kernel_.Requests(), ElementsAre(PPNEGOT));
  EXPECT_EQ(kernel_.calls[0].value, IEEE1284_MODE_COMPAT);
  EXPECT_EQ(kernel_.counters().close, 1u);
  EXPECT_FALSE(port->claimed());
  ASSERT_TRUE(port->Claim());
  EXPECT_TRUE(port->claimed());
  EXPECT_EQ(kernel_.counters().open, 2u);  // A fresh file.
  EXPECT_THAT(kernel_.Requests(), ElementsAre(PPNEGOT, PPCLAIM));
}

TEST_F(PpdevTest, KernelModesParseAndFormatAsProcShowsThem) {
  Result<KernelModes> modes = KernelModes::Parse("PCSPP,TRISTATE,COMPAT,EPP,ECP,DMA\n");
  ASSERT_TRUE(modes) << modes.error();
  EXPECT_TRUE(modes->has(KernelModes::kEcp | KernelModes::kDma));
  EXPECT_EQ(modes->Format(), "PCSPP,TRISTATE,COMPAT,EPP,ECP,DMA");
  Result<KernelModes> unknown = KernelModes::Parse("PCSPP,WARP");
  ASSERT_FALSE(unknown);
  EXPECT_THAT(unknown.error().detail(), HasSubstr("WARP"));
}

}  // namespace
}  // namespace parclass::backends
