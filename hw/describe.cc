#include "parclass/hw/describe.h"

#include <fmt/format.h>

#include "parclass/hw/ecp_regs.h"
#include "parclass/hw/spp_regs.h"

namespace parclass::hw {

std::string DescribeValue(RegisterAddress address, uint8_t value) {
  if (address == Dsr::kAddress) return Dsr::FromValue(value).Describe();
  if (address == Dcr::kAddress) return Dcr::FromValue(value).Describe();
  if (address == CnfgB::kAddress) return CnfgB::FromValue(value).Describe();
  if (address == Ecr::kAddress) return Ecr::FromValue(value).Describe();
  return fmt::format("{}={:#04x}", RegisterName(address), value);
}

}  // namespace parclass::hw
