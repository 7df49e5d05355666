// PpdevEmulator: nodes, descriptors, injected faults, and ppdev's file operations other than
// ioctl (drivers/char/ppdev.c: pp_open, pp_release, pp_read, pp_write, pp_poll).

#include "parclass/ppdev_sim/ppdev_emulator.h"

#include <fcntl.h>
#include <linux/ppdev.h>
#include <poll.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include "kernel_port.h"
#include "parclass/base/assert.h"
#include "ppdev_file.h"

namespace parclass::ppdev_sim {
namespace {

using detail::File;
using detail::KernelPort;

constexpr size_t kBufferSize = 1024;  // PP_BUFFER_SIZE: the most one internal transfer moves.
// A blocking read with no data: the kernel's pp_read calls the transfer again at once, for ever;
// here virtual time moves this far between tries (the step of parport_wait_peripheral's slow
// polling), so that a peripheral's data can come.
constexpr Nanoseconds kReadRetryStep = std::chrono::milliseconds(10);

// The open() flags that do not stay with the file (what F_GETFL does not show).
constexpr int kOpenOnlyFlags = O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC;
// The status flags F_SETFL may change (fs/fcntl.c SETFL_MASK).
constexpr int kSetFlMask = O_APPEND | O_ASYNC | O_DIRECT | O_NOATIME | O_NONBLOCK;

}  // namespace

PpdevEmulator::PpdevEmulator(EmulatorOptions options) : options_(options) {
  PARCLASS_ASSERT(options_.hz > 0, "HZ must be positive");
  PARCLASS_ASSERT(options_.first_descriptor >= 0, "descriptors are not negative");
}

PpdevEmulator::~PpdevEmulator() {
  files_.clear();
  ports_.clear();  // Before owned_ports_: each KernelPort lets go of its chip's interrupt.
  owned_ports_.clear();
}

// --- Nodes and faults --------------------------------------------------------------------------

void PpdevEmulator::AddPort(const std::string& path, sim::SimulatedPort& port,
                            NodeOptions options) {
  const MutexLock lock(mutex_);
  PARCLASS_ASSERT(!ports_.contains(path), "a ppdev node path is added twice");
  ports_.emplace(path, std::make_unique<KernelPort>(port, options, options_.hz));
}

sim::SimulatedPort& PpdevEmulator::AddPort(const std::string& path, sim::Topology topology,
                                           NodeOptions options) {
  auto port = std::make_unique<sim::SimulatedPort>(std::move(topology));
  sim::SimulatedPort& added = *port;
  {
    const MutexLock lock(mutex_);
    owned_ports_.push_back(std::move(port));
  }
  AddPort(path, added, options);
  return added;
}

void PpdevEmulator::InjectError(Call call, std::optional<unsigned long> ioctl_request,
                                int negative_errno, int times) {
  PARCLASS_ASSERT(negative_errno < 0, "an injected error is a negative errno");
  const MutexLock lock(mutex_);
  if (times > 0) injected_.push_back({call, ioctl_request, negative_errno, times});
}

void PpdevEmulator::ClearInjectedErrors() {
  const MutexLock lock(mutex_);
  injected_.clear();
}

void PpdevEmulator::Vanish(const std::string& path) {
  const MutexLock lock(mutex_);
  PortAt(path).set_vanished();
  changed_.NotifyAll();
  for (const auto& [fd, file] : files_) {
    if (file->port == &PortAt(path) && file->pdev != nullptr && file->pdev->irq_wait) {
      file->pdev->irq_wait->Signal();
    }
  }
}

std::optional<int> PpdevEmulator::TakeInjected(Call call, unsigned long request) {
  for (auto it = injected_.begin(); it != injected_.end(); ++it) {
    if (it->call != call) continue;
    if (call == Call::kIoctl && it->ioctl_request && *it->ioctl_request != request) continue;
    const int error = it->error;
    if (--it->times <= 0) injected_.erase(it);
    return error;
  }
  return std::nullopt;
}

KernelPort* PpdevEmulator::FindPort(const std::string& path) const {
  const auto it = ports_.find(path);
  return it == ports_.end() ? nullptr : it->second.get();
}

KernelPort& PpdevEmulator::PortAt(const std::string& path) const {
  KernelPort* port = FindPort(path);
  PARCLASS_ASSERT(port != nullptr, "no ppdev node at this path");
  return *port;
}

PpdevEmulator::FilePtr PpdevEmulator::FindFile(int fd, int* error) const {
  const auto it = files_.find(fd);
  if (it == files_.end()) {
    *error = -EBADF;
    return nullptr;
  }
  if (it->second->port->vanished()) {
    *error = -ENODEV;
    return nullptr;
  }
  return it->second;
}

// --- Test hooks --------------------------------------------------------------------------------

size_t PpdevEmulator::open_files() const {
  const MutexLock lock(mutex_);
  return files_.size();
}

size_t PpdevEmulator::ClaimWaiters(const std::string& path) const {
  const MutexLock lock(mutex_);
  return PortAt(path).waiters();
}

void PpdevEmulator::AwaitClaimWaiters(const std::string& path, size_t count) const {
  const MutexLock lock(mutex_);
  const KernelPort& port = PortAt(path);
  while (port.waiters() < count) changed_.Wait(mutex_);
}

std::optional<int> PpdevEmulator::Holder(const std::string& path) const {
  const MutexLock lock(mutex_);
  const KernelPort& port = PortAt(path);
  for (const auto& [fd, file] : files_) {
    if (file->pdev != nullptr && port.holder() == file->pdev.get()) return fd;
  }
  return std::nullopt;
}

void PpdevEmulator::AdvanceTime(const std::string& path, Nanoseconds duration) {
  const MutexLock lock(mutex_);
  KernelPort& port = PortAt(path);
  port.RunUntil(port.scheduler().Now() + duration, [] { return false; });
}

void PpdevEmulator::WithPort(const std::string& path,
                             const std::function<void(sim::SimulatedPort&)>& action) {
  const MutexLock lock(mutex_);
  action(PortAt(path).sim());
}

// --- open and close (pp_open, pp_release) ------------------------------------------------------

int PpdevEmulator::DoOpen(const std::string& path, int flags) {
  const MutexLock lock(mutex_);
  if (const std::optional<int> error = TakeInjected(Call::kOpen)) return *error;
  return OpenLocked(NextDescriptor(), path, flags);
}

int PpdevEmulator::OpenAt(int fd, const std::string& path, int flags) {
  const MutexLock lock(mutex_);
  if (const std::optional<int> error = TakeInjected(Call::kOpen)) return *error;
  if (fd < 0 || files_.contains(fd)) return -EBADF;
  return OpenLocked(fd, path, flags);
}

int PpdevEmulator::NextDescriptor() const {
  int fd = options_.first_descriptor;
  while (files_.contains(fd)) ++fd;  // The lowest free number, as the kernel gives.
  return fd;
}

int PpdevEmulator::OpenLocked(int fd, const std::string& path, int flags) {
  KernelPort* port = FindPort(path);
  if (port == nullptr) return -ENOENT;
  if (port->vanished()) return -ENXIO;
  if (port->options().permission_denied) return -EACCES;
  auto file = std::make_shared<File>();
  file->fd = fd;
  file->port = port;
  file->status_flags = flags & ~kOpenOnlyFlags;
  file->close_on_exec = (flags & O_CLOEXEC) != 0;
  files_.emplace(fd, std::move(file));
  return fd;
}

int PpdevEmulator::DoClose(int fd) {
  const MutexLock lock(mutex_);
  if (const std::optional<int> error = TakeInjected(Call::kClose)) return *error;
  const auto it = files_.find(fd);
  if (it == files_.end()) return -EBADF;
  const FilePtr file = it->second;
  files_.erase(it);  // The descriptor is gone whatever follows, as close(2) leaves it.
  if (file->port->vanished()) {
    Forget(*file);
    return -ENODEV;
  }
  if (file->blocked > 0) {
    file->closed = true;  // The blocked call runs pp_release when it returns.
    return 0;
  }
  ReleaseFile(file);
  return 0;
}

void PpdevEmulator::ReleaseFile(const FilePtr& file) {
  File& f = *file;
  KernelPort& port = *f.port;
  bool back_to_compat = false;
  if (!f.claimed && f.pdev && f.state.mode != IEEE1284_MODE_COMPAT) {
    // "parport released, but not in compatibility mode": claim it back, waiting if need be.
    if (ClaimOrBlock(file) < 0) return Forget(f);
    f.claimed = true;
    TakeState(f);
    back_to_compat = true;
  } else if (f.claimed && f.pdev && port.info().mode != IEEE1284_MODE_COMPAT) {
    back_to_compat = true;
  }
  // "negotiated back to compatibility mode because user-space forgot".
  if (back_to_compat) (void)port.Negotiate(IEEE1284_MODE_COMPAT);
  port.ServiceInterrupts();
  if (f.claimed && f.pdev) Release(f);  // "released pardevice because user-space forgot".
  Forget(f);                            // parport_unregister_device.
}

void PpdevEmulator::FinishIfClosed(const FilePtr& file) {
  if (!file->closed || file->blocked > 0) return;
  file->closed = false;
  ReleaseFile(file);
}

// --- read and write (pp_read, pp_write) --------------------------------------------------------

ssize_t PpdevEmulator::DoRead(int fd, void* buffer, size_t size) {
  const MutexLock lock(mutex_);
  if (const std::optional<int> error = TakeInjected(Call::kRead)) return *error;
  int error = 0;
  const FilePtr file = FindFile(fd, &error);
  if (!file) return error;
  return ReadLocked(*file, buffer, size);
}

void PpdevEmulator::SetTransferTimeout(File& file) {
  // pp_read, pp_write: parport_set_timeout(pdev, O_NONBLOCK ? PARPORT_INACTIVITY_O_NONBLOCK :
  // pp->default_inactivity). Note the second: the timeout in force at PPCLAIM, not PPSETTIME's.
  file.pdev->timeout =
      file.nonblocking() ? detail::kInactivityNonBlocking : file.default_inactivity;
}

void PpdevEmulator::RestoreTimeout(File& file) {
  file.pdev->timeout = file.default_inactivity;  // And back, whatever PPSETTIME had set.
  file.port->EnableIrq();                        // pp_enable_irq.
}

ssize_t PpdevEmulator::ReadLocked(File& file, void* buffer, size_t size) {
  if (!file.claimed) return -EINVAL;  // "claim the port first".
  if (size == 0) return 0;            // "Trivial case."
  KernelPort& port = *file.port;
  // The mode as pp_read reads it before its loop: EPP goes to the port's EPP operations.
  const int mode = port.info().mode & ~(IEEE1284_DEVICEID | IEEE1284_ADDR);
  std::vector<uint8_t> kbuffer(std::min(size, kBufferSize));
  SetTransferTimeout(file);
  const Nanoseconds give_up = port.scheduler().Now() + options_.blocked_call_limit;
  ssize_t got = 0;
  while ((got = ReadChunk(file, kbuffer, mode == IEEE1284_MODE_EPP)) == 0) {
    if (file.nonblocking()) {
      got = -EAGAIN;
      break;
    }
    // A signal would end the kernel's loop with -ERESTARTSYS, which user space sees as EINTR.
    const Nanoseconds now = port.scheduler().Now();
    if (now >= give_up) {
      got = -EINTR;
      break;
    }
    port.RunUntil(std::min(now + kReadRetryStep, give_up), [] { return false; });
  }
  RestoreTimeout(file);
  if (got > 0 && buffer == nullptr) return -EFAULT;
  if (got > 0) std::memcpy(buffer, kbuffer.data(), static_cast<size_t>(got));
  return got;
}

ssize_t PpdevEmulator::ReadChunk(File& file, std::span<uint8_t> buffer, bool epp) {
  KernelPort& port = *file.port;
  ssize_t got = 0;
  if (epp) {
    const bool address = (port.info().mode & IEEE1284_ADDR) != 0;
    got = port.EppRead(buffer, address ? detail::EppRegister::kAddress : detail::EppRegister::kData,
                       (file.user_flags & PP_FASTREAD) != 0 ? detail::EppAccess::kFast
                                                            : detail::EppAccess::kByteByByte);
  } else {
    got = port.Read(buffer, {.inactivity = port.Jiffies(file.pdev->timeout),
                             .nonblocking = file.pdev->timeout <= detail::kInactivityNonBlocking});
  }
  port.ServiceInterrupts();
  return got;
}

ssize_t PpdevEmulator::DoWrite(int fd, const void* buffer, size_t size) {
  const MutexLock lock(mutex_);
  if (const std::optional<int> error = TakeInjected(Call::kWrite)) return *error;
  int error = 0;
  const FilePtr file = FindFile(fd, &error);
  if (!file) return error;
  return WriteLocked(*file, static_cast<const uint8_t*>(buffer), size);
}

ssize_t PpdevEmulator::WriteLocked(File& file, const uint8_t* buffer, size_t size) {
  if (!file.claimed) return -EINVAL;  // "claim the port first".
  if (size > 0 && buffer == nullptr) return -EFAULT;
  const int mode = file.port->info().mode & ~(IEEE1284_DEVICEID | IEEE1284_ADDR);
  const bool fast_epp = (file.user_flags & PP_FASTWRITE) != 0 && mode == IEEE1284_MODE_EPP;
  SetTransferTimeout(file);
  // The whole count, a PP_BUFFER_SIZE chunk at a time, until a chunk moves nothing; one chunk
  // only with O_NONBLOCK. Nothing moved at all: the chunk's own result (0, or an error).
  size_t written = 0;
  ssize_t result = 0;
  while (written < size) {
    const size_t chunk = std::min(size - written, kBufferSize);
    const ssize_t wrote = WriteChunk(file, {buffer + written, chunk}, fast_epp);
    if (wrote <= 0) {
      if (written == 0) result = wrote;
      break;
    }
    written += static_cast<size_t>(wrote);
    if (file.nonblocking()) break;
  }
  RestoreTimeout(file);
  return written > 0 ? static_cast<ssize_t>(written) : result;
}

ssize_t PpdevEmulator::WriteChunk(File& file, std::span<const uint8_t> chunk, bool fast_epp) {
  KernelPort& port = *file.port;
  ssize_t wrote = 0;
  if (fast_epp) {
    const bool address = (port.info().mode & IEEE1284_ADDR) != 0;
    wrote =
        port.EppWrite(chunk, address ? detail::EppRegister::kAddress : detail::EppRegister::kData,
                      detail::EppAccess::kFast);
  } else {
    wrote =
        port.Write(chunk, {.inactivity = port.Jiffies(file.pdev->timeout),
                           .nonblocking = file.pdev->timeout <= detail::kInactivityNonBlocking});
  }
  port.ServiceInterrupts();
  return wrote;
}

// --- poll, fcntl, ioperm -----------------------------------------------------------------------

int PpdevEmulator::DoPoll(int fd, short events, int timeout_ms) {
  const MutexLock lock(mutex_);
  if (const std::optional<int> error = TakeInjected(Call::kPoll)) return *error;
  if (!files_.contains(fd)) return POLLNVAL;  // poll(2) reports a bad descriptor in revents.
  int error = 0;
  const FilePtr file = FindFile(fd, &error);
  if (!file) return error;
  return PollLocked(*file, events, timeout_ms);
}

int PpdevEmulator::PollLocked(File& file, short events, int timeout_ms) {
  // pp_poll: readable while the interrupt count is not zero. Waiting lets virtual time run until
  // an interrupt comes or the timeout passes; a wait without a timeout ends as a signal would.
  KernelPort& port = *file.port;
  const auto ready = [&file, events] {
    return (events & (POLLIN | POLLRDNORM)) != 0 && file.pdev != nullptr &&
           file.pdev->irq_count > 0;
  };
  const Nanoseconds wait = timeout_ms < 0 ? options_.blocked_call_limit
                                          : Nanoseconds(std::chrono::milliseconds(timeout_ms));
  port.RunUntil(port.scheduler().Now() + wait, ready);
  if (!ready()) return timeout_ms < 0 ? -EINTR : 0;
  return (POLLIN | POLLRDNORM) & events;
}

int PpdevEmulator::DoPollOrWake(int fd, short events, int wake_fd) {
  while (true) {
    int ready = 0;
    std::shared_ptr<const backends::Wakeup> irq_wait;
    {
      const MutexLock lock(mutex_);
      irq_wait = ReadyOrWait(fd, events, &ready);
    }
    if (!irq_wait) return ready;
    std::array<pollfd, 2> entries{{{.fd = irq_wait->fd(), .events = POLLIN, .revents = 0},
                                   {.fd = wake_fd, .events = POLLIN, .revents = 0}}};
    if (::poll(entries.data(), entries.size(), -1) < 0 && errno != EINTR) return -errno;
    if ((entries[1].revents & POLLIN) != 0) return 0;
  }
}

std::shared_ptr<const backends::Wakeup> PpdevEmulator::ReadyOrWait(int fd, short events,
                                                                   int* ready) {
  if (const std::optional<int> error = TakeInjected(Call::kPoll)) {
    *ready = *error;
    return nullptr;
  }
  if (!files_.contains(fd)) {
    *ready = POLLNVAL;
    return nullptr;
  }
  const FilePtr file = FindFile(fd, ready);
  if (!file) return nullptr;
  if (file->pdev == nullptr) {
    *ready = -EINVAL;  // Not registered (no PPCLAIM yet): no interrupt can ever be counted.
    return nullptr;
  }
  if (!file->pdev->irq_wait) {
    file->pdev->irq_wait =
        std::make_shared<const backends::Wakeup>(backends::Wakeup::Create().value());
  }
  file->pdev->irq_wait->Clear();  // Under the lock: an interrupt after this look signals again.
  if ((events & (POLLIN | POLLRDNORM)) != 0 && file->pdev->irq_count > 0) {
    *ready = (POLLIN | POLLRDNORM) & events;
    return nullptr;
  }
  return file->pdev->irq_wait;
}

int PpdevEmulator::DoFcntl(int fd, int command, int argument) {
  const MutexLock lock(mutex_);
  if (const std::optional<int> error = TakeInjected(Call::kFcntl)) return *error;
  int error = 0;
  const FilePtr file = FindFile(fd, &error);
  if (!file) return error;
  return FcntlLocked(*file, command, argument);
}

int PpdevEmulator::FcntlLocked(File& file, int command, int argument) {
  switch (command) {
    case F_GETFL: return file.status_flags;
    case F_SETFL:
      // setfl (fs/fcntl.c): O_DIRECT needs a file that can do it, which a device node cannot.
      if ((argument & O_DIRECT) != 0) return -EINVAL;
      file.status_flags = (file.status_flags & ~kSetFlMask) | (argument & kSetFlMask);
      return 0;
    case F_GETFD: return file.close_on_exec ? FD_CLOEXEC : 0;
    case F_SETFD: file.close_on_exec = (argument & FD_CLOEXEC) != 0; return 0;
    default: return -EINVAL;
  }
}

// ioperm(2) is no ppdev call: a fake kernel has no I/O ports to give.
int PpdevEmulator::DoIoperm(unsigned long, unsigned long, bool) { return -ENOSYS; }

// An advisory lock that always succeeds: clients of the emulator wait for each other in PPCLAIM,
// which blocks here without holding a lock every other file's calls need (the kernel's does:
// ppdev.h of the backends says why its clients take a flock first).
int PpdevEmulator::DoFlock(int fd, int) {
  const MutexLock lock(mutex_);
  int error = 0;
  return FindFile(fd, &error) ? 0 : error;
}

}  // namespace parclass::ppdev_sim
