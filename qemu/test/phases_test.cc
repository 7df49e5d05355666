#include "parclass/qemu/phases.h"

#include <gtest/gtest.h>

#include <set>
#include <string_view>
#include <vector>

namespace parclass::qemu {
namespace {

TEST(PortsTest, DistinctIdsAndBases) {
  std::set<std::string_view> ids;
  std::set<uint16_t> bases;
  for (const EmulatedPort& port : kPorts) {
    EXPECT_TRUE(ids.insert(port.id).second) << port.id;
    EXPECT_TRUE(bases.insert(port.base).second) << port.base;
  }
}

// QEMU's ACPI tables make ISA IRQs 5, 9, 10 and 11 level-triggered, and QEMU's port holds its
// line high until the status register is read: an interrupt storm (docs/qemu.md).
TEST(PortsTest, NoLevelTriggeredIrq) {
  for (const EmulatedPort& port : kPorts) {
    EXPECT_NE(port.irq, 5) << port.id;
    EXPECT_NE(port.irq, 9) << port.id;
    EXPECT_NE(port.irq, 10) << port.id;
    EXPECT_NE(port.irq, 11) << port.id;
  }
}

TEST(PhasesTest, EveryPhaseWritesToAnEmulatedPort) {
  for (const Phase& phase : kPhases) EXPECT_NE(FindPort(phase.base), nullptr) << phase.name;
}

// Names are console markers and test names: distinct, lower case, digits and '-', and never
// ending in "-end" (the end marker of another phase).
TEST(PhasesTest, NamesAreDistinctMarkers) {
  std::set<std::string_view> names;
  for (const Phase& phase : kPhases) {
    EXPECT_TRUE(names.insert(phase.name).second) << phase.name;
    EXPECT_FALSE(phase.name.empty());
    EXPECT_FALSE(phase.name.ends_with("-end")) << phase.name;
    for (const char c : phase.name) {
      EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') << phase.name;
    }
  }
}

TEST(PhasesTest, ExpectedStreamConcatenatesThePortsPhasesInOrder) {
  constexpr Phase kTable[] = {
      {.name = "a", .writer = Writer::kLpDriver, .base = 0x378, .seed = 1, .length = 3},
      {.name = "b", .writer = Writer::kLpDriver, .base = 0x278, .seed = 2, .length = 5},
      {.name = "c", .writer = Writer::kLpDriver, .base = 0x378, .seed = 3, .length = 2},
  };
  std::vector<uint8_t> expected = Pattern(1, 3);
  const std::vector<uint8_t> third = Pattern(3, 2);
  expected.insert(expected.end(), third.begin(), third.end());
  EXPECT_EQ(ExpectedStream(*FindPort(0x378), kTable), expected);
  EXPECT_EQ(ExpectedStream(*FindPort(0x278), kTable), Pattern(2, 5));
}

TEST(PhasesTest, APortNoPhaseWritesExpectsNothing) {
  EXPECT_TRUE(ExpectedStream(kPorts[0], {}).empty());
}

}  // namespace
}  // namespace parclass::qemu
