// Every register of the PC parallel port in one table: name, address, access, the ECR modes in
// which it answers at its address, and its fields. For tools that list or decode registers by
// name, and for tests that must cover every register.
//
//   for (const RegisterInfo& info : kRegisterCatalog) print(info.name, info.address);
//   const RegisterInfo* ecr = FindRegister("ecr");
//   DescribeRegister(ecr->name, 0x35, ecr->fields);   // "ecr=0x35 [mode=ps2 ... empty]"

#ifndef PARCLASS_HW_CATALOG_H_
#define PARCLASS_HW_CATALOG_H_

#include <array>
#include <span>
#include <string_view>

#include "parclass/hw/ecp_regs.h"
#include "parclass/hw/epp_regs.h"
#include "parclass/hw/register.h"
#include "parclass/hw/spp_regs.h"

namespace parclass::hw {

struct RegisterInfo {
  std::string_view name;
  RegisterAddress address;
  Access access;
  std::string_view ecr_modes;  // The ECR modes in which the register answers at its address.
  std::span<const Field> fields;
};

template <RegisterType R>
constexpr RegisterInfo InfoOf(std::string_view ecr_modes) {
  return {R::kName, R::kAddress, R::kAccess, ecr_modes, R::kFields};
}

inline constexpr std::array kRegisterCatalog = {
    InfoOf<Data>("spp ps2 (and without ECR)"),
    InfoOf<EcpAFifo>("ecp"),
    InfoOf<Dsr>("all"),
    InfoOf<Dcr>("all"),
    InfoOf<EppAddress>("epp (and EPP-only ports)"),
    InfoOf<EppData<0>>("epp (and EPP-only ports)"),
    InfoOf<EppData<1>>("epp (and EPP-only ports)"),
    InfoOf<EppData<2>>("epp (and EPP-only ports)"),
    InfoOf<EppData<3>>("epp (and EPP-only ports)"),
    InfoOf<CFifo>("fifo"),
    InfoOf<EcpDFifo>("ecp"),
    InfoOf<TFifo>("test"),
    InfoOf<CnfgA>("config"),
    InfoOf<CnfgB>("config"),
    InfoOf<Ecr>("all"),
};

// The catalog entry named `name` ("dsr", "epp_data2", ...), or null.
constexpr const RegisterInfo* FindRegister(std::string_view name) {
  for (const RegisterInfo& info : kRegisterCatalog) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

}  // namespace parclass::hw

#endif  // PARCLASS_HW_CATALOG_H_
