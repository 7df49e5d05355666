// The device session's typed API (lock, link, transfers) and the request decoder at the edge:
// every short or oversized buffer of every device request answers as it always did.

#include "parclass/bus/session.h"

#include <gtest/gtest.h>

#include <array>
#include <string>

#include "bus_fixture.h"
#include "parclass/hw/ecp_regs.h"
#include "parclass/hw/epp_regs.h"
#include "parclass/hw/spp_regs.h"
#include "parclass/sim/epp_channel.h"

namespace parclass::bus {
namespace {

class SessionTest : public BusFixture {};

TEST_F(SessionTest, LockSelectsAndUnlockDeselectsAsAsked) {
  std::unique_ptr<DeviceHandle> scanner = Open("LPT1.0");
  DeviceSession& session = scanner->session();
  ASSERT_EQ(session.Lock(LockSelect::kSelect, {}), NtStatus::kSuccess);
  EXPECT_TRUE(session.locked());
  EXPECT_TRUE(sim_.chain_device(0).selected());
  EXPECT_EQ(session.Lock(LockSelect::kSelect, {}), NtStatus::kSuccess);  // Locked already.
  session.Unlock(UnlockDeselect::kNoDeselect);
  EXPECT_FALSE(session.locked());
  EXPECT_TRUE(sim_.chain_device(0).selected());
  EXPECT_FALSE(port_->arbiter().owner().has_value());
  ASSERT_EQ(session.Lock(LockSelect::kNoSelect, {}), NtStatus::kSuccess);
  EXPECT_FALSE(sim_.chain_device(0).selected());  // A plain grant selects the end of the chain.
  session.Unlock(UnlockDeselect::kDeselect);
  EXPECT_FALSE(port_->arbiter().owner().has_value());
}

TEST_F(SessionTest, TransfersWithTheLockHeld) {
  std::unique_ptr<DeviceHandle> printer = Open("LPT1.4");
  DeviceSession& session = printer->session();
  ASSERT_EQ(session.Lock(LockSelect::kSelect, {}), NtStatus::kSuccess);
  const std::vector<uint8_t> job = Bytes("typed");
  EXPECT_EQ(session.Write(job), (RequestResult{NtStatus::kSuccess, job.size()}));
  EXPECT_EQ(session.link_mode(), LinkMode::kCompatibility);
  EXPECT_NE(session.QueryStatus() & kParallelSelected, 0);
  session.Unlock(UnlockDeselect::kDeselect);
  EXPECT_EQ(sim_.printer()->received(), job);
}

TEST_F(SessionTest, HeldSelectionIsCheckedFirst) {
  std::unique_ptr<DeviceHandle> scanner = Open("LPT1.1");
  DeviceSession& session = scanner->session();
  const port::DeviceTarget device1 = port::DeviceTarget::DaisyChain(1);
  EXPECT_EQ(session.Select(device1).error().code(), Errc::kInvalidState);
  EXPECT_FALSE(sim_.chain_device(1).selected());
  ASSERT_EQ(session.Lock(LockSelect::kNoSelect, {}), NtStatus::kSuccess);
  EXPECT_OK(session.Select(device1));
  EXPECT_TRUE(sim_.chain_device(1).selected());
  EXPECT_OK(session.Deselect(device1));
  EXPECT_EQ(session.Select(port::DeviceTarget::DaisyChain(3)).error().code(),
            Errc::kInvalidArgument);
}

// A request with one structure in or out, and the status a buffer short of it gives.
struct Sized {
  uint32_t code;
  size_t input;
  size_t output;
  NtStatus short_status;
};

class DecoderTest : public BusFixture {
 protected:
  // Every input length short of `request.input` and every output length short of its output.
  void ExpectEveryShortBuffer(DeviceHandle& handle, const Sized& request, bool internal) {
    const auto send = [&](size_t input, size_t output) {
      const port::PortRequest sent{
          .code = request.code, .buffer = bytes_, .input_length = input, .output_length = output};
      return internal ? handle.InternalDeviceControl(sent) : handle.DeviceControl(sent);
    };
    for (size_t input = 0; input < request.input; ++input) {
      EXPECT_EQ(send(input, request.output), (RequestResult{request.short_status, 0}))
          << std::hex << request.code << std::dec << " with " << input << " bytes in";
    }
    for (size_t output = 0; output < request.output; ++output) {
      EXPECT_EQ(send(request.input, output), (RequestResult{request.short_status, 0}))
          << std::hex << request.code << std::dec << " with room for " << output << " bytes";
    }
    EXPECT_EQ(send(bytes_.size() + 1, 0), (RequestResult{NtStatus::kInvalidParameter, 0}));
    EXPECT_EQ(send(0, bytes_.size() + 1), (RequestResult{NtStatus::kInvalidParameter, 0}));
  }

  std::array<std::byte, 256> bytes_{};
};

TEST_F(DecoderTest, EveryShortDeviceRequestGivesItsStatus) {
  const std::string location = "LPT1.4";
  const Sized kRequests[] = {
      {kIoctlParSetWriteAddress, 1, 0, NtStatus::kInvalidParameter},
      {kIoctlParSetReadAddress, 1, 0, NtStatus::kInvalidParameter},
      {kIoctlSerialSetTimeouts, sizeof(SerialTimeouts), 0, NtStatus::kBufferTooSmall},
      {kIoctlSerialGetTimeouts, 0, sizeof(SerialTimeouts), NtStatus::kBufferTooSmall},
      {kIoctlIeee1284Negotiate, sizeof(ParclassNegotiationMask), sizeof(ParclassNegotiationMask),
       NtStatus::kInvalidParameter},
      {kIoctlIeee1284GetMode, 0, sizeof(ParclassNegotiationMask), NtStatus::kBufferTooSmall},
      {kIoctlParGetDefaultModes, 0, sizeof(ParclassNegotiationMask), NtStatus::kBufferTooSmall},
      {kIoctlParIsPortFree, 0, sizeof(Boolean), NtStatus::kBufferTooSmall},
      {kIoctlParGetWriteAddress, 0, 1, NtStatus::kBufferTooSmall},
      {kIoctlParGetReadAddress, 0, 1, NtStatus::kBufferTooSmall},
      {kIoctlParQueryLocation, 0, location.size() + 1, NtStatus::kBufferTooSmall},
      {kIoctlParQueryInformation, 0, 1, NtStatus::kBufferTooSmall},
      {kIoctlParSetInformation, 1, 0, NtStatus::kBufferTooSmall},
      {kIoctlParGetDeviceCaps, sizeof(uint16_t), sizeof(uint16_t), NtStatus::kBufferTooSmall},
  };
  std::unique_ptr<DeviceHandle> printer = Open(location);
  for (const Sized& request : kRequests) ExpectEveryShortBuffer(*printer, request, false);
  EXPECT_FALSE(printer->locked());
  EXPECT_FALSE(port_->arbiter().owner().has_value());
}

TEST_F(DecoderTest, EveryShortInternalRequestGivesItsStatus) {
  std::unique_ptr<DeviceHandle> printer = Open("LPT1.4");
  ExpectEveryShortBuffer(
      *printer, {kIoctlParclassConnect, 0, sizeof(ParclassInformation), NtStatus::kBufferTooSmall},
      true);
  for (const uint32_t code : {kIoctlLockPort, kIoctlUnlockPort, kIoctlLockPortNoSelect,
                              kIoctlUnlockPortNoDeselect, kIoctlParclassDisconnect}) {
    const port::PortRequest oversized{.code = code, .buffer = bytes_, .input_length = 300};
    EXPECT_EQ(printer->InternalDeviceControl(oversized),
              (RequestResult{NtStatus::kInvalidParameter, 0}));
  }
  EXPECT_FALSE(printer->locked());
}

TEST_F(DecoderTest, AShortQueryInformationIsBufferTooSmall) {
  std::unique_ptr<DeviceHandle> printer = Open("LPT1.4");
  for (size_t size = 0; size < sizeof(FileStandardInformation); ++size) {
    EXPECT_EQ(
        printer->QueryInformation(FileInformationClass::kStandard, std::span(bytes_).first(size)),
        (RequestResult{NtStatus::kBufferTooSmall, 0}));
  }
  EXPECT_EQ(printer->QueryInformation(FileInformationClass::kPosition,
                                      std::span(bytes_).first(sizeof(FilePositionInformation))),
            (RequestResult{NtStatus::kSuccess, sizeof(FilePositionInformation)}));
}

// A client that holds LOCK_PORT reaches the registers at PARCLASS_INFORMATION's Controller: here
// the chip's 32-bit EPP data register, after EPP was negotiated, four EPP data cycles per access
// into consecutive registers of the printer's EPP register file.
TEST_F(SessionTest, TheLockHolderReachesTheRegisters) {
  std::unique_ptr<DeviceHandle> printer = Open("LPT1.4");
  DeviceSession& session = printer->session();
  port::PortHandle& port = session.port_handle();
  const uintptr_t controller = port_->register_map().base();
  const uintptr_t ecr_controller = port_->register_map().ecp_controller();
  EXPECT_ERRC(port.ReadRegister({controller + 1}), Errc::kInvalidState);  // Not locked.
  ASSERT_EQ(session.Lock(LockSelect::kSelect, {}), NtStatus::kSuccess);
  printer->device().set_write_protocol(ProtocolMode::kEppHw);
  ASSERT_OK(session.ToForward(session.TransferDeadline()));
  ASSERT_EQ(session.link_mode(), LinkMode::kEpp);
  EXPECT_OK(port.WriteRegister({ecr_controller + 2}, hw::QuietEcr(hw::EcrMode::kEpp).reg_value()));
  port_->io().ResetCounters();
  EXPECT_OK(port.WriteRegister({controller + 3}, 0x10));  // EPP address.
  EXPECT_OK(port.WriteRegister({controller + 4}, 0x0403'0201, hw::Width::k32));
  sim::EppChannel& epp = *sim_.printer_epp();
  EXPECT_EQ(epp.data_register(0x10), 0x01);
  EXPECT_EQ(epp.data_register(0x13), 0x04);
  EXPECT_OK(port.WriteRegister({controller + 3}, 0x10));
  EXPECT_EQ(port.ReadRegister({controller + 4}, hw::Width::k32).value(), 0x0403'0201u);
  EXPECT_EQ(port_->io().counters().writes(hw::EppData<0>::kAddress), 1u);
  EXPECT_EQ(port_->io().counters().reads(hw::EppData<0>::kAddress), 1u);
  EXPECT_EQ(port_->io().counters().total(), 4u);
  EXPECT_FALSE(hw::Dsr::Get().ReadFrom(port_->io()).epp_timeout());
  session.Unlock(UnlockDeselect::kDeselect);
  EXPECT_ERRC(port.ReadRegister({controller + 1}), Errc::kInvalidState);  // Unlocked.
}

}  // namespace
}  // namespace parclass::bus
