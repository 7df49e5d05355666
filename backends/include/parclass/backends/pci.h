// Parallel ports on PCI cards, found in sysfs, and the "raw:" port specification.
//
// A PCI parallel port is a function of class 0x0701 (communication controller, parallel) with
// programming interface 00 (SPP), 01 (bidirectional), 02 (ECP) or 03 (IEEE 1284 controller);
// 0xfe is an IEEE 1284 target, not a host port. Its registers are in I/O BARs, which the kernel
// lists in the function's sysfs `resource` file, one "start end flags" line per region: the first
// I/O BAR holds the SPP/EPP registers, the second, where there is one (NetMos/MosChip and Oxford
// cards), the ECP block. A card with one I/O BAR has no ECP block that parclass could find: base
// + 0x400 is another device's on a PCI machine, so it is not touched.
//
//   Result<std::vector<PciParallelPort>> found = FindPciParallelPorts();
//   for (const PciParallelPort& port : *found) fmt::print("{}\n", port.Format());
//   // "0000:05:00.0 9710:9865 parallel port (ECP) at 0xd010, ECP block at 0xd000"
//
//   ParseRawSpec("0x378");              // {.base = 0x378}: ECP block at 0x778 (ISA rule)
//   ParseRawSpec("0x278,none");         // {.base = 0x278, .ecp_base = kNoEcpBlock}
//   ParseRawSpec("pci:0000:05:00.0");   // that card's BARs
//
// The sysfs root is a parameter so that tests can build a tree of their own.

#ifndef PARCLASS_BACKENDS_PCI_H_
#define PARCLASS_BACKENDS_PCI_H_

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parclass/backends/raw_io.h"
#include "parclass/base/result.h"

namespace parclass::backends {

struct PciParallelPort {
  std::string slot;                  // "0000:05:00.0": domain:bus:device.function.
  uint32_t class_code = 0;           // 0x0701pp, pp the programming interface.
  uint16_t vendor = 0;               // 0x9710 (NetMos).
  uint16_t device = 0;               // 0x9865.
  uint16_t base = 0;                 // The first I/O BAR: SPP/EPP registers.
  std::optional<uint16_t> ecp_base;  // The second I/O BAR, if any: the ECP block.

  // "0000:05:00.0 9710:9865 parallel port (ECP) at 0xd010, ECP block at 0xd000"; "..., no ECP
  // block" for a card with one I/O BAR.
  std::string Format() const;
  // The options that open this port with RawPortIo; kNoEcpBlock where the card has none.
  RawPortOptions ToRawPortOptions() const;
};

// Every PCI parallel host port under `<sysfs>/bus/pci/devices`, sorted by slot. No PCI bus there
// is an empty list. A function with no usable I/O BAR (unassigned, or above 0xffff) is left out:
// in and out cannot reach it. A file that cannot be read or is not what the kernel writes is
// kIoError, naming the file.
Result<std::vector<PciParallelPort>> FindPciParallelPorts(
    const std::filesystem::path& sysfs = "/sys");

// The body of a "raw:" port argument:
//
//   0x378            base (hex with 0x, or decimal: 888); ECP block at base + 0x400
//   0x378,0x778      base and ECP base
//   0x378,none       base, and no ECP block (reads 0xff, writes dropped)
//   pci              the first PCI parallel port (by slot) in <sysfs>
//   pci:0000:05:00.0 the PCI parallel port in that slot ("pci:05:00.0" means domain 0000)
//
// Text of another form is kInvalidArgument, saying what was expected; a PCI port that is not
// there is kNoSuchDevice, listing those that are. The addresses themselves are checked by
// RawPortIo::Open.
Result<RawPortOptions> ParseRawSpec(std::string_view text,
                                    const std::filesystem::path& sysfs = "/sys");

}  // namespace parclass::backends

#endif  // PARCLASS_BACKENDS_PCI_H_
