#include "parclass/hw/address.h"

#include <array>

#include "parclass/base/assert.h"

namespace parclass::hw {

std::string_view RegisterName(RegisterAddress address) {
  PARCLASS_ASSERT(IsValid(address), "register offset outside its block");
  static constexpr std::array<std::string_view, kBaseBlockSpan> kBaseNames = {
      "data/ecp_afifo", "dsr",       "dcr",       "epp_address",
      "epp_data0",      "epp_data1", "epp_data2", "epp_data3"};
  static constexpr std::array<std::string_view, kEcpBlockSpan> kEcpNames = {
      "cfifo/ecp_dfifo/tfifo/cnfga", "cnfgb", "ecr"};
  return address.block == RegisterBlock::kBase ? kBaseNames[address.offset]
                                               : kEcpNames[address.offset];
}

}  // namespace parclass::hw
