// The IEEE 1284.3 daisy chain from the host's side against the simulator's chain devices
// (sim::DaisyChainDevice): address assignment, selection of each device and of the end-of-chain
// printer, on each chip variant, with chains of every length, and with the faults a cable can
// have. Every trace is checked by the conformance checker, whose compatibility rules know the
// 1284.3 command packet.

#include "parclass/port/dot3.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "parclass/base/testing/result_matchers.h"
#include "parclass/conformance/sim_trace.h"
#include "parclass/hw/modes.h"
#include "parclass/ieee1284/link.h"
#include "parclass/sim/simulated_port.h"

namespace parclass::port {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<uint8_t> Bytes(std::string_view text) { return {text.begin(), text.end()}; }

// `devices` 1284.3 devices, each with a nibble- and byte-capable function of its own, in front of
// the default topology's printer, on `chip`.
sim::Topology ChainOf(size_t devices, sim::ChipConfig chip = sim::ChipConfig::EcpEpp()) {
  sim::Topology topology = sim::DefaultTopology();
  topology.chip = std::move(chip);
  const sim::Ieee1284Config model = topology.chain.front();
  topology.chain.clear();
  for (size_t i = 0; i < devices; ++i) {
    sim::Ieee1284Config function = model;
    function.name = fmt::format("chain{}", i);
    function.device_id = fmt::format("MFG:parclass;MDL:Daisy Device {};CLS:SCANNER;", i);
    topology.chain.push_back(std::move(function));
  }
  return topology;
}

// A chip variant, and whether the engine may take the chip's own paths (FIFO, EPP cycles) there.
struct ChipCase {
  sim::ChipConfig (*config)();
  bool chip_paths = false;
};

void PrintTo(const ChipCase& chip, std::ostream* out) {
  *out << chip.config().name << (chip.chip_paths ? " with chip paths" : " in software");
}

std::string CaseName(const ::testing::TestParamInfo<ChipCase>& info) {
  std::string name = info.param.config().name + (info.param.chip_paths ? "_chip" : "_software");
  for (char& c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) c = '_';
  }
  return name;
}

// Every chip variant in software, and again with its chip paths where it has a FIFO or EPP.
std::vector<ChipCase> AllChips() {
  std::vector<ChipCase> cases;
  for (sim::ChipConfig (*chip)() :
       {&sim::ChipConfig::SppOnly, &sim::ChipConfig::Ps2, &sim::ChipConfig::EppOnly,
        &sim::ChipConfig::Ecp, &sim::ChipConfig::EcpEpp}) {
    cases.push_back({chip, false});
    if (chip().ecr || chip().epp) cases.push_back({chip, true});
  }
  return cases;
}

class Dot3Fixture : public ::testing::Test {
 protected:
  // Chips with an ECR are parked in mode 001 (PS/2, 0x34), as Linux leaves them.
  explicit Dot3Fixture(sim::Topology topology, int max_devices = kMaxDaisyChainDevices,
                       bool chip_paths = false)
      : port_(std::move(topology)),
        registers_(port_.chip(),
                   chip_paths ? port_.chip().config().Features() : hw::ChipFeatures{}),
        host_(registers_, port_.scheduler()),
        bus_(host_, max_devices) {
    if (port_.chip().config().ecr) hw::kDefaultEcrPs2.WriteTo(port_.chip());
    recorder_ = port_.cable().Observe(kDataLines | LineSet{Line::kNStrobe},
                                      [this](const sim::Delta& delta) { RecordHostBytes(delta); });
  }
  ~Dot3Fixture() override { port_.cable().StopObserving(recorder_); }
  Dot3Fixture(const Dot3Fixture&) = delete;
  Dot3Fixture& operator=(const Dot3Fixture&) = delete;

  void TearDown() override {
    EXPECT_EQ(conformance::CheckSession(port_.trace(), port_.cable()), "");
    EXPECT_THAT(port_.trace().errors(), IsEmpty());
  }

  Deadline Within(Nanoseconds duration) { return Deadline::After(port_.scheduler(), duration); }

  // The Device ID, read in nibble mode from whatever has the cable.
  Result<std::vector<uint8_t>> ReadDeviceId() {
    return link_.ReadDeviceId(ieee1284::ReverseMode::kNibble, Within(milliseconds(500)));
  }
  static std::vector<uint8_t> DeviceIdOf(const sim::Ieee1284Peripheral& peripheral) {
    return sim::Ieee1284Peripheral::DeviceIdBytes(peripheral.config().device_id,
                                                  sim::DeviceIdLength::kStandard);
  }
  // Prints `text` in compatibility mode on whatever has the cable.
  void Print(std::string_view text) {
    ASSERT_OK(link_.WriteCompatibility(Bytes(text), Within(milliseconds(10))));
    port_.scheduler().SleepFor(microseconds(10));  // The last byte's nAck.
  }

  // What the simulated chain devices say: their addresses, and which is selected.
  std::vector<std::optional<uint8_t>> Addresses() {
    std::vector<std::optional<uint8_t>> addresses;
    for (size_t i = 0; i < port_.chain_length(); ++i) {
      addresses.push_back(port_.chain_device(i).address());
    }
    return addresses;
  }
  std::vector<bool> ChainSelection() {
    std::vector<bool> selection;
    for (size_t i = 0; i < port_.chain_length(); ++i) {
      selection.push_back(port_.chain_device(i).selected());
    }
    return selection;
  }

  // The bytes the host put on the data lines, and those it strobed, in order.
  void RecordHostBytes(const sim::Delta& delta) {
    if (!(delta.changed & kDataLines).empty()) written_.push_back(port_.cable().data());
    if (delta.Fell(Line::kNStrobe)) strobed_.push_back(port_.cable().data());
  }
  size_t Qualifiers() const {
    return static_cast<size_t>(std::count(written_.begin(), written_.end(), 0xAA));
  }

  sim::SimulatedPort port_;
  hw::PortRegisters registers_;
  ieee1284::HostPort host_;
  Dot3Bus bus_;
  ieee1284::Link link_{host_};
  std::vector<uint8_t> written_;
  std::vector<uint8_t> strobed_;
  sim::ObserverId recorder_;
};

// The default topology (two 1284.3 devices, then the printer) on each chip variant.
class Dot3ChipTest : public Dot3Fixture, public ::testing::WithParamInterface<ChipCase> {
 protected:
  Dot3ChipTest()
      : Dot3Fixture(ChainOf(2, GetParam().config()), kMaxDaisyChainDevices, GetParam().chip_paths) {
  }
};

TEST_P(Dot3ChipTest, InitialiseAssignsAddressesNearestThePortFirst) {
  const Result<int> count = bus_.Initialise();
  ASSERT_OK(count);
  EXPECT_EQ(*count, 2);
  EXPECT_EQ(bus_.device_count(), 2);
  EXPECT_THAT(Addresses(), ElementsAre(0, 1));
  EXPECT_THAT(ChainSelection(), ElementsAre(false, false));
  EXPECT_EQ(bus_.selected(), std::nullopt);
  // Nothing reached a function or the printer: no byte was strobed but the commands.
  EXPECT_TRUE(port_.printer()->received().empty());
  EXPECT_TRUE(port_.chain_function(0).received().empty());
  EXPECT_TRUE(port_.chain_function(1).received().empty());
}

TEST_P(Dot3ChipTest, SelectRoutesTheCableToEachFunction) {
  ASSERT_OK(bus_.Initialise());
  for (uint8_t id = 0; id < 2; ++id) {
    SCOPED_TRACE(fmt::format("device {}", id));
    ASSERT_OK(bus_.Select(id));
    EXPECT_EQ(bus_.selected(), id);
    EXPECT_THAT(ChainSelection(), ElementsAre(id == 0, id == 1));
    const Result<std::vector<uint8_t>> device_id = ReadDeviceId();
    ASSERT_OK(device_id);
    EXPECT_EQ(*device_id, DeviceIdOf(port_.chain_function(id)));
    Print(fmt::format("to {}", id));
    EXPECT_THAT(port_.chain_function(id).received(),
                ElementsAreArray(Bytes(fmt::format("to {}", id))));
  }
  EXPECT_THAT(port_.chain_function(0).received(), ElementsAreArray(Bytes("to 0")));
  EXPECT_TRUE(port_.printer()->received().empty());
}

TEST_P(Dot3ChipTest, EndOfChainReachesThePrinter) {
  ASSERT_OK(bus_.Initialise());
  ASSERT_OK(bus_.Select(1));
  ASSERT_OK(bus_.Select(kEndOfChainId));
  EXPECT_EQ(bus_.selected(), kEndOfChainId);
  EXPECT_THAT(ChainSelection(), ElementsAre(false, false));
  const Result<std::vector<uint8_t>> device_id = ReadDeviceId();
  ASSERT_OK(device_id);
  EXPECT_EQ(*device_id, DeviceIdOf(*port_.printer()));
  Print("end");
  EXPECT_THAT(port_.printer()->received(), ElementsAreArray(Bytes("end")));
  EXPECT_TRUE(port_.chain_function(1).received().empty());
  ASSERT_OK(bus_.Deselect(kEndOfChainId));
  EXPECT_EQ(bus_.selected(), std::nullopt);
}

TEST_P(Dot3ChipTest, DeselectHandsTheCableBack) {
  ASSERT_OK(bus_.Initialise());
  ASSERT_OK(bus_.Select(0));
  ASSERT_OK(bus_.Deselect(0));
  EXPECT_EQ(bus_.selected(), std::nullopt);
  EXPECT_THAT(ChainSelection(), ElementsAre(false, false));
  Print("p");
  EXPECT_THAT(port_.printer()->received(), ElementsAre('p'));
  EXPECT_TRUE(port_.chain_function(0).received().empty());
}

TEST_P(Dot3ChipTest, ReinitialisationIsIdempotent) {
  ASSERT_OK(bus_.Initialise());
  ASSERT_OK(bus_.Select(1));
  const Result<int> again = bus_.Initialise();
  ASSERT_OK(again);
  EXPECT_EQ(*again, 2);
  EXPECT_THAT(Addresses(), ElementsAre(0, 1));
  EXPECT_THAT(ChainSelection(), ElementsAre(false, false));  // Linux deselects all first.
  EXPECT_EQ(bus_.selected(), std::nullopt);
  ASSERT_OK(bus_.Select(1));
  EXPECT_THAT(ChainSelection(), ElementsAre(false, true));
}

INSTANTIATE_TEST_SUITE_P(Dot3Chips, Dot3ChipTest, ::testing::ValuesIn(AllChips()), CaseName);

// Chains of every length the standard allows, on the default chip.
class Dot3ChainLengthTest : public Dot3Fixture, public ::testing::WithParamInterface<size_t> {
 protected:
  Dot3ChainLengthTest() : Dot3Fixture(ChainOf(GetParam())) {}
};

TEST_P(Dot3ChainLengthTest, EveryDeviceIsCountedAndSelectable) {
  const int devices = static_cast<int>(GetParam());
  const Result<int> count = bus_.Initialise();
  ASSERT_OK(count);
  EXPECT_EQ(*count, devices);
  for (int id = 0; id < devices; ++id) {
    EXPECT_EQ(port_.chain_device(id).address(), id);
    ASSERT_OK(bus_.Select(static_cast<uint8_t>(id)));
    EXPECT_TRUE(port_.chain_device(id).selected());
    const Result<std::vector<uint8_t>> device_id = ReadDeviceId();
    ASSERT_OK(device_id);
    EXPECT_EQ(*device_id, DeviceIdOf(port_.chain_function(id)));
  }
  if (devices < kMaxDaisyChainDevices) {  // Id 4 is the end of the chain's.
    EXPECT_ERRC(bus_.Select(static_cast<uint8_t>(devices)), Errc::kInvalidArgument);
  }
  ASSERT_OK(bus_.Select(kEndOfChainId));
  const Result<std::vector<uint8_t>> device_id = ReadDeviceId();
  ASSERT_OK(device_id);
  EXPECT_EQ(*device_id, DeviceIdOf(*port_.printer()));
}

INSTANTIATE_TEST_SUITE_P(Dot3Lengths, Dot3ChainLengthTest, ::testing::Values(0, 1, 2, 3, 4));

class Dot3Test : public Dot3Fixture {
 protected:
  Dot3Test() : Dot3Fixture(sim::DefaultTopology()) {}
};

// One select, byte by byte (ieee1284.md 12.1): the qualifier AA 55 00 FF 87 78 with no strobe,
// the command E0 + id strobed, FF.
TEST_F(Dot3Test, ASelectIsOneCommandPacket) {
  ASSERT_OK(bus_.Initialise());
  written_.clear();
  strobed_.clear();
  ASSERT_OK(bus_.Select(1));
  EXPECT_THAT(written_, ElementsAre(0xAA, 0x55, 0x00, 0xFF, 0x87, 0x78, 0xE1, 0xFF));
  EXPECT_THAT(strobed_, ElementsAre(0xE1));
}

// Address assignment (ieee1284.md 12.3): Linux's deselect-all, then two passes, each one packet
// with an address strobed per device.
TEST_F(Dot3Test, InitialiseIsADeselectAndTwoAssignmentPasses) {
  ASSERT_OK(bus_.Initialise());
  EXPECT_THAT(strobed_, ElementsAre(0x30, 0x00, 0x01, 0x00, 0x01));
  EXPECT_EQ(Qualifiers(), 3u);
}

TEST_F(Dot3Test, SelectForEcpAndEpp) {
  ASSERT_OK(bus_.Initialise());
  ASSERT_OK(bus_.Select(1, Dot3Mode::kEcp));
  EXPECT_THAT(ChainSelection(), ElementsAre(false, true));
  ASSERT_OK(bus_.Select(0, Dot3Mode::kEpp));
  EXPECT_THAT(ChainSelection(), ElementsAre(true, false));
  EXPECT_THAT(strobed_, ::testing::IsSupersetOf({0xD1, 0x20}));
}

TEST_F(Dot3Test, InvalidIdsAreRefused) {
  // Before initialisation no id but the end of the chain's is known.
  EXPECT_ERRC(bus_.Select(0), Errc::kInvalidArgument);
  ASSERT_OK(bus_.Initialise());
  written_.clear();
  for (const uint8_t id : {2, 3, 5, 0xFF}) {
    SCOPED_TRACE(fmt::format("id {}", id));
    const Result<void> selected = bus_.Select(id);
    EXPECT_ERRC(selected, Errc::kInvalidArgument);
    EXPECT_ERRC(bus_.Deselect(id), Errc::kInvalidArgument);
    if (!selected) {
      EXPECT_THAT(selected.error().detail(), HasSubstr(fmt::format("id {}", id)));
    }
  }
  EXPECT_THAT(written_, IsEmpty());  // Refused before a line moved.
  EXPECT_EQ(bus_.selected(), std::nullopt);
}

class Dot3FourDeviceTest : public Dot3Fixture {
 protected:
  Dot3FourDeviceTest() : Dot3Fixture(ChainOf(4), kWindowsXpDaisyChainDevices) {}
};

TEST_F(Dot3FourDeviceTest, WindowsXpLeavesTheFarDevicesUnaddressed) {
  const Result<int> count = bus_.Initialise();
  ASSERT_OK(count);
  EXPECT_EQ(*count, 2);
  EXPECT_THAT(Addresses(), ElementsAre(0, 1, std::nullopt, std::nullopt));
  EXPECT_ERRC(bus_.Select(2), Errc::kInvalidArgument);
  ASSERT_OK(bus_.Select(1));
  ASSERT_OK(bus_.Select(kEndOfChainId));
  Print("far");
  EXPECT_THAT(port_.printer()->received(), ElementsAreArray(Bytes("far")));
}

TEST_F(Dot3FourDeviceTest, TheDevicesBeyondTheLimitAreReported) {
  ASSERT_OK(bus_.Initialise());
  EXPECT_TRUE(bus_.devices_beyond_limit());
}

// Every chain length under every limit: min(length, limit) devices addressed, and the devices
// beyond the limit reported exactly when the chain is longer than it.
struct LimitCase {
  size_t length;
  int limit;
};

class Dot3LimitTest : public Dot3Fixture, public ::testing::WithParamInterface<LimitCase> {
 protected:
  Dot3LimitTest() : Dot3Fixture(ChainOf(GetParam().length), GetParam().limit) {}
};

TEST_P(Dot3LimitTest, AddressesUpToTheLimitAndReportsTheRest) {
  const auto [length, limit] = GetParam();
  const Result<int> count = bus_.Initialise();
  ASSERT_OK(count);
  EXPECT_EQ(*count, std::min(static_cast<int>(length), limit));
  EXPECT_EQ(bus_.devices_beyond_limit(), static_cast<int>(length) > limit);
}

std::vector<LimitCase> AllLimits() {
  std::vector<LimitCase> cases;
  for (size_t length = 0; length <= kMaxDaisyChainDevices; ++length) {
    for (int limit = 1; limit <= kMaxDaisyChainDevices; ++limit) cases.push_back({length, limit});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Dot3Limits, Dot3LimitTest, ::testing::ValuesIn(AllLimits()),
                         [](const ::testing::TestParamInfo<LimitCase>& info) {
                           return fmt::format("length{}_limit{}", info.param.length,
                                              info.param.limit);
                         });

class Dot3NoChainTest : public Dot3Fixture {
 protected:
  Dot3NoChainTest() : Dot3Fixture(ChainOf(0), 0) {}
};

// A bus allowed no device never drives a packet.
TEST_F(Dot3NoChainTest, NoDevicesAllowedSendsNothing) {
  const Result<int> count = bus_.Initialise();
  ASSERT_OK(count);
  EXPECT_EQ(*count, 0);
  ASSERT_OK(bus_.Select(kEndOfChainId));
  EXPECT_THAT(written_, IsEmpty());
}

// The bus refuses to send a packet while an IEEE 1284 mode holds the link.
TEST_F(Dot3Test, APacketWaitsForCompatibilityMode) {
  ASSERT_OK(bus_.Initialise());
  ASSERT_OK(link_.Negotiate(kNibbleRequest));
  written_.clear();
  const Result<void> selected = bus_.Select(0);
  EXPECT_ERRC(selected, Errc::kInvalidState);
  EXPECT_ERRC(bus_.Initialise(), Errc::kInvalidState);
  EXPECT_THAT(written_, IsEmpty());
  EXPECT_EQ(bus_.device_count(), 2);
  ASSERT_OK(link_.Terminate());
  ASSERT_OK(bus_.Select(0));
}

// A chain device that hears the packet but never replies "selected" (nFault stuck high on the
// cable): a timeout naming the device, with the line expected and the level seen, after
// Windows' five tries. Once the cable is repaired the device is selected again.
TEST_F(Dot3Test, ADeviceThatNeverRepliesSelectedTimesOut) {
  ASSERT_OK(bus_.Initialise());
  port_.cable().SetStuck(Line::kNFault, Level::kHigh);
  strobed_.clear();
  const Result<void> selected = bus_.Select(0);
  ASSERT_TRUE(parclass::testing::HasErrc(selected, Errc::kTimeout));
  EXPECT_THAT(selected.error().detail(), HasSubstr("device 0"));
  EXPECT_EQ(selected.error().expected_lines(), LineLevels().with(Line::kNFault, Level::kLow));
  ASSERT_TRUE(selected.error().seen_lines().has_value());
  EXPECT_EQ(selected.error().seen_lines()->level(Line::kNFault), Level::kHigh);
  EXPECT_THAT(strobed_, ElementsAre(0xE0, 0xE0, 0xE0, 0xE0, 0xE0));
  EXPECT_EQ(bus_.selected(), std::nullopt);
  port_.cable().SetStuck(Line::kNFault, std::nullopt);
  ASSERT_OK(bus_.Select(0));
  EXPECT_EQ(bus_.selected(), 0);
}

// A chain that stops answering the qualifier (PError stuck low): not connected, naming the step.
TEST_F(Dot3Test, AChainThatDoesNotAnswerIsNotConnected) {
  ASSERT_OK(bus_.Initialise());
  ASSERT_OK(bus_.Select(1));
  port_.cable().SetStuck(Line::kPError, Level::kLow);
  written_.clear();
  strobed_.clear();
  for (const uint8_t id : {uint8_t{0}, kEndOfChainId}) {
    SCOPED_TRACE(fmt::format("id {}", id));
    const Result<void> selected = bus_.Select(id);
    ASSERT_TRUE(parclass::testing::HasErrc(selected, Errc::kNotConnected));
    EXPECT_THAT(selected.error().detail(), HasSubstr("after AA 55 00 FF"));
    EXPECT_EQ(selected.error().expected_lines()->level(Line::kPError), Level::kHigh);
    EXPECT_EQ(selected.error().seen_lines()->level(Line::kPError), Level::kLow);
    EXPECT_EQ(bus_.selected(), std::nullopt);
  }
  EXPECT_ERRC(bus_.Deselect(1), Errc::kNotConnected);
  EXPECT_THAT(strobed_, IsEmpty());  // No command went out unanswered.
  EXPECT_EQ(Qualifiers(), 15u);      // Five tries each.
}

// Busy stuck high from the start hides the chain, as it hides it from Linux and Windows: the
// qualifier is never answered, so there is no device, and the printer still has the cable.
class Dot3StuckBusyTest : public Dot3Fixture {
 protected:
  Dot3StuckBusyTest() : Dot3Fixture(StuckBusy()) {}
  static sim::Topology StuckBusy() {
    sim::Topology topology = ChainOf(2);
    topology.faults.stuck[Line::kBusy] = Level::kHigh;
    return topology;
  }
};

TEST_F(Dot3StuckBusyTest, AStuckLineHidesTheChain) {
  const Result<int> count = bus_.Initialise();
  ASSERT_OK(count);
  EXPECT_EQ(*count, 0);
  EXPECT_THAT(strobed_, IsEmpty());
  EXPECT_THAT(Addresses(), ElementsAre(std::nullopt, std::nullopt));
  EXPECT_ERRC(bus_.Select(0), Errc::kInvalidArgument);
  written_.clear();
  ASSERT_OK(bus_.Select(kEndOfChainId));
  EXPECT_THAT(written_, IsEmpty());  // No chain: nothing to deselect.
}

// A cable whose PError sticks low (the chain cannot answer the qualifier) and is repaired again
// at the qualifiers listed, counted from 1.
class Dot3UnstableCountTest : public Dot3Fixture {
 protected:
  Dot3UnstableCountTest() : Dot3Fixture(ChainOf(2)) {
    watch_ = port_.cable().Observe(kDataLines, [this](const sim::Delta&) {
      if (port_.cable().data() == 0xAA && toggles_at_.contains(++qualifier_)) Toggle();
    });
  }
  ~Dot3UnstableCountTest() override { port_.cable().StopObserving(watch_); }
  Dot3UnstableCountTest(const Dot3UnstableCountTest&) = delete;
  Dot3UnstableCountTest& operator=(const Dot3UnstableCountTest&) = delete;

  // Between two host accesses, as a loose connector would.
  void Toggle() {
    stuck_ = !stuck_;
    const std::optional<Level> level = stuck_ ? std::optional(Level::kLow) : std::nullopt;
    port_.scheduler().ScheduleAfter(
        Nanoseconds(0), [this, level] { port_.cable().SetStuck(Line::kPError, level); });
  }
  void StartStuck() {
    stuck_ = true;
    port_.cable().SetStuck(Line::kPError, Level::kLow);
  }

  std::set<int> toggles_at_;
  int qualifier_ = 0;
  bool stuck_ = false;
  sim::ObserverId watch_;
};

// Windows' rounds: the first pass finds nothing, the second two devices; the next round agrees.
TEST_F(Dot3UnstableCountTest, ACountTheSecondRoundAgreesOnIsTaken) {
  StartStuck();
  toggles_at_ = {3};  // Deselect-all and the first pass unanswered; repaired for the second.
  const Result<int> count = bus_.Initialise();
  ASSERT_OK(count);
  EXPECT_EQ(*count, 2);
  EXPECT_EQ(Qualifiers(), 5u);  // Deselect-all, then two rounds of two passes.
  EXPECT_THAT(Addresses(), ElementsAre(0, 1));
}

// A count that never settles is an error, and no device is taken to be there.
TEST_F(Dot3UnstableCountTest, ACountThatNeverSettlesIsAnError) {
  toggles_at_ = {2, 3, 4, 5, 6, 7};  // The passes find 0, 2, 0, 2, 0, 2 devices.
  const Result<int> count = bus_.Initialise();
  ASSERT_TRUE(parclass::testing::HasErrc(count, Errc::kProtocolError));
  EXPECT_THAT(count.error().detail(), HasSubstr("unstable"));
  EXPECT_EQ(bus_.device_count(), 0);
  EXPECT_EQ(Qualifiers(), 7u);  // Deselect-all, then three rounds of two passes.
  EXPECT_ERRC(bus_.Select(0), Errc::kInvalidArgument);
  ASSERT_OK(bus_.Select(kEndOfChainId));
}

}  // namespace
}  // namespace parclass::port
