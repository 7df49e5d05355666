// A simulated port with the bus enumerated on it, for the device tests.

#ifndef PARCLASS_BUS_TEST_BUS_FIXTURE_H_
#define PARCLASS_BUS_TEST_BUS_FIXTURE_H_

#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parclass/base/testing/result_matchers.h"
#include "parclass/bus/bus.h"
#include "parclass/port/testing/request_buffer.h"
#include "parclass/sim/simulated_port.h"

namespace parclass::bus {

inline std::vector<uint8_t> Bytes(std::string_view text) { return {text.begin(), text.end()}; }

using Buffer = port::testing::RequestBuffer;
using port::testing::Plain;

class BusFixture : public ::testing::Test {
 protected:
  explicit BusFixture(sim::Topology topology = sim::DefaultTopology()) : sim_(std::move(topology)) {
    Result<std::unique_ptr<port::Port>> started =
        port::Port::Start(sim_.chip(), sim_.scheduler(), {});
    EXPECT_OK(started);
    port_ = std::move(*started);
    EXPECT_OK(bus_.AddPort(*port_));
  }

  std::unique_ptr<DeviceHandle> Open(std::string_view name) {
    Device* device = bus_.Find(name);
    EXPECT_NE(device, nullptr) << name;
    return device->Open().value();
  }

  sim::SimulatedPort sim_;
  std::unique_ptr<port::Port> port_;
  Bus bus_;
};

}  // namespace parclass::bus

#endif  // PARCLASS_BUS_TEST_BUS_FIXTURE_H_
