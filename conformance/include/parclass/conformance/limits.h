// The timing limits the IEEE 1284 conformance checker holds a trace to, with the figures of the
// shared spec ieee1284.md section 13. Where the sources disagree, the default is the most lenient
// figure a real host produces, so that the checker flags what no host should do rather than what
// one source dislikes; Ieee1284() gives the standard's own (stricter) figures.
//
//   ConformanceLimits limits;                           // accepts SMSC hardware and Linux timings
//   limits.peripheral_response_limit = std::chrono::milliseconds(40);   // FreeBSD's host wait
//   ConformanceChecker checker(initial, limits);
//
//   ConformanceChecker strict(initial, ConformanceLimits::Ieee1284());  // 750 ns setup and hold
//   strict.OnChange(...);

#ifndef PARCLASS_CONFORMANCE_LIMITS_H_
#define PARCLASS_CONFORMANCE_LIMITS_H_

#include <chrono>
#include <cstdint>

#include "parclass/base/clock.h"

namespace parclass::conformance {

// The EPP variant a port implements (section 10.3).
enum class EppVersion : uint8_t {
  k17,  // EPP 1.7 (pre-1284): the strobe is asserted without looking at nWait.
  k19,  // EPP 1.9 (IEEE 1284): a cycle begins only while nWait is low.
};

struct ConformanceLimits {
  // Compatibility mode (section 6). [DISAGREE] on the minima (section 15, item 8): IEEE 1284 and
  // libieee1284 say 750 ns each; printer specifications (Epson) 500 ns each; SMSC Parallel Port
  // FIFO hardware produces setup 600, strobe 600 and hold 450 ns; Linux's software writer 1 us
  // each. The defaults are the least of these for each figure, so all of those hosts pass.
  Nanoseconds compat_data_setup = std::chrono::nanoseconds(500);   // Data valid to nStrobe low.
  Nanoseconds compat_strobe_min = std::chrono::nanoseconds(500);   // nStrobe low at least ...
  Nanoseconds compat_strobe_max = std::chrono::microseconds(500);  // ... and at most this long.
  Nanoseconds compat_data_hold = std::chrono::nanoseconds(450);    // nStrobe high to data change.

  // Negotiation, event 3 to nStrobe high (section 4.2): at least 0.5 us (theiling.de); Linux
  // holds it 5 us.
  Nanoseconds negotiation_strobe_min = std::chrono::nanoseconds(500);

  // Byte mode's acknowledge pulse, events 16 to 17 (section 8): Linux holds it 5 us and FreeBSD
  // 3 us; the reference gives no minimum, so the compatibility strobe's 500 ns is used.
  Nanoseconds byte_strobe_min = std::chrono::nanoseconds(500);

  // tL, the peripheral response limit (section 13): events 2 and 6 of negotiation, 24 and 27 of
  // termination, 9 and 11 of nibble and byte mode, 31, 40, 45 and 49 of ECP.
  Nanoseconds peripheral_response_limit = std::chrono::milliseconds(35);

  // Whether an EPP strobe asserted while nWait is high is a violation (EPP 1.9) or not (1.7).
  EppVersion epp_version = EppVersion::k19;

  // The figures of IEEE 1284 itself, as libieee1284 quotes them: compatibility setup, strobe and
  // hold 750 ns each. SMSC hardware and printers built to the 500 ns figures fail these.
  static constexpr ConformanceLimits Ieee1284() {
    ConformanceLimits limits;
    limits.compat_data_setup = std::chrono::nanoseconds(750);
    limits.compat_strobe_min = std::chrono::nanoseconds(750);
    limits.compat_data_hold = std::chrono::nanoseconds(750);
    return limits;
  }
};

}  // namespace parclass::conformance

#endif  // PARCLASS_CONFORMANCE_LIMITS_H_
