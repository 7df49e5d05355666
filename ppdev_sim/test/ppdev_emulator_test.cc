// A small ppdev client against PpdevEmulator: what a program sees of /dev/parportN, return codes
// and all, with the simulated printer behind it.

#include "parclass/ppdev_sim/ppdev_emulator.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <linux/parport.h>
#include <linux/ppdev.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/time.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "parclass/conformance/sim_trace.h"
#include "parclass/hw/spp_regs.h"

namespace parclass::ppdev_sim {
namespace {

using std::chrono::milliseconds;

constexpr const char* kNode = "/dev/parport0";
constexpr int kCompat = IEEE1284_MODE_COMPAT;

std::vector<uint8_t> Bytes(std::string_view text) { return {text.begin(), text.end()}; }

// The default topology's printer alone on the cable (no IEEE 1284.3 chain in front of it).
sim::Topology PrinterAlone() {
  sim::Topology topology = sim::DefaultTopology();
  topology.chain.clear();
  return topology;
}

sim::Topology WithReverseData(std::string data) {
  sim::Topology topology = PrinterAlone();
  topology.reverse_data = std::move(data);
  return topology;
}

class PpdevClient : public ::testing::Test {
 protected:
  explicit PpdevClient(sim::Topology topology = PrinterAlone(), NodeOptions options = {})
      : port_(kernel_.AddPort(kNode, std::move(topology), options)) {}

  // Nothing the kernel did may be a guest error on the chip, or contention on the cable.
  void TearDown() override {
    for (const std::string& error : port_.trace().errors()) ADD_FAILURE() << error;
    if (check_conformance_) {
      EXPECT_EQ(conformance::CheckSession(port_.trace(), port_.cable()), "");
    }
  }

  int Open(int flags = O_RDWR) { return kernel_.Open(kNode, flags); }
  int OpenClaimed(int flags = O_RDWR) {
    const int fd = Open(flags);
    EXPECT_EQ(kernel_.Ioctl(fd, PPCLAIM, nullptr), 0);
    return fd;
  }
  template <typename T>
  int Set(int fd, unsigned long request, T value) {
    return kernel_.Ioctl(fd, request, &value);
  }
  template <typename T>
  T Get(int fd, unsigned long request) {
    T value{};
    EXPECT_EQ(kernel_.Ioctl(fd, request, &value), 0);
    return value;
  }
  uint8_t ChipControl() { return port_.chip().Read(hw::Dcr::kAddress); }
  ssize_t Write(int fd, const std::vector<uint8_t>& bytes) {
    return kernel_.Write(fd, bytes.data(), bytes.size());
  }
  std::string Read(int fd, size_t size = 256) {
    std::string text(size, '\0');
    const ssize_t got = kernel_.Read(fd, text.data(), text.size());
    text.resize(got > 0 ? static_cast<size_t>(got) : 0);
    return got < 0 ? "errno " + std::to_string(-got) : text;
  }

  PpdevEmulator kernel_;
  sim::SimulatedPort& port_;
  bool check_conformance_ = true;  // Off where a test drives the lines by hand.
};

// --- open, claim, release, close ---------------------------------------------------------------

TEST_F(PpdevClient, OpensClaimsReleasesAndCloses) {
  const int fd = Open();
  EXPECT_EQ(fd, 1000);  // EmulatorOptions::first_descriptor.
  EXPECT_EQ(kernel_.Holder(kNode), std::nullopt);
  EXPECT_EQ(kernel_.Ioctl(fd, PPCLAIM, nullptr), 0);
  EXPECT_EQ(kernel_.Holder(kNode), fd);
  EXPECT_EQ(kernel_.Ioctl(fd, PPRELEASE, nullptr), 0);
  EXPECT_EQ(kernel_.Holder(kNode), std::nullopt);
  EXPECT_EQ(kernel_.Close(fd), 0);
  EXPECT_EQ(kernel_.open_files(), 0u);
  EXPECT_EQ(kernel_.counters().open, 1u);
  EXPECT_EQ(kernel_.counters().ioctl, 2u);
  EXPECT_EQ(Open(), 1000);  // The lowest free number again.
}

TEST_F(PpdevClient, OpenOfAnUnknownNodeIsEnoent) {
  EXPECT_EQ(kernel_.Open("/dev/parport7", O_RDWR), -ENOENT);
}

TEST(PpdevNode, PermissionDeniedIsEaccesAtOpen) {
  PpdevEmulator kernel;
  kernel.AddPort(kNode, PrinterAlone(), {.permission_denied = true});
  EXPECT_EQ(kernel.Open(kNode, O_RDWR), -EACCES);
}

TEST_F(PpdevClient, OpenAtTakesTheCallersDescriptor) {
  EXPECT_EQ(kernel_.OpenAt(7, kNode, O_RDWR), 7);
  EXPECT_EQ(kernel_.OpenAt(7, kNode, O_RDWR), -EBADF);  // Already ours.
  EXPECT_EQ(kernel_.OpenAt(-1, kNode, O_RDWR), -EBADF);
  EXPECT_EQ(kernel_.Ioctl(7, PPCLAIM, nullptr), 0);
  EXPECT_EQ(kernel_.Close(7), 0);
}

TEST_F(PpdevClient, EverythingButTheModeCallsNeedsTheClaim) {
  const int fd = Open();
  uint8_t value = 0;
  EXPECT_EQ(kernel_.Ioctl(fd, PPRDATA, &value), -EINVAL);
  EXPECT_EQ(kernel_.Ioctl(fd, PPRSTATUS, &value), -EINVAL);
  EXPECT_EQ(kernel_.Ioctl(fd, PPRELEASE, nullptr), -EINVAL);
  EXPECT_EQ(kernel_.Write(fd, "x", 1), -EINVAL);
  EXPECT_EQ(kernel_.Read(fd, &value, 1), -EINVAL);
  // The mode, phase, modes and flags need no claim.
  EXPECT_EQ(Get<int>(fd, PPGETMODE), kCompat);
  EXPECT_EQ(Get<int>(fd, PPGETPHASE), ToInt(KernelPhase::kFwdIdle));
  EXPECT_EQ(Set(fd, PPSETMODE, IEEE1284_MODE_NIBBLE), 0);
  EXPECT_EQ(Get<int>(fd, PPGETPHASE), ToInt(KernelPhase::kRevIdle));  // init_phase.
  EXPECT_EQ(Set(fd, PPSETFLAGS, PP_FASTWRITE | 0x100), 0);
  EXPECT_EQ(Get<int>(fd, PPGETFLAGS), PP_FASTWRITE);  // Masked to PP_FLAGMASK.
  // An unknown ioctl is -EINVAL (pp_do_ioctl), claimed or not.
  constexpr unsigned long kUnknown = _IO(PP_IOCTL, 0x70);
  EXPECT_EQ(kernel_.Ioctl(fd, kUnknown, nullptr), -EINVAL);
  EXPECT_EQ(kernel_.Ioctl(fd, PPCLAIM, nullptr), 0);
  EXPECT_EQ(kernel_.Ioctl(fd, kUnknown, nullptr), -EINVAL);
  EXPECT_EQ(kernel_.Ioctl(fd, PPCLAIM, nullptr), -EINVAL);  // "you've already got it!"
  EXPECT_EQ(kernel_.Ioctl(fd, PPRDATA, nullptr), -EFAULT);
}

// --- registration: PPEXCL ----------------------------------------------------------------------

TEST(PpdevNode, ExclusiveClaimFailsWhileLpIsRegistered) {
  PpdevEmulator kernel;
  kernel.AddPort(kNode, PrinterAlone(), {.kernel_driver_registered = true});
  const int exclusive = kernel.Open(kNode, O_RDWR);
  EXPECT_EQ(kernel.Ioctl(exclusive, PPEXCL, nullptr), 0);        // Only remembered...
  EXPECT_EQ(kernel.Ioctl(exclusive, PPCLAIM, nullptr), -ENXIO);  // ...refused at registration.
  const int shared = kernel.Open(kNode, O_RDWR);
  EXPECT_EQ(kernel.Ioctl(shared, PPCLAIM, nullptr), 0);  // lp and a shared ppdev user coexist.
}

TEST_F(PpdevClient, AnExclusiveFileKeepsOthersOut) {
  const int exclusive = Open();
  EXPECT_EQ(kernel_.Ioctl(exclusive, PPEXCL, nullptr), 0);
  EXPECT_EQ(kernel_.Ioctl(exclusive, PPCLAIM, nullptr), 0);
  EXPECT_EQ(kernel_.Ioctl(exclusive, PPEXCL, nullptr), 0);  // Too late, but not an error.
  const int other = Open();
  EXPECT_EQ(kernel_.Ioctl(other, PPCLAIM, nullptr), -ENXIO);  // "no more devices allowed".
  EXPECT_EQ(kernel_.Close(exclusive), 0);
  EXPECT_EQ(kernel_.Ioctl(other, PPCLAIM, nullptr), 0);
  EXPECT_EQ(kernel_.Ioctl(other, PPEXCL, nullptr), -EINVAL);  // Registered shared already.
  const int late = Open();
  EXPECT_EQ(kernel_.Ioctl(late, PPEXCL, nullptr), 0);
  EXPECT_EQ(kernel_.Ioctl(late, PPCLAIM, nullptr), -ENXIO);  // Another device is registered.
}

// --- two files on one port ---------------------------------------------------------------------

TEST_F(PpdevClient, ASecondClaimBlocksUntilTheFirstReleases) {
  const int first = OpenClaimed();
  const int second = Open();
  int claimed = 1;
  std::thread waiter([&] { claimed = kernel_.Ioctl(second, PPCLAIM, nullptr); });
  kernel_.AwaitClaimWaiters(kNode, 1);  // The waiter sleeps in parport_claim_or_block.
  EXPECT_EQ(kernel_.Holder(kNode), first);
  EXPECT_EQ(kernel_.Ioctl(first, PPRELEASE, nullptr), 0);  // Hands the port over.
  waiter.join();
  EXPECT_EQ(claimed, 0);
  EXPECT_EQ(kernel_.Holder(kNode), second);
  EXPECT_EQ(kernel_.ClaimWaiters(kNode), 0u);
  uint8_t value = 0;
  EXPECT_EQ(kernel_.Ioctl(first, PPRDATA, &value), -EINVAL);
  EXPECT_EQ(kernel_.Ioctl(second, PPRDATA, &value), 0);
}

TEST_F(PpdevClient, YieldHandsThePortToAWaiterAfterTheTimeslice) {
  const int first = OpenClaimed();
  EXPECT_EQ(kernel_.Ioctl(first, PPYIELD, nullptr), 0);  // Nobody waits: kept.
  EXPECT_EQ(kernel_.Holder(kNode), first);
  const int second = Open();
  std::array<int, 2> results = {1, 1};
  std::thread other([&] {
    results[0] = kernel_.Ioctl(second, PPCLAIM, nullptr);
    results[1] = kernel_.Ioctl(second, PPRELEASE, nullptr);
  });
  kernel_.AwaitClaimWaiters(kNode, 1);
  kernel_.AdvanceTime(kNode, milliseconds(200));  // parport_default_timeslice: HZ/5.
  // Released to the waiter, which claims and releases; then claimed back.
  EXPECT_EQ(kernel_.Ioctl(first, PPYIELD, nullptr), 0);
  other.join();
  EXPECT_EQ(results, (std::array<int, 2>{0, 0}));
  EXPECT_EQ(kernel_.Holder(kNode), first);
}

// --- registers ---------------------------------------------------------------------------------

TEST_F(PpdevClient, DataRegisterWritesAndReadsBack) {
  const int fd = OpenClaimed();
  EXPECT_EQ(Set<uint8_t>(fd, PPWDATA, 0xa5), 0);
  EXPECT_EQ(Get<uint8_t>(fd, PPRDATA), 0xa5);
  EXPECT_EQ(port_.cable().data(), 0xa5);
  // A ready printer: Busy low (status bit 7 set), Select and nFault high, nAck high.
  EXPECT_EQ(Get<uint8_t>(fd, PPRSTATUS) & 0b1111'1000, 0b1101'1000);
}

TEST_F(PpdevClient, ControlReadsTheSoftCopyOfBitsZeroToThree) {
  const int fd = OpenClaimed();
  // After PPCLAIM: parport_pc_init_state's 0x0c, and pp_enable_irq's ackIntEn on the chip.
  EXPECT_EQ(Get<uint8_t>(fd, PPRCONTROL), 0x0c);
  EXPECT_TRUE(hw::Dcr::FromValue(ChipControl()).ack_int_en());
  EXPECT_EQ(Set<uint8_t>(fd, PPWCONTROL, 0xff), 0);
  EXPECT_EQ(Get<uint8_t>(fd, PPRCONTROL), 0x0f);  // Bits 4-7 never show.
  const hw::Dcr chip = hw::Dcr::FromValue(ChipControl());
  EXPECT_TRUE(chip.direction());   // Bit 5 asked for data_reverse...
  EXPECT_TRUE(chip.ack_int_en());  // ...and the interrupt stays enabled.
  EXPECT_EQ(chip.reg_value() & 0x0f, 0x0f);
  EXPECT_EQ(Set<uint8_t>(fd, PPWCONTROL, 0x0c), 0);
  EXPECT_TRUE(hw::Dcr::FromValue(ChipControl()).direction());  // Never data_forward.
  EXPECT_EQ(Set(fd, PPDATADIR, 0), 0);
  EXPECT_FALSE(hw::Dcr::FromValue(ChipControl()).direction());
}

TEST_F(PpdevClient, FrobControlChangesMaskedBitsWithAnExclusiveOr) {
  const int fd = OpenClaimed();
  EXPECT_EQ(Set(fd, PPFCONTROL,
                ppdev_frob_struct{.mask = PARPORT_CONTROL_AUTOFD, .val = PARPORT_CONTROL_AUTOFD}),
            0);
  EXPECT_EQ(Get<uint8_t>(fd, PPRCONTROL), 0x0e);
  EXPECT_EQ(port_.cable().level(Line::kNAutoFd), Level::kLow);
  // __parport_pc_frob_control: (ctr & ~mask) ^ val, so a value bit outside the mask toggles.
  EXPECT_EQ(Set(fd, PPFCONTROL,
                ppdev_frob_struct{.mask = PARPORT_CONTROL_STROBE, .val = PARPORT_CONTROL_AUTOFD}),
            0);
  EXPECT_EQ(Get<uint8_t>(fd, PPRCONTROL), 0x0c);
  // Bit 5 in the mask turns the data lines whichever way the value says.
  EXPECT_EQ(Set(fd, PPFCONTROL, ppdev_frob_struct{.mask = 0x20, .val = 0x20}), 0);
  EXPECT_TRUE(hw::Dcr::FromValue(ChipControl()).direction());
  EXPECT_EQ(Set(fd, PPFCONTROL, ppdev_frob_struct{.mask = 0x20, .val = 0x00}), 0);
  EXPECT_FALSE(hw::Dcr::FromValue(ChipControl()).direction());
}

TEST_F(PpdevClient, DataDirReverseLetsGoOfTheDataLines) {
  const int fd = OpenClaimed();
  EXPECT_EQ(Set(fd, PPDATADIR, 1), 0);
  EXPECT_EQ(Set<uint8_t>(fd, PPWDATA, 0x5a), 0);
  EXPECT_EQ(Get<uint8_t>(fd, PPRDATA), 0xff);  // Nobody drives them: they float high.
  EXPECT_EQ(Set(fd, PPDATADIR, 0), 0);
  EXPECT_EQ(Get<uint8_t>(fd, PPRDATA), 0x5a);  // The latch, driven again.
}

TEST_F(PpdevClient, GetModesDescribesTheDefaultChip) {
  const int fd = Open();
  EXPECT_EQ(Get<unsigned>(fd, PPGETMODES),
            unsigned{PARPORT_MODE_PCSPP | PARPORT_MODE_TRISTATE | PARPORT_MODE_EPP |
                     PARPORT_MODE_ECP | PARPORT_MODE_COMPAT | PARPORT_MODE_SAFEININT});
}

TEST(PpdevNode, GetModesOfAnSppPortWithoutIrq) {
  PpdevEmulator kernel;
  sim::Topology topology = PrinterAlone();
  topology.chip = sim::ChipConfig::SppOnly();
  topology.chip.irq.reset();
  kernel.AddPort(kNode, topology);
  const int fd = kernel.Open(kNode, O_RDWR);
  unsigned modes = 0;
  EXPECT_EQ(kernel.Ioctl(fd, PPGETMODES, &modes), 0);
  EXPECT_EQ(modes, unsigned{PARPORT_MODE_PCSPP | PARPORT_MODE_SAFEININT});
}

// --- compatibility mode ------------------------------------------------------------------------

class PpdevOnDefaultTopology : public PpdevClient {
 protected:
  PpdevOnDefaultTopology() : PpdevClient(sim::DefaultTopology()) {}
};

TEST_F(PpdevOnDefaultTopology, WritesThreeKibibytesByteExactInCompatibilityMode) {
  const int fd = OpenClaimed();
  EXPECT_EQ(Set(fd, PPSETMODE, kCompat), 0);
  std::vector<uint8_t> pattern(3 * 1024);
  for (size_t i = 0; i < pattern.size(); ++i) pattern[i] = static_cast<uint8_t>(i * 7 + i / 256);
  EXPECT_EQ(Write(fd, pattern), 3 * 1024);  // Three PP_BUFFER_SIZE chunks, one call.
  EXPECT_EQ(port_.printer()->received(), pattern);
  EXPECT_EQ(kernel_.counters().write, 1u);
  EXPECT_GT(port_.chip().counters().total(), 0u);
  EXPECT_FALSE(port_.trace().events().empty());  // What the conformance check reads.
  EXPECT_EQ(Get<int>(fd, PPGETPHASE), ToInt(KernelPhase::kFwdIdle));
}

TEST_F(PpdevClient, AWriteThePrinterStopsReturnsTheBytesItTook) {
  const int fd = OpenClaimed();
  port_.scheduler().ScheduleAfter(std::chrono::microseconds(300), [this] {
    port_.printer()->set_condition(sim::Condition::kPaperOut);
  });
  const std::vector<uint8_t> bytes(3000, 'x');
  const ssize_t written = Write(fd, bytes);
  EXPECT_GT(written, 0);
  EXPECT_LT(written, 3000);
  EXPECT_EQ(port_.printer()->received().size(), static_cast<size_t>(written));
  EXPECT_EQ(Write(fd, bytes), 0);  // Nothing moves at all: 0, not an error.
}

TEST_F(PpdevClient, NonBlockingWriteToABusyPrinterReturnsZeroSoon) {
  const int fd = OpenClaimed(O_RDWR | O_NONBLOCK);
  port_.cable().SetStuck(Line::kBusy, Level::kHigh);
  const Nanoseconds start = port_.scheduler().Now();
  EXPECT_EQ(Write(fd, Bytes("x")), 0);
  EXPECT_LT(port_.scheduler().Now() - start, milliseconds(10));  // One jiffy, not 5 s.
}

// --- negotiation and the reverse channels ------------------------------------------------------

TEST(PpdevReverse, NibbleModeReadsThePrintersReverseData) {
  PpdevEmulator kernel;
  kernel.AddPort(kNode, WithReverseData("status ok"));
  const int fd = kernel.Open(kNode, O_RDWR);
  ASSERT_EQ(kernel.Ioctl(fd, PPCLAIM, nullptr), 0);
  int mode = IEEE1284_MODE_NIBBLE;
  EXPECT_EQ(kernel.Ioctl(fd, PPNEGOT, &mode), 0);
  int phase = -1;
  EXPECT_EQ(kernel.Ioctl(fd, PPGETPHASE, &phase), 0);
  EXPECT_EQ(phase, ToInt(KernelPhase::kRevIdle));  // parport_negotiate's phase for nibble.
  std::string text(64, '\0');
  EXPECT_EQ(kernel.Read(fd, text.data(), text.size()), 9);
  EXPECT_EQ(text.substr(0, 9), "status ok");
  EXPECT_EQ(kernel.Ioctl(fd, PPGETMODE, &mode), 0);
  EXPECT_EQ(mode, IEEE1284_MODE_NIBBLE);
}

TEST_F(PpdevClient, NibbleModeReadsTheDeviceId) {
  const int fd = OpenClaimed();
  EXPECT_EQ(Set(fd, PPNEGOT, IEEE1284_MODE_NIBBLE | IEEE1284_DEVICEID), 0);
  const std::vector<uint8_t> expected = sim::Ieee1284Peripheral::DeviceIdBytes(
      port_.printer()->config().device_id, sim::DeviceIdLength::kStandard);
  std::vector<uint8_t> id(512);
  const ssize_t got = kernel_.Read(fd, id.data(), id.size());
  ASSERT_EQ(got, static_cast<ssize_t>(expected.size()));
  id.resize(static_cast<size_t>(got));
  EXPECT_EQ(id, expected);
}

TEST(PpdevReverse, ReadInCompatibilityModeNegotiatesByteMode) {
  PpdevEmulator kernel;
  kernel.AddPort(kNode, WithReverseData("byte me"));
  const int fd = kernel.Open(kNode, O_RDWR);
  ASSERT_EQ(kernel.Ioctl(fd, PPCLAIM, nullptr), 0);
  std::string text(16, '\0');
  EXPECT_EQ(kernel.Read(fd, text.data(), text.size()), 7);  // parport_read's compat case.
  EXPECT_EQ(text.substr(0, 7), "byte me");
  int mode = -1;
  EXPECT_EQ(kernel.Ioctl(fd, PPGETMODE, &mode), 0);
  EXPECT_EQ(mode, IEEE1284_MODE_BYTE);
}

TEST(PpdevReverse, AModeThePeripheralRefusesIsEnxio) {
  PpdevEmulator kernel;
  sim::Topology topology = PrinterAlone();
  topology.printer.accepted.byte = false;
  kernel.AddPort(kNode, topology);
  const int fd = kernel.Open(kNode, O_RDWR);
  ASSERT_EQ(kernel.Ioctl(fd, PPCLAIM, nullptr), 0);
  int mode = IEEE1284_MODE_BYTE;
  EXPECT_EQ(kernel.Ioctl(fd, PPNEGOT, &mode), -ENXIO);
  EXPECT_EQ(kernel.Ioctl(fd, PPGETMODE, &mode), 0);
  EXPECT_EQ(mode, kCompat);  // Terminated.
}

TEST(PpdevReverse, APeripheralThatDoesNotNegotiateIsEio) {
  PpdevEmulator kernel;
  sim::Topology topology = PrinterAlone();
  topology.printer.ieee1284 = false;  // A plain Centronics printer: no event 2.
  kernel.AddPort(kNode, topology);
  const int fd = kernel.Open(kNode, O_RDWR);
  ASSERT_EQ(kernel.Ioctl(fd, PPCLAIM, nullptr), 0);
  int mode = IEEE1284_MODE_NIBBLE;
  EXPECT_EQ(kernel.Ioctl(fd, PPNEGOT, &mode), -EIO);
  char byte = 0;
  EXPECT_EQ(kernel.Read(fd, &byte, 1), -EIO);  // parport_read: neither byte nor nibble mode.
  mode = IEEE1284_MODE_BECP;
  EXPECT_EQ(kernel.Ioctl(fd, PPNEGOT, &mode), -ENOSYS);  // "FIXME (implement BECP)".
}

TEST_F(PpdevClient, EcpWritesAndReads) {
  port_.printer()->QueueReverse(Bytes("ecp answer"));
  const int fd = OpenClaimed();
  EXPECT_EQ(Set(fd, PPNEGOT, IEEE1284_MODE_ECP), 0);
  EXPECT_EQ(Write(fd, Bytes("hello, ecp")), 10);
  EXPECT_EQ(port_.printer_ecp()->received_on(0), Bytes("hello, ecp"));
  EXPECT_EQ(Read(fd), "ecp answer");
  EXPECT_EQ(Get<int>(fd, PPGETPHASE), ToInt(KernelPhase::kRevIdle));
}

TEST_F(PpdevClient, NonBlockingReadWithNoDataIsEagain) {
  const int fd = OpenClaimed();
  EXPECT_EQ(kernel_.Fcntl(fd, F_SETFL, O_NONBLOCK), 0);
  EXPECT_EQ(Set(fd, PPNEGOT, IEEE1284_MODE_NIBBLE), 0);
  char byte = 0;
  EXPECT_EQ(kernel_.Read(fd, &byte, 1), -EAGAIN);
  EXPECT_EQ(kernel_.Read(fd, &byte, 0), 0);  // "Trivial case."
}

TEST_F(PpdevClient, BlockingReadWithNoDataEndsAsASignalWould) {
  const int fd = OpenClaimed();
  EXPECT_EQ(Set(fd, PPNEGOT, IEEE1284_MODE_NIBBLE), 0);
  const Nanoseconds start = port_.scheduler().Now();
  char byte = 0;
  EXPECT_EQ(kernel_.Read(fd, &byte, 1), -EINTR);
  EXPECT_GE(port_.scheduler().Now() - start, std::chrono::seconds(10));
}

// --- EPP ---------------------------------------------------------------------------------------

TEST_F(PpdevClient, EppWritesAndReadsThePeripheralsRegisters) {
  const int fd = OpenClaimed();
  EXPECT_EQ(Set(fd, PPNEGOT, IEEE1284_MODE_EPP), 0);
  EXPECT_EQ(Set(fd, PPSETMODE, IEEE1284_MODE_EPP | IEEE1284_ADDR), 0);
  EXPECT_EQ(Write(fd, {0x10}), 1);  // An address cycle.
  EXPECT_EQ(Set(fd, PPSETMODE, IEEE1284_MODE_EPP), 0);
  EXPECT_EQ(Write(fd, {1, 2, 3, 4}), 4);  // Data cycles, into registers 0x10-0x13.
  sim::EppChannel& epp = *port_.printer_epp();
  EXPECT_EQ(epp.data_register(0x10), 1);
  EXPECT_EQ(epp.data_register(0x13), 4);
  EXPECT_EQ(Set(fd, PPSETMODE, IEEE1284_MODE_EPP | IEEE1284_ADDR), 0);
  EXPECT_EQ(Write(fd, {0x11}), 1);
  EXPECT_EQ(Set(fd, PPSETMODE, IEEE1284_MODE_EPP), 0);
  std::array<uint8_t, 3> back{};
  EXPECT_EQ(kernel_.Read(fd, back.data(), back.size()), 3);
  EXPECT_EQ(back, (std::array<uint8_t, 3>{2, 3, 4}));
}

TEST(PpdevEpp, WithNobodyToAnswerTimesOutAtTheFirstByte) {
  PpdevEmulator kernel;
  sim::Topology topology = PrinterAlone();
  topology.peripheral = sim::PeripheralKind::kNone;  // nWait floats high: no cycle starts.
  sim::SimulatedPort& port = kernel.AddPort(kNode, topology);
  const int fd = kernel.Open(kNode, O_RDWR);
  ASSERT_EQ(kernel.Ioctl(fd, PPCLAIM, nullptr), 0);
  int mode = IEEE1284_MODE_EPP;
  EXPECT_EQ(kernel.Ioctl(fd, PPSETMODE, &mode), 0);
  const std::array<uint8_t, 3> bytes = {1, 2, 3};
  EXPECT_EQ(kernel.Write(fd, bytes.data(), bytes.size()), 0);
  EXPECT_FALSE(port.chip().epp_timeout());  // clear_epp_timeout() cleared it.
  int flags = PP_FASTWRITE;
  EXPECT_EQ(kernel.Ioctl(fd, PPSETFLAGS, &flags), 0);
  // PARPORT_EPP_FAST: one string access, and the whole transfer fails.
  EXPECT_EQ(kernel.Write(fd, bytes.data(), bytes.size()), -EIO);
}

TEST_F(PpdevClient, AFastEppWriteMovesAllInOneAccess) {
  const int fd = OpenClaimed();
  EXPECT_EQ(Set(fd, PPNEGOT, IEEE1284_MODE_EPP), 0);
  EXPECT_EQ(Set(fd, PPSETFLAGS, PP_FASTWRITE), 0);
  EXPECT_EQ(Write(fd, {9, 8, 7}), 3);
  EXPECT_EQ(port_.printer_epp()->data_register(0), 9);
  EXPECT_EQ(port_.printer_epp()->data_register(2), 7);
}

// --- interrupts --------------------------------------------------------------------------------

TEST_F(PpdevClient, InterruptsAreCountedPolledAndCleared) {
  const int fd = OpenClaimed();
  EXPECT_EQ(kernel_.Poll(fd, POLLIN, 0), 0);
  EXPECT_EQ(Write(fd, Bytes("four")), 4);  // The printer acknowledges each byte with nAck.
  EXPECT_EQ(kernel_.Poll(fd, POLLIN, 10), POLLIN);
  EXPECT_EQ(Get<int>(fd, PPCLRIRQ), 4);
  EXPECT_EQ(Get<int>(fd, PPCLRIRQ), 0);
  EXPECT_EQ(kernel_.Poll(fd, POLLIN, 10), 0);
}

TEST_F(PpdevClient, AnInterruptInReverseIdleAnnouncesData) {
  const int fd = OpenClaimed(O_RDWR | O_NONBLOCK);
  EXPECT_EQ(Set(fd, PPNEGOT, IEEE1284_MODE_NIBBLE), 0);
  EXPECT_EQ(Read(fd), "errno " + std::to_string(EAGAIN));  // Reverse idle, nothing to read.
  // Negotiation's event 6 (nAck rising) interrupted too, as on a real port.
  EXPECT_EQ(Get<int>(fd, PPCLRIRQ), 1);
  port_.scheduler().ScheduleAfter(milliseconds(2), [this] {
    port_.printer()->QueueReverse(Bytes("late news"));  // Events 18-19: nAck pulses.
  });
  const Nanoseconds start = port_.scheduler().Now();
  EXPECT_EQ(kernel_.Poll(fd, POLLIN | POLLRDNORM, 100), POLLIN | POLLRDNORM);
  EXPECT_LT(port_.scheduler().Now() - start, milliseconds(3));
  // parport_ieee1284_interrupt answered with event 20.
  EXPECT_EQ(Get<int>(fd, PPGETPHASE), ToInt(KernelPhase::kHbusyDavail));
  EXPECT_EQ(Get<int>(fd, PPCLRIRQ), 1);
  EXPECT_EQ(Read(fd), "late news");
}

TEST_F(PpdevClient, ControlOnInterruptIsWrittenOnceAtTheNextInterrupt) {
  const int fd = OpenClaimed();
  constexpr uint8_t kOnIrq = PARPORT_CONTROL_SELECT | PARPORT_CONTROL_INIT | PARPORT_CONTROL_AUTOFD;
  EXPECT_EQ(Set(fd, PPWCTLONIRQ, kOnIrq), 0);
  EXPECT_EQ(Get<uint8_t>(fd, PPRCONTROL), 0x0c);
  EXPECT_EQ(Write(fd, Bytes("a")), 1);
  EXPECT_EQ(kernel_.Poll(fd, POLLIN, 10), POLLIN);
  EXPECT_EQ(Get<uint8_t>(fd, PPRCONTROL), kOnIrq);
}

TEST(PpdevNode, PollWithoutTimeoutAndNoInterruptEndsAsASignalWould) {
  PpdevEmulator kernel({.blocked_call_limit = std::chrono::seconds(1)});
  kernel.AddPort(kNode, PrinterAlone());
  const int fd = kernel.Open(kNode, O_RDWR);
  EXPECT_EQ(kernel.Poll(fd, POLLIN, -1), -EINTR);
}

// --- timeouts ----------------------------------------------------------------------------------

TEST_F(PpdevClient, SetTimeAndGetTimeRoundTripInJiffies) {
  const int fd = OpenClaimed();
  EXPECT_EQ(Get<timeval>(fd, PPGETTIME).tv_sec, 5);  // parport_register_dev_model: 5 * HZ.
  EXPECT_EQ(Set(fd, PPSETTIME, timeval{.tv_sec = 1, .tv_usec = 500'000}), 0);
  const timeval set = Get<timeval>(fd, PPGETTIME);
  EXPECT_EQ(set.tv_sec, 1);
  EXPECT_EQ(set.tv_usec, 500'000);
  EXPECT_EQ(Set(fd, PPSETTIME, timeval{.tv_sec = 0, .tv_usec = 1}), 0);
  EXPECT_EQ(Get<timeval>(fd, PPGETTIME).tv_usec, 4'000);  // One jiffy at HZ=250.
  EXPECT_EQ(Set(fd, PPSETTIME, timeval{.tv_sec = 0, .tv_usec = 0}), -EINVAL);
  EXPECT_EQ(Set(fd, PPSETTIME, timeval{.tv_sec = -1, .tv_usec = 0}), -EINVAL);
  // pp_write sets the timeout to the one PPCLAIM found, and leaves it there afterwards.
  EXPECT_EQ(Write(fd, Bytes("x")), 1);
  EXPECT_EQ(Get<timeval>(fd, PPGETTIME).tv_sec, 5);
}

// --- injected errors and vanished ports --------------------------------------------------------

TEST_F(PpdevClient, InjectedErrorsFailTheNextMatchingCalls) {
  kernel_.InjectError(Call::kOpen, std::nullopt, -EMFILE, 2);
  EXPECT_EQ(Open(), -EMFILE);
  EXPECT_EQ(Open(), -EMFILE);
  const int fd = Open();
  ASSERT_GE(fd, 0);
  kernel_.InjectError(Call::kIoctl, PPCLAIM, -EINTR);
  EXPECT_EQ(Get<int>(fd, PPGETMODE), kCompat);  // Another request passes.
  EXPECT_EQ(kernel_.Ioctl(fd, PPCLAIM, nullptr), -EINTR);
  EXPECT_EQ(kernel_.Ioctl(fd, PPCLAIM, nullptr), 0);
  kernel_.InjectError(Call::kWrite, std::nullopt, -EIO);
  kernel_.InjectError(Call::kRead, std::nullopt, -EIO);
  kernel_.InjectError(Call::kPoll, std::nullopt, -ENOMEM);
  kernel_.InjectError(Call::kFcntl, std::nullopt, -EBADF);
  kernel_.InjectError(Call::kClose, std::nullopt, -EIO);
  char byte = 0;
  EXPECT_EQ(kernel_.Write(fd, "x", 1), -EIO);
  EXPECT_EQ(kernel_.Read(fd, &byte, 1), -EIO);
  EXPECT_EQ(kernel_.Poll(fd, POLLIN, 0), -ENOMEM);
  EXPECT_EQ(kernel_.Fcntl(fd, F_GETFL, 0), -EBADF);
  EXPECT_EQ(kernel_.Close(fd), -EIO);
  EXPECT_EQ(kernel_.Write(fd, "x", 1), 1);  // Each error once.
  EXPECT_EQ(kernel_.Close(fd), 0);
}

TEST_F(PpdevClient, AVanishedPortFailsEveryCallWithEnodev) {
  const int fd = OpenClaimed();
  const int waiting = Open();
  int claimed = 0;
  std::thread waiter([&] { claimed = kernel_.Ioctl(waiting, PPCLAIM, nullptr); });
  kernel_.AwaitClaimWaiters(kNode, 1);
  kernel_.Vanish(kNode);
  waiter.join();
  EXPECT_EQ(claimed, -ENODEV);
  uint8_t value = 0;
  EXPECT_EQ(kernel_.Ioctl(fd, PPRDATA, &value), -ENODEV);
  EXPECT_EQ(kernel_.Read(fd, &value, 1), -ENODEV);
  EXPECT_EQ(kernel_.Write(fd, &value, 1), -ENODEV);
  EXPECT_EQ(kernel_.Poll(fd, POLLIN, 0), -ENODEV);
  EXPECT_EQ(kernel_.Fcntl(fd, F_GETFL, 0), -ENODEV);
  EXPECT_EQ(kernel_.Close(fd), -ENODEV);
  EXPECT_EQ(kernel_.Close(fd), -EBADF);  // The descriptor is gone all the same.
  EXPECT_EQ(kernel_.Close(waiting), -ENODEV);
  EXPECT_EQ(Open(), -ENXIO);
}

TEST_F(PpdevClient, UnknownDescriptorsAreEbadf) {
  char byte = 0;
  EXPECT_EQ(kernel_.Ioctl(4242, PPCLAIM, nullptr), -EBADF);
  EXPECT_EQ(kernel_.Read(4242, &byte, 1), -EBADF);
  EXPECT_EQ(kernel_.Write(4242, &byte, 1), -EBADF);
  EXPECT_EQ(kernel_.Fcntl(4242, F_GETFL, 0), -EBADF);
  EXPECT_EQ(kernel_.Close(4242), -EBADF);
  EXPECT_EQ(kernel_.Poll(4242, POLLIN, 0), POLLNVAL);
  EXPECT_EQ(kernel_.Ioperm(0x378, 3, true), -ENOSYS);
}

TEST_F(PpdevClient, FcntlTracksNonBlocking) {
  const int fd = Open(O_RDWR | O_NONBLOCK | O_CLOEXEC);
  EXPECT_EQ(kernel_.Fcntl(fd, F_GETFL, 0), O_RDWR | O_NONBLOCK);
  EXPECT_EQ(kernel_.Fcntl(fd, F_GETFD, 0), FD_CLOEXEC);
  EXPECT_EQ(kernel_.Fcntl(fd, F_SETFL, 0), 0);
  EXPECT_EQ(kernel_.Fcntl(fd, F_GETFL, 0), O_RDWR);
  EXPECT_EQ(kernel_.Fcntl(fd, F_SETFL, O_DIRECT), -EINVAL);
  EXPECT_EQ(kernel_.Fcntl(fd, F_DUPFD, 0), -EINVAL);
  // The VFS's own ioctls.
  EXPECT_EQ(Set(fd, FIONBIO, 1), 0);
  EXPECT_EQ(kernel_.Fcntl(fd, F_GETFL, 0), O_RDWR | O_NONBLOCK);
  EXPECT_EQ(kernel_.Ioctl(fd, FIONCLEX, nullptr), 0);
  EXPECT_EQ(kernel_.Fcntl(fd, F_GETFD, 0), 0);
  EXPECT_EQ(Set(fd, FIOASYNC, 1), -ENOTTY);  // ppdev has no fasync.
}

// --- close -------------------------------------------------------------------------------------

TEST_F(PpdevClient, CloseNegotiatesBackToCompatibilityMode) {
  const int fd = OpenClaimed();
  EXPECT_EQ(Set(fd, PPNEGOT, IEEE1284_MODE_NIBBLE), 0);
  EXPECT_EQ(port_.printer()->mode(), LinkMode::kNibble);
  EXPECT_EQ(kernel_.Close(fd), 0);  // "because user-space forgot".
  EXPECT_EQ(port_.printer()->mode(), LinkMode::kCompatibility);
  EXPECT_EQ(kernel_.Holder(kNode), std::nullopt);
}

TEST_F(PpdevClient, CloseAfterReleasingInNibbleModeClaimsAndTerminates) {
  const int fd = OpenClaimed();
  EXPECT_EQ(Set(fd, PPNEGOT, IEEE1284_MODE_BYTE), 0);
  EXPECT_EQ(kernel_.Ioctl(fd, PPRELEASE, nullptr), 0);
  EXPECT_EQ(Get<int>(fd, PPGETMODE), IEEE1284_MODE_BYTE);  // The file's own state now.
  EXPECT_EQ(port_.printer()->mode(), LinkMode::kByte);
  EXPECT_EQ(kernel_.Close(fd), 0);
  EXPECT_EQ(port_.printer()->mode(), LinkMode::kCompatibility);
  const int again = OpenClaimed();
  EXPECT_EQ(Get<int>(again, PPGETMODE), kCompat);
}

}  // namespace
}  // namespace parclass::ppdev_sim
