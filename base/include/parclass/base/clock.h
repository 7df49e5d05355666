// Time, injected. No layer reads the system clock or sleeps directly: each is handed a Clock.
//
// VirtualClock is the simulator's: time stands still until someone advances it (by sleeping on it
// or explicitly), so tests are instant and deterministic. SteadyClock is the real one: monotonic,
// and its waits spin for short delays (as a port driver's udelay does) and sleep for long ones.
//
//   VirtualClock clock;
//   Deadline tl = Deadline::After(clock, kPeripheralResponseLimit);   // 35 ms from now
//   clock.SleepFor(std::chrono::microseconds(5));                      // now = 5 us, instantly
//   tl.PassedAt(clock.Now());                                          // false

#ifndef PARCLASS_BASE_CLOCK_H_
#define PARCLASS_BASE_CLOCK_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>

namespace parclass {

// Durations and instants are integer nanoseconds; an instant is the time since its clock's epoch.
using Nanoseconds = std::chrono::nanoseconds;

class Clock {
 public:
  virtual ~Clock() = default;

  // Time since this clock's epoch. Never decreases.
  virtual Nanoseconds Now() const = 0;
  // Returns once at least `duration` has passed. A zero or negative duration returns at once.
  virtual void SleepFor(Nanoseconds duration) = 0;
  // Whether time passes while nobody advances it (real time), or only when someone sleeps on the
  // clock or advances it (virtual time): how a waiter notices a deadline.
  virtual bool passes_by_itself() const = 0;
};

// Simulated time: advances only when asked, by whole nanoseconds. Safe to read from any thread.
class VirtualClock : public Clock {
 public:
  explicit VirtualClock(Nanoseconds start = Nanoseconds(0)) : now_ns_(start.count()) {}

  Nanoseconds Now() const override { return Nanoseconds(now_ns_.load()); }
  // Advances time by `duration`: a sleeper on virtual time never blocks.
  void SleepFor(Nanoseconds duration) override;
  bool passes_by_itself() const override { return false; }

  // Moves time forward to `instant`; moving it backwards is a bug.
  void AdvanceTo(Nanoseconds instant);

 private:
  std::atomic<int64_t> now_ns_;
};

// Wall-clock time from std::chrono::steady_clock, with its epoch at construction.
class SteadyClock final : public Clock {
 public:
  // Waits up to this long are spun, so that microsecond protocol delays are kept; longer waits
  // sleep until this much is left and spin the rest.
  static constexpr Nanoseconds kSpinLimit = std::chrono::microseconds(50);

  SteadyClock();
  Nanoseconds Now() const override;
  void SleepFor(Nanoseconds duration) override;
  bool passes_by_itself() const override { return true; }

 private:
  std::chrono::steady_clock::time_point epoch_;
};

// An instant by which something must happen, or never.
class Deadline {
 public:
  static constexpr Deadline At(Nanoseconds instant) { return Deadline(instant); }
  static Deadline After(const Clock& clock, Nanoseconds duration) {
    return Deadline(clock.Now() + duration);
  }
  static constexpr Deadline Never() { return Deadline(Nanoseconds::max()); }
  // The earlier of two deadlines: a per-event limit inside a whole-transfer limit.
  static constexpr Deadline Earlier(Deadline a, Deadline b) { return a.at_ < b.at_ ? a : b; }

  constexpr bool is_never() const { return at_ == Nanoseconds::max(); }
  constexpr Nanoseconds at() const { return at_; }
  constexpr bool PassedAt(Nanoseconds now) const { return now >= at_; }
  // Time left at `now`, zero once passed.
  constexpr Nanoseconds RemainingAt(Nanoseconds now) const {
    return PassedAt(now) ? Nanoseconds(0) : at_ - now;
  }

  friend constexpr bool operator==(Deadline, Deadline) = default;

 private:
  constexpr explicit Deadline(Nanoseconds at) : at_(at) {}
  Nanoseconds at_;
};

}  // namespace parclass

#endif  // PARCLASS_BASE_CLOCK_H_
