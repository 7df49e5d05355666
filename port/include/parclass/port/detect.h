// Capability detection: what a PC parallel-port chip can do, found by probing its registers with
// Linux parport_pc's algorithms (shared spec ieee1284.md section 3), reported for the protocol
// engine (hw::ChipFeatures) and as the Windows PPT_* flags (windows-parallel-interface.md 5.4).
//
// Detection leaves an attached device alone: it never strobes, never moves nSelectIn, nInit or
// nAutoFd, and puts the data latch, the control register and the ECR back as it found them (the
// FIFO is left empty). It does drive test patterns on the data lines, which a device only takes
// on a strobe, and it chooses them so that no IEEE 1284.3 daisy-chain device sees the start of a
// command packet. The port should be idle: a FIFO mid-transfer is found as "no ECR".
//
//   hw::PortRegisters registers(io);
//   Result<Detection> found = Detect(registers, clock);
//   if (!found) return found.error();           // Errc::kNoSuchDevice: nothing at this address
//   ieee1284::HostPort port(registers, clock);  // registers.chip() is found->features
//   if (found->capabilities.contains(hw::HardwareCapability::kEpp)) { ... }
//   for (const Verdict& verdict : found->verdicts) log(verdict.Format());
//   //  "ecr: yes (ecr=0x15 [mode=spp n_err_intr_en service_intr empty] idle; 0x34 written, ...)"
//
// Chips that break a probe are named in DetectOptions::quirks, from the table KnownQuirks():
//
//   Detect(io, clock, {.quirks = {*FindQuirk("xt-alias")}});   // no ECR probe at all

#ifndef PARCLASS_PORT_DETECT_H_
#define PARCLASS_PORT_DETECT_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parclass/base/clock.h"
#include "parclass/base/flags.h"
#include "parclass/base/result.h"
#include "parclass/hw/chip_features.h"
#include "parclass/hw/modes.h"
#include "parclass/hw/port_registers.h"
#include "parclass/hw/register_io.h"

namespace parclass::port {

// The features detection gives a verdict on, in probing order.
enum class Feature : uint8_t {
  kSpp,             // Data register and port presence.
  kEcr,             // An extended control register.
  kByte,            // PS/2 tri-state data lines.
  kEpp,             // EPP cycles at base+3..7.
  kEpp32,           // 32-bit EPP data accesses.
  kPWord,           // FIFO access width, from cnfgA.
  kIrq,             // From cnfgB.
  kDma,             // From cnfgB.
  kFifo,            // A FIFO behind the ECR (ECP).
  kWriteThreshold,  // Free bytes at which serviceIntr fires forward.
  kReadThreshold,   // Bytes held at which serviceIntr fires in reverse.
};

// "spp", "ecr", "write_threshold", ...: the feature's name in verdicts and reports.
std::string_view FeatureName(Feature feature);

// One feature's verdict and what led to it: what was written, what was read and what that shows.
struct Verdict {
  Feature feature = Feature::kSpp;
  bool present = false;
  std::string reason;

  // "epp: yes (in ECR mode 100, dsr=0xde [...]: timeout bit already clear; ...)"
  std::string Format() const;
};

// How a quirk changes the probes.
enum class QuirkEffect : uint8_t {
  // base+0x402 is the control register again (an XT-era card decoding ten address lines,
  // ieee1284.md 2.5): the ECR block is not touched.
  kEcrAliasesControl = 0x01,
  // The ECR takes a write only with bit 0 set (newer Linux's ecr_writable): every ECR write
  // carries bit 0 = 1.
  kEcrWriteBit0 = 0x02,
  // No EPP probe: the port has no room for the EPP registers (base 0x3bc decodes three or four
  // registers; Linux skips EPP there).
  kNoEpp = 0x04,
  // EPP data cycles at base+4 only: a 16- or 32-bit access is not split into cycles at base+5..7.
  kEpp8BitOnly = 0x08,
};

using QuirkEffects = Flags<QuirkEffect>;

// A known chip quirk: its name in the table, what it changes, and where it is seen.
struct Quirk {
  std::string name;
  QuirkEffects effects;
  std::string description;
};

// The quirk table.
std::span<const Quirk> KnownQuirks();
// The quirk called `name` in KnownQuirks(), if there is one.
std::optional<Quirk> FindQuirk(std::string_view name);

struct DetectOptions {
  // Probe the ECR block. Off, the port is taken for one without an ECR and the ECR block (which
  // may not exist at all, or belong to another device) is never accessed.
  bool probe_ecr = true;
  std::vector<Quirk> quirks = {};  // Known quirks of this port's chip.
  // A backend whose operating system probed the chip itself and runs the EPP and ECP cycles
  // (ppdev: the kernel's PPGETMODES): its word decides EPP and, with probe_ecr off, ECP, which the
  // registers the backend reaches cannot show. ECP so reported is present for clients
  // (PPT_ECP_PRESENT) with no FIFO for the engine: its transfers run in the kernel's loops.
  struct OsReport {
    std::string by;  // "the kernel (PPGETMODES)".
    bool epp = false;
    bool ecp = false;
  };
  std::optional<OsReport> os_report = std::nullopt;
};

struct Detection {
  // What the chip can do, its FIFO's depth and PWord among it: the one description the engine
  // and clients read (hw/chip_features.h). The fields below are what detection found besides.
  hw::ChipFeatures features;
  int write_threshold = 0;        // Free bytes at which serviceIntr fires forward; 0 if unknown.
  int read_threshold = 0;         // Bytes held at which serviceIntr fires in reverse; 0 if unknown.
  std::optional<int> irq;         // From cnfgB; none if jumpered, or without an ECR.
  std::optional<int> dma;         // From cnfgB; none if jumpered, or without an ECR.
  bool level_interrupts = false;  // cnfgA bit 7: level-triggered rather than pulsed.
  std::vector<Verdict> verdicts;  // One per Feature, in probing order.

  // kEcp, kEpp, kEpp32, kByte, as clients are told; kDot3 is the chain's (Port::capabilities).
  hw::HardwareCapabilities capabilities() const { return hw::CapabilitiesOf(features); }
  // The verdict on `feature`, or null if none was given.
  const Verdict* verdict(Feature feature) const;
  // Every verdict, one line each.
  std::string Format() const;
};

// Probes the port whose registers `registers` owns; `clock` paces the waits between FIFO
// accesses. Every control and ECR write goes through `registers`, whose chip() is the detected
// one afterwards. Returns Errc::kNoSuchDevice when no SPP data register answers (nothing at this
// address).
Result<Detection> Detect(hw::PortRegisters& registers, Clock& clock, DetectOptions options = {});
// The same for a port nothing else drives: a look at the chip, as `parctl probe` takes.
Result<Detection> Detect(hw::RegisterIo& io, Clock& clock, DetectOptions options = {});

}  // namespace parclass::port

#endif  // PARCLASS_PORT_DETECT_H_
