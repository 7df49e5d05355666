// PCI parallel ports from sysfs (drivers/pci/pci-sysfs.c writes the files read here: `class`,
// `vendor` and `device` as "0x%06x\n" / "0x%04x\n", `resource` as one "0x%016llx 0x%016llx
// 0x%016llx\n" line of start, end and flags per region), and the "raw:" port specification.

#include "parclass/backends/pci.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iterator>
#include <sstream>
#include <system_error>
#include <utility>

namespace parclass::backends {
namespace {

namespace fs = std::filesystem;

// PCI class code 0x07 / 0x01: communication controller, parallel port (PCI Code and ID
// Assignment Specification, section 1.8).
constexpr uint32_t kParallelClass = 0x0701;
// Programming interfaces 00 SPP, 01 bidirectional, 02 ECP, 03 IEEE 1284 controller; 0xfe is an
// IEEE 1284 target device.
constexpr uint32_t kLastHostInterface = 0x03;
// Resource flags, include/linux/ioport.h.
constexpr uint64_t kIoResourceIo = 0x100;
constexpr uint64_t kIoResourceDisabled = 0x1000'0000;
constexpr uint64_t kIoResourceUnset = 0x2000'0000;
// The highest port in and out reach.
constexpr uint64_t kLastPort = 0xffff;

constexpr std::string_view kSpecForms =
    "a port base such as 0x378 or 888, a base and ECP base such as 0x378,0x778 or 0x378,none, "
    "pci, or pci:0000:05:00.0";

std::string_view InterfaceName(uint32_t class_code) {
  switch (class_code & 0xff) {
    case 0x00: return "SPP";
    case 0x01: return "bidirectional";
    case 0x02: return "ECP";
    case 0x03: return "IEEE 1284 controller";
  }
  return "unknown interface";
}

bool IsHostParallelPort(uint64_t class_code) {
  return (class_code >> 8) == kParallelClass && (class_code & 0xff) <= kLastHostInterface;
}

// "0x1f" (the prefix is required, as the kernel always writes it); unset if `text` is anything
// else.
std::optional<uint64_t> ParseHex(std::string_view text) {
  if (!text.starts_with("0x") && !text.starts_with("0X")) return std::nullopt;
  text.remove_prefix(2);
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string_view TrimTrailingSpace(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  return text;
}

Result<std::string> ReadText(const fs::path& file) {
  std::ifstream stream(file);
  std::ostringstream text;
  if (stream) text << stream.rdbuf();
  if (!stream) {
    return Error(Errc::kIoError, fmt::format("cannot read {}", file.string()));
  }
  return std::move(text).str();
}

// A file holding one hex number no greater than `max`, as `class`, `vendor` and `device` do.
Result<uint64_t> ReadHexFile(const fs::path& file, uint64_t max) {
  const std::string text = PARCLASS_TRY(ReadText(file));
  const std::optional<uint64_t> value = ParseHex(TrimTrailingSpace(text));
  if (!value || *value > max) {
    return Error(Errc::kIoError, fmt::format("{}: expected a hex number up to {:#x}, found '{}'",
                                             file.string(), max, TrimTrailingSpace(text)));
  }
  return *value;
}

struct Region {
  uint64_t start;
  uint64_t end;
  uint64_t flags;

  // An I/O BAR the kernel has assigned, within the ports in and out reach.
  bool IsUsableIoBar() const {
    return (flags & kIoResourceIo) != 0 &&
           (flags & (kIoResourceDisabled | kIoResourceUnset)) == 0 && start != 0 &&
           end <= kLastPort;
  }
};

// One line of `resource`: "start end flags", three hex numbers.
std::optional<Region> ParseRegion(std::string_view line) {
  std::istringstream fields{std::string(line)};
  std::string start;
  std::string end;
  std::string flags;
  std::string extra;
  if (!(fields >> start >> end >> flags) || (fields >> extra)) return std::nullopt;
  const std::optional<uint64_t> start_value = ParseHex(start);
  const std::optional<uint64_t> end_value = ParseHex(end);
  const std::optional<uint64_t> flags_value = ParseHex(flags);
  if (!start_value || !end_value || !flags_value) return std::nullopt;
  return Region{*start_value, *end_value, *flags_value};
}

// The start of each usable I/O BAR in `resource`, in BAR order.
Result<std::vector<uint16_t>> ReadIoBars(const fs::path& file) {
  const std::string text = PARCLASS_TRY(ReadText(file));
  std::istringstream lines(text);
  std::vector<uint16_t> bars;
  int number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++number;
    if (line.empty()) continue;
    const std::optional<Region> region = ParseRegion(line);
    if (!region) {
      return Error(
          Errc::kIoError,
          fmt::format("{} line {}: expected three hex numbers (start end flags), found '{}'",
                      file.string(), number, line));
    }
    if (region->IsUsableIoBar()) bars.push_back(static_cast<uint16_t>(region->start));
  }
  return bars;
}

// The function in `directory` as a parallel port; unset if it is something else.
Result<std::optional<PciParallelPort>> ReadFunction(const fs::path& directory) {
  const uint64_t class_code = PARCLASS_TRY(ReadHexFile(directory / "class", 0xff'ffff));
  if (!IsHostParallelPort(class_code)) return std::optional<PciParallelPort>();
  const std::vector<uint16_t> bars = PARCLASS_TRY(ReadIoBars(directory / "resource"));
  if (bars.empty()) return std::optional<PciParallelPort>();
  const uint64_t vendor = PARCLASS_TRY(ReadHexFile(directory / "vendor", 0xffff));
  const uint64_t device = PARCLASS_TRY(ReadHexFile(directory / "device", 0xffff));
  return std::optional<PciParallelPort>({
      .slot = directory.filename().string(),
      .class_code = static_cast<uint32_t>(class_code),
      .vendor = static_cast<uint16_t>(vendor),
      .device = static_cast<uint16_t>(device),
      .base = bars[0],
      .ecp_base = bars.size() > 1 ? std::optional<uint16_t>(bars[1]) : std::nullopt,
  });
}

// "0x378" or "888", up to 0xffff.
std::optional<uint16_t> ParsePort(std::string_view text) {
  int base = 10;
  if (text.starts_with("0x") || text.starts_with("0X")) {
    text.remove_prefix(2);
    base = 16;
  }
  uint32_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (value > kLastPort) return std::nullopt;
  return static_cast<uint16_t>(value);
}

Error BadSpec(std::string_view text, std::string_view problem) {
  return {Errc::kInvalidArgument,
          fmt::format("raw port '{}': {}; expected {}", text, problem, kSpecForms)};
}

Result<RawPortOptions> ParseAddresses(std::string_view text) {
  const size_t comma = text.find(',');
  const std::string_view base_text = text.substr(0, comma);
  const std::optional<uint16_t> base = ParsePort(base_text);
  if (!base) return BadSpec(text, fmt::format("'{}' is not a port address", base_text));
  RawPortOptions options{.base = *base};
  if (comma == std::string_view::npos) return options;
  const std::string_view ecp_text = text.substr(comma + 1);
  if (ecp_text == "none") {
    options.ecp_base = kNoEcpBlock;
    return options;
  }
  options.ecp_base = ParsePort(ecp_text);
  if (!options.ecp_base) {
    return BadSpec(text, fmt::format("'{}' is neither an ECP base nor none", ecp_text));
  }
  return options;
}

std::string Slots(const std::vector<PciParallelPort>& ports) {
  if (ports.empty()) return "none";
  std::string slots;
  for (const PciParallelPort& port : ports) {
    if (!slots.empty()) slots += ", ";
    slots += port.slot;
  }
  return slots;
}

// "pci" (`slot` empty: the first port) or "pci:<slot>".
Result<RawPortOptions> ParsePciSpec(std::string_view slot, const fs::path& sysfs) {
  const std::vector<PciParallelPort> ports = PARCLASS_TRY(FindPciParallelPorts(sysfs));
  const fs::path devices = sysfs / "bus/pci/devices";
  if (slot.empty()) {
    if (ports.empty()) {
      return Error(Errc::kNoSuchDevice,
                   fmt::format("no PCI parallel port (class 0x0701, with an I/O BAR) in {}",
                               devices.string()));
    }
    return ports.front().ToRawPortOptions();
  }
  const auto found = std::ranges::find_if(ports, [&](const PciParallelPort& port) {
    return port.slot == slot || port.slot == fmt::format("0000:{}", slot);
  });
  if (found == ports.end()) {
    return Error(Errc::kNoSuchDevice, fmt::format("no PCI parallel port at {} in {} (found: {})",
                                                  slot, devices.string(), Slots(ports)));
  }
  return found->ToRawPortOptions();
}

}  // namespace

std::string PciParallelPort::Format() const {
  const std::string ecp =
      ecp_base ? fmt::format("ECP block at {:#x}", *ecp_base) : std::string("no ECP block");
  return fmt::format("{} {:04x}:{:04x} parallel port ({}) at {:#x}, {}", slot, vendor, device,
                     InterfaceName(class_code), base, ecp);
}

RawPortOptions PciParallelPort::ToRawPortOptions() const {
  return {.base = base, .ecp_base = ecp_base.value_or(kNoEcpBlock)};
}

Result<std::vector<PciParallelPort>> FindPciParallelPorts(const fs::path& sysfs) {
  const fs::path devices = sysfs / "bus/pci/devices";
  std::error_code error;
  fs::directory_iterator entry(devices, error);
  if (error == std::errc::no_such_file_or_directory) return std::vector<PciParallelPort>();
  std::vector<PciParallelPort> ports;
  for (; !error && entry != fs::directory_iterator(); entry.increment(error)) {
    std::optional<PciParallelPort> port = PARCLASS_TRY(ReadFunction(entry->path()));
    if (port) ports.push_back(std::move(*port));
  }
  if (error) {
    return Error(Errc::kIoError,
                 fmt::format("cannot list {}: {}", devices.string(), error.message()));
  }
  std::ranges::sort(ports, {}, &PciParallelPort::slot);
  return ports;
}

Result<RawPortOptions> ParseRawSpec(std::string_view text, const fs::path& sysfs) {
  if (text == "pci") return ParsePciSpec("", sysfs);
  if (text.starts_with("pci:")) {
    const std::string_view slot = text.substr(4);
    if (slot.empty()) return BadSpec(text, "no slot after pci:");
    return ParsePciSpec(slot, sysfs);
  }
  if (text.empty()) return BadSpec(text, "empty");
  return ParseAddresses(text);
}

}  // namespace parclass::backends
