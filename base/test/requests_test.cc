#include "parclass/base/requests.h"

#include <gtest/gtest.h>

namespace parclass {
namespace {

TEST(Ieee1284RequestTest, BytesOfTheStandardsRequests) {
  EXPECT_EQ(kNibbleRequest.byte(), 0b0000'0000);
  EXPECT_EQ(kByteRequest.byte(), 0b0000'0001);
  EXPECT_EQ(kNibbleRequest.with_device_id().byte(), 0b0000'0100);
  EXPECT_EQ(kByteRequest.with_device_id().byte(), 0b0000'0101);
  EXPECT_EQ(kEcpRequest.byte(), 0b0001'0000);
  EXPECT_EQ(kEcpRequest.with_device_id().byte(), 0b0001'0100);
  EXPECT_EQ(kBoundedEcpRequest.byte(), 0b0001'1000);
  EXPECT_EQ(kEcpRleRequest.byte(), 0b0011'0000);
  EXPECT_EQ(kEcpRleRequest.with_device_id().byte(), 0b0011'0100);
  EXPECT_EQ(kEppRequest.byte(), 0b0100'0000);
  EXPECT_EQ(kExtensibilityLinkRequest.byte(), 0b1000'0000);
}

TEST(Ieee1284RequestTest, BuiltFromModeAndFlags) {
  const Ieee1284Request request(RequestMode::kEcp,
                                RequestFlags(RequestFlag::kRle) | RequestFlag::kDeviceId);
  EXPECT_EQ(request.byte(), 0x34);
  EXPECT_EQ(request.mode(), RequestMode::kEcp);
  EXPECT_TRUE(request.rle());
  EXPECT_TRUE(request.device_id());
  EXPECT_FALSE(request.extensibility_link());
  EXPECT_EQ(request, Ieee1284Request::FromByte(0x34));
}

TEST(Ieee1284RequestTest, EcpRequests) {
  for (const uint8_t byte : {0x10, 0x14, 0x18, 0x30, 0x34}) {
    EXPECT_TRUE(Ieee1284Request::FromByte(byte).IsEcp()) << int{byte};
    EXPECT_EQ(LinkModeOf(Ieee1284Request::FromByte(byte)), LinkMode::kEcp) << int{byte};
  }
  for (const uint8_t byte : {0x00, 0x01, 0x04, 0x1c, 0x38, 0x40, 0x80, 0x90}) {
    EXPECT_FALSE(Ieee1284Request::FromByte(byte).IsEcp()) << int{byte};
  }
}

TEST(Ieee1284RequestTest, ModesOfLinks) {
  EXPECT_EQ(LinkModeOf(kNibbleRequest), LinkMode::kNibble);
  EXPECT_EQ(LinkModeOf(kNibbleRequest.with_device_id()), LinkMode::kNibble);
  EXPECT_EQ(LinkModeOf(kByteRequest.with_device_id()), LinkMode::kByte);
  EXPECT_EQ(LinkModeOf(kEppRequest), LinkMode::kEpp);
  EXPECT_EQ(LinkModeOf(kExtensibilityLinkRequest), LinkMode::kExtensibilityLink);
}

TEST(Ieee1284RequestTest, UndefinedRequestsHaveNoMode) {
  EXPECT_EQ(Ieee1284Request::FromByte(0x02).mode(), RequestMode::kUndefined);
  EXPECT_EQ(Ieee1284Request::FromByte(0x08).mode(), RequestMode::kUndefined);
  EXPECT_EQ(Ieee1284Request::FromByte(0x1c).mode(), RequestMode::kUndefined);
  for (const uint8_t byte : {0x02, 0x08, 0x1c, 0x20, 0x44, 0x7f, 0x90, 0xff}) {
    EXPECT_EQ(LinkModeOf(Ieee1284Request::FromByte(byte)), std::nullopt) << int{byte};
  }
}

TEST(Ieee1284RequestTest, ReverseChannels) {
  EXPECT_TRUE(kNibbleRequest.IsReverseChannel());
  EXPECT_TRUE(kByteRequest.with_device_id().IsReverseChannel());
  EXPECT_FALSE(kEcpRequest.IsReverseChannel());
  EXPECT_FALSE(kExtensibilityLinkRequest.IsReverseChannel());
  EXPECT_FALSE(Ieee1284Request::FromByte(0x21).IsReverseChannel());
}

TEST(LinkModeTest, Names) {
  EXPECT_EQ(LinkModeName(LinkMode::kCompatibility), "compatibility");
  EXPECT_EQ(LinkModeName(LinkMode::kEcp), "ECP");
  EXPECT_EQ(LinkModeName(LinkMode::kExtensibilityLink), "extensibility link");
  EXPECT_EQ(LinkModeName(static_cast<LinkMode>(200)), "invalid link mode");
}

}  // namespace
}  // namespace parclass
