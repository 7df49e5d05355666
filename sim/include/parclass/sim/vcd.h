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

#ifndef PARCLASS_SIM_VCD_H_
#define PARCLASS_SIM_VCD_H_

#include <ostream>

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

}  // namespace parclass::sim

#endif  // PARCLASS_SIM_VCD_H_
