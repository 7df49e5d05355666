// parctl bench: one transfer per mode the device and the port share, each way the mode carries
// data, run as write and read run theirs (the device opened in the mode, the port locked for the
// transfer, through the device layer), and one table row of what each cost.

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "client.h"
#include "commands.h"
#include "system.h"
#include "transfer.h"

namespace parclass::tools {
namespace {

// One transfer to run: a mode, one way.
struct BenchCase {
  ProtocolMode mode;
  Direction direction;
};

struct BenchRow {
  BenchCase which;
  std::string path;
  port::RequestResult result;
  TransferCost cost;

  double us_per_byte() const {
    return cost.time_us / static_cast<double>(std::max<size_t>(result.information, 1));
  }
  double kib_per_second() const {
    return cost.time_us > 0
               ? static_cast<double>(result.information) / 1024.0 / (cost.time_us / 1e6)
               : 0.0;
  }
};

const char* DirectionName(Direction direction) {
  return direction == Direction::kForward ? "forward" : "reverse";
}

// A --modes entry: a --mode name ("ecp") or an ntddpar name ("ECP_HW_NOIRQ", any case).
Result<ProtocolMode> BenchModeOf(const std::string& name) {
  if (const auto found = ModeNames().find(name); found != ModeNames().end()) return found->second;
  std::string upper = name;
  std::ranges::transform(upper, upper.begin(), [](unsigned char c) { return std::toupper(c); });
  for (const auto& [alias, mode] : ModeNames()) {
    if (bus::ProtocolNames(mode) == upper) return mode;
  }
  return Error(Errc::kInvalidArgument,
               fmt::format("unknown mode '{}'; choose {}, or their ntddpar names (ECP_HW_NOIRQ, "
                           "...)",
                           name, ModeList()));
}

// The modes --modes names; none (every shared mode) if it names none.
Result<std::optional<ProtocolModes>> ParseModes(const std::vector<std::string>& names) {
  if (names.empty()) return std::optional<ProtocolModes>();
  ProtocolModes modes;
  for (const std::string& name : names) modes |= PARCLASS_TRY(BenchModeOf(name));
  return std::optional<ProtocolModes>(modes);
}

// In ntddpar bit order, each mode forward and then back, as far as it carries data that way.
std::vector<BenchCase> CasesFor(ProtocolModes modes) {
  std::vector<BenchCase> cases;
  for (uint32_t bit = 1; bit <= 0x8000; bit <<= 1) {
    const auto mode = static_cast<ProtocolMode>(bit);
    if (!modes.contains(mode)) continue;
    if (bus::kForwardProtocols.contains(mode)) cases.push_back({mode, Direction::kForward});
    if (bus::kReverseProtocols.contains(mode)) cases.push_back({mode, Direction::kReverse});
  }
  return cases;
}

// LPT1.4, the device behind the chain (there when it answers with a Device ID), else the raw
// device LPT1, which is always there.
std::string DefaultDevice(System& system) {
  const std::string& port = system.ports().front()->name();
  const std::string end_of_chain = port + ".4";
  return system.bus().Find(end_of_chain) != nullptr ? end_of_chain : port;
}

// The path the engine takes for `which`, from the protocol's allowed paths (bus::PathsOf) and
// what the port has: the device layer does not report the path a transfer took. With the
// kernel's loops, the path after "/" is taken if the kernel refuses to negotiate the mode.
std::string PathOf(system::SystemPort& lpt, BenchCase which) {
  const ieee1284::AllowedPaths paths = bus::PathsOf(which.mode);
  const ieee1284::Lane lane = ieee1284::LaneOf(bus::LinkModeOf(which.mode), which.direction);
  std::string engine_name(ieee1284::TransferPathName(
      ieee1284::EnginePathOf(paths, lane, lpt.port().detection().features)));
  if (!paths.allows(lane, ieee1284::TransferPath::kKernel) || lpt.port().kernel_link() == nullptr) {
    return engine_name;
  }
  const std::string kernel(ieee1284::TransferPathName(ieee1284::TransferPath::kKernel));
  return bus::RequestOf(which.mode) ? kernel + "/" + engine_name : kernel;
}

// The simulated peripheral sends only what it was given, and the built-in topology gives it
// nothing: top its reverse queue up to `size` bytes so that a reverse row moves real bytes
// through the simulated handshakes. A topology with reverse_data of its own is left to send just
// that. (EPP reads the peripheral's registers instead, and a real peripheral sends what it has,
// often nothing: those rows report what they got.)
void GiveReverseData(System& system, const bus::Device& device, size_t size) {
  sim::SimulatedPort* simulated = system.PortOf(device).backend().simulated();
  if (simulated == nullptr || !simulated->topology().reverse_data.empty()) return;
  sim::Ieee1284Peripheral* peripheral = system.SimulatedPeripheral(device);
  if (peripheral == nullptr || peripheral->reverse_pending() >= size) return;
  std::vector<uint8_t> data(size - peripheral->reverse_pending());
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i);
  peripheral->QueueReverse(data);
}

BenchRow RunCase(System& system, bus::Device& device, BenchCase which, size_t size,
                 Progress progress) {
  system::SystemPort& lpt = system.PortOf(device);
  BenchRow row{.which = which, .path = PathOf(lpt, which), .result = {}, .cost = {}};
  Result<std::unique_ptr<bus::DeviceHandle>> handle =
      OpenInMode(system, device.location(), which.mode, which.direction);
  if (!handle) {
    (void)Fail(fmt::format("{} {}", bus::ProtocolNames(which.mode), DirectionName(which.direction)),
               handle.error());
    row.result = {port::StatusOf(handle.error()), 0};
    row.cost.clock = lpt.backend().clock_kind();
    return row;
  }
  // The data is made before the meter starts: its making is no part of the transfer.
  const bool forward = which.direction == Direction::kForward;
  std::vector<uint8_t> buffer(size);
  if (forward) {
    for (size_t i = 0; i < buffer.size(); ++i) buffer[i] = static_cast<uint8_t>(i);
  } else {
    GiveReverseData(system, device, size);
  }
  CostMeter meter(lpt);
  row.result = forward ? WriteAll(**handle, buffer, progress) : ReadAll(**handle, buffer, progress);
  row.cost = meter.Stop(row.result.information);
  return row;
}

// The table's columns: each as wide as its widest cell; text left, numbers right.
constexpr std::array<const char*, 10> kColumns = {"mode",   "direction",  "path",      "bytes",
                                                  "status", "accesses/B", "calls/KiB", "us/B",
                                                  "clock",  "KiB/s"};
constexpr std::array<bool, kColumns.size()> kNumeric = {false, false, false, true,  false,
                                                        true,  true,  true,  false, true};

using TableLine = std::array<std::string, kColumns.size()>;

TableLine Cells(const BenchRow& row) {
  return {bus::ProtocolNames(row.which.mode),
          DirectionName(row.which.direction),
          row.path,
          fmt::format("{}", row.result.information),
          std::string(port::NtStatusName(row.result.status)),
          fmt::format("{:.2f}", row.cost.accesses_per_byte),
          fmt::format("{:.2f}", row.cost.system_calls_per_kib),
          fmt::format("{:.2f}", row.us_per_byte()),
          row.cost.clock,
          fmt::format("{:.1f}", row.kib_per_second())};
}

void PrintTable(const std::string& device, size_t size, const std::vector<BenchRow>& rows) {
  std::vector<TableLine> lines;
  lines.emplace_back();
  std::ranges::copy(kColumns, lines.back().begin());
  for (const BenchRow& row : rows) lines.push_back(Cells(row));
  std::array<size_t, kColumns.size()> widths{};
  for (const auto& line : lines) {
    for (size_t i = 0; i < line.size(); ++i) widths[i] = std::max(widths[i], line[i].size());
  }
  fmt::print("{}: {} bytes each way per mode\n", device, size);
  for (const auto& line : lines) {
    std::string text;
    for (size_t i = 0; i < line.size(); ++i) {
      text += kNumeric[i] ? fmt::format("  {:>{}}", line[i], widths[i])
                          : fmt::format("  {:<{}}", line[i], widths[i]);
    }
    fmt::print("{}\n", text.substr(0, text.find_last_not_of(' ') + 1));
  }
}

// The same rows as a Markdown table, for docs/performance.md (scripts/bench), with the host's
// time beside the backend's.
void PrintMarkdown(const std::vector<BenchRow>& rows) {
  fmt::print(
      "| mode | direction | path | bytes | accesses/B | calls/KiB | us/B | clock | "
      "host us/B |\n|---|---|---|---|---|---|---|---|---|\n");
  for (const BenchRow& row : rows) {
    const double bytes = static_cast<double>(std::max<size_t>(row.result.information, 1));
    fmt::print("| {} | {} | {} | {} | {:.3f} | {:.2f} | {:.2f} | {} | {:.2f} |\n",
               bus::ProtocolNames(row.which.mode), DirectionName(row.which.direction), row.path,
               row.result.information, row.cost.accesses_per_byte, row.cost.system_calls_per_kib,
               row.us_per_byte(), row.cost.clock, row.cost.host_time_us / bytes);
  }
}

Json BenchJson(const std::string& device, const std::string& clock,
               const std::vector<BenchRow>& rows) {
  Json entries = Json::array();
  for (const BenchRow& row : rows) {
    entries.push_back(
        {{"mode", bus::ProtocolNames(row.which.mode)},
         {"direction", DirectionName(row.which.direction)},
         {"path", row.path},
         {"bytes", row.result.information},
         {"status", port::NtStatusName(row.result.status)},
         {"accesses_per_byte", row.cost.accesses_per_byte},
         {"system_calls_per_kib", row.cost.system_calls_per_kib},
         {"time_us", row.cost.time_us},
         {"us_per_byte", row.us_per_byte()},
         {"host_us_per_byte",
          row.cost.host_time_us / static_cast<double>(std::max<size_t>(row.result.information, 1))},
         {"clock", row.cost.clock},
         {"kib_per_second", row.kib_per_second()}});
  }
  return {{"device", device}, {"clock", clock}, {"rows", entries}};
}

// The modes to run: those --modes names, each of which the device must share, or every shared
// one.
Result<ProtocolModes> ModesToRun(System& system, const std::string& device,
                                 std::optional<ProtocolModes> wanted) {
  std::unique_ptr<bus::DeviceHandle> handle = PARCLASS_TRY(OpenDevice(system, device));
  const ProtocolModes shared = PARCLASS_TRY(SharedModes(*handle));
  if (!wanted) return shared;
  const ProtocolModes missing = wanted->without(shared);
  if (!missing.empty()) {
    return Error(Errc::kNotSupported,
                 fmt::format("{} and the port do not share {}; they share {}", device,
                             bus::ProtocolNames(missing), bus::ProtocolNames(shared)));
  }
  return *wanted;
}

}  // namespace

int Bench(const SystemOptions& options, const BenchOptions& bench) {
  const Result<std::optional<ProtocolModes>> wanted = ParseModes(bench.modes);
  if (!wanted) return Fail("--modes", wanted.error());
  return WithSystem(options, [&](System& system) {
    const std::string device = bench.device.empty() ? DefaultDevice(system) : bench.device;
    const Result<ProtocolModes> modes = ModesToRun(system, device, *wanted);
    if (!modes) return Fail(fmt::format("bench {}", device), modes.error());
    bus::Device& target = *system.Find(device).value();
    std::vector<BenchRow> rows;
    for (const BenchCase which : CasesFor(*modes)) {
      rows.push_back(RunCase(system, target, which, bench.size, ProgressFor(options)));
    }
    if (options.json) {
      fmt::print("{}\n",
                 BenchJson(device, system.PortOf(target).backend().clock_kind(), rows).dump(2));
    } else {
      if (bench.markdown) {
        PrintMarkdown(rows);
      } else {
        PrintTable(device, bench.size, rows);
      }
    }
    const bool all_ok = std::ranges::all_of(
        rows, [](const BenchRow& row) { return row.result.status == port::NtStatus::kSuccess; });
    return all_ok ? kExitOk : kExitFailed;
  });
}

}  // namespace parclass::tools
