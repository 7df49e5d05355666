// EPP in software against the simulator's EPP device model (sim::EppChannel), on each chip that
// can turn its data lines around, every trace checked for conformance.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "link_fixture.h"

namespace parclass::ieee1284 {
namespace {

using std::chrono::milliseconds;

class EppTest : public LinkFixture, public ::testing::WithParamInterface<sim::ChipConfig (*)()> {
 protected:
  EppTest() : LinkFixture(PrinterOn(GetParam()())) {}
  sim::EppChannel& device() { return *port_.printer_epp(); }
};

TEST_P(EppTest, AddressThenDataWrites) {
  ASSERT_OK(link_.Negotiate(kEppRequest));
  EXPECT_EQ(link_.mode(), LinkMode::kEpp);
  ASSERT_OK(link_.WriteEppAddress(0x10, Within(milliseconds(10))));
  ASSERT_OK(link_.WriteEpp(Bytes("epp"), Within(milliseconds(10))));
  EXPECT_EQ(device().data_register(0x10), 'e');
  EXPECT_EQ(device().data_register(0x11), 'p');
  EXPECT_EQ(device().data_register(0x12), 'p');
  ASSERT_OK(link_.Terminate());
  EXPECT_EQ(link_.mode(), LinkMode::kCompatibility);
  EXPECT_EQ(printer().mode(), sim::LinkMode::kCompatibility);
}

TEST_P(EppTest, AddressAndDataReads) {
  ASSERT_OK(link_.Negotiate(kEppRequest));
  device().set_data_register(0x20, 0xC0);
  device().set_data_register(0x21, 0xDE);
  ASSERT_OK(link_.WriteEppAddress(0x20, Within(milliseconds(10))));
  const Result<uint8_t> address = link_.ReadEppAddress(Within(milliseconds(10)));
  ASSERT_OK(address);
  EXPECT_EQ(*address, 0x20);
  std::vector<uint8_t> buffer(2);
  ASSERT_OK(link_.ReadEpp(buffer, Within(milliseconds(10))));
  EXPECT_EQ(buffer, (std::vector<uint8_t>{0xC0, 0xDE}));
  ASSERT_OK(link_.Terminate());
}

// The device never raises nWait (no event 58): a timeout there, the bytes before it counted, and
// the link reset to compatibility mode.
TEST_P(EppTest, NWaitNeverAsserted) {
  ASSERT_OK(link_.Negotiate(kEppRequest));
  ASSERT_OK(link_.WriteEpp(Bytes("ab"), Within(milliseconds(10))));
  printer().side().faults().never.insert(58);
  const Result<size_t> sent = link_.WriteEpp(Bytes("cd"), Within(milliseconds(10)));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code(), Errc::kTimeout);
  EXPECT_EQ(sent.error().event(), 58);
  EXPECT_EQ(sent.error().bytes_done(), 0u);
  EXPECT_EQ(link_.mode(), LinkMode::kCompatibility);
  check_conformance_ = false;  // The missing event 58 is the device's violation.
}

INSTANTIATE_TEST_SUITE_P(Chips, EppTest,
                         ::testing::Values(&sim::ChipConfig::Ps2, &sim::ChipConfig::EppOnly,
                                           &sim::ChipConfig::Ecp, &sim::ChipConfig::EcpEpp));

}  // namespace
}  // namespace parclass::ieee1284
