// Enumeration: the devices of a port, their names and IDs, and rescans.

#include "parclass/bus/bus.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "bus_fixture.h"

namespace parclass::bus {
namespace {

using ::testing::ElementsAre;
using ::testing::StartsWith;

std::vector<std::string> NamesOf(const std::vector<Device*>& devices) {
  std::vector<std::string> names;
  for (const Device* device : devices) names.push_back(device->name());
  return names;
}

std::vector<std::string> NamesOf(const Bus& bus) { return NamesOf(bus.devices()); }

class BusTest : public BusFixture {};

TEST_F(BusTest, EnumeratesTheRawDeviceTheChainAndTheEndOfChain) {
  EXPECT_THAT(NamesOf(bus_), ElementsAre("Parallel0", "Parallel0.0", "Parallel0.1", "Parallel0.4"));
  EXPECT_EQ(bus_.Find("LPT1")->kind(), DeviceKind::kRaw);
  EXPECT_EQ(bus_.Find("LPT1.1")->kind(), DeviceKind::kDaisyChain);
  Device* printer = bus_.Find("LPT1.4");
  ASSERT_NE(printer, nullptr);
  EXPECT_EQ(printer, bus_.Find("Parallel0.4"));
  EXPECT_EQ(printer->location(), "LPT1.4");
  ASSERT_TRUE(printer->device_id().has_value());
  EXPECT_EQ(printer->device_id()->manufacturer, "parclass");
  ASSERT_FALSE(printer->hardware_ids().empty());
  EXPECT_THAT(printer->hardware_ids().front(), StartsWith("LPTENUM\\parclassSimulated_Pr"));
  // Each daisy-chain device answered with its own function's Device ID.
  ASSERT_TRUE(bus_.Find("LPT1.0")->device_id().has_value());
  EXPECT_NE(bus_.Find("LPT1.0")->raw_device_id(), bus_.Find("LPT1.1")->raw_device_id());
  EXPECT_EQ(bus_.Find("LPT2"), nullptr);
  EXPECT_TRUE(sim_.trace().errors().empty()) << sim_.trace().errors().front();
}

TEST_F(BusTest, ARescanOfAnUnchangedPortChangesNothing) {
  const Result<BusChanges> changes = bus_.Rescan();
  ASSERT_OK(changes);
  EXPECT_TRUE(changes->added.empty());
  EXPECT_TRUE(changes->removed.empty());
}

// The printer goes away: the rescan removes it, and a handle still open gets
// STATUS_DEVICE_REMOVED.
TEST_F(BusTest, ADeviceThatGoesAwayIsRemoved) {
  std::unique_ptr<DeviceHandle> printer = Open("LPT1.4");
  sim_.printer()->side().Vanish();
  const Result<BusChanges> changes = bus_.Rescan();
  ASSERT_OK(changes);
  EXPECT_THAT(NamesOf(changes->removed), ElementsAre("Parallel0.4"));
  EXPECT_EQ(bus_.Find("LPT1.4"), nullptr);
  EXPECT_EQ(printer->Write(Bytes("x")).status, NtStatus::kDeviceRemoved);
  EXPECT_ERRC(printer->device().Open(), Errc::kNoSuchDevice);
}

// A client that keeps the port: the rescan gives up after the lock timeout and changes nothing.
TEST_F(BusTest, ARescanWhileAnotherClientHoldsThePortChangesNothing) {
  Bus impatient({.lock_timeout = std::chrono::milliseconds(20)});
  ASSERT_OK(impatient.AddPort(*port_));
  std::unique_ptr<port::PortHandle> holder = port_->Open().value();
  Result<port::PortClaim> claim = holder->Allocate();
  ASSERT_OK(claim);
  sim_.printer()->side().Vanish();
  EXPECT_ERRC(impatient.Rescan(), Errc::kPortBusy);
  EXPECT_THAT(NamesOf(impatient),
              ElementsAre("Parallel0", "Parallel0.0", "Parallel0.1", "Parallel0.4"));
  claim->Free();
  const Result<BusChanges> changes = impatient.Rescan();
  ASSERT_OK(changes);
  EXPECT_THAT(NamesOf(changes->removed), ElementsAre("Parallel0.4"));
}

class PlainPrinterBusTest : public BusFixture {
 protected:
  PlainPrinterBusTest() : BusFixture(Topology()) {}
  static sim::Topology Topology() {
    sim::Topology topology = sim::DefaultTopology();
    topology.chain.clear();
    topology.printer.ieee1284 = false;  // A Centronics printer: no Device ID.
    return topology;
  }
};

TEST_F(PlainPrinterBusTest, OnlyTheRawDeviceWithoutAnIeee1284Device) {
  EXPECT_THAT(NamesOf(bus_), ElementsAre("Parallel0"));
  std::unique_ptr<DeviceHandle> raw = Open("LPT1");
  const std::vector<uint8_t> job = Bytes("plain text\f");
  EXPECT_EQ(raw->Write(job), (RequestResult{NtStatus::kSuccess, job.size()}));
  sim_.scheduler().SleepFor(std::chrono::microseconds(10));
  EXPECT_EQ(sim_.printer()->received(), job);
}

}  // namespace
}  // namespace parclass::bus
