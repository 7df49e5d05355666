// The simulated IEEE 1284 cable: seventeen lines between the host's chip and a peripheral.
//
// Each line has a driver on each side. The data lines and the status lines are totem-pole: both
// sides may drive a data line, and if they drive it to different levels the line reads X and the
// contention is recorded as an error. The control lines are open-collector, as on the classic PC
// port: a side pulls a line low or lets it go, and the pull-up makes it high.
//
// Changes are made in delta cycles, as in an HDL simulator: drives are staged, then applied all
// at once, then observers are told which lines changed. One register write that moves three
// control lines is therefore seen by the peripheral as one change of three lines, never as three
// separate steps, and observers reacting to it take effect in the next delta.
//
//   Cable cable(scheduler, trace);
//   cable.Observe({Line::kNStrobe}, [&](const Delta& delta) {
//     if (delta.Fell(Line::kNStrobe)) latched = cable.data();          // Event 3, say.
//   });
//   cable.DriveData(Side::kHost, 0x41);
//   cable.Drive(Side::kHost, Line::kNStrobe, Drive::kLow);
//   cable.Settle();                                                   // observer runs here

#ifndef PARCLASS_SIM_CABLE_H_
#define PARCLASS_SIM_CABLE_H_

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "parclass/base/assert.h"
#include "parclass/base/clock.h"
#include "parclass/base/lines.h"
#include "parclass/sim/logic.h"
#include "parclass/sim/scheduler.h"
#include "parclass/sim/trace.h"

namespace parclass::sim {

// The lines that changed in one delta cycle, with their levels before and after.
struct Delta {
  LineSet changed;
  LineLevels before;  // Knows exactly the changed lines.
  LineLevels after;
  // Lines whose driver on each side changed, whether or not their value did.
  std::array<LineSet, 2> redriven;

  LineSet redriven_by(Side side) const { return redriven[static_cast<size_t>(side)]; }

  bool Rose(Line line) const {
    return changed.contains(line) && before.level(line) == Level::kLow &&
           after.level(line) == Level::kHigh;
  }
  bool Fell(Line line) const {
    return changed.contains(line) && before.level(line) == Level::kHigh &&
           after.level(line) == Level::kLow;
  }
};

enum class ObserverId : uint64_t {};

class Cable {
 public:
  // Delta cycles allowed at one instant before the cable declares the models oscillating.
  static constexpr int kMaxDeltaCycles = 64;

  Cable(Scheduler& scheduler, Trace& trace);
  ~Cable();
  Cable(const Cable&) = delete;
  Cable& operator=(const Cable&) = delete;

  // Stages what `side` does to `line`. Staged drives take effect at the next Settle(), which the
  // caller may make at once; otherwise it happens before simulated time moves on.
  void Drive(Side side, Line line, sim::Drive drive);
  // Stages each line `levels` knows, driven to its level.
  void DriveLevels(Side side, LineLevels levels);
  void DriveData(Side side, uint8_t byte);
  void ReleaseData(Side side);

  // Applies staged drives and notifies observers, delta cycle after delta cycle, until no line
  // changes.
  void Settle();

  // A fault: `line` reads `level` whatever drives it (a short to ground or to +5 V), or, with
  // nullopt, is repaired. Takes effect at once.
  void SetStuck(Line line, std::optional<Level> level);

  Logic value(Line line) const { return state(line).value; }
  Level level(Line line) const { return SensedLevel(value(line)); }
  LineLevels levels(LineSet lines) const;
  // D0-D7 as a byte, as a receiver reads them.
  uint8_t data() const;
  sim::Drive driver(Side side, Line line) const { return state(line).drive[Index(side)]; }
  Nanoseconds last_change(Line line) const { return state(line).last_change; }

  // Calls `observer` once per delta cycle in which any of `lines` changed.
  ObserverId Observe(LineSet lines, std::function<void(const Delta&)> observer);
  // Calls `observer` once per delta cycle in which `side` changed how it drives any of `lines`
  // (a bridge that mirrors one cable's drivers onto another needs this: a side can let go of a
  // line whose value the other side holds).
  ObserverId ObserveDrivers(Side side, LineSet lines, std::function<void(const Delta&)> observer);
  void StopObserving(ObserverId id);

  Scheduler& scheduler() { return scheduler_; }
  Trace& trace() { return trace_; }
  // This cable's line changes in the trace carry this id.
  CableId id() const { return id_; }

 private:
  struct LineState {
    bool open_collector = false;
    std::array<sim::Drive, 2> drive{};   // Applied, per side.
    std::array<sim::Drive, 2> staged{};  // To apply at the next delta cycle.
    Logic value = Logic::kZ;
    Nanoseconds last_change{0};
    std::optional<Level> stuck;  // A stuck-at fault.
  };
  struct Watch {
    LineSet lines;
    std::function<void(const Delta&)> observer;
    std::optional<Side> drivers;  // Set: the watch is on this side's drivers, not on values.
  };

  static size_t Index(Side side) { return static_cast<size_t>(side); }
  static size_t Pin(Line line) {
    const auto pin = static_cast<size_t>(line);
    PARCLASS_ASSERT(pin >= static_cast<size_t>(kFirstLine) && pin <= static_cast<size_t>(kLastLine),
                    "not a line of the cable");
    return pin;
  }
  LineState& state(Line line) { return lines_[Pin(line)]; }
  const LineState& state(Line line) const { return lines_[Pin(line)]; }
  Logic Resolve(const LineState& line) const;
  // Applies staged drives; returns the lines whose value changed.
  Delta ApplyStaged();
  void Notify(const Delta& delta);

  Scheduler& scheduler_;
  Trace& trace_;
  CableId id_;
  std::array<LineState, static_cast<size_t>(kLastLine) + 1> lines_;  // Indexed by pin.
  bool staged_ = false;
  bool settling_ = false;                // A Settle() is running its delta cycles.
  std::optional<EventId> settle_event_;  // The pending zero-delay settle, if any.
  std::map<uint64_t, Watch> watches_;
  uint64_t next_watch_ = 0;
  int notifying_ = 0;              // Depth of Notify() calls in progress.
  std::vector<uint64_t> stopped_;  // Watches stopped during a notification, to erase after it.
};

}  // namespace parclass::sim

#endif  // PARCLASS_SIM_CABLE_H_
