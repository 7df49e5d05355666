// The cross-check with a real kernel (qemu/sim-lab, docs/qemu.md "Cross-check"): the QEMU
// stage's Debian kernel drives parclass's simulated topology through QEMU's pass-through port.
//
// QEMU runs under libparclass_ppdev_preload.so, whose ppdev node backs QEMU's `-chardev parallel`
// with a simulated topology, so the guest's parport_pc, lp and ppdev talk to the simulated chip,
// daisy chain and printer. This header is what the guest's program (qemu_sim_guest) and the
// host's checker (qemu_sim_expected) share: the port and the job.
//
//   const std::vector<uint8_t> job = SimJob();  // the guest writes it to /dev/lpN; the host
//                                                // compares the printer's bytes with it
//
// The guest reports on its console, one line each, and the host checks every line against what
// the topology says (qemu_sim_expected facts):
//
//   @@DEVICE-ID 006a4d46473a...          the Device ID read through ppdev, nibble mode, in hex
//   @@DEVICE-ID-BYTE 006a4d46473a...     the same in byte mode
//   @@REVERSE-BYTE 16 40504a4c...        the first kSimByteReverseLimit bytes of the reverse
//                                        data, in byte mode: count, then hex
//   @@REVERSE 45 494e464f...             the rest of it, in nibble mode
//   @@EPP 40 9a01c3...                   EPP cycles through ppdev: the address register read back
//                                        after kSimEppLength data writes from kSimEppAddress, then
//                                        the data read back from there (hex)
//   @@UNKNOWN-IOCTL EINVAL EINVAL EINVAL what ppdev answers an ioctl it does not know (_IO('p', 1)
//                                        before and after PPCLAIM, and TCGETS after)
//   @@LP-WRITE 65536 ok                  what write() to /dev/lpN took, and how it ended (an
//                                        errno name: ENOSPC for paper out)
//   @@FIGURE lp-job bytes=65536 seconds=0.97 us_per_byte=14.8

#ifndef PARCLASS_QEMU_SIM_LAB_H_
#define PARCLASS_QEMU_SIM_LAB_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "parclass/qemu/patterns.h"

namespace parclass::qemu {

// QEMU's isa-parallel in pass-through mode, as `-device isa-parallel,iobase=0x378,irq=7`. IRQ 7
// is edge-triggered in QEMU's ACPI tables; in pass-through mode QEMU raises no interrupt at all.
inline constexpr uint16_t kSimLabBase = 0x378;
inline constexpr int kSimLabIrq = 7;

// The print job: Pattern(kSimJobSeed, kSimJobLength), every byte value included.
inline constexpr uint32_t kSimJobSeed = 11;
inline constexpr size_t kSimJobLength = size_t{64} * 1024;

// The most reverse data the guest asks for in one nibble-mode read, and first in byte mode.
inline constexpr size_t kSimReverseLimit = 4096;
inline constexpr size_t kSimByteReverseLimit = 16;

// The EPP round trip: kSimEppLength bytes of Pattern(kSimEppSeed, ...) written to the peripheral's
// data registers from kSimEppAddress on, then read back from there. The simulated EPP device's
// address register moves on by one per data cycle (sim/epp_channel.h).
inline constexpr uint8_t kSimEppAddress = 0x20;
inline constexpr uint32_t kSimEppSeed = 12;
inline constexpr size_t kSimEppLength = 32;

// An ioctl request ppdev does not know: _IO('p', 1) (ppdev's own start at 0x80).
inline constexpr unsigned long kSimUnknownIoctl = 0x7001;

// An errno as both sides spell it in the report lines: "EINVAL", "ok" for 0.
inline std::string ErrnoName(int error) {
  if (error == 0) return "ok";
  const char* name = strerrorname_np(error);
  return name != nullptr ? name : "errno " + std::to_string(error);
}

inline std::vector<uint8_t> SimJob() { return Pattern(kSimJobSeed, kSimJobLength); }
inline std::vector<uint8_t> SimEppData() { return Pattern(kSimEppSeed, kSimEppLength); }

}  // namespace parclass::qemu

#endif  // PARCLASS_QEMU_SIM_LAB_H_
