// The transfer operations of the link's current mode, and each path's implementations of them.
// Private to the engine.
//
// The table has the shape of Linux's struct parport_operations (compat_write_data,
// nibble_read_data, ecp_write_data, epp_read_addr, ...), cut down to the one mode the link is in:
// a write, a read, an address write and an address read, each with the path it runs on.
// ChooseOperations fills it when the link enters a mode and when the allowed paths change; Link's
// transfers call it and never ask which path. An operation a mode has no use for is empty.
//
//   link.ops.write = {&fifo::WriteEcp, TransferPath::kFifo};   // what ChooseOperations does
//   Run(link, link.ops.write, bytes, deadline);                // what WriteEcp does
//
// Each operation takes the link's state (link_state.h) and returns what the public transfer
// returns; one that fails in a negotiated mode terminates the link first, as the public
// transfers promise.

#ifndef PARCLASS_IEEE1284_TRANSFER_OPS_H_
#define PARCLASS_IEEE1284_TRANSFER_OPS_H_

#include <cstdint>
#include <span>

#include "parclass/base/clock.h"
#include "parclass/base/result.h"
#include "parclass/ieee1284/transfer_path.h"

namespace parclass::ieee1284 {

struct LinkState;

using WriteFunction = Result<size_t>(LinkState& link, std::span<const uint8_t> bytes,
                                     Deadline deadline);
using ReadFunction = Result<size_t>(LinkState& link, std::span<uint8_t> buffer, Deadline deadline);
using WriteAddressFunction = Result<void>(LinkState& link, uint8_t address, Deadline deadline);
using ReadAddressFunction = Result<uint8_t>(LinkState& link, Deadline deadline);

template <typename Function>
struct Operation {
  Function* run = nullptr;
  TransferPath path = TransferPath::kSoftware;
};

struct TransferOps {
  Operation<WriteFunction> write;                 // Compatibility, ECP or EPP data.
  Operation<ReadFunction> read;                   // Nibble, byte, ECP or EPP data.
  Operation<WriteAddressFunction> write_address;  // An ECP channel command, an EPP address.
  Operation<ReadAddressFunction> read_address;    // An EPP address.
};

// Fills link.ops for the link's mode from the paths allowed, the chip and the backend: the
// kernel's for a mode the kernel negotiated (and for compatibility mode, which has no negotiation,
// wherever the kernel is allowed), else the chip's where allowed and there, else software.
void ChooseOperations(LinkState& link);

// The engine, line by line (software.cc).
namespace software {
Result<size_t> WriteCompatibility(LinkState& link, std::span<const uint8_t> bytes,
                                  Deadline deadline);
Result<size_t> ReadNibble(LinkState& link, std::span<uint8_t> buffer, Deadline deadline);
Result<size_t> ReadByteMode(LinkState& link, std::span<uint8_t> buffer, Deadline deadline);
Result<size_t> WriteEcp(LinkState& link, std::span<const uint8_t> bytes, Deadline deadline);
Result<void> WriteEcpChannel(LinkState& link, uint8_t channel, Deadline deadline);
Result<size_t> ReadEcp(LinkState& link, std::span<uint8_t> buffer, Deadline deadline);
Result<size_t> WriteEpp(LinkState& link, std::span<const uint8_t> bytes, Deadline deadline);
Result<size_t> ReadEpp(LinkState& link, std::span<uint8_t> buffer, Deadline deadline);
Result<void> WriteEppAddress(LinkState& link, uint8_t address, Deadline deadline);
Result<uint8_t> ReadEppAddress(LinkState& link, Deadline deadline);
}  // namespace software

// The chip's FIFO (fifo.cc): compatibility mode in ECR 010, ECP both ways in 011.
namespace fifo {
Result<size_t> WriteCompatibility(LinkState& link, std::span<const uint8_t> bytes,
                                  Deadline deadline);
Result<size_t> WriteEcp(LinkState& link, std::span<const uint8_t> bytes, Deadline deadline);
Result<size_t> ReadEcp(LinkState& link, std::span<uint8_t> buffer, Deadline deadline);
}  // namespace fifo

// The chip's EPP cycles (chip_epp.cc). The chip bounds each cycle itself (about 10 us): the
// transfer's deadline is not looked at.
namespace chip_epp {
Result<size_t> Write(LinkState& link, std::span<const uint8_t> bytes, Deadline deadline);
Result<size_t> Read(LinkState& link, std::span<uint8_t> buffer, Deadline deadline);
Result<void> WriteAddress(LinkState& link, uint8_t address, Deadline deadline);
Result<uint8_t> ReadAddress(LinkState& link, Deadline deadline);
}  // namespace chip_epp

// The backend's kernel loops (kernel.cc): whole buffers in the mode the kernel negotiated.
namespace kernel {
Result<size_t> Write(LinkState& link, std::span<const uint8_t> bytes, Deadline deadline);
Result<size_t> Read(LinkState& link, std::span<uint8_t> buffer, Deadline deadline);
}  // namespace kernel

}  // namespace parclass::ieee1284

#endif  // PARCLASS_IEEE1284_TRANSFER_OPS_H_
