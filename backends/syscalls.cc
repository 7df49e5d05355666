#include "parclass/backends/syscalls.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <sys/perm.h>  // ioperm; the inb/outb of sys/io.h are x86_port_bus.cc's alone.
#endif

namespace parclass::backends {

SyscallCounters Syscalls::counters() const {
  const auto count = [&](Kind kind) { return counts_[kind].load(std::memory_order_relaxed); };
  return {.open = count(kOpen),
          .close = count(kClose),
          .ioctl = count(kIoctl),
          .read = count(kRead),
          .write = count(kWrite),
          .poll = count(kPoll),
          .fcntl = count(kFcntl),
          .ioperm = count(kIoperm),
          .flock = count(kFlock)};
}

void Syscalls::ResetCounters() {
  for (std::atomic<uint64_t>& count : counts_) count.store(0, std::memory_order_relaxed);
}

int Syscalls::Open(const std::string& path, int flags) {
  Count(kOpen);
  return DoOpen(path, flags);
}

int Syscalls::Close(int fd) {
  Count(kClose);
  return DoClose(fd);
}

int Syscalls::Ioctl(int fd, unsigned long request, void* argument) {
  Count(kIoctl);
  return DoIoctl(fd, request, argument);
}

ssize_t Syscalls::Read(int fd, void* buffer, size_t size) {
  Count(kRead);
  return DoRead(fd, buffer, size);
}

ssize_t Syscalls::Write(int fd, const void* buffer, size_t size) {
  Count(kWrite);
  return DoWrite(fd, buffer, size);
}

int Syscalls::Poll(int fd, short events, int timeout_ms) {
  Count(kPoll);
  return DoPoll(fd, events, timeout_ms);
}

int Syscalls::PollOrWake(int fd, short events, int wake_fd) {
  Count(kPoll);
  return DoPollOrWake(fd, events, wake_fd);
}

int Syscalls::Fcntl(int fd, int command, int argument) {
  Count(kFcntl);
  return DoFcntl(fd, command, argument);
}

int Syscalls::Ioperm(unsigned long first, unsigned long count, bool enable) {
  Count(kIoperm);
  return DoIoperm(first, count, enable);
}

int Syscalls::Flock(int fd, int operation) {
  Count(kFlock);
  return DoFlock(fd, operation);
}

namespace {

// A system call's result with the error as -errno; EINTR is retried.
template <typename Call>
auto Retried(Call call) {
  for (;;) {
    const auto result = call();
    if (result >= 0) return result;
    if (errno != EINTR) return static_cast<decltype(result)>(-errno);
  }
}

class SystemKernel final : public Syscalls {
 protected:
  int DoOpen(const std::string& path, int flags) override {
    return Retried([&] { return ::open(path.c_str(), flags | O_CLOEXEC); });
  }
  // close() is not retried: the descriptor is gone whatever it returned (POSIX leaves it
  // unspecified, Linux always releases it).
  int DoClose(int fd) override { return ::close(fd) == 0 ? 0 : -errno; }
  int DoIoctl(int fd, unsigned long request, void* argument) override {
    return Retried([&] { return ::ioctl(fd, request, argument); });
  }
  ssize_t DoRead(int fd, void* buffer, size_t size) override {
    return Retried([&] { return ::read(fd, buffer, size); });
  }
  ssize_t DoWrite(int fd, const void* buffer, size_t size) override {
    return Retried([&] { return ::write(fd, buffer, size); });
  }
  int DoPoll(int fd, short events, int timeout_ms) override {
    pollfd entry{.fd = fd, .events = events, .revents = 0};
    const int ready = Retried([&] { return ::poll(&entry, 1, timeout_ms); });
    return ready <= 0 ? ready : entry.revents;
  }
  int DoPollOrWake(int fd, short events, int wake_fd) override {
    std::array<pollfd, 2> entries{{{.fd = fd, .events = events, .revents = 0},
                                   {.fd = wake_fd, .events = POLLIN, .revents = 0}}};
    const int ready = Retried([&] { return ::poll(entries.data(), entries.size(), -1); });
    return ready <= 0 ? ready : entries[0].revents;
  }
  int DoFcntl(int fd, int command, int argument) override {
    return Retried([&] { return ::fcntl(fd, command, argument); });
  }
  int DoFlock(int fd, int operation) override {
    return Retried([&] { return ::flock(fd, operation); });
  }
  int DoIoperm(unsigned long first, unsigned long count, bool enable) override {
#if defined(__x86_64__) || defined(__i386__)
    return ::ioperm(first, count, enable ? 1 : 0) == 0 ? 0 : -errno;
#else
    (void)first;
    (void)count;
    (void)enable;
    return -ENOSYS;
#endif
  }
};

}  // namespace

Syscalls& SystemSyscalls() {
  static SystemKernel kernel;
  return kernel;
}

std::string ErrnoName(int error) {
  const char* name = strerrorname_np(error);
  if (name == nullptr) return fmt::format("errno {} ({})", error, std::strerror(error));
  return fmt::format("{} ({})", name, std::strerror(error));
}

}  // namespace parclass::backends
