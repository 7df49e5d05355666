#include "parclass/port/chip_mode.h"

#include <algorithm>
#include <array>

#include "parclass/hw/ecp_regs.h"

namespace parclass::port {
namespace {

using hw::ChipMode;
using hw::EcrMode;
using hw::HardwareCapability;

constexpr std::array kChipModes = {ChipMode::kSpp,    ChipMode::kByte,    ChipMode::kFastCentronics,
                                   ChipMode::kEcp,    ChipMode::kEpp,     ChipMode::kTest,
                                   ChipMode::kConfig, ChipMode::kBytePio, ChipMode::kEcpPio,
                                   ChipMode::kEppPio};

bool IsChipMode(uint8_t mode) {
  return std::ranges::any_of(
      kChipModes, [mode](ChipMode known) { return static_cast<uint8_t>(known) == mode; });
}

}  // namespace

bool ChipModes::Supports(uint8_t mode) const {
  if (!IsChipMode(mode)) return false;
  switch (hw::Ecr::FromValue(mode).mode()) {
    case EcrMode::kSpp: return true;
    case EcrMode::kPs2: return capabilities_.contains(HardwareCapability::kByte);
    case EcrMode::kEpp: return registers_.chip().epp;
    case EcrMode::kFifo:
    case EcrMode::kEcp:
    case EcrMode::kTest:
    case EcrMode::kConfig: return registers_.chip().ecr;
    case EcrMode::kReserved: return false;
  }
  return false;
}

NtStatus ChipModes::TrySet(uint8_t mode) {
  if (current_ != kInitialChipMode) return NtStatus::kInvalidDeviceState;
  if (!Supports(mode)) return NtStatus::kNoSuchDevice;
  if (registers_.chip().ecr) registers_.SetEcr(hw::Ecr::FromValue(mode));
  current_ = mode;
  return NtStatus::kSuccess;
}

NtStatus ChipModes::Clear(uint8_t mode) {
  if (mode != current_) return NtStatus::kInvalidDeviceState;
  // Compatibility mode with both interrupts off (DEFAULT_ECR_COMPATIBILITY): 000 may be entered
  // from any mode.
  if (registers_.chip().ecr) registers_.SetEcr(hw::kDefaultEcrCompatibility);
  current_ = kInitialChipMode;
  return NtStatus::kSuccess;
}

}  // namespace parclass::port
