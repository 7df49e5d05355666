// DeviceHandle: the device requests (shared spec windows-parallel-interface.md 2.5, 2.6) and
// PARCLASS_CONNECT's callbacks (4.2), with their buffer checks, Information values and statuses.

#include <fmt/format.h>

#include <cstring>
#include <mutex>

#include "parclass/base/context_registry.h"
#include "parclass/bus/device.h"
#include "parclass/hw/spp_regs.h"

namespace parclass::bus {
namespace {

using port::PortRequest;
using std::chrono::milliseconds;

constexpr uint32_t kMaxUlong = 0xffffffffu;
// The nInit pulse of IOCTL_PAR_SET_INFORMATION (PARALLEL_INIT): a printer resets on nInit low
// (Epson, Canon: at least 0.5 us; Linux's lp holds it 50 us).
constexpr Nanoseconds kInitPulse = std::chrono::microseconds(50);
// How long NegotiateIeeeMode may take to leave the link in the chosen mode and direction.
constexpr Nanoseconds kNegotiateTimeout = milliseconds(100);

// PARCLASS_CONNECT's context is the handle's number in this registry, so that a callback after
// DISCONNECT or after the handle closed finds nothing instead of freed memory. A connection's
// callbacks run one at a time; disconnecting waits for a running one. Never destroyed: a handle
// may be closed while statics are destroyed.
ContextRegistry<DeviceHandle, CallsOnOneContext::kOneAtATime>& Connections() {
  static auto* registry = new ContextRegistry<DeviceHandle, CallsOnOneContext::kOneAtATime>;
  return *registry;
}

// Calls `call` on the handle connected as `context`, or returns `missing`.
template <typename Call, typename Value>
Value OnConnection(void* context, Value missing, Call call) {
  return Connections().Call(context, missing, call);
}

constexpr NtStatus kNotConnected = NtStatus::kInvalidDeviceState;

uint16_t DetermineCallback(void* context) {
  return OnConnection(context, uint16_t{0},
                      [](DeviceHandle& handle) { return handle.DetermineIeeeModes(); });
}
NtStatus NegotiateCallback(void* context, uint16_t forward, uint16_t reverse, ParallelSafety safety,
                           Boolean is_forward) {
  return OnConnection(context, kNotConnected, [&](DeviceHandle& handle) {
    return handle.NegotiateIeeeMode(forward, reverse, safety, is_forward != 0);
  });
}
NtStatus TerminateCallback(void* context) {
  return OnConnection(context, kNotConnected,
                      [](DeviceHandle& handle) { return handle.TerminateIeeeMode(); });
}
NtStatus FwdToRevCallback(void* context) {
  return OnConnection(context, kNotConnected,
                      [](DeviceHandle& handle) { return handle.IeeeFwdToRev(); });
}
NtStatus RevToFwdCallback(void* context) {
  return OnConnection(context, kNotConnected,
                      [](DeviceHandle& handle) { return handle.IeeeRevToFwd(); });
}
NtStatus ReadCallback(void* context, void* buffer, uint32_t bytes, uint32_t* done,
                      uint8_t /*channel*/) {
  return OnConnection(context, kNotConnected, [&](DeviceHandle& handle) {
    return handle.ParallelRead(buffer, bytes, done);
  });
}
NtStatus WriteCallback(void* context, void* buffer, uint32_t bytes, uint32_t* done,
                       uint8_t /*channel*/) {
  return OnConnection(context, kNotConnected, [&](DeviceHandle& handle) {
    return handle.ParallelWrite(buffer, bytes, done);
  });
}
NtStatus TrySelectCallback(void* context, port::Parallel1284Command command) {
  return OnConnection(context, kNotConnected,
                      [&](DeviceHandle& handle) { return handle.TrySelect(command); });
}
NtStatus DeselectCallback(void* context, port::Parallel1284Command command) {
  return OnConnection(context, kNotConnected,
                      [&](DeviceHandle& handle) { return handle.Deselect(command); });
}

template <typename T>
RequestResult Output(const PortRequest& request, const T& value) {
  if (request.output_length < sizeof(T)) return {NtStatus::kBufferTooSmall, 0};
  std::memcpy(request.buffer.data(), &value, sizeof(T));
  return {NtStatus::kSuccess, sizeof(T)};
}

template <typename T>
T Input(const PortRequest& request) {
  T value;
  std::memcpy(&value, request.buffer.data(), sizeof(T));
  return value;
}

RequestResult OutputBytes(const PortRequest& request, std::span<const uint8_t> bytes) {
  if (request.output_length < bytes.size() + 1) return {NtStatus::kBufferTooSmall, 0};
  std::memcpy(request.buffer.data(), bytes.data(), bytes.size());
  request.buffer[bytes.size()] = std::byte{0};
  return {NtStatus::kSuccess, bytes.size() + 1};
}

bool LengthsFit(const PortRequest& request) {
  return request.input_length <= request.buffer.size() &&
         request.output_length <= request.buffer.size();
}

}  // namespace

// The callbacks (4.2): only for a connected client that holds the lock.

uint16_t DeviceHandle::DetermineIeeeModes() {
  if (!CallbackAllowed()) return 0;
  return ProbeModes().bits();
}

NtStatus DeviceHandle::NegotiateIeeeMode(uint16_t forward_modes, uint16_t reverse_modes,
                                         ParallelSafety safety, bool is_forward) {
  if (!CallbackAllowed()) return kNotConnected;
  if (safety != ParallelSafety::kSafeMode) return NtStatus::kInvalidParameter;
  if (link_->mode() != LinkMode::kCompatibility) {
    return NtStatus::kDeviceProtocolError;  // A mode is active: terminate first.
  }
  const ProtocolModes usable = ProbeModes().without(device_.excluded_);
  const std::optional<ProtocolMode> forward =
      FastestForward(ProtocolModes::FromBits(forward_modes) & usable);
  const std::optional<ProtocolMode> reverse =
      FastestReverse(ProtocolModes::FromBits(reverse_modes) & usable);
  if (!forward && !reverse) return NtStatus::kNotSupported;
  if (forward) device_.write_protocol_ = *forward;
  if (reverse) device_.read_protocol_ = *reverse;
  const Deadline deadline = Deadline::After(device_.port_.clock(), kNegotiateTimeout);
  const Result<void> entered = is_forward || !reverse ? ToForward(deadline) : ToReverse(deadline);
  return entered ? NtStatus::kSuccess : port::StatusOf(entered.error());
}

NtStatus DeviceHandle::TerminateIeeeMode() {
  if (!CallbackAllowed()) return kNotConnected;
  reverse_ = false;
  (void)link_->Terminate();  // The link is in compatibility mode whatever the peripheral says.
  return NtStatus::kSuccess;
}

NtStatus DeviceHandle::IeeeFwdToRev() {
  if (!CallbackAllowed()) return kNotConnected;
  if (reverse_) return NtStatus::kSuccess;
  const Result<void> turned =
      ToReverse(Deadline::After(device_.port_.clock(), device_.config_.transfer_timeout));
  return turned ? NtStatus::kSuccess : port::StatusOf(turned.error());
}

NtStatus DeviceHandle::IeeeRevToFwd() {
  if (!CallbackAllowed()) return kNotConnected;
  const Result<void> turned =
      ToForward(Deadline::After(device_.port_.clock(), device_.config_.transfer_timeout));
  return turned ? NtStatus::kSuccess : port::StatusOf(turned.error());
}

NtStatus DeviceHandle::ParallelRead(void* buffer, uint32_t bytes_to_read, uint32_t* bytes_read) {
  if (!CallbackAllowed()) return kNotConnected;
  if (bytes_read == nullptr || (buffer == nullptr && bytes_to_read > 0)) {
    return NtStatus::kInvalidParameter;
  }
  *bytes_read = 0;
  const Result<size_t> got = ReadHeld(std::span(static_cast<uint8_t*>(buffer), bytes_to_read),
                                      ReadDeadline(bytes_to_read));
  if (!got) {
    *bytes_read = static_cast<uint32_t>(got.error().bytes_done().value_or(0));
    return port::StatusOf(got.error());
  }
  *bytes_read = static_cast<uint32_t>(*got);
  return NtStatus::kSuccess;
}

NtStatus DeviceHandle::ParallelWrite(const void* buffer, uint32_t bytes_to_write,
                                     uint32_t* bytes_written) {
  if (!CallbackAllowed()) return kNotConnected;
  if (bytes_written == nullptr || (buffer == nullptr && bytes_to_write > 0)) {
    return NtStatus::kInvalidParameter;
  }
  *bytes_written = 0;
  const Result<size_t> sent =
      WriteHeld(std::span(static_cast<const uint8_t*>(buffer), bytes_to_write),
                WriteDeadline(bytes_to_write));
  if (!sent) {
    *bytes_written = static_cast<uint32_t>(sent.error().bytes_done().value_or(0));
    return port::StatusOf(sent.error());
  }
  *bytes_written = static_cast<uint32_t>(*sent);
  return NtStatus::kSuccess;
}

// The device-level select and deselect: the port callbacks, with the port this client holds.
NtStatus DeviceHandle::TrySelect(const port::Parallel1284Command& command) {
  if (!CallbackAllowed()) return kNotConnected;
  port::Parallel1284Command keep = command;
  keep.command_flags |= port::kParHavePortKeepPort;
  return port_handle_->TrySelectDevice(keep);
}

NtStatus DeviceHandle::Deselect(const port::Parallel1284Command& command) {
  if (!CallbackAllowed()) return kNotConnected;
  port::Parallel1284Command keep = command;
  keep.command_flags |= port::kParHavePortKeepPort;
  return port_handle_->DeselectDevice(keep);
}

RequestResult DeviceHandle::Connect(const PortRequest& request) {
  if (request.output_length < sizeof(ParclassInformation)) return {NtStatus::kBufferTooSmall, 0};
  if (connection_ == nullptr) connection_ = Connections().Add(*this);
  port::Port& port = device_.port_;
  const port::Detection& detection = port.detection();
  const int pword = detection.features.ecr ? detection.pword_bytes : 0;
  const ParclassInformation info{
      .controller = static_cast<uintptr_t>(port.config().base),
      .ecr_controller = detection.features.ecr ? static_cast<uintptr_t>(port.config().ecp_base) : 0,
      .span_of_controller = port.config().span,
      .determine_ieee_modes = &DetermineCallback,
      .negotiate_ieee_mode = &NegotiateCallback,
      .terminate_ieee_mode = &TerminateCallback,
      .ieee_fwd_to_rev_mode = &FwdToRevCallback,
      .ieee_rev_to_fwd_mode = &RevToFwdCallback,
      .parallel_read = &ReadCallback,
      .parallel_write = &WriteCallback,
      .parclass_context = connection_,  // A number, never followed: OnConnection looks it up.
      .hardware_capabilities = port.capabilities().bits(),
      .fifo_depth = pword > 0 ? static_cast<uint32_t>(detection.fifo_depth / pword) : 0,
      .fifo_width = static_cast<uint32_t>(pword * 8),
      .parallel_tryselect = &TrySelectCallback,
      .parallel_deselect = &DeselectCallback};
  return Output(request, info);
}

void DeviceHandle::Disconnect() {
  if (connection_ == nullptr) return;
  (void)Connections().Remove(connection_);  // Waits for a callback running on it.
  connection_ = nullptr;
}

RequestResult DeviceHandle::QueryInformation(FileInformationClass information_class,
                                             std::span<std::byte> output) {
  if (device_.removed_) return {NtStatus::kDeviceRemoved, 0};
  const PortRequest request{.code = 0, .buffer = output, .output_length = output.size()};
  switch (information_class) {
    case FileInformationClass::kStandard:
      return Output(request, FileStandardInformation{.allocation_size = 0,
                                                     .end_of_file = 0,
                                                     .number_of_links = 0,
                                                     .delete_pending = 0,
                                                     .directory = 0});
    case FileInformationClass::kPosition:
      return Output(request, FilePositionInformation{.current_byte_offset = 0});
  }
  return {NtStatus::kInvalidParameter, 0};
}

RequestResult DeviceHandle::InternalDeviceControl(const PortRequest& request,
                                                  const RequestOptions& options) {
  if (!LengthsFit(request)) return {NtStatus::kInvalidParameter, 0};
  if (device_.removed_) return {NtStatus::kDeviceRemoved, 0};
  switch (request.code) {
    case kIoctlParclassConnect: return Connect(request);
    case kIoctlParclassDisconnect: Disconnect(); return {};
    case kIoctlLockPort: return Lock(/*select=*/true, options);
    case kIoctlLockPortNoSelect: return Lock(/*select=*/false, options);
    case kIoctlUnlockPort: return Unlock(/*deselect=*/true);
    case kIoctlUnlockPortNoDeselect: return Unlock(/*deselect=*/false);
    case kIoctlDisconnectIdle:
      // The port locked and the device selected (2.5).
      if (!locked_) return {NtStatus::kInvalidDeviceState, 0};
      reverse_ = false;
      (void)link_->Terminate();
      return {};
    default: break;
  }
  return {NtStatus::kInvalidParameter, 0};  // Not supported (2.2).
}

RequestResult DeviceHandle::Negotiate(const PortRequest& request) {
  // A short buffer is INVALID_PARAMETER here, not BUFFER_TOO_SMALL (2.6).
  if (request.input_length < sizeof(ParclassNegotiationMask) ||
      request.output_length < sizeof(ParclassNegotiationMask)) {
    return {NtStatus::kInvalidParameter, 0};
  }
  if (!locked_) return {NtStatus::kInvalidDeviceState, 0};  // Port locked, device selected.
  const auto offered = Input<ParclassNegotiationMask>(request);
  const ProtocolModes usable = ProbeModes().without(device_.excluded_);
  const std::optional<ProtocolMode> write =
      FastestForward(ProtocolModes::FromBits(offered.write_mask) & usable);
  const std::optional<ProtocolMode> read =
      FastestReverse(ProtocolModes::FromBits(offered.read_mask) & usable);
  if (write) device_.write_protocol_ = *write;
  if (read) device_.read_protocol_ = *read;
  const ParclassNegotiationMask chosen{
      .read_mask = read ? static_cast<uint16_t>(*read) : uint16_t{0},
      .write_mask = write ? static_cast<uint16_t>(*write) : uint16_t{0}};
  return Output(request, chosen);
}

RequestResult DeviceHandle::DeviceControl(const PortRequest& request,
                                          const RequestOptions& options) {
  if (!LengthsFit(request)) return {NtStatus::kInvalidParameter, 0};
  if (device_.removed_) return {NtStatus::kDeviceRemoved, 0};
  switch (request.code) {
    case kIoctlIeee1284GetMode:  // No lock needed.
      return Output(request,
                    ParclassNegotiationMask{static_cast<uint16_t>(device_.read_protocol_),
                                            static_cast<uint16_t>(device_.write_protocol_)});
    case kIoctlParGetDefaultModes:
      return Output(request, ParclassNegotiationMask{static_cast<uint16_t>(kDefaultReadProtocol),
                                                     static_cast<uint16_t>(kDefaultWriteProtocol)});
    case kIoctlParIsPortFree:  // A snapshot, answered at once.
      return Output(request, Boolean{device_.port_.arbiter().owner() ? Boolean{0} : Boolean{1}});
    case kIoctlParQueryLocation: {
      const std::string& location = device_.location_;
      return OutputBytes(
          request, std::span(reinterpret_cast<const uint8_t*>(location.data()), location.size()));
    }
    case kIoctlParSetWriteAddress:
    case kIoctlParSetReadAddress: {
      if (request.input_length < 1) return {NtStatus::kInvalidParameter, 0};
      const auto address = Input<uint8_t>(request);
      (request.code == kIoctlParSetWriteAddress ? device_.write_address_ : device_.read_address_) =
          address;
      return {};
    }
    case kIoctlParGetWriteAddress:
    case kIoctlParGetReadAddress: {
      const std::optional<uint8_t>& address =
          request.code == kIoctlParGetWriteAddress ? device_.write_address_ : device_.read_address_;
      return Output(request, address.value_or(0));
    }
    case kIoctlSerialSetTimeouts: {
      if (request.input_length < sizeof(SerialTimeouts)) return {NtStatus::kBufferTooSmall, 0};
      const auto timeouts = Input<SerialTimeouts>(request);
      // The serial rule: a read interval and a read total constant both MAXULONG is invalid.
      if (timeouts.read_interval_timeout == kMaxUlong &&
          timeouts.read_total_timeout_constant == kMaxUlong) {
        return {NtStatus::kInvalidParameter, 0};
      }
      device_.timeouts_ = timeouts;
      return {};
    }
    case kIoctlSerialGetTimeouts: return Output(request, device_.timeouts_);
    case kIoctlIeee1284Negotiate: return Negotiate(request);
    default: break;
  }
  // The requests that need the port.
  switch (request.code) {
    case kIoctlParQueryInformation:
      if (request.output_length < 1) return {NtStatus::kBufferTooSmall, 0};
      return WithPort(options, [&] { return Output(request, QueryStatus()); });
    case kIoctlParSetInformation: {
      if (request.input_length < 1) return {NtStatus::kBufferTooSmall, 0};
      if (Input<uint8_t>(request) != kParallelInit) return {NtStatus::kInvalidParameter, 0};
      return WithPort(options, [&]() -> RequestResult {
        (void)link_->Terminate();
        host_->SetLines(LineLevels().with(Line::kNInit, Level::kLow));
        host_->Delay(kInitPulse);
        host_->SetLines(LineLevels().with(Line::kNInit, Level::kHigh));
        const uint8_t status = QueryStatus();
        if ((status & kParallelNotConnected) != 0) return {NtStatus::kDeviceNotConnected, 0};
        if ((status & kParallelPowerOff) != 0) return {NtStatus::kDevicePoweredOff, 0};
        if ((status & kParallelPaperEmpty) != 0) return {NtStatus::kDevicePaperEmpty, 0};
        if ((status & kParallelOffLine) != 0) return {NtStatus::kDeviceOffLine, 0};
        return {};
      });
    }
    case kIoctlParQueryDeviceId:
    case kIoctlParQueryRawDeviceId:
    case kIoctlParQueryDeviceIdSize:
      return WithPort(options, [&]() -> RequestResult {
        const Result<std::vector<uint8_t>> raw = ReadDeviceIdHeld(
            Deadline::After(device_.port_.clock(), device_.config_.transfer_timeout));
        if (!raw || raw->size() < ieee1284::kDeviceIdLengthBytes) {
          return {NtStatus::kIoDeviceError, 0};
        }
        const std::span<const uint8_t> text =
            std::span(*raw).subspan(ieee1284::kDeviceIdLengthBytes);
        if (request.code == kIoctlParQueryRawDeviceId) return OutputBytes(request, *raw);
        if (request.code == kIoctlParQueryDeviceId) return OutputBytes(request, text);
        return Output(request, static_cast<uint32_t>(text.size() + 1));
      });
    case kIoctlParGetDeviceCaps: {
      if (request.input_length < sizeof(uint16_t) || request.output_length < sizeof(uint16_t)) {
        return {NtStatus::kBufferTooSmall, 0};
      }
      device_.excluded_ = ProtocolModes::FromBits(Input<uint16_t>(request));
      return WithPort(
          options, [&] { return Output(request, ProbeModes().without(device_.excluded_).bits()); });
    }
    case kIoctlParPing:
    case kIoctlParEcpHostRecovery:
    case kIoctlParTest: return {NtStatus::kNotSupported, 0};  // Header only, undocumented.
    default: break;
  }
  return {NtStatus::kInvalidParameter, 0};
}

}  // namespace parclass::bus
