// Topology files: what they set, that left-out fields keep the defaults, and that every kind of
// mistake is refused with a message naming the field.

#include "parclass/sim/topology.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "parclass/base/testing/result_matchers.h"
#include "parclass/hw/spp_regs.h"
#include "parclass/sim/simulated_port.h"

namespace parclass::sim {
namespace {

using ::testing::HasSubstr;

std::string ErrorOf(std::string_view text) {
  const Result<Topology> topology = ParseTopology(text);
  return topology ? std::string("(parsed)") : topology.error().Format();
}

TEST(TopologyTest, EmptyObjectIsTheDefault) {
  const Result<Topology> topology = ParseTopology("{}");
  ASSERT_OK(topology);
  EXPECT_EQ(topology->chip.name, "ecp+epp");
  EXPECT_EQ(topology->chip.base, 0x378);
  EXPECT_EQ(topology->chip.irq, 7);
  EXPECT_EQ(topology->peripheral, PeripheralKind::kPrinter);
}

TEST(TopologyTest, EveryFieldIsRead) {
  const Result<Topology> topology = ParseTopology(R"({
    "name": "office",
    "chip": {"variant": "ecp", "base": "0x278", "irq": null, "fifo_depth": 64,
             "write_threshold": 32, "read_threshold": 16, "pword": "16bit",
             "epp_version": "1.7", "epp_timeout_clearing": "read", "access_ns": 500,
             "dcr_reads_pins": true},
    "peripheral": {"kind": "printer", "name": "laser", "ieee1284": true,
                   "modes": ["byte", "device-id"], "device_id": "MFG:X;MDL:Y;",
                   "device_id_length": "little-endian", "response_ns": 2000,
                   "buffer_bytes": 512, "print_ns": 100000, "condition": "paper-out",
                   "reverse_data": "hello"},
    "faults": {"stuck": {"Busy": 1, "d0": 0}, "never_events": [6],
               "late_events_ns": {"2": 40000000}, "vanish_at_ns": 1000000,
               "ecp_request_without_data": true}
  })");
  ASSERT_OK(topology);
  const Topology& t = *topology;
  EXPECT_EQ(t.name, "office");
  EXPECT_EQ(t.chip.name, "ecp");
  EXPECT_EQ(t.chip.base, 0x278);
  EXPECT_EQ(t.chip.ecp_base, 0x678);  // base + 0x400 unless given.
  EXPECT_EQ(t.chip.irq, std::nullopt);
  EXPECT_EQ(t.chip.fifo_depth, 64);
  EXPECT_EQ(t.chip.write_threshold, 32);
  EXPECT_EQ(t.chip.read_threshold, 16);
  EXPECT_EQ(t.chip.pword, hw::PWordSize::k16Bit);
  EXPECT_EQ(t.chip.epp_version, EppVersion::k17);
  EXPECT_EQ(t.chip.epp_timeout_clearing, EppTimeoutClearing::kByRead);
  EXPECT_EQ(t.chip.access_time, Nanoseconds(500));
  EXPECT_TRUE(t.chip.dcr_reads_pins);
  EXPECT_EQ(t.printer.name, "laser");
  EXPECT_TRUE(t.printer.accepted.byte);
  EXPECT_TRUE(t.printer.accepted.device_id);
  EXPECT_FALSE(t.printer.accepted.ecp);
  EXPECT_EQ(t.printer.device_id, "MFG:X;MDL:Y;");
  EXPECT_EQ(t.printer.device_id_length, DeviceIdLength::kLittleEndian);
  EXPECT_EQ(t.printer.response, Nanoseconds(2000));
  EXPECT_EQ(t.printer.buffer_bytes, 512u);
  EXPECT_EQ(t.printer.print_time, Nanoseconds(100000));
  EXPECT_EQ(t.condition, Condition::kPaperOut);
  EXPECT_EQ(t.reverse_data, "hello");
  EXPECT_EQ(t.faults.stuck.at(Line::kBusy), Level::kHigh);
  EXPECT_EQ(t.faults.stuck.at(Line::kD0), Level::kLow);
  EXPECT_TRUE(t.faults.events.never.contains(6));
  EXPECT_EQ(t.faults.events.late.at(2), Nanoseconds(40'000'000));
  EXPECT_EQ(t.faults.vanish_at, Nanoseconds(1'000'000));
  EXPECT_TRUE(t.faults.ecp_request_without_data);
}

TEST(TopologyTest, MistakesNameTheirField) {
  EXPECT_THAT(ErrorOf("{"), HasSubstr("topology: not valid JSON"));
  EXPECT_THAT(ErrorOf("[]"), HasSubstr("one JSON object"));
  EXPECT_THAT(ErrorOf(R"({"chips": {}})"), HasSubstr("unknown field chips"));
  EXPECT_THAT(ErrorOf(R"({"chip": {"fifo_dpth": 8}})"), HasSubstr("unknown field chip.fifo_dpth"));
  EXPECT_THAT(ErrorOf(R"({"chip": 3})"), HasSubstr("chip must be an object"));
  EXPECT_THAT(ErrorOf(R"({"chip": {"variant": "isa"}})"),
              HasSubstr("chip.variant is \"isa\"; it must be one of: spp, ps2, epp, ecp, ecp+epp"));
  EXPECT_THAT(ErrorOf(R"({"chip": {"fifo_depth": 0}})"),
              HasSubstr("chip.fifo_depth must be an integer from 1 to 4098"));
  EXPECT_THAT(ErrorOf(R"({"chip": {"irq": "seven"}})"), HasSubstr("chip.irq must be an integer"));
  EXPECT_THAT(ErrorOf(R"({"chip": {"base": "0x1000g"}})"), HasSubstr("chip.base must be an I/O"));
  EXPECT_THAT(ErrorOf(R"({"peripheral": {"modes": ["warp"]}})"),
              HasSubstr("peripheral.modes has \"warp\""));
  EXPECT_THAT(ErrorOf(R"({"peripheral": {"ieee1284": "yes"}})"),
              HasSubstr("peripheral.ieee1284 must be true or false"));
  EXPECT_THAT(ErrorOf(R"({"peripheral": {"condition": "jammed"}})"),
              HasSubstr("peripheral.condition is \"jammed\""));
  EXPECT_THAT(ErrorOf(R"({"faults": {"stuck": {"Bsy": 1}}})"),
              HasSubstr("faults.stuck has \"Bsy\", which is not a line"));
  EXPECT_THAT(ErrorOf(R"({"faults": {"stuck": {"Busy": 2}}})"),
              HasSubstr("faults.stuck.Busy must be 0 or 1"));
  EXPECT_THAT(ErrorOf(R"({"faults": {"late_events_ns": {"six": 5}}})"),
              HasSubstr("faults.late_events_ns.six"));
  EXPECT_EQ(ParseTopology("{").error().code(), Errc::kInvalidArgument);
}

// Found by the topology fuzzer: a number too large for a double made the JSON parser throw
// out_of_range, which nothing caught.
TEST(TopologyTest, ANumberNoDoubleHoldsIsNotValidJson) {
  EXPECT_THAT(ErrorOf(R"({"faults": {"vanish_at_ns": 1E400}})"),
              HasSubstr("topology: not valid JSON"));
  EXPECT_THAT(ErrorOf(R"({"chip": {"irq": -2E999}})"), HasSubstr("topology: not valid JSON"));
}

// Every example under topologies/ loads.
TEST(TopologyTest, ExampleFilesLoad) {
  int loaded = 0;
  for (const auto& entry : std::filesystem::directory_iterator(PARCLASS_TOPOLOGY_DIR)) {
    if (entry.path().extension() != ".json") continue;
    const Result<Topology> topology = LoadTopology(entry.path().string());
    EXPECT_OK(topology) << entry.path();
    EXPECT_EQ(topology->name, entry.path().stem().string());
    ++loaded;
  }
  EXPECT_GE(loaded, 7);
}

TEST(TopologyTest, DefaultFileIsTheBuiltInDefault) {
  const Result<Topology> file = LoadTopology(std::string(PARCLASS_TOPOLOGY_DIR) + "/default.json");
  ASSERT_OK(file);
  const Topology builtin = DefaultTopology();
  EXPECT_EQ(file->chip.name, builtin.chip.name);
  EXPECT_EQ(file->chip.irq, builtin.chip.irq);
  EXPECT_EQ(file->printer.device_id, builtin.printer.device_id);
  ASSERT_EQ(file->chain.size(), builtin.chain.size());
  for (size_t i = 0; i < builtin.chain.size(); ++i) {
    EXPECT_EQ(file->chain[i].device_id, builtin.chain[i].device_id);
    EXPECT_EQ(file->chain[i].accepted.byte, builtin.chain[i].accepted.byte);
    EXPECT_EQ(file->chain[i].accepted.ecp, builtin.chain[i].accepted.ecp);
  }
}

TEST(TopologyTest, ChainDevicesAreRead) {
  const Result<Topology> topology = ParseTopology(R"({
    "chain": [{"name": "scanner", "modes": ["byte"], "device_id": "MFG:S;MDL:1;"},
              {"name": "zip", "ieee1284": false}]
  })");
  ASSERT_OK(topology);
  ASSERT_EQ(topology->chain.size(), 2u);
  EXPECT_EQ(topology->chain[0].name, "scanner");
  EXPECT_EQ(topology->chain[0].device_id, "MFG:S;MDL:1;");
  EXPECT_TRUE(topology->chain[0].accepted.byte);
  EXPECT_FALSE(topology->chain[0].accepted.ecp);
  EXPECT_FALSE(topology->chain[1].ieee1284);
  EXPECT_TRUE(ParseTopology(R"({"chain": []})")->chain.empty());
}

TEST(TopologyTest, ChainMistakesNameTheDevice) {
  EXPECT_THAT(ErrorOf(R"({"chain": [{}, {}, {}, {}, {}]})"),
              HasSubstr("chain must be a list of at most 4 devices"));
  EXPECT_THAT(ErrorOf(R"({"chain": [{}, {"colour": 1}]})"),
              HasSubstr("unknown field chain[1].colour"));
  EXPECT_THAT(ErrorOf(R"({"chain": [{"modes": "byte"}]})"),
              HasSubstr("chain[0].modes must be a list of mode names"));
  EXPECT_THAT(ErrorOf(R"({"chain": [3]})"), HasSubstr("chain[0] must be an object"));
}

TEST(TopologyTest, MissingFileIsAClearError) {
  const Result<Topology> topology = LoadTopology("/nonexistent/port.json");
  ASSERT_FALSE(topology);
  EXPECT_THAT(topology.error().Format(), HasSubstr("cannot open /nonexistent/port.json"));
}

TEST(TopologyTest, LoadedFileErrorsNameTheFile) {
  const std::string path = ::testing::TempDir() + "parclass_bad_topology.json";
  std::ofstream(path) << R"({"chip": {"irq": 99}})";
  const Result<Topology> topology = LoadTopology(path);
  ASSERT_FALSE(topology);
  EXPECT_THAT(topology.error().Format(), HasSubstr(path + ": topology: chip.irq"));
}

// The topology's faults are armed on the port it builds.
TEST(SimulatedPortTest, BuildsTheTopologyWithItsFaults) {
  Topology topology = DefaultTopology();
  topology.faults.stuck[Line::kSelect] = Level::kLow;
  topology.faults.vanish_at = std::chrono::microseconds(50);
  topology.reverse_data = "ab";
  SimulatedPort port(topology);
  ASSERT_NE(port.printer(), nullptr);
  EXPECT_EQ(port.printer()->reverse_pending(), 2u);
  EXPECT_EQ(hw::Dsr::Get().ReadFrom(port.chip()).lines().level(Line::kSelect), Level::kLow);
  port.scheduler().SleepFor(std::chrono::microseconds(100));
  EXPECT_TRUE(port.printer()->side().vanished());
}

// The default topology: two 1284.3 devices and a printer behind them. With no device selected,
// what the chip sends passes through the chain to the printer, and the printer's status comes back.
TEST(SimulatedPortTest, DefaultTopologyHasAChainBeforeThePrinter) {
  SimulatedPort port(DefaultTopology());
  ASSERT_EQ(port.chain_length(), 2u);
  ASSERT_NE(port.printer(), nullptr);
  hw::RegisterIo& io = port.chip();
  hw::Data::Get().set_data('p').WriteTo(io);
  hw::Dcr::Get().set_n_init(true).set_select_in(true).set_strobe(true).WriteTo(io);
  hw::Dcr::Get().set_n_init(true).set_select_in(true).WriteTo(io);
  port.scheduler().SleepFor(std::chrono::microseconds(10));
  EXPECT_EQ(port.printer()->received(), std::vector<uint8_t>{'p'});
  EXPECT_TRUE(port.chain_function(0).received().empty());
  port.printer()->set_condition(Condition::kOffline);
  EXPECT_EQ(hw::Dsr::Get().ReadFrom(io).lines().level(Line::kSelect), Level::kLow);
  EXPECT_TRUE(port.trace().errors().empty());
}

TEST(SimulatedPortTest, LoopbackAndEmptyTopologies) {
  Topology topology = DefaultTopology();
  topology.peripheral = PeripheralKind::kLoopbackNorton;
  SimulatedPort plugged(topology);
  EXPECT_EQ(plugged.printer(), nullptr);
  hw::Data::Get().set_data(0b0001'0000).WriteTo(plugged.chip());
  EXPECT_EQ(hw::Dsr::Get().ReadFrom(plugged.chip()).lines().level(Line::kBusy), Level::kHigh);
  topology.peripheral = PeripheralKind::kNone;
  SimulatedPort empty(topology);
  EXPECT_EQ(empty.cable().value(Line::kBusy), Logic::kZ);
}

}  // namespace
}  // namespace parclass::sim
