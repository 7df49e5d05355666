#include "parclass/sim/trace.h"

#include <fmt/format.h>

#include "parclass/hw/describe.h"

namespace parclass::sim {
namespace {

// Renders the payload of one event; one overload per kind.
struct Describer {
  std::string operator()(const RegisterAccess& access) const {
    return fmt::format("{} {}", access.kind == AccessKind::kRead ? "read " : "write",
                       hw::DescribeValue(access.address, access.value));
  }
  std::string operator()(const LineChange& change) const {
    return fmt::format("{} {} -> {}", LineName(change.line), LogicChar(change.from),
                       LogicChar(change.to));
  }
  std::string operator()(const Contention& contention) const {
    return fmt::format("contention on {}: host drives {}, peripheral drives {}",
                       LineName(contention.line), DriveName(contention.host),
                       DriveName(contention.peripheral));
  }
  std::string operator()(const Interrupt& /*interrupt*/) const { return "interrupt"; }
  std::string operator()(const GuestError& error) const {
    return fmt::format("guest error: {}", error.what);
  }
  std::string operator()(const Note& note) const { return note.what; }
};

bool IsError(const TraceEvent& event) {
  return std::holds_alternative<Contention>(event.what) ||
         std::holds_alternative<GuestError>(event.what);
}

}  // namespace

std::string Describe(const TraceEvent& event) {
  return fmt::format("{:10.3f} us  {}", static_cast<double>(event.at.count()) / 1000.0,
                     std::visit(Describer(), event.what));
}

void Trace::Record(TraceEvent event) {
  if (IsError(event)) errors_.push_back(Describe(event));
  if (!recording_) {
    if (observer_) observer_(event);
    return;
  }
  events_.push_back(std::move(event));
  if (observer_) observer_(events_.back());
}

void Trace::Clear() {
  events_.clear();
  errors_.clear();
}

}  // namespace parclass::sim
