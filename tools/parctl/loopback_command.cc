// parctl loopback: the wrap-plug diagnostic, on a simulated chip with a simulated plug, or on a
// real port (--backend) with a real plug in it.

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include "commands.h"
#include "loopback.h"
#include "parclass/sim/chip.h"
#include "parclass/sim/vcd.h"
#include "system.h"

namespace parclass::tools {
namespace {

const std::map<std::string, sim::ChipConfig (*)()>& ChipVariants() {
  static const std::map<std::string, sim::ChipConfig (*)()> variants = {
      {"spp", &sim::ChipConfig::SppOnly},
      {"ps2", &sim::ChipConfig::Ps2},
      {"epp", &sim::ChipConfig::EppOnly},
      {"ecp", &sim::ChipConfig::Ecp},
      {"ecp+epp", &sim::ChipConfig::EcpEpp}};
  return variants;
}

// "Busy=1" or "nAck=low": a line and the level it is stuck at.
std::optional<std::pair<Line, Level>> ParseStuck(std::string_view text) {
  const size_t equals = text.find('=');
  if (equals == std::string_view::npos) return std::nullopt;
  const std::optional<Line> line = LineFromName(text.substr(0, equals));
  const std::string_view level = text.substr(equals + 1);
  if (!line) return std::nullopt;
  if (level == "0" || level == "low") return std::pair{*line, Level::kLow};
  if (level == "1" || level == "high") return std::pair{*line, Level::kHigh};
  return std::nullopt;
}

std::string PinText(Line line) {
  return fmt::format("{} (pin {})", LineName(line), static_cast<int>(line));
}

}  // namespace

// Prints each wire's verdict; returns the exit code.
int Report(const std::vector<WireResult>& results) {
  int good = 0;
  for (const WireResult& result : results) {
    good += result.ok() ? 1 : 0;
    const std::string verdict =
        result.ok()
            ? "ok"
            : fmt::format("FAULT: reads {} when driven low, {} when driven high",
                          LevelName(result.seen_when_low), LevelName(result.seen_when_high));
    fmt::print("  {:<19} -> {:<16} {}\n", PinText(result.wire.from), PinText(result.wire.to),
               verdict);
  }
  fmt::print("{} of {} wires ok", good, results.size());
  return good == static_cast<int>(results.size()) ? kExitOk : kExitFailed;
}

// On a real port: its registers only, no port start (which would probe and send 1284.3
// packets into the plug).
int RealLoopback(const LoopbackOptions& options, const BackendSpec& spec,
                 sim::LoopbackPlug::Wiring wiring) {
  if (options.unplugged || !options.stuck.empty() || !options.vcd_path.empty()) {
    fmt::print(stderr, "parctl: --unplugged, --stuck and --vcd are the simulator's\n");
    return kExitUsage;
  }
  Result<std::unique_ptr<system::Backend>> backend = system::Backend::Open(spec);
  if (!backend) {
    fmt::print(stderr, "parctl: loopback on {}: {}\n", options.backend, backend.error().Format());
    return backend.error().code() == Errc::kInvalidArgument ? kExitUsage : kExitFailed;
  }
  hw::RegisterIo& io = (*backend)->io();
  const std::vector<WireResult> results = RunLoopbackTest(io, sim::LoopbackPlug::WiresOf(wiring));
  fmt::print("loopback test: {}, {} plug\n", options.backend, options.wiring);
  const int code = Report(results);
  fmt::print("; {} register accesses\n", io.counters().total());
  return code;
}

int Loopback(const LoopbackOptions& options) {
  const Result<BackendSpec> spec = BackendSpec::Parse(options.backend);
  if (!spec) {
    fmt::print(stderr, "parctl: {}\n", spec.error().Format());
    return kExitUsage;
  }
  const auto variant = ChipVariants().find(options.chip);
  if (variant == ChipVariants().end()) {
    fmt::print(stderr, "parctl: unknown chip '{}'; choose spp, ps2, epp, ecp or ecp+epp\n",
               options.chip);
    return kExitUsage;
  }
  if (options.wiring != "norton" && options.wiring != "ibm") {
    fmt::print(stderr, "parctl: unknown wiring '{}'; choose norton or ibm\n", options.wiring);
    return kExitUsage;
  }
  const auto wiring = options.wiring == "ibm" ? sim::LoopbackPlug::Wiring::kIbm
                                              : sim::LoopbackPlug::Wiring::kNorton;
  if (spec->kind != BackendSpec::Kind::kSim) return RealLoopback(options, *spec, wiring);
  sim::Scheduler scheduler;
  sim::Trace trace;
  sim::Cable cable(scheduler, trace);
  sim::SimChip chip(cable, variant->second());
  std::unique_ptr<sim::LoopbackPlug> plug;
  if (!options.unplugged) plug = std::make_unique<sim::LoopbackPlug>(cable, wiring);
  for (const std::string& fault : options.stuck) {
    const auto stuck = ParseStuck(fault);
    if (!stuck) {
      fmt::print(stderr, "parctl: bad --stuck '{}'; write LINE=0 or LINE=1, e.g. Busy=1\n", fault);
      return kExitUsage;
    }
    cable.SetStuck(stuck->first, stuck->second);
  }

  const std::vector<WireResult> results = RunLoopbackTest(chip, sim::LoopbackPlug::WiresOf(wiring));

  fmt::print(
      "loopback test: simulated {} chip at {:#x}, {} plug{}{}\n", chip.config().name,
      chip.config().base, options.wiring, options.unplugged ? " (not plugged in)" : "",
      options.stuck.empty() ? "" : fmt::format(", stuck: {}", fmt::join(options.stuck, " ")));
  const int code = Report(results);
  fmt::print("; {} register accesses, {:.1f} us of bus time\n", chip.counters().total(),
             static_cast<double>(scheduler.Now().count()) / 1000.0);

  if (!options.vcd_path.empty()) {
    std::ofstream file(options.vcd_path);
    sim::WriteVcd(file, trace, cable);
    if (!file) {
      fmt::print(stderr, "parctl: cannot write {}\n", options.vcd_path);
      return kExitFailed;
    }
    fmt::print("trace written to {} (open it with GTKWave or sigrok)\n", options.vcd_path);
  }
  return code;
}

}  // namespace parclass::tools
