#include "parclass/qemu/patterns.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <vector>

namespace parclass::qemu {
namespace {

// Pinned: the guest and the host agree whatever the function is, but a change would make files
// kept from an earlier run (qemu/lab --keep) look wrong.
TEST(PatternTest, FirstBytesOfSeedOne) {
  EXPECT_EQ(Pattern(1, 8), (std::vector<uint8_t>{0x52, 0x6c, 0xce, 0x34, 0x1d, 0x36, 0x39, 0x86}));
}

TEST(PatternTest, IsAFunctionOfSeedAndIndex) {
  const std::vector<uint8_t> bytes = Pattern(7, 1000);
  ASSERT_EQ(bytes.size(), 1000u);
  for (size_t i = 0; i < bytes.size(); ++i) EXPECT_EQ(bytes[i], PatternByte(7, i)) << i;
  EXPECT_EQ(Pattern(7, 1000), bytes);
}

TEST(PatternTest, EveryByteValueOccursIn64KiB) {
  std::array<bool, 256> seen{};
  for (const uint8_t byte : Pattern(1, 64 * 1024)) seen[byte] = true;
  for (size_t value = 0; value < seen.size(); ++value) EXPECT_TRUE(seen[value]) << value;
}

TEST(PatternTest, SeedsGiveDifferentPatterns) {
  EXPECT_NE(Pattern(1, 64), Pattern(2, 64));
  EXPECT_NE(Pattern(0, 64), Pattern(1, 64));
}

TEST(PatternTest, EmptyPattern) { EXPECT_TRUE(Pattern(1, 0).empty()); }

}  // namespace
}  // namespace parclass::qemu
