#include "client.h"

#include <fmt/format.h>

#include <array>
#include <cstring>
#include <vector>

namespace parclass::tools {

namespace {

// Makes `mode` the device's protocol for `direction` with IOCTL_IEEE1284_NEGOTIATE.
Result<void> UseMode(bus::DeviceHandle& handle, ProtocolMode mode, Direction direction) {
  const bool forward = direction == Direction::kForward;
  const ProtocolModes carriers = forward ? bus::kForwardProtocols : bus::kReverseProtocols;
  if (!carriers.contains(mode)) {
    return Error(Errc::kInvalidArgument,
                 fmt::format("{} carries no data {}", bus::ProtocolNames(mode),
                             forward ? "forward" : "back"));
  }
  bus::ParclassNegotiationMask mask{
      .read_mask = forward ? uint16_t{0} : static_cast<uint16_t>(mode),
      .write_mask = forward ? static_cast<uint16_t>(mode) : uint16_t{0}};
  std::array<std::byte, sizeof(mask)> buffer{};
  std::memcpy(buffer.data(), &mask, sizeof(mask));
  (void)handle.InternalDeviceControl({.code = bus::kIoctlLockPort});
  const port::RequestResult negotiated = handle.DeviceControl({.code = bus::kIoctlIeee1284Negotiate,
                                                               .buffer = buffer,
                                                               .input_length = 4,
                                                               .output_length = 4});
  (void)handle.InternalDeviceControl({.code = bus::kIoctlUnlockPort});
  std::memcpy(&mask, buffer.data(), sizeof(mask));
  const uint16_t chosen = forward ? mask.write_mask : mask.read_mask;
  if (negotiated.status != port::NtStatus::kSuccess || chosen != static_cast<uint16_t>(mode)) {
    return Error(Errc::kNotSupported, fmt::format("{} cannot use {}", handle.device().location(),
                                                  bus::ProtocolNames(mode)));
  }
  return Ok();
}

}  // namespace

const std::map<std::string, ProtocolMode>& ModeNames() {
  static const std::map<std::string, ProtocolMode> names = {
      {"centronics", ProtocolMode::kCentronics},
      {"compat", ProtocolMode::kIeeeCompatibility},
      {"nibble", ProtocolMode::kNibble},
      {"byte", ProtocolMode::kByteBidir},
      {"ecp", ProtocolMode::kEcpHwNoIrq},
      {"ecp-sw", ProtocolMode::kEcpSw},
      {"epp", ProtocolMode::kEppHw},
      {"epp-sw", ProtocolMode::kEppSw}};
  return names;
}

std::string ModeList() {
  std::string list;
  for (const auto& [name, mode] : ModeNames()) list += (list.empty() ? "" : ", ") + name;
  return list;
}

int Fail(const std::string& what, const Error& error) {
  fmt::print(stderr, "parctl: {}: {}\n", what, error.Format());
  if (what == kCannotStart)
    return error.code() == Errc::kInvalidArgument ? kExitUsage : kExitFailed;
  switch (error.code()) {
    case Errc::kNoSuchDevice:
      fmt::print(stderr, "  `parctl list` shows the devices there are\n");
      break;
    case Errc::kNotSupported:
      fmt::print(stderr, "  `parctl negotiate DEVICE` shows the modes the device and port share\n");
      break;
    case Errc::kTimeout:
    case Errc::kPeripheralError:
      fmt::print(stderr,
                 "  check that the device is on, on-line and has paper; `parctl status` "
                 "shows the lines\n");
      break;
    default: break;
  }
  // An unknown device is a bad argument, as an unknown mode is.
  const bool usage = error.code() == Errc::kInvalidArgument || error.code() == Errc::kNoSuchDevice;
  return usage ? kExitUsage : kExitFailed;
}

int Fail(const std::string& what, port::RequestResult result) {
  Errc code = Errc::kIoError;
  switch (result.status) {
    case port::NtStatus::kDevicePaperEmpty:
    case port::NtStatus::kDeviceOffLine:
    case port::NtStatus::kDevicePoweredOff: code = Errc::kPeripheralError; break;
    case port::NtStatus::kTimeout: code = Errc::kTimeout; break;
    case port::NtStatus::kDeviceBusy: code = Errc::kPortBusy; break;
    default: break;
  }
  return Fail(what,
              Error(code, fmt::format("the request ended with {} ({} bytes done)",
                                      port::NtStatusName(result.status), result.information)));
}

Result<ProtocolModes> SharedModes(bus::DeviceHandle& handle) {
  std::array<std::byte, 2> buffer{};
  const port::RequestResult caps = handle.DeviceControl({.code = bus::kIoctlParGetDeviceCaps,
                                                         .buffer = buffer,
                                                         .input_length = 2,
                                                         .output_length = 2});
  if (caps.status != port::NtStatus::kSuccess) {
    return Error(Errc::kIoError,
                 fmt::format("GET_DEVICE_CAPS ended with {}", port::NtStatusName(caps.status)));
  }
  uint16_t bits = 0;
  std::memcpy(&bits, buffer.data(), sizeof(bits));
  return ProtocolModes::FromBits(bits);
}

std::optional<ProtocolModes> SharedModes(bus::Device& device) {
  Result<std::unique_ptr<bus::DeviceHandle>> handle = device.Open();
  if (!handle) return std::nullopt;
  Result<ProtocolModes> shared = SharedModes(**handle);
  if (!shared) return std::nullopt;
  return *shared;
}

std::string KindName(bus::DeviceKind kind) {
  switch (kind) {
    case bus::DeviceKind::kRaw: return "raw";
    case bus::DeviceKind::kDaisyChain: return "daisy-chain";
    case bus::DeviceKind::kEndOfChain: return "end-of-chain";
  }
  return "?";
}

std::string CapabilityNames(hw::HardwareCapabilities capabilities) {
  std::vector<std::string> names;
  if (capabilities.contains(hw::HardwareCapability::kEcp)) names.emplace_back("ECP");
  if (capabilities.contains(hw::HardwareCapability::kEpp)) names.emplace_back("EPP");
  if (capabilities.contains(hw::HardwareCapability::kEpp32)) names.emplace_back("EPP32");
  if (capabilities.contains(hw::HardwareCapability::kByte)) names.emplace_back("BYTE");
  if (capabilities.contains(hw::HardwareCapability::kDot3)) names.emplace_back("1284.3");
  return names.empty() ? "SPP" : fmt::format("{}", fmt::join(names, " "));
}

Json TransferJson(const std::string& device, ProtocolMode mode, port::RequestResult result) {
  return {{"device", device},
          {"mode", bus::ProtocolNames(mode)},
          {"status", port::NtStatusName(result.status)},
          {"bytes", result.information}};
}

Result<std::unique_ptr<bus::DeviceHandle>> OpenDevice(System& system, const std::string& name) {
  bus::Device* device = PARCLASS_TRY(system.Find(name));
  return device->Open();
}

Result<std::unique_ptr<bus::DeviceHandle>> OpenInMode(System& system, const std::string& name,
                                                      ProtocolMode mode, Direction direction) {
  std::unique_ptr<bus::DeviceHandle> handle = PARCLASS_TRY(OpenDevice(system, name));
  PARCLASS_TRY(UseMode(*handle, mode, direction));
  return handle;
}

Result<ProtocolMode> ModeOf(const std::string& name) {
  const auto found = ModeNames().find(name);
  if (found == ModeNames().end()) {
    return Error(Errc::kInvalidArgument,
                 fmt::format("unknown mode '{}'; choose {}", name, ModeList()));
  }
  return found->second;
}

}  // namespace parclass::tools
