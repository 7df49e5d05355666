#include "parclass/base/phase.h"

namespace parclass {

std::string_view PhaseName(Phase phase) {
  switch (phase) {
    case Phase::kUnknown: return "unknown phase";
    case Phase::kNegotiation: return "negotiation";
    case Phase::kSetup: return "ECP setup";
    case Phase::kForwardIdle: return "forward idle";
    case Phase::kForwardTransfer: return "forward transfer";
    case Phase::kForwardToReverse: return "forward to reverse";
    case Phase::kReverseIdle: return "reverse idle";
    case Phase::kReverseTransfer: return "reverse transfer";
    case Phase::kReverseToForward: return "reverse to forward";
    case Phase::kTerminate: return "termination";
    case Phase::kDataAvailable: return "data available";
    case Phase::kDataNotAvailable: return "data not available";
    case Phase::kInterruptHost: return "interrupt host";
  }
  return "invalid phase";
}

}  // namespace parclass
