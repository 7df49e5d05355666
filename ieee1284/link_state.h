// LinkState: the link's state, and the steps its handshakes share. Private to the engine.
//
// Link owns one; every function that drives the link takes it, as Linux's IEEE 1284 functions
// take a struct parport (whose ieee1284 member holds the mode and phase): negotiation
// (negotiation.cc, and kernel.cc for the kernel's), termination (termination.cc), the ECP
// turnarounds (turnaround.cc) and each path's transfer operations (transfer_ops.h). A function
// that changes the mode does it through EnterMode, which chooses the mode's operations.
//
//   LinkState& link = *state_;
//   PARCLASS_TRY(Await(link, 36, kBusyHigh, EventDeadline(link, deadline)));   // Event 36.
//   if (!sent) return Failed(link, sent.error(), done);   // Terminated, bytes done.

#ifndef PARCLASS_IEEE1284_LINK_STATE_H_
#define PARCLASS_IEEE1284_LINK_STATE_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "fifo_pace.h"
#include "parclass/base/assert.h"
#include "parclass/base/lines.h"
#include "parclass/base/phase.h"
#include "parclass/base/result.h"
#include "parclass/ieee1284/host_port.h"
#include "parclass/ieee1284/link.h"
#include "parclass/ieee1284/transfer_path.h"
#include "transfer_ops.h"

namespace parclass::ieee1284 {

struct LinkState {
  LinkState(HostPort& port, Timing timing) : port(port), timing(timing) {}

  HostPort& port;
  const Timing timing;
  LinkMode mode = LinkMode::kCompatibility;
  Phase phase = Phase::kForwardIdle;
  bool in_kernel = false;    // The kernel negotiated the mode, and runs its transfers.
  bool rle = false;          // ECP with run-length encoding was negotiated.
  bool ecp_reverse = false;  // ECP link turned around (events 38-40).
  std::optional<uint8_t> reverse_channel;
  std::vector<uint8_t> reverse_pending;  // Taken by the chip's reverse FIFO, not yet read.
  AllowedPaths allowed = AllowedPaths::All();
  TransferOps ops;  // The mode's, from ChooseOperations.
  TransferPath last_path = TransferPath::kSoftware;
  // How long one FIFO entry took to drain (forward) or arrive (reverse) lately, and the wait for a
  // load that sleeps that long per entry before it looks (fifo_pace.h).
  FifoPace drain_pace{std::chrono::microseconds(2), FifoPace::Learning::kSpeedsUpWhenSteady};
  FifoPace fill_pace{std::chrono::microseconds(2), FifoPace::Learning::kMeasured};
};

// Runs one of the mode's operations, recording its path as the last one taken.
template <typename Function, typename... Arguments>
auto Run(LinkState& link, const Operation<Function>& operation, Arguments... arguments) {
  PARCLASS_ASSERT(operation.run != nullptr, "the link's mode has no such transfer");
  link.last_path = operation.path;
  return operation.run(link, arguments...);
}

// The link is in `mode` now (with link.in_kernel saying who negotiated it): its operations are
// chosen again.
void EnterMode(LinkState& link, LinkMode mode);
// The mode the link enters when the peripheral accepts `request`.
LinkMode ModeAfter(Ieee1284Request request);
// The phase a mode starts in once negotiated: nibble and byte mode say whether data is
// available (one status read); the others are forward idle.
void EnterStartPhase(LinkState& link);
// Whether the backend's kernel loops run `mode`: the backend has them, and every lane of the mode
// allows them.
bool KernelRuns(const LinkState& link, LinkMode mode);

// An event's deadline: tL from now, or the transfer's, whichever is first.
inline Deadline EventDeadline(const LinkState& link, Deadline transfer) {
  return Deadline::Earlier(link.port.After(link.timing.tl), transfer);
}
// Waits for a peripheral event; on timeout the error names the phase and event.
Result<LineLevels> Await(LinkState& link, int event, LineLevels want, Deadline deadline);
// nDataAvail (nFault) low: the peripheral has a byte for the host (nibble and byte mode).
bool DataAvailable(LinkState& link);
// ECP reverse: nPeriphRequest (nFault) high with PeriphClk (nAck) high: nothing on the lines, and
// nothing to come.
inline bool NoMoreReverseData(LineLevels status) {
  return status.level(Line::kNAck) == Level::kHigh && status.level(Line::kNFault) == Level::kHigh;
}

// Negotiation and termination (negotiation.cc, termination.cc, kernel.cc).
Result<Negotiated> NegotiateMode(LinkState& link, Ieee1284Request request);
Result<Negotiated> NegotiateExtendedMode(LinkState& link, Ieee1284Request request);
Result<void> TerminateMode(LinkState& link);
// Events 22-28, from any mode but EPP; the link is in compatibility mode afterwards.
Result<void> TerminationHandshake(LinkState& link);
// Terminates the link after a failure, which it returns (with the bytes done).
Error TerminatedWith(LinkState& link, Error error);
Error Failed(LinkState& link, Error error, size_t done);
// The kernel's negotiation; kNotSupported if it has no mode for `request`.
Result<Negotiated> NegotiateInKernel(LinkState& link, Ieee1284Request request);
Result<void> TerminateInKernel(LinkState& link);
// After the engine negotiated or terminated itself on a backend with kernel loops: the phase it
// left the link in, for the kernel's view (PPSETPHASE).
void KeepKernelInStep(LinkState& link);

// ECP's phases (turnaround.cc). Events 38-40 and 47-49.
Result<void> ForwardToReverse(LinkState& link, Deadline deadline);
Result<void> ReverseToForward(LinkState& link);
// Before ECP data or a command goes forward: turned around if need be, in the forward transfer
// phase.
Result<void> EcpForward(LinkState& link);
// The start of a reverse ECP read: bytes the chip already took come first; then, if the link is
// forward, the turnaround (events 38-40), whose failure terminates the link. Returns the bytes
// put in `buffer`.
Result<size_t> StartEcpRead(LinkState& link, std::span<uint8_t> buffer, Deadline deadline);

}  // namespace parclass::ieee1284

#endif  // PARCLASS_IEEE1284_LINK_STATE_H_
