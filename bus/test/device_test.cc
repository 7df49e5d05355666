// Devices: opening, reads and writes with implicit locking, PARCLASS_CONNECT and its callbacks,
// and every device request with its documented statuses.

#include "parclass/bus/device.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <future>
#include <thread>
#include <vector>

#include "bus_fixture.h"
#include "parclass/base/testing/race_close.h"

namespace parclass::bus {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using ::testing::ElementsAreArray;

RequestResult Ok(size_t information = 0) { return {NtStatus::kSuccess, information}; }

class DeviceTest : public BusFixture {
 protected:
  explicit DeviceTest(sim::Topology topology = sim::DefaultTopology())
      : BusFixture(std::move(topology)) {}

  // PARCLASS_CONNECT on `handle`.
  ParclassInformation Connect(DeviceHandle& handle) {
    Buffer buffer;
    EXPECT_EQ(handle.InternalDeviceControl(
                  buffer.Out(kIoctlParclassConnect, sizeof(ParclassInformation))),
              Ok(sizeof(ParclassInformation)));
    return buffer.As<ParclassInformation>();
  }
  void Settle() { sim_.scheduler().SleepFor(microseconds(20)); }
};

TEST_F(DeviceTest, OpenIsExclusive) {
  Device& printer = *bus_.Find("LPT1.4");
  std::unique_ptr<DeviceHandle> first = printer.Open().value();
  EXPECT_ERRC(printer.Open(), Errc::kPermissionDenied);
  first.reset();
  EXPECT_OK(printer.Open());
}

TEST_F(DeviceTest, WriteAndReadWithTheDefaultProtocols) {
  std::unique_ptr<DeviceHandle> printer = Open("LPT1.4");
  const std::vector<uint8_t> job = Bytes("%!PS\nshowpage\n");
  EXPECT_EQ(printer->Write(job), Ok(job.size()));  // CENTRONICS.
  Settle();
  EXPECT_THAT(sim_.printer()->received(), ElementsAreArray(job));
  sim_.printer()->QueueReverse(Bytes("ready"));
  std::vector<uint8_t> buffer(16);
  EXPECT_EQ(printer->Read(buffer), Ok(5));  // NIBBLE.
  EXPECT_EQ(std::vector(buffer.begin(), buffer.begin() + 5), Bytes("ready"));
  EXPECT_FALSE(printer->locked());
  EXPECT_FALSE(port_->arbiter().owner().has_value());  // The implicit lock was given back.
}

TEST_F(DeviceTest, ADaisyChainDeviceGetsItsOwnData) {
  std::unique_ptr<DeviceHandle> scanner = Open("LPT1.0");
  EXPECT_EQ(scanner->Write(Bytes("scan")), Ok(4));
  Settle();
  EXPECT_THAT(sim_.chain_function(0).received(), ElementsAreArray(Bytes("scan")));
  EXPECT_TRUE(sim_.chain_function(1).received().empty());
  EXPECT_TRUE(sim_.printer()->received().empty());
}

// parctl's sequence on a daisy-chain device: IEEE1284_NEGOTIATE with the port locked (which
// negotiates each family once; the function refuses ECP and EPP), unlock, then a write and a read
// in the chosen protocols. The refusals must leave the function in compatibility mode, and the
// data must reach the device's own function, not the printer behind the chain.
TEST_F(DeviceTest, ADaisyChainDeviceWorksAfterIeee1284Negotiate) {
  std::unique_ptr<DeviceHandle> scanner = Open("LPT1.0");
  Buffer buffer;
  const ParclassNegotiationMask offered{.read_mask = 0x0004, .write_mask = 0x0001};
  ASSERT_EQ(scanner->InternalDeviceControl(Plain(kIoctlLockPort)), Ok());
  ASSERT_EQ(scanner->DeviceControl(buffer.In(kIoctlIeee1284Negotiate, offered, 4)), Ok(4));
  EXPECT_EQ(buffer.As<ParclassNegotiationMask>().read_mask, 0x0004);   // NIBBLE
  EXPECT_EQ(buffer.As<ParclassNegotiationMask>().write_mask, 0x0001);  // CENTRONICS
  ASSERT_EQ(scanner->InternalDeviceControl(Plain(kIoctlUnlockPort)), Ok());
  EXPECT_EQ(sim_.chain_function(0).mode(), LinkMode::kCompatibility);

  EXPECT_EQ(scanner->Write(Bytes("scan")), Ok(4));
  Settle();
  EXPECT_THAT(sim_.chain_function(0).received(), ElementsAreArray(Bytes("scan")));
  EXPECT_TRUE(sim_.chain_function(1).received().empty());
  EXPECT_TRUE(sim_.printer()->received().empty());
  sim_.chain_function(0).QueueReverse(Bytes("image"));
  std::vector<uint8_t> back(16);
  EXPECT_EQ(scanner->Read(back), Ok(5));
  EXPECT_EQ(std::vector(back.begin(), back.begin() + 5), Bytes("image"));
}

// A write that cannot get the port within the lock timeout: STATUS_DEVICE_BUSY, nothing sent.
TEST_F(DeviceTest, AWriteThatCannotGetThePortIsBusy) {
  std::unique_ptr<port::PortHandle> other = port_->Open().value();
  ASSERT_TRUE(other->TryAllocatePort());
  std::unique_ptr<DeviceHandle> printer = Open("LPT1.4");
  std::future<RequestResult> write =
      std::async(std::launch::async, [&] { return printer->Write(Bytes("late")); });
  while (port_->arbiter().QueryNumWaiters() == 0) std::this_thread::yield();
  sim_.scheduler().SleepFor(std::chrono::seconds(6));  // Past DeviceConfig::lock_timeout.
  EXPECT_LE(port_->arbiter().Expire(), 1u);            // Or the waiter's own look ended it.
  EXPECT_EQ(write.get(), (RequestResult{NtStatus::kDeviceBusy, 0}));
  EXPECT_TRUE(sim_.printer()->received().empty());
}

TEST_F(DeviceTest, ConnectHandsOutThePortAndTheCallbacks) {
  std::unique_ptr<DeviceHandle> printer = Open("LPT1.4");
  Buffer buffer;
  EXPECT_EQ(printer->InternalDeviceControl(
                buffer.Out(kIoctlParclassConnect, sizeof(ParclassInformation) - 1)),
            (RequestResult{NtStatus::kBufferTooSmall, 0}));
  const ParclassInformation info = Connect(*printer);
  EXPECT_EQ(info.controller, 0x378u);
  EXPECT_EQ(info.ecr_controller, 0x778u);
  EXPECT_EQ(info.span_of_controller, 8u);
  EXPECT_EQ(info.hardware_capabilities, 0x1fu);
  EXPECT_EQ(info.fifo_depth, 16u);
  EXPECT_EQ(info.fifo_width, 8u);
  // Without the lock the callbacks refuse.
  EXPECT_EQ(info.determine_ieee_modes(info.parclass_context), 0);
  uint32_t done = 0;
  std::array<uint8_t, 4> data{'d', 'a', 't', 'a'};
  EXPECT_EQ(info.parallel_write(info.parclass_context, data.data(), 4, &done, 0),
            NtStatus::kInvalidDeviceState);
  // Locked: determine, negotiate the fastest common mode, write and read through it.
  ASSERT_EQ(printer->InternalDeviceControl(Plain(kIoctlLockPort)), Ok());
  const uint16_t modes = info.determine_ieee_modes(info.parclass_context);
  EXPECT_EQ(ProtocolNames(ProtocolModes::FromBits(modes)),
            "CENTRONICS|IEEE_COMPATIBILITY|NIBBLE|BYTE_BIDIR|EPP_HW|EPP_SW|ECP_HW_NOIRQ|ECP_SW");
  ASSERT_EQ(
      info.negotiate_ieee_mode(info.parclass_context, modes, modes, ParallelSafety::kSafeMode, 1),
      NtStatus::kSuccess);
  EXPECT_EQ(printer->device().write_protocol(), ProtocolMode::kEcpHwNoIrq);
  EXPECT_EQ(printer->device().read_protocol(), ProtocolMode::kEcpHwNoIrq);
  EXPECT_EQ(
      info.negotiate_ieee_mode(info.parclass_context, modes, modes, ParallelSafety::kSafeMode, 1),
      NtStatus::kDeviceProtocolError);  // ECP is active: terminate first.
  ASSERT_EQ(info.parallel_write(info.parclass_context, data.data(), 4, &done, 0),
            NtStatus::kSuccess);
  EXPECT_EQ(done, 4u);
  EXPECT_THAT(sim_.printer_ecp()->received_on(0), ElementsAreArray(data));
  sim_.printer()->QueueReverse(Bytes("back"));
  ASSERT_EQ(info.ieee_fwd_to_rev_mode(info.parclass_context), NtStatus::kSuccess);
  std::array<uint8_t, 8> back{};
  ASSERT_EQ(info.parallel_read(info.parclass_context, back.data(), 8, &done, 0),
            NtStatus::kSuccess);
  EXPECT_EQ(done, 4u);
  EXPECT_EQ(std::string(back.begin(), back.begin() + 4), "back");
  EXPECT_EQ(info.ieee_rev_to_fwd_mode(info.parclass_context), NtStatus::kSuccess);
  EXPECT_EQ(info.terminate_ieee_mode(info.parclass_context), NtStatus::kSuccess);
  EXPECT_EQ(sim_.printer()->mode(), LinkMode::kCompatibility);
  // Misuse: an unsafe mode, null counts.
  EXPECT_EQ(
      info.negotiate_ieee_mode(info.parclass_context, modes, modes, ParallelSafety::kUnsafeMode, 1),
      NtStatus::kInvalidParameter);
  EXPECT_EQ(info.parallel_write(info.parclass_context, data.data(), 4, nullptr, 0),
            NtStatus::kInvalidParameter);
  EXPECT_EQ(info.parallel_read(info.parclass_context, nullptr, 4, &done, 0),
            NtStatus::kInvalidParameter);
  ASSERT_EQ(printer->InternalDeviceControl(Plain(kIoctlUnlockPort)), Ok());
  ASSERT_EQ(printer->InternalDeviceControl(Plain(kIoctlParclassDisconnect)), Ok());
}

// After DISCONNECT, or after the handle closed, nothing obtained from CONNECT works, and nothing
// crashes: the context is a connection number that no longer names anything.
TEST_F(DeviceTest, NothingFromConnectWorksAfterDisconnectOrClose) {
  std::unique_ptr<DeviceHandle> printer = Open("LPT1.4");
  const ParclassInformation info = Connect(*printer);
  ASSERT_EQ(printer->InternalDeviceControl(Plain(kIoctlLockPort)), Ok());
  ASSERT_EQ(printer->InternalDeviceControl(Plain(kIoctlParclassDisconnect)), Ok());
  uint32_t done = 7;
  std::array<uint8_t, 1> byte{'x'};
  EXPECT_EQ(info.parallel_write(info.parclass_context, byte.data(), 1, &done, 0),
            NtStatus::kInvalidDeviceState);
  EXPECT_EQ(done, 7u);
  EXPECT_EQ(info.terminate_ieee_mode(info.parclass_context), NtStatus::kInvalidDeviceState);
  const ParclassInformation again = Connect(*printer);
  printer.reset();  // Closed while connected and locked: unlocked and disconnected.
  EXPECT_EQ(again.parallel_write(again.parclass_context, byte.data(), 1, &done, 0),
            NtStatus::kInvalidDeviceState);
  EXPECT_EQ(again.determine_ieee_modes(again.parclass_context), 0);
  EXPECT_EQ(again.negotiate_ieee_mode(reinterpret_cast<void*>(uintptr_t{12345}), 0, 0,
                                      ParallelSafety::kSafeMode, 1),
            NtStatus::kInvalidDeviceState);
  EXPECT_FALSE(port_->arbiter().owner().has_value());
  EXPECT_TRUE(sim_.printer()->received().empty());
}

// The handle closes while another thread writes and terminates through its callbacks, round after
// round: each callback ran before the close or is refused after it, and the rounds go on until a
// number of them have begun after the close.
TEST_F(DeviceTest, CloseRacingAStreamOfCallbacksIsSafe) {
  std::unique_ptr<DeviceHandle> printer = Open("LPT1.4");
  const ParclassInformation info = Connect(*printer);
  ASSERT_EQ(printer->InternalDeviceControl(Plain(kIoctlLockPort)), Ok());
  using Round = testing::Round<NtStatus>;
  const std::vector<Round> rounds = testing::RaceClose<NtStatus>(
      [&](int round) {
        uint32_t done = 0;
        std::array<uint8_t, 1> byte{'x'};
        return round % 2 == 0 ? info.parallel_write(info.parclass_context, byte.data(), 1, &done, 0)
                              : info.terminate_ieee_mode(info.parclass_context);
      },
      [&] { printer.reset(); });

  const auto refused = std::find_if(rounds.begin(), rounds.end(), [](const Round& round) {
    return round.status != NtStatus::kSuccess;
  });
  EXPECT_GE(refused - rounds.begin(), testing::kRoundsBeforeClose);
  EXPECT_TRUE(
      std::all_of(rounds.begin(), refused, [](const Round& round) { return !round.after_close; }));
  EXPECT_TRUE(std::all_of(refused, rounds.end(), [](const Round& round) {
    return round.status == NtStatus::kInvalidDeviceState;
  }));
  const size_t written = (refused - rounds.begin() + 1) / 2;
  EXPECT_EQ(sim_.printer()->received().size(), written);
  EXPECT_FALSE(port_->arbiter().owner().has_value());
}

TEST_F(DeviceTest, LockVariants) {
  std::unique_ptr<DeviceHandle> scanner = Open("LPT1.1");
  ASSERT_EQ(scanner->InternalDeviceControl(Plain(kIoctlLockPort)), Ok());
  EXPECT_TRUE(sim_.chain_device(1).selected());
  ASSERT_EQ(scanner->InternalDeviceControl(Plain(kIoctlUnlockPort)), Ok());
  EXPECT_FALSE(sim_.chain_device(1).selected());
  EXPECT_FALSE(port_->arbiter().owner().has_value());
  ASSERT_EQ(scanner->InternalDeviceControl(Plain(kIoctlLockPortNoSelect)), Ok());
  EXPECT_FALSE(sim_.chain_device(1).selected());
  EXPECT_TRUE(port_->arbiter().owner().has_value());
  ASSERT_EQ(scanner->InternalDeviceControl(Plain(kIoctlUnlockPortNoDeselect)), Ok());
  EXPECT_FALSE(port_->arbiter().owner().has_value());
  EXPECT_EQ(scanner->InternalDeviceControl(Plain(kIoctlDisconnectIdle)).status,
            NtStatus::kInvalidDeviceState);  // Not locked.
  EXPECT_EQ(scanner->InternalDeviceControl(Plain(ParallelIoctl(33))).status,
            NtStatus::kInvalidParameter);
}

TEST_F(DeviceTest, ModeRequests) {
  std::unique_ptr<DeviceHandle> printer = Open("LPT1.4");
  Buffer buffer;
  EXPECT_EQ(printer->DeviceControl(buffer.Out(kIoctlIeee1284GetMode, 3)).status,
            NtStatus::kBufferTooSmall);
  ASSERT_EQ(printer->DeviceControl(buffer.Out(kIoctlIeee1284GetMode, 4)), Ok(4));
  EXPECT_EQ(buffer.As<ParclassNegotiationMask>().read_mask, 0x0004);   // NIBBLE
  EXPECT_EQ(buffer.As<ParclassNegotiationMask>().write_mask, 0x0001);  // CENTRONICS
  ASSERT_EQ(printer->DeviceControl(buffer.Out(kIoctlParGetDefaultModes, 4)), Ok(4));
  EXPECT_EQ(buffer.As<ParclassNegotiationMask>().write_mask, 0x0001);
  // NEGOTIATE: a short buffer is INVALID_PARAMETER; the port must be locked.
  const ParclassNegotiationMask offered{.read_mask = 0x0014, .write_mask = 0x0003};
  port::PortRequest negotiate = buffer.In(kIoctlIeee1284Negotiate, offered, 4);
  negotiate.input_length = 2;
  EXPECT_EQ(printer->DeviceControl(negotiate).status, NtStatus::kInvalidParameter);
  negotiate.input_length = 4;
  EXPECT_EQ(printer->DeviceControl(negotiate).status, NtStatus::kInvalidDeviceState);
  ASSERT_EQ(printer->InternalDeviceControl(Plain(kIoctlLockPort)), Ok());
  ASSERT_EQ(printer->DeviceControl(negotiate), Ok(4));
  EXPECT_EQ(buffer.As<ParclassNegotiationMask>().read_mask, 0x0010);   // BYTE_BIDIR
  EXPECT_EQ(buffer.As<ParclassNegotiationMask>().write_mask, 0x0002);  // IEEE_COMPATIBILITY
  ASSERT_EQ(printer->InternalDeviceControl(Plain(kIoctlUnlockPort)), Ok());
  // The chosen protocols are the device's from now on.
  sim_.printer()->QueueReverse(Bytes("byte"));
  std::vector<uint8_t> back(8);
  EXPECT_EQ(printer->Read(back), Ok(4));
  EXPECT_EQ(printer->Write(Bytes("fifo")), Ok(4));
}

TEST_F(DeviceTest, DeviceIdRequests) {
  std::unique_ptr<DeviceHandle> printer = Open("LPT1.4");
  const std::vector<uint8_t>& raw = printer->device().raw_device_id();
  const size_t text = raw.size() - 2;
  Buffer buffer;
  ASSERT_EQ(printer->DeviceControl(buffer.Out(kIoctlParQueryDeviceIdSize, 4)), Ok(4));
  EXPECT_EQ(buffer.As<uint32_t>(), text + 1);
  EXPECT_EQ(printer->DeviceControl(buffer.Out(kIoctlParQueryDeviceId, text)).status,
            NtStatus::kBufferTooSmall);
  ASSERT_EQ(printer->DeviceControl(buffer.Out(kIoctlParQueryDeviceId, text + 1)), Ok(text + 1));
  EXPECT_EQ(buffer.Text(), std::string(raw.begin() + 2, raw.end()));
  ASSERT_EQ(printer->DeviceControl(buffer.Out(kIoctlParQueryRawDeviceId, raw.size() + 1)),
            Ok(raw.size() + 1));
  EXPECT_EQ(
      std::vector<uint8_t>(reinterpret_cast<const uint8_t*>(buffer.bytes.data()),
                           reinterpret_cast<const uint8_t*>(buffer.bytes.data()) + raw.size()),
      raw);
}

TEST_F(DeviceTest, StatusAndLocationRequests) {
  std::unique_ptr<DeviceHandle> printer = Open("LPT1.4");
  Buffer buffer;
  ASSERT_EQ(printer->DeviceControl(buffer.Out(kIoctlParQueryInformation, 1)), Ok(1));
  EXPECT_EQ(buffer.As<uint8_t>(), kParallelSelected);
  sim_.printer()->set_condition(sim::Condition::kPaperOut);
  ASSERT_EQ(printer->DeviceControl(buffer.Out(kIoctlParQueryInformation, 1)), Ok(1));
  EXPECT_NE(buffer.As<uint8_t>() & kParallelPaperEmpty, 0);
  EXPECT_EQ(printer->DeviceControl(buffer.In(kIoctlParSetInformation, kParallelInit)).status,
            NtStatus::kDevicePaperEmpty);
  sim_.printer()->set_condition(sim::Condition::kReady);
  EXPECT_EQ(printer->DeviceControl(buffer.In(kIoctlParSetInformation, kParallelInit)), Ok());
  EXPECT_EQ(printer->DeviceControl(buffer.In(kIoctlParSetInformation, uint8_t{0x02})).status,
            NtStatus::kInvalidParameter);
  EXPECT_EQ(printer->DeviceControl(Plain(kIoctlParSetInformation)).status,
            NtStatus::kBufferTooSmall);
  ASSERT_EQ(printer->DeviceControl(buffer.Out(kIoctlParQueryLocation, 16)), Ok(7));
  EXPECT_EQ(buffer.Text(), "LPT1.4");
  EXPECT_EQ(printer->DeviceControl(buffer.Out(kIoctlParQueryLocation, 6)).status,
            NtStatus::kBufferTooSmall);
  ASSERT_EQ(printer->DeviceControl(buffer.Out(kIoctlParIsPortFree, 1)), Ok(1));
  EXPECT_EQ(buffer.As<uint8_t>(), 1);
  ASSERT_EQ(printer->InternalDeviceControl(Plain(kIoctlLockPort)), Ok());
  ASSERT_EQ(printer->DeviceControl(buffer.Out(kIoctlParIsPortFree, 1)), Ok(1));
  EXPECT_EQ(buffer.As<uint8_t>(), 0);
}

TEST_F(DeviceTest, AddressCapsAndTimeoutRequests) {
  std::unique_ptr<DeviceHandle> printer = Open("LPT1.4");
  Buffer buffer;
  EXPECT_EQ(printer->DeviceControl(Plain(kIoctlParSetWriteAddress)).status,
            NtStatus::kInvalidParameter);
  ASSERT_EQ(printer->DeviceControl(buffer.In(kIoctlParSetWriteAddress, uint8_t{3})), Ok());
  ASSERT_EQ(printer->DeviceControl(buffer.Out(kIoctlParGetWriteAddress, 1)), Ok(1));
  EXPECT_EQ(buffer.As<uint8_t>(), 3);
  // Caps with ECP and EPP excluded.
  const uint16_t excluded = 0x0780 | 0x0060;
  port::PortRequest caps = buffer.In(kIoctlParGetDeviceCaps, excluded, 2);
  ASSERT_EQ(printer->DeviceControl(caps), Ok(2));
  EXPECT_EQ(ProtocolNames(ProtocolModes::FromBits(buffer.As<uint16_t>())),
            "CENTRONICS|IEEE_COMPATIBILITY|NIBBLE|BYTE_BIDIR");
  caps.output_length = 1;
  EXPECT_EQ(printer->DeviceControl(caps).status, NtStatus::kBufferTooSmall);
  // Serial timeouts: kept, returned, and the invalid read pair refused.
  const SerialTimeouts timeouts{0, 0, 0, 10, 2000};
  ASSERT_EQ(printer->DeviceControl(buffer.In(kIoctlSerialSetTimeouts, timeouts)), Ok());
  ASSERT_EQ(printer->DeviceControl(buffer.Out(kIoctlSerialGetTimeouts, 20)), Ok(20));
  EXPECT_EQ(buffer.As<SerialTimeouts>().write_total_timeout_constant, 2000u);
  const SerialTimeouts invalid{0xffffffff, 0, 0xffffffff, 0, 0};
  EXPECT_EQ(printer->DeviceControl(buffer.In(kIoctlSerialSetTimeouts, invalid)).status,
            NtStatus::kInvalidParameter);
}

// Found by the device request fuzzer: a write address above 127 was taken (EPP addresses are any
// byte), and an ECP write then asserted in the engine, which takes channels 0-127 only. The
// write is refused instead, before anything moves.
TEST_F(DeviceTest, AnEcpWriteToAnAddressAbove127IsRefused) {
  std::unique_ptr<DeviceHandle> printer = Open("LPT1.4");
  Buffer buffer;
  ASSERT_EQ(printer->InternalDeviceControl(Plain(kIoctlLockPort)), Ok());
  const ParclassNegotiationMask ecp{.read_mask = 0, .write_mask = 0x0100};  // ECP_HW_NOIRQ
  ASSERT_EQ(printer->DeviceControl(buffer.In(kIoctlIeee1284Negotiate, ecp, 4)), Ok(4));
  ASSERT_EQ(printer->DeviceControl(buffer.In(kIoctlParSetWriteAddress, uint8_t{0x80})), Ok());
  EXPECT_EQ(printer->Write(Bytes("lost")), (RequestResult{NtStatus::kInvalidParameter, 0}));
  EXPECT_TRUE(sim_.printer()->received().empty());
  ASSERT_EQ(printer->DeviceControl(buffer.In(kIoctlParSetWriteAddress, uint8_t{0x7f})), Ok());
  EXPECT_EQ(printer->Write(Bytes("kept")), Ok(4));
}

// A printer alone on its port (a stuck Busy line would also stop the daisy chain's packets).
class LonePrinterTest : public DeviceTest {
 protected:
  LonePrinterTest() : DeviceTest(Topology()) {}
  static sim::Topology Topology() {
    sim::Topology topology = sim::DefaultTopology();
    topology.chain.clear();
    return topology;
  }
};

// A printer that stays busy: the write ends at the serial write timeout with STATUS_TIMEOUT.
TEST_F(LonePrinterTest, SerialWriteTimeoutBoundsAWrite) {
  std::unique_ptr<DeviceHandle> printer = Open("LPT1.4");
  Buffer buffer;
  ASSERT_EQ(
      printer->DeviceControl(buffer.In(kIoctlSerialSetTimeouts, SerialTimeouts{0, 0, 0, 0, 20})),
      Ok());
  sim_.cable().SetStuck(Line::kBusy, Level::kHigh);
  const Nanoseconds start = sim_.scheduler().Now();
  EXPECT_EQ(printer->Write(Bytes("stuck")), (RequestResult{NtStatus::kTimeout, 0}));
  EXPECT_GE(sim_.scheduler().Now() - start, milliseconds(20));
  EXPECT_LT(sim_.scheduler().Now() - start, milliseconds(25));
}

TEST_F(DeviceTest, UnknownUndocumentedAndMalformedRequests) {
  std::unique_ptr<DeviceHandle> printer = Open("LPT1.4");
  for (uint32_t code : {kIoctlParPing, kIoctlParEcpHostRecovery, kIoctlParTest}) {
    EXPECT_EQ(printer->DeviceControl(Plain(code)).status, NtStatus::kNotSupported);
  }
  EXPECT_EQ(printer->DeviceControl(Plain(ParallelIoctl(99))).status, NtStatus::kInvalidParameter);
  std::array<std::byte, 2> small{};
  EXPECT_EQ(
      printer->DeviceControl({.code = kIoctlIeee1284GetMode, .buffer = small, .output_length = 4})
          .status,
      NtStatus::kInvalidParameter);
  EXPECT_EQ(printer
                ->InternalDeviceControl(
                    {.code = kIoctlParclassConnect, .buffer = small, .output_length = 64})
                .status,
            NtStatus::kInvalidParameter);
}

// Two clients on one port through different devices, at the same time: each gets its own data.
TEST_F(DeviceTest, ClientsOnDifferentDevicesShareThePort) {
  std::unique_ptr<DeviceHandle> printer = Open("LPT1.4");
  std::unique_ptr<DeviceHandle> scanner = Open("LPT1.0");
  std::vector<uint8_t> to_printer;
  std::vector<uint8_t> to_scanner;
  constexpr int kRounds = 20;
  std::thread printing([&] {
    for (int i = 0; i < kRounds; ++i) {
      const std::vector<uint8_t> line = Bytes(fmt::format("p{};", i));
      if (printer->Write(line).status == NtStatus::kSuccess) {
        to_printer.insert(to_printer.end(), line.begin(), line.end());
      }
    }
  });
  for (int i = 0; i < kRounds; ++i) {
    const std::vector<uint8_t> line = Bytes(fmt::format("s{};", i));
    if (scanner->Write(line).status == NtStatus::kSuccess) {
      to_scanner.insert(to_scanner.end(), line.begin(), line.end());
    }
  }
  printing.join();
  Settle();
  EXPECT_EQ(sim_.printer()->received(), to_printer);
  EXPECT_EQ(sim_.chain_function(0).received(), to_scanner);
  EXPECT_EQ(to_printer.size() + to_scanner.size(), 20u * 2 * 4 - 20u);  // All 40 lines.
}

}  // namespace
}  // namespace parclass::bus
