#include "parclass/base/clock.h"

#include <thread>

#include "parclass/base/assert.h"

namespace parclass {

void VirtualClock::SleepFor(Nanoseconds duration) {
  if (duration > Nanoseconds(0)) now_ns_.fetch_add(duration.count());
}

void VirtualClock::AdvanceTo(Nanoseconds instant) {
  int64_t now = now_ns_.load();
  PARCLASS_ASSERT(instant.count() >= now, "virtual time cannot move backwards");
  // Another thread may advance time concurrently; time only ever moves to the later instant.
  while (now < instant.count() && !now_ns_.compare_exchange_weak(now, instant.count())) {
  }
}

SteadyClock::SteadyClock() : epoch_(std::chrono::steady_clock::now()) {}

Nanoseconds SteadyClock::Now() const {
  return std::chrono::duration_cast<Nanoseconds>(std::chrono::steady_clock::now() - epoch_);
}

void SteadyClock::SleepFor(Nanoseconds duration) {
  const Nanoseconds until = Now() + duration;
  if (duration > kSpinLimit) std::this_thread::sleep_for(duration - kSpinLimit);
  while (Now() < until) {
    // Spin: the remaining delay is too short to trust to the scheduler.
  }
}

}  // namespace parclass
