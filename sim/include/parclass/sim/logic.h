// Four-valued logic for the simulated cable, as in an HDL simulator.
//
// Each side of the cable (the host's chip and the peripheral) drives each line low, high or not
// at all. A line's resolved value is 0, 1, Z (nobody drives it) or X (the two sides drive it to
// different levels: bus contention, which on real hardware means a direction mistake and
// possibly damage, so the simulator reports it as an error instead of picking a winner).

#ifndef PARCLASS_SIM_LOGIC_H_
#define PARCLASS_SIM_LOGIC_H_

#include <cstdint>
#include <iosfwd>
#include <string_view>

#include "parclass/base/lines.h"

namespace parclass::sim {

enum class Logic : uint8_t { k0, k1, kZ, kX };

// What one side does to one line.
enum class Drive : uint8_t { kRelease, kLow, kHigh };

enum class Side : uint8_t { kHost, kPeripheral };

constexpr Drive DriveFor(Level level) { return level == Level::kHigh ? Drive::kHigh : Drive::kLow; }

// The level a receiver sees. Every line has a pull-up, so a floating line reads high; a line in
// contention reads low (the stronger sink wins on real drivers), and is reported separately.
constexpr Level SensedLevel(Logic logic) {
  return logic == Logic::k1 || logic == Logic::kZ ? Level::kHigh : Level::kLow;
}

// '0', '1', 'z', 'x', as a VCD file spells them.
constexpr char LogicChar(Logic logic) {
  constexpr std::string_view kChars = "01zx";
  return kChars[static_cast<size_t>(logic)];
}

std::string_view DriveName(Drive drive);  // "released", "low", "high"
std::string_view SideName(Side side);     // "host", "peripheral"

// For logs and test failures: "z", "released".
std::ostream& operator<<(std::ostream& out, Logic logic);
std::ostream& operator<<(std::ostream& out, Drive drive);

}  // namespace parclass::sim

#endif  // PARCLASS_SIM_LOGIC_H_
