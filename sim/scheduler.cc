#include "parclass/sim/scheduler.h"

#include <algorithm>

#include "parclass/base/assert.h"

namespace parclass::sim {

EventId Scheduler::ScheduleAt(Nanoseconds instant, Callback callback) {
  PARCLASS_ASSERT(instant >= Now(), "an event cannot be scheduled in the past");
  const uint64_t sequence = next_sequence_++;
  heap_.push_back({instant, sequence, std::move(callback)});
  std::push_heap(heap_.begin(), heap_.end(), Later());
  live_.insert(sequence);
  return EventId{sequence};
}

void Scheduler::Cancel(EventId id) { live_.erase(static_cast<uint64_t>(id)); }

void Scheduler::SleepFor(Nanoseconds duration) {
  if (duration > Nanoseconds(0)) RunUntil(Now() + duration);
}

void Scheduler::RunUntil(Nanoseconds instant) {
  while (RunNextDueBy(instant)) {
  }
  AdvanceTo(instant);
}

bool Scheduler::RunUntil(const std::function<bool()>& condition, Nanoseconds deadline) {
  while (!condition()) {
    if (!RunNextDueBy(deadline)) {
      AdvanceTo(std::max(deadline, Now()));
      return condition();
    }
  }
  return true;
}

std::optional<Nanoseconds> Scheduler::next_event() {
  SkipCancelled();
  if (heap_.empty()) return std::nullopt;
  return heap_.front().at;
}

void Scheduler::SkipCancelled() {
  while (!heap_.empty() && !live_.contains(heap_.front().sequence)) {
    std::pop_heap(heap_.begin(), heap_.end(), Later());
    heap_.pop_back();
  }
}

bool Scheduler::RunNextDueBy(Nanoseconds limit) {
  SkipCancelled();
  if (heap_.empty() || heap_.front().at > limit) return false;
  std::pop_heap(heap_.begin(), heap_.end(), Later());
  Event event = std::move(heap_.back());
  heap_.pop_back();
  live_.erase(event.sequence);
  AdvanceTo(event.at);
  event.callback();
  return true;
}

}  // namespace parclass::sim
