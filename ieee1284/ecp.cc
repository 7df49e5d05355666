// Link: ECP in software (ieee1284.md section 9): forward data and commands (9.1), the turnaround
// both ways (9.2, 9.4), reverse data (9.3), and run-length encoding and decoding (9.5).

#include <fmt/format.h>

#include "parclass/ieee1284/link.h"
#include "transfer_stream.h"

namespace parclass::ieee1284 {
namespace {

constexpr uint8_t kChannelFlag = 0x80;  // A command with bit 7 set is a channel address.

}  // namespace

Error Link::TerminatedWith(Error error) {
  // Leave the link in a defined state: back in compatibility mode. The failure to report is the
  // one that brought us here, not the termination's.
  (void)Terminate();
  return error;
}

Error Link::Failed(Error error, size_t done) { return TerminatedWith(error.set_bytes_done(done)); }

Result<void> Link::EcpForwardByte(uint8_t byte, bool command, Deadline deadline) {
  // Event 34: the byte on the data lines, HostAck high for data, low for a command.
  port_.WriteData(byte);
  port_.SetLines(LineLevels()
                     .with(Line::kNAutoFd, command ? Level::kLow : Level::kHigh)
                     .with(Line::kNStrobe, Level::kLow));  // Event 35: HostClk low.
  // Event 36: PeriphAck (Busy) high, the byte is taken.
  Result<LineLevels> taken =
      Await(36, LineLevels().with(Line::kBusy, Level::kHigh), EventDeadline(deadline));
  port_.SetLines(LineLevels().with(Line::kNStrobe, Level::kHigh));  // Event 37.
  if (!taken) return taken.error();
  // PeriphAck low: ready for the next byte.
  PARCLASS_TRY(Await(37, LineLevels().with(Line::kBusy, Level::kLow), EventDeadline(deadline)));
  return Ok();
}

Result<void> Link::EcpForward() {
  PARCLASS_ASSERT(mode_ == LinkMode::kEcp, "ECP transfers need a negotiated ECP link");
  if (ecp_reverse_) PARCLASS_TRY(ReverseToForward());
  phase_ = Phase::kForwardTransfer;
  return Ok();
}

Result<void> Link::WriteEcpChannel(uint8_t channel, Deadline deadline) {
  PARCLASS_ASSERT(channel < kChannelFlag, "ECP channels are 0-127");
  PARCLASS_TRY(EcpForward());
  Result<void> sent = EcpForwardByte(channel | kChannelFlag, /*command=*/true, deadline);
  if (!sent) return Failed(sent.error(), 0);
  phase_ = Phase::kForwardIdle;
  return Ok();
}

Result<size_t> Link::WriteEcp(std::span<const uint8_t> bytes, Deadline deadline) {
  PARCLASS_ASSERT(mode_ == LinkMode::kEcp, "ECP transfers need a negotiated ECP link");
  if (in_kernel_) return WriteInKernel(bytes, deadline);
  if (UseChipPath(Lane::kEcpForward)) return WriteEcpFifo(bytes, deadline);
  last_path_ = TransferPath::kSoftware;
  PARCLASS_TRY(EcpForward());
  const WireStream stream = WireStream::Ecp(bytes, rle_);
  for (size_t i = 0; i < stream.entries.size(); ++i) {
    const WireStream::Entry& entry = stream.entries[i];
    Result<void> sent = EcpForwardByte(entry.byte, entry.command, deadline);
    if (!sent) return Failed(sent.error(), stream.DoneAfter(i));
  }
  phase_ = Phase::kForwardIdle;
  return bytes.size();
}

// Events 38-40: HostAck low and the data lines let go, nReverseRequest low, then the peripheral
// answers with nAckReverse low and may drive the data lines.
Result<void> Link::ForwardToReverse(Deadline deadline) {
  phase_ = Phase::kForwardToReverse;
  port_.SetLines(LineLevels().with(Line::kNAutoFd, Level::kLow));  // Event 38.
  port_.SetDirection(Direction::kReverse);
  port_.SetLines(LineLevels().with(Line::kNInit, Level::kLow));  // Event 39.
  Result<LineLevels> event40 =
      Await(40, LineLevels().with(Line::kPError, Level::kLow), EventDeadline(deadline));
  if (!event40) {
    // Withdraw the request and take the data lines back: forward idle, as before event 38.
    port_.SetLines(LineLevels().with(Line::kNInit, Level::kHigh));
    port_.SetDirection(Direction::kForward);
    phase_ = Phase::kForwardIdle;
    return event40.error();
  }
  ecp_reverse_ = true;
  phase_ = Phase::kReverseIdle;
  return Ok();
}

// Events 47-49: nReverseRequest high; the peripheral lets go of the data lines and sets
// nAckReverse high; then the host drives the data lines again.
Result<void> Link::ReverseToForward() {
  phase_ = Phase::kReverseToForward;
  port_.SetLines(LineLevels().with(Line::kNInit, Level::kHigh));  // Event 47.
  Result<LineLevels> event49 =
      Await(49, LineLevels().with(Line::kPError, Level::kHigh), EventDeadline(Deadline::Never()));
  port_.SetDirection(Direction::kForward);
  ecp_reverse_ = false;
  phase_ = Phase::kForwardIdle;
  if (!event49) return event49.error();
  return Ok();
}

Result<size_t> Link::StartEcpRead(std::span<uint8_t> buffer, Deadline deadline) {
  const size_t done = TakePending(buffer);
  if (done < buffer.size() && !ecp_reverse_) {
    Result<void> turned = ForwardToReverse(deadline);
    if (!turned) return Failed(turned.error(), done);
  }
  return done;
}

Result<void> Link::TurnEcpToReverse(Deadline deadline) {
  PARCLASS_ASSERT(mode_ == LinkMode::kEcp, "ECP turnarounds need a negotiated ECP link");
  // A link the kernel runs is turned around by the kernel's loops, which track its direction.
  if (ecp_reverse_ || in_kernel_) return Ok();
  Result<void> turned = ForwardToReverse(deadline);
  if (!turned) return TerminatedWith(turned.error());
  return Ok();
}

Result<void> Link::TurnEcpToForward() {
  PARCLASS_ASSERT(mode_ == LinkMode::kEcp, "ECP turnarounds need a negotiated ECP link");
  if (!ecp_reverse_ || in_kernel_) return Ok();
  Result<void> turned = ReverseToForward();
  if (!turned) return TerminatedWith(turned.error());
  return Ok();
}

// Events 44-46 after a byte was read at event 43.
Result<void> Link::AcknowledgeReverseByte(Deadline deadline) {
  port_.SetLines(LineLevels().with(Line::kNAutoFd, Level::kHigh));  // Event 44.
  Result<LineLevels> event45 =
      Await(45, LineLevels().with(Line::kNAck, Level::kHigh), EventDeadline(deadline));
  port_.SetLines(LineLevels().with(Line::kNAutoFd, Level::kLow));  // Event 46.
  if (!event45) return event45.error();
  return Ok();
}

Result<size_t> Link::ReadEcp(std::span<uint8_t> buffer, Deadline deadline) {
  PARCLASS_ASSERT(mode_ == LinkMode::kEcp, "ECP transfers need a negotiated ECP link");
  if (in_kernel_) return ReadInKernel(buffer, deadline);
  if (UseChipPath(Lane::kEcpReverse)) return ReadEcpFifo(buffer, deadline);
  last_path_ = TransferPath::kSoftware;
  size_t done = PARCLASS_TRY(StartEcpRead(buffer, deadline));
  if (done == buffer.size()) return done;
  size_t copies_of_next = 1;  // A run-length count makes the next data byte count more.
  while (done < buffer.size()) {
    // nPeriphRequest (nFault) high with nothing on the lines: the peripheral has no more data.
    const LineLevels status = port_.Status();
    if (status.level(Line::kNAck) == Level::kHigh && status.level(Line::kNFault) == Level::kHigh) {
      break;
    }
    phase_ = Phase::kReverseTransfer;
    // Event 43: a byte on the lines, PeriphAck high for data, low for a command; nAck low.
    Result<LineLevels> event43 = Await(43, LineLevels().with(Line::kNAck, Level::kLow), deadline);
    if (!event43) return Failed(event43.error(), done);
    const uint8_t byte = port_.ReadData();
    const bool command = event43->level(Line::kBusy) == Level::kLow;
    // Counts are decoded whether or not RLE was negotiated, as Linux does.
    if (command && (byte & kChannelFlag) == 0 && (byte & 0x7fu) + 1 > buffer.size() - done) {
      break;  // The run would not fit: the count stays, unacknowledged, for the next read.
    }
    Result<void> acknowledged = AcknowledgeReverseByte(deadline);
    if (!acknowledged) return Failed(acknowledged.error(), done);
    if (command && (byte & kChannelFlag) != 0) {
      reverse_channel_ = byte & ~kChannelFlag;
      break;
    }
    if (command) {
      copies_of_next = static_cast<size_t>(byte & 0x7f) + 1;
      continue;
    }
    const size_t copies = std::min(copies_of_next, buffer.size() - done);
    std::fill_n(buffer.begin() + static_cast<ptrdiff_t>(done), copies, byte);
    done += copies;
    copies_of_next = 1;
  }
  phase_ = Phase::kReverseIdle;
  return done;
}

}  // namespace parclass::ieee1284
