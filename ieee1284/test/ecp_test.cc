// ECP against the simulator's ECP device model (sim::EcpChannel), on each chip that can turn its
// data lines around, in software and through the FIFO where the chip has one, every trace checked
// for conformance.

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

class EcpTest : public LinkFixture, public ::testing::WithParamInterface<ChipCase> {
 protected:
  EcpTest() : LinkFixture(GetParam()) {}
  sim::EcpChannel& device() { return *port_.printer_ecp(); }
  bool fifo() const { return GetParam().chip_paths && GetParam().config().ecr; }
  TransferPath path() const { return fifo() ? TransferPath::kFifo : TransferPath::kSoftware; }
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
  EXPECT_EQ(link_.last_path(), path());
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
  EXPECT_EQ(link_.last_path(), path());
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

// A run that does not fit in the buffer stays for the next read: no byte is lost. In software
// the count stays unacknowledged on the cable; through the FIFO the chip expands the run and the
// bytes past the buffer wait in the link.
TEST_P(EcpTest, RunLongerThanTheBufferWaitsForTheNextRead) {
  ASSERT_OK(link_.Negotiate(kEcpRleRequest));
  std::vector<uint8_t> data = Bytes("ab");
  data.insert(data.end(), 20, 'q');
  printer().QueueReverse(data);
  std::vector<uint8_t> first(8);
  const Result<size_t> got_first = link_.ReadEcp(first, Within(milliseconds(100)));
  ASSERT_OK(got_first);
  EXPECT_EQ(*got_first, fifo() ? 8u : 2u);
  std::vector<uint8_t> second(32);
  const Result<size_t> got_second = link_.ReadEcp(second, Within(milliseconds(100)));
  ASSERT_OK(got_second);
  first.resize(*got_first);
  second.resize(*got_second);
  first.insert(first.end(), second.begin(), second.end());
  EXPECT_EQ(first, data);
  EXPECT_EQ(link_.reverse_pending(), 0u);
  ASSERT_OK(link_.Terminate());
}

// More than a FIFO's worth both ways, with runs, so that the FIFO paths fill and drain many
// times; the bytes arrive whole and in order.
TEST_P(EcpTest, ManyFifoLoadsBothWays) {
  ASSERT_OK(link_.Negotiate(kEcpRleRequest));
  std::vector<uint8_t> data;
  for (int i = 0; i < 300; ++i) data.push_back(static_cast<uint8_t>(i % 7 == 0 ? 'r' : i));
  data.insert(data.begin() + 100, 40, 'z');
  ASSERT_OK(link_.WriteEcp(data, Within(milliseconds(100))));
  EXPECT_THAT(device().received_on(0), ElementsAreArray(data));
  printer().QueueReverse(data);
  std::vector<uint8_t> buffer(data.size() + 10);
  const Result<size_t> got = link_.ReadEcp(buffer, Within(milliseconds(100)));
  ASSERT_OK(got);
  buffer.resize(*got);
  EXPECT_EQ(buffer, data);
  ASSERT_OK(link_.Terminate());
}

// Bytes the chip took past the end of a read are handed out first by the next one.
TEST_P(EcpTest, ShortReadsLoseNothing) {
  ASSERT_OK(link_.Negotiate(kEcpRequest));
  const std::vector<uint8_t> data = Bytes("0123456789abcdefghijklmnopqrstuvwxyz");
  printer().QueueReverse(data);
  std::vector<uint8_t> all;
  std::vector<uint8_t> buffer(5);
  for (int i = 0; i < 3; ++i) {
    const Result<size_t> got = link_.ReadEcp(buffer, Within(milliseconds(100)));
    ASSERT_OK(got);
    all.insert(all.end(), buffer.begin(), buffer.begin() + static_cast<long>(*got));
  }
  std::vector<uint8_t> rest(64);
  const Result<size_t> got = link_.ReadEcp(rest, Within(milliseconds(100)));
  ASSERT_OK(got);
  all.insert(all.end(), rest.begin(), rest.begin() + static_cast<long>(*got));
  EXPECT_EQ(all, data);
  ASSERT_OK(link_.Terminate());
}

TEST_P(EcpTest, DeviceIdOverEcp) {
  ASSERT_OK(link_.Negotiate(kEcpRequest.with_device_id()));
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

INSTANTIATE_TEST_SUITE_P(
    Chips, EcpTest,
    ::testing::ValuesIn(SoftwareAndChip({&sim::ChipConfig::Ps2, &sim::ChipConfig::EppOnly,
                                         &sim::ChipConfig::Ecp, &sim::ChipConfig::EcpEpp})),
    CaseName);

}  // namespace
}  // namespace parclass::ieee1284
