// The checker on the simulator's traces: the adapter from sim::Trace, and whole simulated
// transfers. The simulated chip's Parallel Port FIFO (ECR mode 010) sending to a printer must
// conform; software strobing while the printer is busy must not.

#include "parclass/conformance/sim_trace.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parclass/hw/ecp_regs.h"
#include "parclass/hw/epp_regs.h"
#include "parclass/hw/spp_regs.h"
#include "parclass/sim/cable.h"
#include "parclass/sim/chip.h"
#include "parclass/sim/scheduler.h"
#include "parclass/sim/trace.h"
#include "trace_builder.h"

namespace parclass::conformance {
namespace {

using hw::Dcr;
using hw::Ecr;
using hw::EcrMode;
using sim::Cable;
using sim::Delta;
using sim::Drive;
using sim::DriveFor;
using sim::Logic;
using sim::Side;

sim::TraceEvent Change(Nanoseconds at, Line line, Logic from, Logic to) {
  return {at, sim::LineChange{line, from, to}};
}

TEST(SimTraceTest, LevelChangesAreWhatAReceiverSenses) {
  sim::Trace trace;
  trace.Record(Change(microseconds(1), Line::kD0, Logic::kZ, Logic::k1));  // High to high.
  trace.Record(Change(microseconds(2), Line::kD0, Logic::k1, Logic::k0));
  trace.Record({microseconds(3), sim::Note{"not a line"}});
  trace.Record(Change(microseconds(4), Line::kD1, Logic::k0, Logic::kX));  // Low to low.
  trace.Record(Change(microseconds(5), Line::kNAck, Logic::k1, Logic::kX));
  trace.Record(Change(microseconds(6), Line::kD0, Logic::k0, Logic::kZ));
  const std::vector<LevelChange> changes = LevelChangesOf(trace);
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].at, microseconds(2));
  EXPECT_EQ(changes[0].level, kL);
  EXPECT_EQ(changes[1].line, Line::kNAck);
  EXPECT_EQ(changes[1].level, kL);
  EXPECT_EQ(changes[2].level, kH);
}

TEST(SimTraceTest, InitialLevelsAreEachLinesFirstFrom) {
  sim::Trace trace;
  trace.Record(Change(microseconds(1), Line::kBusy, Logic::kZ, Logic::k0));
  trace.Record(Change(microseconds(2), Line::kBusy, Logic::k0, Logic::k1));
  trace.Record(Change(microseconds(3), Line::kNStrobe, Logic::k1, Logic::k0));
  const LineLevels now = IdleLevels().with(Line::kBusy, kH).with(Line::kNStrobe, kL);
  const LineLevels initial = InitialLevels(trace, now);
  EXPECT_EQ(initial.level(Line::kBusy), kH);  // z reads high.
  EXPECT_EQ(initial.level(Line::kNStrobe), kH);
  EXPECT_EQ(initial.level(Line::kSelect), kH);  // Never changed: as now.
  EXPECT_EQ(initial.level(Line::kPError), kL);
}

TEST(SimTraceDeathTest, InitialLevelsNeedEveryLineNow) {
  EXPECT_DEATH(InitialLevels(sim::Trace(), LineLevels().with(Line::kD0, kH)), "every line");
}

// The trace ends at its last event of any kind: here a note 600 us after a strobe fell.
TEST(SimTraceTest, CheckTraceEndsAtTheLastEvent) {
  sim::Trace trace;
  trace.Record(Change(microseconds(1), Line::kNStrobe, Logic::k1, Logic::k0));
  trace.Record({microseconds(600), sim::Note{"still strobing"}});
  const std::vector<Violation> found = CheckTrace(trace, IdleLevels());
  ASSERT_EQ(found.size(), 1u) << Describe(found);
  EXPECT_EQ(found[0].rule, Rule::kCompatStrobeWidth);
  EXPECT_EQ(found[0].at, microseconds(501));
}

// A Centronics printer: on nStrobe falling it takes the byte and raises Busy 300 ns later; after
// `busy_for` it pulses nAck low for 1 us and drops Busy with the pulse's end.
class Printer {
 public:
  explicit Printer(Cable& cable, Nanoseconds busy_for = microseconds(2))
      : cable_(cable), busy_for_(busy_for) {
    cable_.DriveLevels(Side::kPeripheral, LineLevels()
                                              .with(Line::kBusy, kL)
                                              .with(Line::kNAck, kH)
                                              .with(Line::kSelect, kH)
                                              .with(Line::kNFault, kH)
                                              .with(Line::kPError, kL));
    cable_.Settle();
    observer_ = cable_.Observe({Line::kNStrobe}, [this](const Delta& delta) { OnStrobe(delta); });
  }
  ~Printer() { cable_.StopObserving(observer_); }
  Printer(const Printer&) = delete;
  Printer& operator=(const Printer&) = delete;

  std::string received;

 private:
  void OnStrobe(const Delta& delta) {
    if (!delta.Fell(Line::kNStrobe)) return;
    received += static_cast<char>(cable_.data());
    Later(nanoseconds(300), {{Line::kBusy, kH}});
    Later(busy_for_, {{Line::kNAck, kL}});
    Later(busy_for_ + microseconds(1), {{Line::kNAck, kH}, {Line::kBusy, kL}});
  }
  void Later(Nanoseconds delay, std::initializer_list<std::pair<Line, Level>> levels) {
    LineLevels drive;
    for (const auto& [line, level] : levels) drive = drive.with(line, level);
    cable_.scheduler().ScheduleAfter(delay, [this, drive] {
      cable_.DriveLevels(Side::kPeripheral, drive);
      cable_.Settle();
    });
  }

  Cable& cable_;
  Nanoseconds busy_for_;
  sim::ObserverId observer_;
};

// The simulated port: scheduler, trace, cable and chip, recording from the start.
struct Port {
  explicit Port(sim::ChipConfig config) : cable(scheduler, trace), chip(cable, std::move(config)) {}

  void SetEcrMode(EcrMode mode) {
    Ecr::Get().set_mode(mode).set_n_err_intr_en(true).set_service_intr(true).WriteTo(chip);
  }
  std::vector<Violation> Check(ConformanceLimits limits = {}) const {
    return CheckTrace(trace, InitialLevels(trace, cable.levels(kAllLines)), limits);
  }

  sim::Scheduler scheduler;
  sim::Trace trace;
  Cable cable;
  sim::SimChip chip;
};

std::span<const uint8_t> Bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

// ECR mode 010: the chip strobes the FIFO out by itself, obeying Busy, with the SMSC timings.
TEST(SimTransferTest, ParallelPortFifoConforms) {
  Port port(sim::ChipConfig::Ecp());
  Printer printer(port.cable);
  Dcr::Get().set_n_init(true).set_select_in(true).WriteTo(port.chip);  // Compatibility idle.
  port.SetEcrMode(EcrMode::kPs2);
  port.SetEcrMode(EcrMode::kFifo);
  port.chip.WriteBlock(hw::CFifo::kAddress, hw::Width::k8, Bytes("parclass conforms"));
  port.scheduler.SleepFor(microseconds(200));
  ASSERT_EQ(printer.received, "parclass conforms");
  const std::vector<Violation> found = port.Check();
  EXPECT_TRUE(found.empty()) << Describe(found);
  // [DISAGREE] The SMSC FIFO's 450 ns hold is below IEEE 1284's own 750 ns, but here the data
  // stays until Busy falls, so the strict figures pass too except for setup and strobe.
  const std::vector<Violation> strict = port.Check(ConformanceLimits::Ieee1284());
  EXPECT_FALSE(strict.empty());
  EXPECT_TRUE(std::all_of(strict.begin(), strict.end(), [](const Violation& violation) {
    return violation.rule == Rule::kCompatDataSetup || violation.rule == Rule::kCompatStrobeWidth;
  })) << Describe(strict);
}

// Linux's software writer (ieee1284.md 6.1), one register access a microsecond, but without its
// wait for Busy low before the second byte.
TEST(SimTransferTest, SoftwareStrobeWhileBusyIsFlagged) {
  Port port(sim::ChipConfig::SppOnly());
  Printer printer(port.cable, microseconds(50));
  const auto write = [&](hw::RegisterAddress address, uint8_t value) {
    port.chip.Write(address, value);
  };
  write(Dcr::kAddress, 0b0000'1100);  // Compatibility idle: nInit high, nSelectIn low.
  write(hw::Data::kAddress, 'a');
  write(Dcr::kAddress, 0b0000'1101);  // nStrobe low ...
  write(Dcr::kAddress, 0b0000'1100);  // ... and high.
  write(hw::Data::kAddress, 'b');     // Busy is high now, for 50 us.
  const Nanoseconds second_strobe = port.scheduler.Now();
  write(Dcr::kAddress, 0b0000'1101);
  write(Dcr::kAddress, 0b0000'1100);
  port.scheduler.SleepFor(microseconds(100));
  EXPECT_EQ(printer.received, "ab");
  const std::vector<Violation> found = port.Check();
  ASSERT_EQ(found.size(), 1u) << Describe(found);
  EXPECT_EQ(found[0].rule, Rule::kCompatStrobeWhileBusy);
  EXPECT_EQ(found[0].at, second_strobe);
  EXPECT_EQ(found[0].lines.level(Line::kBusy), kH);
}

// The same writer waiting for Busy low between the bytes conforms.
TEST(SimTransferTest, SoftwareWriterThatWaitsConforms) {
  Port port(sim::ChipConfig::SppOnly());
  Printer printer(port.cable, microseconds(5));
  port.chip.Write(Dcr::kAddress, 0b0000'1100);
  for (char byte : std::string_view("ok")) {
    for (int polls = 0; polls < 100 && !hw::Dsr::Get().ReadFrom(port.chip).not_busy(); ++polls) {
    }  // Each read takes 1 us of virtual time.
    port.chip.Write(hw::Data::kAddress, static_cast<uint8_t>(byte));
    port.chip.Write(Dcr::kAddress, 0b0000'1101);
    port.chip.Write(Dcr::kAddress, 0b0000'1100);
  }
  port.scheduler.SleepFor(microseconds(20));
  EXPECT_EQ(printer.received, "ok");
  const std::vector<Violation> found = port.Check();
  EXPECT_TRUE(found.empty()) << Describe(found);
}

// An ECP peripheral (ieee1284.md 9.1-9.4) with a list of bytes to send in reverse. Forward: on
// HostClk low it takes the byte and raises PeriphAck (event 36), on HostClk high lowers it.
// nReverseRequest low: nAckReverse low (event 40), then each byte with PeriphClk low (43),
// PeriphClk high on HostAck high (45), the next byte on HostAck low (46). nReverseRequest high: it
// lets go of the data lines and raises nAckReverse (event 49).
class EcpPeripheral {
 public:
  struct Item {
    uint8_t byte;
    Level periph_ack;  // High: data; low: a command.
  };

  EcpPeripheral(Cable& cable, std::vector<Item> to_send)
      : cable_(cable), to_send_(std::move(to_send)) {
    Drive({{Line::kBusy, kL},
           {Line::kNAck, kH},
           {Line::kPError, kH},
           {Line::kSelect, kH},
           {Line::kNFault, kH}});
    observer_ = cable_.Observe({Line::kNStrobe, Line::kNAutoFd, Line::kNInit},
                               [this](const Delta& delta) { OnLines(delta); });
  }
  ~EcpPeripheral() { cable_.StopObserving(observer_); }
  EcpPeripheral(const EcpPeripheral&) = delete;
  EcpPeripheral& operator=(const EcpPeripheral&) = delete;

  std::vector<uint8_t> received;

 private:
  void OnLines(const Delta& delta) {
    if (delta.Fell(Line::kNStrobe)) {
      received.push_back(cable_.data());
      Later(nanoseconds(250), [this] { Drive({{Line::kBusy, kH}}); });  // Event 36.
    }
    if (delta.Rose(Line::kNStrobe)) Later(nanoseconds(250), [this] { Drive({{Line::kBusy, kL}}); });
    if (delta.Fell(Line::kNInit)) {
      reversed_ = true;
      Later(nanoseconds(300), [this] { Drive({{Line::kPError, kL}}); });  // Event 40.
      Later(nanoseconds(500), [this] { SendNext(); });
    }
    if (delta.Rose(Line::kNInit)) {  // Event 47.
      reversed_ = false;
      cable_.ReleaseData(Side::kPeripheral);
      Later(nanoseconds(300), [this] { Drive({{Line::kPError, kH}, {Line::kBusy, kL}}); });
    }
    if (!reversed_) return;
    if (delta.Rose(Line::kNAutoFd)) Later(nanoseconds(200), [this] { Drive({{Line::kNAck, kH}}); });
    if (delta.Fell(Line::kNAutoFd)) Later(nanoseconds(200), [this] { SendNext(); });
  }
  void SendNext() {
    if (!reversed_ || sent_ == to_send_.size()) return;
    const Item item = to_send_[sent_++];
    cable_.DriveData(Side::kPeripheral, item.byte);
    Drive({{Line::kBusy, item.periph_ack}});
    Drive({{Line::kNAck, kL}});  // Event 43, a delta cycle after the data.
  }
  void Drive(std::initializer_list<std::pair<Line, Level>> levels) {
    for (const auto& [line, level] : levels) cable_.Drive(Side::kPeripheral, line, DriveFor(level));
    cable_.Settle();
  }
  void Later(Nanoseconds delay, std::function<void()> action) {
    cable_.scheduler().ScheduleAfter(delay, std::move(action));
  }

  Cable& cable_;
  std::vector<Item> to_send_;
  size_t sent_ = 0;
  bool reversed_ = false;
  sim::ObserverId observer_;
};

// Checks what the port's trace records from construction on, from the port's levels then, in
// `mode`: for a trace that starts mid-session.
class CheckFromHere {
 public:
  CheckFromHere(Port& port, LinkMode mode)
      : port_(port), initial_(port.cable.levels(kAllLines)), mode_(mode) {
    port_.trace.Clear();
  }

  ConformanceChecker Run() const {
    ConformanceChecker checker(initial_, {}, mode_);
    for (const LevelChange& change : LevelChangesOf(port_.trace)) {
      checker.OnChange(change.at, change.line, change.level);
    }
    checker.Finish(port_.scheduler.Now());
    return checker;
  }

 private:
  Port& port_;
  LineLevels initial_;
  LinkMode mode_;
};

// ECR mode 011 both ways: the chip's forward handshake, the turnaround in mode 001 as Linux does
// it, the chip's reverse handshake into the FIFO, and back.
TEST(SimTransferTest, HardwareEcpConforms) {
  Port port(sim::ChipConfig::Ecp());
  EcpPeripheral device(port.cable, {{0x55, kH}, {0x81, kL}, {0x66, kH}});
  Dcr::Get().set_n_init(true).WriteTo(port.chip);  // 1284 Active, after negotiation and setup.
  port.SetEcrMode(EcrMode::kPs2);
  const CheckFromHere check(port, LinkMode::kEcp);
  port.SetEcrMode(EcrMode::kEcp);
  port.chip.Write(hw::EcpAFifo::kAddress, hw::EcpAFifo::Channel(3).reg_value());
  port.chip.Write(hw::EcpDFifo::kAddress, 0x41);
  port.scheduler.SleepFor(microseconds(20));
  port.SetEcrMode(EcrMode::kPs2);
  port.chip.Write(Dcr::kAddress, 0b0010'0110);  // Event 38: data lines off, HostAck low.
  port.chip.Write(Dcr::kAddress, 0b0010'0010);  // Event 39: nReverseRequest low.
  port.scheduler.SleepFor(microseconds(5));
  port.SetEcrMode(EcrMode::kEcp);
  port.scheduler.SleepFor(microseconds(20));
  std::vector<uint8_t> got;
  while (!port.chip.ecr().empty()) got.push_back(port.chip.Read(hw::EcpDFifo::kAddress));
  port.SetEcrMode(EcrMode::kPs2);
  port.chip.Write(Dcr::kAddress, 0b0010'0110);  // Event 47: nReverseRequest high.
  port.scheduler.SleepFor(microseconds(5));
  port.chip.Write(Dcr::kAddress, 0b0000'0110);  // Data lines on again.
  port.SetEcrMode(EcrMode::kEcp);
  port.chip.Write(hw::EcpDFifo::kAddress, 0x42);
  port.scheduler.SleepFor(microseconds(20));
  EXPECT_EQ(device.received, (std::vector<uint8_t>{0x83, 0x41, 0x42}));
  EXPECT_EQ(got, (std::vector<uint8_t>{0x55, 0x81, 0x66}));
  const ConformanceChecker checker = check.Run();
  EXPECT_TRUE(Conforms(checker));
  EXPECT_EQ(checker.mode(), LinkMode::kEcp);
  EXPECT_EQ(checker.phase(), Phase::kForwardIdle);
}

// An EPP 1.9 device: on a strobe it takes or drives the byte and raises nWait 200 ns later; when
// the strobe rises it lets go and lowers nWait 200 ns later.
class EppDevice {
 public:
  explicit EppDevice(Cable& cable) : cable_(cable) {
    cable_.Drive(Side::kPeripheral, Line::kBusy, Drive::kLow);
    cable_.Settle();
    observer_ = cable_.Observe({Line::kNAutoFd, Line::kNSelectIn},
                               [this](const Delta& delta) { OnStrobe(delta); });
  }
  ~EppDevice() { cable_.StopObserving(observer_); }
  EppDevice(const EppDevice&) = delete;
  EppDevice& operator=(const EppDevice&) = delete;

  std::vector<uint8_t> written;

 private:
  void OnStrobe(const Delta& delta) {
    if (delta.Fell(Line::kNAutoFd) || delta.Fell(Line::kNSelectIn)) {
      if (cable_.level(Line::kNStrobe) == kL) {
        written.push_back(cable_.data());
      } else {
        cable_.DriveData(Side::kPeripheral, 0xA5);
      }
      SetWaitLater(kH);  // Event 58.
    }
    if (delta.Rose(Line::kNAutoFd) || delta.Rose(Line::kNSelectIn)) {
      cable_.ReleaseData(Side::kPeripheral);
      SetWaitLater(kL);  // Event 60.
    }
  }
  void SetWaitLater(Level level) {
    cable_.scheduler().ScheduleAfter(nanoseconds(200), [this, level] {
      cable_.Drive(Side::kPeripheral, Line::kBusy, DriveFor(level));
      cable_.Settle();
    });
  }

  Cable& cable_;
  sim::ObserverId observer_;
};

TEST(SimTransferTest, HardwareEppConforms) {
  Port port(sim::ChipConfig::EppOnly());
  EppDevice device(port.cable);
  port.chip.Write(Dcr::kAddress, 0b0000'0100);  // As Linux sets it for EPP writes.
  const CheckFromHere check(port, LinkMode::kEpp);
  port.chip.Write(hw::EppAddress::kAddress, 0x2A);
  port.chip.Write(hw::EppData<0>::kAddress, 0x11);
  port.chip.Write(hw::EppData<0>::kAddress, 0x22);
  port.chip.Write(Dcr::kAddress, 0b0010'0100);  // Reads.
  EXPECT_EQ(port.chip.Read(hw::EppData<0>::kAddress), 0xA5);
  EXPECT_EQ(port.chip.Read(hw::EppAddress::kAddress), 0xA5);
  port.scheduler.SleepFor(microseconds(5));
  EXPECT_EQ(device.written, (std::vector<uint8_t>{0x2A, 0x11, 0x22}));
  EXPECT_FALSE(port.chip.epp_timeout());
  const ConformanceChecker checker = check.Run();
  EXPECT_TRUE(Conforms(checker));
  EXPECT_EQ(checker.mode(), LinkMode::kEpp);
}

}  // namespace
}  // namespace parclass::conformance
