// EPP against the simulator's EPP device model (sim::EppChannel), on each chip that can turn its
// data lines around, in software and with the chip's EPP cycles where it has them, every trace
// checked for conformance.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "link_fixture.h"

namespace parclass::ieee1284 {
namespace {

using std::chrono::milliseconds;

class EppTest : public LinkFixture, public ::testing::WithParamInterface<ChipCase> {
 protected:
  EppTest() : LinkFixture(GetParam()) {}
  sim::EppChannel& device() { return *port_.printer_epp(); }
  TransferPath path() const {
    return GetParam().chip_paths && GetParam().config().epp ? TransferPath::kEpp
                                                            : TransferPath::kSoftware;
  }
};

TEST_P(EppTest, AddressThenDataWrites) {
  ASSERT_OK(link_.Negotiate(kEppRequest));
  EXPECT_EQ(link_.mode(), LinkMode::kEpp);
  ASSERT_OK(link_.WriteEppAddress(0x10, Within(milliseconds(10))));
  ASSERT_OK(link_.WriteEpp(Bytes("epp"), Within(milliseconds(10))));
  EXPECT_EQ(link_.last_path(), path());
  EXPECT_EQ(device().data_register(0x10), 'e');
  EXPECT_EQ(device().data_register(0x11), 'p');
  EXPECT_EQ(device().data_register(0x12), 'p');
  ASSERT_OK(link_.Terminate());
  EXPECT_EQ(link_.mode(), LinkMode::kCompatibility);
  EXPECT_EQ(printer().mode(), LinkMode::kCompatibility);
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

// Blocks long enough for 32-bit chip accesses, with a tail of single bytes, both ways.
TEST_P(EppTest, BlockTransfersBothWays) {
  ASSERT_OK(link_.Negotiate(kEppRequest));
  std::vector<uint8_t> data;
  for (int i = 0; i < 23; ++i) data.push_back(static_cast<uint8_t>(0xA0 + i));
  ASSERT_OK(link_.WriteEppAddress(0x40, Within(milliseconds(10))));
  const Result<size_t> sent = link_.WriteEpp(data, Within(milliseconds(10)));
  ASSERT_OK(sent);
  EXPECT_EQ(*sent, data.size());
  EXPECT_EQ(link_.last_path(), path());
  for (size_t i = 0; i < data.size(); ++i) {
    EXPECT_EQ(device().data_register(static_cast<uint8_t>(0x40 + i)), data[i]) << i;
  }
  ASSERT_OK(link_.WriteEppAddress(0x40, Within(milliseconds(10))));
  std::vector<uint8_t> buffer(data.size());
  const Result<size_t> got = link_.ReadEpp(buffer, Within(milliseconds(10)));
  ASSERT_OK(got);
  EXPECT_EQ(buffer, data);
  ASSERT_OK(link_.Terminate());
}

// The device stops answering in the middle of a block: the bytes done are those whose cycles (or
// whole 32-bit accesses) completed, and no more.
TEST_P(EppTest, DeviceStopsMidBlock) {
  ASSERT_OK(link_.Negotiate(kEppRequest));
  port_.cable().Observe({Line::kBusy}, [&](const sim::Delta& delta) {
    if (delta.Fell(Line::kBusy) && device().cycles(sim::EppCycle::kDataWrite) == 9) {
      printer().side().faults().never.insert(58);
    }
  });
  const Result<size_t> sent =
      link_.WriteEpp(std::vector<uint8_t>(16, 0x55), Within(milliseconds(10)));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().event(), 58);
  const bool wide = path() == TransferPath::kEpp;
  EXPECT_EQ(sent.error().bytes_done(), wide ? 8u : 9u);
  EXPECT_EQ(link_.mode(), LinkMode::kCompatibility);
  check_conformance_ = false;
}

INSTANTIATE_TEST_SUITE_P(
    Chips, EppTest,
    ::testing::ValuesIn(SoftwareAndChip({&sim::ChipConfig::Ps2, &sim::ChipConfig::EppOnly,
                                         &sim::ChipConfig::Ecp, &sim::ChipConfig::EcpEpp})),
    CaseName);

}  // namespace
}  // namespace parclass::ieee1284
