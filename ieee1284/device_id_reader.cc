// Link: reading the IEEE 1284 Device ID (ieee1284.md 11.1 and 11.3).

#include <fmt/format.h>

#include "parclass/ieee1284/device_id.h"
#include "parclass/ieee1284/link.h"

namespace parclass::ieee1284 {
namespace {

Ieee1284Request DeviceIdRequest(ReverseMode mode) {
  switch (mode) {
    case ReverseMode::kNibble: return kNibbleRequest.with_device_id();
    case ReverseMode::kByte: return kByteRequest.with_device_id();
    case ReverseMode::kEcp: return kEcpRequest.with_device_id();
  }
  return kNibbleRequest.with_device_id();
}

Result<std::vector<uint8_t>> ReadDeviceIdBytes(Link& link, ReverseMode mode, Deadline deadline) {
  std::vector<uint8_t> raw(kDeviceIdLengthBytes);
  const size_t got = PARCLASS_TRY(link.ReadReverse(mode, raw, deadline));
  if (got < kDeviceIdLengthBytes) {
    return Error(Errc::kProtocolError, "the Device ID ended inside its two length bytes")
        .set_bytes_done(got);
  }
  const std::vector<DeviceIdLength> candidates =
      PARCLASS_TRY(DeviceIdCandidateLengths(raw[0], raw[1]));
  for (const DeviceIdLength& candidate : candidates) {
    const size_t target = kDeviceIdLengthBytes + candidate.text_bytes;
    if (raw.size() >= target) continue;
    const size_t before = raw.size();
    raw.resize(target);
    const size_t read =
        PARCLASS_TRY(link.ReadReverse(mode, std::span(raw).subspan(before), deadline));
    raw.resize(before + read);
    // The device has no more to send, or the text is complete.
    if (raw.size() < target || raw.back() == ';') break;
  }
  return raw;
}

}  // namespace

Result<std::vector<uint8_t>> Link::ReadDeviceId(ReverseMode mode, Deadline deadline) {
  PARCLASS_TRY(Terminate());  // The ID restarts from its beginning after a termination.
  PARCLASS_TRY(Negotiate(DeviceIdRequest(mode)));
  Result<std::vector<uint8_t>> raw = ReadDeviceIdBytes(*this, mode, deadline);
  Result<void> terminated = Terminate();
  if (!raw) return raw.error();
  if (!terminated) return terminated.error();
  return raw;
}

}  // namespace parclass::ieee1284
