// Link: the nibble and byte reverse channels (ieee1284.md sections 7 and 8).

#include "parclass/ieee1284/link.h"

namespace parclass::ieee1284 {

uint8_t NibbleOf(LineLevels status) {
  const auto bit = [&](Line line, int value) {
    return status.level(line) == Level::kHigh ? value : 0;
  };
  return static_cast<uint8_t>(bit(Line::kNFault, 1) | bit(Line::kSelect, 2) |
                              bit(Line::kPError, 4) | bit(Line::kBusy, 8));
}

// nDataAvail (nFault) low: the peripheral has a byte for us.
bool Link::DataAvailable() { return port_.Status().level(Line::kNFault) == Level::kLow; }

// No more data: HostBusy low with nothing to read is reverse idle (section 7.3).
void Link::EnterReverseIdle() {
  port_.SetLines(LineLevels().with(Line::kNAutoFd, Level::kLow));
  phase_ = Phase::kReverseIdle;
}

Result<uint8_t> Link::ReadNibbleByte(Deadline deadline) {
  uint8_t byte = 0;
  for (int half = 0; half < 2; ++half) {
    port_.SetLines(LineLevels().with(Line::kNAutoFd, Level::kLow));  // Event 7.
    // Events 8 and 9: the nibble on the status lines, then nAck low.
    Result<LineLevels> nibble =
        Await(9, LineLevels().with(Line::kNAck, Level::kLow), EventDeadline(deadline));
    if (!nibble) {
      port_.SetLines(LineLevels().with(Line::kNAutoFd, Level::kHigh));
      return nibble.error();
    }
    byte |= static_cast<uint8_t>(NibbleOf(*nibble) << (4 * half));
    port_.SetLines(LineLevels().with(Line::kNAutoFd, Level::kHigh));  // Event 10.
    PARCLASS_TRY(Await(11, LineLevels().with(Line::kNAck, Level::kHigh), EventDeadline(deadline)));
  }
  return byte;
}

Result<size_t> Link::ReadNibble(std::span<uint8_t> buffer, Deadline deadline) {
  PARCLASS_ASSERT(mode_ == LinkMode::kNibble, "ReadNibble needs a negotiated nibble link");
  if (in_kernel_) return ReadInKernel(buffer, deadline);
  for (size_t done = 0; done < buffer.size(); ++done) {
    if (!DataAvailable()) {
      EnterReverseIdle();
      return done;
    }
    phase_ = Phase::kReverseTransfer;
    Result<uint8_t> byte = ReadNibbleByte(deadline);
    if (!byte) return Failed(byte.error(), done);
    buffer[done] = *byte;
  }
  phase_ = DataAvailable() ? Phase::kDataAvailable : Phase::kDataNotAvailable;
  return buffer.size();
}

Result<uint8_t> Link::ReadOneByte(Deadline deadline) {
  port_.SetLines(LineLevels().with(Line::kNAutoFd, Level::kLow));  // Event 7.
  // Events 15 and 9: the byte on the data lines, then nAck low.
  Result<LineLevels> event9 =
      Await(9, LineLevels().with(Line::kNAck, Level::kLow), EventDeadline(deadline));
  if (!event9) {
    port_.SetLines(LineLevels().with(Line::kNAutoFd, Level::kHigh));
    return event9.error();
  }
  const uint8_t byte = port_.ReadData();
  port_.SetLines(LineLevels().with(Line::kNAutoFd, Level::kHigh));  // Event 10.
  PARCLASS_TRY(Await(11, LineLevels().with(Line::kNAck, Level::kHigh), EventDeadline(deadline)));
  // Events 16 and 17: the acknowledge pulse on HostClk.
  port_.SetLines(LineLevels().with(Line::kNStrobe, Level::kLow));
  port_.Delay(timing_.byte_ack_width);
  port_.SetLines(LineLevels().with(Line::kNStrobe, Level::kHigh));
  return byte;
}

Result<size_t> Link::ReadByteMode(std::span<uint8_t> buffer, Deadline deadline) {
  PARCLASS_ASSERT(mode_ == LinkMode::kByte, "ReadByteMode needs a negotiated byte link");
  if (in_kernel_) return ReadInKernel(buffer, deadline);
  port_.SetDirection(Direction::kReverse);  // Event 14: the host lets go of the data lines.
  for (size_t done = 0; done < buffer.size(); ++done) {
    if (!DataAvailable()) {
      EnterReverseIdle();
      return done;
    }
    phase_ = Phase::kReverseTransfer;
    Result<uint8_t> byte = ReadOneByte(deadline);
    if (!byte) return Failed(byte.error(), done);
    buffer[done] = *byte;
  }
  phase_ = DataAvailable() ? Phase::kDataAvailable : Phase::kDataNotAvailable;
  return buffer.size();
}

}  // namespace parclass::ieee1284
