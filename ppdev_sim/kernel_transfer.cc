// KernelPort: IEEE 1284 as drivers/parport/ieee1284.c runs it (parport_negotiate, parport_write,
// parport_read), with the handshakes done by ieee1284::Link, and parport_pc's EPP loops.

#include <cerrno>

#include "kernel_port.h"

namespace parclass::ppdev_sim::detail {
namespace {

constexpr int Phase(KernelPhase phase) { return ToInt(phase); }

// The request parport_negotiate puts on the data lines for `mode` (event 0): the mode's low byte
// (IEEE1284_MODE_* are the request bytes), with the software-emulated and EPP 1.7 variants asking
// for their plain modes. Bounded ECP is refused before any handshake.
std::optional<Ieee1284Request> RequestOf(int mode) {
  switch (mode) {
    case IEEE1284_MODE_ECPSWE: return kEcpRequest;
    case IEEE1284_MODE_EPPSL:
    case IEEE1284_MODE_EPPSWE: return kEppRequest;
    case IEEE1284_MODE_BECP: return std::nullopt;  // "FIXME (implement BECP)": -ENOSYS.
    default: break;
  }
  return Ieee1284Request::FromByte(static_cast<uint8_t>(mode & ~IEEE1284_ADDR));
}

// parport_negotiate's phase after a successful negotiation: ECP goes through its setup phase to
// forward idle; exactly nibble or byte (not with the Device ID flag) to reverse idle.
int PhaseAfterNegotiation(int mode, Ieee1284Request request, bool extended) {
  if (!extended && request.IsEcp()) return Phase(KernelPhase::kFwdIdle);
  if (mode == IEEE1284_MODE_NIBBLE || mode == IEEE1284_MODE_BYTE) {
    return Phase(KernelPhase::kRevIdle);
  }
  return Phase(KernelPhase::kFwdIdle);
}

// The kernel's transfer functions return a count, never an error: what a failed Link transfer
// moved before it failed.
ssize_t Done(const Result<size_t>& moved) {
  if (moved) return static_cast<ssize_t>(*moved);
  return static_cast<ssize_t>(moved.error().bytes_done().value_or(0));
}

hw::RegisterAddress EppAddressOf(EppRegister reg) {
  return reg == EppRegister::kAddress ? hw::EppAddress::kAddress : hw::EppData<0>::kAddress;
}

}  // namespace

// --- Negotiation (parport_negotiate, parport_ieee1284_terminate) --------------------------------

int KernelPort::Negotiate(int mode) {
  if (info_.mode == mode) return 0;  // "Is there anything to do?"
  if ((info_.mode & ~IEEE1284_ADDR) == (mode & ~IEEE1284_ADDR)) {
    info_.mode = mode;  // "Is the difference just an address-or-not bit?"
    return 0;
  }
  if (info_.mode != IEEE1284_MODE_COMPAT) Terminate();
  if (mode == IEEE1284_MODE_COMPAT) return 0;
  const std::optional<Ieee1284Request> request = RequestOf(mode);
  if (!request) return -ENOSYS;
  const bool extended = (mode & IEEE1284_EXT_LINK) != 0;
  info_.phase = Phase(KernelPhase::kNegotiation);
  const Result<ieee1284::Negotiated> negotiated =
      extended ? link_.NegotiateExtended(Ieee1284Request::FromByte(mode & 0x7f))
               : link_.Negotiate(*request);
  if (!negotiated) return NegotiationFailed(negotiated.error());
  info_.mode = mode;
  info_.phase = PhaseAfterNegotiation(mode, *request, extended);
  return 0;
}

int KernelPort::NegotiationFailed(const Error& error) {
  // No event 2: "Peripheral not IEEE1284 compliant", -1, the link left in compatibility mode.
  if (error.code() == Errc::kNotIeee1284) {
    info_.phase = Phase(KernelPhase::kFwdIdle);
    return -1;
  }
  // XFlag said no, or an event after 2 never came: the kernel terminates and returns 1 (the Link
  // has terminated already).
  info_ = Ieee1284Info{};
  return 1;
}

void KernelPort::Terminate() {
  // parport_ieee1284_terminate: events 22-29 (68-69 from EPP), whatever the peripheral answers.
  (void)link_.Terminate();
  info_ = Ieee1284Info{};
}

// --- Forward (parport_write) -------------------------------------------------------------------

ssize_t KernelPort::Write(std::span<const uint8_t> bytes, const Transfer& transfer) {
  // The transfer of the mode the port is in; the Device ID and address flags select nothing.
  const int mode = info_.mode & ~(IEEE1284_DEVICEID | IEEE1284_ADDR);
  const bool address = (info_.mode & IEEE1284_ADDR) != 0;
  switch (mode) {
    case IEEE1284_MODE_NIBBLE:
    case IEEE1284_MODE_BYTE: (void)Negotiate(IEEE1284_MODE_COMPAT); [[fallthrough]];
    case IEEE1284_MODE_COMPAT: return WriteCompat(bytes, transfer);
    case IEEE1284_MODE_EPP:
      return EppWrite(bytes, address ? EppRegister::kAddress : EppRegister::kData,
                      EppAccess::kByteByByte);
    case IEEE1284_MODE_EPPSWE: return EppSoftware({}, bytes, address, transfer);
    case IEEE1284_MODE_ECP:
    case IEEE1284_MODE_ECPRLE:
    case IEEE1284_MODE_ECPSWE: return WriteEcp(bytes, mode, address, transfer);
    default: return -ENOSYS;  // "Unknown mode".
  }
}

ssize_t KernelPort::WriteCompat(std::span<const uint8_t> bytes, const Transfer& transfer) {
  // parport_pc_compat_write_block_pio (the FIFO) where probing installed it, except when the
  // timeout is O_NONBLOCK's, which falls back to parport_ieee1284_write_compat (software).
  const bool fifo = (modes_ & PARPORT_MODE_COMPAT) != 0 && !transfer.nonblocking;
  ieee1284::AllowedPaths paths = ieee1284::AllowedPaths::SoftwareOnly();
  if (fifo) paths = paths.With(ieee1284::Lane::kCompatibility, ieee1284::TransferPath::kFifo);
  link_.set_allowed_paths(paths);
  if (link_.mode() == LinkMode::kCompatibility && fifo) {
    DataForward();  // "Must be in PS2 mode", then nStrobe high before the FIFO takes over.
    FrobControl(PARPORT_CONTROL_STROBE, 0);
  } else if (link_.mode() == LinkMode::kCompatibility) {
    WriteControl(PARPORT_CONTROL_SELECT | PARPORT_CONTROL_INIT);  // nSelectIn low, nInit high.
    DataForward();
  }
  info_.phase = Phase(KernelPhase::kFwdData);
  const ssize_t sent = Done(link_.WriteCompatibility(bytes, After(transfer.inactivity)));
  info_.phase = Phase(KernelPhase::kFwdIdle);
  return sent;
}

ssize_t KernelPort::WriteEcp(std::span<const uint8_t> bytes, int mode, bool address,
                             const Transfer& transfer) {
  // A link not negotiated into ECP has no peripheral to answer ECP cycles: nothing moves.
  if (link_.mode() != LinkMode::kEcp) return 0;
  // parport_pc_ecp_write_block_pio (the FIFO) where probing found ECP, except for O_NONBLOCK and
  // IEEE1284_MODE_ECPSWE; addresses always in software (parport_ieee1284_ecp_write_addr).
  ieee1284::AllowedPaths paths = ieee1284::AllowedPaths::SoftwareOnly();
  if ((modes_ & PARPORT_MODE_ECP) != 0 && !transfer.nonblocking && mode != IEEE1284_MODE_ECPSWE) {
    paths = paths.With(ieee1284::Lane::kEcpForward, ieee1284::TransferPath::kFifo);
  }
  link_.set_allowed_paths(paths);
  const Deadline deadline = After(transfer.inactivity);
  info_.phase = Phase(KernelPhase::kFwdData);
  ssize_t sent = 0;
  if (!address) {
    sent = Done(link_.WriteEcp(bytes, deadline));
  } else {
    // Each byte a channel address command (the Link sets bit 7; see the header).
    while (static_cast<size_t>(sent) < bytes.size() &&
           link_.WriteEcpChannel(bytes[static_cast<size_t>(sent)] & 0x7f, deadline)) {
      ++sent;
    }
  }
  const bool reverse = link_.mode() == LinkMode::kEcp && link_.ecp_reverse();
  info_.phase = Phase(reverse ? KernelPhase::kEcpDirUnknown : KernelPhase::kFwdIdle);
  return sent;
}

// --- Reverse (parport_read) --------------------------------------------------------------------

ssize_t KernelPort::Read(std::span<uint8_t> buffer, const Transfer& transfer) {
  const int mode = info_.mode & ~(IEEE1284_DEVICEID | IEEE1284_ADDR);
  const bool address = (info_.mode & IEEE1284_ADDR) != 0;
  switch (mode) {
    case IEEE1284_MODE_COMPAT: return ReadCompat(buffer, transfer);
    case IEEE1284_MODE_NIBBLE:
    case IEEE1284_MODE_BYTE: return ReadReverse(buffer, mode, transfer);
    case IEEE1284_MODE_EPP:
      return EppRead(buffer, address ? EppRegister::kAddress : EppRegister::kData,
                     EppAccess::kByteByByte);
    case IEEE1284_MODE_EPPSWE: return EppSoftware(buffer, {}, address, transfer);
    case IEEE1284_MODE_ECP:
    case IEEE1284_MODE_ECPRLE:
    case IEEE1284_MODE_ECPSWE: return ReadEcp(buffer, transfer);
    default: return -ENOSYS;  // "Unknown mode".
  }
}

ssize_t KernelPort::ReadCompat(std::span<uint8_t> buffer, const Transfer& transfer) {
  // Compatibility mode has no reverse channel: byte mode if the port can tri-state and the
  // peripheral takes it, else nibble mode, else -EIO.
  if ((modes_ & PARPORT_MODE_TRISTATE) != 0 && Negotiate(IEEE1284_MODE_BYTE) == 0) {
    return ReadReverse(buffer, IEEE1284_MODE_BYTE, transfer);
  }
  if (Negotiate(IEEE1284_MODE_NIBBLE) != 0) return -EIO;
  return ReadReverse(buffer, IEEE1284_MODE_NIBBLE, transfer);
}

ssize_t KernelPort::ReadReverse(std::span<uint8_t> buffer, int mode, const Transfer& transfer) {
  // parport_ieee1284_read_nibble and _read_byte. A link not in that mode has a peripheral showing
  // compatibility status, nFault (nDataAvail) high: "no more data", as the kernel reads it.
  const bool nibble = mode == IEEE1284_MODE_NIBBLE;
  if (link_.mode() != (nibble ? LinkMode::kNibble : LinkMode::kByte)) return 0;
  info_.phase = Phase(KernelPhase::kRevData);
  const Deadline deadline = After(transfer.inactivity);
  const Result<size_t> got =
      nibble ? link_.ReadNibble(buffer, deadline) : link_.ReadByteMode(buffer, deadline);
  if (!got) return Done(got);  // The kernel's phase stays REV_DATA after a timeout.
  EndReverse();
  return static_cast<ssize_t>(*got);
}

void KernelPort::EndReverse() {
  // The end of a nibble or byte read: with more data, host busy data available; without, the
  // kernel lowers nAutoFd ("Go to reverse idle phase"), where the Link leaves it high when the
  // buffer filled up with the last byte.
  switch (link_.phase()) {
    case parclass::Phase::kDataAvailable: info_.phase = Phase(KernelPhase::kHbusyDavail); return;
    case parclass::Phase::kDataNotAvailable:
      FrobControl(PARPORT_CONTROL_AUTOFD, PARPORT_CONTROL_AUTOFD);
      [[fallthrough]];
    default: info_.phase = Phase(KernelPhase::kRevIdle); return;
  }
}

ssize_t KernelPort::ReadEcp(std::span<uint8_t> buffer, const Transfer& transfer) {
  // parport_ieee1284_ecp_read_data, in software: parport_pc's FIFO reader is "currently broken"
  // and not installed.
  if (link_.mode() != LinkMode::kEcp) return 0;
  link_.set_allowed_paths(ieee1284::AllowedPaths::SoftwareOnly());
  info_.phase = Phase(KernelPhase::kRevData);
  const ssize_t got = Done(link_.ReadEcp(buffer, After(transfer.inactivity)));
  const bool reverse = link_.mode() == LinkMode::kEcp && link_.ecp_reverse();
  info_.phase = Phase(reverse ? KernelPhase::kRevIdle : KernelPhase::kEcpDirUnknown);
  return got;
}

// --- EPP ---------------------------------------------------------------------------------------

ssize_t KernelPort::EppSoftware(std::span<uint8_t> in, std::span<const uint8_t> out, bool address,
                                const Transfer& transfer) {
  // parport_ieee1284_epp_{read,write}_{data,addr}: EPP driven line by line (the Link's software
  // path), which needs a peripheral negotiated into EPP.
  if (link_.mode() != LinkMode::kEpp) return 0;
  link_.set_allowed_paths(ieee1284::AllowedPaths::SoftwareOnly());
  const Deadline deadline = After(transfer.inactivity);
  if (!address)
    return Done(out.empty() ? link_.ReadEpp(in, deadline) : link_.WriteEpp(out, deadline));
  size_t done = 0;
  for (; done < out.size(); ++done) {
    if (!link_.WriteEppAddress(out[done], deadline)) return static_cast<ssize_t>(done);
  }
  for (; done < in.size(); ++done) {
    const Result<uint8_t> value = link_.ReadEppAddress(deadline);
    if (!value) break;
    in[done] = *value;
  }
  return static_cast<ssize_t>(done);
}

ssize_t KernelPort::EppWrite(std::span<const uint8_t> bytes, EppRegister reg, EppAccess access) {
  // parport_pc_ecpepp_write_{data,addr} on a chip whose EPP is ECR mode 100: EPP mode, nInit high
  // and the other lines idle (parport_pc_write_control(port, 0x4)), forward, the loop, PS/2 mode
  // again. parport_pc_epp_write_* alone elsewhere.
  const bool ecpepp = sim_.chip().config().ecr && sim_.chip().config().epp;
  if (ecpepp) {
    SetChipMode(hw::EcrMode::kEpp);
    WriteControl(PARPORT_CONTROL_INIT);
    DataForward();
  }
  const hw::RegisterAddress address = EppAddressOf(reg);
  const ssize_t done = access == EppAccess::kFast
                           ? EppFast({}, bytes, address)
                           : static_cast<ssize_t>(EppLoop({}, bytes, address));
  if (ecpepp) SetChipMode(hw::EcrMode::kPs2);
  return done;
}

ssize_t KernelPort::EppRead(std::span<uint8_t> buffer, EppRegister reg, EppAccess access) {
  // parport_pc_ecpepp_read_{data,addr}: EPP mode, reverse, nInit high, the loop, PS/2 mode.
  const bool ecpepp = sim_.chip().config().ecr && sim_.chip().config().epp;
  if (ecpepp) {
    SetChipMode(hw::EcrMode::kEpp);
    DataReverse();
    WriteControl(PARPORT_CONTROL_INIT);
  }
  const hw::RegisterAddress address = EppAddressOf(reg);
  const ssize_t done = access == EppAccess::kFast
                           ? EppFast(buffer, {}, address)
                           : static_cast<ssize_t>(EppLoop(buffer, {}, address));
  if (ecpepp) SetChipMode(hw::EcrMode::kPs2);
  return done;
}

size_t KernelPort::EppLoop(std::span<uint8_t> in, std::span<const uint8_t> out,
                           hw::RegisterAddress reg) {
  // parport_pc_epp_{read,write}_*: one access per byte, then the timeout bit (status bit 0); on a
  // timeout clear_epp_timeout() and stop, the byte that timed out not counted.
  const size_t total = out.empty() ? in.size() : out.size();
  size_t done = 0;
  for (; done < total; ++done) {
    if (out.empty()) {
      in[done] = io_.Read(reg);
    } else {
      io_.Write(reg, out[done]);
    }
    if ((ReadStatus() & 0x01) != 0) {
      (void)ClearEppTimeout();
      break;
    }
  }
  return done;
}

ssize_t KernelPort::EppFast(std::span<uint8_t> in, std::span<const uint8_t> out,
                            hw::RegisterAddress reg) {
  // PARPORT_EPP_FAST (PP_FASTREAD, PP_FASTWRITE), for more than one byte: one string access
  // (insb, outsb), the timeout bit read once, and a timeout fails it all with -EIO.
  const size_t total = out.empty() ? in.size() : out.size();
  if (total <= 1) return static_cast<ssize_t>(EppLoop(in, out, reg));
  if (out.empty()) {
    io_.ReadBlock(reg, hw::Width::k8, in);
  } else {
    io_.WriteBlock(reg, hw::Width::k8, out);
  }
  if ((ReadStatus() & 0x01) != 0) {
    (void)ClearEppTimeout();
    return -EIO;
  }
  return static_cast<ssize_t>(total);
}

bool KernelPort::ClearEppTimeout() {
  // clear_epp_timeout: chips clear the bit on a read (some need two), on writing 1, or on
  // writing 0; the kernel does all of them.
  if ((ReadStatus() & 0x01) == 0) return true;
  (void)ReadStatus();
  const uint8_t status = ReadStatus();
  io_.Write(hw::Dsr::kAddress, status | 0x01);
  io_.Write(hw::Dsr::kAddress, status & 0xfe);
  return (ReadStatus() & 0x01) == 0;
}

}  // namespace parclass::ppdev_sim::detail
