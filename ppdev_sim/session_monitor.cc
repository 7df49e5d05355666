#include "parclass/ppdev_sim/session_monitor.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace parclass::ppdev_sim {
namespace {

using conformance::Rule;
using conformance::Violation;

constexpr size_t kShown = 20;  // Violations, stalls and errors listed one by one.

std::string Milliseconds(Nanoseconds time) {
  return fmt::format("{:.3f} ms", static_cast<double>(time.count()) / 1e6);
}

std::string Microseconds(Nanoseconds time) {
  return fmt::format("{:.3f} us", static_cast<double>(time.count()) / 1e3);
}

// "rules negotiation-response-time 6 compat-strobe-width 1", or "rules none".
std::string RulesLine(const std::vector<Violation>& violations) {
  std::map<Rule, size_t> counts;
  for (const Violation& violation : violations) ++counts[violation.rule];
  std::string line = "rules";
  for (const auto& [rule, count] : counts) line += fmt::format(" {} {}", RuleName(rule), count);
  return counts.empty() ? "rules none" : line;
}

std::string EppLines(const sim::EppChannel& epp) {
  std::string written;
  for (const uint8_t byte : epp.data_written()) written += fmt::format("{:02x}", byte);
  return fmt::format(
      "epp-cycles address-write {} address-read {} data-write {} data-read {}\n"
      "epp-data-written {}\n",
      epp.cycles(sim::EppCycle::kAddressWrite), epp.cycles(sim::EppCycle::kAddressRead),
      epp.cycles(sim::EppCycle::kDataWrite), epp.cycles(sim::EppCycle::kDataRead),
      written.empty() ? "-" : written);
}

}  // namespace

SessionMonitor::SessionMonitor(sim::SimulatedPort& port, conformance::ConformanceLimits limits)
    : port_(port), limits_(limits), checker_(port.cable(), limits) {}

void SessionMonitor::Stalled(Nanoseconds gap) {
  if (gap <= limits_.compat_strobe_max || port_.cable().level(Line::kNStrobe) != Level::kLow) {
    return;
  }
  const Nanoseconds now = port_.scheduler().Now();
  strobe_stalls_.push_back({now, now + gap});
}

size_t SessionMonitor::StretchedStrobes() const {
  // A strobe that fell before a stall and was due to rise during it: its violation is reported at
  // the limit, which falls inside the stall.
  const auto in_a_stall = [&](Nanoseconds at) {
    return std::ranges::any_of(
        strobe_stalls_, [at](const Stall& stall) { return stall.from <= at && at <= stall.to; });
  };
  const auto stretched = [&](const Violation& violation) {
    return violation.rule == Rule::kCompatStrobeWidth && in_a_stall(violation.at);
  };
  return static_cast<size_t>(std::ranges::count_if(checker_.violations(), stretched));
}

std::string SessionMonitor::Finish() {
  checker_.Finish(port_.scheduler().Now());
  const std::vector<Violation>& violations = checker_.violations();
  std::string report = fmt::format("conformance {}\n{}\nstretched-strobes {}\n", checker_.Summary(),
                                   RulesLine(violations), StretchedStrobes());
  for (size_t i = 0; i < violations.size() && i < kShown; ++i) {
    report += fmt::format("violation {}\n", violations[i].Format());
  }
  for (size_t i = 0; i < strobe_stalls_.size() && i < kShown; ++i) {
    const Stall& stall = strobe_stalls_[i];
    report += fmt::format("stall {}  {} without a port access, nStrobe low\n",
                          Microseconds(stall.from), Milliseconds(stall.to - stall.from));
  }
  if (const sim::EppChannel* epp = port_.printer_epp(); epp != nullptr) {
    report += EppLines(*epp);
  }
  const std::vector<std::string>& errors = port_.trace().errors();
  report += fmt::format("simulator-errors {}\n", errors.size());
  for (size_t i = 0; i < errors.size() && i < kShown; ++i) {
    report += fmt::format("simulator-error {}\n", errors[i]);
  }
  return report;
}

}  // namespace parclass::ppdev_sim
