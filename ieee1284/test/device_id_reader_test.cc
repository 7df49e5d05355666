// Reading the Device ID over each reverse mode, from peripherals sending each length form found in
// the field, conformance-checked.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <tuple>
#include <vector>

#include "link_fixture.h"
#include "parclass/ieee1284/device_id.h"

namespace parclass::ieee1284 {
namespace {

using std::chrono::milliseconds;

constexpr std::string_view kId = "MFG:Acme;MDL:LaserWriter 9;CMD:PCL,PJL;CLS:PRINTER;";

sim::Topology PrinterSending(sim::DeviceIdLength form) {
  sim::Topology topology = PrinterOn(sim::ChipConfig::EcpEpp());
  topology.printer.device_id = std::string(kId);
  topology.printer.device_id_length = form;
  return topology;
}

class DeviceIdReaderTest
    : public LinkFixture,
      public ::testing::WithParamInterface<std::tuple<ReverseMode, sim::DeviceIdLength>> {
 protected:
  DeviceIdReaderTest() : LinkFixture(PrinterSending(std::get<1>(GetParam()))) {}
};

TEST_P(DeviceIdReaderTest, ReadsTheWholeIdInEachForm) {
  const Result<std::vector<uint8_t>> raw =
      link_.ReadDeviceId(std::get<0>(GetParam()), Within(milliseconds(500)));
  ASSERT_OK(raw);
  const Result<DeviceIdText> split = SplitDeviceId(*raw);
  ASSERT_OK(split);
  EXPECT_EQ(std::string(split->text.begin(), split->text.end()), kId);
  const Result<DeviceId> id = ParseDeviceId(split->text);
  ASSERT_OK(id);
  EXPECT_EQ(id->manufacturer, "Acme");
  EXPECT_EQ(id->model, "LaserWriter 9");
  EXPECT_EQ(link_.mode(), LinkMode::kCompatibility);
}

INSTANTIATE_TEST_SUITE_P(
    ModesAndForms, DeviceIdReaderTest,
    ::testing::Combine(
        ::testing::Values(ReverseMode::kNibble, ReverseMode::kByte, ReverseMode::kEcp),
        ::testing::Values(sim::DeviceIdLength::kStandard, sim::DeviceIdLength::kLittleEndian,
                          sim::DeviceIdLength::kExcludingItself, sim::DeviceIdLength::kOffByTwo)));

class BogusDeviceIdTest : public LinkFixture {
 protected:
  BogusDeviceIdTest() : LinkFixture(PrinterSending(sim::DeviceIdLength::kBogus)) {}
};

// 0xffff in both bytes: a device repeating one nibble; refused, and the link terminated.
TEST_F(BogusDeviceIdTest, BogusLengthIsAProtocolError) {
  const Result<std::vector<uint8_t>> raw =
      link_.ReadDeviceId(ReverseMode::kNibble, Within(milliseconds(500)));
  ASSERT_FALSE(raw);
  EXPECT_EQ(raw.error().code(), Errc::kProtocolError);
  EXPECT_EQ(link_.mode(), LinkMode::kCompatibility);
}

// A second read gives the same ID: it restarts after each termination.
TEST(DeviceIdRestartTest, EveryReadStartsAgain) {
  sim::SimulatedPort port(PrinterSending(sim::DeviceIdLength::kStandard));
  hw::kDefaultEcrPs2.WriteTo(port.chip());
  hw::PortRegisters registers(port.chip());
  HostPort host(registers, port.scheduler());
  Link link(host);
  const Deadline deadline = Deadline::After(port.scheduler(), milliseconds(500));
  const Result<std::vector<uint8_t>> first = link.ReadDeviceId(ReverseMode::kNibble, deadline);
  const Result<std::vector<uint8_t>> second = link.ReadDeviceId(ReverseMode::kByte, deadline);
  ASSERT_OK(first);
  ASSERT_OK(second);
  EXPECT_EQ(*first, *second);
}

}  // namespace
}  // namespace parclass::ieee1284
