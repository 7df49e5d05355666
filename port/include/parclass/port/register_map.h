// RegisterMap: where a port's registers sit on the bus, as the information structures hand them
// out (PARALLEL_PORT_INFORMATION's Controller and SpanOfController, PARALLEL_PNP_INFORMATION's
// EcpController and SpanOfEcpController, PARCLASS_INFORMATION's Controller and EcrController;
// shared spec windows-parallel-interface.md 3.1, 3.3, 3.4, 5.6), and which register an access by
// a driver at one of those addresses reaches.
//
// A driver ported from Windows reads and writes the port with READ_PORT_UCHAR(Controller + 1)
// and the like; the holder's PortHandle::ReadRegister and its kin take that address and ask this
// map for the register behind it. What an access may do:
//
//   - a byte (Width::k8) at any address of the base span (data, dsr, dcr, EPP address and data
//     0-3) or of the ECP block (FIFO/cnfgA, cnfgB, ECR), where the port has one;
//   - a 16- or 32-bit access at the EPP data register on a chip with 32-bit EPP (the ISA bus
//     splits it into EPP data cycles, low byte first), and at the ECP FIFO where the chip's PWord
//     is that wide (one FIFO word per access). A wide access anywhere else would reach the next
//     registers as a side effect, and means nothing: it is refused.
//
//   RegisterMap map(0x378, 8, 0x778, {.ecr = true, .fifo_depth = 16}, EcpReach::kReachable);
//   map.Resolve(BusAddress{0x379}, hw::Width::k8);    // dsr
//   map.Resolve(BusAddress{0x77a}, hw::Width::k8);    // ecr
//   map.Resolve(BusAddress{0x379}, hw::Width::k16);   // kInvalidArgument: not a wide register
//   map.Resolve(BusAddress{0x380}, hw::Width::k8);    // kInvalidArgument: outside the spans

#ifndef PARCLASS_PORT_REGISTER_MAP_H_
#define PARCLASS_PORT_REGISTER_MAP_H_

#include <cstdint>

#include "parclass/base/result.h"
#include "parclass/hw/address.h"
#include "parclass/hw/chip_features.h"
#include "parclass/hw/register_io.h"

namespace parclass::port {

// An I/O address as a driver holds it: Controller (or EcpController) plus an offset.
struct BusAddress {
  uintptr_t value = 0;

  friend constexpr bool operator==(BusAddress, BusAddress) = default;
};

// Whether the backend reaches the ECP block: ppdev does not (its ioctls reach the data, status
// and control registers, and its EPP loops the EPP ones).
enum class EcpReach : uint8_t { kReachable, kOutOfReach };

class RegisterMap {
 public:
  // `base`, `span`: the SPP/EPP block; `ecp_base`: the ECP block's address, 0 where the port has
  // none; `chip`: what detection found (the ECR, the PWord, 32-bit EPP).
  RegisterMap(uint64_t base, uint32_t span, uint64_t ecp_base, const hw::ChipFeatures& chip,
              EcpReach reach);

  uintptr_t base() const { return base_; }
  uint32_t span() const { return span_; }
  // The ECP block as clients are told of it: its address and span (3, ECP_SPAN) where the chip
  // has an ECR and the backend reaches it, 0 and 0 otherwise.
  uintptr_t ecp_controller() const { return ecp_handed_out() ? ecp_base_ : 0; }
  uint32_t ecp_span() const { return ecp_handed_out() ? hw::kEcpBlockSpan : 0; }

  // Whether `address` is the port's: in its base span, or in its ECP block's (reachable or not),
  // so that an access there is this port's to refuse.
  bool Contains(BusAddress address) const;
  // The register an access of `width` at `address` reaches. Errors: kInvalidArgument (outside
  // the spans, or a width the register does not take), kNotSupported (the ECP block of a chip
  // without one, or of a backend that cannot reach it).
  Result<hw::RegisterAddress> Resolve(BusAddress address, hw::Width width) const;

 private:
  bool ecp_handed_out() const { return chip_.ecr && reach_ == EcpReach::kReachable; }
  bool InBaseBlock(BusAddress address) const;
  bool InEcpBlock(BusAddress address) const;
  Result<void> CheckWidth(hw::RegisterAddress address, hw::Width width) const;

  uintptr_t base_;
  uint32_t span_;  // At most the base block's 8 registers.
  uintptr_t ecp_base_;
  hw::ChipFeatures chip_;
  EcpReach reach_;
};

}  // namespace parclass::port

#endif  // PARCLASS_PORT_REGISTER_MAP_H_
