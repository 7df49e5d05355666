// What the IEEE 1284 conformance checker reports: each breach of the standard's sequences or
// timings, with when it happened, in which phase, at which IEEE 1284 event, and the levels of
// every line at that moment.
//
//   for (const Violation& violation : CheckTrace(trace, initial)) {
//     std::puts(violation.Format().c_str());
//   }
//   //   41.200 us  negotiation, event 6: negotiation-response-time: event 6 (nAck high) did not
//   //   come within tL (35.000 ms) of event 4  [nStrobe=1 D=0x10 nAck=0 Busy=0 PError=1 ...]
//
//   EXPECT_EQ(violations[0].rule, Rule::kCompatStrobeWhileBusy);
//
// Rules are named after the section of the shared spec ieee1284.md they come from; the comment on
// each says what breaks it.

#ifndef PARCLASS_CONFORMANCE_VIOLATION_H_
#define PARCLASS_CONFORMANCE_VIOLATION_H_

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

#include "parclass/base/clock.h"
#include "parclass/base/lines.h"
#include "parclass/base/phase.h"

namespace parclass::conformance {

enum class Rule : uint8_t {
  // The input itself: a change earlier than one already given. The change is ignored.
  kTraceTimeOrder,

  // Compatibility mode (section 6).
  kCompatDataSetup,        // Data changed less than the setup time before nStrobe fell.
  kCompatDataStable,       // Data changed while nStrobe was low.
  kCompatDataHold,         // Data changed less than the hold time after nStrobe rose.
  kCompatStrobeWidth,      // nStrobe low shorter or longer than the limits.
  kCompatStrobeWhileBusy,  // nStrobe fell while Busy was high.

  // Negotiation (section 4).
  kNegotiationOrder,           // An event before the one it must follow (event 3 before 2, ...).
  kNegotiationResponseTime,    // Event 2 or 6 later than tL.
  kNegotiationRequestStable,   // The request byte changed between events 1 and 4.
  kNegotiationInitHigh,        // nInit low during negotiation.
  kNegotiationStrobeWidth,     // Event 3's strobe shorter than the minimum.
  kNegotiationIllegalRequest,  // The peripheral accepted a request section 4.1 calls illegal.
  kNegotiationNotTerminated,   // After a rejection the host did something but terminate.

  // Termination (section 5).
  kTerminationOrder,           // Events 22-28 out of order.
  kTerminationResponseTime,    // Event 24 or 27 later than tL.
  kTerminationStatus,          // At event 24, Busy or nFault not high (event 23).
  kTerminationXFlag,           // At event 24, XFlag not the inverse of its level at event 6.
  kTerminationFromEcpReverse,  // Handshake termination from ECP reverse (section 5.3).

  // Nibble mode (section 7).
  kNibbleOrder,         // Events 7-11 and 18-19 out of order, or HostClk (nStrobe) pulsed.
  kNibbleResponseTime,  // Event 9 or 11 later than tL.
  kNibbleDataStable,    // A status line carrying data changed while nAck was low.

  // Byte mode (section 8).
  kByteOrder,         // Events 7-11 and 16-17 out of order.
  kByteResponseTime,  // Event 9 or 11 later than tL.
  kByteDataStable,    // A data line changed between events 9 and 16.
  kByteStrobeWidth,   // The acknowledge pulse (events 16-17) shorter than the minimum.

  // ECP mode (section 9).
  kEcpForwardOrder,       // Events 34-37 out of order, or HostClk low while PeriphAck high.
  kEcpForwardDataStable,  // Data or HostAck changed while HostClk was low.
  kEcpReverseOrder,       // Events 43-46 out of order.
  kEcpReverseDataStable,  // Data or PeriphAck changed while PeriphClk was low.
  kEcpTurnaroundOrder,    // Events 38-40 or 47-49 out of order, or the setup (30-31).
  kEcpResponseTime,       // Event 31, 40, 45 or 49 later than tL.

  // EPP mode (section 10).
  kEppStrobeWhileWait,  // A strobe asserted while nWait was high (EPP 1.9).
  kEppBothStrobes,      // nDStrb and nAStrb low at once.
  kEppDataStable,       // Data changed while a write cycle's strobe was low.
  kEppCycleOrder,       // nWait low (event 60) or nWrite changed while a strobe was low.
};

// "compat-data-setup", "negotiation-order", ...
std::string_view RuleName(Rule rule);

struct Violation {
  Nanoseconds at;            // When it happened: the change that broke the rule, or the deadline.
  Phase phase;               // The link's phase then.
  std::optional<int> event;  // The IEEE 1284 event concerned; none in compatibility mode.
  Rule rule;
  std::string detail;  // One sentence: what was seen, against what the rule wants.
  LineLevels lines;    // All seventeen lines at that moment.

  // "   41.200 us  negotiation, event 6: negotiation-response-time: ...  [nStrobe=1 D=0x10 ...]"
  std::string Format() const;
};

// "nStrobe=1 D=0x41 nAck=1 Busy=0 PError=0 Select=1 nAutoFd=1 nFault=1 nInit=1 nSelectIn=0":
// the lines `levels` knows, the data lines as one byte when all eight are known.
std::string DescribeLines(const LineLevels& levels);

// For test failures: the whole of Format().
std::ostream& operator<<(std::ostream& out, const Violation& violation);
std::ostream& operator<<(std::ostream& out, Rule rule);

}  // namespace parclass::conformance

#endif  // PARCLASS_CONFORMANCE_VIOLATION_H_
