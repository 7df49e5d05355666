// The port callbacks (shared spec windows-parallel-interface.md 4.1) through their C function
// pointers once their handle is closed, and a close racing a stream of them from another thread:
// the context names nothing, each callback answers as for a client without the port, and nothing
// else changes.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <thread>
#include <utility>
#include <vector>

#include "parclass/base/testing/result_matchers.h"
#include "parclass/port/port.h"
#include "parclass/port/testing/request_buffer.h"
#include "parclass/sim/simulated_port.h"

namespace parclass::port {
namespace {

using testing::Plain;
using testing::RequestBuffer;

bool NoService(void* /*interrupt*/, void* /*context*/) { return false; }

// Every callback the port hands one client, from the three structures that carry them.
struct Callbacks {
  ParallelPortInformation port;
  ParallelPnpInformation pnp;
  ParallelInterruptInformation interrupt;
};

constexpr uint8_t kChipMode = 0x34;

class PortCallbacksTest : public ::testing::Test {
 protected:
  PortCallbacksTest() : sim_(sim::DefaultTopology()) {
    Result<std::unique_ptr<Port>> started =
        Port::Start(sim_.chip(), sim_.scheduler(), {.enable_connect_interrupt = true});
    EXPECT_OK(started);
    port_ = std::move(*started);
  }

  std::unique_ptr<PortHandle> Open() { return port_->Open().value(); }

  static Callbacks CallbacksOf(PortHandle& handle) {
    Callbacks callbacks{};
    RequestBuffer buffer;
    EXPECT_EQ(handle
                  .InternalDeviceControl(
                      buffer.Out(kIoctlGetParallelPortInfo, sizeof(ParallelPortInformation)))
                  .status,
              NtStatus::kSuccess);
    callbacks.port = buffer.As<ParallelPortInformation>();
    EXPECT_EQ(handle
                  .InternalDeviceControl(
                      buffer.Out(kIoctlGetParallelPnpInfo, sizeof(ParallelPnpInformation)))
                  .status,
              NtStatus::kSuccess);
    callbacks.pnp = buffer.As<ParallelPnpInformation>();
    const ParallelInterruptServiceRoutine routine{.service = &NoService};
    EXPECT_EQ(handle
                  .InternalDeviceControl(buffer.In(kIoctlParallelConnectInterrupt, routine,
                                                   sizeof(ParallelInterruptInformation)))
                  .status,
              NtStatus::kSuccess);
    callbacks.interrupt = buffer.As<ParallelInterruptInformation>();
    return callbacks;
  }

  // Each callback of a closed handle answers as for a client without the port: not allocated, no
  // waiters, STATUS_INVALID_DEVICE_STATE; whatever the arguments, a null command included.
  static void ExpectNotOpen(const Callbacks& callbacks) {
    const ParallelPortInformation& port = callbacks.port;
    const ParallelPnpInformation& pnp = callbacks.pnp;
    const ParallelInterruptInformation& interrupt = callbacks.interrupt;
    EXPECT_EQ(port.try_allocate_port(port.context), 0);
    EXPECT_EQ(interrupt.try_allocate_port_at_interrupt_level(interrupt.context), 0);
    EXPECT_EQ(port.query_num_waiters(port.context), 0u);
    port.free_port(port.context);
    interrupt.free_port_from_interrupt_level(interrupt.context);
    EXPECT_EQ(pnp.try_set_chip_mode(pnp.context, kChipMode), NtStatus::kInvalidDeviceState);
    EXPECT_EQ(pnp.clear_chip_mode(pnp.context, kChipMode), NtStatus::kInvalidDeviceState);
    for (uint32_t flags : {0u, kParHavePortKeepPort}) {
      Parallel1284Command command{.id = 1, .port = 0, .command_flags = flags};
      EXPECT_EQ(pnp.try_select_device(pnp.context, &command), NtStatus::kInvalidDeviceState);
      EXPECT_EQ(pnp.deselect_device(pnp.context, &command), NtStatus::kInvalidDeviceState);
    }
    EXPECT_EQ(pnp.try_select_device(pnp.context, nullptr), NtStatus::kInvalidDeviceState);
    EXPECT_EQ(pnp.deselect_device(pnp.context, nullptr), NtStatus::kInvalidDeviceState);
  }

  sim::SimulatedPort sim_;
  std::unique_ptr<Port> port_;
};

TEST_F(PortCallbacksTest, EveryCallbackAfterCloseAnswersAsForAClientWithoutThePort) {
  std::unique_ptr<PortHandle> a = Open();
  const Callbacks callbacks = CallbacksOf(*a);
  EXPECT_EQ(callbacks.port.context, callbacks.pnp.context);
  EXPECT_EQ(callbacks.port.context, callbacks.interrupt.context);
  ASSERT_EQ(callbacks.port.try_allocate_port(callbacks.port.context), 1);  // Open: it works.
  a.reset();  // Closed holding the port: freed.
  ExpectNotOpen(callbacks);
  EXPECT_FALSE(port_->arbiter().owner().has_value());
  EXPECT_EQ(port_->chip_mode(), kInitialChipMode);
  EXPECT_FALSE(sim_.chain_device(1).selected());
  std::unique_ptr<PortHandle> b = Open();
  EXPECT_TRUE(b->TryAllocatePort());  // The port is free for the others.
  EXPECT_EQ(port_->arbiter().alloc_free_counts().port_allocates, 2u);
  EXPECT_EQ(port_->arbiter().alloc_free_counts().port_frees, 1u);
}

// Another client holds the port, has a chip mode set and a device selected, and one more waits:
// a closed handle's callbacks neither take, free nor change any of it.
TEST_F(PortCallbacksTest, AClosedHandlesCallbacksLeaveAnotherClientsPortAlone) {
  std::unique_ptr<PortHandle> a = Open();
  const Callbacks callbacks = CallbacksOf(*a);
  a.reset();
  std::unique_ptr<PortHandle> b = Open();
  std::unique_ptr<PortHandle> c = Open();
  ASSERT_TRUE(b->TryAllocatePort());
  ASSERT_EQ(b->TrySetChipMode(kChipMode), NtStatus::kSuccess);
  const Parallel1284Command device1{.id = 1, .port = 0, .command_flags = kParHavePortKeepPort};
  ASSERT_EQ(b->TrySelectDevice(device1), NtStatus::kSuccess);
  std::future<RequestResult> waiting = std::async(std::launch::async, [&] {
    return c->InternalDeviceControl(Plain(kIoctlParallelPortAllocate));
  });
  while (b->QueryNumWaiters() == 0) std::this_thread::yield();

  ExpectNotOpen(callbacks);
  EXPECT_TRUE(b->holds_port());
  EXPECT_EQ(b->QueryNumWaiters(), 1u);
  EXPECT_EQ(port_->chip_mode(), kChipMode);
  EXPECT_TRUE(sim_.chain_device(1).selected());

  ASSERT_EQ(b->ClearChipMode(kChipMode), NtStatus::kSuccess);
  ASSERT_EQ(b->DeselectDevice({.id = 1, .port = 0, .command_flags = 0}), NtStatus::kSuccess);
  EXPECT_EQ(waiting.get().status, NtStatus::kSuccess);
  EXPECT_TRUE(c->holds_port());
}

// One thread takes and frees the port through the callbacks, round after round, while another
// closes the handle: every round before the close is granted, every one after is refused, and
// the port ends free. Rounds go on until a number of them have run after the close.
TEST_F(PortCallbacksTest, CloseRacingAStreamOfCallbacksIsSafe) {
  constexpr int kRoundsBeforeClose = 200;
  constexpr int kRoundsAfterClose = 200;
  std::unique_ptr<PortHandle> a = Open();
  const Callbacks callbacks = CallbacksOf(*a);
  struct Round {
    bool after_close;  // The close had returned when the round began.
    Boolean granted;
  };
  std::vector<Round> rounds;
  std::atomic<int> started = 0;
  std::atomic<bool> closed = false;
  std::thread stream([&] {
    const ParallelPortInformation& port = callbacks.port;
    const ParallelInterruptInformation& interrupt = callbacks.interrupt;
    for (int after = 0; after < kRoundsAfterClose; ++started) {
      const bool after_close = closed;
      const bool at_interrupt_level = rounds.size() % 2 == 1;
      const Boolean granted =
          at_interrupt_level ? interrupt.try_allocate_port_at_interrupt_level(interrupt.context)
                             : port.try_allocate_port(port.context);
      (void)port.query_num_waiters(port.context);
      if (at_interrupt_level) {
        interrupt.free_port_from_interrupt_level(interrupt.context);
      } else {
        port.free_port(port.context);
      }
      rounds.push_back({after_close, granted});
      if (after_close) ++after;
    }
  });
  while (started < kRoundsBeforeClose) std::this_thread::yield();
  a.reset();
  closed = true;
  stream.join();

  const auto refused = std::find_if(rounds.begin(), rounds.end(),
                                    [](const Round& round) { return round.granted == 0; });
  EXPECT_GE(refused - rounds.begin(), kRoundsBeforeClose);
  EXPECT_TRUE(std::all_of(rounds.begin(), refused, [](const Round& round) {
    return !round.after_close && round.granted == 1;
  }));
  EXPECT_TRUE(
      std::all_of(refused, rounds.end(), [](const Round& round) { return round.granted == 0; }));
  EXPECT_FALSE(port_->arbiter().owner().has_value());
  std::unique_ptr<PortHandle> b = Open();
  EXPECT_TRUE(b->TryAllocatePort());
}

}  // namespace
}  // namespace parclass::port
