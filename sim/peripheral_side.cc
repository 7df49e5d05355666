#include "parclass/sim/peripheral_side.h"

#include <algorithm>

namespace parclass::sim {

void PeripheralSide::Emit(int event, Nanoseconds delay, std::function<void()> action) {
  if (faults_.never.contains(event)) return;
  const auto late = faults_.late.find(event);
  After(late == faults_.late.end() ? delay : delay + late->second, std::move(action));
}

void PeripheralSide::After(Nanoseconds delay, std::function<void()> action) {
  if (vanished_) return;
  // Forget timers that have run, so the list stays as short as what is pending.
  Scheduler& scheduler = cable_.scheduler();
  std::erase_if(timers_, [&](EventId id) { return !scheduler.is_pending(id); });
  timers_.push_back(scheduler.ScheduleAfter(delay, [this, action = std::move(action)] {
    if (!vanished_) action();
  }));
}

void PeripheralSide::CancelTimers() {
  for (EventId id : timers_) cable_.scheduler().Cancel(id);
  timers_.clear();
}

void PeripheralSide::Drive(LineLevels levels) {
  if (vanished_) return;
  cable_.DriveLevels(Side::kPeripheral, levels);
  cable_.Settle();
}

void PeripheralSide::DriveData(uint8_t byte) {
  if (vanished_) return;
  cable_.DriveData(Side::kPeripheral, byte);
  cable_.Settle();
}

void PeripheralSide::ReleaseData() {
  if (vanished_) return;
  cable_.ReleaseData(Side::kPeripheral);
  cable_.Settle();
}

void PeripheralSide::Vanish() {
  CancelTimers();
  (kStatusLines | kControlLines | kDataLines).ForEach([this](Line line) {
    cable_.Drive(Side::kPeripheral, line, sim::Drive::kRelease);
  });
  cable_.Settle();
  vanished_ = true;
  Note("peripheral vanished: its lines float");
}

void PeripheralSide::Note(std::string what) {
  cable_.trace().Record({Now(), sim::Note{std::move(what)}});
}

}  // namespace parclass::sim
