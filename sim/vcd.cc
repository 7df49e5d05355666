#include "parclass/sim/vcd.h"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include <string>

namespace parclass::sim {
namespace {

constexpr size_t kPins = static_cast<size_t>(kLastLine) + 1;
constexpr LineSet kAllLines = kControlLines | kDataLines | kStatusLines;
constexpr char kDataBusId = '~';

// Short VCD identifiers: one printable character per pin.
char IdOf(Line line) { return static_cast<char>('!' + static_cast<int>(line)); }

// Each line's value before the trace's first change of it on `cable`; a line the trace never
// changes, its value on `cable` now.
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

std::array<Logic, kPins> ValuesNow(const Cable& cable) {
  std::array<Logic, kPins> values{};
  kAllLines.ForEach([&](Line line) { values[static_cast<size_t>(line)] = cable.value(line); });
  return values;
}

}  // namespace

namespace internal {

VcdWriter::VcdWriter(std::ostream& out, const std::array<Logic, kPins>& initial, CableId cable,
                     VcdOptions options)
    : out_(out), values_(initial), cable_(cable), options_(options) {
  fmt::print(out_, "$version parclass simulator $end\n$timescale 1ns $end\n");
  fmt::print(out_, "$scope module parallel $end\n");
  kAllLines.ForEach(
      [&](Line line) { fmt::print(out_, "$var wire 1 {} {} $end\n", IdOf(line), LineName(line)); });
  if (options_.data_vector) fmt::print(out_, "$var wire 8 {} data [7:0] $end\n", kDataBusId);
  fmt::print(out_, "$upscope $end\n$enddefinitions $end\n");
  fmt::print(out_, "#0\n$dumpvars\n");
  kAllLines.ForEach([&](Line line) {
    fmt::print(out_, "{}{}\n", LogicChar(values_[static_cast<size_t>(line)]), IdOf(line));
  });
  if (options_.data_vector) fmt::print(out_, "{} {}\n", DataBus(), kDataBusId);
  fmt::print(out_, "$end\n");
}

void VcdWriter::Add(const TraceEvent& event) {
  const auto* change = std::get_if<LineChange>(&event.what);
  if (change == nullptr || change->cable != cable_) return;
  if (event.at != stamp_) {
    Flush();
    stamp_ = event.at;
    fmt::print(out_, "#{}\n", stamp_.count());
  }
  values_[static_cast<size_t>(change->line)] = change->to;
  data_changed_ = options_.data_vector && (data_changed_ || kDataLines.contains(change->line));
  fmt::print(out_, "{}{}\n", LogicChar(change->to), IdOf(change->line));
}

void VcdWriter::Flush() {
  if (data_changed_) fmt::print(out_, "{} {}\n", DataBus(), kDataBusId);
  data_changed_ = false;
}

std::string VcdWriter::DataBus() const {
  std::string bits = "b";
  for (int bit = 7; bit >= 0; --bit) bits += LogicChar(values_[static_cast<size_t>(DataLine(bit))]);
  return bits;
}

}  // namespace internal

void WriteVcd(std::ostream& out, const Trace& trace, const Cable& cable, VcdOptions options) {
  internal::VcdWriter writer(out, InitialValues(trace, cable), cable.id(), options);
  for (const TraceEvent& event : trace.events()) writer.Add(event);
  writer.Flush();
}

VcdRecorder::VcdRecorder(std::ostream& out, Cable& cable, VcdOptions options)
    : trace_(cable.trace()), writer_(out, ValuesNow(cable), cable.id(), options) {
  trace_.set_observer([this](const TraceEvent& event) { writer_.Add(event); });
}

VcdRecorder::~VcdRecorder() {
  if (!finished_) trace_.set_observer(nullptr);
}

void VcdRecorder::Finish() {
  if (finished_) return;
  trace_.set_observer(nullptr);
  writer_.Flush();
  finished_ = true;
}

}  // namespace parclass::sim
