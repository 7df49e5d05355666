// The preload library's session report: the conformance checker on the port's cable, and the
// stalls that stretch a program's compatibility strobe past IEEE 1284's 500 us when virtual time
// catches up with the wall clock.

#include "parclass/ppdev_sim/session_monitor.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <linux/parport.h>
#include <linux/ppdev.h>
#include <sys/ioctl.h>

#include <chrono>
#include <string>

#include "parclass/ppdev_sim/ppdev_emulator.h"

namespace parclass::ppdev_sim {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kNode = "/dev/parport0";
constexpr uint8_t kIdle = PARPORT_CONTROL_SELECT | PARPORT_CONTROL_INIT;  // nSelectIn low.

sim::Topology PrinterAlone() {
  sim::Topology topology = sim::DefaultTopology();
  topology.chain.clear();
  return topology;
}

class SessionMonitorTest : public ::testing::Test {
 protected:
  SessionMonitorTest() : port_(kernel_.AddPort(kNode, PrinterAlone())), monitor_(port_) {
    fd_ = kernel_.Open(kNode, O_RDWR);
    EXPECT_EQ(kernel_.Ioctl(fd_, PPCLAIM, nullptr), 0);
    Control(kIdle);
    kernel_.AdvanceTime(kNode, milliseconds(1));
  }

  void Control(uint8_t value) { ASSERT_EQ(kernel_.Ioctl(fd_, PPWCONTROL, &value), 0); }
  // As the preload library catches the port's time up after the program made no call for `gap`.
  void Stall(Nanoseconds gap, bool reported = true) {
    if (reported) kernel_.WithPort(kNode, [&](sim::SimulatedPort&) { monitor_.Stalled(gap); });
    kernel_.AdvanceTime(kNode, gap);
  }
  // One byte in compatibility mode, with a stall of `gap` while nStrobe is low.
  void StrobeWithStall(Nanoseconds gap, bool reported = true) {
    uint8_t data = 'x';
    ASSERT_EQ(kernel_.Ioctl(fd_, PPWDATA, &data), 0);
    Control(kIdle | PARPORT_CONTROL_STROBE);
    Stall(gap, reported);
    Control(kIdle);
    kernel_.AdvanceTime(kNode, milliseconds(1));
  }
  std::string Finish() {
    std::string report;
    kernel_.WithPort(kNode, [&](sim::SimulatedPort&) { report = monitor_.Finish(); });
    return report;
  }

  PpdevEmulator kernel_;
  sim::SimulatedPort& port_;
  SessionMonitor monitor_;
  int fd_ = -1;
};

TEST_F(SessionMonitorTest, ACleanSessionHasNoViolations) {
  StrobeWithStall(std::chrono::microseconds(10));
  const std::string report = Finish();
  EXPECT_THAT(report, HasSubstr("; 0 violations\nrules none\nstretched-strobes 0\n"));
  EXPECT_THAT(report, HasSubstr("\nepp-cycles address-write 0 address-read 0 data-write 0 "
                                "data-read 0\nepp-data-written -\nsimulator-errors 0\n"));
  EXPECT_EQ(port_.printer()->received(), std::vector<uint8_t>{'x'});
}

// A strobe the program held low across a stall: a violation, and the stall that explains it.
TEST_F(SessionMonitorTest, AStrobeStretchedByAStallIsCounted) {
  StrobeWithStall(milliseconds(2));
  const std::string report = Finish();
  EXPECT_THAT(report, HasSubstr("; 1 violations\nrules compat-strobe-width 1\nstretched-strobes 1\n"
                                "violation "));
  EXPECT_THAT(report, HasSubstr("  2.000 ms without a port access, nStrobe low\n"));
}

// The same strobe with no stall on record (the program held it itself): not explained.
TEST_F(SessionMonitorTest, ALongStrobeWithoutAStallIsTheProgramsOwn) {
  StrobeWithStall(milliseconds(2), /*reported=*/false);
  const std::string report = Finish();
  EXPECT_THAT(report, HasSubstr("rules compat-strobe-width 1\nstretched-strobes 0\n"));
  EXPECT_THAT(report, Not(HasSubstr("\nstall ")));
}

// Stalls with nStrobe high, or shorter than a strobe may last, are no stalls of a strobe.
TEST_F(SessionMonitorTest, OnlyStallsWithNStrobeLowLongerThanAStrobeCount) {
  Stall(milliseconds(50));
  StrobeWithStall(std::chrono::microseconds(400));
  const std::string report = Finish();
  EXPECT_THAT(report, HasSubstr("rules none\nstretched-strobes 0\n"));
  EXPECT_THAT(report, Not(HasSubstr("\nstall ")));
}

}  // namespace
}  // namespace parclass::ppdev_sim
