// IEEE 1284 protocols as clients name them (the ntddpar.h mode bits, ProtocolMode), and what
// each is in the protocol engine: the request it negotiates and the path its transfers take
// (shared spec windows-parallel-interface.md 4.2, 5.1).
//
//   ProtocolModes host = HostProtocols(port.capabilities());
//   std::optional<ProtocolMode> write = FastestForward(offered & host & device);
//   link.set_allowed_paths(PathsOf(*write));
//
// The protocols and their engine counterparts:
//   CENTRONICS          compatibility mode in software, the plain handshake
//   IEEE_COMPATIBILITY  compatibility mode, through the chip's FIFO where it has one
//   NIBBLE, BYTE_BIDIR  nibble and byte mode (requests 0x00 and 0x01)
//   EPP_HW, EPP_SW      EPP (request 0x40) through the chip's cycles, or in software
//   ECP_HW_NOIRQ        ECP (request 0x10) through the chip's FIFO, polled
//   ECP_SW              ECP in software
// The host runs none of BOUNDED_ECP (its request, 0x18, is illegal in IEEE 1284), ECP_HW_IRQ (in
// user space there is no interrupt to wait on) and CHANNEL_NIBBLE (an IEEE 1284.4 transport).

#ifndef PARCLASS_BUS_PROTOCOL_H_
#define PARCLASS_BUS_PROTOCOL_H_

#include <cstdint>
#include <optional>
#include <string>

#include "parclass/bus/protocol_mode.h"
#include "parclass/hw/modes.h"
#include "parclass/ieee1284/link.h"

namespace parclass::bus {

// The protocols that carry data forward, and those that carry it back.
inline constexpr ProtocolModes kForwardProtocols =
    ProtocolModes(ProtocolMode::kCentronics) | ProtocolMode::kIeeeCompatibility | kEppAny | kEcpAny;
inline constexpr ProtocolModes kReverseProtocols = ProtocolModes(ProtocolMode::kNibble) |
                                                   ProtocolMode::kChannelNibble |
                                                   ProtocolMode::kByteBidir | kEppAny | kEcpAny;

// The defaults of a device (IOCTL_PAR_GET_DEFAULT_MODES): CENTRONICS forward, NIBBLE reverse.
inline constexpr ProtocolMode kDefaultWriteProtocol = ProtocolMode::kCentronics;
inline constexpr ProtocolMode kDefaultReadProtocol = ProtocolMode::kNibble;

// The protocols the host can run on a port with these capabilities.
ProtocolModes HostProtocols(hw::HardwareCapabilities capabilities);

// The fastest protocol in `modes` for each direction, in the DDI's order (BOUNDED_ECP,
// ECP_HW_NOIRQ, ECP_HW_IRQ, EPP_HW, EPP_SW, ECP_SW, then IEEE_COMPATIBILITY, CENTRONICS forward
// and BYTE_BIDIR, CHANNEL_NIBBLE, NIBBLE reverse); none if `modes` has none for it.
std::optional<ProtocolMode> FastestForward(ProtocolModes modes);
std::optional<ProtocolMode> FastestReverse(ProtocolModes modes);

// The request a protocol negotiates; none for the compatibility-mode protocols.
std::optional<Ieee1284Request> RequestOf(ProtocolMode protocol);
// The paths the engine may take for a protocol's transfers: the chip's for the protocol's own
// mode where the protocol is hardware-assisted, and the kernel's loops (every lane, as they run
// negotiation too) for all but the software-only ECP_SW and EPP_SW.
ieee1284::AllowedPaths PathsOf(ProtocolMode protocol);
// The link mode a protocol's transfers run in.
LinkMode LinkModeOf(ProtocolMode protocol);

// "ECP_HW_NOIRQ", "NIBBLE|BYTE_BIDIR", "NONE".
std::string ProtocolNames(ProtocolModes modes);

}  // namespace parclass::bus

#endif  // PARCLASS_BUS_PROTOCOL_H_
