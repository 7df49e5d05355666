// The simulator's time: a VirtualClock that runs scheduled events as time advances.
//
// Time moves only when someone sleeps on the clock (a driver polling a status line), or the
// simulation is run explicitly. Events due at the same instant run in the order they were
// scheduled, so a simulation is deterministic: the same inputs give the same trace, every run.
//
//   Scheduler scheduler;
//   scheduler.ScheduleAfter(std::chrono::microseconds(3), [&] { peripheral.RaiseBusy(); });
//   scheduler.SleepFor(std::chrono::microseconds(5));   // runs the event at t = 3 us, ends at 5 us
//
// The scheduler is not thread-safe: one thread drives a simulated port at a time (the port
// layer's arbitration sees to that).

#ifndef PARCLASS_SIM_SCHEDULER_H_
#define PARCLASS_SIM_SCHEDULER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <unordered_set>
#include <vector>

#include "parclass/base/clock.h"

namespace parclass::sim {

// Identifies a scheduled event, to cancel it.
enum class EventId : uint64_t {};

class Scheduler final : public VirtualClock {
 public:
  using Callback = std::function<void()>;

  // Runs `callback` at `instant`, which must not be in the past.
  EventId ScheduleAt(Nanoseconds instant, Callback callback);
  EventId ScheduleAfter(Nanoseconds delay, Callback callback) {
    return ScheduleAt(Now() + delay, std::move(callback));
  }
  // Cancels an event that has not run yet; cancelling one that ran or was cancelled is harmless.
  void Cancel(EventId id);

  // Advances time by `duration`, running every event due on the way, each at its own instant.
  void SleepFor(Nanoseconds duration) override;
  // Advances time to `instant`, running every event due up to and including it.
  void RunUntil(Nanoseconds instant);
  // Runs events in order until `condition` holds (checked at the start and after each event) or
  // time reaches `deadline`. Returns whether the condition holds.
  bool RunUntil(const std::function<bool()>& condition, Nanoseconds deadline);

  // Events scheduled and not yet run or cancelled.
  size_t pending() const { return live_.size(); }
  bool is_pending(EventId id) const { return live_.contains(static_cast<uint64_t>(id)); }
  // The instant of the next event, if any.
  std::optional<Nanoseconds> next_event();

 private:
  struct Event {
    Nanoseconds at;
    uint64_t sequence;  // Breaks ties: earlier scheduled runs first.
    Callback callback;
  };
  // Orders the heap so that its front is the earliest event.
  struct Later {
    bool operator()(const Event& a, const Event& b) const {
      return a.at != b.at ? a.at > b.at : a.sequence > b.sequence;
    }
  };

  // Drops cancelled events from the top of the queue.
  void SkipCancelled();
  // Runs the next event if it is due by `limit`; returns whether one ran.
  bool RunNextDueBy(Nanoseconds limit);

  std::vector<Event> heap_;            // A min-heap on (at, sequence).
  std::unordered_set<uint64_t> live_;  // Sequences of events neither run nor cancelled.
  uint64_t next_sequence_ = 0;
};

}  // namespace parclass::sim

#endif  // PARCLASS_SIM_SCHEDULER_H_
