// DeviceSession: the lock, the device's link and its transfers (shared spec
// windows-parallel-interface.md 1.6, 2.5, 4.2).

#include "parclass/bus/session.h"

#include "parclass/base/assert.h"
#include "parclass/bus/device.h"

namespace parclass::bus {
namespace {

using std::chrono::milliseconds;

// An ECP channel address is 0-127: the command byte's top bit marks it as one. An EPP address
// may be any byte, so IOCTL_PAR_SET_WRITE_ADDRESS takes any, and an ECP write checks.
constexpr uint8_t kLastEcpChannel = 0x7f;
// The nInit pulse of IOCTL_PAR_SET_INFORMATION (PARALLEL_INIT): a printer resets on nInit low
// (Epson, Canon: at least 0.5 us; Linux's lp holds it 50 us).
constexpr Nanoseconds kInitPulse = std::chrono::microseconds(50);

}  // namespace

Result<void> FifoGate::Enter(const std::stop_token& cancel) {
  const MutexLock lock(mutex_);
  const uint64_t ticket = next_ticket_++;
  while (serving_ != ticket) {
    // A stop that comes with the caller's turn is too late: it enters.
    if (!turn_.Wait(mutex_, cancel) && serving_ != ticket) {
      abandoned_.push_back(ticket);
      return Error(Errc::kCancelled, "the request was cancelled while it waited for the device");
    }
  }
  return Ok();
}

void FifoGate::Leave() {
  const MutexLock lock(mutex_);
  ++serving_;
  // Tickets given up while they waited are skipped.
  while (std::erase(abandoned_, serving_) > 0) ++serving_;
  turn_.NotifyAll();
}

DeviceSession::DeviceSession(Device& device, std::unique_ptr<port::PortHandle> port_handle)
    : device_(device), port_handle_(std::move(port_handle)) {}

DeviceSession::~DeviceSession() {
  Unlock(UnlockDeselect::kDeselect);
  port_handle_.reset();
}

NtStatus DeviceSession::Lock(LockSelect select, const RequestOptions& options) {
  if (locked()) return NtStatus::kSuccess;
  const bool selects = select == LockSelect::kSelect && device_.kind() == DeviceKind::kDaisyChain;
  Result<port::PortClaim> claim =
      selects
          ? port_handle_->AllocateSelected(port::DeviceTarget::DaisyChain(device_.id()), options)
          : port_handle_->Allocate(options);
  if (!claim) return port::StatusOf(claim.error());
  claim_ = std::move(*claim);
  selected_ = selects;
  AttachLink();
  return NtStatus::kSuccess;
}

void DeviceSession::Unlock(UnlockDeselect deselect) {
  if (!locked()) return;
  DetachLink();
  if (deselect == UnlockDeselect::kDeselect && selected_) {
    (void)port_handle_->Deselect(port::DeviceTarget::DaisyChain(device_.id()));
  }
  claim_.reset();
  selected_ = false;
}

// The engine's view of the port, built when the port is taken (the registers are this client's
// from then on) and put away, back in compatibility mode, when it is given up.
void DeviceSession::AttachLink() {
  port::Port& port = device_.port();
  host_.emplace(port.registers(), port.clock(), port.kernel_link());
  link_.emplace(*host_);
  reverse_ = false;
}

void DeviceSession::DetachLink() {
  if (link_) (void)link_->Terminate();
  link_.reset();
  host_.reset();
  reverse_ = false;
}

void DeviceSession::AssertHeld() const {
  PARCLASS_ASSERT(link_.has_value(), "a session operation that needs the port, without it");
}

RequestResult DeviceSession::WithPort(const RequestOptions& options,
                                      const std::function<RequestResult()>& work) {
  if (locked()) return BackendChecked(work());
  RequestOptions lock_options = options;
  lock_options.deadline = Deadline::Earlier(
      options.deadline, Deadline::After(device_.port().clock(), device_.config().lock_timeout));
  const NtStatus status = Lock(LockSelect::kSelect, lock_options);
  // An allocation that timed out is the device being busy (2.2, 1.6).
  if (status != NtStatus::kSuccess) return {status, 0};
  const RequestResult result = work();
  Unlock(UnlockDeselect::kDeselect);
  return BackendChecked(result);
}

// A backend that failed under a register access (a vanished ppdev port) read as a floating bus
// meanwhile, so whatever the request concluded from the lines, its outcome is that failure.
RequestResult DeviceSession::BackendChecked(RequestResult result) const {
  const std::optional<Error>& failure = device_.port().io().failure();
  if (!failure) return result;
  return {port::StatusOf(*failure), result.information};
}

// The serial timeouts' bound on a transfer of `bytes` (2.5): the total constant plus the
// multiplier times the length, in milliseconds; neither set, the device's transfer timeout.
Deadline DeviceSession::SerialDeadline(uint32_t constant, uint32_t multiplier, size_t bytes) const {
  const uint64_t total = constant + static_cast<uint64_t>(multiplier) * bytes;
  const Nanoseconds limit = total == 0 ? device_.config().transfer_timeout : milliseconds(total);
  return Deadline::After(device_.port().clock(), limit);
}

Deadline DeviceSession::WriteDeadline(size_t bytes) const {
  const SerialTimeouts& timeouts = device_.timeouts();
  return SerialDeadline(timeouts.write_total_timeout_constant,
                        timeouts.write_total_timeout_multiplier, bytes);
}

Deadline DeviceSession::ReadDeadline(size_t bytes) const {
  const SerialTimeouts& timeouts = device_.timeouts();
  return SerialDeadline(timeouts.read_total_timeout_constant,
                        timeouts.read_total_timeout_multiplier, bytes);
}

// Puts the link in `protocol`'s mode: terminating what it is in, then negotiating. Negotiation
// is bounded by tL at each event.
Result<void> DeviceSession::EnterMode(ProtocolMode protocol) {
  ieee1284::Link& link = *link_;
  link.set_allowed_paths(PathsOf(protocol));
  if (link.mode() == LinkModeOf(protocol)) return Ok();
  PARCLASS_TRY(link.Terminate());
  reverse_ = false;
  const std::optional<Ieee1284Request> request = RequestOf(protocol);
  if (request) PARCLASS_TRY(link.Negotiate(*request));
  return Ok();
}

Result<void> DeviceSession::ToForward(Deadline deadline) {
  (void)deadline;  // A turnaround to forward is bounded by tL at each event.
  AssertHeld();
  const ProtocolMode protocol = device_.write_protocol();
  if (!reverse_) return EnterMode(protocol);
  reverse_ = false;
  if (link_->mode() == LinkMode::kEcp && LinkModeOf(protocol) == LinkMode::kEcp) {
    PARCLASS_TRY(link_->TurnEcpToForward());
  }
  return EnterMode(protocol);
}

Result<void> DeviceSession::ToReverse(Deadline deadline) {
  AssertHeld();
  PARCLASS_TRY(EnterMode(device_.read_protocol()));
  if (link_->mode() == LinkMode::kEcp) PARCLASS_TRY(link_->TurnEcpToReverse(deadline));
  reverse_ = true;
  return Ok();
}

LinkMode DeviceSession::link_mode() const {
  AssertHeld();
  return link_->mode();
}

Deadline DeviceSession::TransferDeadline() const {
  return Deadline::After(device_.port().clock(), device_.config().transfer_timeout);
}

void DeviceSession::TerminateMode() {
  AssertHeld();
  reverse_ = false;
  (void)link_->Terminate();  // The link is in compatibility mode whatever the peripheral says.
}

Result<size_t> DeviceSession::WriteHeld(std::span<const uint8_t> bytes) {
  const Deadline deadline = WriteDeadline(bytes.size());
  PARCLASS_TRY(ToForward(deadline));
  ieee1284::Link& link = *link_;
  const std::optional<uint8_t> address = device_.write_address();
  switch (link.mode()) {
    case LinkMode::kEcp:
      if (address) {
        if (*address > kLastEcpChannel) {
          return Error(Errc::kInvalidArgument, "the write address is no ECP channel (0-127)");
        }
        PARCLASS_TRY(link.WriteEcpChannel(*address, deadline));
      }
      return link.WriteEcp(bytes, deadline);
    case LinkMode::kEpp:
      if (address) PARCLASS_TRY(link.WriteEppAddress(*address, deadline));
      return link.WriteEpp(bytes, deadline);
    default: return link.WriteCompatibility(bytes, deadline);
  }
}

Result<size_t> DeviceSession::ReadHeld(std::span<uint8_t> buffer) {
  const Deadline deadline = ReadDeadline(buffer.size());
  PARCLASS_TRY(ToReverse(deadline));
  ieee1284::Link& link = *link_;
  switch (link.mode()) {
    case LinkMode::kNibble: return link.ReadNibble(buffer, deadline);
    case LinkMode::kByte: return link.ReadByteMode(buffer, deadline);
    case LinkMode::kEcp: return link.ReadEcp(buffer, deadline);
    case LinkMode::kEpp:
      if (const std::optional<uint8_t> address = device_.read_address()) {
        PARCLASS_TRY(link.WriteEppAddress(*address, deadline));
      }
      return link.ReadEpp(buffer, deadline);
    default: break;
  }
  return Error(Errc::kNotSupported, "the read protocol has no reverse channel");
}

Result<std::vector<uint8_t>> DeviceSession::ReadDeviceId() {
  AssertHeld();
  reverse_ = false;
  return link_->ReadDeviceId(ieee1284::ReverseMode::kNibble, TransferDeadline());
}

ProtocolModes DeviceSession::ProbeModes() {
  AssertHeld();
  ieee1284::Link& link = *link_;
  (void)link.Terminate();
  reverse_ = false;
  auto found = ProtocolModes(ProtocolMode::kCentronics);
  const auto accepts = [&](Ieee1284Request request) {
    const bool accepted = link.Negotiate(request).has_value();
    (void)link.Terminate();
    return accepted;
  };
  if (!accepts(kNibbleRequest)) return found;  // Not IEEE 1284: Centronics only.
  found = found | ProtocolMode::kIeeeCompatibility | ProtocolMode::kNibble;
  if (accepts(kByteRequest)) found = found | ProtocolMode::kByteBidir;
  if (accepts(kEcpRequest)) {
    found = found | ProtocolMode::kEcpSw | ProtocolMode::kEcpHwNoIrq;
  }
  if (accepts(kEppRequest)) found = found | ProtocolMode::kEppSw | ProtocolMode::kEppHw;
  return ProtocolModes::FromBits(found.bits() &
                                 HostProtocols(device_.port().capabilities()).bits());
}

ChosenProtocols DeviceSession::ChooseProtocols(ProtocolModes forward, ProtocolModes reverse) {
  const ProtocolModes usable = ProbeModes().without(device_.excluded());
  const ChosenProtocols chosen{.write = FastestForward(forward & usable),
                               .read = FastestReverse(reverse & usable)};
  if (chosen.write) device_.set_write_protocol(*chosen.write);
  if (chosen.read) device_.set_read_protocol(*chosen.read);
  return chosen;
}

// PAR_QUERY_INFORMATION from the status lines (the spec's reading of an undocumented mapping):
// Busy high: busy; PError high: paper empty; Select high: selected, low: off-line; nFault low with
// Select low: powered off; every status line high, or every one low: nothing connected.
uint8_t DeviceSession::QueryStatus() {
  AssertHeld();
  const LineLevels status = host_->Status();
  const auto high = [&](Line line) { return status.level(line) == Level::kHigh; };
  const bool all_high = high(Line::kBusy) && high(Line::kNAck) && high(Line::kPError) &&
                        high(Line::kSelect) && high(Line::kNFault);
  const bool all_low = !high(Line::kBusy) && !high(Line::kNAck) && !high(Line::kPError) &&
                       !high(Line::kSelect) && !high(Line::kNFault);
  if (all_high || all_low) return kParallelNotConnected;
  uint8_t bits = 0;
  if (high(Line::kBusy)) bits |= kParallelBusy;
  if (high(Line::kPError)) bits |= kParallelPaperEmpty;
  if (high(Line::kSelect)) bits |= kParallelSelected;
  if (!high(Line::kSelect)) bits |= high(Line::kNFault) ? kParallelOffLine : kParallelPowerOff;
  return bits;
}

NtStatus DeviceSession::InitialisePeripheral() {
  AssertHeld();
  (void)link_->Terminate();
  host_->SetLines(LineLevels().with(Line::kNInit, Level::kLow));
  host_->Delay(kInitPulse);
  host_->SetLines(LineLevels().with(Line::kNInit, Level::kHigh));
  const uint8_t status = QueryStatus();
  if ((status & kParallelNotConnected) != 0) return NtStatus::kDeviceNotConnected;
  if ((status & kParallelPowerOff) != 0) return NtStatus::kDevicePoweredOff;
  if ((status & kParallelPaperEmpty) != 0) return NtStatus::kDevicePaperEmpty;
  if ((status & kParallelOffLine) != 0) return NtStatus::kDeviceOffLine;
  return NtStatus::kSuccess;
}

Result<void> DeviceSession::Select(port::DeviceTarget target) {
  return port_handle_->Select(target);
}

Result<void> DeviceSession::Deselect(port::DeviceTarget target) {
  return port_handle_->Deselect(target);
}

RequestResult DeviceSession::Transfer(const RequestOptions& options,
                                      const std::function<Result<size_t>()>& transfer) {
  if (device_.removed()) return {NtStatus::kDeviceRemoved, 0};
  if (!device_.gate().Enter(options.cancel)) return {NtStatus::kCancelled, 0};
  const RequestResult result = WithPort(options, [&]() -> RequestResult {
    const Result<size_t> moved = transfer();
    if (!moved) return {port::StatusOf(moved.error()), moved.error().bytes_done().value_or(0)};
    return {NtStatus::kSuccess, *moved};
  });
  device_.gate().Leave();
  return result;
}

RequestResult DeviceSession::Read(std::span<uint8_t> buffer, const RequestOptions& options) {
  return Transfer(options, [&] { return ReadHeld(buffer); });
}

RequestResult DeviceSession::Write(std::span<const uint8_t> bytes, const RequestOptions& options) {
  return Transfer(options, [&] { return WriteHeld(bytes); });
}

}  // namespace parclass::bus
