#include "parclass/sim/vcd.h"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <array>
#include <string>

namespace parclass::sim {
namespace {

constexpr size_t kPins = static_cast<size_t>(kLastLine) + 1;
constexpr LineSet kAllLines = kControlLines | kDataLines | kStatusLines;
constexpr char kDataBusId = '~';

// Short VCD identifiers: one printable character per pin.
char IdOf(Line line) { return static_cast<char>('!' + static_cast<int>(line)); }

std::string DataBus(const std::array<Logic, kPins>& values) {
  std::string bits = "b";
  for (int bit = 7; bit >= 0; --bit) bits += LogicChar(values[static_cast<size_t>(DataLine(bit))]);
  return bits;
}

std::array<Logic, kPins> InitialValues(const Trace& trace, const Cable& cable) {
  std::array<Logic, kPins> values{};
  LineSet seen;
  kAllLines.ForEach([&](Line line) { values[static_cast<size_t>(line)] = cable.value(line); });
  for (const TraceEvent& event : trace.events()) {
    const auto* change = std::get_if<LineChange>(&event.what);
    if (change == nullptr || change->cable != cable.id() || seen.contains(change->line)) continue;
    values[static_cast<size_t>(change->line)] = change->from;
    seen = seen.with(change->line);
  }
  return values;
}

void WriteHeader(std::ostream& out, VcdOptions options) {
  fmt::print(out, "$version parclass simulator $end\n$timescale 1ns $end\n");
  fmt::print(out, "$scope module parallel $end\n");
  kAllLines.ForEach(
      [&](Line line) { fmt::print(out, "$var wire 1 {} {} $end\n", IdOf(line), LineName(line)); });
  if (options.data_vector) fmt::print(out, "$var wire 8 {} data [7:0] $end\n", kDataBusId);
  fmt::print(out, "$upscope $end\n$enddefinitions $end\n");
}

}  // namespace

void WriteVcd(std::ostream& out, const Trace& trace, const Cable& cable, VcdOptions options) {
  std::array<Logic, kPins> values = InitialValues(trace, cable);
  WriteHeader(out, options);
  fmt::print(out, "#0\n$dumpvars\n");
  kAllLines.ForEach([&](Line line) {
    fmt::print(out, "{}{}\n", LogicChar(values[static_cast<size_t>(line)]), IdOf(line));
  });
  if (options.data_vector) fmt::print(out, "{} {}\n", DataBus(values), kDataBusId);
  fmt::print(out, "$end\n");

  Nanoseconds stamp{0};
  bool data_changed = false;
  const auto flush_data = [&] {
    if (data_changed) fmt::print(out, "{} {}\n", DataBus(values), kDataBusId);
    data_changed = false;
  };
  for (const TraceEvent& event : trace.events()) {
    const auto* change = std::get_if<LineChange>(&event.what);
    if (change == nullptr || change->cable != cable.id()) continue;
    if (event.at != stamp) {
      flush_data();
      stamp = event.at;
      fmt::print(out, "#{}\n", stamp.count());
    }
    values[static_cast<size_t>(change->line)] = change->to;
    data_changed = options.data_vector && (data_changed || kDataLines.contains(change->line));
    fmt::print(out, "{}{}\n", LogicChar(change->to), IdOf(change->line));
  }
  flush_data();
}

}  // namespace parclass::sim
