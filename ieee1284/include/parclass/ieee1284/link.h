// Link: the host side of IEEE 1284 over a HostPort (shared spec ieee1284.md sections 4-8): it
// negotiates modes, terminates back to compatibility mode, and moves data in every mode, keeping
// track of the mode and phase it left the link in.
//
// Every transfer returns the number of bytes moved; when one fails part way, the error carries
// that number (bytes_done) together with the phase, the IEEE event and the lines expected and
// seen. Each wait on the peripheral is bounded by tL (35 ms by default, the standard's response
// limit) and by the transfer's own deadline, whichever is first.
//
//   HostPort port(io, clock);
//   Link link(port);
//   PARCLASS_TRY(link.Negotiate(kNibbleRequest));
//   size_t got = PARCLASS_TRY(link.ReadNibble(buffer, Deadline::After(clock, 1s)));
//   PARCLASS_TRY(link.Terminate());
//   size_t sent = PARCLASS_TRY(link.WriteCompatibility(bytes, deadline));
//   link.last_path();   // TransferPath::kFifo if the chip has a FIFO, else kSoftware
//
// Transfer paths. Each transfer runs on one of four paths (transfer_path.h): the engine driving
// the lines itself; the chip's FIFO (compatibility from ECR 010, ECP both ways in 011); the chip's
// EPP cycles (base+3..7, 32 bits at a time where it can); or, on a backend whose operating system
// runs IEEE 1284 itself (HostPort::kernel(), Linux ppdev), the kernel's loops, a buffer per
// system call. Handshakes no chip runs (negotiation, termination, turnarounds, nibble and byte
// mode) are the engine's, or the kernel's.
//
// The path is chosen once, not on every call: when the link enters a mode (a negotiation
// accepted, by the engine or the kernel, or a termination back to compatibility mode) and when
// set_allowed_paths() changes what is allowed, the link fills a table of the mode's operations
// (write, read, address write, address read), each from one path, in the shape of Linux's
// struct parport_operations; a transfer calls its operation. A path is taken where it is allowed
// and the chip (HostPort's ChipFeatures, as they are when the table is filled) or the backend has
// it: the kernel for compatibility mode where its lane allows it, and for a mode it negotiated,
// which is every mode whose lanes allow it and that it knows (a request it has no mode for is
// negotiated by the engine, which then runs the mode); else the chip's path; else software.
// last_path() says which path the last transfer took.
//
// Link keeps negotiation, termination, the mode and the phase; the paths' operations live beside
// it, one file per path, and take the link's state as Linux's take a struct parport.

#ifndef PARCLASS_IEEE1284_LINK_H_
#define PARCLASS_IEEE1284_LINK_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "parclass/base/phase.h"
#include "parclass/base/requests.h"
#include "parclass/base/result.h"
#include "parclass/ieee1284/host_port.h"
#include "parclass/ieee1284/transfer_path.h"

namespace parclass::ieee1284 {

// Timings, citing ieee1284.md section 13.
struct Timing {
  Nanoseconds tl = std::chrono::milliseconds(35);                 // Peripheral response limit.
  Nanoseconds data_setup = std::chrono::microseconds(1);          // Linux: 1 us (IEEE: 750 ns).
  Nanoseconds strobe_width = std::chrono::microseconds(1);        // Linux: 1 us compatibility.
  Nanoseconds negotiation_strobe = std::chrono::microseconds(1);  // >= 0.5 us (theiling.de).
  Nanoseconds byte_ack_width = std::chrono::microseconds(1);      // Events 16-17 (FreeBSD: 3 us).
  Nanoseconds epp_reset = std::chrono::microseconds(50);          // Event 68 nInit pulse (Linux).
  // The chip's handshake of one byte once it has left the FIFO, the peripheral permitting (SMSC
  // Parallel Port FIFO: 600 ns setup, 600 ns strobe, 450 ns hold). The engine leaves a FIFO mode
  // no sooner than this (or a measured byte time, if longer) after the FIFO went empty.
  Nanoseconds fifo_handshake = std::chrono::microseconds(2);
};

// The lane of a mode's transfers in `direction`: ECP has one each way; compatibility mode
// (forward), nibble and byte mode (reverse) and EPP (both ways) have one. The extensibility link,
// which has no transfers, is negotiated from compatibility mode and has its lane.
Lane LaneOf(LinkMode mode, Direction direction);

// The reverse channels a Device ID can be read over.
enum class ReverseMode : uint8_t { kNibble, kByte, kEcp };

struct Negotiated {
  Ieee1284Request request;
  bool xflag;  // Select at event 6.
};

struct LinkState;  // The link's state and its handshakes' shared steps; private to the engine.

class Link {
 public:
  explicit Link(HostPort& port, Timing timing = {});
  ~Link();
  Link(Link&&) noexcept;
  Link& operator=(Link&&) noexcept;

  LinkMode mode() const;
  Phase phase() const;
  const Timing& timing() const;
  // The path the last transfer took.
  TransferPath last_path() const;
  const AllowedPaths& allowed_paths() const;
  // The paths each lane may take from the next transfer on, in the current mode too.
  void set_allowed_paths(AllowedPaths paths);

  // Events 0-6 (and 30-31 for ECP), terminating first if the link is not in compatibility mode.
  // Errors: kNotIeee1284 (no event 2; the link stays in compatibility mode), kRejected (XFlag
  // said no; the link is terminated), kTimeout (no event 6; the link is terminated).
  Result<Negotiated> Negotiate(Ieee1284Request request);
  // The extensibility link (section 4.4): negotiates request 0x80, then sends `request` (not
  // itself on the link) as the second byte (events 51-55). The same errors as Negotiate, at events
  // 52-55; a refused extended request (XFlag low at event 54) is kRejected and terminated. An
  // extended request that names a mode the engine knows (0x10 for ECP, say) leaves the link in that
  // mode.
  Result<Negotiated> NegotiateExtended(Ieee1284Request request);
  // Events 22-28 back to compatibility mode. The link is in compatibility mode afterwards even if
  // the peripheral did not complete the handshake (dropping nSelectIn already returned it there).
  Result<void> Terminate();

  // Compatibility mode (section 6.1): waits for Busy low before each byte; stops with
  // kPeripheralError when the peripheral reports paper out, off-line or a fault while busy.
  // Through the FIFO (6.2) the chip does the waiting; a FIFO the peripheral stops draining is
  // frozen and counted, so that the bytes done are the bytes the peripheral took.
  Result<size_t> WriteCompatibility(std::span<const uint8_t> bytes, Deadline deadline);
  // Nibble and byte modes (sections 7, 8): reads until `buffer` is full or the peripheral has no
  // more data (then the link goes to reverse idle); returns the bytes read.
  Result<size_t> ReadNibble(std::span<uint8_t> buffer, Deadline deadline);
  Result<size_t> ReadByteMode(std::span<uint8_t> buffer, Deadline deadline);

  // ECP (section 9). Forward: data bytes with HostAck high; with RLE negotiated (request 0x30),
  // runs of three or more equal bytes go as a run-length count and one byte.
  Result<size_t> WriteEcp(std::span<const uint8_t> bytes, Deadline deadline);
  // A channel address command (0-127) for the data that follows; in software on every path.
  Result<void> WriteEcpChannel(uint8_t channel, Deadline deadline);
  // Reverse: turns the link around if it is forward (events 38-40), then reads, expanding
  // run-length counts, until the buffer is full, the peripheral has no more data (nPeriphRequest
  // high), or a channel address arrives, which ends the read (see reverse_channel()). A count
  // whose run does not fit in the buffer is left unacknowledged for the next read.
  Result<size_t> ReadEcp(std::span<uint8_t> buffer, Deadline deadline);
  // EPP (section 10): data and address cycles, each bounded by the transfer's deadline and tL.
  // The link must have negotiated EPP (request 0x40).
  Result<size_t> WriteEpp(std::span<const uint8_t> bytes, Deadline deadline);
  Result<size_t> ReadEpp(std::span<uint8_t> buffer, Deadline deadline);
  // Address cycles run in the engine (or the chip) even in a mode the kernel negotiated.
  Result<void> WriteEppAddress(uint8_t address, Deadline deadline);
  Result<uint8_t> ReadEppAddress(Deadline deadline);

  // The Device ID over `mode` (section 11.1): terminates (so the ID starts from its beginning),
  // negotiates the Device ID request, reads the two length bytes and then up to each candidate
  // length in turn (DeviceIdCandidateLengths), stopping when the text ends in ';' or the
  // peripheral has no more data, and terminates again. Returns the bytes as sent, length bytes
  // included; SplitDeviceId and ParseDeviceId take them apart.
  Result<std::vector<uint8_t>> ReadDeviceId(ReverseMode mode, Deadline deadline);
  // Reads in the negotiated reverse mode, which must be `mode`.
  Result<size_t> ReadReverse(ReverseMode mode, std::span<uint8_t> buffer, Deadline deadline);

  // ECP turnarounds on request (sections 9.2 and 9.4): reverse idle or forward idle, whichever
  // the link is not in yet. The transfers turn the link around themselves; these are for a
  // client that wants the link in one direction before it moves data.
  Result<void> TurnEcpToReverse(Deadline deadline);
  Result<void> TurnEcpToForward();

  // The last channel address the peripheral sent in reverse, if any.
  std::optional<uint8_t> reverse_channel() const;
  bool ecp_reverse() const;
  // Reverse ECP bytes the chip took that no read has returned yet.
  size_t reverse_pending() const;

 private:
  std::unique_ptr<LinkState> state_;
};

// The nibble encoded on the status lines (ieee1284.md 7.1): nFault D0, Select D1, PError D2,
// Busy D3, at pin level.
uint8_t NibbleOf(LineLevels status);

}  // namespace parclass::ieee1284

#endif  // PARCLASS_IEEE1284_LINK_H_
