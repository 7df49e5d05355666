#include "parclass/conformance/violation.h"

#include <fmt/format.h>

#include <ostream>

#include "link.h"

namespace parclass::conformance {

std::string_view RuleName(Rule rule) {
  switch (rule) {
    case Rule::kTraceTimeOrder: return "trace-time-order";
    case Rule::kCompatDataSetup: return "compat-data-setup";
    case Rule::kCompatDataStable: return "compat-data-stable";
    case Rule::kCompatDataHold: return "compat-data-hold";
    case Rule::kCompatStrobeWidth: return "compat-strobe-width";
    case Rule::kCompatStrobeWhileBusy: return "compat-strobe-while-busy";
    case Rule::kNegotiationOrder: return "negotiation-order";
    case Rule::kNegotiationResponseTime: return "negotiation-response-time";
    case Rule::kNegotiationRequestStable: return "negotiation-request-stable";
    case Rule::kNegotiationInitHigh: return "negotiation-init-high";
    case Rule::kNegotiationStrobeWidth: return "negotiation-strobe-width";
    case Rule::kNegotiationIllegalRequest: return "negotiation-illegal-request";
    case Rule::kNegotiationNotTerminated: return "negotiation-not-terminated";
    case Rule::kTerminationOrder: return "termination-order";
    case Rule::kTerminationResponseTime: return "termination-response-time";
    case Rule::kTerminationStatus: return "termination-status";
    case Rule::kTerminationXFlag: return "termination-xflag";
    case Rule::kTerminationFromEcpReverse: return "termination-from-ecp-reverse";
    case Rule::kNibbleOrder: return "nibble-order";
    case Rule::kNibbleResponseTime: return "nibble-response-time";
    case Rule::kNibbleDataStable: return "nibble-data-stable";
    case Rule::kByteOrder: return "byte-order";
    case Rule::kByteResponseTime: return "byte-response-time";
    case Rule::kByteDataStable: return "byte-data-stable";
    case Rule::kByteStrobeWidth: return "byte-strobe-width";
    case Rule::kEcpForwardOrder: return "ecp-forward-order";
    case Rule::kEcpForwardDataStable: return "ecp-forward-data-stable";
    case Rule::kEcpReverseOrder: return "ecp-reverse-order";
    case Rule::kEcpReverseDataStable: return "ecp-reverse-data-stable";
    case Rule::kEcpTurnaroundOrder: return "ecp-turnaround-order";
    case Rule::kEcpResponseTime: return "ecp-response-time";
    case Rule::kEppStrobeWhileWait: return "epp-strobe-while-wait";
    case Rule::kEppBothStrobes: return "epp-both-strobes";
    case Rule::kEppDataStable: return "epp-data-stable";
    case Rule::kEppCycleOrder: return "epp-cycle-order";
  }
  return "invalid rule";
}

std::string DescribeLines(const LineLevels& levels) {
  std::string text;
  const auto add = [&](const std::string& item) {
    if (!text.empty()) text += ' ';
    text += item;
  };
  const bool whole_byte = levels.known().contains(kDataLines);
  levels.known().ForEach([&](Line line) {
    if (whole_byte && kDataLines.contains(line)) {
      if (line == Line::kD0) add(fmt::format("D={:#04x}", internal::DataByte(levels)));
      return;
    }
    add(fmt::format("{}={}", LineName(line), levels.level(line) == Level::kHigh ? 1 : 0));
  });
  return text;
}

std::string Violation::Format() const {
  const std::string where =
      event ? fmt::format("{}, event {}", PhaseName(phase), *event) : std::string(PhaseName(phase));
  return fmt::format("{:>10.3f} us  {}: {}: {}  [{}]", static_cast<double>(at.count()) / 1e3, where,
                     RuleName(rule), detail, DescribeLines(lines));
}

std::ostream& operator<<(std::ostream& out, const Violation& violation) {
  return out << violation.Format();
}

std::ostream& operator<<(std::ostream& out, Rule rule) { return out << RuleName(rule); }

}  // namespace parclass::conformance
