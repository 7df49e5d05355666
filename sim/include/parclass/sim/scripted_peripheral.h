// ScriptedPeripheral: a peripheral written as a script, for tests at the level of lines.
//
// A test says what the peripheral drives and when (DriveAt), how it reacts to the host (OnEdge:
// "Busy goes high 500 ns after nStrobe falls"), and which of the host's edges it expects, in
// order, within what time (ExpectEdge). Verify() then tells whether the host did exactly that.
//
//   ScriptedPeripheral printer(cable);
//   printer.DriveAt(Nanoseconds(0), LineLevels().with(Line::kBusy, Level::kLow));
//   printer.OnEdge(Line::kNStrobe, Edge::kFalling, std::chrono::nanoseconds(500),
//                  LineLevels().with(Line::kBusy, Level::kHigh));
//   printer.ExpectEdge(Line::kNStrobe, Edge::kFalling);
//   printer.ExpectEdge(Line::kNStrobe, Edge::kRising, {.not_before =
//   std::chrono::nanoseconds(600)});
//   ... let the chip send a byte ...
//   EXPECT_OK(printer.Verify());

#ifndef PARCLASS_SIM_SCRIPTED_PERIPHERAL_H_
#define PARCLASS_SIM_SCRIPTED_PERIPHERAL_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "parclass/base/result.h"
#include "parclass/sim/cable.h"
#include "parclass/sim/peripheral_side.h"

namespace parclass::sim {

enum class Edge : uint8_t { kRising, kFalling };

// When an expected edge may come, relative to the previous expected edge (or the start).
struct EdgeWindow {
  Nanoseconds not_before{0};
  Nanoseconds not_after = Nanoseconds::max();
};

class ScriptedPeripheral {
 public:
  explicit ScriptedPeripheral(Cable& cable);
  ~ScriptedPeripheral();
  ScriptedPeripheral(const ScriptedPeripheral&) = delete;
  ScriptedPeripheral& operator=(const ScriptedPeripheral&) = delete;

  // At `instant`, drive each line `levels` knows to its level.
  void DriveAt(Nanoseconds instant, LineLevels levels);
  // At `instant`, drive the data lines with `byte`, or let go of them.
  void DriveDataAt(Nanoseconds instant, std::optional<uint8_t> byte);
  // Whenever `line` shows `edge`, drive `levels` after `delay`.
  void OnEdge(Line line, Edge edge, Nanoseconds delay, LineLevels levels);
  // The next expected edge of the host's lines. Edges of lines never named in an expectation
  // are ignored; an edge of a named line that is not the next expected one is a mismatch.
  void ExpectEdge(Line line, Edge edge, EdgeWindow window = {});

  // Ok if every expected edge came, in order, within its window, and no other edge of an expected
  // line came; otherwise an error naming each difference.
  Result<void> Verify() const;
  // The instants at which the expected edges were seen, so far.
  const std::vector<Nanoseconds>& seen_at() const { return seen_at_; }

 private:
  struct Reaction {
    Line line;
    Edge edge;
    Nanoseconds delay;
    LineLevels levels;
  };
  struct Expectation {
    Line line;
    Edge edge;
    EdgeWindow window;
  };

  void OnLines(const Delta& delta);
  void Check(Line line, Edge edge);

  Cable& cable_;
  ObserverId observer_;
  std::vector<Reaction> reactions_;
  std::vector<Expectation> expectations_;
  LineSet expected_lines_;
  size_t next_ = 0;
  Nanoseconds last_seen_{0};
  std::vector<Nanoseconds> seen_at_;
  std::vector<std::string> mismatches_;
  PeripheralSide side_;  // Owns the scheduled drives: they die with the peripheral.
};

}  // namespace parclass::sim

#endif  // PARCLASS_SIM_SCRIPTED_PERIPHERAL_H_
