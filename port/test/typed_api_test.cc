// PortHandle's typed API (what the bus uses: claims that free themselves, DeviceTarget) and the
// edge that decodes requests into it: every short or oversized buffer answers as it always did.

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "parclass/base/testing/result_matchers.h"
#include "parclass/port/port.h"
#include "parclass/port/testing/request_buffer.h"
#include "parclass/sim/simulated_port.h"

namespace parclass::port {
namespace {

using std::chrono::milliseconds;

class TypedApiTest : public ::testing::Test {
 protected:
  TypedApiTest() : sim_(sim::DefaultTopology()) {
    port_ = Port::Start(sim_.chip(), sim_.scheduler(), {}).value();
  }

  std::unique_ptr<PortHandle> Open() { return port_->Open().value(); }

  sim::SimulatedPort sim_;  // Two daisy-chain devices and a printer at the end.
  std::unique_ptr<Port> port_;
};

TEST_F(TypedApiTest, AnAllocationIsAClaimThatFreesItself) {
  auto a = Open();
  auto b = Open();
  {
    Result<PortClaim> claim = a->Allocate();
    ASSERT_OK(claim);
    EXPECT_TRUE(a->holds_port());
    EXPECT_EQ(b->TryAllocate().error().code(), Errc::kPortBusy);   // Never queued.
    EXPECT_EQ(a->Allocate().error().code(), Errc::kInvalidState);  // It would wait for itself.
  }
  EXPECT_FALSE(a->holds_port());
  Result<PortClaim> next = b->TryAllocate();
  ASSERT_OK(next);
  EXPECT_TRUE(b->holds_port());
  next->Free();
  EXPECT_FALSE(b->holds_port());
}

TEST_F(TypedApiTest, AnAllocationSelectsItsTargetAtGrantTime) {
  auto a = Open();
  Result<PortClaim> claim = a->AllocateSelected(DeviceTarget::DaisyChain(1));
  ASSERT_OK(claim);
  EXPECT_TRUE(sim_.chain_device(1).selected());
  ASSERT_OK(a->Deselect(DeviceTarget::DaisyChain(1)));
  EXPECT_FALSE(sim_.chain_device(1).selected());
  EXPECT_TRUE(a->holds_port());  // Deselecting keeps the port: the claim frees it.
  ASSERT_OK(a->Select(DeviceTarget::DaisyChain(0)));
  EXPECT_TRUE(sim_.chain_device(0).selected());
  ASSERT_OK(a->Select(DeviceTarget::EndOfChain()));
  EXPECT_FALSE(sim_.chain_device(0).selected());
  claim->Free();
  Result<PortClaim> tried = a->TryAllocateSelected(DeviceTarget::DaisyChain(0));
  ASSERT_OK(tried);
  EXPECT_TRUE(sim_.chain_device(0).selected());
}

TEST_F(TypedApiTest, TargetsTheChainDoesNotHaveAreRefused) {
  auto a = Open();
  const DeviceTarget beyond = DeviceTarget::DaisyChain(2);  // The chain has 0 and 1.
  EXPECT_EQ(a->AllocateSelected(beyond).error().code(), Errc::kInvalidArgument);
  EXPECT_EQ(a->TryAllocateSelected(beyond).error().code(), Errc::kInvalidArgument);
  EXPECT_FALSE(a->holds_port());
  Result<PortClaim> claim = a->Allocate();
  ASSERT_OK(claim);
  EXPECT_EQ(a->Select(beyond).error().code(), Errc::kInvalidArgument);
  EXPECT_EQ(a->Deselect(beyond).error().code(), Errc::kInvalidArgument);
  EXPECT_EQ(DeviceTarget::DaisyChain(kEndOfChainId), DeviceTarget::EndOfChain());
}

TEST_F(TypedApiTest, SelectingNeedsThePort) {
  auto a = Open();
  auto b = Open();
  EXPECT_EQ(a->Select(DeviceTarget::DaisyChain(0)).error().code(), Errc::kInvalidState);
  EXPECT_EQ(a->Deselect(DeviceTarget::EndOfChain()).error().code(), Errc::kInvalidState);
  Result<PortClaim> claim = b->Allocate();
  ASSERT_OK(claim);
  // Refused while another client holds the port: the bus is never touched.
  EXPECT_EQ(a->Select(DeviceTarget::DaisyChain(0)).error().code(), Errc::kInvalidState);
  EXPECT_FALSE(sim_.chain_device(0).selected());
}

TEST_F(TypedApiTest, AQueuedAllocationPastItsDeadlineIsBusy) {
  auto a = Open();
  auto b = Open();
  Result<PortClaim> held = a->Allocate();
  ASSERT_OK(held);
  std::future<Result<PortClaim>> waiting = std::async(std::launch::async, [&] {
    return b->AllocateSelected(
        DeviceTarget::DaisyChain(0),
        {.deadline = Deadline::After(sim_.scheduler(), std::chrono::minutes(1))});
  });
  while (port_->arbiter().QueryNumWaiters() == 0) std::this_thread::yield();
  sim_.scheduler().SleepFor(std::chrono::minutes(1) + milliseconds(1));
  EXPECT_LE(port_->arbiter().Expire(), 1u);  // Or the waiter's own look ended it.
  EXPECT_EQ(waiting.get().error().code(), Errc::kPortBusy);
  EXPECT_FALSE(sim_.chain_device(0).selected());
}

TEST(TargetOfTest, ACommandNamesItsTarget) {
  EXPECT_EQ(TargetOf({.id = 1, .port = 0, .command_flags = 0}), DeviceTarget::DaisyChain(1));
  EXPECT_EQ(TargetOf({.id = kDot3EndOfChainId, .port = 0, .command_flags = 0}),
            DeviceTarget::EndOfChain());
  EXPECT_EQ(TargetOf({.id = 0, .port = 0, .command_flags = kParEndOfChainDevice}),
            DeviceTarget::EndOfChain());
  EXPECT_EQ(TargetOf({.id = kDot3LegacyZipId, .port = 0, .command_flags = 0}), std::nullopt);
  EXPECT_EQ(TargetOf({.id = 0, .port = 0, .command_flags = kParLegacyZipDriveEppMode}),
            std::nullopt);
  EXPECT_TRUE(KeepsPort({.id = 0, .port = 0, .command_flags = kParHavePortKeepPort}));
  EXPECT_FALSE(KeepsPort({.id = 0, .port = 0, .command_flags = kParEndOfChainDevice}));
}

// Every length short of a request's structure, and every length beyond its buffer, for each
// request that carries one; the status each gave before the typed API.
struct Malformed {
  uint32_t code;
  size_t input;   // The structure's size in.
  size_t output;  // Its size out.
  NtStatus short_status;
};

TEST_F(TypedApiTest, EveryShortBufferGivesItsStatus) {
  constexpr Malformed kRequests[] = {
      {kIoctlSelectDevice, sizeof(Parallel1284Command), 0, NtStatus::kBufferTooSmall},
      {kIoctlDeselectDevice, sizeof(Parallel1284Command), 0, NtStatus::kBufferTooSmall},
      {kIoctlParallelSetChipMode, sizeof(ParallelChipMode), 0, NtStatus::kBufferTooSmall},
      {kIoctlParallelClearChipMode, sizeof(ParallelChipMode), 0, NtStatus::kBufferTooSmall},
      {kIoctlParallelDisconnectInterrupt, sizeof(ParallelInterruptServiceRoutine), 0,
       NtStatus::kBufferTooSmall},
      {kIoctlParallelConnectInterrupt, sizeof(ParallelInterruptServiceRoutine),
       sizeof(ParallelInterruptInformation), NtStatus::kBufferTooSmall},
  };
  auto a = Open();
  std::array<std::byte, 64> bytes{};
  for (const Malformed& request : kRequests) {
    for (size_t input = 0; input < request.input; ++input) {
      const RequestResult result = a->InternalDeviceControl({.code = request.code,
                                                             .buffer = bytes,
                                                             .input_length = input,
                                                             .output_length = request.output});
      EXPECT_EQ(result, (RequestResult{request.short_status, 0}))
          << PortIoctlName(request.code) << " with " << input << " bytes in";
    }
    for (size_t output = 0; output < request.output; ++output) {
      const RequestResult result = a->InternalDeviceControl({.code = request.code,
                                                             .buffer = bytes,
                                                             .input_length = request.input,
                                                             .output_length = output});
      EXPECT_EQ(result, (RequestResult{request.short_status, 0}))
          << PortIoctlName(request.code) << " with room for " << output << " bytes out";
    }
    const RequestResult oversized = a->InternalDeviceControl(
        {.code = request.code, .buffer = bytes, .input_length = bytes.size() + 1});
    EXPECT_EQ(oversized, (RequestResult{NtStatus::kInvalidParameter, 0}))
        << PortIoctlName(request.code);
  }
  EXPECT_FALSE(a->holds_port());
}

TEST_F(TypedApiTest, EveryShortOutputGivesBufferTooSmall) {
  constexpr std::pair<uint32_t, size_t> kOutputs[] = {
      {kIoctlGetParallelPortInfo, sizeof(ParallelPortInformation)},
      {kIoctlGetMoreParallelPortInfo, sizeof(MoreParallelPortInformation)},
      {kIoctlGetParallelPnpInfo, sizeof(ParallelPnpInformation)},
  };
  auto a = Open();
  std::array<std::byte, 256> bytes{};
  for (const auto& [code, size] : kOutputs) {
    for (size_t output = 0; output < size; ++output) {
      EXPECT_EQ(a->InternalDeviceControl({.code = code, .buffer = bytes, .output_length = output}),
                (RequestResult{NtStatus::kBufferTooSmall, 0}))
          << PortIoctlName(code) << " with room for " << output << " bytes";
    }
    EXPECT_EQ(a->InternalDeviceControl({.code = code, .buffer = bytes, .output_length = size}),
              (RequestResult{NtStatus::kSuccess, size}));
  }
}

}  // namespace
}  // namespace parclass::port
