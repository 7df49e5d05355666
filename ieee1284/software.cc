// Link: the software path, the engine driving the lines itself through the data, status and
// control registers, in every mode: compatibility (ieee1284.md 6.1, as Linux's
// parport_ieee1284_write_compat), nibble and byte (7, 8), ECP (9.1-9.5) and EPP (10.4, as
// Linux's parport_ieee1284_epp_*). In EPP the control lines take new names: nWrite = nStrobe,
// nDStrb = nAutoFd (data cycles), nAStrb = nSelectIn (address cycles), nWait = Busy.

#include <algorithm>

#include "link_state.h"
#include "parclass/base/line_roles.h"
#include "parclass/base/printer_status.h"
#include "parclass/base/wait.h"
#include "transfer_ops.h"
#include "transfer_stream.h"

namespace parclass::ieee1284 {
namespace {

// Ready: Busy low, nFault high (Linux: (STATUS & 0x88) == 0x88).
constexpr LineLevels kReady =
    LineLevels().with(Line::kBusy, Level::kLow).with(Line::kNFault, Level::kHigh);

constexpr uint8_t kChannelFlag = 0x80;  // An ECP command with bit 7 set is a channel address.

constexpr LineLevels kWaitHigh = LineLevels().with(epp_lines::kNWait, Level::kHigh);
constexpr LineLevels kWaitLow = LineLevels().with(epp_lines::kNWait, Level::kLow);

LineLevels Strobe(Line strobe, Level level) { return LineLevels().with(strobe, level); }

// Waits for the printer to be ready, and stops at once when its status says why it is not
// (paper out, off-line, a fault), as Linux's compatibility writer does; a printer that is merely
// busy is waited for until the deadline.
Result<void> WaitReadyToPrint(LinkState& link, Deadline deadline) {
  LineLevels seen;
  (void)WaitFor(link.port.clock(), deadline, [&] {
    seen = link.port.Status();
    return kReady.MatchedBy(seen) || !PrinterHealthy(seen);
  });
  if (kReady.MatchedBy(seen)) return Ok();
  if (!PrinterHealthy(seen)) return PrinterComplaint(seen).set_phase(link.phase);
  return Error(Errc::kTimeout, "the printer stayed busy")
      .set_phase(link.phase)
      .set_lines(kReady, seen);
}

// No more data: HostBusy low with nothing to read is reverse idle (section 7.3).
void EnterReverseIdle(LinkState& link) {
  link.port.SetLines(LineLevels().with(nibble_lines::kHostBusy, Level::kLow));
  link.phase = Phase::kReverseIdle;
}

// Events 7-11 (sections 7.3, 8.3): HostBusy low; the peripheral puts its data out and sets nAck
// low (event 9), when `latch` takes the data; HostBusy high (event 10); nAck high (event 11).
template <typename Latch>
Result<void> ReverseHandshake(LinkState& link, Deadline deadline, Latch latch) {
  HostPort& port = link.port;
  port.SetLines(LineLevels().with(nibble_lines::kHostBusy, Level::kLow));  // Event 7.
  Result<LineLevels> event9 = Await(link, 9, LineLevels().with(nibble_lines::kPtrClk, Level::kLow),
                                    EventDeadline(link, deadline));
  if (!event9) {
    port.SetLines(LineLevels().with(nibble_lines::kHostBusy, Level::kHigh));
    return event9.error();
  }
  latch(*event9);
  port.SetLines(LineLevels().with(nibble_lines::kHostBusy, Level::kHigh));  // Event 10.
  PARCLASS_TRY(Await(link, 11, LineLevels().with(nibble_lines::kPtrClk, Level::kHigh),
                     EventDeadline(link, deadline)));
  return Ok();
}

// One byte in nibble mode: the handshake twice, a nibble on the status lines each time (event 8).
Result<uint8_t> ReadNibbleByte(LinkState& link, Deadline deadline) {
  uint8_t byte = 0;
  for (int half = 0; half < 2; ++half) {
    PARCLASS_TRY(ReverseHandshake(link, deadline, [&](LineLevels status) {
      byte |= static_cast<uint8_t>(NibbleOf(status) << (4 * half));
    }));
  }
  return byte;
}

// One byte in byte mode: the handshake with the byte on the data lines (event 15), then the
// acknowledge pulse on HostClk (events 16 and 17).
Result<uint8_t> ReadOneByte(LinkState& link, Deadline deadline) {
  HostPort& port = link.port;
  uint8_t byte = 0;
  PARCLASS_TRY(ReverseHandshake(link, deadline, [&](LineLevels) { byte = port.ReadData(); }));
  port.SetLines(LineLevels().with(byte_lines::kHostClk, Level::kLow));
  port.Delay(link.timing.byte_ack_width);
  port.SetLines(LineLevels().with(byte_lines::kHostClk, Level::kHigh));
  return byte;
}

// Nibble and byte mode's loop (sections 7.3, 8.3): a byte by `step` while the peripheral says it
// has one (nDataAvail low), until `buffer` is full; with no more data, reverse idle.
using ReverseStep = Result<uint8_t> (*)(LinkState& link, Deadline deadline);
Result<size_t> ReadReverseChannel(LinkState& link, std::span<uint8_t> buffer, Deadline deadline,
                                  ReverseStep step) {
  for (size_t done = 0; done < buffer.size(); ++done) {
    if (!DataAvailable(link)) {
      EnterReverseIdle(link);
      return done;
    }
    link.phase = Phase::kReverseTransfer;
    Result<uint8_t> byte = step(link, deadline);
    if (!byte) return Failed(link, byte.error(), done);
    buffer[done] = *byte;
  }
  link.phase = DataAvailable(link) ? Phase::kDataAvailable : Phase::kDataNotAvailable;
  return buffer.size();
}

Result<void> EcpForwardByte(LinkState& link, EcpByte byte, Deadline deadline) {
  HostPort& port = link.port;
  // Event 34: the byte on the data lines, HostAck high for data, low for a command.
  port.WriteData(byte.byte);
  port.SetLines(LineLevels()
                    .with(ecp_lines::kHostAck, ecp_lines::LevelOf(byte.kind))
                    .with(ecp_lines::kHostClk, Level::kLow));  // Event 35: HostClk low.
  // Event 36: PeriphAck (Busy) high, the byte is taken.
  Result<LineLevels> taken = Await(link, 36, LineLevels().with(ecp_lines::kPeriphAck, Level::kHigh),
                                   EventDeadline(link, deadline));
  port.SetLines(LineLevels().with(ecp_lines::kHostClk, Level::kHigh));  // Event 37.
  if (!taken) return taken.error();
  // PeriphAck low: ready for the next byte.
  PARCLASS_TRY(Await(link, 37, LineLevels().with(ecp_lines::kPeriphAck, Level::kLow),
                     EventDeadline(link, deadline)));
  return Ok();
}

// Events 44-46 after a byte was read at event 43.
Result<void> AcknowledgeReverseByte(LinkState& link, Deadline deadline) {
  link.port.SetLines(LineLevels().with(ecp_lines::kHostAck, Level::kHigh));  // Event 44.
  Result<LineLevels> event45 =
      Await(link, 45, LineLevels().with(ecp_lines::kPeriphClk, Level::kHigh),
            EventDeadline(link, deadline));
  link.port.SetLines(LineLevels().with(ecp_lines::kHostAck, Level::kLow));  // Event 46.
  if (!event45) return event45.error();
  return Ok();
}

// A reverse ECP command that is a run-length count (bit 7 clear), and the bytes its run makes.
bool IsRunLength(uint8_t command) { return (command & kChannelFlag) == 0; }
size_t RunOf(uint8_t count) { return static_cast<size_t>(count & 0x7f) + 1; }

// After the strobe's rising edge (event 63 or 59), the peripheral lowers nWait: event 60.
Result<void> EppCycleEnd(LinkState& link, Line strobe, Deadline deadline) {
  link.port.SetLines(Strobe(strobe, Level::kHigh));
  PARCLASS_TRY(Await(link, 60, kWaitLow, EventDeadline(link, deadline)));
  return Ok();
}

Result<void> EppWriteCycle(LinkState& link, Line strobe, uint8_t byte, Deadline deadline) {
  HostPort& port = link.port;
  port.WriteData(byte);
  // Event 62 (data) or 56 (address): nWrite low, then the strobe low.
  port.SetLines(LineLevels().with(epp_lines::kNWrite, Level::kLow));
  port.SetLines(Strobe(strobe, Level::kLow));
  // Event 58: nWait high, the peripheral has the byte.
  Result<LineLevels> event58 = Await(link, 58, kWaitHigh, EventDeadline(link, deadline));
  if (!event58) {
    port.SetLines(Strobe(strobe, Level::kHigh));
    return event58.error();
  }
  return EppCycleEnd(link, strobe, deadline);
}

Result<uint8_t> EppReadCycle(LinkState& link, Line strobe, Deadline deadline) {
  HostPort& port = link.port;
  // Event 67 (data) or 64 (address): nWrite high, the data lines let go, the strobe low.
  port.SetLines(LineLevels().with(epp_lines::kNWrite, Level::kHigh));
  port.SetDirection(Direction::kReverse);
  port.SetLines(Strobe(strobe, Level::kLow));
  Result<LineLevels> event58 = Await(link, 58, kWaitHigh, EventDeadline(link, deadline));
  if (!event58) {
    port.SetLines(Strobe(strobe, Level::kHigh));
    return event58.error();
  }
  const uint8_t byte = port.ReadData();
  PARCLASS_TRY(EppCycleEnd(link, strobe, deadline));
  return byte;
}

}  // namespace

// The nibble encoded on the status lines (ieee1284.md 7.1).
uint8_t NibbleOf(LineLevels status) {
  const auto bit = [&](Line line, int value) {
    return status.level(line) == Level::kHigh ? value : 0;
  };
  return static_cast<uint8_t>(bit(Line::kNFault, 1) | bit(Line::kSelect, 2) |
                              bit(Line::kPError, 4) | bit(Line::kBusy, 8));
}

namespace software {

// Per byte: wait for Busy low, put the byte on the lines, strobe.
Result<size_t> WriteCompatibility(LinkState& link, std::span<const uint8_t> bytes,
                                  Deadline deadline) {
  HostPort& port = link.port;
  port.SetDirection(Direction::kForward);
  for (size_t done = 0; done < bytes.size(); ++done) {
    link.phase = Phase::kForwardIdle;
    Result<void> ready = WaitReadyToPrint(link, deadline);
    if (!ready) return Error(ready.error()).set_bytes_done(done);
    link.phase = Phase::kForwardTransfer;
    port.WriteData(bytes[done]);
    port.Delay(link.timing.data_setup);
    port.SetLines(LineLevels().with(Line::kNStrobe, Level::kLow));
    port.Delay(link.timing.strobe_width);
    port.SetLines(LineLevels().with(Line::kNStrobe, Level::kHigh));
    // The hold time: the next byte's status poll comes first.
    port.Delay(link.timing.data_setup);
  }
  link.phase = Phase::kForwardIdle;
  return bytes.size();
}

Result<size_t> ReadNibble(LinkState& link, std::span<uint8_t> buffer, Deadline deadline) {
  return ReadReverseChannel(link, buffer, deadline, &ReadNibbleByte);
}

Result<size_t> ReadByteMode(LinkState& link, std::span<uint8_t> buffer, Deadline deadline) {
  link.port.SetDirection(Direction::kReverse);  // Event 14: the host lets go of the data lines.
  return ReadReverseChannel(link, buffer, deadline, &ReadOneByte);
}

// Data bytes with HostAck high; with RLE, runs as a count (HostAck low) and one byte (9.5).
Result<size_t> WriteEcp(LinkState& link, std::span<const uint8_t> bytes, Deadline deadline) {
  PARCLASS_TRY(EcpForward(link));
  const WireStream stream = WireStream::Ecp(bytes, link.rle);
  for (size_t i = 0; i < stream.entries.size(); ++i) {
    const WireStream::Entry& entry = stream.entries[i];
    Result<void> sent = EcpForwardByte(link, {entry.byte, entry.kind}, deadline);
    if (!sent) return Failed(link, sent.error(), stream.DoneAfter(i));
  }
  link.phase = Phase::kForwardIdle;
  return bytes.size();
}

Result<void> WriteEcpChannel(LinkState& link, uint8_t channel, Deadline deadline) {
  PARCLASS_ASSERT(channel < kChannelFlag, "ECP channels are 0-127");
  PARCLASS_TRY(EcpForward(link));
  Result<void> sent = EcpForwardByte(
      link, {static_cast<uint8_t>(channel | kChannelFlag), EcpKind::kCommand}, deadline);
  if (!sent) return Failed(link, sent.error(), 0);
  link.phase = Phase::kForwardIdle;
  return Ok();
}

// Events 43-46 per byte, run-length counts expanded; a channel address ends the read.
Result<size_t> ReadEcp(LinkState& link, std::span<uint8_t> buffer, Deadline deadline) {
  size_t done = PARCLASS_TRY(StartEcpRead(link, buffer, deadline));
  if (done == buffer.size()) return done;
  size_t copies_of_next = 1;  // A run-length count makes the next data byte count more.
  while (done < buffer.size() && !NoMoreReverseData(link.port.Status())) {
    link.phase = Phase::kReverseTransfer;
    // Event 43: a byte on the lines, PeriphAck high for data, low for a command; nAck low.
    Result<LineLevels> event43 =
        Await(link, 43, LineLevels().with(ecp_lines::kPeriphClk, Level::kLow), deadline);
    if (!event43) return Failed(link, event43.error(), done);
    const uint8_t byte = link.port.ReadData();
    const bool command =
        ecp_lines::KindAt(event43->level(ecp_lines::kPeriphAck)) == EcpKind::kCommand;
    // Counts are decoded whether or not RLE was negotiated, as Linux does. A run that would not
    // fit stays, unacknowledged, for the next read.
    if (command && IsRunLength(byte) && RunOf(byte) > buffer.size() - done) break;
    Result<void> acknowledged = AcknowledgeReverseByte(link, deadline);
    if (!acknowledged) return Failed(link, acknowledged.error(), done);
    if (command && !IsRunLength(byte)) {
      link.reverse_channel = byte & ~kChannelFlag;
      break;
    }
    if (command) {
      copies_of_next = RunOf(byte);
      continue;
    }
    const size_t copies = std::min(copies_of_next, buffer.size() - done);
    std::fill_n(buffer.begin() + static_cast<ptrdiff_t>(done), copies, byte);
    done += copies;
    copies_of_next = 1;
  }
  link.phase = Phase::kReverseIdle;
  return done;
}

Result<size_t> WriteEpp(LinkState& link, std::span<const uint8_t> bytes, Deadline deadline) {
  link.port.SetDirection(Direction::kForward);
  link.phase = Phase::kForwardTransfer;
  for (size_t done = 0; done < bytes.size(); ++done) {
    Result<void> cycle = EppWriteCycle(link, epp_lines::kNDataStb, bytes[done], deadline);
    if (!cycle) return Failed(link, cycle.error(), done);
  }
  link.port.SetLines(LineLevels().with(epp_lines::kNWrite, Level::kHigh));  // Event 61.
  link.phase = Phase::kForwardIdle;
  return bytes.size();
}

Result<size_t> ReadEpp(LinkState& link, std::span<uint8_t> buffer, Deadline deadline) {
  link.phase = Phase::kReverseTransfer;
  for (size_t done = 0; done < buffer.size(); ++done) {
    Result<uint8_t> byte = EppReadCycle(link, epp_lines::kNDataStb, deadline);
    if (!byte) return Failed(link, byte.error(), done);
    buffer[done] = *byte;
  }
  link.port.SetDirection(Direction::kForward);
  link.phase = Phase::kForwardIdle;
  return buffer.size();
}

Result<void> WriteEppAddress(LinkState& link, uint8_t address, Deadline deadline) {
  link.port.SetDirection(Direction::kForward);
  Result<void> cycle = EppWriteCycle(link, epp_lines::kNAddrStb, address, deadline);
  if (!cycle) return Failed(link, cycle.error(), 0);
  link.port.SetLines(LineLevels().with(epp_lines::kNWrite, Level::kHigh));  // Event 61.
  return Ok();
}

Result<uint8_t> ReadEppAddress(LinkState& link, Deadline deadline) {
  Result<uint8_t> address = EppReadCycle(link, epp_lines::kNAddrStb, deadline);
  link.port.SetDirection(Direction::kForward);
  if (!address) return Failed(link, address.error(), 0);
  return address;
}

}  // namespace software
}  // namespace parclass::ieee1284
