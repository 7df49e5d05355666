#include "parclass/hw/epp_regs.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace parclass::hw {
namespace {

// --- EPP address (base+3) --------------------------------------------------------------------

// ieee1284.md section 2.2: base+3, 8-bit R/W, one address cycle per access.
TEST(EppAddressTest, AddressIsBasePlus3) {
  EXPECT_EQ(EppAddress::kAddress, (RegisterAddress{RegisterBlock::kBase, 3}));
  EXPECT_EQ(EppAddress::kAccess, Access::kReadWrite);
  EXPECT_EQ(EppAddress::kName, "epp_address");
}

TEST(EppAddressTest, AddressIsBits7To0) {
  EXPECT_EQ(EppAddress::Get().set_address(0b0001'0010).reg_value(), 0b0001'0010);
  EXPECT_EQ(EppAddress::Get().set_address(0b1111'1111).reg_value(), 0b1111'1111);
  EXPECT_EQ(EppAddress::FromValue(0b1010'0101).address(), 0b1010'0101);
}

TEST(EppAddressTest, DescribeShowsTheAddress) {
  EXPECT_EQ(EppAddress::FromValue(0x12).Describe(), "epp_address=0x12 [address=0x12]");
  EXPECT_EQ(EppAddress::FromValue(0x00).Describe(), "epp_address=0x00 []");
}

// --- EPP data (base+4..7) --------------------------------------------------------------------

// ieee1284.md section 2.2: base+4 is EPP data; base+5..7 take the upper bytes of 16- and 32-bit
// accesses.
TEST(EppDataTest, AddressesAreBasePlus4To7) {
  EXPECT_EQ(EppData<0>::kAddress, (RegisterAddress{RegisterBlock::kBase, 4}));
  EXPECT_EQ(EppData<1>::kAddress, (RegisterAddress{RegisterBlock::kBase, 5}));
  EXPECT_EQ(EppData<2>::kAddress, (RegisterAddress{RegisterBlock::kBase, 6}));
  EXPECT_EQ(EppData<3>::kAddress, (RegisterAddress{RegisterBlock::kBase, 7}));
}

TEST(EppDataTest, NamesAreEppData0To3) {
  EXPECT_EQ(EppData<0>::kName, "epp_data0");
  EXPECT_EQ(EppData<1>::kName, "epp_data1");
  EXPECT_EQ(EppData<2>::kName, "epp_data2");
  EXPECT_EQ(EppData<3>::kName, "epp_data3");
}

template <typename R>
class EppDataLaneTest : public ::testing::Test {};

using EppDataLanes = ::testing::Types<EppData<0>, EppData<1>, EppData<2>, EppData<3>>;
TYPED_TEST_SUITE(EppDataLaneTest, EppDataLanes);

TYPED_TEST(EppDataLaneTest, IsReadWrite) { EXPECT_EQ(TypeParam::kAccess, Access::kReadWrite); }

TYPED_TEST(EppDataLaneTest, DataIsBits7To0) {
  EXPECT_EQ(TypeParam::Get().set_data(0b1100'0011).reg_value(), 0b1100'0011);
  EXPECT_EQ(TypeParam::Get().set_data(0b1111'1111).reg_value(), 0b1111'1111);
  EXPECT_EQ(TypeParam::FromValue(0b0011'1100).data(), 0b0011'1100);
}

TYPED_TEST(EppDataLaneTest, SetDataReplacesThePreviousValue) {
  EXPECT_EQ(TypeParam::FromValue(0b1111'1111).set_data(0b0000'0001).reg_value(), 0b0000'0001);
}

TEST(EppDataTest, DescribeShowsTheData) {
  EXPECT_EQ(EppData<2>::FromValue(0xAA).Describe(), "epp_data2=0xaa [data=0xaa]");
}

}  // namespace
}  // namespace parclass::hw
