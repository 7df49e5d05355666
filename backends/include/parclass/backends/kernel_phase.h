// The Linux kernel's IEEE 1284 phases (enum ieee1284_phase, include/linux/parport.h), which
// ppdev's PPGETPHASE and PPSETPHASE carry as an int. The enumeration is kernel-internal: the
// user-space headers do not have it.
//
//   int phase = ToInt(KernelPhaseOf(Phase::kReverseIdle));   // 5, IEEE1284_PH_REV_IDLE

#ifndef PARCLASS_BACKENDS_KERNEL_PHASE_H_
#define PARCLASS_BACKENDS_KERNEL_PHASE_H_

#include "parclass/base/phase.h"

namespace parclass::backends {

enum class KernelPhase : int {
  kFwdData = 0,
  kFwdIdle = 1,
  kTerminate = 2,
  kNegotiation = 3,
  kHbusyDna = 4,
  kRevIdle = 5,
  kHbusyDavail = 6,
  kRevData = 7,
  kEcpSetup = 8,
  kEcpFwdToRev = 9,
  kEcpRevToFwd = 10,
  kEcpDirUnknown = 11,
};

constexpr int ToInt(KernelPhase phase) { return static_cast<int>(phase); }

// The kernel's name for a phase of parclass's. Linux has one phase where the host is busy and
// the peripheral has data, for both kDataAvailable and kInterruptHost; kUnknown is ECP's
// "direction unknown".
constexpr KernelPhase KernelPhaseOf(Phase phase) {
  switch (phase) {
    case Phase::kForwardTransfer: return KernelPhase::kFwdData;
    case Phase::kForwardIdle: return KernelPhase::kFwdIdle;
    case Phase::kTerminate: return KernelPhase::kTerminate;
    case Phase::kNegotiation: return KernelPhase::kNegotiation;
    case Phase::kDataNotAvailable: return KernelPhase::kHbusyDna;
    case Phase::kReverseIdle: return KernelPhase::kRevIdle;
    case Phase::kDataAvailable:
    case Phase::kInterruptHost: return KernelPhase::kHbusyDavail;
    case Phase::kReverseTransfer: return KernelPhase::kRevData;
    case Phase::kSetup: return KernelPhase::kEcpSetup;
    case Phase::kForwardToReverse: return KernelPhase::kEcpFwdToRev;
    case Phase::kReverseToForward: return KernelPhase::kEcpRevToFwd;
    case Phase::kUnknown: return KernelPhase::kEcpDirUnknown;
  }
  return KernelPhase::kEcpDirUnknown;
}

}  // namespace parclass::backends

#endif  // PARCLASS_BACKENDS_KERNEL_PHASE_H_
