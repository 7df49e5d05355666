// Link: the chip's FIFO paths (ieee1284.md 2.3-2.4, 6.2, 9.6, 9.7): compatibility mode through
// the Parallel Port FIFO (ECR 010), ECP forward and reverse through the ECP FIFO (011).
//
// What it costs. An ECR read says only "empty", "full" or neither, so the engine writes a whole
// FIFO's worth into an empty FIFO and reads a whole FIFO's worth out of a full one, one access per
// PWord, and waits between loads on the FIFO's pace (fifo_pace.h), sleeping for as long as the
// last load took: a peripheral that keeps its pace costs one ECR read per load.
//
// What is counted. Bytes done are bytes the peripheral took. When a peripheral stops taking them,
// the FIFO is frozen in test mode (110) and what is left in it counted, and cnfgA says whether
// one more byte was stranded in the chip's transmitter, as Linux 2.4's get_fifo_residue did.

#include <algorithm>
#include <utility>

#include "link_state.h"
#include "parclass/base/line_roles.h"
#include "parclass/base/printer_status.h"
#include "parclass/base/wait.h"
#include "transfer_ops.h"
#include "transfer_stream.h"

namespace parclass::ieee1284 {
namespace {

using hw::EcrMode;

// A busy printer that reports why (paper out, off-line, a fault): no amount of waiting clears it.
bool PrinterStopped(LineLevels status) {
  return status.level(Line::kBusy) == Level::kHigh && !PrinterHealthy(status);
}

Error DrainTimeout(LinkState& link, int event) {
  if (event == 0) {
    return Error(Errc::kTimeout, "the printer stayed busy")
        .set_phase(link.phase)
        .set_lines(LineLevels().with(Line::kBusy, Level::kLow), link.port.Status());
  }
  return Error(Errc::kTimeout, "the peripheral stopped taking bytes")
      .set_phase(link.phase)
      .set_event(event)
      .set_lines(LineLevels().with(Line::kBusy, Level::kHigh), link.port.Status());
}

// Waits for the FIFO to drain a load of `entries`. ECP (`event` 36): each entry's event 36 within
// tL. Compatibility (`event` 0): a printer may stay busy as long as the transfer allows, unless it
// reports a fault. The first look reads the ECR alone; later ones the status too.
Result<void> AwaitDrained(LinkState& link, int entries, int event, Deadline deadline) {
  HostPort& port = link.port;
  const Deadline limit =
      event == 0 ? deadline : Deadline::Earlier(deadline, port.After(link.timing.tl * entries));
  LineLevels status;
  bool looked = false;
  Result<FifoLook> seen = link.drain_pace.Await(port.clock(), entries, limit, [&] {
    if (port.ReadEcr().empty()) return FifoLook::kDone;
    if (!std::exchange(looked, true)) return FifoLook::kNotYet;
    status = port.Status();
    return event == 0 && PrinterStopped(status) ? FifoLook::kEnded : FifoLook::kNotYet;
  });
  if (!seen) return DrainTimeout(link, event);
  if (*seen == FifoLook::kEnded) return PrinterComplaint(status).set_phase(link.phase);
  return Ok();
}

// Waits for the chip to fill the FIFO, running events 43-46 itself. kDone: a full FIFO to read;
// kEnded: the peripheral has no more data (nAck high means the chip has stored every byte it was
// shown), and what the FIFO holds is the rest. On timeout the error names the missing event.
Result<FifoLook> AwaitFilled(LinkState& link, int depth, Deadline deadline) {
  HostPort& port = link.port;
  const Deadline limit = Deadline::Earlier(deadline, port.After(link.timing.tl * depth));
  LineLevels status;
  Result<FifoLook> seen = link.fill_pace.Await(port.clock(), depth, limit, [&] {
    if (port.ReadEcr().full()) return FifoLook::kDone;
    status = port.Status();
    return NoMoreReverseData(status) ? FifoLook::kEnded : FifoLook::kNotYet;
  });
  if (seen) return seen;
  const bool mid_byte = status.level(Line::kNAck) == Level::kLow;
  return Error(Errc::kTimeout, mid_byte ? "the peripheral did not finish a byte"
                                        : "the peripheral asked to send and did not")
      .set_phase(link.phase)
      .set_event(mid_byte ? 45 : 43)
      .set_lines(LineLevels().with(Line::kNAck, mid_byte ? Level::kHigh : Level::kLow), status);
}

// Leaves the FIFO mode for 001 and returns how many entries the peripheral never took: those the
// frozen FIFO still holds, and one more if cnfgA says the transmitter held a byte.
size_t FifoResidue(LinkState& link) {
  HostPort& port = link.port;
  size_t residue = 0;
  const EcrMode mode = port.chip_mode();
  if (mode == EcrMode::kFifo || mode == EcrMode::kEcp) {
    port.FreezeFifo();
    uint8_t byte = 0;
    while (!port.ReadEcr().empty()) {
      port.ReadFifo(std::span(&byte, 1));
      ++residue;
    }
  }
  port.SetChipMode(EcrMode::kPs2);
  port.SetChipMode(EcrMode::kConfig);
  if (!hw::CnfgA::Get().ReadFrom(port.io()).no_transmitter_byte()) ++residue;
  port.SetChipMode(EcrMode::kPs2);
  return residue;
}

Error FifoFailed(LinkState& link, Error error, const WireStream& stream, size_t queued) {
  const size_t residue = FifoResidue(link);
  PARCLASS_ASSERT(residue <= queued, "the FIFO cannot hold more than was written to it");
  const size_t done = stream.DoneAfter(queued - residue);
  if (!stream.ecp) return error.set_bytes_done(done);
  return Failed(link, std::move(error), done);
}

Result<size_t> PumpFifo(LinkState& link, const WireStream& stream, int event, Deadline deadline) {
  HostPort& port = link.port;
  const auto depth = static_cast<size_t>(port.chip().fifo_depth);
  const size_t total = stream.entries.size();
  std::vector<uint8_t> data;
  data.reserve(depth);
  size_t queued = 0;
  while (queued < total) {
    // The FIFO is empty: fill it, data runs one access per PWord.
    const size_t load = std::min(depth, total - queued);
    for (size_t i = queued; i < queued + load; ++i) {
      const WireStream::Entry& entry = stream.entries[i];
      const bool command = entry.kind == EcpKind::kCommand;
      if (!command) data.push_back(entry.byte);
      if (command || i + 1 == queued + load) {
        port.WriteFifo(data);
        data.clear();
      }
      if (command) port.WriteEcpCommand(entry.byte);
    }
    queued += load;
    Result<void> drained = AwaitDrained(link, static_cast<int>(load), event, deadline);
    if (!drained) return FifoFailed(link, drained.error(), stream, queued);
  }
  // The last entry left the FIFO; its handshake ends before the engine leaves the mode.
  port.Delay(std::max(link.timing.fifo_handshake, 2 * link.drain_pace.per_entry()));
  if (FifoResidue(link) != 0) {
    return FifoFailed(link,
                      Error(Errc::kTimeout, "the peripheral did not take the last byte")
                          .set_phase(link.phase)
                          .set_event(event),
                      stream, queued);
  }
  return stream.DoneAfter(total);
}

// Stops the chip taking reverse bytes without cutting a handshake short: it waits until the
// chip has stopped by itself (FIFO full, or nothing more to take), freezes the FIFO and reads it
// out, into `buffer` while it has room and into the link's pending bytes after that. Returns the
// bytes put in `buffer`.
size_t DrainReverseFifo(LinkState& link, std::span<uint8_t> buffer) {
  HostPort& port = link.port;
  const Nanoseconds entry = link.fill_pace.per_entry();
  (void)WaitFor(
      port.clock(), port.After(link.timing.tl),
      [&] { return port.ReadEcr().full() || NoMoreReverseData(port.Status()); },
      Backoff(entry, entry));
  port.FreezeFifo();
  size_t stored = 0;
  uint8_t byte = 0;
  while (!port.ReadEcr().empty()) {
    port.ReadFifo(std::span(&byte, 1));
    if (stored < buffer.size()) {
      buffer[stored++] = byte;
    } else {
      link.reverse_pending.push_back(byte);
    }
  }
  port.SetChipMode(EcrMode::kPs2);
  return stored;
}

}  // namespace

namespace fifo {

// Compatibility mode through the FIFO. The chip waits for Busy itself; the engine only checks
// first that the printer is not reporting a fault, which no amount of waiting would clear.
Result<size_t> WriteCompatibility(LinkState& link, std::span<const uint8_t> bytes,
                                  Deadline deadline) {
  HostPort& port = link.port;
  port.SetDirection(Direction::kForward);
  link.phase = Phase::kForwardTransfer;
  const LineLevels status = port.Status();
  if (PrinterStopped(status)) {
    link.phase = Phase::kForwardIdle;
    return PrinterComplaint(status).set_bytes_done(0);
  }
  // ISA standard: direction forward and the strobe bit clear before mode 010.
  port.SetLines(LineLevels().with(Line::kNStrobe, Level::kHigh).with(Line::kNAutoFd, Level::kHigh));
  port.SetChipMode(EcrMode::kFifo);
  const WireStream stream = WireStream::Compatibility(bytes);
  Result<size_t> sent = PumpFifo(link, stream, 0, deadline);
  link.phase = Phase::kForwardIdle;
  return sent;
}

// ECP data through the FIFO: counts through ecpAFifo, data through ecpDFifo; the chip runs events
// 34-37 for each.
Result<size_t> WriteEcp(LinkState& link, std::span<const uint8_t> bytes, Deadline deadline) {
  HostPort& port = link.port;
  PARCLASS_TRY(EcpForward(link));
  // ISA standard: direction forward, strobe and autoFd bits clear (HostClk and HostAck high), then
  // mode 011.
  port.SetLines(
      LineLevels().with(ecp_lines::kHostClk, Level::kHigh).with(ecp_lines::kHostAck, Level::kHigh));
  port.SetChipMode(EcrMode::kEcp);
  const WireStream stream = WireStream::Ecp(bytes, link.rle);
  Result<size_t> sent = PumpFifo(link, stream, 36, deadline);
  if (sent) link.phase = Phase::kForwardIdle;
  return sent;
}

// Reverse ECP through the FIFO: the turnaround in software (events 38-40, in mode 001, where the
// direction bit may change), then mode 011, where the chip runs events 43-46 and expands
// run-length counts itself (9.6). The engine waits for a full FIFO and reads it whole; when the
// peripheral has no more data, it reads what is left one byte at a time.
Result<size_t> ReadEcp(LinkState& link, std::span<uint8_t> buffer, Deadline deadline) {
  HostPort& port = link.port;
  size_t done = PARCLASS_TRY(StartEcpRead(link, buffer, deadline));
  if (done == buffer.size()) return done;
  link.phase = Phase::kReverseTransfer;
  port.SetChipMode(EcrMode::kEcp);
  const int depth = port.chip().fifo_depth;
  while (done < buffer.size()) {
    Result<FifoLook> filled = AwaitFilled(link, depth, deadline);
    if (!filled) {
      done += DrainReverseFifo(link, buffer.subspan(done));
      return Failed(link, filled.error(), done);
    }
    if (*filled == FifoLook::kEnded) break;
    const size_t count = std::min(static_cast<size_t>(depth), buffer.size() - done);
    port.ReadFifo(buffer.subspan(done, count));
    done += count;
  }
  // The rest: what the FIFO holds goes to the buffer while it has room, and waits in the link
  // for the next read after that.
  done += DrainReverseFifo(link, buffer.subspan(done));
  link.phase = Phase::kReverseIdle;
  return done;
}

}  // namespace fifo
}  // namespace parclass::ieee1284
