// NTSTATUS: the completion status of a request, with the values of the Windows headers (shared
// spec windows-parallel-interface.md 5.7), so that a client written against Parport and Parclass
// reads the same numbers here. Runtime failures inside parclass are Result<T> errors; a request's
// answer to its client is a RequestResult, and StatusOf() maps one to the other.
//
//   RequestResult result = port.InternalDeviceControl(request);
//   if (result.status == NtStatus::kBufferTooSmall) ...
//   NtStatusName(result.status);   // "STATUS_BUFFER_TOO_SMALL"

#ifndef PARCLASS_PORT_STATUS_H_
#define PARCLASS_PORT_STATUS_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parclass/base/error.h"
#include "parclass/base/result.h"

namespace parclass::port {

enum class NtStatus : uint32_t {
  kSuccess = 0x00000000,
  kTimeout = 0x00000102,
  kPending = 0x00000103,
  kDevicePaperEmpty = 0x8000000E,
  kDevicePoweredOff = 0x8000000F,
  kDeviceOffLine = 0x80000010,
  kDeviceBusy = 0x80000011,
  kUnsuccessful = 0xC0000001,
  kInvalidParameter = 0xC000000D,
  kNoSuchDevice = 0xC000000E,
  kInvalidDeviceRequest = 0xC0000010,
  kAccessDenied = 0xC0000022,
  kBufferTooSmall = 0xC0000023,
  kDeletePending = 0xC0000056,
  kDeviceNotConnected = 0xC000009D,
  kNotSupported = 0xC00000BB,
  kNotADirectory = 0xC0000103,
  kCancelled = 0xC0000120,
  kInvalidDeviceState = 0xC0000184,
  kIoDeviceError = 0xC0000185,
  kDeviceProtocolError = 0xC0000186,
  kDeviceRemoved = 0xC00002B6,
};

// "STATUS_SUCCESS", "STATUS_INVALID_DEVICE_STATE", ...
std::string_view NtStatusName(NtStatus status);

// NT_SUCCESS: success and informational statuses (severity 00 or 01).
constexpr bool NtSuccess(NtStatus status) { return static_cast<uint32_t>(status) < 0x80000000u; }

// What a request completes with: its status and the IoStatus.Information count (bytes produced).
struct RequestResult {
  NtStatus status = NtStatus::kSuccess;
  size_t information = 0;

  friend bool operator==(const RequestResult&, const RequestResult&) = default;
};

// The status a client sees for a runtime failure.
NtStatus StatusOf(const Error& error);

// The status of a 1284.3 select or deselect as the callbacks and the CONNECT adapter give it
// (windows-parallel-interface.md 4.1): a refused one (no such device on the chain, the port not
// held, the port out of compatibility mode) has its refusal's status, and one the chain did not
// carry out (no answer to the packet) STATUS_UNSUCCESSFUL.
NtStatus SelectionStatus(const Result<void>& selection);

}  // namespace parclass::port

#endif  // PARCLASS_PORT_STATUS_H_
