// PeripheralSide: what a peripheral model may do to its end of the cable, and the faults that
// change how it does it.
//
// Models produce their handshakes through Emit(), tagged with the IEEE 1284 event number, so that
// one fault description covers every model: an event in `never` is not produced at all, an event
// in `late` comes that much later (past the host's 35 ms tL, say). Timers belong to the side and
// die with it; Vanish() lets go of every line, as a peripheral unplugged or switched off
// mid-transfer does.
//
//   PeripheralSide side(cable);
//   side.faults().never.insert(6);                       // never answers event 6
//   side.Emit(2, response, [&] { side.Drive(kEvent2); }); // event 2 after the response time
//   side.Drive(LineLevels().with(Line::kBusy, Level::kLow));

#ifndef PARCLASS_SIM_PERIPHERAL_SIDE_H_
#define PARCLASS_SIM_PERIPHERAL_SIDE_H_

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "parclass/sim/cable.h"

namespace parclass::sim {

// Status lines as a peripheral shows them, nAck high (not pulsing).
constexpr LineLevels StatusLevels(Level busy, Level p_error, Level select, Level n_fault) {
  return LineLevels()
      .with(Line::kNAck, Level::kHigh)
      .with(Line::kBusy, busy)
      .with(Line::kPError, p_error)
      .with(Line::kSelect, select)
      .with(Line::kNFault, n_fault);
}

struct EventFaults {
  std::set<int> never;              // IEEE 1284 events the peripheral never produces.
  std::map<int, Nanoseconds> late;  // Events it produces this much later than it would.
};

class PeripheralSide {
 public:
  explicit PeripheralSide(Cable& cable) : cable_(cable) {}
  ~PeripheralSide() { CancelTimers(); }
  PeripheralSide(const PeripheralSide&) = delete;
  PeripheralSide& operator=(const PeripheralSide&) = delete;

  EventFaults& faults() { return faults_; }

  // Runs `action` after `delay` as IEEE 1284 event `event`, unless a fault says otherwise.
  void Emit(int event, Nanoseconds delay, std::function<void()> action);
  // Runs `action` after `delay` (a step that is not an IEEE 1284 event, e.g. a printer's
  // processing time).
  void After(Nanoseconds delay, std::function<void()> action);
  void CancelTimers();

  // Drives each line `levels` knows, then settles the cable. Does nothing once vanished.
  void Drive(LineLevels levels);
  void DriveData(uint8_t byte);
  void ReleaseData();
  // Lets go of every line for good: they float (read high), and the model answers nothing more.
  void Vanish();
  bool vanished() const { return vanished_; }

  Level level(Line line) const { return cable_.level(line); }
  uint8_t data() const { return cable_.data(); }
  Nanoseconds Now() const { return cable_.scheduler().Now(); }
  // Puts a model's remark in the trace: "printer: paper out".
  void Note(std::string what);

  Cable& cable() { return cable_; }

 private:
  Cable& cable_;
  EventFaults faults_;
  std::vector<EventId> timers_;
  bool vanished_ = false;
};

}  // namespace parclass::sim

#endif  // PARCLASS_SIM_PERIPHERAL_SIDE_H_
