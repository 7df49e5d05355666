// PortHandle's register access for the holder: READ_PORT_UCHAR ... WRITE_PORT_BUFFER_ULONG on the
// addresses the information structures hand out (port.h, register_map.h).
//
// Every check is made before the first access, so a refused access touches nothing and counts
// nothing. The checks are the address's first (it is the call's own argument), then the holding,
// in the order CheckSelection makes its checks.

#include <fmt/format.h>

#include <array>

#include "parclass/port/port.h"

namespace parclass::port {
namespace {

// A value of `width` as the bus carries it: little-endian, low byte first.
uint32_t FromBytes(std::span<const uint8_t> bytes) {
  uint32_t value = 0;
  for (size_t i = bytes.size(); i > 0; --i) value = (value << 8) | bytes[i - 1];
  return value;
}

void ToBytes(uint32_t value, std::span<uint8_t> bytes) {
  for (uint8_t& byte : bytes) {
    byte = static_cast<uint8_t>(value & 0xff);
    value >>= 8;
  }
}

Result<void> CheckWholeAccesses(hw::Width width, size_t bytes) {
  if (bytes % hw::BytesOf(width) == 0) return Ok();
  return Error(Errc::kInvalidArgument,
               fmt::format("{} bytes are no whole number of {}-bit accesses", bytes,
                           hw::BytesOf(width) * 8));
}

}  // namespace

Result<hw::RegisterAddress> PortHandle::HeldRegister(BusAddress address, hw::Width width) const {
  const hw::RegisterAddress reached = PARCLASS_TRY(port_.register_map_.Resolve(address, width));
  if (!holds_port()) {
    return Error(Errc::kInvalidState, fmt::format("{} at {:#x}: the client does not hold the port",
                                                  hw::RegisterName(reached), address.value));
  }
  return reached;
}

// A backend that failed under the access read as a floating bus meanwhile: its failure stands
// for the access.
Result<void> PortHandle::BackendChecked() const {
  if (const std::optional<Error>& failure = port_.io().failure()) return *failure;
  return Ok();
}

Result<uint32_t> PortHandle::ReadRegister(BusAddress address, hw::Width width) {
  const hw::RegisterAddress reached = PARCLASS_TRY(HeldRegister(address, width));
  uint32_t value = 0;
  if (width == hw::Width::k8) {
    value = port_.registers().Read(reached);
  } else {
    std::array<uint8_t, 4> bytes{};
    const std::span<uint8_t> word = std::span(bytes).first(hw::BytesOf(width));
    port_.registers().ReadBlock(reached, width, word);
    value = FromBytes(word);
  }
  PARCLASS_TRY(BackendChecked());
  return value;
}

Result<void> PortHandle::WriteRegister(BusAddress address, uint32_t value, hw::Width width) {
  PARCLASS_ASSERT(hw::BytesOf(width) == 4 || value >> (hw::BytesOf(width) * 8) == 0,
                  "a register value wider than its access");
  const hw::RegisterAddress reached = PARCLASS_TRY(HeldRegister(address, width));
  if (width == hw::Width::k8) {
    port_.registers().Write(reached, static_cast<uint8_t>(value));
  } else {
    std::array<uint8_t, 4> bytes{};
    const std::span<uint8_t> word = std::span(bytes).first(hw::BytesOf(width));
    ToBytes(value, word);
    port_.registers().WriteBlock(reached, width, word);
  }
  return BackendChecked();
}

Result<void> PortHandle::ReadRegisterBuffer(BusAddress address, hw::Width width,
                                            std::span<uint8_t> bytes) {
  PARCLASS_TRY(CheckWholeAccesses(width, bytes.size()));
  const hw::RegisterAddress reached = PARCLASS_TRY(HeldRegister(address, width));
  if (!bytes.empty()) port_.registers().ReadBlock(reached, width, bytes);
  return BackendChecked();
}

Result<void> PortHandle::WriteRegisterBuffer(BusAddress address, hw::Width width,
                                             std::span<const uint8_t> bytes) {
  PARCLASS_TRY(CheckWholeAccesses(width, bytes.size()));
  const hw::RegisterAddress reached = PARCLASS_TRY(HeldRegister(address, width));
  if (!bytes.empty()) port_.registers().WriteBlock(reached, width, bytes);
  return BackendChecked();
}

}  // namespace parclass::port
