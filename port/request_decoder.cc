// PortHandle's internal requests (shared spec windows-parallel-interface.md 2.4): each code and
// buffer decoded into a call of the typed API or a callback, with the Windows buffer checks and
// statuses. Nothing above the port sends these: the bus uses the typed API; the C API and
// clients that speak Windows send them.

#include <utility>

#include "parclass/port/port.h"

namespace parclass::port {
namespace {

// Which of the two chip-mode requests.
enum class ChipModeChange : uint8_t {
  kSet,    // IOCTL_INTERNAL_PARALLEL_SET_CHIP_MODE.
  kClear,  // IOCTL_INTERNAL_PARALLEL_CLEAR_CHIP_MODE.
};

RequestResult ChipModeRequest(PortHandle& handle, const PortRequest& request,
                              ChipModeChange change) {
  if (request.input_length < sizeof(ParallelChipMode)) return {NtStatus::kBufferTooSmall, 0};
  const uint8_t mode = ReadInput<ParallelChipMode>(request).mode_flags;
  switch (change) {
    case ChipModeChange::kSet: return {handle.TrySetChipMode(mode), 0};
    case ChipModeChange::kClear: return {handle.ClearChipMode(mode), 0};
  }
  return {NtStatus::kInvalidParameter, 0};
}

// A request's outcome when it has no output: its status.
RequestResult Completed(const Result<void>& done) {
  return {done ? NtStatus::kSuccess : StatusOf(done.error()), 0};
}

}  // namespace

RequestResult PortHandle::InternalDeviceControl(const PortRequest& request,
                                                const RequestOptions& options) {
  if (!LengthsFit(request)) return {NtStatus::kInvalidParameter, 0};
  switch (request.code) {
    case kIoctlParallelPortAllocate: return AllocateRequest(options);
    case kIoctlParallelPortFree: FreePort(); return {};
    case kIoctlGetParallelPortInfo: return WriteOutput(request, PortInformation());
    case kIoctlGetMoreParallelPortInfo: return WriteOutput(request, MorePortInformation());
    case kIoctlGetParallelPnpInfo: return WriteOutput(request, PnpInformation());
    case kIoctlReleaseParallelPortInfo: return {};  // A no-op that always succeeds (2.4).
    case kIoctlParallelConnectInterrupt: return ConnectInterruptRequest(request);
    case kIoctlParallelDisconnectInterrupt: return DisconnectInterruptRequest(request);
    case kIoctlParallelSetChipMode: return ChipModeRequest(*this, request, ChipModeChange::kSet);
    case kIoctlParallelClearChipMode:
      return ChipModeRequest(*this, request, ChipModeChange::kClear);
    case kIoctlInit12843Bus: {
      const Result<int> count = InitialiseChain();
      return {count ? NtStatus::kSuccess : StatusOf(count.error()), 0};
    }
    case kIoctlSelectDevice: return SelectRequest(request, options);
    case kIoctlDeselectDevice: return DeselectRequest(request);
    default: break;
  }
  // Requests the headers name and no documentation describes (2.4, 6.3).
  if (!PortIoctlName(request.code).empty()) return {NtStatus::kNotSupported, 0};
  return {NtStatus::kInvalidParameter, 0};
}

RequestResult PortHandle::AllocateRequest(const RequestOptions& options) {
  if (holds_port()) return {NtStatus::kSuccess, 0};  // Already this client's.
  Result<PortClaim> claim = Allocate(options);
  if (!claim) return {StatusOf(claim.error()), 0};
  Keep(std::move(*claim));
  return {};
}

RequestResult PortHandle::SelectRequest(const PortRequest& request, const RequestOptions& options) {
  if (request.input_length < sizeof(Parallel1284Command)) return {NtStatus::kBufferTooSmall, 0};
  const auto command = ReadInput<Parallel1284Command>(request);
  const std::optional<DeviceTarget> target = TargetOf(command);
  if (!target) return {NtStatus::kNotSupported, 0};
  if (KeepsPort(command)) return Completed(Select(*target));
  if (const Result<void> checked = CheckTarget(*target); !checked) return Completed(checked);
  if (holds_port()) return {NtStatus::kInvalidDeviceState, 0};  // It would wait for itself.
  Result<PortClaim> claim = AllocateSelected(*target, options);
  if (!claim) return {StatusOf(claim.error()), 0};
  Keep(std::move(*claim));
  return {};
}

RequestResult PortHandle::DeselectRequest(const PortRequest& request) {
  if (request.input_length < sizeof(Parallel1284Command)) return {NtStatus::kBufferTooSmall, 0};
  return {DeselectDevice(ReadInput<Parallel1284Command>(request)), 0};
}

RequestResult PortHandle::ConnectInterruptRequest(const PortRequest& request) {
  if (request.input_length < sizeof(ParallelInterruptServiceRoutine) ||
      request.output_length < sizeof(ParallelInterruptInformation)) {
    return {NtStatus::kBufferTooSmall, 0};
  }
  const Result<ParallelInterruptInformation> connected =
      ConnectInterrupt(ReadInput<ParallelInterruptServiceRoutine>(request));
  if (connected) return WriteOutput(request, *connected);
  switch (connected.error().code()) {
    // Disabled unless the port's configuration enables it (EnableConnectInterruptIoctl, 1.7).
    case Errc::kInvalidState: return {NtStatus::kUnsuccessful, 0};
    case Errc::kNotSupported: return {NtStatus::kNotSupported, 0};
    default: return {NtStatus::kInvalidParameter, 0};
  }
}

RequestResult PortHandle::DisconnectInterruptRequest(const PortRequest& request) {
  if (request.input_length < sizeof(ParallelInterruptServiceRoutine)) {
    return {NtStatus::kBufferTooSmall, 0};
  }
  const Result<void> disconnected =
      DisconnectInterrupt(ReadInput<ParallelInterruptServiceRoutine>(request));
  return {disconnected ? NtStatus::kSuccess : NtStatus::kInvalidParameter, 0};
}

}  // namespace parclass::port
