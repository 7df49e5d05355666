// The IEEE 1284 request and link vocabulary (shared spec ieee1284.md 4.1 and 4.4), shared by the
// host's protocol engine, the simulator's peripherals and the backends, so that all of them speak
// of one request and one mode.
//
// An Ieee1284Request is the extensibility request byte as a value: the mode it asks for and its
// flags (the Device ID, run-length encoding, the extensibility link), each with a named accessor.
// The byte itself is for the edges only: byte() puts it on the wire (event 0) or in an ioctl's
// argument, FromByte() takes one from outside (a peripheral latching the data lines, a kernel
// mode number).
//
//   // The Device ID over nibble mode:
//   link.Negotiate(kNibbleRequest.with_device_id());
//   // ECP with run-length encoding, as the peripheral latched it at event 3:
//   const Ieee1284Request request = Ieee1284Request::FromByte(side.data());
//   request.IsEcp();                 // true for 0x10, 0x14, 0x18, 0x30 and 0x34
//   request.rle();                   // true for 0x30 and 0x34
//   LinkModeOf(request);             // LinkMode::kEcp
//   port.WriteData(request.byte());  // Event 0.
//
// LinkMode is the mode a link is in, as the engine and the peripheral models both keep it. The
// conformance checker keeps its own on purpose (conformance/checker.h): it judges both.

#ifndef PARCLASS_BASE_REQUESTS_H_
#define PARCLASS_BASE_REQUESTS_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "parclass/base/flags.h"

namespace parclass {

// The transfer mode a request asks for: the request byte's mode bits (ieee1284.md 4.1).
enum class RequestMode : uint8_t {
  kNibble = 0x00,
  kByte = 0x01,
  kEcp = 0x10,
  kBoundedEcp = 0x18,  // libieee1284's M1284_BECP; not in IEEE 1284, and Linux's -ENOSYS.
  kEpp = 0x40,
  kUndefined = 0xff,  // Mode bits IEEE 1284 does not define (0x02, 0x08, ...): never sent as such.
};

// The flag bits of a request byte.
enum class RequestFlag : uint8_t {
  kDeviceId = 0x04,           // With nibble, byte or ECP: the Device ID comes back.
  kRle = 0x20,                // With ECP: run-length encoding.
  kExtensibilityLink = 0x80,  // A second request byte follows (events 51-55).
};

using RequestFlags = Flags<RequestFlag>;

// An IEEE 1284 extensibility request.
class Ieee1284Request {
 public:
  constexpr explicit Ieee1284Request(RequestMode mode, RequestFlags flags = {})
      : byte_(static_cast<uint8_t>(static_cast<uint8_t>(mode) | flags.bits())) {}

  // A byte from outside (the data lines at event 3, a kernel's mode number): any byte, defined
  // or not.
  static constexpr Ieee1284Request FromByte(uint8_t byte) { return Ieee1284Request(byte); }
  // The byte on the wire.
  constexpr uint8_t byte() const { return byte_; }

  // The mode the request asks for; kUndefined for mode bits IEEE 1284 does not define. The
  // extensibility link's own request (0x80) asks for no mode: its second byte does.
  constexpr RequestMode mode() const {
    const auto bits = static_cast<uint8_t>(byte_ & kModeBits);
    switch (static_cast<RequestMode>(bits)) {
      case RequestMode::kNibble:
      case RequestMode::kByte:
      case RequestMode::kEcp:
      case RequestMode::kEpp: return static_cast<RequestMode>(bits);
      case RequestMode::kBoundedEcp:
        return device_id() || rle() ? RequestMode::kUndefined : RequestMode::kBoundedEcp;
      case RequestMode::kUndefined: break;
    }
    return RequestMode::kUndefined;
  }
  constexpr RequestFlags flags() const { return RequestFlags::FromBits(byte_ & ~kModeBits); }
  constexpr bool device_id() const { return flags().contains(RequestFlag::kDeviceId); }
  constexpr bool rle() const { return flags().contains(RequestFlag::kRle); }
  constexpr bool extensibility_link() const {
    return flags().contains(RequestFlag::kExtensibilityLink);
  }

  // Plain ECP, ECP with RLE or bounded ECP, with or without the Device ID; not on the link.
  constexpr bool IsEcp() const {
    if (extensibility_link()) return false;
    return mode() == RequestMode::kEcp || mode() == RequestMode::kBoundedEcp;
  }
  // Nibble or byte mode, with or without the Device ID: a reverse channel of status or data.
  constexpr bool IsReverseChannel() const {
    if (extensibility_link() || rle()) return false;
    return mode() == RequestMode::kNibble || mode() == RequestMode::kByte;
  }

  constexpr Ieee1284Request with_device_id() const {
    return FromByte(byte_ | static_cast<uint8_t>(RequestFlag::kDeviceId));
  }

  friend constexpr bool operator==(Ieee1284Request, Ieee1284Request) = default;

 private:
  static constexpr uint8_t kModeBits = 0b0101'1011;  // Bits 6, 4, 3, 1, 0.

  constexpr explicit Ieee1284Request(uint8_t byte) : byte_(byte) {}

  uint8_t byte_;
};

// The requests of ieee1284.md 4.1, by the names the callers use.
inline constexpr Ieee1284Request kNibbleRequest{RequestMode::kNibble};                  // 0x00
inline constexpr Ieee1284Request kByteRequest{RequestMode::kByte};                      // 0x01
inline constexpr Ieee1284Request kEcpRequest{RequestMode::kEcp};                        // 0x10
inline constexpr Ieee1284Request kBoundedEcpRequest{RequestMode::kBoundedEcp};          // 0x18
inline constexpr Ieee1284Request kEcpRleRequest{RequestMode::kEcp, RequestFlag::kRle};  // 0x30
inline constexpr Ieee1284Request kEppRequest{RequestMode::kEpp};                        // 0x40
inline constexpr Ieee1284Request kExtensibilityLinkRequest{
    RequestMode::kNibble, RequestFlag::kExtensibilityLink};  // 0x80

// The mode an IEEE 1284 link is in.
enum class LinkMode : uint8_t {
  kCompatibility,
  kNibble,
  kByte,
  kEcp,
  kEpp,
  kExtensibilityLink,  // Request 0x80 accepted; the extended request has not followed.
};

// "compatibility", "nibble", "byte", "ECP", "EPP", "extensibility link".
std::string_view LinkModeName(LinkMode mode);

// The mode a link is in once `request` is accepted; none for a request whose mode IEEE 1284 does
// not define.
constexpr std::optional<LinkMode> LinkModeOf(Ieee1284Request request) {
  if (request == kExtensibilityLinkRequest) return LinkMode::kExtensibilityLink;
  if (request.IsEcp()) return LinkMode::kEcp;
  if (request.IsReverseChannel()) {
    return request.mode() == RequestMode::kByte ? LinkMode::kByte : LinkMode::kNibble;
  }
  if (request == kEppRequest) return LinkMode::kEpp;
  return std::nullopt;
}

// A byte of an ECP transfer and what it is, as HostAck (forward) or PeriphAck (reverse) says at
// its cycle: data, or a command, which is a channel address (bit 7 set) or a run-length count
// (ieee1284.md 9.1 and 9.5). Through a chip's FIFO, data goes to ecpDFifo and commands to
// ecpAFifo.
enum class EcpKind : uint8_t { kData, kCommand };

struct EcpByte {
  uint8_t byte = 0;
  EcpKind kind = EcpKind::kData;

  constexpr bool command() const { return kind == EcpKind::kCommand; }
  friend constexpr bool operator==(EcpByte, EcpByte) = default;
};

}  // namespace parclass

#endif  // PARCLASS_BASE_REQUESTS_H_
