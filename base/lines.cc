#include "parclass/base/lines.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <ostream>

#include "parclass/base/assert.h"

namespace parclass {
namespace {

constexpr std::array<std::string_view, 18> kLineNames = {
    "",  // There is no pin 0.
    "nStrobe", "D0",   "D1",     "D2",     "D3",      "D4",     "D5",    "D6",        "D7",
    "nAck",    "Busy", "PError", "Select", "nAutoFd", "nFault", "nInit", "nSelectIn",
};

// Joins `item(line)` for each line of `lines` with ", ".
template <typename Item>
std::string JoinLines(LineSet lines, Item&& item) {
  std::string text;
  lines.ForEach([&](Line line) {
    if (!text.empty()) text += ", ";
    text += item(line);
  });
  return text;
}

}  // namespace

std::string_view LineName(Line line) {
  const auto pin = static_cast<size_t>(line);
  PARCLASS_ASSERT(pin >= 1 && pin < kLineNames.size(), "not a line of the cable");
  return kLineNames[pin];
}

std::optional<Line> LineFromName(std::string_view name) {
  const auto same = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) ==
                    std::tolower(static_cast<unsigned char>(y));
           });
  };
  for (size_t pin = 1; pin < kLineNames.size(); ++pin) {
    if (same(name, kLineNames[pin])) return static_cast<Line>(pin);
  }
  return std::nullopt;
}

std::string_view LevelName(Level level) { return level == Level::kHigh ? "high" : "low"; }

std::string LineSet::Describe() const {
  return JoinLines(*this, [](Line line) { return std::string(LineName(line)); });
}

std::string LineLevels::Describe() const {
  return JoinLines(known_, [this](Line line) {
    return std::string(LineName(line)) + " " + std::string(LevelName(level(line)));
  });
}

std::ostream& operator<<(std::ostream& out, Line line) { return out << LineName(line); }
std::ostream& operator<<(std::ostream& out, Level level) { return out << LevelName(level); }
std::ostream& operator<<(std::ostream& out, LineSet lines) {
  return out << "{" << lines.Describe() << "}";
}
std::ostream& operator<<(std::ostream& out, const LineLevels& levels) {
  return out << "{" << levels.Describe() << "}";
}

}  // namespace parclass
