#include "parclass/backends/interrupt_gate.h"

#include <utility>

namespace parclass::backends {

Result<std::unique_ptr<InterruptGate>> InterruptGate::Create() {
  Wakeup kick = PARCLASS_TRY(Wakeup::Create());
  return std::unique_ptr<InterruptGate>(new InterruptGate(std::move(kick)));
}

void InterruptGate::EnterLoop() {
  const MutexLock lock(mutex_);
  ++loops_;
  if (polling_) kick_.Signal();
  while (polling_) changed_.Wait(mutex_);
}

void InterruptGate::LeaveLoop() {
  const MutexLock lock(mutex_);
  if (--loops_ == 0) changed_.NotifyAll();
}

std::optional<int> InterruptGate::EnterPoll(const std::stop_token& stop) {
  const MutexLock lock(mutex_);
  while (loops_ > 0) {
    if (!changed_.Wait(mutex_, stop)) return std::nullopt;
  }
  // A kick is for a poll that has ended; a stop that came before the clear is seen below, and one
  // that comes after it kicks the poll to come.
  kick_.Clear();
  if (stop.stop_requested()) return std::nullopt;
  polling_ = true;
  return kick_.fd();
}

void InterruptGate::LeavePoll() {
  const MutexLock lock(mutex_);
  polling_ = false;
  changed_.NotifyAll();
}

}  // namespace parclass::backends
