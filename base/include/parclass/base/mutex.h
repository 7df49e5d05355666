// Mutex, MutexLock and CondVar: the one mutex type of parclass, with Clang's thread-safety
// annotations (parclass/base/thread_annotations.h). libstdc++'s std::mutex and std::lock_guard
// carry none, so Clang can check nothing through them; with these, a clang build (-Wthread-safety,
// preset `clang`) refuses to compile a read of a PARCLASS_GUARDED_BY member without its mutex, a
// call of a PARCLASS_REQUIRES helper without it, and a PARCLASS_EXCLUDES function called with it
// held. GCC compiles the same code unchecked.
//
//   class Counter {
//    public:
//     void Bump() PARCLASS_EXCLUDES(mutex_) {
//       const MutexLock lock(mutex_);
//       ++count_;
//       changed_.NotifyAll();
//     }
//     void AwaitAtLeast(int count) PARCLASS_EXCLUDES(mutex_) {
//       const MutexLock lock(mutex_);
//       while (count_ < count) changed_.Wait(mutex_);
//     }
//
//    private:
//     mutable Mutex mutex_;
//     CondVar changed_;  // count_ grew.
//     int count_ PARCLASS_GUARDED_BY(mutex_) = 0;
//   };
//
// Waits are loops over CondVar::Wait, never predicate lambdas: the analysis does not know that a
// lambda runs under the caller's lock, and the loop says the same thing in the caller's scope.

#ifndef PARCLASS_BASE_MUTEX_H_
#define PARCLASS_BASE_MUTEX_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stop_token>
#include <thread>

#include "parclass/base/thread_annotations.h"

namespace parclass {

// std::mutex as a capability, which also knows the thread that holds it, for AssertHeld().
class PARCLASS_CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void Lock() PARCLASS_ACQUIRE() {
    mutex_.lock();
    owner_.store(std::this_thread::get_id(), std::memory_order_relaxed);
  }
  void Unlock() PARCLASS_RELEASE() {
    owner_.store(std::thread::id(), std::memory_order_relaxed);
    mutex_.unlock();
  }
  // A bug unless the calling thread holds the mutex. Also tells the analysis so, where it cannot
  // see the lock (a callback the lock holder makes through a function pointer).
  void AssertHeld() const PARCLASS_ASSERT_CAPABILITY(this);

 private:
  std::mutex mutex_;
  std::atomic<std::thread::id> owner_;  // Set only by the holder, so relaxed is enough.
};

// Holds a Mutex for one scope.
class PARCLASS_SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mutex) PARCLASS_ACQUIRE(mutex) : mutex_(mutex) { mutex_.Lock(); }
  ~MutexLock() PARCLASS_RELEASE() { mutex_.Unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex& mutex_;
};

// A condition variable for a Mutex. Each wait releases the mutex while it sleeps and holds it
// again on return; a return says only that it may be worth looking again (a notification, a
// spurious wake-up, a timeout or a stop), so callers wait in a loop over their condition. A wait
// by a thread that does not hold the mutex is a bug, asserted in every build.
class CondVar {
 public:
  void Wait(Mutex& mutex) PARCLASS_REQUIRES(mutex);
  // False once `until` has passed.
  bool WaitUntil(Mutex& mutex, std::chrono::steady_clock::time_point until)
      PARCLASS_REQUIRES(mutex);
  // False once a stop is requested on `cancel` (before the wait too); a stop wakes the waiter.
  bool Wait(Mutex& mutex, const std::stop_token& cancel) PARCLASS_REQUIRES(mutex);

  void NotifyOne() { cv_.notify_one(); }
  void NotifyAll() { cv_.notify_all(); }

 private:
  std::condition_variable_any cv_;  // _any: it waits on a Mutex, and can be woken by a stop.
};

}  // namespace parclass

#endif  // PARCLASS_BASE_MUTEX_H_
