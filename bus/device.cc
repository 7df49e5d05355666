// Device and DeviceHandle: opening, locking, the device's protocols, and transfers (shared spec
// windows-parallel-interface.md 1.3-1.6, 2.3, 4.2).

#include "parclass/bus/device.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "parclass/hw/spp_regs.h"

namespace parclass::bus {
namespace {

using port::kDot3EndOfChainId;
using std::chrono::milliseconds;

// An ECP channel address is 0-127: the command byte's top bit marks it as one. An EPP address
// may be any byte, so IOCTL_PAR_SET_WRITE_ADDRESS takes any, and an ECP write checks.
constexpr uint8_t kLastEcpChannel = 0x7f;

std::string NameOf(const port::Port& port, DeviceKind kind, uint8_t id) {
  const std::string base = fmt::format("Parallel{}", port.device_name().substr(12));
  return kind == DeviceKind::kRaw ? base : fmt::format("{}.{}", base, id);
}

std::string LocationOf(const port::Port& port, DeviceKind kind, uint8_t id) {
  return kind == DeviceKind::kRaw ? port.config().name
                                  : fmt::format("{}.{}", port.config().name, id);
}

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

Device::Device(port::Port& port, DeviceKind kind, uint8_t id, std::vector<uint8_t> raw_device_id,
               DeviceConfig config)
    : port_(port),
      kind_(kind),
      id_(id),
      config_(config),
      name_(NameOf(port, kind, id)),
      location_(LocationOf(port, kind, id)),
      raw_device_id_(std::move(raw_device_id)) {
  if (raw_device_id_.empty()) return;
  const Result<ieee1284::DeviceIdText> text = ieee1284::SplitDeviceId(raw_device_id_);
  if (!text) return;
  Result<ieee1284::DeviceId> parsed = ieee1284::ParseDeviceId(text->text);
  if (!parsed) return;
  device_id_ = std::move(*parsed);
  Result<std::vector<std::string>> ids = ieee1284::HardwareIds(*device_id_);
  if (ids) hardware_ids_ = std::move(*ids);
}

Result<std::unique_ptr<DeviceHandle>> Device::Open() {
  if (removed_) return Error(Errc::kNoSuchDevice, fmt::format("{} was removed", name_));
  if (open_.exchange(true)) {
    return Error(Errc::kPermissionDenied, fmt::format("{} is open already", name_));
  }
  Result<std::unique_ptr<port::PortHandle>> port_handle = port_.Open();
  if (!port_handle) {
    open_ = false;
    return port_handle.error();
  }
  return std::unique_ptr<DeviceHandle>(new DeviceHandle(*this, std::move(*port_handle)));
}

DeviceHandle::DeviceHandle(Device& device, std::unique_ptr<port::PortHandle> port_handle)
    : device_(device), port_handle_(std::move(port_handle)) {}

DeviceHandle::~DeviceHandle() {
  Disconnect();
  if (locked_) (void)Unlock(selected_);
  port_handle_.reset();
  device_.open_ = false;
}

// LOCK_PORT: allocate the port and select this device (the end-of-chain and raw devices are
// selected by the allocation itself, 6.2); LOCK_PORT_NO_SELECT: allocate only.
RequestResult DeviceHandle::Lock(bool select, const RequestOptions& options) {
  if (locked_) return {};
  RequestResult result;
  if (select && device_.kind_ == DeviceKind::kDaisyChain) {
    std::array<std::byte, sizeof(port::Parallel1284Command)> command{};
    const port::Parallel1284Command select_command{device_.id_, 0, 0};
    std::memcpy(command.data(), &select_command, sizeof(select_command));
    result = port_handle_->InternalDeviceControl(
        {.code = port::kIoctlSelectDevice, .buffer = command, .input_length = command.size()},
        options);
  } else {
    result =
        port_handle_->InternalDeviceControl({.code = port::kIoctlParallelPortAllocate}, options);
  }
  if (result.status != NtStatus::kSuccess) return {result.status, 0};
  locked_ = true;
  selected_ = select;
  AttachLink();
  return {};
}

// UNLOCK_PORT: leave any IEEE 1284 mode, deselect this device and free the port.
RequestResult DeviceHandle::Unlock(bool deselect) {
  if (!locked_) return {};
  DetachLink();
  if (deselect && selected_ && device_.kind_ == DeviceKind::kDaisyChain) {
    std::array<std::byte, sizeof(port::Parallel1284Command)> command{};
    const port::Parallel1284Command deselect_command{device_.id_, 0, 0};
    std::memcpy(command.data(), &deselect_command, sizeof(deselect_command));
    (void)port_handle_->InternalDeviceControl(
        {.code = port::kIoctlDeselectDevice, .buffer = command, .input_length = command.size()});
  }
  port_handle_->Free();
  locked_ = false;
  selected_ = false;
  return {};
}

// The engine's view of the port, built when the port is taken (the registers are this client's
// from then on) and put away, back in compatibility mode, when it is given up.
void DeviceHandle::AttachLink() {
  port::Port& port = device_.port_;
  host_.emplace(port.registers(), port.clock(), port.kernel_link());
  link_.emplace(*host_);
  reverse_ = false;
}

void DeviceHandle::DetachLink() {
  if (link_) (void)link_->Terminate();
  link_.reset();
  host_.reset();
  reverse_ = false;
}

RequestResult DeviceHandle::WithPort(const RequestOptions& options,
                                     const std::function<RequestResult()>& work) {
  if (locked_) return BackendChecked(work());
  RequestOptions lock_options = options;
  lock_options.deadline = Deadline::Earlier(
      options.deadline, Deadline::After(device_.port_.clock(), device_.config_.lock_timeout));
  const RequestResult locked = Lock(/*select=*/true, lock_options);
  // An allocation that timed out is the device being busy (2.2, 1.6).
  if (locked.status == NtStatus::kDeviceBusy) return {NtStatus::kDeviceBusy, 0};
  if (locked.status != NtStatus::kSuccess) return locked;
  const RequestResult result = work();
  (void)Unlock(/*deselect=*/true);
  return BackendChecked(result);
}

// A backend that failed under a register access (a vanished ppdev port) read as a floating bus
// meanwhile, so whatever the request concluded from the lines, its outcome is that failure.
RequestResult DeviceHandle::BackendChecked(RequestResult result) const {
  const std::optional<Error>& failure = device_.port_.io().failure();
  if (!failure) return result;
  return {port::StatusOf(*failure), result.information};
}

// The serial timeouts' bound on a transfer of `bytes` (2.5): the total constant plus the
// multiplier times the length, in milliseconds; neither set, the device's transfer timeout.
Deadline DeviceHandle::TransferDeadline(uint32_t constant, uint32_t multiplier,
                                        size_t bytes) const {
  const uint64_t total = constant + static_cast<uint64_t>(multiplier) * bytes;
  const Nanoseconds limit = total == 0 ? device_.config_.transfer_timeout : milliseconds(total);
  return Deadline::After(device_.port_.clock(), limit);
}

Deadline DeviceHandle::WriteDeadline(size_t bytes) const {
  const SerialTimeouts& timeouts = device_.timeouts_;
  return TransferDeadline(timeouts.write_total_timeout_constant,
                          timeouts.write_total_timeout_multiplier, bytes);
}

Deadline DeviceHandle::ReadDeadline(size_t bytes) const {
  const SerialTimeouts& timeouts = device_.timeouts_;
  return TransferDeadline(timeouts.read_total_timeout_constant,
                          timeouts.read_total_timeout_multiplier, bytes);
}

// Puts the link in `protocol`'s mode: terminating what it is in, then negotiating.
Result<void> DeviceHandle::EnterMode(ProtocolMode protocol, Deadline deadline) {
  (void)deadline;  // Negotiation is bounded by tL at each event.
  ieee1284::Link& link = *link_;
  link.set_allowed_paths(PathsOf(protocol));
  if (link.mode() == LinkModeOf(protocol)) return Ok();
  PARCLASS_TRY(link.Terminate());
  reverse_ = false;
  const std::optional<Ieee1284Request> request = RequestOf(protocol);
  if (request) PARCLASS_TRY(link.Negotiate(*request));
  return Ok();
}

Result<void> DeviceHandle::ToForward(Deadline deadline) {
  if (!reverse_) return EnterMode(device_.write_protocol_, deadline);
  reverse_ = false;
  if (link_->mode() == LinkMode::kEcp && LinkModeOf(device_.write_protocol_) == LinkMode::kEcp) {
    PARCLASS_TRY(link_->TurnEcpToForward());
  }
  return EnterMode(device_.write_protocol_, deadline);
}

Result<void> DeviceHandle::ToReverse(Deadline deadline) {
  PARCLASS_TRY(EnterMode(device_.read_protocol_, deadline));
  if (link_->mode() == LinkMode::kEcp) PARCLASS_TRY(link_->TurnEcpToReverse(deadline));
  reverse_ = true;
  return Ok();
}

Result<size_t> DeviceHandle::WriteHeld(std::span<const uint8_t> bytes, Deadline deadline) {
  PARCLASS_TRY(ToForward(deadline));
  ieee1284::Link& link = *link_;
  switch (link.mode()) {
    case LinkMode::kEcp:
      if (device_.write_address_) {
        if (*device_.write_address_ > kLastEcpChannel) {
          return Error(Errc::kInvalidArgument, "the write address is no ECP channel (0-127)");
        }
        PARCLASS_TRY(link.WriteEcpChannel(*device_.write_address_, deadline));
      }
      return link.WriteEcp(bytes, deadline);
    case LinkMode::kEpp:
      if (device_.write_address_)
        PARCLASS_TRY(link.WriteEppAddress(*device_.write_address_, deadline));
      return link.WriteEpp(bytes, deadline);
    default: return link.WriteCompatibility(bytes, deadline);
  }
}

Result<size_t> DeviceHandle::ReadHeld(std::span<uint8_t> buffer, Deadline deadline) {
  PARCLASS_TRY(ToReverse(deadline));
  ieee1284::Link& link = *link_;
  switch (link.mode()) {
    case LinkMode::kNibble: return link.ReadNibble(buffer, deadline);
    case LinkMode::kByte: return link.ReadByteMode(buffer, deadline);
    case LinkMode::kEcp: return link.ReadEcp(buffer, deadline);
    case LinkMode::kEpp:
      if (device_.read_address_)
        PARCLASS_TRY(link.WriteEppAddress(*device_.read_address_, deadline));
      return link.ReadEpp(buffer, deadline);
    default: break;
  }
  return Error(Errc::kNotSupported, "the read protocol has no reverse channel");
}

Result<std::vector<uint8_t>> DeviceHandle::ReadDeviceIdHeld(Deadline deadline) {
  reverse_ = false;
  return link_->ReadDeviceId(ieee1284::ReverseMode::kNibble, deadline);
}

// Which IEEE 1284 families the device accepts, each found by negotiating it and terminating.
ProtocolModes DeviceHandle::ProbeModes() {
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
  return ProtocolModes::FromBits(found.bits() & HostProtocols(device_.port_.capabilities()).bits());
}

// PAR_QUERY_INFORMATION from the status lines (the spec's reading of an undocumented mapping):
// Busy high: busy; PError high: paper empty; Select high: selected, low: off-line; nFault low with
// Select low: powered off; every status line high, or every one low: nothing connected.
uint8_t DeviceHandle::QueryStatus() {
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

// A read or write request: in the device's turn, with the port held, the count exact on failure.
RequestResult DeviceHandle::Transfer(const RequestOptions& options,
                                     const std::function<Result<size_t>()>& transfer) {
  if (device_.removed_) return {NtStatus::kDeviceRemoved, 0};
  if (!device_.gate_.Enter(options.cancel)) return {NtStatus::kCancelled, 0};
  const RequestResult result = WithPort(options, [&]() -> RequestResult {
    const Result<size_t> moved = transfer();
    if (!moved) return {port::StatusOf(moved.error()), moved.error().bytes_done().value_or(0)};
    return {NtStatus::kSuccess, *moved};
  });
  device_.gate_.Leave();
  return result;
}

RequestResult DeviceHandle::Read(std::span<uint8_t> buffer, const RequestOptions& options) {
  return Transfer(options, [&] { return ReadHeld(buffer, ReadDeadline(buffer.size())); });
}

RequestResult DeviceHandle::Write(std::span<const uint8_t> bytes, const RequestOptions& options) {
  return Transfer(options, [&] { return WriteHeld(bytes, WriteDeadline(bytes.size())); });
}

}  // namespace parclass::bus
