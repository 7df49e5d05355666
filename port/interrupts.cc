#include "parclass/port/interrupts.h"

#include <algorithm>

namespace parclass::port {

NtStatus InterruptRoutines::Connect(const InterruptRoutine& routine) {
  if (routine.service == nullptr) return NtStatus::kInvalidParameter;
  const MutexLock lock(mutex_);
  if (std::ranges::find(routines_, routine) != routines_.end()) {
    return NtStatus::kInvalidParameter;
  }
  routines_.push_back(routine);
  return NtStatus::kSuccess;
}

NtStatus InterruptRoutines::Disconnect(const InterruptRoutine& routine) {
  const MutexLock lock(mutex_);
  const auto found = std::ranges::find(routines_, routine);
  if (found == routines_.end()) return NtStatus::kInvalidParameter;
  routines_.erase(found);
  return NtStatus::kSuccess;
}

size_t InterruptRoutines::size() const {
  const MutexLock lock(mutex_);
  return routines_.size();
}

std::vector<InterruptRoutine> InterruptRoutines::Snapshot() const {
  const MutexLock lock(mutex_);
  return routines_;
}

bool InterruptRoutines::Service() {
  bool handled = false;
  for (const InterruptRoutine& routine : Snapshot()) {
    handled = routine.service(interrupt_, routine.service_context) || handled;
  }
  return handled;
}

void InterruptRoutines::RunDeferred() {
  for (const InterruptRoutine& routine : Snapshot()) {
    if (routine.deferred != nullptr) routine.deferred(routine.deferred_context);
  }
}

}  // namespace parclass::port
