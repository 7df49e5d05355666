#include "parclass/base/mutex.h"

#include <gtest/gtest.h>

#include <chrono>
#include <stop_token>
#include <thread>

namespace parclass {
namespace {

// A flag set by another thread, under the lock, and waited for.
class Flag {
 public:
  void Set() PARCLASS_EXCLUDES(mutex_) {
    const MutexLock lock(mutex_);
    set_ = true;
    changed_.NotifyAll();
  }
  void Await() PARCLASS_EXCLUDES(mutex_) {
    const MutexLock lock(mutex_);
    while (!set_) changed_.Wait(mutex_);
    mutex_.AssertHeld();  // Held again after the wait.
  }
  // Waits until set or stopped; returns whether it was set.
  bool Await(const std::stop_token& cancel) PARCLASS_EXCLUDES(mutex_) {
    const MutexLock lock(mutex_);
    while (!set_) {
      if (!changed_.Wait(mutex_, cancel)) return false;
    }
    return true;
  }
  bool AwaitUntil(std::chrono::steady_clock::time_point until) PARCLASS_EXCLUDES(mutex_) {
    const MutexLock lock(mutex_);
    while (!set_) {
      if (!changed_.WaitUntil(mutex_, until)) return false;
    }
    return true;
  }
  Mutex& mutex() PARCLASS_RETURN_CAPABILITY(mutex_) { return mutex_; }

 private:
  Mutex mutex_;
  CondVar changed_;
  bool set_ PARCLASS_GUARDED_BY(mutex_) = false;
};

TEST(MutexTest, AssertHeldPassesUnderTheLock) {
  Mutex mutex;
  const MutexLock lock(mutex);
  mutex.AssertHeld();
}

TEST(MutexDeathTest, AssertHeldWithoutTheLockIsABug) {
  Mutex mutex;
  EXPECT_DEATH(mutex.AssertHeld(), "without it");
}

TEST(MutexDeathTest, AssertHeldWhileAnotherThreadHoldsItIsABug) {
  Flag flag;
  const MutexLock lock(flag.mutex());
  EXPECT_DEATH(std::thread([&flag] { flag.mutex().AssertHeld(); }).join(), "without it");
}

// The mistake the analysis refuses to compile, made anyway.
void WaitWithoutTheLock(CondVar& changed, Mutex& mutex) PARCLASS_NO_THREAD_SAFETY_ANALYSIS {
  changed.Wait(mutex);
}

TEST(CondVarDeathTest, WaitingWithoutTheLockIsABug) {
  Mutex mutex;
  CondVar changed;
  EXPECT_DEATH(WaitWithoutTheLock(changed, mutex), "without it");
}

TEST(CondVarTest, WaitEndsWhenAnotherThreadNotifies) {
  Flag flag;
  std::jthread setter([&flag] { flag.Set(); });
  flag.Await();
}

TEST(CondVarTest, StopWakesAWaiter) {
  Flag flag;
  std::stop_source stop;
  std::jthread stopper([&stop] { stop.request_stop(); });
  EXPECT_FALSE(flag.Await(stop.get_token()));
}

TEST(CondVarTest, StopRequestedBeforeTheWaitEndsItAtOnce) {
  Flag flag;
  std::stop_source stop;
  stop.request_stop();
  EXPECT_FALSE(flag.Await(stop.get_token()));
}

TEST(CondVarTest, WaitWithAStopTokenSeesANotification) {
  Flag flag;
  std::stop_source stop;
  std::jthread setter([&flag] { flag.Set(); });
  EXPECT_TRUE(flag.Await(stop.get_token()));
}

TEST(CondVarTest, WaitUntilAPassedInstantTimesOut) {
  Flag flag;
  EXPECT_FALSE(flag.AwaitUntil(std::chrono::steady_clock::now() - std::chrono::seconds(1)));
}

}  // namespace
}  // namespace parclass
