// qemu_sim_expected: the host's side of the cross-check with a real kernel (qemu/sim-lab runs it;
// docs/qemu.md "Cross-check"). It says what the guest's Debian kernel must report for a
// topology, from the topology alone, never from anything the guest produced.
//
//   qemu_sim_expected facts [TOPOLOGY]   one fact a line, for the built-in topology or the file:
//                                          topology default
//                                          modes PCSPP,TRISTATE,EPP
//                                          chain 2
//                                          chain-probe 0 Scanner, parclass Daisy Device 0
//                                          probe Printer, parclass Simulated Printer
//                                          device-id 006a4d46...
//                                          device-id-byte 006a4d46...
//                                          reverse-byte 0 -
//                                          reverse 0 -
//                                          epp 40 9a01c3...
//                                          unknown-ioctl EINVAL EINVAL EINVAL
//                                          conformance none
//                                          lp ok -
//                                          termination ok
//   qemu_sim_expected job FILE           the job, as the simulated printer must receive it
//
// A fact the kernel's reaction to cannot be told from the topology alone is "?", and the lab
// reports what the kernel did without a verdict: a negotiation event late by about the kernel's
// own wait, say. One fact comes from parclass's ppdev emulator rather than from the topology:
// what ppdev answers an ioctl it does not know, which the guest asks the real kernel.

#include <fcntl.h>
#include <fmt/format.h>
#include <linux/ppdev.h>
#include <sys/ioctl.h>
#include <termios.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parclass/conformance/limits.h"
#include "parclass/ppdev_sim/ppdev_emulator.h"
#include "parclass/qemu/sim_lab.h"
#include "parclass/sim/ieee1284_peripheral.h"
#include "parclass/sim/topology.h"

namespace parclass::qemu {
namespace {

constexpr int kUsageError = 2;

std::string Hex(std::span<const uint8_t> bytes) {
  std::string text;
  for (const uint8_t byte : bytes) text += fmt::format("{:02x}", byte);
  return text.empty() ? "-" : text;
}

std::string Upper(std::string text) {
  std::ranges::transform(text, text.begin(), [](unsigned char c) { return std::toupper(c); });
  return text;
}

// drivers/parport/probe.c, classes[]: the CLS token and the description pretty_print prints.
struct KernelClass {
  std::string_view token;
  std::string_view description;
};
constexpr std::array<KernelClass, 14> kKernelClasses = {{
    {"", "Legacy device"},
    {"PRINTER", "Printer"},
    {"MODEM", "Modem"},
    {"NET", "Network device"},
    {"HDC", "Hard disk"},
    {"PCMCIA", "PCMCIA"},
    {"MEDIA", "Multimedia device"},
    {"FDC", "Floppy disk"},
    {"PORTS", "Ports"},
    {"SCANNER", "Scanner"},
    {"DIGICAM", "Digital camera"},
    {"", "Unknown device"},  // PARPORT_CLASS_OTHER: a CLS value not in the table.
    {"", "Unspecified"},     // PARPORT_CLASS_UNSPEC: no CLS, and no printer language in CMD.
    {"SCSIADAPTER", "SCSI adapter"},
}};
constexpr size_t kClassPrinter = 1;
constexpr size_t kClassOther = 11;
constexpr size_t kClassUnspecified = 12;

// What probe.c's parse_data and pretty_print make of a Device ID: "Printer, parclass Simulated
// Printer" (the text after "parportN: "). Keys are upper-cased, trailing blanks of values cut;
// without CLS, PJL or PCL in CMD makes it a printer.
std::string ProbeLine(const std::string& id) {
  std::string manufacturer = "(null)";
  std::string model = "(null)";
  std::optional<size_t> kind;
  size_t guessed = kClassUnspecified;
  size_t start = 0;
  while (start <= id.size()) {
    const size_t end = std::min(id.find(';', start), id.size());
    const std::string field = id.substr(start, end - start);
    start = end + 1;
    const size_t colon = field.find(':');
    if (colon == std::string::npos) continue;
    const std::string key = Upper(field.substr(0, colon));
    std::string value = field.substr(colon + 1);
    while (!value.empty() && value.back() == ' ') value.pop_back();
    if (key == "MFG" || key == "MANUFACTURER") manufacturer = value;
    if (key == "MDL" || key == "MODEL") model = value;
    if (key == "CMD" || key == "COMMAND SET") {
      if (value.find("PJL") != std::string::npos || value.find("PCL") != std::string::npos) {
        guessed = kClassPrinter;
      }
    }
    if (key != "CLS" && key != "CLASS") continue;
    const std::string token = Upper(value);
    kind = kClassOther;
    for (size_t i = 0; i < kKernelClasses.size(); ++i) {
      if (kKernelClasses[i].token != token) continue;
      kind = i;  // The first match, as parse_data's "goto rock_on".
      break;
    }
  }
  const size_t final_kind = kind.value_or(guessed);
  std::string line(kKernelClasses[final_kind].description);
  if (final_kind != 0) line += fmt::format(", {} {}", manufacturer, model);
  return line;
}

// Whether the kernel's Device ID read (parport_device_id: nibble mode, Device ID flag) gets the
// text from this device, and reads it as the device sent it: a standard length field.
bool KernelReadsId(const sim::Ieee1284Config& device) {
  return device.ieee1284 && device.accepted.device_id &&
         device.device_id_length == sim::DeviceIdLength::kStandard;
}

// The modes parport_pc finds on QEMU's pass-through port (docs/qemu.md "Cross-check"). PCSPP
// always: parport_SPP_supported reads the control register back, and QEMU answers from its own
// copy. TRISTATE where the chip's data lines turn round: parport_PS2_supported reads the data
// register after PPDATADIR, and that read reaches the chip. EPP always: parport_EPP_supported
// only looks at status bit 0, which QEMU replaces with its own EPP timeout flag, clear after
// reset. Never ECP or COMPAT: QEMU's ACPI entry has one I/O range, so parport_pc_pnp_probe passes
// no ECR address and the ECR is never probed.
std::string GuestModes(const sim::ChipConfig& chip) {
  return chip.bidirectional ? "PCSPP,TRISTATE,EPP" : "PCSPP,EPP";
}

// lp_check_status (drivers/char/lp.c) with LP_ABORT, on the status each condition shows
// (sim::Ieee1284Peripheral::CompatStatus): nFault low and PError high is "out of paper" and
// ENOSPC; nFault low and Select low, "off-line" and EIO.
std::string_view LpOutcome(sim::Condition condition) {
  switch (condition) {
    case sim::Condition::kReady: return "ok -";
    case sim::Condition::kPaperOut: return "ENOSPC out of paper";
    case sim::Condition::kOffline:
    case sim::Condition::kPoweredOff: return "EIO off-line";
  }
  return "? ?";
}

// Whether the kernel sees the end device answer negotiation. parport_negotiate waits for event 2,
// and again for event 6, with parport_wait_peripheral: up to the port's spin time (500 us) of
// fast polling, then 40 ms of slow polling in 10 ms slices of jiffies. An event later than that
// is a failed negotiation; one within tL (35 ms) is a slow peripheral; in between, the outcome
// depends on where the jiffies fall, and the lab gives no verdict.
enum class Negotiation : uint8_t { kAnswers, kFails, kUndecided };

Negotiation KernelNegotiation(const sim::TopologyFaults& faults, Nanoseconds response) {
  constexpr Nanoseconds kTl = std::chrono::milliseconds(35);
  constexpr Nanoseconds kKernelWait = std::chrono::microseconds(40'500);
  constexpr Nanoseconds kJiffy = std::chrono::milliseconds(4);  // Debian's HZ is 250.
  Negotiation outcome = Negotiation::kAnswers;
  for (const int event : {2, 5, 6}) {  // Event 6 follows event 5: its delay adds up.
    if (faults.events.never.contains(event)) return Negotiation::kFails;
  }
  Nanoseconds event2 = response;
  Nanoseconds event6 = 2 * response;
  for (const auto& [event, late] : faults.events.late) {
    if (event == 2) event2 += late;
    if (event == 5 || event == 6) event6 += late;
  }
  for (const Nanoseconds wait : {event2, event6}) {
    if (wait > kKernelWait + kJiffy) return Negotiation::kFails;
    if (wait > kTl) outcome = Negotiation::kUndecided;
  }
  return outcome;
}

// Whether the peripheral answers the kernel's termination handshake (events 22-29) in time: "ok"
// unless a fault holds back one of its events (23-27).
std::string_view Termination(const sim::TopologyFaults& faults) {
  for (int event = 23; event <= 27; ++event) {
    if (faults.events.never.contains(event) || faults.events.late.contains(event)) return "?";
  }
  return "ok";
}

// What parclass's ppdev emulator answers the guest's unknown requests (sim_guest.cc,
// UnknownIoctlStep): _IO('p', 1) before and after PPCLAIM, then TCGETS.
std::string UnknownIoctl(const sim::Topology& topology) {
  constexpr std::string_view kPath = "/dev/parport0";
  ppdev_sim::PpdevEmulator kernel;
  kernel.AddPort(std::string(kPath), topology);
  const int fd = kernel.Open(std::string(kPath), O_RDWR);
  const auto name = [](int result) { return ErrnoName(result < 0 ? -result : 0); };
  const std::string unclaimed = name(kernel.Ioctl(fd, kSimUnknownIoctl, nullptr));
  (void)kernel.Ioctl(fd, PPCLAIM, nullptr);
  const std::string claimed = name(kernel.Ioctl(fd, kSimUnknownIoctl, nullptr));
  termios terminal{};
  const std::string tcgets = name(kernel.Ioctl(fd, TCGETS, &terminal));
  return fmt::format("{} {} {}", unclaimed, claimed, tcgets);
}

// The reverse data as the guest reads it: its first kSimByteReverseLimit bytes in byte mode
// (none if the peripheral refuses byte mode), then the rest in nibble mode.
void ReverseFacts(const sim::Topology& topology, bool answers) {
  const std::string& reverse = topology.reverse_data;
  const auto hex = [&](size_t from, size_t count) {
    return Hex(std::span(reinterpret_cast<const uint8_t*>(reverse.data()) + from, count));
  };
  const bool byte = answers && topology.printer.accepted.byte;
  const size_t in_bytes = byte ? std::min(reverse.size(), kSimByteReverseLimit) : 0;
  fmt::print("reverse-byte {}\n", byte ? fmt::format("{} {}", in_bytes, hex(0, in_bytes)) : "none");
  const size_t in_nibbles = std::min(reverse.size() - in_bytes, kSimReverseLimit);
  fmt::print("reverse {}\n",
             answers ? fmt::format("{} {}", in_nibbles, hex(in_bytes, in_nibbles)) : "none");
}

// The EPP round trip: the address register after the writes, and the data read back.
std::string EppFact(const sim::Ieee1284Config& end, bool answers) {
  if (!answers || !end.accepted.epp) return "none";
  const auto address = static_cast<uint8_t>(kSimEppAddress + kSimEppLength);
  return fmt::format("{:02x} {}", address, Hex(SimEppData()));
}

// The rules the conformance checker must find broken on the cable during the kernel's session,
// from the topology's faults alone: none without faults (or with events late within the
// checker's tL, which the standard allows); negotiation-response-time when the peripheral never
// produces event 2, 5 or 6, since every negotiation of the kernel's then waits out tL; "?" for the
// other faults, whose effect depends on what the kernel does next.
std::string ConformanceFact(const sim::TopologyFaults& faults, Nanoseconds response) {
  const Nanoseconds tl = conformance::ConformanceLimits().peripheral_response_limit;
  if (!faults.stuck.empty() || faults.vanish_at || faults.ecp_request_without_data) return "?";
  std::string rules = "none";
  for (const int event : faults.events.never) {
    if (event != 2 && event != 5 && event != 6) return "?";
    rules = "negotiation-response-time";
  }
  for (const auto& [event, late] : faults.events.late) {
    if (response + late > tl) return "?";
  }
  return rules;
}

int Facts(const sim::Topology& topology) {
  fmt::print("topology {}\n", topology.name);
  fmt::print("modes {}\n", GuestModes(topology.chip));
  fmt::print("chain {}\n", topology.chain.size());
  for (size_t address = 0; address < topology.chain.size(); ++address) {
    const sim::Ieee1284Config& device = topology.chain[address];
    if (KernelReadsId(device)) {
      fmt::print("chain-probe {} {}\n", address, ProbeLine(device.device_id));
    }
  }
  fmt::print("unknown-ioctl {}\n", UnknownIoctl(topology));
  fmt::print("conformance {}\n", ConformanceFact(topology.faults, topology.printer.response));
  const bool printer = topology.peripheral == sim::PeripheralKind::kPrinter;
  const sim::Ieee1284Config& end = topology.printer;
  const Negotiation negotiation = KernelNegotiation(topology.faults, end.response);
  fmt::print("lp {}\n", printer ? LpOutcome(topology.condition) : "? ?");
  fmt::print("termination {}\n", Termination(topology.faults));
  if (negotiation == Negotiation::kUndecided) {
    for (const std::string_view key :
         {"probe", "device-id", "device-id-byte", "reverse-byte", "reverse", "epp"}) {
      fmt::print("{} ?\n", key);
    }
    return 0;
  }
  const bool answers = printer && end.ieee1284 &&
                       topology.condition != sim::Condition::kPoweredOff &&
                       negotiation == Negotiation::kAnswers;
  fmt::print("probe {}\n", answers && KernelReadsId(end) ? ProbeLine(end.device_id) : "-");
  std::vector<uint8_t> id;  // What ppdev reads: none if negotiation fails.
  if (answers && end.accepted.device_id) {
    id = sim::Ieee1284Peripheral::DeviceIdBytes(end.device_id, end.device_id_length);
  }
  fmt::print("device-id {}\n", Hex(id));
  fmt::print("device-id-byte {}\n", end.accepted.byte ? Hex(id) : "-");
  ReverseFacts(topology, answers);
  fmt::print("epp {}\n", EppFact(end, answers));
  return 0;
}

int Job(const std::string& path) {
  const std::vector<uint8_t> job = SimJob();
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(reinterpret_cast<const char*>(job.data()), static_cast<std::streamsize>(job.size()));
  file.close();
  if (file) return 0;
  fmt::print(stderr, "qemu_sim_expected: cannot write '{}'\n", path);
  return 1;
}

int Main(const std::vector<std::string_view>& args) {
  if (args.size() == 2 && args[0] == "job") return Job(std::string(args[1]));
  if (args.empty() || args[0] != "facts" || args.size() > 2) {
    fmt::print(stderr, "usage: qemu_sim_expected facts [TOPOLOGY] | qemu_sim_expected job FILE\n");
    return kUsageError;
  }
  if (args.size() == 1 || args[1] == "default") return Facts(sim::DefaultTopology());
  const Result<sim::Topology> topology = sim::LoadTopology(std::string(args[1]));
  if (!topology) {
    fmt::print(stderr, "qemu_sim_expected: {}: {}\n", args[1], topology.error().Format());
    return kUsageError;
  }
  return Facts(*topology);
}

}  // namespace
}  // namespace parclass::qemu

int main(int argc, char** argv) {
  return parclass::qemu::Main(std::vector<std::string_view>(argv + 1, argv + argc));
}
