// Value Change Dump export of a simulation, for GTKWave, sigrok and any logic-analyser tool.
//
// Every line of the cable becomes a 1-bit wire named as in IEEE 1284 (nStrobe, D0..D7, nAck,
// Busy, ...), in a scope named "parallel", with a timescale of 1 ns. Values are 0, 1, z (nobody
// drives the line) and x (contention). On request the data lines are also dumped together as an
// 8-bit vector "data", which GTKWave shows as a bus. It is off by default because the sigrok of
// Debian 12 (libsigrok 0.5.2) stops reading a VCD at its first vector value and decodes nothing.
//
//   std::ofstream file("transfer.vcd");
//   WriteVcd(file, trace, cable);
//   // sigrok-cli -I vcd -i transfer.vcd -P parallel:clk=nStrobe:clock_edge=falling:d0=D0:...
//   WriteVcd(gtkwave_file, trace, cable, {.data_vector = true});
//
// A session too long to record is dumped as it runs instead, from the cable's values when the
// recorder starts; the trace need not record:
//
//   std::ofstream file("session.vcd");
//   VcdRecorder recorder(file, cable);        // the trace's observer, while it lives
//   ... the session runs ...
//   recorder.Finish();

#ifndef PARCLASS_SIM_VCD_H_
#define PARCLASS_SIM_VCD_H_

#include <array>
#include <ostream>
#include <string>

#include "parclass/sim/cable.h"
#include "parclass/sim/trace.h"

namespace parclass::sim {

struct VcdOptions {
  bool data_vector = false;  // Also dump D0-D7 as the 8-bit vector "data".
};

// Writes the line changes of `cable` in `trace` as a VCD (with an IEEE 1284.3 chain, the other
// cables recording into the same trace are left out). A line that never changed in the trace is
// dumped at its current value on `cable`. The trace must have been recording since the lines' first
// change, or the dump starts from the first change it holds.
void WriteVcd(std::ostream& out, const Trace& trace, const Cable& cable, VcdOptions options = {});

namespace internal {

// The VCD of one cable's line changes, event by event: WriteVcd's and VcdRecorder's.
class VcdWriter {
 public:
  static constexpr size_t kPins = static_cast<size_t>(kLastLine) + 1;

  // Writes the header, and `initial` (indexed by pin) as the values at time 0.
  VcdWriter(std::ostream& out, const std::array<Logic, kPins>& initial, CableId cable,
            VcdOptions options);
  // A line change of the writer's cable is written; any other event is ignored.
  void Add(const TraceEvent& event);
  // Writes the data vector if a data line changed at the last time stamp.
  void Flush();

 private:
  std::string DataBus() const;

  std::ostream& out_;
  std::array<Logic, kPins> values_;
  CableId cable_;
  VcdOptions options_;
  Nanoseconds stamp_{0};
  bool data_changed_ = false;
};

}  // namespace internal

// Dumps `cable`'s line changes as they happen, through its trace's observer (taken while the
// recorder lives, whether or not the trace records), from the cable's values when it starts.
class VcdRecorder {
 public:
  VcdRecorder(std::ostream& out, Cable& cable, VcdOptions options = {});
  // Lets go of the trace, writing nothing: the last time stamp's data vector, if the options ask
  // for it, is written by Finish() only.
  ~VcdRecorder();
  VcdRecorder(const VcdRecorder&) = delete;
  VcdRecorder& operator=(const VcdRecorder&) = delete;

  // Lets go of the trace and writes what is pending; later changes are not dumped.
  void Finish();

 private:
  Trace& trace_;
  internal::VcdWriter writer_;
  bool finished_ = false;
};

}  // namespace parclass::sim

#endif  // PARCLASS_SIM_VCD_H_
