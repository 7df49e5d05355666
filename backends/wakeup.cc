#include "parclass/backends/wakeup.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include "parclass/backends/syscalls.h"

namespace parclass::backends {

Result<Wakeup> Wakeup::Create() {
  const int fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (fd < 0) return Error(Errc::kIoError, "eventfd: " + ErrnoName(errno));
  return Wakeup(fd);
}

Wakeup::~Wakeup() {
  if (fd_ >= 0) ::close(fd_);
}

void Wakeup::Signal() const {
  const uint64_t one = 1;
  // A full counter (2^64 - 2 signals) is still readable: nothing is lost by ignoring EAGAIN.
  (void)!::write(fd_, &one, sizeof(one));
}

void Wakeup::Clear() const {
  uint64_t count = 0;
  (void)!::read(fd_, &count, sizeof(count));  // EAGAIN: it was clear already.
}

}  // namespace parclass::backends
