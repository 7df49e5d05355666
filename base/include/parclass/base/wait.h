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

#ifndef PARCLASS_BASE_WAIT_H_
#define PARCLASS_BASE_WAIT_H_

#include <algorithm>
#include <chrono>
#include <concepts>

#include "parclass/base/clock.h"
#include "parclass/base/result.h"

namespace parclass {

struct PollPolicy {
  Nanoseconds fast_for = std::chrono::microseconds(500);     // Linux's default spintime.
  Nanoseconds fast_interval = std::chrono::microseconds(5);  // parport_poll_peripheral's step.
  Nanoseconds slow_interval = std::chrono::milliseconds(1);  // Finer than Linux's 10 ms slices.
};

// Evaluates `condition` until it returns true (Ok) or `deadline` passes (Errc::kTimeout). The
// condition is evaluated once more at the deadline itself, so a condition that became true during
// the last sleep is never reported as a timeout.
template <std::predicate Condition>
Result<void> WaitFor(Clock& clock, Deadline deadline, Condition&& condition,
                     const PollPolicy& policy = {}) {
  const Nanoseconds start = clock.Now();
  while (true) {
    if (condition()) return Ok();
    const Nanoseconds now = clock.Now();
    if (deadline.PassedAt(now)) {
      return Error(Errc::kTimeout, "condition not met before the deadline");
    }
    const Nanoseconds interval =
        now - start < policy.fast_for ? policy.fast_interval : policy.slow_interval;
    clock.SleepFor(std::min(interval, deadline.RemainingAt(now)));
  }
}

}  // namespace parclass

#endif  // PARCLASS_BASE_WAIT_H_
