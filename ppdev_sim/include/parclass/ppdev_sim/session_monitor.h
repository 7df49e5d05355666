// SessionMonitor: what a program's session did to a simulated port, as the ppdev preload library
// reports it at exit (PARCLASS_PPDEV_REPORT): the IEEE 1284 conformance checker's verdict on every
// change of the port's cable, by rule; the EPP cycles the topology's printer took, and the bytes
// of its data writes; and the simulator's own errors.
//
// A program's virtual time follows its wall-clock time (preload.cc): when it makes no call for a
// while, the port's time jumps ahead by as much. A program that stalls between two of its port
// writes with nStrobe low (descheduled, or a QEMU guest's vCPU held up by its host) therefore
// stretches a compatibility strobe past IEEE 1284's 500 us, however short its code holds it (the
// kernel's parport_ieee1284_write_compat: udelay(1)). The monitor records such stalls and counts
// the strobe-width violations that fall inside one, so that a reader can tell the program's
// timing from its host's.
//
//   sim::SimulatedPort& port = emulator.AddPort(path, topology);
//   SessionMonitor monitor(port);
//   ... before the port's time catches up with the wall clock by `gap`:
//   monitor.Stalled(gap);
//   ... at exit:
//   file << monitor.Finish();
//   //   conformance 661857 line changes; negotiations: nibble 3, byte 2, EPP 1; 1 violations
//   //   rules compat-strobe-width 1
//   //   stretched-strobes 1
//   //   violation 7474735.751 us  forward transfer: compat-strobe-width: nStrobe stayed low ...
//   //   stall 7474402.200 us  2.113 ms without a port access, nStrobe low
//   //   epp-cycles address-write 2 address-read 1 data-write 32 data-read 32
//   //   epp-data-written 1855f96b...   (hex, in order; "-" for none)
//   //   simulator-errors 0

#ifndef PARCLASS_PPDEV_SIM_SESSION_MONITOR_H_
#define PARCLASS_PPDEV_SIM_SESSION_MONITOR_H_

#include <string>
#include <vector>

#include "parclass/base/clock.h"
#include "parclass/conformance/limits.h"
#include "parclass/conformance/live_checker.h"
#include "parclass/sim/simulated_port.h"

namespace parclass::ppdev_sim {

class SessionMonitor {
 public:
  // Watches `port`'s cable from now on. The port must outlive the monitor.
  explicit SessionMonitor(sim::SimulatedPort& port, conformance::ConformanceLimits limits = {});

  // The program made no call for `gap`, and the port's time is about to move on by as much. Call
  // it with the port's lock held, before the time moves.
  void Stalled(Nanoseconds gap);

  // Ends the check at the port's time now and describes the session (the lines above). Once.
  std::string Finish();

  const conformance::LiveChecker& checker() const { return checker_; }

 private:
  struct Stall {
    Nanoseconds from;
    Nanoseconds to;
  };

  // Strobe-width violations that fall inside a stall with nStrobe low.
  size_t StretchedStrobes() const;

  sim::SimulatedPort& port_;
  conformance::ConformanceLimits limits_;
  conformance::LiveChecker checker_;
  std::vector<Stall> strobe_stalls_;  // Stalls longer than a strobe may last, nStrobe low.
};

}  // namespace parclass::ppdev_sim

#endif  // PARCLASS_PPDEV_SIM_SESSION_MONITOR_H_
