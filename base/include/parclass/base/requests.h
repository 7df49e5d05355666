// The request bytes of IEEE 1284 negotiation (shared spec ieee1284.md 4.1), shared by the host's
// protocol engine and the simulator's peripherals so that both speak the same bytes.
//
//   // The Device ID over nibble mode:
//   link.Negotiate(request_byte::kNibble | request_byte::kDeviceIdFlag);

#ifndef PARCLASS_BASE_REQUESTS_H_
#define PARCLASS_BASE_REQUESTS_H_

#include <cstdint>

namespace parclass::request_byte {

inline constexpr uint8_t kNibble = 0x00;
inline constexpr uint8_t kByte = 0x01;
inline constexpr uint8_t kDeviceIdFlag = 0x04;  // With nibble, byte or ECP: the Device ID.
inline constexpr uint8_t kEcp = 0x10;
inline constexpr uint8_t kBoundedEcp = 0x18;  // libieee1284's M1284_BECP.
inline constexpr uint8_t kEcpRle = 0x30;
inline constexpr uint8_t kEpp = 0x40;
inline constexpr uint8_t kExtensibilityLink = 0x80;  // A second request byte follows.

}  // namespace parclass::request_byte

#endif  // PARCLASS_BASE_REQUESTS_H_
