#include "parclass/sim/scripted_peripheral.h"

#include <fmt/format.h>

namespace parclass::sim {
namespace {

constexpr LineSet kAllLines = kStatusLines | kControlLines | kDataLines;

std::string_view EdgeName(Edge edge) { return edge == Edge::kRising ? "rising" : "falling"; }

bool Shows(const Delta& delta, Line line, Edge edge) {
  return edge == Edge::kRising ? delta.Rose(line) : delta.Fell(line);
}

}  // namespace

ScriptedPeripheral::ScriptedPeripheral(Cable& cable) : cable_(cable), side_(cable) {
  observer_ = cable_.Observe(kAllLines, [this](const Delta& delta) { OnLines(delta); });
}

ScriptedPeripheral::~ScriptedPeripheral() { cable_.StopObserving(observer_); }

void ScriptedPeripheral::DriveAt(Nanoseconds instant, LineLevels levels) {
  PARCLASS_ASSERT(instant >= side_.Now(), "a drive cannot be scheduled in the past");
  side_.After(instant - side_.Now(), [this, levels] { side_.Drive(levels); });
}

void ScriptedPeripheral::DriveDataAt(Nanoseconds instant, std::optional<uint8_t> byte) {
  PARCLASS_ASSERT(instant >= side_.Now(), "a drive cannot be scheduled in the past");
  side_.After(instant - side_.Now(), [this, byte] {
    if (byte) {
      side_.DriveData(*byte);
    } else {
      side_.ReleaseData();
    }
  });
}

void ScriptedPeripheral::OnEdge(Line line, Edge edge, Nanoseconds delay, LineLevels levels) {
  reactions_.push_back({line, edge, delay, levels});
}

void ScriptedPeripheral::ExpectEdge(Line line, Edge edge, EdgeWindow window) {
  expectations_.push_back({line, edge, window});
  expected_lines_ = expected_lines_.with(line);
}

Result<void> ScriptedPeripheral::Verify() const {
  std::vector<std::string> problems = mismatches_;
  for (size_t i = next_; i < expectations_.size(); ++i) {
    problems.push_back(fmt::format("expected edge {} never came: {} {}", i + 1,
                                   EdgeName(expectations_[i].edge),
                                   LineName(expectations_[i].line)));
  }
  if (problems.empty()) return Ok();
  return Error(Errc::kProtocolError, fmt::format("{}", fmt::join(problems, "; ")));
}

void ScriptedPeripheral::OnLines(const Delta& delta) {
  delta.changed.ForEach([&](Line line) {
    for (Edge edge : {Edge::kRising, Edge::kFalling}) {
      if (!Shows(delta, line, edge)) continue;
      for (const Reaction& reaction : reactions_) {
        if (reaction.line != line || reaction.edge != edge) continue;
        DriveAt(cable_.scheduler().Now() + reaction.delay, reaction.levels);
      }
      if (expected_lines_.contains(line)) Check(line, edge);
    }
  });
}

void ScriptedPeripheral::Check(Line line, Edge edge) {
  const Nanoseconds now = cable_.scheduler().Now();
  if (next_ == expectations_.size()) {
    mismatches_.push_back(fmt::format("unexpected {} {} at {} ns after the last expected edge",
                                      EdgeName(edge), LineName(line), now.count()));
    return;
  }
  const Expectation& expected = expectations_[next_];
  if (expected.line != line || expected.edge != edge) {
    mismatches_.push_back(fmt::format("at {} ns: expected edge {} is {} {}, saw {} {}", now.count(),
                                      next_ + 1, EdgeName(expected.edge), LineName(expected.line),
                                      EdgeName(edge), LineName(line)));
    return;
  }
  const Nanoseconds since = now - last_seen_;
  if (since < expected.window.not_before || since > expected.window.not_after) {
    mismatches_.push_back(
        fmt::format("edge {} ({} {}) came {} ns after the previous one, outside "
                    "its window",
                    next_ + 1, EdgeName(edge), LineName(line), since.count()));
  }
  ++next_;
  last_seen_ = now;
  seen_at_.push_back(now);
}

}  // namespace parclass::sim
