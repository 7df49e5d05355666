#include "parclass/port/status.h"

namespace parclass::port {

std::string_view NtStatusName(NtStatus status) {
  switch (status) {
    case NtStatus::kSuccess: return "STATUS_SUCCESS";
    case NtStatus::kTimeout: return "STATUS_TIMEOUT";
    case NtStatus::kPending: return "STATUS_PENDING";
    case NtStatus::kDevicePaperEmpty: return "STATUS_DEVICE_PAPER_EMPTY";
    case NtStatus::kDevicePoweredOff: return "STATUS_DEVICE_POWERED_OFF";
    case NtStatus::kDeviceOffLine: return "STATUS_DEVICE_OFF_LINE";
    case NtStatus::kDeviceBusy: return "STATUS_DEVICE_BUSY";
    case NtStatus::kUnsuccessful: return "STATUS_UNSUCCESSFUL";
    case NtStatus::kInvalidParameter: return "STATUS_INVALID_PARAMETER";
    case NtStatus::kNoSuchDevice: return "STATUS_NO_SUCH_DEVICE";
    case NtStatus::kInvalidDeviceRequest: return "STATUS_INVALID_DEVICE_REQUEST";
    case NtStatus::kAccessDenied: return "STATUS_ACCESS_DENIED";
    case NtStatus::kBufferTooSmall: return "STATUS_BUFFER_TOO_SMALL";
    case NtStatus::kDeletePending: return "STATUS_DELETE_PENDING";
    case NtStatus::kDeviceNotConnected: return "STATUS_DEVICE_NOT_CONNECTED";
    case NtStatus::kNotSupported: return "STATUS_NOT_SUPPORTED";
    case NtStatus::kNotADirectory: return "STATUS_NOT_A_DIRECTORY";
    case NtStatus::kCancelled: return "STATUS_CANCELLED";
    case NtStatus::kInvalidDeviceState: return "STATUS_INVALID_DEVICE_STATE";
    case NtStatus::kIoDeviceError: return "STATUS_IO_DEVICE_ERROR";
    case NtStatus::kDeviceProtocolError: return "STATUS_DEVICE_PROTOCOL_ERROR";
    case NtStatus::kDeviceRemoved: return "STATUS_DEVICE_REMOVED";
  }
  return "STATUS_(unknown)";
}

NtStatus StatusOf(const Error& error) {
  switch (error.code()) {
    case Errc::kTimeout: return NtStatus::kTimeout;
    case Errc::kNotIeee1284:
    case Errc::kRejected: return NtStatus::kNotSupported;
    case Errc::kProtocolError: return NtStatus::kDeviceProtocolError;
    case Errc::kNotConnected: return NtStatus::kDeviceNotConnected;
    case Errc::kPeripheralError: {
      // What the status lines said, where the error kept them.
      const std::optional<LineLevels> seen = error.seen_lines();
      if (seen && seen->level(Line::kPError) == Level::kHigh) return NtStatus::kDevicePaperEmpty;
      if (seen && seen->level(Line::kSelect) == Level::kLow) return NtStatus::kDeviceOffLine;
      return NtStatus::kIoDeviceError;
    }
    case Errc::kPortBusy: return NtStatus::kDeviceBusy;
    case Errc::kCancelled: return NtStatus::kCancelled;
    case Errc::kInvalidArgument: return NtStatus::kInvalidParameter;
    case Errc::kBufferTooSmall: return NtStatus::kBufferTooSmall;
    case Errc::kNotSupported: return NtStatus::kNotSupported;
    case Errc::kInvalidState: return NtStatus::kInvalidDeviceState;
    case Errc::kNoSuchDevice: return NtStatus::kNoSuchDevice;
    case Errc::kPermissionDenied: return NtStatus::kAccessDenied;
    case Errc::kIoError: return NtStatus::kIoDeviceError;
  }
  return NtStatus::kUnsuccessful;
}

NtStatus SelectionStatus(const Result<void>& selection) {
  if (selection) return NtStatus::kSuccess;
  switch (selection.error().code()) {
    case Errc::kInvalidArgument:
    case Errc::kInvalidState: return StatusOf(selection.error());
    default: return NtStatus::kUnsuccessful;
  }
}

}  // namespace parclass::port
