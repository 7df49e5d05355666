// Human-readable decoding of a register access by address, for traces and test failures, when
// the register type is not known statically:
//
//   DescribeValue(Dcr::kAddress, 0x24);   // "dcr=0x24 [direction n_init]"
//   DescribeValue({RegisterBlock::kEcp, 0}, 0xaa);   // "cfifo/ecp_dfifo/tfifo/cnfga=0xaa"
//
// ECP+0 and base+0 change meaning with the ECR mode, so they are shown as plain values.

#ifndef PARCLASS_HW_DESCRIBE_H_
#define PARCLASS_HW_DESCRIBE_H_

#include <cstdint>
#include <string>

#include "parclass/hw/address.h"

namespace parclass::hw {

std::string DescribeValue(RegisterAddress address, uint8_t value);

}  // namespace parclass::hw

#endif  // PARCLASS_HW_DESCRIBE_H_
