// The lines of the IEEE 1284 cable and their electrical levels.
//
// This is the vocabulary every layer above hw/ speaks: a line and its level at the connector,
// never a register bit. Lines are identified by their IEEE 1284-A (DB-25, host side) pin number;
// active-low lines carry the standard's `n` prefix. hw/ maps the PC port's register bits, and
// their hardware inversions, onto these lines in exactly one place.
//
//   // Event 2: PError, Select and nFault go high, nAck goes low.
//   constexpr LineLevels kEvent2 = LineLevels()
//       .with(Line::kPError, Level::kHigh)
//       .with(Line::kSelect, Level::kHigh)
//       .with(Line::kNFault, Level::kHigh)
//       .with(Line::kNAck, Level::kLow);
//   LineLevels seen = hw::Dsr::Get().ReadFrom(io).lines();
//   if (!kEvent2.MatchedBy(seen)) {
//     log(kEvent2.Describe(), seen.Describe());   // "nAck low, PError high, ..." vs what was seen
//   }

#ifndef PARCLASS_BASE_LINES_H_
#define PARCLASS_BASE_LINES_H_

#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

#include "parclass/base/assert.h"

namespace parclass {

// A signal line of the cable, numbered as its pin on the host's DB-25 connector.
enum class Line : uint8_t {
  kNStrobe = 1,
  kD0 = 2,
  kD1 = 3,
  kD2 = 4,
  kD3 = 5,
  kD4 = 6,
  kD5 = 7,
  kD6 = 8,
  kD7 = 9,
  kNAck = 10,
  kBusy = 11,
  kPError = 12,
  kSelect = 13,
  kNAutoFd = 14,
  kNFault = 15,
  kNInit = 16,
  kNSelectIn = 17,
};

inline constexpr Line kFirstLine = Line::kNStrobe;
inline constexpr Line kLastLine = Line::kNSelectIn;

// Data line D<bit>, for bit 0..7.
constexpr Line DataLine(int bit) { return static_cast<Line>(static_cast<int>(Line::kD0) + bit); }

// The standard's name of a line: "nStrobe", "D0", "Busy", ...
std::string_view LineName(Line line);
// The line of a name, as LineName spells it, in any letter case; nullopt for other names.
std::optional<Line> LineFromName(std::string_view name);

enum class Level : uint8_t { kLow = 0, kHigh = 1 };

constexpr Level LevelOf(bool high) { return high ? Level::kHigh : Level::kLow; }
constexpr Level Invert(Level level) { return level == Level::kHigh ? Level::kLow : Level::kHigh; }
std::string_view LevelName(Level level);  // "low" or "high"

// A set of lines.
class LineSet {
 public:
  constexpr LineSet() = default;
  constexpr LineSet(std::initializer_list<Line> lines) {
    for (Line line : lines) bits_ |= Bit(line);
  }

  constexpr bool contains(Line line) const { return (bits_ & Bit(line)) != 0; }
  constexpr bool contains(LineSet lines) const { return (bits_ & lines.bits_) == lines.bits_; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr LineSet with(Line line) const { return FromBits(bits_ | Bit(line)); }
  constexpr LineSet without(Line line) const { return FromBits(bits_ & ~Bit(line)); }

  constexpr LineSet operator|(LineSet other) const { return FromBits(bits_ | other.bits_); }
  constexpr LineSet operator&(LineSet other) const { return FromBits(bits_ & other.bits_); }
  constexpr LineSet operator-(LineSet other) const { return FromBits(bits_ & ~other.bits_); }
  friend constexpr bool operator==(LineSet, LineSet) = default;

  // Calls `visit(line)` for each line of the set, in pin order.
  template <typename Visitor>
  constexpr void ForEach(Visitor&& visit) const {
    for (int pin = static_cast<int>(kFirstLine); pin <= static_cast<int>(kLastLine); ++pin) {
      if (contains(static_cast<Line>(pin))) visit(static_cast<Line>(pin));
    }
  }

  // "nAck, Busy": the lines' names in pin order.
  std::string Describe() const;

 private:
  static constexpr uint32_t Bit(Line line) { return uint32_t{1} << static_cast<int>(line); }
  static constexpr LineSet FromBits(uint32_t bits) {
    LineSet set;
    set.bits_ = bits;
    return set;
  }

  uint32_t bits_ = 0;
};

// The lines a peripheral drives (the five status lines) and those the host drives (the four
// control lines); the data lines are driven by either side, depending on direction.
inline constexpr LineSet kStatusLines = {Line::kNAck, Line::kBusy, Line::kPError, Line::kSelect,
                                         Line::kNFault};
inline constexpr LineSet kControlLines = {Line::kNStrobe, Line::kNAutoFd, Line::kNInit,
                                          Line::kNSelectIn};
inline constexpr LineSet kDataLines = {Line::kD0, Line::kD1, Line::kD2, Line::kD3,
                                       Line::kD4, Line::kD5, Line::kD6, Line::kD7};

// The levels of some lines: which lines are known, and which of those are high. Used both for
// what was seen on the cable and for what a protocol step waits for.
class LineLevels {
 public:
  constexpr LineLevels() = default;

  constexpr LineSet known() const { return known_; }
  constexpr LineSet high() const { return high_; }
  constexpr bool knows(Line line) const { return known_.contains(line); }
  // The level of a known line; asking for an unknown line is a bug.
  constexpr Level level(Line line) const {
    PARCLASS_ASSERT(knows(line), "level of a line that is not known");
    return LevelOf(high_.contains(line));
  }

  constexpr LineLevels with(Line line, Level level) const {
    LineLevels result = *this;
    result.known_ = known_.with(line);
    result.high_ = level == Level::kHigh ? high_.with(line) : high_.without(line);
    return result;
  }
  // Only the lines of `lines` that are known here.
  constexpr LineLevels restricted_to(LineSet lines) const {
    LineLevels result;
    result.known_ = known_ & lines;
    result.high_ = high_ & lines;
    return result;
  }

  // True if every line known here is also known in `seen`, at the same level.
  constexpr bool MatchedBy(LineLevels seen) const {
    return seen.known_.contains(known_) && (seen.high_ & known_) == high_;
  }

  // "nAck low, Busy high": each known line with its level, in pin order.
  std::string Describe() const;

  friend constexpr bool operator==(LineLevels, LineLevels) = default;

 private:
  LineSet known_;
  LineSet high_;  // Always a subset of known_.
};

// For logs and test failures: "nStrobe", "high", "{nAck, Busy}", "{nAck low, Busy high}".
std::ostream& operator<<(std::ostream& out, Line line);
std::ostream& operator<<(std::ostream& out, Level level);
std::ostream& operator<<(std::ostream& out, LineSet lines);
std::ostream& operator<<(std::ostream& out, const LineLevels& levels);

}  // namespace parclass

#endif  // PARCLASS_BASE_LINES_H_
