// IEEE 1284.3 daisy chains (ieee1284.md section 12): two chain devices, each with a printer of its
// own, and a legacy printer at the end of the chain, driven from the host's side as Linux's
// daisy.c drives them.

#include "parclass/sim/daisy_chain.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "parclass/sim/ieee1284_peripheral.h"
#include "parclass/sim/testing/line_host.h"

namespace parclass::sim {
namespace {

using testing::LineHost;

using std::chrono::microseconds;
using ::testing::ElementsAre;

Ieee1284Config PrinterNamed(std::string name, std::string device_id) {
  Ieee1284Config config;
  config.name = std::move(name);
  config.device_id = std::move(device_id);
  return config;
}

class DaisyChainTest : public ::testing::Test {
 protected:
  // A CPP command packet (ieee1284.md 12.1); returns the status read while the strobe is low.
  LineLevels Command(uint8_t command) {
    Preamble();
    host_.Data(command);
    host_.Wait(microseconds(2));
    host_.Set(Line::kNStrobe, Level::kLow);
    host_.Wait(microseconds(1));
    const LineLevels reply = Status();
    host_.Set(Line::kNStrobe, Level::kHigh);
    host_.Wait(microseconds(1));
    End();
    return reply;
  }
  // AA 55 00 FF, check, 87, check, 78; returns the statuses after FF and after 87.
  std::pair<LineLevels, LineLevels> Preamble() {
    for (uint8_t byte : {0xAA, 0x55, 0x00, 0xFF}) Write(byte);
    const LineLevels after_ff = Status();
    Write(0x87);
    const LineLevels after_87 = Status();
    Write(0x78);
    return {after_ff, after_87};
  }
  void End() { Write(0xFF); }
  void Write(uint8_t byte) {
    host_.Data(byte);
    host_.Wait(microseconds(2));
  }
  // Linux assign_addrs (ieee1284.md 12.3): the addresses handed out, in chain order.
  std::vector<uint8_t> AssignAddresses() {
    Preamble();
    std::vector<uint8_t> assigned;
    LineLevels s = Status();
    for (uint8_t daisy = 0; daisy < 4 && s.level(Line::kPError) == Level::kHigh &&
                            s.level(Line::kSelect) == Level::kHigh;
         ++daisy) {
      Write(daisy);
      host_.Set(Line::kNStrobe, Level::kLow);
      host_.Wait(microseconds(1));
      host_.Set(Line::kNStrobe, Level::kHigh);
      host_.Wait(microseconds(1));
      assigned.push_back(daisy);
      if (s.level(Line::kBusy) == Level::kHigh) break;  // That device was the last.
      s = Status();
    }
    End();
    return assigned;
  }
  void Print(uint8_t byte) {
    host_.SendCompat(byte);
    host_.Wait(microseconds(10));  // The printer's busy time.
  }
  LineLevels Status() const { return host_.Status(); }

  Scheduler scheduler_;
  Trace trace_;
  Cable host_cable_{scheduler_, trace_};
  Cable a_to_b_{scheduler_, trace_};
  Cable b_to_end_{scheduler_, trace_};
  Cable a_function_{scheduler_, trace_};
  Cable b_function_{scheduler_, trace_};
  DaisyChainDevice a_{host_cable_, a_to_b_, a_function_, /*last=*/false};
  DaisyChainDevice b_{a_to_b_, b_to_end_, b_function_, /*last=*/true};
  Ieee1284Peripheral a_printer_{a_function_, PrinterNamed("a", "MFG:Chain;MDL:A;")};
  Ieee1284Peripheral b_printer_{b_function_, PrinterNamed("b", "MFG:Chain;MDL:B;")};
  Ieee1284Peripheral legacy_{b_to_end_, PrinterNamed("legacy", "MFG:Old;MDL:End;")};
  LineHost host_{scheduler_, host_cable_};
};

// With nothing selected the chain passes everything through to the end-of-chain device.
TEST_F(DaisyChainTest, UnselectedChainPassesThroughToTheEnd) {
  Print('e');
  EXPECT_THAT(legacy_.received(), ElementsAre('e'));
  EXPECT_TRUE(a_printer_.received().empty());
  EXPECT_TRUE(b_printer_.received().empty());
  legacy_.set_condition(Condition::kPaperOut);
  EXPECT_EQ(Status().level(Line::kPError), Level::kHigh);  // The end device's status.
}

// Linux cpp_daisy's checks: after AA 55 00 FF, Busy low with PError, Select, nFault high; after
// 87, Busy high, PError low, Select and nFault high.
TEST_F(DaisyChainTest, PreambleIsAnswered) {
  const auto [after_ff, after_87] = Preamble();
  EXPECT_EQ(after_ff, LineLevels()
                          .with(Line::kNAck, Level::kHigh)
                          .with(Line::kBusy, Level::kLow)
                          .with(Line::kPError, Level::kHigh)
                          .with(Line::kSelect, Level::kHigh)
                          .with(Line::kNFault, Level::kHigh));
  EXPECT_EQ(after_87.level(Line::kBusy), Level::kHigh);
  EXPECT_EQ(after_87.level(Line::kPError), Level::kLow);
  EXPECT_EQ(after_87.level(Line::kSelect), Level::kHigh);
  EXPECT_EQ(after_87.level(Line::kNFault), Level::kHigh);
  End();
}

TEST_F(DaisyChainTest, AddressesAreAssignedInChainOrder) {
  EXPECT_THAT(AssignAddresses(), ElementsAre(0, 1));
  EXPECT_EQ(a_.address(), 0);
  EXPECT_EQ(b_.address(), 1);
  EXPECT_TRUE(legacy_.received().empty());  // The packet never reached the end device.
}

TEST_F(DaisyChainTest, SelectRoutesTheCableToThatDevice) {
  AssignAddresses();
  const LineLevels reply = Command(0xE0 | 1);
  EXPECT_EQ(reply.level(Line::kNFault), Level::kLow);  // Selected.
  EXPECT_TRUE(b_.selected());
  EXPECT_FALSE(a_.selected());
  Print('b');
  EXPECT_THAT(b_printer_.received(), ElementsAre('b'));
  EXPECT_TRUE(legacy_.received().empty());
  EXPECT_TRUE(a_printer_.received().empty());
}

TEST_F(DaisyChainTest, SelectingAnotherDeviceDeselectsTheFirst) {
  AssignAddresses();
  Command(0xE0 | 1);
  EXPECT_EQ(Command(0xE0 | 0).level(Line::kNFault), Level::kLow);
  EXPECT_TRUE(a_.selected());
  EXPECT_FALSE(b_.selected());
  Print('a');
  EXPECT_THAT(a_printer_.received(), ElementsAre('a'));
  EXPECT_TRUE(b_printer_.received().empty());
}

TEST_F(DaisyChainTest, DeselectAllReturnsToTheEndOfChain) {
  AssignAddresses();
  Command(0xE0 | 0);
  Command(0x30);
  EXPECT_FALSE(a_.selected());
  Print('z');
  EXPECT_THAT(legacy_.received(), ElementsAre('z'));
}

TEST_F(DaisyChainTest, SelectingAnAbsentDeviceFails) {
  AssignAddresses();
  EXPECT_EQ(Command(0xE0 | 3).level(Line::kNFault), Level::kHigh);
  EXPECT_FALSE(a_.selected());
  EXPECT_FALSE(b_.selected());
}

// Each selected device negotiates on its own: the Device ID comes from its function.
TEST_F(DaisyChainTest, DeviceIdOfTheSelectedDevice) {
  AssignAddresses();
  Command(0xE0 | 1);
  ASSERT_TRUE(host_.Negotiate(0x04));
  const std::vector<uint8_t> id = host_.ReadNibblesWhileAvailable();
  EXPECT_EQ(id, Ieee1284Peripheral::DeviceIdBytes("MFG:Chain;MDL:B;", DeviceIdLength::kStandard));
  EXPECT_TRUE(host_.Terminate());
}

// Preamble bytes sent with strobes are data: they are printed, not taken as a packet.
TEST_F(DaisyChainTest, StrobedPreambleBytesAreData) {
  for (uint8_t byte : {0xAA, 0x55, 0x00, 0xFF, 0x87, 0x78}) Print(byte);
  EXPECT_THAT(legacy_.received(), ElementsAre(0xAA, 0x55, 0x00, 0xFF, 0x87, 0x78));
  EXPECT_FALSE(a_.address().has_value());
}

}  // namespace
}  // namespace parclass::sim
