// Link: the kernel's loops (hw::KernelLink), where the backend has them. The kernel negotiates and
// moves whole buffers; the engine keeps the link's mode and phase, so that the rest of the engine
// (and its callers) see one link whichever side runs it.

#include "parclass/ieee1284/link.h"

namespace parclass::ieee1284 {

bool Link::UseKernel(LinkMode mode) const {
  return port_.kernel() != nullptr &&
         allowed_.allows(LaneOf(mode, Direction::kForward), TransferPath::kKernel) &&
         allowed_.allows(LaneOf(mode, Direction::kReverse), TransferPath::kKernel);
}

Result<Negotiated> Link::NegotiateInKernel(uint8_t request) {
  phase_ = Phase::kNegotiation;
  Result<void> negotiated = port_.kernel()->Negotiate(request);
  if (!negotiated) {
    phase_ = Phase::kForwardIdle;  // The kernel is back in compatibility mode.
    return negotiated.error();
  }
  mode_ = ModeOfRequest(request);
  in_kernel_ = true;
  rle_ = request == kEcpRleRequest;
  ecp_reverse_ = false;
  if (mode_ == LinkMode::kNibble || mode_ == LinkMode::kByte) {
    phase_ = DataAvailable() ? Phase::kDataAvailable : Phase::kDataNotAvailable;
  } else {
    phase_ = Phase::kForwardIdle;
  }
  // The kernel accepted: XFlag said yes (low for nibble's request, high for the others).
  return Negotiated{request, (request & ~kDeviceIdFlag) != kNibbleRequest};
}

void Link::KeepKernelInStep() {
  if (port_.kernel() != nullptr && !in_kernel_) (void)port_.kernel()->SetPhase(phase_);
}

Result<void> Link::TerminateInKernel() {
  in_kernel_ = false;
  mode_ = LinkMode::kCompatibility;  // As in Terminate: the peripheral is there whatever it says.
  phase_ = Phase::kForwardIdle;
  return port_.kernel()->Terminate();
}

Result<size_t> Link::WriteInKernel(std::span<const uint8_t> bytes, Deadline deadline) {
  last_path_ = TransferPath::kKernel;
  phase_ = Phase::kForwardTransfer;
  Result<size_t> written = port_.kernel()->Write(bytes, deadline);
  phase_ = Phase::kForwardIdle;
  if (!written && mode_ != LinkMode::kCompatibility) return TerminatedWith(written.error());
  return written;
}

Result<size_t> Link::ReadInKernel(std::span<uint8_t> buffer, Deadline deadline) {
  last_path_ = TransferPath::kKernel;
  phase_ = Phase::kReverseTransfer;
  Result<size_t> read = port_.kernel()->Read(buffer, deadline);
  if (!read) return TerminatedWith(read.error());
  if (mode_ == LinkMode::kNibble || mode_ == LinkMode::kByte) {
    phase_ = *read < buffer.size() ? Phase::kReverseIdle : Phase::kDataAvailable;
  } else {
    phase_ = Phase::kReverseIdle;
    ecp_reverse_ = mode_ == LinkMode::kEcp;
  }
  return read;
}

}  // namespace parclass::ieee1284
