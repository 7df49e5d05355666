// Waiting for a condition, with a deadline, over an injected Clock.
//
// The one waiting primitive of parclass, modelled on Linux parport_wait_peripheral: poll fast for
// a short while (a peripheral usually answers within microseconds), then poll slowly until the
// deadline. On a VirtualClock each sleep advances simulated time, so the simulated peripheral gets
// to act between polls and the wait costs no wall-clock time.
//
//   // Event 5: wait for the peripheral to set nAck high, at most tL.
//   LineLevels seen;
//   Result<void> waited = WaitFor(clock, Deadline::After(clock, kTl), [&] {
//     seen = hw::Dsr::Get().ReadFrom(io).lines();
//     return kEvent6.MatchedBy(seen);
//   });
//   if (!waited) return Error(waited.error()).set_event(6).set_lines(kEvent6, seen);
//
// A waiter that knows roughly when the condition comes (a FIFO load that took 30 us last time)
// polls on a Backoff instead: a first step, then doubling up to a longest one.
//
//   WaitFor(clock, limit, [&] { return ReadEcr().empty(); }, Backoff(us(2), us(32)));

#ifndef PARCLASS_BASE_WAIT_H_
#define PARCLASS_BASE_WAIT_H_

#include <algorithm>
#include <chrono>
#include <concepts>

#include "parclass/base/clock.h"
#include "parclass/base/result.h"

namespace parclass {

// How long to sleep between polls, given how long the wait has lasted so far.
template <typename Schedule>
concept PollSchedule = requires(Schedule schedule, Nanoseconds waited) {
  { schedule.IntervalAfter(waited) } -> std::convertible_to<Nanoseconds>;
};

// Fast polls for a while, then slow ones: parport_wait_peripheral's shape, for a wait on a
// peripheral that usually answers within microseconds.
struct PollPolicy {
  Nanoseconds fast_for = std::chrono::microseconds(500);     // Linux's default spintime.
  Nanoseconds fast_interval = std::chrono::microseconds(5);  // parport_poll_peripheral's step.
  Nanoseconds slow_interval = std::chrono::milliseconds(1);  // Finer than Linux's 10 ms slices.

  Nanoseconds IntervalAfter(Nanoseconds waited) const {
    return waited < fast_for ? fast_interval : slow_interval;
  }
};

// `first`, then twice the last interval, never more than `longest`; Backoff(step, step) polls
// every `step`. For a wait whose end is roughly known, so that a late condition costs few polls.
class Backoff {
 public:
  constexpr Backoff(Nanoseconds first, Nanoseconds longest) : next_(first), longest_(longest) {}

  Nanoseconds IntervalAfter(Nanoseconds /*waited*/) {
    const Nanoseconds interval = next_;
    next_ = std::min(2 * next_, longest_);
    return interval;
  }

 private:
  Nanoseconds next_;
  Nanoseconds longest_;
};

// Evaluates `condition` until it returns true (Ok) or `deadline` passes (Errc::kTimeout),
// sleeping as `schedule` says between evaluations. The condition is evaluated once more at the
// deadline itself, so a condition that became true during the last sleep is never reported as a
// timeout.
template <std::predicate Condition, PollSchedule Schedule = PollPolicy>
Result<void> WaitFor(Clock& clock, Deadline deadline, Condition&& condition,
                     Schedule schedule = {}) {
  const Nanoseconds start = clock.Now();
  while (true) {
    if (condition()) return Ok();
    const Nanoseconds now = clock.Now();
    if (deadline.PassedAt(now)) {
      return Error(Errc::kTimeout, "condition not met before the deadline");
    }
    clock.SleepFor(
        std::min<Nanoseconds>(schedule.IntervalAfter(now - start), deadline.RemainingAt(now)));
  }
}

}  // namespace parclass

#endif  // PARCLASS_BASE_WAIT_H_
