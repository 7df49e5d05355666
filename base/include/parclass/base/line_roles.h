// The lines by the names each IEEE 1284 mode gives them (shared spec ieee1284.md 1.1).
//
// A line has one pin and one compatibility-mode name (lines.h), and a role in each mode: nAutoFd
// is HostBusy in negotiation and nibble mode, HostAck in ECP and nDataStb in EPP. Protocol code
// says which role it means, so that it reads like the standard's event descriptions; each role is
// the physical Line itself, so levels, sets and traces are unchanged.
//
//   // Event 47: nReverseRequest high.
//   port.SetLines(LineLevels().with(ecp_lines::kNReverseRequest, Level::kHigh));
//   // Event 9 (nibble mode): PtrClk low, the nibble is valid.
//   Await(link, 9, LineLevels().with(nibble_lines::kPtrClk, Level::kLow), deadline);
//
// The conformance checker does not use these names on purpose (conformance/checker.h).

#ifndef PARCLASS_BASE_LINE_ROLES_H_
#define PARCLASS_BASE_LINE_ROLES_H_

#include "parclass/base/lines.h"
#include "parclass/base/requests.h"

namespace parclass {

// Negotiation and termination (sections 4 and 5): the lines' names in the request and the reply.
namespace negotiation_lines {
inline constexpr Line kHostClk = Line::kNStrobe;  // Latches the request byte (events 3 and 51).
inline constexpr Line kHostBusy = Line::kNAutoFd;
inline constexpr Line k1284Active = Line::kNSelectIn;
inline constexpr Line kPtrClk = Line::kNAck;
inline constexpr Line kPtrBusy = Line::kBusy;
inline constexpr Line kAckDataReq = Line::kPError;
inline constexpr Line kXFlag = Line::kSelect;
inline constexpr Line kNDataAvail = Line::kNFault;
}  // namespace negotiation_lines

// Nibble and byte mode (sections 7 and 8).
namespace nibble_lines {
inline constexpr Line kHostClk = Line::kNStrobe;  // Byte mode: the per-byte acknowledgement.
inline constexpr Line kPtrClk = Line::kNAck;
inline constexpr Line kPtrBusy = Line::kBusy;       // Nibble: data bit 3 (and 7).
inline constexpr Line kAckDataReq = Line::kPError;  // Nibble: data bit 2 (and 6).
inline constexpr Line kXFlag = Line::kSelect;       // Nibble: data bit 1 (and 5).
inline constexpr Line kHostBusy = Line::kNAutoFd;
inline constexpr Line kNDataAvail = Line::kNFault;  // Nibble: data bit 0 (and 4).
inline constexpr Line k1284Active = Line::kNSelectIn;
}  // namespace nibble_lines
namespace byte_lines = nibble_lines;

// ECP (section 9).
namespace ecp_lines {
inline constexpr Line kHostClk = Line::kNStrobe;
inline constexpr Line kPeriphClk = Line::kNAck;
inline constexpr Line kPeriphAck = Line::kBusy;  // Reverse: high for data, low for a command.
inline constexpr Line kNAckReverse = Line::kPError;
inline constexpr Line kXFlag = Line::kSelect;
inline constexpr Line kHostAck = Line::kNAutoFd;  // Forward: high for data, low for a command.
inline constexpr Line kNPeriphRequest = Line::kNFault;
inline constexpr Line kNReverseRequest = Line::kNInit;
inline constexpr Line k1284Active = Line::kNSelectIn;

// HostAck's level for a forward byte of `kind`, and PeriphAck's for a reverse one: high for data,
// low for a command; and the kind a level says.
constexpr Level LevelOf(EcpKind kind) {
  return kind == EcpKind::kData ? Level::kHigh : Level::kLow;
}
constexpr EcpKind KindAt(Level level) {
  return level == Level::kHigh ? EcpKind::kData : EcpKind::kCommand;
}
}  // namespace ecp_lines

// EPP (section 10).
namespace epp_lines {
inline constexpr Line kNWrite = Line::kNStrobe;  // Low: a write cycle; high: a read cycle.
inline constexpr Line kIntr = Line::kNAck;
inline constexpr Line kNWait = Line::kBusy;
inline constexpr Line kNDataStb = Line::kNAutoFd;
inline constexpr Line kNInit = Line::kNInit;  // Low: reset (event 68).
inline constexpr Line kNAddrStb = Line::kNSelectIn;
}  // namespace epp_lines

}  // namespace parclass

#endif  // PARCLASS_BASE_LINE_ROLES_H_
