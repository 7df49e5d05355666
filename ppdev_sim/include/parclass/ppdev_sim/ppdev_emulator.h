// PpdevEmulator: Linux's ppdev (/dev/parportN, drivers/char/ppdev.c) over parclass's simulated
// ports, behind the backends::Syscalls interface.
//
// It is the fake kernel of the ppdev backend's tests, error paths included, and the kernel an
// LD_PRELOAD shim hands an unmodified program's open/ioctl/read/write/poll/close on a chosen
// path to. Each node is one parport: parport_pc's register rules (the soft copy of the control
// register, its writable bits, the saved state per device), parport's sharing (registration,
// exclusive devices, claim, release, FIFO of waiters), IEEE 1284 negotiation and transfers
// (parport_negotiate, parport_read, parport_write, run by parclass's ieee1284::Link on the
// simulated chip), and ppdev's per-file state and return codes. Every rule cites the kernel
// function it follows.
//
//   PpdevEmulator kernel;
//   sim::SimulatedPort& port = kernel.AddPort("/dev/parport0", sim::DefaultTopology());
//   int fd = kernel.Open("/dev/parport0", O_RDWR);   // or -ENOENT, -EACCES, -ENXIO
//   kernel.Ioctl(fd, PPCLAIM, nullptr);               // blocks while another file holds it
//   kernel.Write(fd, "hello", 5);                     // compatibility mode
//   port.printer()->received();                       // "hello"
//   kernel.InjectError(Call::kIoctl, PPNEGOT, -EIO);  // the next PPNEGOT fails
//   kernel.Vanish("/dev/parport0");                   // later calls on fd: -ENODEV
//
// Time is the port's virtual time. A call that the kernel would let sleep (a blocking read with
// no data, poll) advances the port's scheduler instead, so tests stay instant and deterministic;
// one that would sleep for ever gives up after EmulatorOptions::blocked_call_limit of virtual
// time with -EINTR, as if a signal had come. Only PPCLAIM (and close() and PPYIELD, which claim)
// blocks in real time, on a condition variable, until the holder releases the port.
//
// Where it departs from the kernel, and why: the handshakes are the Link's, so a failed transfer
// leaves the link terminated (the kernel stays in the mode); a transfer in a mode the peripheral
// was never negotiated into moves nothing; the inactivity timeout bounds each PP_BUFFER_SIZE chunk
// rather than each byte; ECP writes with RLE negotiated compress runs (the kernel sends them
// raw); ECP address writes are channel commands (bit 7 set). Interrupt handlers only count: their
// register work (PPWCTLONIRQ's control write, parport_ieee1284_interrupt's event 20) runs at the
// next point where no simulated event is running, at the same virtual instant when a poll or a
// blocked read is waiting. PP_W91284PIC is taken and ignored.
//
// Thread safety: every call takes one mutex; a blocked claim waits without it. The simulated
// ports belong to the emulator while any call is in progress: touch them (or call WithPort)
// only when no other thread is inside the emulator.

#ifndef PARCLASS_PPDEV_SIM_PPDEV_EMULATOR_H_
#define PARCLASS_PPDEV_SIM_PPDEV_EMULATOR_H_

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "parclass/backends/kernel_phase.h"
#include "parclass/backends/syscalls.h"
#include "parclass/backends/wakeup.h"
#include "parclass/base/clock.h"
#include "parclass/base/mutex.h"
#include "parclass/sim/simulated_port.h"
#include "parclass/sim/topology.h"

namespace parclass::ppdev_sim {

// The kernel's phases, as PPGETPHASE and PPSETPHASE carry them.
using backends::KernelPhase;
using backends::ToInt;

// Per node.
struct NodeOptions {
  bool permission_denied = false;  // open() fails with -EACCES (the node's mode refuses us).
  // A kernel driver (lp) is registered on the port, as when lp is loaded: an exclusive
  // registration (PPEXCL, then PPCLAIM) fails with -ENXIO. lp never holds the port here.
  bool kernel_driver_registered = false;
};

struct EmulatorOptions {
  int first_descriptor = 1000;  // Open() hands out the lowest free number from here.
  int hz = 250;                 // The kernel's HZ: timeouts are whole jiffies.
  // Virtual time after which a call the kernel would block in for ever (read with no data and
  // no O_NONBLOCK, poll with a negative timeout) ends with -EINTR, as a signal would end it.
  Nanoseconds blocked_call_limit = std::chrono::seconds(10);
};

// The calls InjectError can fail.
enum class Call : uint8_t { kOpen, kClose, kIoctl, kRead, kWrite, kPoll, kFcntl };

namespace detail {
class KernelPort;
struct File;
}  // namespace detail

class PpdevEmulator final : public backends::Syscalls {
 public:
  explicit PpdevEmulator(EmulatorOptions options = {});
  // No call may be in progress, nor blocked, on another thread.
  ~PpdevEmulator() override;
  PpdevEmulator(const PpdevEmulator&) = delete;
  PpdevEmulator& operator=(const PpdevEmulator&) = delete;

  // A node for `port`, which the caller owns and which must outlive the emulator; the emulator
  // takes over its chip's interrupt handler. Paths are unique.
  void AddPort(const std::string& path, sim::SimulatedPort& port, NodeOptions options = {})
      PARCLASS_EXCLUDES(mutex_);
  // A node for a port built from `topology`, owned by the emulator.
  sim::SimulatedPort& AddPort(const std::string& path, sim::Topology topology,
                              NodeOptions options = {}) PARCLASS_EXCLUDES(mutex_);

  // open() on a descriptor number the caller reserved (an LD_PRELOAD shim opens /dev/null and
  // passes its number). -EBADF if the emulator already has `fd` open or it is negative. Not
  // counted in counters().open, which counts Open() only.
  int OpenAt(int fd, const std::string& path, int flags) PARCLASS_EXCLUDES(mutex_);

  // The next `times` calls of `call` (for kIoctl, of `ioctl_request` only, if given) fail with
  // `negative_errno` before doing anything, whatever their descriptor.
  void InjectError(Call call, std::optional<unsigned long> ioctl_request, int negative_errno,
                   int times = 1) PARCLASS_EXCLUDES(mutex_);
  void ClearInjectedErrors() PARCLASS_EXCLUDES(mutex_);
  // The port's driver is unloaded under its open files: from now on every call on them fails
  // with -ENODEV (close() too, though it still frees the descriptor), and open() with -ENXIO.
  // Blocked claims on the port wake up with -ENODEV.
  void Vanish(const std::string& path) PARCLASS_EXCLUDES(mutex_);

  // For tests.
  size_t open_files() const PARCLASS_EXCLUDES(mutex_);
  // Files blocked in a claim of the port, and a wait (in real time) until there are `count`.
  size_t ClaimWaiters(const std::string& path) const PARCLASS_EXCLUDES(mutex_);
  void AwaitClaimWaiters(const std::string& path, size_t count) const PARCLASS_EXCLUDES(mutex_);
  // The descriptor whose file holds the port, if any.
  std::optional<int> Holder(const std::string& path) const PARCLASS_EXCLUDES(mutex_);
  // Lets the port's virtual time run (interrupts are taken as they come).
  void AdvanceTime(const std::string& path, Nanoseconds duration) PARCLASS_EXCLUDES(mutex_);
  // Runs `action` on the port under the emulator's lock.
  void WithPort(const std::string& path, const std::function<void(sim::SimulatedPort&)>& action)
      PARCLASS_EXCLUDES(mutex_);

 protected:
  int DoOpen(const std::string& path, int flags) override PARCLASS_EXCLUDES(mutex_);
  int DoClose(int fd) override PARCLASS_EXCLUDES(mutex_);
  int DoIoctl(int fd, unsigned long request, void* argument) override PARCLASS_EXCLUDES(mutex_);
  ssize_t DoRead(int fd, void* buffer, size_t size) override PARCLASS_EXCLUDES(mutex_);
  ssize_t DoWrite(int fd, const void* buffer, size_t size) override PARCLASS_EXCLUDES(mutex_);
  int DoPoll(int fd, short events, int timeout_ms) override PARCLASS_EXCLUDES(mutex_);
  // pp_poll beside one of the machine's descriptors: the file's interrupt count is looked at
  // without letting virtual time run (the port's users run it), and the wait is real, on the
  // file's pp->irq_wait, which each interrupt counted for it and a vanish wake. One such wait
  // per file at a time.
  int DoPollOrWake(int fd, short events, int wake_fd) override PARCLASS_EXCLUDES(mutex_);
  int DoFcntl(int fd, int command, int argument) override PARCLASS_EXCLUDES(mutex_);
  int DoIoperm(unsigned long first, unsigned long count, bool enable) override;
  int DoFlock(int fd, int operation) override PARCLASS_EXCLUDES(mutex_);

 private:
  using FilePtr = std::shared_ptr<detail::File>;

  struct InjectedError {
    Call call;
    std::optional<unsigned long> ioctl_request;
    int error;
    int times;
  };

  // Everything below runs under the emulator's lock, on the kernel's state it guards (the nodes'
  // KernelPorts, the files).

  // Lookups. FindFile: the file, or null with *error set (-EBADF, -ENODEV).
  detail::KernelPort* FindPort(const std::string& path) const PARCLASS_REQUIRES(mutex_);
  detail::KernelPort& PortAt(const std::string& path) const PARCLASS_REQUIRES(mutex_);
  FilePtr FindFile(int fd, int* error) const PARCLASS_REQUIRES(mutex_);
  std::optional<int> TakeInjected(Call call, unsigned long request = 0) PARCLASS_REQUIRES(mutex_);
  int OpenLocked(int fd, const std::string& path, int flags) PARCLASS_REQUIRES(mutex_);
  int NextDescriptor() const PARCLASS_REQUIRES(mutex_);

  // ppdev's file operations (ppdev_emulator.cc).
  ssize_t ReadLocked(detail::File& file, void* buffer, size_t size) PARCLASS_REQUIRES(mutex_);
  ssize_t ReadChunk(detail::File& file, std::span<uint8_t> buffer, bool epp)
      PARCLASS_REQUIRES(mutex_);
  ssize_t WriteLocked(detail::File& file, const uint8_t* buffer, size_t size)
      PARCLASS_REQUIRES(mutex_);
  ssize_t WriteChunk(detail::File& file, std::span<const uint8_t> chunk, bool fast_epp)
      PARCLASS_REQUIRES(mutex_);
  int PollLocked(detail::File& file, short events, int timeout_ms) PARCLASS_REQUIRES(mutex_);
  // DoPollOrWake's look: the revents now, or the wakeup to wait on (null: an error in *ready).
  std::shared_ptr<const backends::Wakeup> ReadyOrWait(int fd, short events, int* ready)
      PARCLASS_REQUIRES(mutex_);
  int FcntlLocked(detail::File& file, int command, int argument) PARCLASS_REQUIRES(mutex_);
  void ReleaseFile(const FilePtr& file) PARCLASS_REQUIRES(mutex_);  // pp_release
  void FinishIfClosed(const FilePtr& file) PARCLASS_REQUIRES(mutex_);
  void SetTransferTimeout(detail::File& file) PARCLASS_REQUIRES(mutex_);
  void RestoreTimeout(detail::File& file) PARCLASS_REQUIRES(mutex_);

  // Claiming (ppdev_claim.cc).
  int Claim(const FilePtr& file) PARCLASS_REQUIRES(mutex_);
  int Register(detail::File& file) PARCLASS_REQUIRES(mutex_);
  int ClaimOrBlock(const FilePtr& file) PARCLASS_REQUIRES(mutex_);
  void TakeState(detail::File& file) PARCLASS_REQUIRES(mutex_);
  void Release(detail::File& file) PARCLASS_REQUIRES(mutex_);
  int Yield(const FilePtr& file) PARCLASS_REQUIRES(mutex_);
  void Forget(detail::File& file) PARCLASS_REQUIRES(mutex_);

  // ioctls (ppdev_ioctl.cc).
  std::optional<int> VfsIoctl(detail::File& file, uint32_t command, void* argument)
      PARCLASS_REQUIRES(mutex_);
  int IoctlLocked(const FilePtr& file, uint32_t command, void* argument) PARCLASS_REQUIRES(mutex_);
  std::optional<int> UnclaimedIoctl(const FilePtr& file, uint32_t command, void* argument)
      PARCLASS_REQUIRES(mutex_);
  std::optional<int> ModeIoctl(detail::File& file, uint32_t command, void* argument)
      PARCLASS_REQUIRES(mutex_);
  int ClaimedIoctl(const FilePtr& file, uint32_t command, void* argument) PARCLASS_REQUIRES(mutex_);
  std::optional<int> RegisterIoctl(detail::File& file, uint32_t command, void* argument)
      PARCLASS_REQUIRES(mutex_);
  std::optional<int> TimeIoctl(detail::File& file, uint32_t command, void* argument)
      PARCLASS_REQUIRES(mutex_);
  int Exclusive(detail::File& file) PARCLASS_REQUIRES(mutex_);
  int SetMode(detail::File& file, void* argument) PARCLASS_REQUIRES(mutex_);
  int Negotiate(detail::File& file, void* argument) PARCLASS_REQUIRES(mutex_);
  int ClearInterrupts(detail::File& file, void* argument) PARCLASS_REQUIRES(mutex_);
  int SetTime(detail::File& file, int64_t seconds, int64_t microseconds) const
      PARCLASS_REQUIRES(mutex_);
  // PPGETTIME's timeval: the device's timeout in seconds and microseconds.
  std::array<int64_t, 2> Timeout(const detail::File& file) const PARCLASS_REQUIRES(mutex_);

  const EmulatorOptions options_;
  mutable Mutex mutex_;
  mutable CondVar changed_;  // A claim, release, waiter or vanish happened.
  // Outlive ports_.
  std::vector<std::unique_ptr<sim::SimulatedPort>> owned_ports_ PARCLASS_GUARDED_BY(mutex_);
  std::map<std::string, std::unique_ptr<detail::KernelPort>> ports_ PARCLASS_GUARDED_BY(mutex_);
  std::map<int, FilePtr> files_ PARCLASS_GUARDED_BY(mutex_);
  std::vector<InjectedError> injected_ PARCLASS_GUARDED_BY(mutex_);
};

}  // namespace parclass::ppdev_sim

#endif  // PARCLASS_PPDEV_SIM_PPDEV_EMULATOR_H_
