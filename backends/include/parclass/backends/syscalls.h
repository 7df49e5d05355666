// Syscalls: the system calls a backend makes, as one injected interface.
//
// Backends reach the operating system only through this, so that every error path can be tested
// against a fake kernel (the backends' tests; ppdev_sim's PpdevEmulator) and so that a benchmark
// can count system calls per KiB whatever the backend. The public entry points are not virtual:
// they count each call before handing it on, as RegisterIo does for register accesses.
//
// Calls return what the kernel returns, with the error as a negative errno instead of in the
// global errno (a fake has no business touching errno):
//
//   Syscalls& os = SystemSyscalls();
//   int fd = os.Open("/dev/parport0", O_RDWR);    // or -ENOENT, -EACCES, ...
//   int status = os.Ioctl(fd, PPCLAIM, nullptr);  // 0, or -ENXIO, ...
//   os.counters().total();                        // calls so far

#ifndef PARCLASS_BACKENDS_SYSCALLS_H_
#define PARCLASS_BACKENDS_SYSCALLS_H_

#include <sys/types.h>

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

namespace parclass::backends {

// Calls made since construction or the last ResetCounters(), by kind.
struct SyscallCounters {
  uint64_t open = 0;
  uint64_t close = 0;
  uint64_t ioctl = 0;
  uint64_t read = 0;
  uint64_t write = 0;
  uint64_t poll = 0;
  uint64_t fcntl = 0;
  uint64_t ioperm = 0;
  uint64_t flock = 0;

  uint64_t total() const {
    return open + close + ioctl + read + write + poll + fcntl + ioperm + flock;
  }
};

class Syscalls {
 public:
  virtual ~Syscalls() = default;

  int Open(const std::string& path, int flags);
  int Close(int fd);
  // `argument` is the ioctl's third argument (a pointer to its data, or null).
  int Ioctl(int fd, unsigned long request, void* argument);
  ssize_t Read(int fd, void* buffer, size_t size);
  ssize_t Write(int fd, const void* buffer, size_t size);
  // Waits for `events` on `fd`; returns the revents seen (0 on timeout). A negative timeout
  // waits for ever.
  int Poll(int fd, short events, int timeout_ms);
  // Waits, without a timeout, for `events` on `fd` or for `wake_fd` (one of the machine's own
  // descriptors, such as a Wakeup's) to become readable; returns the revents seen on `fd`, 0 when
  // only `wake_fd` is ready. Counted as a poll.
  int PollOrWake(int fd, short events, int wake_fd);
  // F_GETFL / F_SETFL.
  int Fcntl(int fd, int command, int argument);
  // Access to `count` I/O ports from `first` (x86 only; -ENOSYS elsewhere).
  int Ioperm(unsigned long first, unsigned long count, bool enable);
  // An advisory lock on the file (LOCK_EX, LOCK_UN), waiting for it.
  int Flock(int fd, int operation);

  // A snapshot; the counts are kept per call kind, safe to bump from any thread.
  SyscallCounters counters() const;
  void ResetCounters();

 protected:
  virtual int DoOpen(const std::string& path, int flags) = 0;
  virtual int DoClose(int fd) = 0;
  virtual int DoIoctl(int fd, unsigned long request, void* argument) = 0;
  virtual ssize_t DoRead(int fd, void* buffer, size_t size) = 0;
  virtual ssize_t DoWrite(int fd, const void* buffer, size_t size) = 0;
  virtual int DoPoll(int fd, short events, int timeout_ms) = 0;
  virtual int DoPollOrWake(int fd, short events, int wake_fd) = 0;
  virtual int DoFcntl(int fd, int command, int argument) = 0;
  virtual int DoIoperm(unsigned long first, unsigned long count, bool enable) = 0;
  virtual int DoFlock(int fd, int operation) = 0;

 private:
  enum Kind : uint8_t {
    kOpen,
    kClose,
    kIoctl,
    kRead,
    kWrite,
    kPoll,
    kFcntl,
    kIoperm,
    kFlock,
    kKinds
  };
  void Count(Kind kind) { counts_[kind].fetch_add(1, std::memory_order_relaxed); }

  std::array<std::atomic<uint64_t>, kKinds> counts_{};
};

// The machine's own kernel. Each call is the system call of the same name, retried on EINTR.
Syscalls& SystemSyscalls();

// "ENOENT (No such file or directory)".
std::string ErrnoName(int error);

}  // namespace parclass::backends

#endif  // PARCLASS_BACKENDS_SYSCALLS_H_
