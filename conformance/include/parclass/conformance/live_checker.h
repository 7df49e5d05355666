// LiveChecker: the conformance checker attached to a running simulation. It watches the host's
// cable and takes each line change as it happens, so a session of any length is checked without
// keeping its trace: a kernel's boot and a 64 KiB print job through the ppdev preload library,
// say, whose recorded trace would run to millions of events. It sees only the cable it is given:
// with an IEEE 1284.3 chain, the host's cable, not the cables between the devices (which record
// into the same sim::Trace, unnamed).
//
//   sim::SimulatedPort port(topology);
//   port.trace().set_recording(false);                // nothing kept; the checker still sees all
//   LiveChecker checker(port.cable());
//   ... the session runs ...
//   checker.Finish(port.scheduler().Now());
//   for (const Violation& violation : checker.violations()) log(violation.Format());
//   checker.changes();                                 // line changes judged
//   checker.negotiations();                            // {nibble: 3, byte: 1, compatibility: 2}
//
// Levels are sensed as in sim_trace.h: a change between two values that sense alike is no change.

#ifndef PARCLASS_CONFORMANCE_LIVE_CHECKER_H_
#define PARCLASS_CONFORMANCE_LIVE_CHECKER_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "parclass/base/clock.h"
#include "parclass/conformance/checker.h"
#include "parclass/conformance/limits.h"
#include "parclass/conformance/violation.h"
#include "parclass/sim/cable.h"

namespace parclass::conformance {

class LiveChecker {
 public:
  // Starts from the cable's levels now; every later change of its lines is checked.
  explicit LiveChecker(sim::Cable& cable, ConformanceLimits limits = {});
  ~LiveChecker();  // Stops observing the cable.
  LiveChecker(const LiveChecker&) = delete;
  LiveChecker& operator=(const LiveChecker&) = delete;

  // The session ends at `end`: deadlines due by then are judged. No changes are taken after it.
  void Finish(Nanoseconds end);
  bool finished() const { return finished_; }

  const std::vector<Violation>& violations() const { return checker_.violations(); }
  uint64_t changes() const { return changes_; }
  // Negotiations seen to event 6, by the mode the link entered (kCompatibility: XFlag refused).
  const std::map<LinkMode, int>& negotiations() const { return negotiations_; }

  // "1204233 line changes; negotiations: nibble 3, byte 1, refused 2; 0 violations".
  std::string Summary() const;

 private:
  void OnLines(const sim::Delta& delta);
  void CountNegotiation();

  sim::Cable& cable_;
  ConformanceChecker checker_;
  sim::ObserverId observer_;  // Last: observing starts once the rest is built.
  uint64_t changes_ = 0;
  std::map<LinkMode, int> negotiations_;
  Nanoseconds last_negotiation_{-1};  // Event 6 of the last negotiation counted.
  bool finished_ = false;
};

}  // namespace parclass::conformance

#endif  // PARCLASS_CONFORMANCE_LIVE_CHECKER_H_
