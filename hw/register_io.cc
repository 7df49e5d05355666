#include "parclass/hw/register_io.h"

#include "parclass/base/assert.h"

namespace parclass::hw {

AccessCounters::Counts& AccessCounters::Slot(RegisterAddress address) {
  PARCLASS_ASSERT(IsValid(address), "register offset outside its block");
  return address.block == RegisterBlock::kBase ? base_[address.offset] : ecp_[address.offset];
}

const AccessCounters::Counts& AccessCounters::Slot(RegisterAddress address) const {
  PARCLASS_ASSERT(IsValid(address), "register offset outside its block");
  return address.block == RegisterBlock::kBase ? base_[address.offset] : ecp_[address.offset];
}

uint64_t AccessCounters::total_reads() const {
  uint64_t total = 0;
  for (const Counts& counts : base_) total += counts.reads;
  for (const Counts& counts : ecp_) total += counts.reads;
  return total;
}

uint64_t AccessCounters::total_writes() const {
  uint64_t total = 0;
  for (const Counts& counts : base_) total += counts.writes;
  for (const Counts& counts : ecp_) total += counts.writes;
  return total;
}

uint8_t RegisterIo::Read(RegisterAddress address) {
  counters_.CountRead(address);
  return DoRead(address);
}

void RegisterIo::Write(RegisterAddress address, uint8_t value) {
  counters_.CountWrite(address);
  DoWrite(address, value);
}

void RegisterIo::ReadBlock(RegisterAddress address, Width width, std::span<uint8_t> bytes) {
  PARCLASS_ASSERT(bytes.size() % BytesOf(width) == 0, "block is not a whole number of accesses");
  counters_.CountRead(address, bytes.size() / BytesOf(width));
  DoReadBlock(address, width, bytes);
}

void RegisterIo::WriteBlock(RegisterAddress address, Width width, std::span<const uint8_t> bytes) {
  PARCLASS_ASSERT(bytes.size() % BytesOf(width) == 0, "block is not a whole number of accesses");
  counters_.CountWrite(address, bytes.size() / BytesOf(width));
  DoWriteBlock(address, width, bytes);
}

namespace {

// The register that byte `k` of a wide access lands on.
RegisterAddress ByteLane(RegisterAddress address, size_t k) {
  const RegisterAddress lane{address.block, static_cast<uint8_t>(address.offset + k)};
  PARCLASS_ASSERT(IsValid(lane), "wide access runs past the end of its block");
  return lane;
}

}  // namespace

void RegisterIo::DoReadBlock(RegisterAddress address, Width width, std::span<uint8_t> bytes) {
  for (size_t i = 0; i < bytes.size(); ++i)
    bytes[i] = DoRead(ByteLane(address, i % BytesOf(width)));
}

void RegisterIo::DoWriteBlock(RegisterAddress address, Width width,
                              std::span<const uint8_t> bytes) {
  for (size_t i = 0; i < bytes.size(); ++i)
    DoWrite(ByteLane(address, i % BytesOf(width)), bytes[i]);
}

}  // namespace parclass::hw
