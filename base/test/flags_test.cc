#include "parclass/base/flags.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace parclass {
namespace {

enum class Color : uint8_t { kRed = 0x01, kGreen = 0x02, kBlue = 0x04 };

TEST(FlagsTest, EmptyByDefault) {
  EXPECT_TRUE(Flags<Color>().empty());
  EXPECT_EQ(Flags<Color>().bits(), 0);
}

TEST(FlagsTest, CombinesAndTests) {
  const Flags<Color> flags = Flags(Color::kRed) | Color::kBlue;
  EXPECT_EQ(flags.bits(), 0b101);
  EXPECT_TRUE(flags.contains(Color::kRed));
  EXPECT_FALSE(flags.contains(Color::kGreen));
  EXPECT_FALSE(flags.contains(Flags(Color::kRed) | Color::kGreen));
  EXPECT_TRUE(flags.intersects(Flags(Color::kRed) | Color::kGreen));
  EXPECT_EQ(flags.without(Color::kRed), Flags(Color::kBlue));
  EXPECT_EQ((flags & Color::kBlue).bits(), 0b100);
}

TEST(FlagsTest, CompoundAssignment) {
  Flags<Color> flags;
  flags |= Color::kGreen;
  flags |= Color::kRed;
  flags &= Color::kGreen;
  EXPECT_EQ(flags, Flags(Color::kGreen));
  EXPECT_EQ(Flags<Color>::FromBits(0b011), Flags(Color::kRed) | Color::kGreen);
}

}  // namespace
}  // namespace parclass
