// RegisterMap: bus addresses to registers, with the widths each register takes.

#include "parclass/port/register_map.h"

#include <fmt/format.h>

#include <algorithm>

#include "parclass/hw/ecp_regs.h"
#include "parclass/hw/epp_regs.h"

namespace parclass::port {

RegisterMap::RegisterMap(uint64_t base, uint32_t span, uint64_t ecp_base,
                         const hw::ChipFeatures& chip, EcpReach reach)
    : base_(static_cast<uintptr_t>(base)),
      span_(std::min<uint32_t>(span, hw::kBaseBlockSpan)),
      ecp_base_(static_cast<uintptr_t>(ecp_base)),
      chip_(chip),
      reach_(reach) {}

bool RegisterMap::InBaseBlock(BusAddress address) const {
  return address.value >= base_ && address.value - base_ < span_;
}

bool RegisterMap::InEcpBlock(BusAddress address) const {
  return ecp_base_ != 0 && address.value >= ecp_base_ &&
         address.value - ecp_base_ < hw::kEcpBlockSpan;
}

bool RegisterMap::Contains(BusAddress address) const {
  return InBaseBlock(address) || InEcpBlock(address);
}

Result<hw::RegisterAddress> RegisterMap::Resolve(BusAddress address, hw::Width width) const {
  hw::RegisterAddress reached{};
  if (InBaseBlock(address)) {
    reached = {hw::RegisterBlock::kBase, static_cast<uint8_t>(address.value - base_)};
  } else if (InEcpBlock(address)) {
    if (reach_ == EcpReach::kOutOfReach) {
      return Error(
          Errc::kNotSupported,
          fmt::format("{:#x} is in the ECP block, which this backend cannot reach", address.value));
    }
    if (!chip_.ecr) {
      return Error(Errc::kNotSupported,
                   fmt::format("{:#x} is in the ECP block, and the chip has none", address.value));
    }
    reached = {hw::RegisterBlock::kEcp, static_cast<uint8_t>(address.value - ecp_base_)};
  } else {
    return Error(Errc::kInvalidArgument,
                 fmt::format("{:#x} is outside the port's registers ({:#x}, {} bytes{})",
                             address.value, base_, span_,
                             ecp_handed_out() ? fmt::format("; {:#x}, 3 bytes", ecp_base_) : ""));
  }
  PARCLASS_TRY(CheckWidth(reached, width));
  return reached;
}

// A byte anywhere; a wider access only where the chip takes it as one: the EPP data register of
// a 32-bit EPP chip, the ECP FIFO at its PWord.
Result<void> RegisterMap::CheckWidth(hw::RegisterAddress address, hw::Width width) const {
  if (width == hw::Width::k8) return Ok();
  const bool epp_data = address == hw::EppData<0>::kAddress && chip_.epp32;
  const bool fifo_word = address == hw::CFifo::kAddress && chip_.fifo() &&
                         hw::WidthOfPWord(chip_.pword_bytes) == width;
  if (epp_data || fifo_word) return Ok();
  return Error(Errc::kInvalidArgument,
               fmt::format("{} takes no {}-bit access on this chip", hw::RegisterName(address),
                           hw::BytesOf(width) * 8));
}

}  // namespace parclass::port
