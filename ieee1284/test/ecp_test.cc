// ECP in software against the simulator's ECP device model (sim::EcpChannel), on each chip that
// can turn its data lines around, every trace checked for conformance.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "link_fixture.h"

namespace parclass::ieee1284 {
namespace {

using std::chrono::milliseconds;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

class EcpTest : public LinkFixture, public ::testing::WithParamInterface<sim::ChipConfig (*)()> {
 protected:
  EcpTest() : LinkFixture(PrinterOn(GetParam()())) {}
  sim::EcpChannel& device() { return *port_.printer_ecp(); }
};

TEST_P(EcpTest, ForwardDataAndChannel) {
  ASSERT_OK(link_.Negotiate(kEcpRequest));
  EXPECT_EQ(link_.mode(), LinkMode::kEcp);
  EXPECT_EQ(link_.phase(), Phase::kForwardIdle);
  ASSERT_OK(link_.WriteEcpChannel(2, Within(milliseconds(10))));
  const std::vector<uint8_t> data = Bytes("ecp forward");
  const Result<size_t> sent = link_.WriteEcp(data, Within(milliseconds(100)));
  ASSERT_OK(sent);
  EXPECT_EQ(*sent, data.size());
  EXPECT_THAT(device().received_on(2), ElementsAreArray(data));
  ASSERT_OK(link_.Terminate());
}

// With RLE negotiated, a run of equal bytes goes as a count and one byte.
TEST_P(EcpTest, ForwardRunLengthEncoding) {
  ASSERT_OK(link_.Negotiate(kEcpRleRequest));
  std::vector<uint8_t> data(40, 'z');
  data.push_back('!');
  port_.chip().ResetCounters();
  ASSERT_OK(link_.WriteEcp(data, Within(milliseconds(100))));
  EXPECT_THAT(device().received_on(0), ElementsAreArray(data));
  EXPECT_THAT(device().commands(), ElementsAre(39));  // One count: 40 times 'z'.
  EXPECT_LT(port_.chip().counters().total(), 20u);    // 3 bytes on the wire, not 41.
  ASSERT_OK(link_.Terminate());
}

TEST_P(EcpTest, ReverseDataWithTurnaroundBothWays) {
  ASSERT_OK(link_.Negotiate(kEcpRequest));
  printer().QueueReverse(Bytes("reverse"));
  std::vector<uint8_t> buffer(32);
  const Result<size_t> got = link_.ReadEcp(buffer, Within(milliseconds(100)));
  ASSERT_OK(got);
  buffer.resize(*got);
  EXPECT_EQ(buffer, Bytes("reverse"));
  EXPECT_TRUE(link_.ecp_reverse());
  ASSERT_OK(link_.WriteEcp(Bytes("ok"), Within(milliseconds(10))));  // Turns it around again.
  EXPECT_FALSE(link_.ecp_reverse());
  EXPECT_THAT(device().received_on(0), ElementsAreArray(Bytes("ok")));
  ASSERT_OK(link_.Terminate());
}

// The device compresses runs when RLE was negotiated; the engine expands them.
TEST_P(EcpTest, ReverseRunLengthDecoding) {
  ASSERT_OK(link_.Negotiate(kEcpRleRequest));
  std::vector<uint8_t> data(50, 0xAB);
  data.push_back(0x01);
  printer().QueueReverse(data);
  std::vector<uint8_t> buffer(64);
  const Result<size_t> got = link_.ReadEcp(buffer, Within(milliseconds(100)));
  ASSERT_OK(got);
  buffer.resize(*got);
  EXPECT_EQ(buffer, data);
  ASSERT_OK(link_.Terminate());
}

// A run that does not fit in the buffer stays for the next read: no byte is lost.
TEST_P(EcpTest, RunLongerThanTheBufferWaitsForTheNextRead) {
  ASSERT_OK(link_.Negotiate(kEcpRleRequest));
  std::vector<uint8_t> data = Bytes("ab");
  data.insert(data.end(), 20, 'q');
  printer().QueueReverse(data);
  std::vector<uint8_t> first(8);
  const Result<size_t> got_first = link_.ReadEcp(first, Within(milliseconds(100)));
  ASSERT_OK(got_first);
  EXPECT_EQ(*got_first, 2u);
  std::vector<uint8_t> second(32);
  const Result<size_t> got_second = link_.ReadEcp(second, Within(milliseconds(100)));
  ASSERT_OK(got_second);
  second.resize(*got_second);
  EXPECT_EQ(second, std::vector<uint8_t>(20, 'q'));
  ASSERT_OK(link_.Terminate());
}

TEST_P(EcpTest, DeviceIdOverEcp) {
  ASSERT_OK(link_.Negotiate(kEcpRequest | kDeviceIdFlag));
  std::vector<uint8_t> buffer(256);
  const Result<size_t> got = link_.ReadEcp(buffer, Within(milliseconds(100)));
  ASSERT_OK(got);
  buffer.resize(*got);
  EXPECT_EQ(buffer, sim::Ieee1284Peripheral::DeviceIdBytes(printer().config().device_id,
                                                           sim::DeviceIdLength::kStandard));
  ASSERT_OK(link_.Terminate());
}

// The device never takes the byte (no event 36): a timeout at event 36, 0 bytes done, and the
// link terminated.
TEST_P(EcpTest, ForwardByteNeverTaken) {
  ASSERT_OK(link_.Negotiate(kEcpRequest));
  printer().side().faults().never.insert(36);
  const Result<size_t> sent = link_.WriteEcp(Bytes("x"), Within(milliseconds(100)));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code(), Errc::kTimeout);
  EXPECT_EQ(sent.error().event(), 36);
  EXPECT_EQ(sent.error().bytes_done(), 0u);
  EXPECT_EQ(link_.mode(), LinkMode::kCompatibility);
  check_conformance_ = false;  // The missing event 36 is the device's violation.
}

// An ECP request for the reverse channel with no data behind it: the read waits for event 43
// until the transfer's deadline, then stops with what it has (nothing) and terminates.
TEST_P(EcpTest, ReverseRequestWithNoData) {
  sim::Topology topology = PrinterOn(GetParam()());
  ASSERT_OK(link_.Negotiate(kEcpRequest));
  printer().side().faults().never.insert(43);
  printer().QueueReverse(Bytes("lost"));
  std::vector<uint8_t> buffer(8);
  const Result<size_t> got = link_.ReadEcp(buffer, Within(milliseconds(5)));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code(), Errc::kTimeout);
  EXPECT_EQ(got.error().event(), 43);
  EXPECT_EQ(got.error().bytes_done(), 0u);
  EXPECT_EQ(link_.mode(), LinkMode::kCompatibility);
  check_conformance_ = false;
}

INSTANTIATE_TEST_SUITE_P(Chips, EcpTest,
                         ::testing::Values(&sim::ChipConfig::Ps2, &sim::ChipConfig::EppOnly,
                                           &sim::ChipConfig::Ecp, &sim::ChipConfig::EcpEpp));

}  // namespace
}  // namespace parclass::ieee1284
