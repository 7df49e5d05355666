// Fuzz target: ppdev's ioctl arguments as the emulator (PpdevEmulator) takes them from a program,
// which under the preload library is any unmodified ppdev program: any command number with any
// argument bytes (or a null argument), mixed with the other calls a program makes on its files
// (open, close, read, write, poll, fcntl) and with virtual time passing. Each input runs on a new
// emulator with one node on the built-in topology, so that a crash replays from its input alone.
// The emulator answers every call with a count or a negative errno; -EFAULT for a null argument.
//
// Two files at most, and no call that would wait for the other one in real time: PPCLAIM, and a
// close (which claims the port back when its file left it in another mode), are skipped while the
// other file holds the port. The emulator blocks them on a condition variable until the holder
// releases it, which in a single thread is never.
//
// Calls that wait in virtual time end by themselves (EmulatorOptions::blocked_call_limit, the
// inactivity timeout), but a transfer to a peripheral that stops taking bytes polls the chip
// until its timeout, at a real cost in proportion (about a second per 5 s, the kernel's default).
// So PPSETTIME's timeout is cut to at most that default (a program's 10-year timeout would run
// for years), and an input stops once its port has run kTimeBudget of virtual time.
//
// Input: a byte of node options (bit 0: a kernel driver is registered, bit 1: open() is refused),
// then operations until the input ends (FuzzInput; a missing byte is 0). FILE picks one of the
// two files (bit 0).
//   00 FILE FLAGS            open; FLAGS bit 0 O_NONBLOCK, bit 1 O_CLOEXEC
//   01 FILE                  close
//   02 FILE CMD LEN ARG[LEN] ioctl; CMD picks from kCommands, 0xff takes the command from the
//                            next four bytes (little-endian); LEN 0xff passes a null argument,
//                            else ARG fills the first LEN bytes of a zeroed 16-byte argument
//   03 FILE COUNT            read
//   04 FILE COUNT BYTES      write
//   05 FILE EVENTS TIMEOUT   poll; TIMEOUT in ms, 0xff for none
//   06 FILE CMD ARG[4]       fcntl; CMD picks from kFcntlCommands
//   07 TIME                  virtual time passes: TIME x 100 us
// Seeds (ppdev_ioctl_corpus/): each ioctl with a valid argument on a claimed port, a Device ID
// read in nibble mode, EPP and ECP sessions, and two files sharing the port.

#include <fcntl.h>
#include <linux/ppdev.h>
#include <poll.h>
#include <sys/ioctl.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "parclass/base/testing/fuzz_input.h"
#include "parclass/ppdev_sim/ppdev_emulator.h"
#include "parclass/sim/simulated_port.h"
#include "parclass/sim/topology.h"

namespace parclass::ppdev_sim {
namespace {

using parclass::testing::FuzzInput;

constexpr std::array<uint32_t, 27> kCommands = {
    PPSETMODE,  PPRSTATUS,  PPRCONTROL, PPWCONTROL, PPFCONTROL, PPRDATA,   PPWDATA,
    PPCLAIM,    PPRELEASE,  PPYIELD,    PPEXCL,     PPDATADIR,  PPNEGOT,   PPWCTLONIRQ,
    PPCLRIRQ,   PPSETPHASE, PPGETTIME,  PPSETTIME,  PPGETMODES, PPGETMODE, PPGETPHASE,
    PPGETFLAGS, PPSETFLAGS, FIONBIO,    FIOASYNC,   FIOCLEX,    FIONCLEX,
};
constexpr std::array<int, 5> kFcntlCommands = {F_GETFL, F_SETFL, F_GETFD, F_SETFD, F_GETOWN};
constexpr uint8_t kRawCommand = 0xff;
constexpr uint8_t kNullArgument = 0xff;
constexpr size_t kArgumentBytes = 16;  // The largest argument: struct timeval.
constexpr const char* kPath = "/dev/parport0";
// Short, so that a blocking read with no data costs little; the emulator's default is 10 s.
constexpr Nanoseconds kBlockedCallLimit = std::chrono::milliseconds(20);
constexpr Nanoseconds kTimeStep = std::chrono::microseconds(100);
// Virtual time an input may use: a transfer that runs to the default timeout, and more.
constexpr Nanoseconds kTimeBudget = std::chrono::seconds(6);
constexpr int64_t kLongestTimeoutSeconds = 5;  // PPSETTIME's, at most: the kernel's default.

// PPSETTIME in both forms (struct timeval of longs, or the y2038 pair of int32): the seconds
// and microseconds, cut to kLongestTimeoutSeconds. Negative ones stay, to be refused.
void CutTimeout(uint32_t command, std::span<uint8_t> argument) {
  if (_IOC_TYPE(command) != PP_IOCTL || _IOC_NR(command) != _IOC_NR(PPSETTIME)) return;
  const auto cut = [&]<typename Field>(Field) {
    std::array<Field, 2> time{};
    std::memcpy(time.data(), argument.data(), sizeof time);
    time[0] = std::min<Field>(time[0], kLongestTimeoutSeconds);
    time[1] = std::min<Field>(time[1], 999'999);
    std::memcpy(argument.data(), time.data(), sizeof time);
  };
  if (_IOC_SIZE(command) == sizeof(int32_t[2])) cut(int32_t{});
  if (_IOC_SIZE(command) == sizeof(int64_t[2])) cut(int64_t{});
}

class Session {
 public:
  explicit Session(uint8_t node_options) : kernel_({.blocked_call_limit = kBlockedCallLimit}) {
    sim::SimulatedPort& port =
        kernel_.AddPort(kPath, sim::DefaultTopology(),
                        {.permission_denied = (node_options & 0b10) != 0,
                         .kernel_driver_registered = (node_options & 0b01) != 0});
    // Nobody reads the trace; a transfer that polls for its whole timeout would fill it.
    port.trace().set_recording(false);
    scheduler_ = &port.scheduler();
  }
  // The holder first: the other file's close may claim the port back.
  ~Session() {
    const std::optional<int> holder = kernel_.Holder(kPath);
    if (holder) (void)kernel_.Close(*holder);
    for (const int fd : fds_) {
      if (fd >= 0 && fd != holder) (void)kernel_.Close(fd);
    }
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void Open(FuzzInput& input) {
    int& fd = File(input);
    const uint8_t flags = input.Byte();
    if (fd >= 0) return;
    const int opened = kernel_.Open(kPath, O_RDWR | ((flags & 0b01) != 0 ? O_NONBLOCK : 0) |
                                               ((flags & 0b10) != 0 ? O_CLOEXEC : 0));
    if (opened >= 0) fd = opened;
  }

  void Close(FuzzInput& input) {
    int& fd = File(input);
    if (OtherHolds(fd)) return;
    (void)kernel_.Close(fd);
    fd = -1;
  }

  void Ioctl(FuzzInput& input) {
    const int fd = File(input);
    const uint8_t pick = input.Byte();
    const uint32_t command = pick == kRawCommand ? input.U32() : kCommands[pick % kCommands.size()];
    const uint8_t length = input.Byte();
    alignas(8) std::array<uint8_t, kArgumentBytes> argument{};
    if (length != kNullArgument) {
      const auto given = input.Bytes(std::min<size_t>(length, kArgumentBytes));
      std::ranges::copy(given, argument.begin());
    }
    if (command == PPCLAIM && OtherHolds(fd)) return;
    CutTimeout(command, argument);
    (void)kernel_.Ioctl(fd, command, length == kNullArgument ? nullptr : argument.data());
  }

  void Read(FuzzInput& input) {
    const int fd = File(input);
    std::vector<uint8_t> buffer(input.Byte());
    (void)kernel_.Read(fd, buffer.data(), buffer.size());
  }

  void Write(FuzzInput& input) {
    const int fd = File(input);
    const auto bytes = input.Bytes(input.Byte());
    (void)kernel_.Write(fd, bytes.data(), bytes.size());
  }

  void Poll(FuzzInput& input) {
    const int fd = File(input);
    const auto events = static_cast<short>(input.Byte());
    const uint8_t timeout = input.Byte();
    (void)kernel_.Poll(fd, events, timeout == 0xff ? -1 : timeout);
  }

  void Fcntl(FuzzInput& input) {
    const int fd = File(input);
    const int command = input.Pick(kFcntlCommands);
    (void)kernel_.Fcntl(fd, command, static_cast<int>(input.U32()));
  }

  void PassTime(FuzzInput& input) { kernel_.AdvanceTime(kPath, input.Byte() * kTimeStep); }

  bool over_budget() const { return scheduler_->Now() > kTimeBudget; }

 private:
  int& File(FuzzInput& input) { return fds_[input.Byte() % fds_.size()]; }
  bool OtherHolds(int fd) const {
    const std::optional<int> holder = kernel_.Holder(kPath);
    return holder.has_value() && *holder != fd;
  }

  PpdevEmulator kernel_;
  const sim::Scheduler* scheduler_ = nullptr;  // The port's virtual time.
  std::array<int, 2> fds_ = {-1, -1};
};

void Fuzz(FuzzInput& input) {
  Session session(input.Byte());
  while (!input.empty() && !session.over_budget()) {
    switch (input.Byte() % 8) {
      case 0: session.Open(input); break;
      case 1: session.Close(input); break;
      case 2: session.Ioctl(input); break;
      case 3: session.Read(input); break;
      case 4: session.Write(input); break;
      case 5: session.Poll(input); break;
      case 6: session.Fcntl(input); break;
      default: session.PassTime(input); break;
    }
  }
}

}  // namespace
}  // namespace parclass::ppdev_sim

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  parclass::testing::FuzzInput input(data, size);
  parclass::ppdev_sim::Fuzz(input);
  return 0;
}
