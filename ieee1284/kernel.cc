// Link: the kernel's loops (hw::KernelLink), where the backend has them. The kernel negotiates and
// moves whole buffers; the engine keeps the link's mode and phase, so that the rest of the engine
// (and its callers) see one link whichever side runs it.

#include "link_state.h"
#include "transfer_ops.h"

namespace parclass::ieee1284 {

Result<Negotiated> NegotiateInKernel(LinkState& link, Ieee1284Request request) {
  link.phase = Phase::kNegotiation;
  Result<void> negotiated = link.port.kernel()->Negotiate(request);
  if (!negotiated) {
    link.phase = Phase::kForwardIdle;  // The kernel is back in compatibility mode.
    return negotiated.error();
  }
  link.in_kernel = true;
  EnterMode(link, ModeAfter(request));
  link.rle = link.mode == LinkMode::kEcp && request.rle();
  link.ecp_reverse = false;
  EnterStartPhase(link);
  // The kernel accepted: XFlag said yes (low for nibble's request, high for the others).
  const bool nibble = request.IsReverseChannel() && request.mode() == RequestMode::kNibble;
  return Negotiated{request, !nibble};
}

void KeepKernelInStep(LinkState& link) {
  if (link.port.kernel() != nullptr && !link.in_kernel) {
    (void)link.port.kernel()->SetPhase(link.phase);
  }
}

Result<void> TerminateInKernel(LinkState& link) {
  link.in_kernel = false;
  // As in TerminateMode: the peripheral is there whatever it says.
  EnterMode(link, LinkMode::kCompatibility);
  link.phase = Phase::kForwardIdle;
  return link.port.kernel()->Terminate();
}

namespace kernel {

Result<size_t> Write(LinkState& link, std::span<const uint8_t> bytes, Deadline deadline) {
  link.phase = Phase::kForwardTransfer;
  Result<size_t> written = link.port.kernel()->Write(bytes, deadline);
  link.phase = Phase::kForwardIdle;
  if (!written && link.mode != LinkMode::kCompatibility) {
    return TerminatedWith(link, written.error());
  }
  return written;
}

Result<size_t> Read(LinkState& link, std::span<uint8_t> buffer, Deadline deadline) {
  link.phase = Phase::kReverseTransfer;
  Result<size_t> read = link.port.kernel()->Read(buffer, deadline);
  if (!read) return TerminatedWith(link, read.error());
  if (link.mode == LinkMode::kNibble || link.mode == LinkMode::kByte) {
    link.phase = *read < buffer.size() ? Phase::kReverseIdle : Phase::kDataAvailable;
  } else {
    link.phase = Phase::kReverseIdle;
    link.ecp_reverse = link.mode == LinkMode::kEcp;
  }
  return read;
}

}  // namespace kernel
}  // namespace parclass::ieee1284
