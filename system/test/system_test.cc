// Systems from backend specs: the grammar, the simulator's topologies, what each backend needs
// of the port layer, and every way an open fails.

#include "parclass/system/system.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "parclass/backends/testing/sysfs_tree.h"
#include "parclass/base/testing/result_matchers.h"
#include "parclass/ppdev_sim/ppdev_emulator.h"

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

SystemPort& FirstPort(System& system) { return *system.ports().front(); }

TEST(SystemTest, BuiltInTopologyHasTheChainAndThePrinter) {
  const Result<std::unique_ptr<System>> system = System::Open("sim");
  ASSERT_OK(system);
  EXPECT_THAT(Locations((*system)->bus()), ElementsAre("LPT1", "LPT1.0", "LPT1.1", "LPT1.4"));
  SystemPort& port = FirstPort(**system);
  EXPECT_EQ(port.name(), "LPT1");
  EXPECT_EQ(port.device_name(), "ParallelPort0");
  EXPECT_STREQ(port.backend().clock_kind(), "simulated");
  EXPECT_FALSE(port.clock().passes_by_itself());
  EXPECT_EQ(port.backend().kernel_link(), nullptr);
  EXPECT_EQ(port.port().config().base, 0x378u);
  EXPECT_THAT(port.backend().Describe(), HasSubstr("topology default"));
  EXPECT_EQ(port.backend().spec().Format(), "sim");
  const Result<bus::Device*> printer = (*system)->Find("LPT1.4");
  ASSERT_OK(printer);
  EXPECT_EQ((*system)->SimulatedPeripheral(**printer), port.backend().simulated()->printer());
  EXPECT_EQ(&(*system)->PortOf(**printer), &port);
}

TEST(SystemTest, TopologyFileGivesItsAddressesAndDevices) {
  const Result<std::unique_ptr<System>> system =
      System::Open("sim:" + TopologyFile("pci-card.json"));
  ASSERT_OK(system);
  SystemPort& port = FirstPort(**system);
  const port::PortConfig& config = port.port().config();
  EXPECT_EQ(config.base, port.backend().simulated()->topology().chip.base);
  EXPECT_EQ(config.ecp_base, port.backend().simulated()->topology().chip.ecp_base);
}

TEST(SystemTest, PortOptionsReachEveryPort) {
  const Result<std::unique_ptr<System>> system =
      System::Open("sim;sim", {.max_daisy_chain_devices = 1, .enable_connect_interrupt = true});
  ASSERT_OK(system);
  for (SystemPort* port : (*system)->ports()) {
    EXPECT_EQ(port->port().daisy_chain_devices(), 1);
    EXPECT_TRUE(port->port().config().enable_connect_interrupt);
    EXPECT_NE(port->interrupts(), nullptr);
  }
  EXPECT_THAT(Locations((*system)->bus()),
              ElementsAre("LPT1", "LPT1.0", "LPT1.4", "LPT2", "LPT2.0", "LPT2.4"));
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
}

TEST(SystemSpecsTest, SeveralSpecsInTheirOrder) {
  const Result<std::vector<BackendSpec>> specs =
      ParseSystemSpecs("ppdev:/dev/parport0;sim;raw:0x278,none;sim");
  ASSERT_OK(specs);
  std::vector<std::string> formatted;
  for (const BackendSpec& spec : *specs) formatted.push_back(spec.Format());
  EXPECT_THAT(formatted, ElementsAre("ppdev:/dev/parport0", "sim", "raw:0x278,none", "sim"));
}

TEST(SystemSpecsTest, NamesThePartThatIsNoSpec) {
  for (const auto& [text, says] :
       {std::pair{"sim;usb", "part 2 of 'sim;usb'"}, std::pair{"sim;", "part 2 of 'sim;'"},
        std::pair{";sim", "part 1 of ';sim'"}, std::pair{"", "part 1 of ''"}}) {
    const Result<std::vector<BackendSpec>> specs = ParseSystemSpecs(text);
    EXPECT_ERRC(specs, Errc::kInvalidArgument) << text;
    if (!specs) {
      EXPECT_THAT(specs.error().detail(), HasSubstr(says));
    }
  }
}

TEST(SystemSpecsTest, ARealPortNamedTwiceIsRefused) {
  const Result<std::vector<BackendSpec>> specs =
      ParseSystemSpecs("ppdev:/dev/parport0;ppdev:/dev/parport0");
  EXPECT_ERRC(specs, Errc::kInvalidArgument);
  if (!specs) {
    EXPECT_THAT(specs.error().detail(), HasSubstr("names ppdev:/dev/parport0 twice"));
  }
}

TEST(AllPortsTest, PpdevNodesByNumberThenPciCardsNoDriverHas) {
  const backends::testing::SysfsTree machine;
  for (const char* node : {"parport10", "parport1", "parport0", "parportX", "ttyS0", "parport"}) {
    machine.AddNode(node);
  }
  backends::testing::AddNetMos(machine, "0000:05:00.0");
  backends::testing::AddNetMos(machine, "0000:06:00.0");
  // parport_pc drives the second card: its port is a ppdev node already.
  std::filesystem::create_directories(machine.devices() / "0000:06:00.0" / "driver");
  const Result<std::vector<BackendSpec>> specs =
      ParseSystemSpecs("all", {.dev = machine.dev(), .sysfs = machine.root()});
  ASSERT_OK(specs);
  std::vector<std::string> formatted;
  for (const BackendSpec& spec : *specs) formatted.push_back(spec.Format());
  const std::string dev = machine.dev().string();
  EXPECT_THAT(formatted, ElementsAre("ppdev:" + dev + "/parport0", "ppdev:" + dev + "/parport1",
                                     "ppdev:" + dev + "/parport10", "raw:pci:0000:05:00.0"));
}

TEST(AllPortsTest, AMachineWithoutPortsSaysHowToGetThem) {
  const backends::testing::SysfsTree machine;
  machine.AddNode("ttyS0");
  const Result<std::vector<BackendSpec>> specs =
      AllPorts({.dev = machine.dev(), .sysfs = machine.root()});
  EXPECT_ERRC(specs, Errc::kNoSuchDevice);
  if (!specs) {
    EXPECT_THAT(specs.error().detail(), HasSubstr("modprobe parport_pc ppdev"));
  }
}

TEST(SeveralPortsTest, EachTopologyIsAPortOfItsOwn) {
  const Result<std::unique_ptr<System>> system =
      System::Open("sim;sim:" + TopologyFile("paper-out.json"));
  ASSERT_OK(system);
  const std::vector<SystemPort*> ports = (*system)->ports();
  ASSERT_EQ(ports.size(), 2u);
  EXPECT_EQ(ports[1]->name(), "LPT2");
  EXPECT_EQ(ports[1]->device_name(), "ParallelPort1");
  EXPECT_EQ(ports[1]->backend().simulated()->topology().name, "paper-out");
  EXPECT_NE(&ports[0]->clock(), &ports[1]->clock());  // Each simulator keeps its own time.
  EXPECT_EQ((*system)->FindPort("ParallelPort1").value_or(nullptr), ports[1]);
  EXPECT_EQ((*system)->FindPort("LPT2").value_or(nullptr), ports[1]);
  const Result<SystemPort*> missing = (*system)->FindPort("LPT3");
  EXPECT_ERRC(missing, Errc::kNoSuchDevice);
  if (!missing) {
    EXPECT_THAT(missing.error().detail(), HasSubstr("there are LPT1, LPT2"));
  }
  const Result<bus::Device*> second = (*system)->Find("LPT2.4");
  ASSERT_OK(second);
  EXPECT_EQ(&(*system)->PortOf(**second), ports[1]);
  EXPECT_EQ((*system)->SimulatedPeripheral(**second), ports[1]->backend().simulated()->printer());
  EXPECT_EQ((*second)->name(), "Parallel1.4");
}

TEST(SeveralPortsTest, APortThatCannotBeOpenedIsNamed) {
  const Result<std::unique_ptr<System>> system = System::Open("sim;ppdev:/dev/parport-none");
  ASSERT_FALSE(system);
  EXPECT_THAT(system.error().detail(), HasSubstr("ppdev:/dev/parport-none: "));
}

// Ports of a machine whose kernel is the ppdev emulator, with nodes in a tree of the test's own.
class RescanTest : public ::testing::Test {
 protected:
  // A node and the emulated port behind it.
  std::string AddNode(const char* name) {
    const std::string path = tree_.AddNode(name).string();
    kernel_.AddPort(path, sim::DefaultTopology());
    return path;
  }
  Machine machine() const { return {.os = &kernel_, .dev = tree_.dev(), .sysfs = tree_.root()}; }

  backends::testing::SysfsTree tree_;
  mutable ppdev_sim::PpdevEmulator kernel_;
};

std::vector<std::string> Names(const std::vector<Change>& changes) {
  std::vector<std::string> names;
  for (const Change& change : changes) names.push_back(change.name);
  return names;
}

TEST_F(RescanTest, AnUnchangedSystemReportsNothing) {
  AddNode("parport0");
  const Result<std::unique_ptr<System>> system = System::Open("all", {}, machine());
  ASSERT_OK(system);
  const SystemChanges changes = (*system)->Rescan();
  EXPECT_TRUE(changes.arrived.empty());
  EXPECT_TRUE(changes.removed.empty());
  EXPECT_TRUE(changes.failed.empty());
}

TEST_F(RescanTest, AVanishedNodeIsRemovedWithItsDevicesAndANewNodeArrives) {
  AddNode("parport0");
  const std::string second = AddNode("parport1");
  const Result<std::unique_ptr<System>> system = System::Open("all", {}, machine());
  ASSERT_OK(system);
  EXPECT_THAT(Locations((*system)->bus()), ElementsAre("LPT1", "LPT1.0", "LPT1.1", "LPT1.4", "LPT2",
                                                       "LPT2.0", "LPT2.1", "LPT2.4"));
  std::unique_ptr<bus::DeviceHandle> open = (*system)->Find("LPT2.4").value()->Open().value();

  // The driver is unloaded: the node goes, and the open handle's requests fail.
  kernel_.Vanish(second);
  std::filesystem::remove(second);
  SystemChanges changes = (*system)->Rescan();
  EXPECT_TRUE(changes.arrived.empty());
  EXPECT_THAT(Names(changes.removed),
              ElementsAre("ParallelPort1", "LPT2", "LPT2.0", "LPT2.1", "LPT2.4"));
  EXPECT_EQ(changes.removed[0].kind, Change::Kind::kPort);
  EXPECT_EQ(changes.removed[4].device, bus::DeviceKind::kEndOfChain);
  EXPECT_TRUE(changes.failed.empty());
  EXPECT_THAT(Locations((*system)->bus()), ElementsAre("LPT1", "LPT1.0", "LPT1.1", "LPT1.4"));
  EXPECT_ERRC((*system)->FindPort("LPT2"), Errc::kNoSuchDevice);
  const uint8_t byte = 'x';
  EXPECT_EQ(open->Write(std::span(&byte, 1)).status, port::NtStatus::kDeviceRemoved);

  // A new port: LPT3, as LPT2's handles may still be open.
  AddNode("parport2");
  changes = (*system)->Rescan();
  EXPECT_THAT(Names(changes.arrived),
              ElementsAre("ParallelPort2", "LPT3", "LPT3.0", "LPT3.1", "LPT3.4"));
  EXPECT_TRUE(changes.removed.empty());
  ASSERT_OK((*system)->Find("LPT3.4"));
  open.reset();
}

TEST_F(RescanTest, ASystemOfNamedPortsTakesNoNewOnes) {
  const std::string first = AddNode("parport0");
  const Result<std::unique_ptr<System>> system = System::Open("ppdev:" + first, {}, machine());
  ASSERT_OK(system);
  AddNode("parport1");
  EXPECT_TRUE((*system)->Rescan().arrived.empty());
  EXPECT_EQ((*system)->ports().size(), 1u);
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
