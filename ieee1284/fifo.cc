// Link: the chip's FIFO paths (ieee1284.md 2.3-2.4, 6.2, 9.6, 9.7): compatibility mode through
// the Parallel Port FIFO (ECR 010), ECP forward and reverse through the ECP FIFO (011).
//
// What it costs. An ECR read says only "empty", "full" or neither, so the engine writes a whole
// FIFO's worth into an empty FIFO and reads a whole FIFO's worth out of a full one, one access per
// PWord, and sleeps between loads for as long as the last load took: a peripheral that keeps its
// pace costs one ECR read per load.
//
// What is counted. Bytes done are bytes the peripheral took. When a peripheral stops taking them,
// the FIFO is frozen in test mode (110) and what is left in it counted, and cnfgA says whether
// one more byte was stranded in the chip's transmitter, as Linux 2.4's get_fifo_residue did.

#include <algorithm>

#include "parclass/base/printer_status.h"
#include "parclass/ieee1284/link.h"
#include "transfer_stream.h"

namespace parclass::ieee1284 {
namespace {

using hw::EcrMode;

constexpr Nanoseconds kShortestPoll = std::chrono::microseconds(1);
// A load drained on the first look this many times in a row: try a shorter sleep.
constexpr int kSteadyLoadsBeforeSpeedup = 64;

bool NoMoreReverseData(LineLevels status) {
  // nPeriphRequest (nFault) high with PeriphClk (nAck) high: nothing on the lines, nothing to come.
  return status.level(Line::kNAck) == Level::kHigh && status.level(Line::kNFault) == Level::kHigh;
}

}  // namespace

// Compatibility mode through the FIFO. The chip waits for Busy itself; the engine only checks
// first that the printer is not reporting a fault, which no amount of waiting would clear.
Result<size_t> Link::WriteCompatibilityFifo(std::span<const uint8_t> bytes, Deadline deadline) {
  last_path_ = TransferPath::kFifo;
  phase_ = Phase::kForwardTransfer;
  const LineLevels status = port_.Status();
  if (status.level(Line::kBusy) == Level::kHigh && !PrinterHealthy(status)) {
    phase_ = Phase::kForwardIdle;
    return PrinterComplaint(status).set_bytes_done(0);
  }
  // ISA standard: direction forward and the strobe bit clear before mode 010.
  port_.SetLines(
      LineLevels().with(Line::kNStrobe, Level::kHigh).with(Line::kNAutoFd, Level::kHigh));
  port_.SetChipMode(EcrMode::kFifo);
  const WireStream stream = WireStream::Compatibility(bytes);
  Result<size_t> sent = PumpFifo(stream, 0, deadline);
  phase_ = Phase::kForwardIdle;
  return sent;
}

// ECP data through the FIFO: counts through ecpAFifo, data through ecpDFifo; the chip runs events
// 34-37 for each.
Result<size_t> Link::WriteEcpFifo(std::span<const uint8_t> bytes, Deadline deadline) {
  last_path_ = TransferPath::kFifo;
  PARCLASS_TRY(EcpForward());
  // ISA standard: direction forward, strobe and autoFd bits clear, then mode 011.
  port_.SetLines(
      LineLevels().with(Line::kNStrobe, Level::kHigh).with(Line::kNAutoFd, Level::kHigh));
  port_.SetChipMode(EcrMode::kEcp);
  const WireStream stream = WireStream::Ecp(bytes, rle_);
  Result<size_t> sent = PumpFifo(stream, 36, deadline);
  if (sent) phase_ = Phase::kForwardIdle;
  return sent;
}

Result<size_t> Link::PumpFifo(const WireStream& stream, int event, Deadline deadline) {
  const auto depth = static_cast<size_t>(port_.chip().fifo_depth);
  const size_t total = stream.entries.size();
  std::vector<uint8_t> data;
  data.reserve(depth);
  size_t queued = 0;
  while (queued < total) {
    // The FIFO is empty: fill it, data runs one access per PWord.
    const size_t load = std::min(depth, total - queued);
    for (size_t i = queued; i < queued + load; ++i) {
      const WireStream::Entry& entry = stream.entries[i];
      if (!entry.command) data.push_back(entry.byte);
      if (entry.command || i + 1 == queued + load) {
        port_.WriteFifo(data);
        data.clear();
      }
      if (entry.command) port_.WriteEcpCommand(entry.byte);
    }
    queued += load;
    Result<void> drained = AwaitFifoEmpty(load, event, deadline);
    if (!drained) return FifoFailed(drained.error(), stream, queued);
  }
  // The last entry left the FIFO; its handshake ends before the engine leaves the mode.
  port_.Delay(std::max(timing_.fifo_handshake, 2 * fifo_entry_time_));
  if (FifoResidue() != 0) {
    return FifoFailed(Error(Errc::kTimeout, "the peripheral did not take the last byte")
                          .set_phase(phase_)
                          .set_event(event),
                      stream, queued);
  }
  return stream.DoneAfter(total);
}

Result<void> Link::AwaitFifoEmpty(size_t entries, int event, Deadline deadline) {
  const Clock& clock = port_.clock();
  const Nanoseconds start = clock.Now();
  // ECP: each entry's event 36 within tL. Compatibility: a printer may stay busy as long as the
  // transfer allows, unless it reports a fault.
  const Deadline limit =
      event == 0 ? deadline
                 : Deadline::Earlier(deadline, port_.After(timing_.tl * static_cast<int>(entries)));
  Nanoseconds sleep = fifo_entry_time_ * static_cast<int>(entries);
  Nanoseconds step = std::max(fifo_entry_time_, kShortestPoll);
  for (bool first = true;; first = false) {
    port_.Delay(std::min(sleep, limit.RemainingAt(clock.Now())));
    const hw::Ecr ecr = port_.ReadEcr();
    if (ecr.empty()) {
      const Nanoseconds took = (clock.Now() - start) / static_cast<int>(entries);
      if (!first) {
        fifo_entry_time_ = took;
        steady_loads_ = 0;
      } else if (++steady_loads_ == kSteadyLoadsBeforeSpeedup) {
        fifo_entry_time_ -= fifo_entry_time_ / 16;
        steady_loads_ = 0;
      }
      return Ok();
    }
    const LineLevels status = first ? LineLevels() : port_.Status();
    if (!first && event == 0 && status.level(Line::kBusy) == Level::kHigh &&
        !PrinterHealthy(status)) {
      return PrinterComplaint(status).set_phase(phase_);
    }
    if (limit.PassedAt(clock.Now())) {
      if (event == 0) {
        return Error(Errc::kTimeout, "the printer stayed busy")
            .set_phase(phase_)
            .set_lines(LineLevels().with(Line::kBusy, Level::kLow), port_.Status());
      }
      return Error(Errc::kTimeout, "the peripheral stopped taking bytes")
          .set_phase(phase_)
          .set_event(event)
          .set_lines(LineLevels().with(Line::kBusy, Level::kHigh), port_.Status());
    }
    sleep = step;
    step = std::min(2 * step, fifo_entry_time_ * static_cast<int>(entries));
  }
}

// Leaves the FIFO mode for 001 and returns how many entries the peripheral never took: those the
// frozen FIFO still holds, and one more if cnfgA says the transmitter held a byte.
size_t Link::FifoResidue() {
  size_t residue = 0;
  const EcrMode mode = port_.chip_mode();
  if (mode == EcrMode::kFifo || mode == EcrMode::kEcp) {
    port_.FreezeFifo();
    uint8_t byte = 0;
    while (!port_.ReadEcr().empty()) {
      port_.ReadFifo(std::span(&byte, 1));
      ++residue;
    }
  }
  port_.SetChipMode(EcrMode::kPs2);
  port_.SetChipMode(EcrMode::kConfig);
  if (!hw::CnfgA::Get().ReadFrom(port_.io()).no_transmitter_byte()) ++residue;
  port_.SetChipMode(EcrMode::kPs2);
  return residue;
}

Error Link::FifoFailed(Error error, const WireStream& stream, size_t queued) {
  const size_t residue = FifoResidue();
  PARCLASS_ASSERT(residue <= queued, "the FIFO cannot hold more than was written to it");
  const size_t done = stream.DoneAfter(queued - residue);
  if (!stream.ecp) return error.set_bytes_done(done);
  return Failed(std::move(error), done);
}

size_t Link::TakePending(std::span<uint8_t> buffer) {
  const size_t taken = std::min(buffer.size(), reverse_pending_.size());
  std::copy_n(reverse_pending_.begin(), taken, buffer.begin());
  reverse_pending_.erase(reverse_pending_.begin(),
                         reverse_pending_.begin() + static_cast<ptrdiff_t>(taken));
  return taken;
}

// Reverse ECP through the FIFO: the turnaround in software (events 38-40, in mode 001, where the
// direction bit may change), then mode 011, where the chip runs events 43-46 and expands
// run-length counts itself (9.6). The engine waits for a full FIFO and reads it whole; when the
// peripheral has no more data, it reads what is left one byte at a time.
Result<size_t> Link::ReadEcpFifo(std::span<uint8_t> buffer, Deadline deadline) {
  last_path_ = TransferPath::kFifo;
  size_t done = PARCLASS_TRY(StartEcpRead(buffer, deadline));
  if (done == buffer.size()) return done;
  phase_ = Phase::kReverseTransfer;
  port_.SetChipMode(EcrMode::kEcp);
  const Clock& clock = port_.clock();
  const int depth = port_.chip().fifo_depth;
  bool no_more = false;
  while (done < buffer.size() && !no_more) {
    const Nanoseconds start = clock.Now();
    const Deadline limit = Deadline::Earlier(deadline, port_.After(timing_.tl * depth));
    Nanoseconds sleep = fifo_fill_time_ * depth;
    Nanoseconds step = std::max(fifo_fill_time_, kShortestPoll);
    hw::Ecr ecr;
    for (bool first = true;; first = false) {
      port_.Delay(std::min(sleep, limit.RemainingAt(clock.Now())));
      ecr = port_.ReadEcr();
      if (ecr.full()) {
        if (!first) fifo_fill_time_ = (clock.Now() - start) / depth;
        break;
      }
      // nAck high means the chip has stored every byte it was shown: if nothing more is coming,
      // what the FIFO holds is the rest.
      const LineLevels status = port_.Status();
      if (NoMoreReverseData(status)) {
        no_more = true;
        break;
      }
      if (limit.PassedAt(clock.Now())) {
        const bool mid_byte = status.level(Line::kNAck) == Level::kLow;
        Error error =
            Error(Errc::kTimeout, mid_byte ? "the peripheral did not finish a byte"
                                           : "the peripheral asked to send and did not")
                .set_phase(phase_)
                .set_event(mid_byte ? 45 : 43)
                .set_lines(LineLevels().with(Line::kNAck, mid_byte ? Level::kHigh : Level::kLow),
                           status);
        done += DrainReverseFifo(buffer.subspan(done));
        return Failed(std::move(error), done);
      }
      sleep = step;
      step = std::min(2 * step, fifo_fill_time_ * depth);
    }
    if (ecr.full()) {
      const size_t count = std::min(static_cast<size_t>(depth), buffer.size() - done);
      port_.ReadFifo(buffer.subspan(done, count));
      done += count;
    }
  }
  // The rest: what the FIFO holds goes to the buffer while it has room, and waits in the link
  // for the next read after that.
  done += DrainReverseFifo(buffer.subspan(done));
  phase_ = Phase::kReverseIdle;
  return done;
}

// Stops the chip taking reverse bytes without cutting a handshake short: it waits until the
// chip has stopped by itself (FIFO full, or nothing more to take), freezes the FIFO and reads it
// out, into `buffer` while it has room and into the link's pending bytes after that. Returns the
// bytes put in `buffer`.
size_t Link::DrainReverseFifo(std::span<uint8_t> buffer) {
  const Deadline limit = port_.After(timing_.tl);
  while (!port_.ReadEcr().full() && !NoMoreReverseData(port_.Status()) &&
         !limit.PassedAt(port_.clock().Now())) {
    port_.Delay(fifo_fill_time_);
  }
  port_.FreezeFifo();
  size_t stored = 0;
  uint8_t byte = 0;
  while (!port_.ReadEcr().empty()) {
    port_.ReadFifo(std::span(&byte, 1));
    if (stored < buffer.size()) {
      buffer[stored++] = byte;
    } else {
      reverse_pending_.push_back(byte);
    }
  }
  port_.SetChipMode(EcrMode::kPs2);
  return stored;
}

}  // namespace parclass::ieee1284
