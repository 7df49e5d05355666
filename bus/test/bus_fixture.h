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
#include "parclass/sim/simulated_port.h"

namespace parclass::bus {

inline std::vector<uint8_t> Bytes(std::string_view text) { return {text.begin(), text.end()}; }

// A request buffer, big enough for any structure or Device ID the tests use.
struct Buffer {
  std::array<std::byte, 512> bytes{};

  template <typename T>
  port::PortRequest In(uint32_t code, const T& value, size_t output_length = 0) {
    std::memcpy(bytes.data(), &value, sizeof(T));
    return {
        .code = code, .buffer = bytes, .input_length = sizeof(T), .output_length = output_length};
  }
  port::PortRequest Out(uint32_t code, size_t length) {
    return {.code = code, .buffer = bytes, .output_length = length};
  }
  template <typename T>
  T As() const {
    T value;
    std::memcpy(&value, bytes.data(), sizeof(T));
    return value;
  }
  std::string Text() const { return reinterpret_cast<const char*>(bytes.data()); }
};

inline port::PortRequest Plain(uint32_t code) { return {.code = code}; }

class BusFixture : public ::testing::Test {
 protected:
  explicit BusFixture(sim::Topology topology = sim::DefaultTopology()) : sim_(std::move(topology)) {
    Result<std::unique_ptr<port::Port>> started = port::Port::Start(
        sim_.chip(), sim_.scheduler(), {.deadline_watch = port::DeadlineWatch::kOnExpire});
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
