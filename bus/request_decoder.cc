// RequestDecoder: the device requests (shared spec windows-parallel-interface.md 2.3, 2.5, 2.6),
// with their buffer checks, Information values and statuses, as calls on the session.

#include "parclass/bus/request_decoder.h"

#include <cstring>
#include <string>

#include "parclass/bus/device.h"

namespace parclass::bus {
namespace {

using port::LengthsFit;
using port::PortRequest;
using port::ReadInput;
using port::WriteOutput;

constexpr uint32_t kMaxUlong = 0xffffffffu;

// A string output: the bytes and a terminating NUL.
RequestResult WriteString(const PortRequest& request, std::span<const uint8_t> bytes) {
  if (request.output_length < bytes.size() + 1) return {NtStatus::kBufferTooSmall, 0};
  std::memcpy(request.buffer.data(), bytes.data(), bytes.size());
  request.buffer[bytes.size()] = std::byte{0};
  return {NtStatus::kSuccess, bytes.size() + 1};
}

ParclassNegotiationMask MaskOf(ProtocolMode read, ProtocolMode write) {
  return {.read_mask = static_cast<uint16_t>(read), .write_mask = static_cast<uint16_t>(write)};
}

}  // namespace

RequestResult RequestDecoder::QueryInformation(FileInformationClass information_class,
                                               std::span<std::byte> output) {
  if (session_.device().removed()) return {NtStatus::kDeviceRemoved, 0};
  const PortRequest request{.code = 0, .buffer = output, .output_length = output.size()};
  switch (information_class) {
    case FileInformationClass::kStandard:
      return WriteOutput(request, FileStandardInformation{.allocation_size = 0,
                                                          .end_of_file = 0,
                                                          .number_of_links = 0,
                                                          .delete_pending = 0,
                                                          .directory = 0});
    case FileInformationClass::kPosition:
      return WriteOutput(request, FilePositionInformation{.current_byte_offset = 0});
  }
  return {NtStatus::kInvalidParameter, 0};
}

RequestResult RequestDecoder::InternalDeviceControl(const PortRequest& request,
                                                    const RequestOptions& options) {
  if (!LengthsFit(request)) return {NtStatus::kInvalidParameter, 0};
  if (session_.device().removed()) return {NtStatus::kDeviceRemoved, 0};
  switch (request.code) {
    case kIoctlParclassConnect:
      if (request.output_length < sizeof(ParclassInformation)) {
        return {NtStatus::kBufferTooSmall, 0};
      }
      return WriteOutput(request, connection_.Connect());
    case kIoctlParclassDisconnect: connection_.Disconnect(); return {};
    case kIoctlLockPort: return {session_.Lock(LockSelect::kSelect, options), 0};
    case kIoctlLockPortNoSelect: return {session_.Lock(LockSelect::kNoSelect, options), 0};
    case kIoctlUnlockPort: session_.Unlock(UnlockDeselect::kDeselect); return {};
    case kIoctlUnlockPortNoDeselect: session_.Unlock(UnlockDeselect::kNoDeselect); return {};
    case kIoctlDisconnectIdle:
      // The port locked and the device selected (2.5).
      if (!session_.locked()) return {NtStatus::kInvalidDeviceState, 0};
      session_.TerminateMode();
      return {};
    default: break;
  }
  return {NtStatus::kInvalidParameter, 0};  // Not supported (2.2).
}

RequestResult RequestDecoder::DeviceControl(const PortRequest& request,
                                            const RequestOptions& options) {
  if (!LengthsFit(request)) return {NtStatus::kInvalidParameter, 0};
  if (session_.device().removed()) return {NtStatus::kDeviceRemoved, 0};
  switch (request.code) {
    case kIoctlIeee1284GetMode:
    case kIoctlParGetDefaultModes:
    case kIoctlParIsPortFree:
    case kIoctlParQueryLocation:
    case kIoctlParGetWriteAddress:
    case kIoctlParGetReadAddress:
    case kIoctlSerialGetTimeouts: return Settings(request);
    case kIoctlParSetWriteAddress:
    case kIoctlParSetReadAddress: return SetAddress(request);
    case kIoctlSerialSetTimeouts: return SetTimeouts(request);
    case kIoctlIeee1284Negotiate: return Negotiate(request);
    case kIoctlParPing:
    case kIoctlParEcpHostRecovery:
    case kIoctlParTest: return {NtStatus::kNotSupported, 0};  // Header only, undocumented.
    default: break;
  }
  return WithThePort(request, options);
}

// The requests answered from the device's settings and the port's state, without the port.
RequestResult RequestDecoder::Settings(const PortRequest& request) {
  Device& device = session_.device();
  switch (request.code) {
    case kIoctlIeee1284GetMode:
      return WriteOutput(request, MaskOf(device.read_protocol(), device.write_protocol()));
    case kIoctlParGetDefaultModes:
      return WriteOutput(request, MaskOf(kDefaultReadProtocol, kDefaultWriteProtocol));
    case kIoctlParIsPortFree:  // A snapshot, answered at once.
      return WriteOutput(request,
                         Boolean{device.port().arbiter().owner() ? Boolean{0} : Boolean{1}});
    case kIoctlParQueryLocation: {
      const std::string& location = device.location();
      return WriteString(
          request, std::span(reinterpret_cast<const uint8_t*>(location.data()), location.size()));
    }
    case kIoctlParGetWriteAddress: return WriteOutput(request, device.write_address().value_or(0));
    case kIoctlParGetReadAddress: return WriteOutput(request, device.read_address().value_or(0));
    case kIoctlSerialGetTimeouts: return WriteOutput(request, device.timeouts());
    default: break;
  }
  return {NtStatus::kInvalidParameter, 0};
}

// The requests that need the port: the client's lock, or the port taken for the request.
RequestResult RequestDecoder::WithThePort(const PortRequest& request,
                                          const RequestOptions& options) {
  switch (request.code) {
    case kIoctlParQueryInformation:
      if (request.output_length < 1) return {NtStatus::kBufferTooSmall, 0};
      return session_.WithPort(options,
                               [&] { return WriteOutput(request, session_.QueryStatus()); });
    case kIoctlParSetInformation: return SetInformation(request, options);
    case kIoctlParQueryDeviceId:
    case kIoctlParQueryRawDeviceId:
    case kIoctlParQueryDeviceIdSize: return DeviceId(request, options);
    case kIoctlParGetDeviceCaps: return DeviceCaps(request, options);
    default: break;
  }
  return {NtStatus::kInvalidParameter, 0};
}

RequestResult RequestDecoder::SetAddress(const PortRequest& request) {
  if (request.input_length < 1) return {NtStatus::kInvalidParameter, 0};
  const auto address = ReadInput<uint8_t>(request);
  Device& device = session_.device();
  if (request.code == kIoctlParSetWriteAddress) {
    device.set_write_address(address);
  } else {
    device.set_read_address(address);
  }
  return {};
}

RequestResult RequestDecoder::SetTimeouts(const PortRequest& request) {
  if (request.input_length < sizeof(SerialTimeouts)) return {NtStatus::kBufferTooSmall, 0};
  const auto timeouts = ReadInput<SerialTimeouts>(request);
  // The serial rule: a read interval and a read total constant both MAXULONG is invalid.
  if (timeouts.read_interval_timeout == kMaxUlong &&
      timeouts.read_total_timeout_constant == kMaxUlong) {
    return {NtStatus::kInvalidParameter, 0};
  }
  session_.device().set_timeouts(timeouts);
  return {};
}

RequestResult RequestDecoder::Negotiate(const PortRequest& request) {
  // A short buffer is INVALID_PARAMETER here, not BUFFER_TOO_SMALL (2.6).
  if (request.input_length < sizeof(ParclassNegotiationMask) ||
      request.output_length < sizeof(ParclassNegotiationMask)) {
    return {NtStatus::kInvalidParameter, 0};
  }
  if (!session_.locked()) return {NtStatus::kInvalidDeviceState, 0};  // Locked and selected.
  const auto offered = ReadInput<ParclassNegotiationMask>(request);
  const ChosenProtocols chosen = session_.ChooseProtocols(
      ProtocolModes::FromBits(offered.write_mask), ProtocolModes::FromBits(offered.read_mask));
  return WriteOutput(
      request,
      ParclassNegotiationMask{
          .read_mask = chosen.read ? static_cast<uint16_t>(*chosen.read) : uint16_t{0},
          .write_mask = chosen.write ? static_cast<uint16_t>(*chosen.write) : uint16_t{0}});
}

RequestResult RequestDecoder::SetInformation(const PortRequest& request,
                                             const RequestOptions& options) {
  if (request.input_length < 1) return {NtStatus::kBufferTooSmall, 0};
  if (ReadInput<uint8_t>(request) != kParallelInit) return {NtStatus::kInvalidParameter, 0};
  return session_.WithPort(options, [&]() -> RequestResult {
    return {session_.InitialisePeripheral(), 0};
  });
}

RequestResult RequestDecoder::DeviceId(const PortRequest& request, const RequestOptions& options) {
  return session_.WithPort(options, [&]() -> RequestResult {
    const Result<std::vector<uint8_t>> raw = session_.ReadDeviceId();
    if (!raw || raw->size() < ieee1284::kDeviceIdLengthBytes) {
      return {NtStatus::kIoDeviceError, 0};
    }
    const std::span<const uint8_t> text = std::span(*raw).subspan(ieee1284::kDeviceIdLengthBytes);
    if (request.code == kIoctlParQueryRawDeviceId) return WriteString(request, *raw);
    if (request.code == kIoctlParQueryDeviceId) return WriteString(request, text);
    return WriteOutput(request, static_cast<uint32_t>(text.size() + 1));
  });
}

RequestResult RequestDecoder::DeviceCaps(const PortRequest& request,
                                         const RequestOptions& options) {
  if (request.input_length < sizeof(uint16_t) || request.output_length < sizeof(uint16_t)) {
    return {NtStatus::kBufferTooSmall, 0};
  }
  Device& device = session_.device();
  device.set_excluded(ProtocolModes::FromBits(ReadInput<uint16_t>(request)));
  return session_.WithPort(options, [&] {
    return WriteOutput(request, session_.ProbeModes().without(device.excluded()).bits());
  });
}

}  // namespace parclass::bus
