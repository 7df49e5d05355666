// ppdev's interrupts through the library's thread (system::InterruptSource) over the emulated
// kernel: the printer's nAck pulses reach the clients' service routines, the thread ends at once
// when the source closes, and a vanished node ends it with the error kept.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>

#include "parclass/backends/ppdev.h"
#include "parclass/base/mutex.h"
#include "parclass/hw/port_registers.h"
#include "parclass/hw/spp_regs.h"
#include "parclass/port/port.h"
#include "parclass/ppdev_sim/ppdev_emulator.h"
#include "parclass/sim/topology.h"
#include "parclass/system/interrupt_source.h"

namespace parclass::ppdev_sim {
namespace {

using namespace std::chrono_literals;

constexpr const char* kPath = "/dev/parport0";

// What the routines saw, from the interrupt thread; the test waits on it (never sleeps).
struct Seen {
  Mutex mutex;
  CondVar changed;
  int serviced PARCLASS_GUARDED_BY(mutex) = 0;
  int deferred PARCLASS_GUARDED_BY(mutex) = 0;

  void AwaitServiced(int count) {
    const MutexLock lock(mutex);
    while (serviced < count) changed.Wait(mutex);
  }
};

bool Service(void* /*interrupt*/, void* context) {
  auto* seen = static_cast<Seen*>(context);
  const MutexLock lock(seen->mutex);
  ++seen->serviced;
  seen->changed.NotifyAll();
  return true;
}

void Deferred(void* context) {
  auto* seen = static_cast<Seen*>(context);
  const MutexLock lock(seen->mutex);
  ++seen->deferred;
}

class PpdevInterruptTest : public ::testing::Test {
 protected:
  PpdevInterruptTest() : sim_(kernel_.AddPort(kPath, sim::DefaultTopology())) {
    ppdev_ = backends::PpdevPort::Open(kernel_, sim_.scheduler(), {.path = kPath}).value();
    port_ = port::Port::Start(*ppdev_, sim_.scheduler(),
                              {.enable_connect_interrupt = true,
                               .detect = {.probe_ecr = false},
                               .kernel_link = ppdev_.get()})
                .value();
    source_ = system::InterruptSource::Ppdev(*ppdev_, *port_).value();
    handle_ = port_->Open().value();
  }
  ~PpdevInterruptTest() override {
    handle_.reset();
    source_.reset();
  }

  // One compatibility byte through ppdev's register ioctls; the printer's nAck pulse is counted
  // by the kernel (ppdev keeps ackIntEn set while it holds the port).
  void PrintByte() {
    hw::PortRegisters& registers = port_->registers();
    hw::Data::Get().set_data('i').WriteTo(port_->io());
    const hw::Dcr idle = hw::Dcr::Get().set_n_init(true).set_select_in(true);
    registers.WriteControl(hw::Dcr(idle).set_strobe(true));
    registers.WriteControl(idle);
    kernel_.AdvanceTime(kPath, 20us);
  }

  PpdevEmulator kernel_;
  sim::SimulatedPort& sim_;
  std::unique_ptr<backends::PpdevPort> ppdev_;
  std::unique_ptr<port::Port> port_;
  std::unique_ptr<system::InterruptSource> source_;
  std::unique_ptr<port::PortHandle> handle_;
};

TEST_F(PpdevInterruptTest, EachAcknowledgedByteRunsTheRoutineOnTheLibrarysThread) {
  Seen seen;
  const port::InterruptRoutine routine{.service = &Service,
                                       .service_context = &seen,
                                       .deferred = &Deferred,
                                       .deferred_context = &seen};
  ASSERT_TRUE(handle_->ConnectInterrupt(routine));
  Result<port::PortClaim> claim = handle_->Allocate();
  ASSERT_TRUE(claim);
  for (int i = 1; i <= 3; ++i) {
    PrintByte();
    seen.AwaitServiced(i);
  }
  EXPECT_EQ(sim_.printer()->received().size(), 3u);
  claim->Free();
  const MutexLock lock(seen.mutex);
  EXPECT_EQ(seen.serviced, 3);
  EXPECT_EQ(seen.deferred, 1);  // After the free, on this thread: nobody was waiting.
  EXPECT_FALSE(source_->failure().has_value());
}

TEST_F(PpdevInterruptTest, ClosingEndsTheThreadWithARoutineConnected) {
  Seen seen;
  ASSERT_TRUE(handle_->ConnectInterrupt({.service = &Service, .service_context = &seen}));
  source_.reset();  // Joins a thread blocked in poll(): the stop ends the wait.
  Result<port::PortClaim> claim = handle_->Allocate();
  ASSERT_TRUE(claim);
  PrintByte();  // Counted by the kernel, delivered by nobody.
  EXPECT_EQ(sim_.printer()->received().size(), 1u);
  const MutexLock lock(seen.mutex);
  EXPECT_EQ(seen.serviced, 0);
}

TEST_F(PpdevInterruptTest, AVanishedNodeEndsTheThreadWithTheError) {
  Seen seen;
  ASSERT_TRUE(handle_->ConnectInterrupt({.service = &Service, .service_context = &seen}));
  kernel_.Vanish(kPath);
  // The thread's poll wakes with -ENODEV; wait for the source to record it.
  while (!source_->failure().has_value()) std::this_thread::yield();
  EXPECT_EQ(source_->failure()->code(), Errc::kNotConnected);
  EXPECT_NE(source_->failure()->detail().find("went away"), std::string::npos);
}

}  // namespace
}  // namespace parclass::ppdev_sim
