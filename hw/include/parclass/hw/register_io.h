// RegisterIo: the one way parclass reaches a parallel port's registers.
//
// Every backend implements it: the simulator (sim/), ppdev and raw port I/O (backends/), and the
// MockIo of hw/testing. Drivers take a RegisterIo& and never know which one they have.
//
// The public entry points are not virtual: they count every access per register before handing it
// to the implementation, so that any layer can report bus accesses per byte, whatever the backend.
//
//   uint8_t status = io.Read(Dsr::kAddress);
//   io.Write(Dcr::kAddress, 0b0000'0100);
//   io.WriteBlock(EppData<0>::kAddress, Width::k32, bytes);   // bytes.size() / 4 accesses
//   io.counters().total();                                    // accesses so far

#ifndef PARCLASS_HW_REGISTER_IO_H_
#define PARCLASS_HW_REGISTER_IO_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>

#include "parclass/base/result.h"
#include "parclass/hw/address.h"

namespace parclass::hw {

// The width of one bus access. A 16- or 32-bit access to an 8-bit port is split by the bus into
// byte accesses to consecutive addresses, low byte first; the EPP data registers 1-3 exist for
// exactly that.
enum class Width : uint8_t { k8 = 1, k16 = 2, k32 = 4 };

constexpr size_t BytesOf(Width width) { return static_cast<size_t>(width); }

// The access width of a FIFO PWord of `bytes` bytes (cnfgA's PWord: 1, 2 or 4; an unknown size is
// taken as 8-bit, as Linux does).
constexpr Width WidthOfPWord(int bytes) {
  switch (bytes) {
    case 2: return Width::k16;
    case 4: return Width::k32;
    default: return Width::k8;
  }
}

// Reads and writes per register, since construction or the last Reset().
class AccessCounters {
 public:
  uint64_t reads(RegisterAddress address) const { return Slot(address).reads; }
  uint64_t writes(RegisterAddress address) const { return Slot(address).writes; }
  uint64_t total_reads() const;
  uint64_t total_writes() const;
  uint64_t total() const { return total_reads() + total_writes(); }

  void CountRead(RegisterAddress address, uint64_t accesses = 1) {
    Slot(address).reads += accesses;
  }
  void CountWrite(RegisterAddress address, uint64_t accesses = 1) {
    Slot(address).writes += accesses;
  }
  void Reset() {
    base_ = {};
    ecp_ = {};
  }

 private:
  struct Counts {
    uint64_t reads = 0;
    uint64_t writes = 0;
  };
  Counts& Slot(RegisterAddress address);
  const Counts& Slot(RegisterAddress address) const;

  std::array<Counts, kBaseBlockSpan> base_{};
  std::array<Counts, kEcpBlockSpan> ecp_{};
};

class RegisterIo {
 public:
  virtual ~RegisterIo() = default;

  uint8_t Read(RegisterAddress address);
  void Write(RegisterAddress address, uint8_t value);

  // String transfers: repeated accesses of `width` to one register, as the EPP and ECP FIFO
  // paths do. `bytes.size()` must be a multiple of the width; each access moves one width's
  // worth of bytes, little-endian.
  void ReadBlock(RegisterAddress address, Width width, std::span<uint8_t> bytes);
  void WriteBlock(RegisterAddress address, Width width, std::span<const uint8_t> bytes);

  const AccessCounters& counters() const { return counters_; }
  void ResetCounters() { counters_.Reset(); }

  // The first failure of a backend that can fail under a register access (ppdev: an ioctl on a
  // port that vanished), which reads as a floating bus (0xff) meanwhile. Register access is
  // infallible at this interface, so whoever reports a request's outcome looks here: once set,
  // every outcome on this port is this failure. None on the simulator and on raw port I/O.
  const std::optional<Error>& failure() const { return failure_; }

 protected:
  // Keeps `error` unless a failure is kept already.
  void RecordFailure(Error error) {
    if (!failure_) failure_ = std::move(error);
  }

  virtual uint8_t DoRead(RegisterAddress address) = 0;
  virtual void DoWrite(RegisterAddress address, uint8_t value) = 0;
  // By default a block is done as the bus would do it on an 8-bit device: byte k of each access
  // goes to offset + k. Backends with a faster path (rep insb, ppdev read()) override these.
  virtual void DoReadBlock(RegisterAddress address, Width width, std::span<uint8_t> bytes);
  virtual void DoWriteBlock(RegisterAddress address, Width width, std::span<const uint8_t> bytes);

 private:
  AccessCounters counters_;
  std::optional<Error> failure_;
};

}  // namespace parclass::hw

#endif  // PARCLASS_HW_REGISTER_IO_H_
