// Interrupts from the simulated chip to the clients' routines, through the system a spec opens:
// one service routine call per nAck pulse with ackIntEn set, deferred routines after the free,
// refusals, and closing with a routine connected. All in virtual time.

#include "parclass/system/interrupt_source.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>
#include <variant>

#include "parclass/base/testing/result_matchers.h"
#include "parclass/hw/spp_regs.h"
#include "parclass/system/system.h"

namespace parclass::system {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

struct Counts {
  int serviced = 0;
  int deferred = 0;
  int deferred_after_service = 0;  // Deferred calls that came after a service call.
};

bool Service(void* /*interrupt*/, void* context) {
  ++static_cast<Counts*>(context)->serviced;
  return true;
}

void Deferred(void* context) {
  auto* counts = static_cast<Counts*>(context);
  ++counts->deferred;
  if (counts->serviced > 0) ++counts->deferred_after_service;
}

port::InterruptRoutine RoutineOf(Counts& counts) {
  return {.service = &Service,
          .service_context = &counts,
          .deferred = &Deferred,
          .deferred_context = &counts};
}

// Connecting a routine through `handle` is refused with `code`, for the reason `why`.
void ExpectConnectRefused(port::PortHandle& handle, Errc code, const char* why) {
  Counts counts;
  const Result<port::ParallelInterruptInformation> connected =
      handle.ConnectInterrupt(RoutineOf(counts));
  EXPECT_ERRC(connected, code);
  if (!connected) {
    EXPECT_THAT(connected.error().detail(), HasSubstr(why));
  }
}

class SimulatedInterruptTest : public ::testing::Test {
 protected:
  void Open(const PortOptions& options = {.enable_connect_interrupt = true}) {
    Result<std::unique_ptr<System>> opened = System::Open("sim", options);
    ASSERT_OK(opened);
    system_ = std::move(*opened);
    handle_ = system_->ports().front()->port().Open().value();
  }

  sim::SimulatedPort& simulated() { return *system_->ports().front()->backend().simulated(); }

  // One compatibility byte the printer acknowledges: its nAck pulse's rising edge interrupts
  // when `ack_interrupts` sets ackIntEn.
  void PrintByte(bool ack_interrupts = true) {
    hw::RegisterIo& io = system_->ports().front()->backend().io();
    const hw::Dcr idle =
        hw::Dcr::Get().set_n_init(true).set_select_in(true).set_ack_int_en(ack_interrupts);
    idle.WriteTo(io);
    hw::Data::Get().set_data('i').WriteTo(io);
    hw::Dcr(idle).set_strobe(true).WriteTo(io);
    idle.WriteTo(io);
    simulated().scheduler().SleepFor(20us);
  }

  // Connects `counts`' routines through the handle, then takes the port.
  Result<port::PortClaim> ConnectAndAllocate(Counts& counts) {
    const Result<port::ParallelInterruptInformation> connected =
        handle_->ConnectInterrupt(RoutineOf(counts));
    if (!connected) return connected.error();
    return handle_->Allocate();
  }

  std::unique_ptr<System> system_;
  std::unique_ptr<port::PortHandle> handle_;
};

TEST_F(SimulatedInterruptTest, TheServiceRoutineRunsOncePerAcknowledgedByte) {
  Open();
  Counts counts;
  Result<port::PortClaim> claim = ConnectAndAllocate(counts);
  ASSERT_OK(claim);
  for (int i = 0; i < 3; ++i) PrintByte();
  EXPECT_EQ(counts.serviced, 3);
  EXPECT_EQ(system_->ports().front()->interrupts()->delivered(), 3u);
  EXPECT_EQ(simulated().printer()->received().size(), 3u);
  PrintByte(/*ack_interrupts=*/false);  // ackIntEn clear: the nAck pulse interrupts nobody.
  EXPECT_EQ(counts.serviced, 3);
  EXPECT_EQ(counts.deferred, 0);  // The port is still held.
  claim->Free();
  EXPECT_EQ(counts.deferred, 1);  // Freed with nobody waiting.
  EXPECT_EQ(counts.deferred_after_service, 1);
}

// The routine runs at the virtual instant of nAck's rising edge.
TEST_F(SimulatedInterruptTest, TheRoutineRunsAtTheInstantOfTheEdge) {
  Open();
  struct Seen {
    sim::Scheduler* scheduler;
    Nanoseconds at{-1};
  } seen{&simulated().scheduler()};
  const port::InterruptRoutine routine{.service =
                                           [](void*, void* context) {
                                             auto* seen = static_cast<Seen*>(context);
                                             seen->at = seen->scheduler->Now();
                                             return true;
                                           },
                                       .service_context = &seen};
  ASSERT_OK(handle_->ConnectInterrupt(routine));
  Result<port::PortClaim> claim = handle_->Allocate();
  ASSERT_OK(claim);
  PrintByte();
  // The chip's interrupt, recorded as nAck rose.
  std::optional<Nanoseconds> raised;
  for (const sim::TraceEvent& event : simulated().trace().events()) {
    if (std::holds_alternative<sim::Interrupt>(event.what)) raised = event.at;
  }
  ASSERT_TRUE(raised.has_value());
  EXPECT_EQ(seen.at, *raised);
}

TEST_F(SimulatedInterruptTest, DisconnectStopsTheRoutines) {
  Open();
  Counts counts;
  Result<port::PortClaim> claim = ConnectAndAllocate(counts);
  ASSERT_OK(claim);
  PrintByte();
  ASSERT_OK(handle_->DisconnectInterrupt(RoutineOf(counts)));
  EXPECT_ERRC(handle_->DisconnectInterrupt(RoutineOf(counts)), Errc::kInvalidArgument);
  PrintByte();
  claim->Free();
  EXPECT_EQ(counts.serviced, 1);
  EXPECT_EQ(counts.deferred, 0);
  EXPECT_EQ(system_->ports().front()->interrupts()->delivered(), 2u);  // The chip still interrupts.
}

TEST_F(SimulatedInterruptTest, ARoutineConnectedTwiceIsRefusedAndRunsOnce) {
  Open();
  Counts counts;
  ASSERT_OK(handle_->ConnectInterrupt(RoutineOf(counts)));
  std::unique_ptr<port::PortHandle> other = system_->ports().front()->port().Open().value();
  EXPECT_ERRC(handle_->ConnectInterrupt(RoutineOf(counts)), Errc::kInvalidArgument);
  EXPECT_ERRC(other->ConnectInterrupt(RoutineOf(counts)), Errc::kInvalidArgument);
  Result<port::PortClaim> claim = handle_->Allocate();
  ASSERT_OK(claim);
  PrintByte();
  EXPECT_EQ(counts.serviced, 1);
}

TEST_F(SimulatedInterruptTest, ConnectingIsOffByDefault) {
  Open({});
  ExpectConnectRefused(*handle_, Errc::kInvalidState, "EnableConnectInterruptIoctl");
}

TEST_F(SimulatedInterruptTest, AChipWithoutAnIrqRefusesRoutines) {
  sim::Topology topology = sim::DefaultTopology();
  topology.chip.irq.reset();
  Result<std::unique_ptr<System>> opened =
      System::Open(Backend::Simulated(std::move(topology)), {.enable_connect_interrupt = true});
  ASSERT_OK(opened);
  std::unique_ptr<port::PortHandle> handle = (*opened)->ports().front()->port().Open().value();
  ExpectConnectRefused(*handle, Errc::kNotSupported, "no IRQ");
}

TEST_F(SimulatedInterruptTest, ClosingWithARoutineConnectedIsSafe) {
  Open();
  Counts counts;
  {
    Result<port::PortClaim> claim = ConnectAndAllocate(counts);
    ASSERT_OK(claim);
    PrintByte();
  }
  handle_.reset();
  system_.reset();
  EXPECT_EQ(counts.serviced, 1);
}

}  // namespace
}  // namespace parclass::system
