// Systems from backend specs: the grammar, the simulator's topologies, what each backend needs
// of the port layer, and every way an open fails.

#include "parclass/system/system.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "parclass/base/testing/result_matchers.h"

namespace parclass::system {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string TopologyFile(const char* name) {
  return std::string(PARCLASS_TOPOLOGY_DIR) + "/" + name;
}

std::vector<std::string> Locations(bus::Bus& bus) {
  std::vector<std::string> names;
  for (const bus::Device* device : bus.devices()) names.push_back(device->location());
  return names;
}

TEST(BackendSpecTest, ParsesEveryForm) {
  const struct {
    const char* text;
    BackendSpec::Kind kind;
    const char* argument;
  } table[] = {
      {"sim", BackendSpec::Kind::kSim, ""},
      {"sim:topologies/paper-out.json", BackendSpec::Kind::kSim, "topologies/paper-out.json"},
      {"ppdev:/dev/parport0", BackendSpec::Kind::kPpdev, "/dev/parport0"},
      {"raw:0x378", BackendSpec::Kind::kRaw, "0x378"},
      {"raw:0x278,none", BackendSpec::Kind::kRaw, "0x278,none"},
      {"raw:pci", BackendSpec::Kind::kRaw, "pci"},
  };
  for (const auto& row : table) {
    SCOPED_TRACE(row.text);
    const Result<BackendSpec> spec = BackendSpec::Parse(row.text);
    ASSERT_OK(spec);
    EXPECT_EQ(spec->kind, row.kind);
    EXPECT_EQ(spec->argument, row.argument);
    EXPECT_EQ(spec->Format(), row.text);
  }
}

TEST(BackendSpecTest, RefusesWhatIsNoSpec) {
  for (const char* text : {"", "usb", "sim:", "ppdev:", "raw:", "SIM", " sim", "ppdev"}) {
    const Result<BackendSpec> spec = BackendSpec::Parse(text);
    EXPECT_ERRC(spec, Errc::kInvalidArgument) << text;
    if (!spec) {
      EXPECT_THAT(spec.error().detail(), HasSubstr("choose sim, sim:TOPOLOGY")) << text;
    }
  }
}

TEST(SystemTest, BuiltInTopologyHasTheChainAndThePrinter) {
  const Result<std::unique_ptr<System>> system = System::Open("sim");
  ASSERT_OK(system);
  EXPECT_THAT(Locations((*system)->bus()), ElementsAre("LPT1", "LPT1.0", "LPT1.1", "LPT1.4"));
  EXPECT_STREQ((*system)->backend().clock_kind(), "simulated");
  EXPECT_FALSE((*system)->clock().passes_by_itself());
  EXPECT_EQ((*system)->backend().kernel_link(), nullptr);
  EXPECT_EQ((*system)->port().config().base, 0x378u);
  EXPECT_THAT((*system)->backend().Describe(), HasSubstr("topology default"));
  const Result<bus::Device*> printer = (*system)->Find("LPT1.4");
  ASSERT_OK(printer);
  EXPECT_EQ((*system)->SimulatedPeripheral(**printer), (*system)->backend().simulated()->printer());
}

TEST(SystemTest, TopologyFileGivesItsAddressesAndDevices) {
  const Result<std::unique_ptr<System>> system =
      System::Open("sim:" + TopologyFile("pci-card.json"));
  ASSERT_OK(system);
  const port::PortConfig& config = (*system)->port().config();
  EXPECT_EQ(config.base, (*system)->backend().simulated()->topology().chip.base);
  EXPECT_EQ(config.ecp_base, (*system)->backend().simulated()->topology().chip.ecp_base);
}

TEST(SystemTest, PortOptionsReachThePort) {
  const Result<std::unique_ptr<System>> system = System::Open(
      "sim", {.name = "LPT2", .max_daisy_chain_devices = 1, .enable_connect_interrupt = true});
  ASSERT_OK(system);
  EXPECT_EQ((*system)->port().device_name(), "ParallelPort1");
  EXPECT_EQ((*system)->port().daisy_chain_devices(), 1);
  EXPECT_TRUE((*system)->port().config().enable_connect_interrupt);
  EXPECT_THAT(Locations((*system)->bus()), ElementsAre("LPT2", "LPT2.0", "LPT2.4"));
}

TEST(SystemTest, FindNamesTheDevicesThereAre) {
  const Result<std::unique_ptr<System>> system = System::Open("sim");
  ASSERT_OK(system);
  const Result<bus::Device*> missing = (*system)->Find("LPT9");
  EXPECT_ERRC(missing, Errc::kNoSuchDevice);
  if (!missing) {
    EXPECT_THAT(missing.error().detail(), HasSubstr("there are LPT1, LPT1.0, LPT1.1, LPT1.4"));
  }
}

TEST(SystemTest, OpenFailuresSayWhy) {
  EXPECT_ERRC(System::Open("usb"), Errc::kInvalidArgument);
  const Result<std::unique_ptr<System>> no_file = System::Open("sim:/no/such/topology.json");
  ASSERT_FALSE(no_file);
  EXPECT_THAT(no_file.error().Format(), HasSubstr("/no/such/topology.json"));
  const Result<std::unique_ptr<System>> no_node = System::Open("ppdev:/dev/parport-none");
  ASSERT_FALSE(no_node);
  EXPECT_THAT(no_node.error().Format(), HasSubstr("load ppdev"));
  EXPECT_ERRC(System::Open("raw:0x37z"), Errc::kInvalidArgument);
  EXPECT_ERRC(System::Open("sim", {.name = "COM1"}), Errc::kInvalidArgument);
}

TEST(TopologyOfTest, OnlySimulatorSpecsHaveOne) {
  EXPECT_OK(TopologyOf(BackendSpec::Parse("sim").value()));
  const Result<sim::Topology> paper =
      TopologyOf(BackendSpec::Parse("sim:" + TopologyFile("paper-out.json")).value());
  ASSERT_OK(paper);
  EXPECT_EQ(paper->name, "paper-out");
  EXPECT_ERRC(TopologyOf(BackendSpec::Parse("ppdev:/dev/parport0").value()),
              Errc::kInvalidArgument);
}

}  // namespace
}  // namespace parclass::system
