// The IEEE 1284 protocol modes a client negotiates for a device, with the exact values of the
// Windows header (ntddpar.h; shared spec windows-parallel-interface.md section 5.1). They are the
// bus layer's vocabulary: the devices, their requests and the tools speak of them; the protocol
// engine below speaks of requests and link modes (base/requests.h), and protocol.h maps one to
// the other.
//
//   ProtocolModes modes = ProtocolModes(ProtocolMode::kNibble) | ProtocolMode::kByteBidir;
//   modes.intersects(kEcpAny);                            // false

#ifndef PARCLASS_BUS_PROTOCOL_MODE_H_
#define PARCLASS_BUS_PROTOCOL_MODE_H_

#include <cstdint>

#include "parclass/base/flags.h"

namespace parclass::bus {

// IEEE 1284 protocol modes (ntddpar.h), as negotiated for a device.
enum class ProtocolMode : uint16_t {
  kNone = 0x0000,
  kCentronics = 0x0001,         // Forward: plain Centronics handshake.
  kIeeeCompatibility = 0x0002,  // Forward: IEEE 1284 compatibility mode.
  kNibble = 0x0004,             // Reverse.
  kChannelNibble = 0x0008,      // Reverse.
  kByteBidir = 0x0010,          // Reverse.
  kEppHw = 0x0020,              // Both directions.
  kEppSw = 0x0040,
  kBoundedEcp = 0x0080,
  kEcpHwNoIrq = 0x0100,  // Hardware ECP with programmed I/O.
  kEcpHwIrq = 0x0200,    // Hardware ECP with an interrupt.
  kEcpSw = 0x0400,
};

using ProtocolModes = Flags<ProtocolMode>;

inline constexpr ProtocolModes kEppAny = ProtocolModes(ProtocolMode::kEppHw) | ProtocolMode::kEppSw;
inline constexpr ProtocolModes kEcpAny = ProtocolModes(ProtocolMode::kBoundedEcp) |
                                         ProtocolMode::kEcpHwNoIrq | ProtocolMode::kEcpHwIrq |
                                         ProtocolMode::kEcpSw;

}  // namespace parclass::bus

#endif  // PARCLASS_BUS_PROTOCOL_MODE_H_
