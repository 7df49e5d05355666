// The port on the simulator: its start sequence, its clients, and every internal request with its
// documented statuses, short buffers included.

#include "parclass/port/port.h"

#include <gtest/gtest.h>

#include <array>
#include <bit>
#include <chrono>
#include <cstring>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "parclass/base/testing/result_matchers.h"
#include "parclass/hw/spp_regs.h"
#include "parclass/port/testing/request_buffer.h"
#include "parclass/sim/simulated_port.h"

namespace parclass::port {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

using testing::Plain;

// A request buffer that also builds CONNECT_INTERRUPT: the routine in, room for
// PARALLEL_INTERRUPT_INFORMATION out.
struct Buffer : testing::RequestBuffer {
  PortRequest Connect(const ParallelInterruptServiceRoutine& routine) {
    return In(kIoctlParallelConnectInterrupt, routine, sizeof(ParallelInterruptInformation));
  }
};

class PortTest : public ::testing::Test {
 protected:
  explicit PortTest(sim::Topology topology = sim::DefaultTopology(), PortConfig config = {})
      : sim_(std::move(topology)) {
    Result<std::unique_ptr<Port>> started = Port::Start(sim_.chip(), sim_.scheduler(), config);
    EXPECT_OK(started);
    port_ = std::move(*started);
    sim_.chip().set_interrupt_handler([this] { port_->OnInterrupt(); });
  }
  ~PortTest() override { sim_.chip().set_interrupt_handler(nullptr); }

  std::unique_ptr<PortHandle> Open() { return port_->Open().value(); }
  RequestResult Send(PortHandle& handle, const PortRequest& request, RequestOptions options = {}) {
    return handle.InternalDeviceControl(request, std::move(options));
  }
  static RequestResult Ok(size_t information = 0) { return {NtStatus::kSuccess, information}; }

  sim::SimulatedPort sim_;
  std::unique_ptr<Port> port_;
};

TEST_F(PortTest, StartDetectsTheChipAndCountsTheChain) {
  EXPECT_EQ(port_->device_name(), "ParallelPort0");
  EXPECT_EQ(port_->daisy_chain_devices(), 2);
  using hw::HardwareCapability;
  EXPECT_EQ(port_->capabilities().bits(), 0x1fu);  // ECP, EPP, EPP32, BYTE, 1284.3.
  EXPECT_TRUE(port_->capabilities().contains(HardwareCapability::kDot3));
  EXPECT_EQ(port_->chip_mode(), kInitialChipMode);
  EXPECT_FALSE(sim_.chain_device(0).selected());
  EXPECT_TRUE(sim_.printer()->received().empty());
  EXPECT_TRUE(sim_.trace().errors().empty()) << sim_.trace().errors().front();
}

TEST(PortStartTest, RefusesANameThatIsNotLptN) {
  sim::SimulatedPort sim(sim::DefaultTopology());
  for (const char* name : {"PRN", "LPT", "LPT0", "LPTx", "COM1", "LPT1 "}) {
    EXPECT_ERRC(Port::Start(sim.chip(), sim.scheduler(), {.name = name}), Errc::kInvalidArgument)
        << name;
  }
  Result<std::unique_ptr<Port>> third = Port::Start(sim.chip(), sim.scheduler(), {.name = "LPT3"});
  ASSERT_OK(third);
  EXPECT_EQ((*third)->device_name(), "ParallelPort2");
}

// A bus where nothing answers: every read floats high.
class EmptyBus final : public hw::RegisterIo {
 protected:
  uint8_t DoRead(hw::RegisterAddress) override { return 0xff; }
  void DoWrite(hw::RegisterAddress, uint8_t) override {}
};

TEST(PortStartTest, NoPortNoDevice) {
  EmptyBus bus;
  VirtualClock clock;
  EXPECT_ERRC(Port::Start(bus, clock, {}), Errc::kNoSuchDevice);
}

TEST_F(PortTest, OpensAreSharedUntilRemoval) {
  auto a = Open();
  auto b = Open();
  EXPECT_NE(a->client(), b->client());
  port_->Remove();
  EXPECT_ERRC(port_->Open(), Errc::kInvalidState);
  EXPECT_EQ(Send(*a, Plain(kIoctlParallelPortAllocate)), Ok());  // Open handles still work.
}

TEST_F(PortTest, AllocateAndFree) {
  auto a = Open();
  auto b = Open();
  EXPECT_EQ(Send(*a, Plain(kIoctlParallelPortAllocate)), Ok());
  EXPECT_TRUE(a->holds_port());
  EXPECT_FALSE(b->TryAllocatePort());  // Never queues.
  EXPECT_EQ(Send(*a, Plain(kIoctlParallelPortFree)), Ok());
  EXPECT_FALSE(a->holds_port());
  EXPECT_TRUE(b->TryAllocatePort());
  EXPECT_EQ(port_->arbiter().alloc_free_counts().port_allocates, 2u);
  EXPECT_EQ(port_->arbiter().alloc_free_counts().port_frees, 1u);
}

// A queued allocation waits in another thread and is granted when the owner frees the port; the
// owner sees it waiting.
TEST_F(PortTest, QueuedAllocationIsGrantedOnFree) {
  auto a = Open();
  auto b = Open();
  ASSERT_EQ(Send(*a, Plain(kIoctlParallelPortAllocate)), Ok());
  std::future<RequestResult> waiting =
      std::async(std::launch::async, [&] { return Send(*b, Plain(kIoctlParallelPortAllocate)); });
  while (a->QueryNumWaiters() == 0) std::this_thread::yield();
  a->FreePort();
  EXPECT_EQ(waiting.get(), Ok());
  EXPECT_TRUE(b->holds_port());
}

TEST_F(PortTest, QueuedAllocationCanBeCancelled) {
  auto a = Open();
  auto b = Open();
  ASSERT_TRUE(a->TryAllocatePort());
  std::stop_source stop;
  std::future<RequestResult> waiting = std::async(std::launch::async, [&] {
    return Send(*b, Plain(kIoctlParallelPortAllocate), {.cancel = stop.get_token()});
  });
  while (a->QueryNumWaiters() == 0) std::this_thread::yield();
  stop.request_stop();
  EXPECT_EQ(waiting.get().status, NtStatus::kCancelled);
  EXPECT_EQ(a->QueryNumWaiters(), 0u);
  EXPECT_TRUE(a->holds_port());
}

TEST_F(PortTest, QueuedAllocationPastItsDeadlineIsBusy) {
  auto a = Open();
  auto b = Open();
  ASSERT_TRUE(a->TryAllocatePort());
  const Deadline deadline = Deadline::After(sim_.scheduler(), std::chrono::minutes(1));
  std::future<RequestResult> waiting = std::async(std::launch::async, [&] {
    return Send(*b, Plain(kIoctlParallelPortAllocate), {.deadline = deadline});
  });
  while (a->QueryNumWaiters() == 0) std::this_thread::yield();
  sim_.scheduler().SleepFor(std::chrono::minutes(1) + milliseconds(1));
  EXPECT_LE(port_->arbiter().Expire(), 1u);  // Or the waiter's own look ended it.
  EXPECT_EQ(waiting.get().status, NtStatus::kDeviceBusy);
}

// A client that goes away holding the port frees it, and the next waiter gets it.
TEST_F(PortTest, AClientThatGoesAwayFreesThePort) {
  auto a = Open();
  auto b = Open();
  ASSERT_TRUE(a->TryAllocatePort());
  std::future<RequestResult> waiting =
      std::async(std::launch::async, [&] { return Send(*b, Plain(kIoctlParallelPortAllocate)); });
  while (b->QueryNumWaiters() == 0) std::this_thread::yield();
  a.reset();
  EXPECT_EQ(waiting.get(), Ok());
  EXPECT_EQ(port_->arbiter().owner(), b->client());
}

// Each client finds the registers as it left them.
// A client's register accesses go through the port's PortRegisters, as a driver's
// WRITE_PORT_UCHAR would: what each leaves is its own when it next holds the port.
TEST_F(PortTest, RegisterStateFollowsTheOwner) {
  auto a = Open();
  auto b = Open();
  hw::PortRegisters& registers = port_->registers();
  hw::RegisterIo& io = sim_.chip();
  ASSERT_TRUE(a->TryAllocatePort());
  registers.Write(hw::Data::kAddress, 0x42);
  registers.Write(
      hw::Dcr::kAddress,
      hw::Dcr::Get().set_n_init(true).set_select_in(true).set_auto_fd(true).reg_value());
  a->FreePort();
  ASSERT_TRUE(b->TryAllocatePort());
  EXPECT_FALSE(hw::Dcr::Get().ReadFrom(io).auto_fd());  // Parked in between.
  registers.Write(hw::Data::kAddress, 0x17);
  b->FreePort();
  ASSERT_TRUE(a->TryAllocatePort());
  EXPECT_EQ(hw::Data::Get().ReadFrom(io).data(), 0x42);
  EXPECT_TRUE(hw::Dcr::Get().ReadFrom(io).auto_fd());
  EXPECT_TRUE(registers.control().auto_fd());
  a->FreePort();
  ASSERT_TRUE(b->TryAllocatePort());
  EXPECT_EQ(hw::Data::Get().ReadFrom(io).data(), 0x17);
  EXPECT_FALSE(hw::Dcr::Get().ReadFrom(io).auto_fd());
}

TEST_F(PortTest, PortInformationAndItsCallbacks) {
  auto a = Open();
  auto b = Open();
  Buffer buffer;
  EXPECT_EQ(Send(*a, buffer.Out(kIoctlGetParallelPortInfo, sizeof(ParallelPortInformation) - 1)),
            (RequestResult{NtStatus::kBufferTooSmall, 0}));
  ASSERT_EQ(Send(*a, buffer.Out(kIoctlGetParallelPortInfo, sizeof(ParallelPortInformation))),
            Ok(sizeof(ParallelPortInformation)));
  const auto info = buffer.As<ParallelPortInformation>();
  EXPECT_EQ(info.original_controller, 0x378u);
  EXPECT_EQ(info.controller, 0x378u);
  EXPECT_EQ(info.span_of_controller, 8u);
  EXPECT_NE(info.context, nullptr);
  EXPECT_NE(info.context, a.get());  // A number, never the handle's address.
  EXPECT_EQ(info.try_allocate_port(info.context), 1);
  EXPECT_TRUE(a->holds_port());
  ASSERT_EQ(Send(*b, buffer.Out(kIoctlGetParallelPortInfo, sizeof(ParallelPortInformation))),
            Ok(sizeof(ParallelPortInformation)));
  const auto info_b = buffer.As<ParallelPortInformation>();
  EXPECT_NE(info_b.context, info.context);
  EXPECT_EQ(info_b.try_allocate_port(info_b.context), 0);  // Another client's context: busy.
  EXPECT_EQ(info.query_num_waiters(info.context), 0u);
  info.free_port(info.context);
  EXPECT_FALSE(a->holds_port());
  EXPECT_EQ(Send(*a, Plain(kIoctlReleaseParallelPortInfo)), Ok());
}

TEST_F(PortTest, PnpInformation) {
  auto a = Open();
  Buffer buffer;
  EXPECT_EQ(Send(*a, buffer.Out(kIoctlGetParallelPnpInfo, 8)).status, NtStatus::kBufferTooSmall);
  ASSERT_EQ(Send(*a, buffer.Out(kIoctlGetParallelPnpInfo, sizeof(ParallelPnpInformation))),
            Ok(sizeof(ParallelPnpInformation)));
  const auto info = buffer.As<ParallelPnpInformation>();
  EXPECT_EQ(info.original_ecp_controller, 0x778u);
  EXPECT_EQ(info.span_of_ecp_controller, 3u);
  EXPECT_EQ(info.hardware_capabilities, 0x1fu);
  EXPECT_EQ(info.fifo_depth, 16u);
  EXPECT_EQ(info.fifo_width, 8u);
  EXPECT_EQ(info.ieee1284_3_device_count, 2u);
  EXPECT_EQ(info.current_mode, kInitialChipMode);
  EXPECT_EQ(std::u16string(info.port_name), u"LPT1");
  // The chip-mode callbacks: the caller must own the port.
  EXPECT_EQ(info.try_set_chip_mode(info.context, 0x34), NtStatus::kInvalidDeviceState);
  ASSERT_TRUE(a->TryAllocatePort());
  EXPECT_EQ(info.try_set_chip_mode(info.context, 0x34), NtStatus::kSuccess);
  EXPECT_EQ(port_->chip_mode(), 0x34);
  EXPECT_EQ(info.clear_chip_mode(info.context, 0x34), NtStatus::kSuccess);
  // The select callbacks, keeping the port this client holds.
  Parallel1284Command command{.id = 1, .port = 0, .command_flags = kParHavePortKeepPort};
  EXPECT_EQ(info.try_select_device(info.context, &command), NtStatus::kSuccess);
  EXPECT_TRUE(sim_.chain_device(1).selected());
  EXPECT_EQ(info.deselect_device(info.context, &command), NtStatus::kSuccess);
  EXPECT_FALSE(sim_.chain_device(1).selected());
  EXPECT_TRUE(a->holds_port());
  EXPECT_EQ(info.try_select_device(info.context, nullptr), NtStatus::kInvalidParameter);
}

// A refused select or deselect has its refusal's status and changes nothing: the chain is not
// addressed and the holder keeps the port, even when the deselect asked to free it.
TEST_F(PortTest, RefusedSelectionCallbacksChangeNothing) {
  auto a = Open();
  Buffer buffer;
  ASSERT_EQ(Send(*a, buffer.Out(kIoctlGetParallelPnpInfo, sizeof(ParallelPnpInformation))).status,
            NtStatus::kSuccess);
  const auto info = buffer.As<ParallelPnpInformation>();
  Parallel1284Command device1{.id = 1, .port = 0, .command_flags = kParHavePortKeepPort};
  EXPECT_EQ(info.try_select_device(info.context, &device1), NtStatus::kInvalidDeviceState);
  Parallel1284Command beyond{.id = 3, .port = 0, .command_flags = kParHavePortKeepPort};
  ASSERT_TRUE(a->TryAllocatePort());
  EXPECT_EQ(info.try_select_device(info.context, &beyond), NtStatus::kInvalidParameter);
  Parallel1284Command free_beyond{.id = 3, .port = 0, .command_flags = 0};
  EXPECT_EQ(info.deselect_device(info.context, &free_beyond), NtStatus::kInvalidParameter);
  EXPECT_TRUE(a->holds_port());
  EXPECT_FALSE(sim_.chain_device(0).selected());
  EXPECT_FALSE(sim_.chain_device(1).selected());
  // The same deselect of a device the chain has frees the port.
  Parallel1284Command free_device1{.id = 1, .port = 0, .command_flags = 0};
  EXPECT_EQ(info.deselect_device(info.context, &free_device1), NtStatus::kSuccess);
  EXPECT_FALSE(a->holds_port());
}

TEST_F(PortTest, MorePortInformation) {
  auto a = Open();
  Buffer buffer;
  EXPECT_EQ(Send(*a, buffer.Out(kIoctlGetMoreParallelPortInfo, 4)).status,
            NtStatus::kBufferTooSmall);
  ASSERT_EQ(
      Send(*a, buffer.Out(kIoctlGetMoreParallelPortInfo, sizeof(MoreParallelPortInformation))),
      Ok(sizeof(MoreParallelPortInformation)));
  const auto info = buffer.As<MoreParallelPortInformation>();
  EXPECT_EQ(info.interface_type, InterfaceType::kIsa);
  EXPECT_EQ(info.interrupt_level, 7u);  // cnfgB's IRQ: the default chip's IRQ 7.
  EXPECT_EQ(info.interrupt_mode, InterruptMode::kLatched);
}

TEST_F(PortTest, ChipModeRequests) {
  auto a = Open();
  Buffer buffer;
  const PortRequest set = buffer.In(kIoctlParallelSetChipMode, ParallelChipMode{0x34, 0});
  EXPECT_EQ(Send(*a, set).status, NtStatus::kInvalidDeviceState);  // Not allocated.
  ASSERT_TRUE(a->TryAllocatePort());
  PortRequest short_set = set;
  short_set.input_length = 1;
  EXPECT_EQ(Send(*a, short_set).status, NtStatus::kBufferTooSmall);
  EXPECT_EQ(Send(*a, set), Ok());
  EXPECT_EQ(sim_.chip().ecr().reg_value() & 0xfc, 0x34);
  EXPECT_EQ(Send(*a, buffer.In(kIoctlParallelSetChipMode, ParallelChipMode{0x74, 0})).status,
            NtStatus::kInvalidDeviceState);  // 0x34 not cleared.
  EXPECT_EQ(Send(*a, buffer.In(kIoctlParallelClearChipMode, ParallelChipMode{0x74, 0})).status,
            NtStatus::kInvalidDeviceState);  // Not the current mode.
  EXPECT_EQ(Send(*a, buffer.In(kIoctlParallelClearChipMode, ParallelChipMode{0x34, 0})), Ok());
  EXPECT_EQ(Send(*a, buffer.In(kIoctlParallelSetChipMode, ParallelChipMode{0xA0, 0})).status,
            NtStatus::kNoSuchDevice);  // Mode 101 is reserved.
}

// Selecting a daisy-chain device allocates the port (queued) and routes the cable to it;
// deselecting frees it; a plain allocation is granted with the end of the chain selected.
TEST_F(PortTest, SelectAndDeselectDevices) {
  auto a = Open();
  auto b = Open();
  Buffer buffer;
  const Parallel1284Command device0{.id = 0, .port = 0, .command_flags = 0};
  PortRequest select = buffer.In(kIoctlSelectDevice, device0);
  PortRequest short_select = select;
  short_select.input_length = 4;
  EXPECT_EQ(Send(*a, short_select).status, NtStatus::kBufferTooSmall);
  ASSERT_EQ(Send(*a, select), Ok());
  EXPECT_TRUE(a->holds_port());
  EXPECT_TRUE(sim_.chain_device(0).selected());
  EXPECT_EQ(Send(*a, select).status, NtStatus::kInvalidDeviceState);  // It would wait for itself.
  ASSERT_EQ(Send(*a, buffer.In(kIoctlDeselectDevice, device0)), Ok());
  EXPECT_FALSE(a->holds_port());
  EXPECT_FALSE(sim_.chain_device(0).selected());
  // Keep the port across a select and deselect.
  ASSERT_EQ(Send(*b, Plain(kIoctlParallelPortAllocate)), Ok());
  const Parallel1284Command keep1{.id = 1, .port = 0, .command_flags = kParHavePortKeepPort};
  ASSERT_EQ(Send(*b, buffer.In(kIoctlSelectDevice, keep1)), Ok());
  EXPECT_TRUE(sim_.chain_device(1).selected());
  ASSERT_EQ(Send(*b, buffer.In(kIoctlDeselectDevice, keep1)), Ok());
  EXPECT_TRUE(b->holds_port());
  b->FreePort();
  // A plain allocation after a client left device 1 selected: the end of the chain has the port.
  ASSERT_TRUE(a->TryAllocatePort());
  ASSERT_EQ(Send(*a, buffer.In(kIoctlSelectDevice, keep1)), Ok());
  a->FreePort();
  ASSERT_TRUE(b->TryAllocatePort());
  EXPECT_FALSE(sim_.chain_device(1).selected());
}

TEST_F(PortTest, SelectRejectsBadCommands) {
  auto a = Open();
  Buffer buffer;
  const Parallel1284Command beyond{.id = 2, .port = 0, .command_flags = 0};  // Only 0 and 1.
  EXPECT_EQ(Send(*a, buffer.In(kIoctlSelectDevice, beyond)).status, NtStatus::kInvalidParameter);
  EXPECT_EQ(Send(*a, buffer.In(kIoctlDeselectDevice, beyond)).status, NtStatus::kInvalidParameter);
  const Parallel1284Command zip{.id = kDot3LegacyZipId, .port = 0, .command_flags = 0};
  EXPECT_EQ(Send(*a, buffer.In(kIoctlSelectDevice, zip)).status, NtStatus::kNotSupported);
  const Parallel1284Command keep{.id = 0, .port = 0, .command_flags = kParHavePortKeepPort};
  EXPECT_EQ(Send(*a, buffer.In(kIoctlSelectDevice, keep)).status, NtStatus::kInvalidDeviceState);
  EXPECT_FALSE(a->holds_port());
  // The end of the chain, by ID or by the deprecated flag.
  const Parallel1284Command end{.id = 9, .port = 0, .command_flags = kParEndOfChainDevice};
  EXPECT_EQ(Send(*a, buffer.In(kIoctlSelectDevice, end)), Ok());
  EXPECT_EQ(Send(*a, buffer.In(kIoctlDeselectDevice, end)), Ok());
  EXPECT_FALSE(a->holds_port());
}

// TrySelectDevice never queues: with the port busy it answers STATUS_PENDING.
TEST_F(PortTest, TrySelectDeviceWithThePortBusy) {
  auto a = Open();
  auto b = Open();
  ASSERT_TRUE(a->TryAllocatePort());
  EXPECT_EQ(b->TrySelectDevice({.id = 0, .port = 0, .command_flags = 0}), NtStatus::kPending);
  EXPECT_EQ(a->QueryNumWaiters(), 0u);
  a->FreePort();
  EXPECT_EQ(b->TrySelectDevice({.id = 0, .port = 0, .command_flags = 0}), NtStatus::kSuccess);
  EXPECT_TRUE(sim_.chain_device(0).selected());
}

TEST_F(PortTest, InitialiseTheChainAgain) {
  auto a = Open();
  EXPECT_EQ(Send(*a, Plain(kIoctlInit12843Bus)), Ok());
  EXPECT_EQ(port_->daisy_chain_devices(), 2);
  EXPECT_EQ(sim_.chain_device(1).address(), 1);
}

TEST_F(PortTest, UnknownAndUndocumentedRequests) {
  auto a = Open();
  for (uint32_t code :
       {kIoctlParchipConnect, kIoctlPardot3Connect, kIoctlPardot3Signal,
        kIoctlRegisterForRemovalRelations, kIoctlGetParportFdo, kIoctlDisableEndOfChainBusRescan}) {
    EXPECT_EQ(Send(*a, Plain(code)).status, NtStatus::kNotSupported) << PortIoctlName(code);
  }
  EXPECT_EQ(Send(*a, Plain(ParallelIoctl(99))).status, NtStatus::kInvalidParameter);
  EXPECT_EQ(Send(*a, Plain(0x00220000)).status, NtStatus::kInvalidParameter);
  // A request whose lengths overrun its buffer.
  std::array<std::byte, 4> small{};
  EXPECT_EQ(
      Send(*a, {.code = kIoctlGetParallelPortInfo, .buffer = small, .output_length = 64}).status,
      NtStatus::kInvalidParameter);
}

// Interrupt routines, connected through the request.
struct Isr {
  int serviced = 0;
  int deferred = 0;
};

bool ServiceIsr(void* interrupt, void* context) {
  EXPECT_NE(interrupt, nullptr);
  ++static_cast<Isr*>(context)->serviced;
  return true;
}

void DeferredIsr(void* context) { ++static_cast<Isr*>(context)->deferred; }

class PortInterruptTest : public PortTest {
 protected:
  PortInterruptTest() : PortTest(sim::DefaultTopology(), {.enable_connect_interrupt = true}) {}

  // One compatibility byte to the printer with interrupts on: its nAck pulse interrupts.
  void PrintOneByteWithInterrupts() {
    hw::RegisterIo& io = sim_.chip();
    const hw::Dcr idle = hw::Dcr::Get().set_n_init(true).set_select_in(true).set_ack_int_en(true);
    idle.WriteTo(io);
    hw::Data::Get().set_data('i').WriteTo(io);
    hw::Dcr(idle).set_strobe(true).WriteTo(io);
    idle.WriteTo(io);
    sim_.scheduler().SleepFor(microseconds(20));
  }
};

TEST_F(PortInterruptTest, ConnectedRoutinesRunOnEachInterrupt) {
  auto a = Open();
  Isr isr;
  const ParallelInterruptServiceRoutine routine{.service = &ServiceIsr,
                                                .service_context = &isr,
                                                .deferred = &DeferredIsr,
                                                .deferred_context = &isr};
  Buffer buffer;
  PortRequest connect = buffer.Connect(routine);
  connect.output_length = sizeof(ParallelInterruptInformation) - 1;
  EXPECT_EQ(Send(*a, connect).status, NtStatus::kBufferTooSmall);
  connect.output_length = sizeof(ParallelInterruptInformation);
  ASSERT_EQ(Send(*a, connect), Ok(sizeof(ParallelInterruptInformation)));
  const auto info = buffer.As<ParallelInterruptInformation>();
  EXPECT_NE(info.interrupt_object, nullptr);
  EXPECT_EQ(info.try_allocate_port_at_interrupt_level(info.context), 1);
  PrintOneByteWithInterrupts();
  EXPECT_EQ(isr.serviced, 1);
  EXPECT_EQ(sim_.printer()->received().size(), 1u);
  // The deferred routine runs after a free that leaves nobody waiting.
  info.free_port_from_interrupt_level(info.context);
  EXPECT_EQ(isr.deferred, 1);
  ASSERT_EQ(Send(*a, buffer.In(kIoctlParallelDisconnectInterrupt, routine)), Ok());
  EXPECT_EQ(Send(*a, buffer.In(kIoctlParallelDisconnectInterrupt, routine)).status,
            NtStatus::kInvalidParameter);  // No longer connected.
  PrintOneByteWithInterrupts();
  EXPECT_EQ(isr.serviced, 1);
}

TEST_F(PortInterruptTest, AClosedHandleDisconnectsItsRoutines) {
  auto a = Open();
  Isr isr;
  Buffer buffer;
  const ParallelInterruptServiceRoutine routine{.service = &ServiceIsr, .service_context = &isr};
  ASSERT_EQ(Send(*a, buffer.Connect(routine)).status, NtStatus::kSuccess);
  a.reset();
  PrintOneByteWithInterrupts();
  EXPECT_EQ(isr.serviced, 0);
}

TEST_F(PortTest, ConnectInterruptIsOffByDefault) {
  auto a = Open();
  Isr isr;
  Buffer buffer;
  const ParallelInterruptServiceRoutine routine{.service = &ServiceIsr, .service_context = &isr};
  EXPECT_EQ(Send(*a, buffer.Connect(routine)).status, NtStatus::kUnsuccessful);
  EXPECT_EQ(Send(*a, buffer.In(kIoctlParallelDisconnectInterrupt, routine)).status,
            NtStatus::kInvalidParameter);
}

// A backend that cannot deliver interrupts (raw port I/O) refuses routines, saying why, whatever
// EnableConnectInterruptIoctl says.
class PortWithoutInterruptsTest : public PortTest {
 protected:
  PortWithoutInterruptsTest()
      : PortTest(sim::DefaultTopology(), {.enable_connect_interrupt = true,
                                          .interrupts_unavailable = "raw port I/O cannot"}) {}
};

TEST_F(PortWithoutInterruptsTest, ConnectInterruptIsNotSupported) {
  auto a = Open();
  Isr isr;
  Buffer buffer;
  const ParallelInterruptServiceRoutine routine{.service = &ServiceIsr, .service_context = &isr};
  EXPECT_EQ(Send(*a, buffer.Connect(routine)).status, NtStatus::kNotSupported);
  const Result<ParallelInterruptInformation> connected = a->ConnectInterrupt(routine);
  ASSERT_FALSE(connected);
  EXPECT_EQ(connected.error().code(), Errc::kNotSupported);
  EXPECT_EQ(connected.error().detail(), "raw port I/O cannot");
}

}  // namespace
}  // namespace parclass::port
