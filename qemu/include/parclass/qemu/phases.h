// The QEMU stage's emulated ports and phases: what the guest writes to each port, in order.
//
// This table is the one place both sides read. In the guest, qemu_guest_test runs one test per
// phase, in table order, writing Pattern(seed, length) to the port at `base` with the phase's
// writer, between "@@MARK <name>" and "@@MARK <name>-end" console lines. On the host,
// qemu_expected concatenates each port's phases into the file QEMU should have produced, and
// qemu/lab boots QEMU with kPorts, compares the files with cmp and, with --trace, divides each
// phase's port accesses by its length.
//
// To add a phase, add a row below; a new kind of writer is a Writer value, its WriterName and its
// case in qemu/guest/writers.cc:
//
//   {.name = "ppdev-compat", .writer = Writer::kPpdevCompat, .base = 0x378, .seed = 3,
//    .length = 4096},
//
// Everything a phase writes must reach the port (QEMU drops nothing it strobes), so a writer
// that can fail half-way reports how far it got and the file comparison shows the rest.

#ifndef PARCLASS_QEMU_PHASES_H_
#define PARCLASS_QEMU_PHASES_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "parclass/qemu/patterns.h"

namespace parclass::qemu {

// One of QEMU's isa-parallel devices, with its host-side chardev file.
struct EmulatedPort {
  std::string_view id;  // QEMU's chardev id, and the file <out>/<id>.bin.
  uint16_t base;        // I/O base; the guest kernel reports it in decimal (888 for 0x378).
  int irq;              // Edge-triggered ISA IRQ. Never 5, 9, 10 or 11: docs/qemu.md.
};

// The guest's ports. ACPI enumerates them in reverse (0x278 becomes parport0), so the guest finds
// them by base address, never by number.
inline constexpr EmulatedPort kPorts[] = {
    {.id = "lpt0", .base = 0x378, .irq = 7},
    {.id = "lpt1", .base = 0x278, .irq = 3},
};

// How a phase's bytes reach the port.
enum class Writer : uint8_t {
  kLpDriver,  // write() to /dev/lpN: the kernel's lp driver strobes the bytes (6 accesses each).
  // The project's paths, compatibility mode each. The engine's handshake over ppdev's register
  // ioctls; the kernel's loop behind ppdev (write(), a KiB per call); the engine's handshake over
  // inb/outb.
  kPpdevRegisters,
  kPpdevKernel,
  kRawRegisters,
  // parctl, the whole stack (port, bus, device), as a user runs it: `parctl write LPT1 FILE
  // --backend ppdev:/dev/parportN` (CENTRONICS, in the kernel's loop).
  kParctlPpdev,
  // Two processes sharing the port through PPCLAIM and PPRELEASE: the first writes the first
  // half, releases, and the second, whose claim waited, writes the rest.
  kPpdevShared,
  // The whole stack as parctl-ppdev, on a system opened with EnableConnectInterruptIoctl: the
  // library's ppdev interrupt thread runs beside the kernel's loop, and a service routine
  // connected through a port handle counts the nAck interrupts QEMU's port raises.
  kPpdevInterrupts,
};

constexpr std::string_view WriterName(Writer writer) {
  switch (writer) {
    case Writer::kLpDriver: return "lp driver";
    case Writer::kPpdevRegisters: return "ppdev registers";
    case Writer::kPpdevKernel: return "ppdev kernel loop";
    case Writer::kRawRegisters: return "raw port I/O";
    case Writer::kParctlPpdev: return "parctl on ppdev";
    case Writer::kPpdevShared: return "ppdev, two processes";
    case Writer::kPpdevInterrupts: return "ppdev with interrupts";
  }
  return "?";
}

struct Phase {
  std::string_view name;  // Console marker and test name: lower case, digits and '-'.
  Writer writer;
  uint16_t base;  // The port written, one of kPorts.
  uint32_t seed;  // Pattern(seed, length) is what the port receives.
  size_t length;
};

// In the order the guest runs them.
inline constexpr Phase kPhases[] = {
    // The baseline every backend is measured against: the kernel's own printer driver on the
    // interrupt-driven port at 0x378.
    {.name = "lp-baseline",
     .writer = Writer::kLpDriver,
     .base = 0x378,
     .seed = 1,
     .length = size_t{64} * 1024},
    // The second port, interrupt-driven on IRQ 3.
    {.name = "lp-second-port",
     .writer = Writer::kLpDriver,
     .base = 0x278,
     .seed = 2,
     .length = 1024},
    {.name = "ppdev-registers",
     .writer = Writer::kPpdevRegisters,
     .base = 0x378,
     .seed = 3,
     .length = size_t{64} * 1024},
    {.name = "ppdev-kernel",
     .writer = Writer::kPpdevKernel,
     .base = 0x378,
     .seed = 4,
     .length = size_t{64} * 1024},
    {.name = "raw-registers",
     .writer = Writer::kRawRegisters,
     .base = 0x378,
     .seed = 5,
     .length = size_t{64} * 1024},
    {.name = "parctl-ppdev",
     .writer = Writer::kParctlPpdev,
     .base = 0x378,
     .seed = 6,
     .length = size_t{16} * 1024},
    {.name = "ppdev-shared",
     .writer = Writer::kPpdevShared,
     .base = 0x378,
     .seed = 7,
     .length = size_t{8} * 1024},
    {.name = "ppdev-interrupts",
     .writer = Writer::kPpdevInterrupts,
     .base = 0x378,
     .seed = 8,
     .length = size_t{16} * 1024},
};

// The port at `base`, or nullptr.
constexpr const EmulatedPort* FindPort(uint16_t base) {
  for (const EmulatedPort& port : kPorts) {
    if (port.base == base) return &port;
  }
  return nullptr;
}

// The bytes the phase writes.
inline std::vector<uint8_t> PhaseBytes(const Phase& phase) {
  return Pattern(phase.seed, phase.length);
}

// Everything the guest writes to `port`, in order: what QEMU's file must hold after the run.
inline std::vector<uint8_t> ExpectedStream(const EmulatedPort& port,
                                           std::span<const Phase> phases = kPhases) {
  std::vector<uint8_t> stream;
  for (const Phase& phase : phases) {
    if (phase.base != port.base) continue;
    const std::vector<uint8_t> bytes = PhaseBytes(phase);
    stream.insert(stream.end(), bytes.begin(), bytes.end());
  }
  return stream;
}

}  // namespace parclass::qemu

#endif  // PARCLASS_QEMU_PHASES_H_
