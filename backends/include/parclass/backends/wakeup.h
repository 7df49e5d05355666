// Wakeup: a descriptor another thread makes readable, to end a wait in poll() cleanly.
//
// A thread blocked in poll() on a device (a ppdev interrupt wait) has no timeout to notice that
// its owner is closing; the owner signals a Wakeup that sits in the same poll set. It is always
// one of the machine's own descriptors (an eventfd), also under a fake kernel or the ppdev
// preload library, which pass calls on it to the C library.
//
//   Result<Wakeup> wakeup = Wakeup::Create();
//   os.PollOrWake(fd, POLLIN, wakeup->fd());   // on the waiting thread
//   wakeup->Signal();                          // on the closing one: the wait returns 0
//
// Signal stays in effect until Clear: a wait that starts after it returns at once.

#ifndef PARCLASS_BACKENDS_WAKEUP_H_
#define PARCLASS_BACKENDS_WAKEUP_H_

#include "parclass/base/result.h"

namespace parclass::backends {

class Wakeup {
 public:
  // Errors: kIoError when the kernel gives no eventfd (out of descriptors).
  static Result<Wakeup> Create();
  ~Wakeup();
  Wakeup(Wakeup&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Wakeup& operator=(Wakeup&&) = delete;
  Wakeup(const Wakeup&) = delete;
  Wakeup& operator=(const Wakeup&) = delete;

  int fd() const { return fd_; }
  // Makes fd() readable; safe from any thread, any number of times.
  void Signal() const;
  // Makes fd() unreadable again.
  void Clear() const;

 private:
  explicit Wakeup(int fd) : fd_(fd) {}

  int fd_;
};

}  // namespace parclass::backends

#endif  // PARCLASS_BACKENDS_WAKEUP_H_
