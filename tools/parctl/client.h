// What every port and device command does as a client of the port and bus layers: start the
// system, open a device with a protocol mode for one direction, ask which modes host and device
// share, and report a failure with its advice and exit code.
//
//   return WithSystem(options, [&](System& system) {
//     auto handle = OpenInMode(system, "LPT1.4", ProtocolMode::kEcpHwNoIrq, Direction::kForward);
//     if (!handle) return Fail("write to LPT1.4", handle.error());   // prints; exit 1 or 2
//     const port::RequestResult sent = (*handle)->Write(bytes);
//     return sent.status == port::NtStatus::kSuccess ? kExitOk : Fail("write to LPT1.4", sent);
//   });

#ifndef PARCLASS_TOOLS_PARCTL_CLIENT_H_
#define PARCLASS_TOOLS_PARCTL_CLIENT_H_

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "commands.h"
#include "parclass/base/result.h"
#include "parclass/bus/device.h"
#include "parclass/bus/protocol.h"
#include "parclass/ieee1284/host_port.h"
#include "system.h"

namespace parclass::tools {

using bus::ProtocolMode;
using bus::ProtocolModes;
using ieee1284::Direction;
using Json = nlohmann::ordered_json;

// Fail's `what` for a port that did not start: its advice is in the message already (the
// backends name the fix), and a bad --backend is a usage error.
inline constexpr const char* kCannotStart = "cannot start the port";

// Prints a failure (what failed, the error with its phase, event and lines, what to do) and
// returns the exit code: kExitUsage for kInvalidArgument and kNoSuchDevice (an unknown device),
// kExitFailed otherwise.
int Fail(const std::string& what, const Error& error);
// A request that ended with an error status, with the bytes it moved.
int Fail(const std::string& what, port::RequestResult result);

// Runs `body` with the port started, or prints why it could not start.
template <typename Body>
int WithSystem(const SystemOptions& options, Body body) {
  Result<std::unique_ptr<System>> system = StartSystem(options);
  if (!system) return Fail(kCannotStart, system.error());
  return body(**system);
}

// Runs `body` with the port started and the port --port names (LPT1 without it).
template <typename Body>
int WithSelectedPort(const SystemOptions& options, Body body) {
  return WithSystem(options, [&](System& system) {
    const Result<system::SystemPort*> selected = SelectedPort(system, options);
    if (!selected) return Fail("--port", selected.error());
    return body(system, **selected);
  });
}

// --mode names and the protocols they stand for.
const std::map<std::string, ProtocolMode>& ModeNames();
// kInvalidArgument naming the modes there are.
Result<ProtocolMode> ModeOf(const std::string& name);
// "byte, centronics, compat, ...".
std::string ModeList();

// The device called `name`, opened; kNoSuchDevice naming the devices there are.
Result<std::unique_ptr<bus::DeviceHandle>> OpenDevice(System& system, const std::string& name);
// Opens `name` with `mode` as its protocol for `direction` (IOCTL_IEEE1284_NEGOTIATE).
// kInvalidArgument for a mode that carries no data that way, kNotSupported for one the device
// or the port lacks.
Result<std::unique_ptr<bus::DeviceHandle>> OpenInMode(System& system, const std::string& name,
                                                      ProtocolMode mode, Direction direction);
// The protocols host and device share, found as IOCTL_PAR_GET_DEVICE_CAPS finds them.
Result<ProtocolModes> SharedModes(bus::DeviceHandle& handle);
// The same for a device not yet open; none if it cannot be opened or asked.
std::optional<ProtocolModes> SharedModes(bus::Device& device);

// "raw", "daisy-chain", "end-of-chain".
std::string KindName(bus::DeviceKind kind);
// "ECP EPP EPP32 BYTE 1284.3", or "SPP".
std::string CapabilityNames(hw::HardwareCapabilities capabilities);
// The fields every transfer's JSON starts with.
Json TransferJson(const std::string& device, ProtocolMode mode, port::RequestResult result);

}  // namespace parclass::tools

#endif  // PARCLASS_TOOLS_PARCTL_CLIENT_H_
