#include "parclass/sim/cable.h"

#include <vector>

#include "parclass/base/assert.h"

namespace parclass::sim {

Cable::Cable(Scheduler& scheduler, Trace& trace)
    : scheduler_(scheduler), trace_(trace), id_(trace.AddCable()) {
  kControlLines.ForEach([this](Line line) { state(line).open_collector = true; });
  // Nobody drives anything yet: open-collector lines are pulled up, the others float.
  for (LineState& line : lines_) line.value = Resolve(line);
}

Cable::~Cable() {
  if (settle_event_) scheduler_.Cancel(*settle_event_);
}

void Cable::Drive(Side side, Line line, sim::Drive drive) {
  state(line).staged[Index(side)] = drive;
  staged_ = true;
  if (!settle_event_) {
    // Whoever staged this may settle at once; if not, the change lands at this same instant,
    // before anything later happens.
    settle_event_ = scheduler_.ScheduleAfter(Nanoseconds(0), [this] {
      settle_event_.reset();
      Settle();
    });
  }
}

void Cable::DriveLevels(Side side, LineLevels levels) {
  levels.known().ForEach([&](Line line) { Drive(side, line, DriveFor(levels.level(line))); });
}

void Cable::DriveData(Side side, uint8_t byte) {
  for (int bit = 0; bit < 8; ++bit) {
    Drive(side, DataLine(bit), DriveFor(LevelOf(((byte >> bit) & 1) != 0)));
  }
}

void Cable::ReleaseData(Side side) {
  kDataLines.ForEach([&](Line line) { Drive(side, line, sim::Drive::kRelease); });
}

void Cable::Settle() {
  // Called again from an observer of this cable, Settle leaves the staged drives to the delta
  // cycle loop already running below it.
  if (settling_) return;
  settling_ = true;
  for (int cycle = 0; staged_; ++cycle) {
    if (cycle == kMaxDeltaCycles) {
      // Give up on this instant: what is still staged is dropped, so that the oscillation does
      // not start again.
      for (LineState& line : lines_) line.staged = line.drive;
      staged_ = false;
      trace_.Record({scheduler_.Now(), GuestError{"models oscillate: the cable never settled"}});
      break;
    }
    const Delta delta = ApplyStaged();
    const bool redriven = !delta.redriven[0].empty() || !delta.redriven[1].empty();
    if (!delta.changed.empty() || redriven) Notify(delta);
  }
  settling_ = false;
}

LineLevels Cable::levels(LineSet lines) const {
  LineLevels result;
  lines.ForEach([&](Line line) { result = result.with(line, level(line)); });
  return result;
}

uint8_t Cable::data() const {
  uint8_t byte = 0;
  for (int bit = 0; bit < 8; ++bit) {
    if (level(DataLine(bit)) == Level::kHigh) byte |= 1u << bit;
  }
  return byte;
}

ObserverId Cable::Observe(LineSet lines, std::function<void(const Delta&)> observer) {
  const uint64_t id = next_watch_++;
  watches_.emplace(id, Watch{lines, std::move(observer), std::nullopt});
  return ObserverId{id};
}

ObserverId Cable::ObserveDrivers(Side side, LineSet lines,
                                 std::function<void(const Delta&)> observer) {
  const uint64_t id = next_watch_++;
  watches_.emplace(id, Watch{lines, std::move(observer), side});
  return ObserverId{id};
}

void Cable::StopObserving(ObserverId id) {
  const auto it = watches_.find(static_cast<uint64_t>(id));
  if (it == watches_.end()) return;
  if (notifying_ == 0) {
    watches_.erase(it);
    return;
  }
  // The observer may be running: keep its function alive until the notification ends.
  it->second.lines = {};
  stopped_.push_back(it->first);
}

void Cable::SetStuck(Line line, std::optional<Level> level) {
  state(line).stuck = level;
  staged_ = true;  // Re-resolve the line at the next delta cycle.
  Settle();
}

Logic Cable::Resolve(const LineState& line) const {
  if (line.stuck) return *line.stuck == Level::kHigh ? Logic::k1 : Logic::k0;
  const sim::Drive host = line.drive[Index(Side::kHost)];
  const sim::Drive peripheral = line.drive[Index(Side::kPeripheral)];
  if (line.open_collector) {
    // Wired-AND: either side pulling low wins; a released line is pulled up.
    return host == sim::Drive::kLow || peripheral == sim::Drive::kLow ? Logic::k0 : Logic::k1;
  }
  if (host == sim::Drive::kRelease && peripheral == sim::Drive::kRelease) return Logic::kZ;
  if (host == sim::Drive::kRelease) return peripheral == sim::Drive::kHigh ? Logic::k1 : Logic::k0;
  if (peripheral == sim::Drive::kRelease || peripheral == host) {
    return host == sim::Drive::kHigh ? Logic::k1 : Logic::k0;
  }
  return Logic::kX;
}

Delta Cable::ApplyStaged() {
  staged_ = false;
  Delta delta;
  for (int pin = static_cast<int>(kFirstLine); pin <= static_cast<int>(kLastLine); ++pin) {
    const auto line = static_cast<Line>(pin);
    LineState& state = this->state(line);
    for (size_t side = 0; side < state.drive.size(); ++side) {
      if (state.drive[side] != state.staged[side])
        delta.redriven[side] = delta.redriven[side].with(line);
    }
    state.drive = state.staged;
    const Logic value = Resolve(state);
    if (value == state.value) continue;
    if (value == Logic::kX) {
      trace_.Record({scheduler_.Now(), Contention{line, state.drive[Index(Side::kHost)],
                                                  state.drive[Index(Side::kPeripheral)]}});
    }
    trace_.Record({scheduler_.Now(), LineChange{line, state.value, value, id_}});
    delta.changed = delta.changed.with(line);
    delta.before = delta.before.with(line, SensedLevel(state.value));
    delta.after = delta.after.with(line, SensedLevel(value));
    state.value = value;
    state.last_change = scheduler_.Now();
  }
  return delta;
}

void Cable::Notify(const Delta& delta) {
  // Observers may start or stop observing (themselves included) while being notified: the ones
  // to call are chosen first, and a stopped one is skipped and erased at the end.
  const auto wants = [&delta](const Watch& watch) {
    const LineSet trigger = watch.drivers ? delta.redriven_by(*watch.drivers) : delta.changed;
    return !(watch.lines & trigger).empty();
  };
  std::vector<uint64_t> ids;
  for (const auto& [id, watch] : watches_) {
    if (wants(watch)) ids.push_back(id);
  }
  ++notifying_;
  for (uint64_t id : ids) {
    const auto it = watches_.find(id);
    if (it != watches_.end() && wants(it->second)) it->second.observer(delta);
  }
  if (--notifying_ == 0) {
    for (uint64_t id : stopped_) watches_.erase(id);
    stopped_.clear();
  }
}

}  // namespace parclass::sim
