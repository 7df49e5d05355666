#include "parclass/sim/logic.h"

#include <ostream>

namespace parclass::sim {

std::string_view DriveName(Drive drive) {
  switch (drive) {
    case Drive::kRelease: return "released";
    case Drive::kLow: return "low";
    case Drive::kHigh: return "high";
  }
  return "invalid drive";
}

std::string_view SideName(Side side) { return side == Side::kHost ? "host" : "peripheral"; }

std::ostream& operator<<(std::ostream& out, Logic logic) { return out << LogicChar(logic); }
std::ostream& operator<<(std::ostream& out, Drive drive) { return out << DriveName(drive); }

}  // namespace parclass::sim
