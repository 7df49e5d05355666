// The phases of an IEEE 1284 link, as the standard and the Windows P1284_PHASE enumeration name
// them (the values are the header's). Errors report the phase in which they happened.
//
//   return Error(Errc::kTimeout, "peripheral did not answer")
//       .set_phase(Phase::kNegotiation)
//       .set_event(2);

#ifndef PARCLASS_BASE_PHASE_H_
#define PARCLASS_BASE_PHASE_H_

#include <cstdint>
#include <string_view>

namespace parclass {

enum class Phase : uint8_t {
  kUnknown = 0,
  kNegotiation = 1,
  kSetup = 2,  // ECP setup phase, events 30-31.
  kForwardIdle = 3,
  kForwardTransfer = 4,
  kForwardToReverse = 5,
  kReverseIdle = 6,
  kReverseTransfer = 7,
  kReverseToForward = 8,
  kTerminate = 9,
  kDataAvailable = 10,     // Nibble and byte modes only.
  kDataNotAvailable = 11,  // Nibble and byte modes only.
  kInterruptHost = 12,     // Nibble and byte modes only.
};

// "negotiation", "forward idle", ...
std::string_view PhaseName(Phase phase);

}  // namespace parclass

#endif  // PARCLASS_BASE_PHASE_H_
