// A simulated port with a Link over it, for tests of the protocol engine: every trace must
// conform to IEEE 1284 (checked at the end of each test) unless a test drives a violation on
// purpose. Suites run on each chip variant that can run their mode, in software and, where the
// chip has one, through the chip's path (ChipCase).

#ifndef PARCLASS_IEEE1284_TEST_LINK_FIXTURE_H_
#define PARCLASS_IEEE1284_TEST_LINK_FIXTURE_H_

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "parclass/base/testing/result_matchers.h"
#include "parclass/conformance/sim_trace.h"
#include "parclass/hw/modes.h"
#include "parclass/ieee1284/link.h"
#include "parclass/sim/simulated_port.h"

namespace parclass::ieee1284 {

inline std::vector<uint8_t> Bytes(std::string_view text) { return {text.begin(), text.end()}; }

// The default topology's printer alone on `chip`, with no daisy chain in front of it.
inline sim::Topology PrinterOn(sim::ChipConfig chip) {
  sim::Topology topology = sim::DefaultTopology();
  topology.chip = std::move(chip);
  topology.chain.clear();
  return topology;
}

// A chip variant, and whether the engine may take the chip's own paths (FIFO, EPP cycles) there.
struct ChipCase {
  sim::ChipConfig (*config)();
  bool chip_paths = false;
};

// Each chip in software, and again with its chip paths where it has a FIFO or EPP.
inline std::vector<ChipCase> SoftwareAndChip(std::initializer_list<sim::ChipConfig (*)()> chips) {
  std::vector<ChipCase> cases;
  for (sim::ChipConfig (*chip)() : chips) {
    cases.push_back({chip, false});
    if (chip().ecr || chip().epp) cases.push_back({chip, true});
  }
  return cases;
}

inline void PrintTo(const ChipCase& chip, std::ostream* out) {
  *out << chip.config().name << (chip.chip_paths ? " with chip paths" : " in software");
}

inline std::string CaseName(const ::testing::TestParamInfo<ChipCase>& info) {
  std::string name = info.param.config().name + (info.param.chip_paths ? "_chip" : "_software");
  for (char& c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) c = '_';
  }
  return name;
}

class LinkFixture : public ::testing::Test {
 protected:
  // Chips with an ECR are parked in mode 001 (PS/2, 0x34), as Linux leaves them, so that the
  // direction bit works for the reverse modes.
  explicit LinkFixture(sim::Topology topology, bool chip_paths = false)
      : port_(std::move(topology)),
        registers_(port_.chip(),
                   chip_paths ? port_.chip().config().Features() : hw::ChipFeatures{}),
        host_(registers_, port_.scheduler()) {
    if (port_.chip().config().ecr) hw::kDefaultEcrPs2.WriteTo(port_.chip());
  }
  explicit LinkFixture(ChipCase chip) : LinkFixture(PrinterOn(chip.config()), chip.chip_paths) {}

  void TearDown() override {
    if (!check_conformance_) return;
    EXPECT_EQ(conformance::CheckSession(port_.trace(), port_.cable()), "");
    EXPECT_TRUE(port_.trace().errors().empty()) << port_.trace().errors().front();
  }
  Deadline Within(Nanoseconds duration) { return Deadline::After(port_.scheduler(), duration); }
  sim::Ieee1284Peripheral& printer() { return *port_.printer(); }

  sim::SimulatedPort port_;
  hw::PortRegisters registers_;
  HostPort host_;
  Link link_{host_};
  bool check_conformance_ = true;
};

}  // namespace parclass::ieee1284

#endif  // PARCLASS_IEEE1284_TEST_LINK_FIXTURE_H_
