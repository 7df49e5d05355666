// The request codes, structure layouts and status values, against the numbers of the Windows
// headers (shared spec windows-parallel-interface.md 2.4, 3, 5.7).

#include "parclass/port/requests.h"

#include <gtest/gtest.h>

#include <cstddef>

#include "parclass/port/status.h"

namespace parclass::port {
namespace {

TEST(RequestCodesTest, MatchTheHeaders) {
  EXPECT_EQ(kIoctlParallelPortAllocate, 0x16002Cu);
  EXPECT_EQ(kIoctlGetParallelPortInfo, 0x160030u);
  EXPECT_EQ(kIoctlParallelConnectInterrupt, 0x160034u);
  EXPECT_EQ(kIoctlParallelDisconnectInterrupt, 0x160038u);
  EXPECT_EQ(kIoctlReleaseParallelPortInfo, 0x16003Cu);
  EXPECT_EQ(kIoctlGetMoreParallelPortInfo, 0x160044u);
  EXPECT_EQ(kIoctlParchipConnect, 0x160048u);
  EXPECT_EQ(kIoctlParallelSetChipMode, 0x16004Cu);
  EXPECT_EQ(kIoctlParallelClearChipMode, 0x160050u);
  EXPECT_EQ(kIoctlGetParallelPnpInfo, 0x160054u);
  EXPECT_EQ(kIoctlInit12843Bus, 0x160058u);
  EXPECT_EQ(kIoctlSelectDevice, 0x16005Cu);
  EXPECT_EQ(kIoctlDeselectDevice, 0x160060u);
  EXPECT_EQ(kIoctlGetParportFdo, 0x160074u);
  EXPECT_EQ(kIoctlParallelPortFree, 0x1600A0u);
  EXPECT_EQ(kIoctlPardot3Connect, 0x1600A4u);
  EXPECT_EQ(kIoctlPardot3Disconnect, 0x1600A8u);
  EXPECT_EQ(kIoctlPardot3Reset, 0x1600ACu);
  EXPECT_EQ(kIoctlPardot3Signal, 0x1600B0u);
  EXPECT_EQ(kIoctlRegisterForRemovalRelations, 0x1600C8u);
  EXPECT_EQ(kIoctlUnregisterForRemovalRelations, 0x1600CCu);
  EXPECT_EQ(kIoctlDisableEndOfChainBusRescan, 0x1600D8u);
  EXPECT_EQ(kIoctlEnableEndOfChainBusRescan, 0x1600DCu);
}

TEST(RequestCodesTest, HaveTheirHeaderNames) {
  EXPECT_EQ(PortIoctlName(kIoctlParallelPortAllocate), "IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE");
  EXPECT_EQ(PortIoctlName(kIoctlInit12843Bus), "IOCTL_INTERNAL_INIT_1284_3_BUS");
  EXPECT_EQ(PortIoctlName(kIoctlPardot3Signal), "IOCTL_INTERNAL_PARDOT3_SIGNAL");
  EXPECT_EQ(PortIoctlName(ParallelIoctl(16)), "");
  EXPECT_EQ(PortIoctlName(0), "");
}

TEST(RequestStructuresTest, HaveTheWindowsLayout) {
  EXPECT_EQ(sizeof(Parallel1284Command), 8u);
  EXPECT_EQ(offsetof(Parallel1284Command, id), 0u);
  EXPECT_EQ(offsetof(Parallel1284Command, port), 1u);
  EXPECT_EQ(offsetof(Parallel1284Command, command_flags), 4u);
  EXPECT_EQ(sizeof(ParallelChipMode), 2u);
  // PARALLEL_PORT_INFORMATION: PHYSICAL_ADDRESS, PUCHAR, ULONG, three routines, the context.
  EXPECT_EQ(offsetof(ParallelPortInformation, controller), 8u);
  EXPECT_EQ(offsetof(ParallelPortInformation, span_of_controller), 8u + sizeof(void*));
  EXPECT_EQ(sizeof(ParallelPortInformation), 8u + 6 * sizeof(void*));
  EXPECT_EQ(sizeof(ParallelInterruptInformation), 4 * sizeof(void*));
  EXPECT_EQ(sizeof(ParallelInterruptServiceRoutine), 4 * sizeof(void*));
  EXPECT_LT(offsetof(ParallelPnpInformation, context),
            offsetof(ParallelPnpInformation, current_mode));
  EXPECT_LT(offsetof(ParallelPnpInformation, current_mode),
            offsetof(ParallelPnpInformation, port_name));
}

TEST(StatusTest, ValuesAndNamesMatchTheHeaders) {
  EXPECT_EQ(static_cast<uint32_t>(NtStatus::kInvalidDeviceState), 0xC0000184u);
  EXPECT_EQ(static_cast<uint32_t>(NtStatus::kDeviceProtocolError), 0xC0000186u);
  EXPECT_EQ(static_cast<uint32_t>(NtStatus::kBufferTooSmall), 0xC0000023u);
  EXPECT_EQ(static_cast<uint32_t>(NtStatus::kDeviceBusy), 0x80000011u);
  EXPECT_EQ(NtStatusName(NtStatus::kNoSuchDevice), "STATUS_NO_SUCH_DEVICE");
  EXPECT_EQ(NtStatusName(NtStatus::kPending), "STATUS_PENDING");
  EXPECT_TRUE(NtSuccess(NtStatus::kSuccess));
  EXPECT_TRUE(NtSuccess(NtStatus::kPending));
  EXPECT_FALSE(NtSuccess(NtStatus::kDeviceBusy));
  EXPECT_FALSE(NtSuccess(NtStatus::kCancelled));
}

TEST(StatusTest, RuntimeErrorsMapToWhatAClientExpects) {
  EXPECT_EQ(StatusOf(Error(Errc::kPortBusy, "")), NtStatus::kDeviceBusy);
  EXPECT_EQ(StatusOf(Error(Errc::kCancelled, "")), NtStatus::kCancelled);
  EXPECT_EQ(StatusOf(Error(Errc::kTimeout, "")), NtStatus::kTimeout);
  EXPECT_EQ(StatusOf(Error(Errc::kInvalidArgument, "")), NtStatus::kInvalidParameter);
  EXPECT_EQ(StatusOf(Error(Errc::kNotConnected, "")), NtStatus::kDeviceNotConnected);
  const LineLevels printer = LineLevels()
                                 .with(Line::kSelect, Level::kHigh)
                                 .with(Line::kNFault, Level::kHigh)
                                 .with(Line::kPError, Level::kLow);
  EXPECT_EQ(StatusOf(Error(Errc::kPeripheralError, "")
                         .set_lines(printer, printer.with(Line::kPError, Level::kHigh))),
            NtStatus::kDevicePaperEmpty);
  EXPECT_EQ(StatusOf(Error(Errc::kPeripheralError, "")
                         .set_lines(printer, printer.with(Line::kSelect, Level::kLow))),
            NtStatus::kDeviceOffLine);
  EXPECT_EQ(StatusOf(Error(Errc::kPeripheralError, "")), NtStatus::kIoDeviceError);
}

}  // namespace
}  // namespace parclass::port
