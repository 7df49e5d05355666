#include "parclass/base/mutex.h"

#include <utility>

#include "parclass/base/assert.h"

namespace parclass {
namespace {

// The mutex as condition_variable_any unlocks and locks it around a wait. The analysis cannot
// follow the mutex into the standard library; the caller of each wait holds it before and after.
class Relock {
 public:
  explicit Relock(Mutex& mutex) : mutex_(mutex) {}
  void lock() PARCLASS_NO_THREAD_SAFETY_ANALYSIS { mutex_.Lock(); }
  void unlock() PARCLASS_NO_THREAD_SAFETY_ANALYSIS { mutex_.Unlock(); }

 private:
  Mutex& mutex_;
};

}  // namespace

void Mutex::AssertHeld() const {
  PARCLASS_ASSERT(owner_.load(std::memory_order_relaxed) == std::this_thread::get_id(),
                  "a function that needs the mutex was called without it");
}

void CondVar::Wait(Mutex& mutex) {
  mutex.AssertHeld();
  Relock relock(mutex);
  cv_.wait(relock);
}

bool CondVar::WaitUntil(Mutex& mutex, std::chrono::steady_clock::time_point until) {
  mutex.AssertHeld();
  Relock relock(mutex);
  return cv_.wait_until(relock, until) == std::cv_status::no_timeout;
}

bool CondVar::Wait(Mutex& mutex, const std::stop_token& cancel) {
  mutex.AssertHeld();
  Relock relock(mutex);
  // The standard's stop-aware wait takes a predicate, which it asks before each sleep: false the
  // first time (sleep once), true after.
  bool slept = false;
  cv_.wait(relock, cancel, [&slept] { return std::exchange(slept, true); });
  return !cancel.stop_requested();
}

}  // namespace parclass
