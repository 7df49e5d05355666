// RawPortIo: the checks before the kernel is asked for any port, ioperm's errors said as causes
// and fixes, and the register-to-port map. The instructions are x86_port_bus.cc's.

#include "parclass/backends/raw_io.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <string>
#include <utility>

#include "parclass/base/assert.h"
#include "parclass/hw/address.h"

namespace parclass::backends {

void PortBus::InBlock(uint16_t port, std::span<uint8_t> bytes) {
  for (uint8_t& byte : bytes) byte = In(port);
}

void PortBus::OutBlock(uint16_t port, std::span<const uint8_t> bytes) {
  for (const uint8_t byte : bytes) Out(port, byte);
}

namespace {

// The x86 I/O space: ports 0x0000-0xffff.
constexpr uint32_t kIoSpaceEnd = 0x10000;
// What a register reads as where nothing drives the bus.
constexpr uint8_t kFloatingBus = 0xff;
constexpr std::string_view kPpdevFix = "use the ppdev backend (ppdev:/dev/parport0)";

// A block of `span` ports from `first` fits below the end of the I/O space.
bool Fits(uint32_t first, uint32_t span) { return first + span <= kIoSpaceEnd; }

bool Overlap(uint32_t first_a, uint32_t span_a, uint32_t first_b, uint32_t span_b) {
  return first_a < first_b + span_b && first_b < first_a + span_a;
}

Result<void> CheckBase(uint16_t base) {
  if (base == 0) {
    return Error(Errc::kInvalidArgument,
                 "raw port base 0x0 is not a parallel port (ISA ports are at 0x378, 0x278 or "
                 "0x3bc; a PCI card's is its first I/O BAR, see raw:pci)");
  }
  if (!Fits(base, hw::kBaseBlockSpan)) {
    return Error(Errc::kInvalidArgument,
                 fmt::format("raw port base {:#x} leaves no room for its {} registers below {:#x}",
                             base, hw::kBaseBlockSpan, kIoSpaceEnd));
  }
  return Ok();
}

// Where the ECP block is: the given base, the ISA rule (base + 0x400), or none.
Result<std::optional<uint16_t>> ResolveEcpBase(const RawPortOptions& options) {
  const uint32_t isa_ecp_base = uint32_t{options.base} + hw::kIsaEcpBlockOffset;
  if (!options.ecp_base && !Fits(isa_ecp_base, hw::kEcpBlockSpan)) {
    return Error(Errc::kInvalidArgument,
                 fmt::format("the ECP block of raw port {:#x} would be at {:#x} by the ISA rule "
                             "(base + {:#x}), past the I/O space: give its ECP base, or none",
                             options.base, isa_ecp_base, hw::kIsaEcpBlockOffset));
  }
  const uint32_t ecp_base = options.ecp_base.value_or(isa_ecp_base);
  if (ecp_base == kNoEcpBlock) return std::optional<uint16_t>();
  if (!Fits(ecp_base, hw::kEcpBlockSpan)) {
    return Error(Errc::kInvalidArgument,
                 fmt::format("ECP base {:#x} leaves no room for its {} registers below {:#x}",
                             ecp_base, hw::kEcpBlockSpan, kIoSpaceEnd));
  }
  if (Overlap(options.base, hw::kBaseBlockSpan, ecp_base, hw::kEcpBlockSpan)) {
    return Error(
        Errc::kInvalidArgument,
        fmt::format("ECP base {:#x} overlaps the registers of raw port {:#x} ({:#x}-{:#x})",
                    ecp_base, options.base, options.base, options.base + hw::kBaseBlockSpan - 1));
  }
  return std::optional<uint16_t>(static_cast<uint16_t>(ecp_base));
}

// ioperm's failure for `what` ("raw port I/O at 0x378"), as a cause and a fix.
Error IopermError(int result, std::string_view what) {
  const std::string seen = fmt::format("ioperm: {}", ErrnoName(-result));
  switch (-result) {
    case EPERM:
    case EACCES:
      return {Errc::kPermissionDenied,
              fmt::format("{} needs root or CAP_SYS_RAWIO, and a kernel not in lockdown "
                          "({}): run as root, or {}",
                          what, seen, kPpdevFix)};
    case ENOSYS:
      return {Errc::kNotSupported,
              fmt::format("raw port I/O needs an x86 machine whose kernel has ioperm "
                          "(CONFIG_X86_IOPL_IOPERM) ({}); {}",
                          seen, kPpdevFix)};
    case EINVAL:
      return {Errc::kInvalidArgument,
              fmt::format("{}: the kernel refused the port range ({})", what, seen)};
    default: return {Errc::kIoError, fmt::format("{}: {}", what, seen)};
  }
}

}  // namespace

Result<std::unique_ptr<RawPortIo>> RawPortIo::Open(Syscalls& os, PortBus& bus,
                                                   RawPortOptions options) {
  PARCLASS_TRY(CheckBase(options.base));
  const std::optional<uint16_t> ecp_base = PARCLASS_TRY(ResolveEcpBase(options));

  const int base_granted = os.Ioperm(options.base, hw::kBaseBlockSpan, true);
  if (base_granted < 0) {
    return IopermError(base_granted, fmt::format("raw port I/O at {:#x}", options.base));
  }
  if (ecp_base) {
    const int ecp_granted = os.Ioperm(*ecp_base, hw::kEcpBlockSpan, true);
    if (ecp_granted < 0) {
      (void)os.Ioperm(options.base, hw::kBaseBlockSpan, false);
      return IopermError(ecp_granted, fmt::format("raw port I/O at {:#x} (the ECP block of {:#x})",
                                                  *ecp_base, options.base));
    }
  }
  return std::unique_ptr<RawPortIo>(new RawPortIo(os, bus, options.base, ecp_base));
}

RawPortIo::RawPortIo(Syscalls& os, PortBus& bus, uint16_t base, std::optional<uint16_t> ecp_base)
    : os_(os), bus_(bus), base_(base), ecp_base_(ecp_base) {}

// Failures are ignored: the permissions go with the process anyway.
RawPortIo::~RawPortIo() {
  if (ecp_base_) (void)os_.Ioperm(*ecp_base_, hw::kEcpBlockSpan, false);
  (void)os_.Ioperm(base_, hw::kBaseBlockSpan, false);
}

std::optional<uint16_t> RawPortIo::PortOf(hw::RegisterAddress address) const {
  PARCLASS_ASSERT(hw::IsValid(address), "register offset outside its block");
  if (address.block == hw::RegisterBlock::kBase)
    return static_cast<uint16_t>(base_ + address.offset);
  if (!ecp_base_) return std::nullopt;
  return static_cast<uint16_t>(*ecp_base_ + address.offset);
}

uint8_t RawPortIo::DoRead(hw::RegisterAddress address) {
  const std::optional<uint16_t> port = PortOf(address);
  return port ? bus_.In(*port) : kFloatingBus;
}

void RawPortIo::DoWrite(hw::RegisterAddress address, uint8_t value) {
  if (const std::optional<uint16_t> port = PortOf(address)) bus_.Out(*port, value);
}

// A wide block goes through RegisterIo's default, which splits it over DoRead/DoWrite.
void RawPortIo::DoReadBlock(hw::RegisterAddress address, hw::Width width,
                            std::span<uint8_t> bytes) {
  if (width != hw::Width::k8) {
    RegisterIo::DoReadBlock(address, width, bytes);
    return;
  }
  if (const std::optional<uint16_t> port = PortOf(address)) {
    bus_.InBlock(*port, bytes);
  } else {
    std::ranges::fill(bytes, kFloatingBus);
  }
}

void RawPortIo::DoWriteBlock(hw::RegisterAddress address, hw::Width width,
                             std::span<const uint8_t> bytes) {
  if (width != hw::Width::k8) {
    RegisterIo::DoWriteBlock(address, width, bytes);
    return;
  }
  if (const std::optional<uint16_t> port = PortOf(address)) bus_.OutBlock(*port, bytes);
}

}  // namespace parclass::backends
