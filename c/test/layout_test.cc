// The C headers agree with the C++ port layer: every port structure has the same size and every
// field the same offset, size and calling convention as its C++ twin, and every code, status and
// constant the same value (shared spec windows-parallel-interface.md 2-5).

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>

#include "parclass/base/phase.h"
#include "parclass/bus/protocol_mode.h"
#include "parclass/bus/requests.h"
#include "parclass/c/ntddpar.h"
#include "parclass/c/ntstatus.h"
#include "parclass/c/parallel.h"
#include "parclass/c/types.h"
#include "parclass/hw/address.h"
#include "parclass/hw/ecp_regs.h"
#include "parclass/hw/epp_regs.h"
#include "parclass/hw/modes.h"
#include "parclass/hw/spp_regs.h"
#include "parclass/port/chip_mode.h"
#include "parclass/port/dot3.h"
#include "parclass/port/interrupts.h"
#include "parclass/port/requests.h"
#include "parclass/port/status.h"

namespace parclass {
namespace {

// Integers, enumerations and pointers are passed alike when they have the same size and alignment
// (a PUCHAR and a uintptr_t, an NTSTATUS and the uint32 NtStatus, a BOOLEAN and a bool).
template <typename T>
constexpr bool kScalar = std::is_integral_v<T> || std::is_enum_v<T> || std::is_pointer_v<T>;

template <typename A, typename B>
struct SameSignature : std::false_type {};

template <typename A, typename B>
consteval bool SameAbi() {
  if constexpr (std::is_same_v<A, B>) {
    return true;
  } else if constexpr (std::is_pointer_v<A> && std::is_pointer_v<B> &&
                       std::is_function_v<std::remove_pointer_t<A>> &&
                       std::is_function_v<std::remove_pointer_t<B>>) {
    return SameSignature<A, B>::value;
  } else if constexpr (kScalar<A> && kScalar<B>) {
    return sizeof(A) == sizeof(B) && alignof(A) == alignof(B);
  } else {
    return false;
  }
}

template <typename ReturnA, typename... ParamsA, typename ReturnB, typename... ParamsB>
struct SameSignature<ReturnA (*)(ParamsA...), ReturnB (*)(ParamsB...)> {
  static constexpr bool value = [] {
    if constexpr (sizeof...(ParamsA) != sizeof...(ParamsB)) {
      return false;
    } else {
      return SameAbi<ReturnA, ReturnB>() && (SameAbi<ParamsA, ParamsB>() && ...);
    }
  }();
};

// The C field and the C++ field: same offset, same size, passed alike.
#define EXPECT_SAME_FIELD(c_struct, c_field, cpp_struct, cpp_field)                        \
  do {                                                                                     \
    static_assert(SameAbi<decltype(c_struct::c_field), decltype(cpp_struct::cpp_field)>(), \
                  #c_struct "." #c_field);                                                 \
    EXPECT_EQ(offsetof(c_struct, c_field), offsetof(cpp_struct, cpp_field)) << #c_field;   \
    EXPECT_EQ(sizeof(c_struct::c_field), sizeof(cpp_struct::cpp_field)) << #c_field;       \
  } while (false)

TEST(CLayoutTest, ParallelPortInformation) {
  using Cpp = port::ParallelPortInformation;
  EXPECT_EQ(sizeof(PARALLEL_PORT_INFORMATION), sizeof(Cpp));
  EXPECT_EQ(alignof(PARALLEL_PORT_INFORMATION), alignof(Cpp));
  EXPECT_SAME_FIELD(PARALLEL_PORT_INFORMATION, OriginalController, Cpp, original_controller);
  EXPECT_SAME_FIELD(PARALLEL_PORT_INFORMATION, Controller, Cpp, controller);
  EXPECT_SAME_FIELD(PARALLEL_PORT_INFORMATION, SpanOfController, Cpp, span_of_controller);
  EXPECT_SAME_FIELD(PARALLEL_PORT_INFORMATION, TryAllocatePort, Cpp, try_allocate_port);
  EXPECT_SAME_FIELD(PARALLEL_PORT_INFORMATION, FreePort, Cpp, free_port);
  EXPECT_SAME_FIELD(PARALLEL_PORT_INFORMATION, QueryNumWaiters, Cpp, query_num_waiters);
  EXPECT_SAME_FIELD(PARALLEL_PORT_INFORMATION, Context, Cpp, context);
}

TEST(CLayoutTest, MoreParallelPortInformation) {
  using Cpp = port::MoreParallelPortInformation;
  EXPECT_EQ(sizeof(MORE_PARALLEL_PORT_INFORMATION), sizeof(Cpp));
  EXPECT_EQ(alignof(MORE_PARALLEL_PORT_INFORMATION), alignof(Cpp));
  EXPECT_SAME_FIELD(MORE_PARALLEL_PORT_INFORMATION, InterfaceType, Cpp, interface_type);
  EXPECT_SAME_FIELD(MORE_PARALLEL_PORT_INFORMATION, BusNumber, Cpp, bus_number);
  EXPECT_SAME_FIELD(MORE_PARALLEL_PORT_INFORMATION, InterruptLevel, Cpp, interrupt_level);
  EXPECT_SAME_FIELD(MORE_PARALLEL_PORT_INFORMATION, InterruptVector, Cpp, interrupt_vector);
  EXPECT_SAME_FIELD(MORE_PARALLEL_PORT_INFORMATION, InterruptAffinity, Cpp, interrupt_affinity);
  EXPECT_SAME_FIELD(MORE_PARALLEL_PORT_INFORMATION, InterruptMode, Cpp, interrupt_mode);
}

TEST(CLayoutTest, ParallelPnpInformation) {
  using Cpp = port::ParallelPnpInformation;
  using C = PARALLEL_PNP_INFORMATION;
  EXPECT_EQ(sizeof(C), sizeof(Cpp));
  EXPECT_EQ(alignof(C), alignof(Cpp));
  EXPECT_SAME_FIELD(C, OriginalEcpController, Cpp, original_ecp_controller);
  EXPECT_SAME_FIELD(C, EcpController, Cpp, ecp_controller);
  EXPECT_SAME_FIELD(C, SpanOfEcpController, Cpp, span_of_ecp_controller);
  EXPECT_SAME_FIELD(C, PortNumber, Cpp, port_number);
  EXPECT_SAME_FIELD(C, HardwareCapabilities, Cpp, hardware_capabilities);
  EXPECT_SAME_FIELD(C, TrySetChipMode, Cpp, try_set_chip_mode);
  EXPECT_SAME_FIELD(C, ClearChipMode, Cpp, clear_chip_mode);
  EXPECT_SAME_FIELD(C, FifoDepth, Cpp, fifo_depth);
  EXPECT_SAME_FIELD(C, FifoWidth, Cpp, fifo_width);
  EXPECT_SAME_FIELD(C, EppControllerPhysicalAddress, Cpp, epp_controller_physical_address);
  EXPECT_SAME_FIELD(C, SpanOfEppController, Cpp, span_of_epp_controller);
  EXPECT_SAME_FIELD(C, Ieee1284_3DeviceCount, Cpp, ieee1284_3_device_count);
  EXPECT_SAME_FIELD(C, TrySelectDevice, Cpp, try_select_device);
  EXPECT_SAME_FIELD(C, DeselectDevice, Cpp, deselect_device);
  EXPECT_SAME_FIELD(C, Context, Cpp, context);
  EXPECT_SAME_FIELD(C, CurrentMode, Cpp, current_mode);
  EXPECT_SAME_FIELD(C, PortName, Cpp, port_name);
}

TEST(CLayoutTest, Parallel1284Command) {
  using Cpp = port::Parallel1284Command;
  EXPECT_EQ(sizeof(PARALLEL_1284_COMMAND), sizeof(Cpp));
  EXPECT_EQ(alignof(PARALLEL_1284_COMMAND), alignof(Cpp));
  EXPECT_SAME_FIELD(PARALLEL_1284_COMMAND, ID, Cpp, id);
  EXPECT_SAME_FIELD(PARALLEL_1284_COMMAND, Port, Cpp, port);
  EXPECT_SAME_FIELD(PARALLEL_1284_COMMAND, CommandFlags, Cpp, command_flags);
}

TEST(CLayoutTest, ParallelChipMode) {
  using Cpp = port::ParallelChipMode;
  EXPECT_EQ(sizeof(PARALLEL_CHIP_MODE), sizeof(Cpp));
  EXPECT_EQ(alignof(PARALLEL_CHIP_MODE), alignof(Cpp));
  EXPECT_SAME_FIELD(PARALLEL_CHIP_MODE, ModeFlags, Cpp, mode_flags);
  EXPECT_SAME_FIELD(PARALLEL_CHIP_MODE, success, Cpp, success);
}

TEST(CLayoutTest, ParallelInterruptServiceRoutine) {
  using Cpp = port::ParallelInterruptServiceRoutine;
  using C = PARALLEL_INTERRUPT_SERVICE_ROUTINE;
  EXPECT_EQ(sizeof(C), sizeof(Cpp));
  EXPECT_EQ(alignof(C), alignof(Cpp));
  EXPECT_SAME_FIELD(C, InterruptServiceRoutine, Cpp, service);
  EXPECT_SAME_FIELD(C, InterruptServiceContext, Cpp, service_context);
  EXPECT_SAME_FIELD(C, DeferredPortCheckRoutine, Cpp, deferred);
  EXPECT_SAME_FIELD(C, DeferredPortCheckContext, Cpp, deferred_context);
}

TEST(CLayoutTest, ParallelInterruptInformation) {
  using Cpp = port::ParallelInterruptInformation;
  using C = PARALLEL_INTERRUPT_INFORMATION;
  EXPECT_EQ(sizeof(C), sizeof(Cpp));
  EXPECT_EQ(alignof(C), alignof(Cpp));
  EXPECT_SAME_FIELD(C, InterruptObject, Cpp, interrupt_object);
  EXPECT_SAME_FIELD(C, TryAllocatePortAtInterruptLevel, Cpp, try_allocate_port_at_interrupt_level);
  EXPECT_SAME_FIELD(C, FreePortFromInterruptLevel, Cpp, free_port_from_interrupt_level);
  EXPECT_SAME_FIELD(C, Context, Cpp, context);
}

TEST(CLayoutTest, CallbackTypes) {
  static_assert(std::is_same_v<PPARALLEL_TRY_ALLOCATE_ROUTINE, port::TryAllocateRoutine>);
  static_assert(std::is_same_v<PPARALLEL_FREE_ROUTINE, port::FreeRoutine>);
  static_assert(std::is_same_v<PPARALLEL_QUERY_WAITERS_ROUTINE, port::QueryWaitersRoutine>);
  static_assert(std::is_same_v<PPARALLEL_DEFERRED_ROUTINE, port::DeferredRoutine>);
  static_assert(SameAbi<PPARALLEL_SET_CHIP_MODE, port::SetChipModeRoutine>());
  static_assert(SameAbi<PPARALLEL_CLEAR_CHIP_MODE, port::ClearChipModeRoutine>());
  static_assert(SameAbi<PPARALLEL_TRY_SELECT_ROUTINE, port::TrySelectRoutine>());
  static_assert(SameAbi<PPARALLEL_DESELECT_ROUTINE, port::DeselectRoutine>());
  static_assert(SameAbi<PKSERVICE_ROUTINE, port::ServiceRoutine>());
  static_assert(SameAbi<NTSTATUS, port::NtStatus>());
  // And the check tells signatures apart.
  static_assert(!SameAbi<PPARALLEL_SET_CHIP_MODE, port::TrySelectRoutine>());
  static_assert(!SameAbi<PPARALLEL_FREE_ROUTINE, port::TryAllocateRoutine>());
  static_assert(!SameAbi<PPARALLEL_DEFERRED_ROUTINE, port::ServiceRoutine>());
}

// What the port hands out reads the same through the C structure.
uint8_t g_allocations = 0;
port::Boolean TryAllocate(void* context) {
  return static_cast<port::Boolean>(context == &g_allocations && ++g_allocations == 1);
}
void Free(void* context) { *static_cast<uint8_t*>(context) = 0; }
uint32_t QueryWaiters(void* /*context*/) { return 3; }

TEST(CLayoutTest, PortInformationReadsThroughTheCStructure) {
  port::ParallelPortInformation cpp{.original_controller = 0x378,
                                    .controller = 0x378,
                                    .span_of_controller = 3,
                                    .try_allocate_port = TryAllocate,
                                    .free_port = Free,
                                    .query_num_waiters = QueryWaiters,
                                    .context = &g_allocations};
  PARALLEL_PORT_INFORMATION c;
  std::memcpy(&c, &cpp, sizeof(c));
  EXPECT_EQ(c.OriginalController, 0x378);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(c.Controller), 0x378u);
  EXPECT_EQ(c.SpanOfController, 3u);
  EXPECT_EQ(c.TryAllocatePort(c.Context), TRUE);
  EXPECT_EQ(c.TryAllocatePort(c.Context), FALSE);
  EXPECT_EQ(c.QueryNumWaiters(c.Context), 3u);
  c.FreePort(c.Context);
  EXPECT_EQ(g_allocations, 0);
}

TEST(CLayoutTest, PnpInformationReadsThroughTheCStructure) {
  static constexpr char16_t kName[] = u"LPT1";
  port::ParallelPnpInformation cpp{};
  cpp.original_ecp_controller = 0x778;
  cpp.span_of_ecp_controller = ECP_SPAN;
  cpp.hardware_capabilities = PPT_ECP_PRESENT | PPT_BYTE_PRESENT;
  cpp.fifo_depth = 16;
  cpp.fifo_width = 8;
  cpp.ieee1284_3_device_count = 2;
  cpp.current_mode = ECR_BYTE_PIO_MODE;
  cpp.port_name = kName;
  PARALLEL_PNP_INFORMATION c;
  std::memcpy(&c, &cpp, sizeof(c));
  EXPECT_EQ(c.OriginalEcpController, 0x778);
  EXPECT_EQ(c.SpanOfEcpController, 3u);
  EXPECT_EQ(c.HardwareCapabilities, 0x09u);
  EXPECT_EQ(c.FifoDepth, 16u);
  EXPECT_EQ(c.FifoWidth, 8u);
  EXPECT_EQ(c.Ieee1284_3DeviceCount, 2u);
  EXPECT_EQ(c.CurrentMode, 0x34u);
  ASSERT_NE(c.PortName, nullptr);
  EXPECT_EQ(c.PortName[0], u'L');
  EXPECT_EQ(c.PortName[3], u'1');
  EXPECT_EQ(c.PortName[4], 0);
}

TEST(CLayoutTest, SelectCommandWritesThroughTheCStructure) {
  PARALLEL_1284_COMMAND c{
      .ID = DOT3_END_OF_CHAIN_ID, .Port = 0, .CommandFlags = PAR_HAVE_PORT_KEEP_PORT};
  port::Parallel1284Command cpp{};
  std::memcpy(&cpp, &c, sizeof(cpp));
  EXPECT_EQ(cpp.id, port::kDot3EndOfChainId);
  EXPECT_EQ(cpp.port, 0);
  EXPECT_EQ(cpp.command_flags, port::kParHavePortKeepPort);
}

// The port internal IOCTLs: the same code and, from PortIoctlName, the same name.
#define EXPECT_PORT_IOCTL(c_code, cpp_code)                              \
  do {                                                                   \
    EXPECT_EQ(static_cast<uint32_t>(c_code), port::cpp_code) << #c_code; \
    EXPECT_EQ(port::PortIoctlName(c_code), #c_code);                     \
  } while (false)

TEST(CConstantsTest, PortInternalIoctls) {
  EXPECT_PORT_IOCTL(IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE, kIoctlParallelPortAllocate);
  EXPECT_PORT_IOCTL(IOCTL_INTERNAL_GET_PARALLEL_PORT_INFO, kIoctlGetParallelPortInfo);
  EXPECT_PORT_IOCTL(IOCTL_INTERNAL_PARALLEL_CONNECT_INTERRUPT, kIoctlParallelConnectInterrupt);
  EXPECT_PORT_IOCTL(IOCTL_INTERNAL_PARALLEL_DISCONNECT_INTERRUPT,
                    kIoctlParallelDisconnectInterrupt);
  EXPECT_PORT_IOCTL(IOCTL_INTERNAL_RELEASE_PARALLEL_PORT_INFO, kIoctlReleaseParallelPortInfo);
  EXPECT_PORT_IOCTL(IOCTL_INTERNAL_GET_MORE_PARALLEL_PORT_INFO, kIoctlGetMoreParallelPortInfo);
  EXPECT_PORT_IOCTL(IOCTL_INTERNAL_PARCHIP_CONNECT, kIoctlParchipConnect);
  EXPECT_PORT_IOCTL(IOCTL_INTERNAL_PARALLEL_SET_CHIP_MODE, kIoctlParallelSetChipMode);
  EXPECT_PORT_IOCTL(IOCTL_INTERNAL_PARALLEL_CLEAR_CHIP_MODE, kIoctlParallelClearChipMode);
  EXPECT_PORT_IOCTL(IOCTL_INTERNAL_GET_PARALLEL_PNP_INFO, kIoctlGetParallelPnpInfo);
  EXPECT_PORT_IOCTL(IOCTL_INTERNAL_INIT_1284_3_BUS, kIoctlInit12843Bus);
  EXPECT_PORT_IOCTL(IOCTL_INTERNAL_SELECT_DEVICE, kIoctlSelectDevice);
  EXPECT_PORT_IOCTL(IOCTL_INTERNAL_DESELECT_DEVICE, kIoctlDeselectDevice);
  EXPECT_PORT_IOCTL(IOCTL_INTERNAL_GET_PARPORT_FDO, kIoctlGetParportFdo);
  EXPECT_PORT_IOCTL(IOCTL_INTERNAL_PARALLEL_PORT_FREE, kIoctlParallelPortFree);
  EXPECT_PORT_IOCTL(IOCTL_INTERNAL_PARDOT3_CONNECT, kIoctlPardot3Connect);
  EXPECT_PORT_IOCTL(IOCTL_INTERNAL_PARDOT3_DISCONNECT, kIoctlPardot3Disconnect);
  EXPECT_PORT_IOCTL(IOCTL_INTERNAL_PARDOT3_RESET, kIoctlPardot3Reset);
  EXPECT_PORT_IOCTL(IOCTL_INTERNAL_PARDOT3_SIGNAL, kIoctlPardot3Signal);
  EXPECT_PORT_IOCTL(IOCTL_INTERNAL_REGISTER_FOR_REMOVAL_RELATIONS,
                    kIoctlRegisterForRemovalRelations);
  EXPECT_PORT_IOCTL(IOCTL_INTERNAL_UNREGISTER_FOR_REMOVAL_RELATIONS,
                    kIoctlUnregisterForRemovalRelations);
  EXPECT_PORT_IOCTL(IOCTL_INTERNAL_DISABLE_END_OF_CHAIN_BUS_RESCAN,
                    kIoctlDisableEndOfChainBusRescan);
  EXPECT_PORT_IOCTL(IOCTL_INTERNAL_ENABLE_END_OF_CHAIN_BUS_RESCAN, kIoctlEnableEndOfChainBusRescan);
}

// Device IOCTLs have no C++ constants yet: they follow the same encoding.
#define EXPECT_PARALLEL_IOCTL(c_code, function) \
  EXPECT_EQ(static_cast<uint32_t>(c_code), port::ParallelIoctl(function)) << #c_code

TEST(CConstantsTest, DeviceIoctls) {
  EXPECT_PARALLEL_IOCTL(IOCTL_INTERNAL_PARCLASS_CONNECT, 30);
  EXPECT_PARALLEL_IOCTL(IOCTL_INTERNAL_PARCLASS_DISCONNECT, 31);
  EXPECT_PARALLEL_IOCTL(IOCTL_INTERNAL_DISCONNECT_IDLE, 32);
  EXPECT_PARALLEL_IOCTL(IOCTL_INTERNAL_LOCK_PORT, 37);
  EXPECT_PARALLEL_IOCTL(IOCTL_INTERNAL_UNLOCK_PORT, 38);
  EXPECT_PARALLEL_IOCTL(IOCTL_INTERNAL_LOCK_PORT_NO_SELECT, 52);
  EXPECT_PARALLEL_IOCTL(IOCTL_INTERNAL_UNLOCK_PORT_NO_DESELECT, 53);

  EXPECT_PARALLEL_IOCTL(IOCTL_PAR_QUERY_INFORMATION, 1);
  EXPECT_PARALLEL_IOCTL(IOCTL_PAR_SET_INFORMATION, 2);
  EXPECT_PARALLEL_IOCTL(IOCTL_PAR_QUERY_DEVICE_ID, 3);
  EXPECT_PARALLEL_IOCTL(IOCTL_PAR_QUERY_DEVICE_ID_SIZE, 4);
  EXPECT_PARALLEL_IOCTL(IOCTL_IEEE1284_GET_MODE, 5);
  EXPECT_PARALLEL_IOCTL(IOCTL_IEEE1284_NEGOTIATE, 6);
  EXPECT_PARALLEL_IOCTL(IOCTL_PAR_SET_WRITE_ADDRESS, 7);
  EXPECT_PARALLEL_IOCTL(IOCTL_PAR_SET_READ_ADDRESS, 8);
  EXPECT_PARALLEL_IOCTL(IOCTL_PAR_GET_DEVICE_CAPS, 9);
  EXPECT_PARALLEL_IOCTL(IOCTL_PAR_GET_DEFAULT_MODES, 10);
  EXPECT_PARALLEL_IOCTL(IOCTL_PAR_PING, 11);
  EXPECT_PARALLEL_IOCTL(IOCTL_PAR_QUERY_RAW_DEVICE_ID, 12);
  EXPECT_PARALLEL_IOCTL(IOCTL_PAR_ECP_HOST_RECOVERY, 13);
  EXPECT_PARALLEL_IOCTL(IOCTL_PAR_GET_READ_ADDRESS, 14);
  EXPECT_PARALLEL_IOCTL(IOCTL_PAR_GET_WRITE_ADDRESS, 15);
  EXPECT_PARALLEL_IOCTL(IOCTL_PAR_TEST, 20);
  EXPECT_PARALLEL_IOCTL(IOCTL_PAR_IS_PORT_FREE, 21);
  EXPECT_PARALLEL_IOCTL(IOCTL_PAR_QUERY_LOCATION, 22);

  // Device IOCTLs are no port requests.
  EXPECT_EQ(port::PortIoctlName(IOCTL_INTERNAL_PARCLASS_CONNECT), "");
  EXPECT_EQ(port::PortIoctlName(IOCTL_INTERNAL_LOCK_PORT), "");

  EXPECT_EQ(static_cast<uint32_t>(IOCTL_SERIAL_SET_TIMEOUTS), 0x1B001Cu);
  EXPECT_EQ(static_cast<uint32_t>(IOCTL_SERIAL_GET_TIMEOUTS), 0x1B0020u);
}

// The status: the same value, the same name, the same NT_SUCCESS.
#define EXPECT_STATUS(c_status, cpp_status)                                              \
  do {                                                                                   \
    EXPECT_EQ(static_cast<uint32_t>(c_status), static_cast<uint32_t>(port::cpp_status)); \
    EXPECT_EQ(port::NtStatusName(port::cpp_status), #c_status);                          \
    EXPECT_EQ(NT_SUCCESS(c_status), port::NtSuccess(port::cpp_status)) << #c_status;     \
  } while (false)

TEST(CConstantsTest, Statuses) {
  using port::NtStatus;
  EXPECT_STATUS(STATUS_SUCCESS, NtStatus::kSuccess);
  EXPECT_STATUS(STATUS_TIMEOUT, NtStatus::kTimeout);
  EXPECT_STATUS(STATUS_PENDING, NtStatus::kPending);
  EXPECT_STATUS(STATUS_DEVICE_PAPER_EMPTY, NtStatus::kDevicePaperEmpty);
  EXPECT_STATUS(STATUS_DEVICE_POWERED_OFF, NtStatus::kDevicePoweredOff);
  EXPECT_STATUS(STATUS_DEVICE_OFF_LINE, NtStatus::kDeviceOffLine);
  EXPECT_STATUS(STATUS_DEVICE_BUSY, NtStatus::kDeviceBusy);
  EXPECT_STATUS(STATUS_UNSUCCESSFUL, NtStatus::kUnsuccessful);
  EXPECT_STATUS(STATUS_INVALID_PARAMETER, NtStatus::kInvalidParameter);
  EXPECT_STATUS(STATUS_NO_SUCH_DEVICE, NtStatus::kNoSuchDevice);
  EXPECT_STATUS(STATUS_INVALID_DEVICE_REQUEST, NtStatus::kInvalidDeviceRequest);
  EXPECT_STATUS(STATUS_ACCESS_DENIED, NtStatus::kAccessDenied);
  EXPECT_STATUS(STATUS_BUFFER_TOO_SMALL, NtStatus::kBufferTooSmall);
  EXPECT_STATUS(STATUS_DELETE_PENDING, NtStatus::kDeletePending);
  EXPECT_STATUS(STATUS_DEVICE_NOT_CONNECTED, NtStatus::kDeviceNotConnected);
  EXPECT_STATUS(STATUS_NOT_SUPPORTED, NtStatus::kNotSupported);
  EXPECT_STATUS(STATUS_NOT_A_DIRECTORY, NtStatus::kNotADirectory);
  EXPECT_STATUS(STATUS_CANCELLED, NtStatus::kCancelled);
  EXPECT_STATUS(STATUS_INVALID_DEVICE_STATE, NtStatus::kInvalidDeviceState);
  EXPECT_STATUS(STATUS_IO_DEVICE_ERROR, NtStatus::kIoDeviceError);
  EXPECT_STATUS(STATUS_DEVICE_PROTOCOL_ERROR, NtStatus::kDeviceProtocolError);
  EXPECT_STATUS(STATUS_DEVICE_REMOVED, NtStatus::kDeviceRemoved);
}

TEST(CConstantsTest, HardwareCapabilities) {
  using hw::HardwareCapability;
  EXPECT_EQ(static_cast<uint32_t>(PPT_NO_HARDWARE_PRESENT), hw::kNoHardwarePresent.bits());
  EXPECT_EQ(static_cast<uint32_t>(PPT_ECP_PRESENT),
            static_cast<uint32_t>(HardwareCapability::kEcp));
  EXPECT_EQ(static_cast<uint32_t>(PPT_EPP_PRESENT),
            static_cast<uint32_t>(HardwareCapability::kEpp));
  EXPECT_EQ(static_cast<uint32_t>(PPT_EPP_32_PRESENT),
            static_cast<uint32_t>(HardwareCapability::kEpp32));
  EXPECT_EQ(static_cast<uint32_t>(PPT_BYTE_PRESENT),
            static_cast<uint32_t>(HardwareCapability::kByte));
  EXPECT_EQ(static_cast<uint32_t>(PPT_BIDI_PRESENT),
            static_cast<uint32_t>(HardwareCapability::kByte));
  EXPECT_EQ(static_cast<uint32_t>(PPT_1284_3_PRESENT),
            static_cast<uint32_t>(HardwareCapability::kDot3));
}

#define EXPECT_CHIP_MODE(c_mode, cpp_mode) \
  EXPECT_EQ(c_mode, static_cast<int>(hw::ChipMode::cpp_mode)) << #c_mode

TEST(CConstantsTest, ChipModesAndEcr) {
  EXPECT_CHIP_MODE(ECR_SPP_MODE, kSpp);
  EXPECT_CHIP_MODE(ECR_BYTE_MODE, kByte);
  EXPECT_CHIP_MODE(ECR_FASTCENT_MODE, kFastCentronics);
  EXPECT_CHIP_MODE(ECR_ECP_MODE, kEcp);
  EXPECT_CHIP_MODE(ECR_EPP_MODE, kEpp);
  EXPECT_CHIP_MODE(ECR_TEST_MODE, kTest);
  EXPECT_CHIP_MODE(ECR_CONFIG_MODE, kConfig);
  EXPECT_CHIP_MODE(ECR_BYTE_PIO_MODE, kBytePio);
  EXPECT_CHIP_MODE(ECR_ECP_PIO_MODE, kEcpPio);
  EXPECT_CHIP_MODE(ECR_EPP_PIO_MODE, kEppPio);
  EXPECT_EQ(INITIAL_MODE, port::kInitialChipMode);

  EXPECT_EQ(DEFAULT_ECR_TEST, hw::kDefaultEcrTest.reg_value());
  EXPECT_EQ(DEFAULT_ECR_COMPATIBILITY, hw::kDefaultEcrCompatibility.reg_value());
  EXPECT_EQ(DEFAULT_ECR_CONFIGURATION, hw::kDefaultEcrConfiguration.reg_value());
  // DEFAULT_ECR_PS2 and _ECP exist only without the ECR arbitrator; their values are these.
  EXPECT_EQ(ECR_BYTE_PIO_MODE, hw::kDefaultEcrPs2.reg_value());
  EXPECT_EQ(ECR_ECP_PIO_MODE, hw::kDefaultEcrEcp.reg_value());

  EXPECT_EQ(ECR_ERRINT_DISABLED, hw::Ecr::kNErrIntrEn.mask());
  EXPECT_EQ(ECR_DMA_ENABLED, hw::Ecr::kDmaEn.mask());
  EXPECT_EQ(ECR_SVC_INT_DISABLED, hw::Ecr::kServiceIntr.mask());
  EXPECT_EQ(ECR_MODE_MASK, static_cast<uint8_t>(~hw::Ecr::kMode.mask()));
  EXPECT_EQ(ECR_FIFO_MASK, hw::Ecr::kFull.mask() | hw::Ecr::kEmpty.mask());
  EXPECT_EQ(ECR_FIFO_FULL, hw::Ecr::kFull.mask());
  EXPECT_EQ(ECR_FIFO_EMPTY, hw::Ecr::kEmpty.mask());
  EXPECT_EQ(ECP_MAX_FIFO_DEPTH, hw::kEcpMaxFifoDepth);

  // P1284_HW_MODE is the ECR mode field.
  EXPECT_EQ(HW_MODE_COMPATIBILITY, static_cast<int>(hw::EcrMode::kSpp));
  EXPECT_EQ(HW_MODE_PS2, static_cast<int>(hw::EcrMode::kPs2));
  EXPECT_EQ(HW_MODE_FAST_CENTRONICS, static_cast<int>(hw::EcrMode::kFifo));
  EXPECT_EQ(HW_MODE_ECP, static_cast<int>(hw::EcrMode::kEcp));
  EXPECT_EQ(HW_MODE_EPP, static_cast<int>(hw::EcrMode::kEpp));
  EXPECT_EQ(HW_MODE_RESERVED, static_cast<int>(hw::EcrMode::kReserved));
  EXPECT_EQ(HW_MODE_TEST, static_cast<int>(hw::EcrMode::kTest));
  EXPECT_EQ(HW_MODE_CONFIGURATION, static_cast<int>(hw::EcrMode::kConfig));
  EXPECT_EQ(hw::EcrFor(hw::ChipMode::kEcpPio).mode(), static_cast<hw::EcrMode>(HW_MODE_ECP));
}

TEST(CConstantsTest, RegistersAndBits) {
  EXPECT_EQ(DATA_OFFSET, hw::Data::kAddress.offset);
  EXPECT_EQ(DSR_OFFSET, hw::Dsr::kAddress.offset);
  EXPECT_EQ(DCR_OFFSET, hw::Dcr::kAddress.offset);
  EXPECT_EQ(EPP_OFFSET, hw::EppData<0>::kAddress.offset);
  EXPECT_EQ(ECP_OFFSET, hw::kIsaEcpBlockOffset);
  EXPECT_EQ(CNFGA_OFFSET - ECP_OFFSET, hw::CnfgA::kAddress.offset);
  EXPECT_EQ(CNFGB_OFFSET - ECP_OFFSET, hw::CnfgB::kAddress.offset);
  EXPECT_EQ(ECR_OFFSET - ECP_OFFSET, hw::Ecr::kAddress.offset);
  EXPECT_EQ(ECP_SPAN, hw::kEcpBlockSpan);

  EXPECT_EQ(DSR_NOT_BUSY, hw::Dsr::kNotBusy.mask());
  EXPECT_EQ(DSR_NOT_ACK, hw::Dsr::kNAck.mask());
  EXPECT_EQ(DSR_PERROR, hw::Dsr::kPError.mask());
  EXPECT_EQ(DSR_SELECT, hw::Dsr::kSelect.mask());
  EXPECT_EQ(DSR_NOT_FAULT, hw::Dsr::kNFault.mask());

  EXPECT_EQ(DCR_RESERVED, hw::Dcr::kReserved.mask());
  EXPECT_EQ(DCR_DIRECTION, hw::Dcr::kDirection.mask());
  EXPECT_EQ(DCR_ACKINT_ENABLED, hw::Dcr::kAckIntEn.mask());
  EXPECT_EQ(DCR_SELECT_IN, hw::Dcr::kSelectIn.mask());
  EXPECT_EQ(DCR_NOT_INIT, hw::Dcr::kNInit.mask());
  EXPECT_EQ(DCR_AUTOFEED, hw::Dcr::kAutoFd.mask());
  EXPECT_EQ(DCR_STROBE, hw::Dcr::kStrobe.mask());

  EXPECT_EQ(CNFGA_IMPID_MASK, hw::CnfgA::kImplementationId.mask());
  EXPECT_EQ(CNFGA_IMPID_SHIFT, hw::CnfgA::kImplementationId.low);
  EXPECT_EQ(CNFGA_NO_TRANS_BYTE, hw::CnfgA::kNoTransmitterByte.mask());
  EXPECT_EQ(FIFO_PWORD_16BIT, static_cast<int>(hw::PWordSize::k16Bit));
  EXPECT_EQ(FIFO_PWORD_8BIT, static_cast<int>(hw::PWordSize::k8Bit));
  EXPECT_EQ(FIFO_PWORD_32BIT, static_cast<int>(hw::PWordSize::k32Bit));
  EXPECT_EQ(CNFGA_IMPID_8BIT, FIFO_PWORD_8BIT << CNFGA_IMPID_SHIFT);
  EXPECT_EQ(CNFGA_IMPID_32BIT, FIFO_PWORD_32BIT << CNFGA_IMPID_SHIFT);
}

#define EXPECT_PROTOCOL_MODE(c_mode, cpp_mode) \
  EXPECT_EQ(c_mode, static_cast<int>(bus::ProtocolMode::cpp_mode)) << #c_mode

TEST(CConstantsTest, ProtocolModes) {
  EXPECT_PROTOCOL_MODE(NONE, kNone);
  EXPECT_PROTOCOL_MODE(CENTRONICS, kCentronics);
  EXPECT_PROTOCOL_MODE(IEEE_COMPATIBILITY, kIeeeCompatibility);
  EXPECT_PROTOCOL_MODE(NIBBLE, kNibble);
  EXPECT_PROTOCOL_MODE(CHANNEL_NIBBLE, kChannelNibble);
  EXPECT_PROTOCOL_MODE(BYTE_BIDIR, kByteBidir);
  EXPECT_PROTOCOL_MODE(EPP_HW, kEppHw);
  EXPECT_PROTOCOL_MODE(EPP_SW, kEppSw);
  EXPECT_PROTOCOL_MODE(BOUNDED_ECP, kBoundedEcp);
  EXPECT_PROTOCOL_MODE(ECP_HW_NOIRQ, kEcpHwNoIrq);
  EXPECT_PROTOCOL_MODE(ECP_HW_IRQ, kEcpHwIrq);
  EXPECT_PROTOCOL_MODE(ECP_SW, kEcpSw);
  EXPECT_EQ(EPP_ANY, bus::kEppAny.bits());
  EXPECT_EQ(ECP_ANY, bus::kEcpAny.bits());
}

TEST(CConstantsTest, Dot3AndCommandFlags) {
  EXPECT_EQ(PAR_END_OF_CHAIN_DEVICE, port::kParEndOfChainDevice);
  EXPECT_EQ(PAR_HAVE_PORT_KEEP_PORT, port::kParHavePortKeepPort);
  EXPECT_EQ(PAR_LEGACY_ZIP_DRIVE, port::kParLegacyZipDrive);
  EXPECT_EQ(PAR_LEGACY_ZIP_DRIVE_STD_MODE, port::kParLegacyZipDriveStdMode);
  EXPECT_EQ(PAR_LEGACY_ZIP_DRIVE_EPP_MODE, port::kParLegacyZipDriveEppMode);
  EXPECT_EQ(IEEE_1284_3_DAISY_CHAIN_MAX_ID, port::kIeee12843DaisyChainMaxId);
  EXPECT_EQ(IEEE_1284_3_DAISY_CHAIN_MAX_ID, port::kMaxDaisyChainId);
  EXPECT_EQ(DOT3_END_OF_CHAIN_ID, port::kDot3EndOfChainId);
  EXPECT_EQ(DOT3_END_OF_CHAIN_ID, port::kEndOfChainId);
  EXPECT_EQ(DOT3_LEGACY_ZIP_ID, port::kDot3LegacyZipId);
}

TEST(CConstantsTest, BusAndInterruptKinds) {
  EXPECT_EQ(static_cast<uint32_t>(Internal), static_cast<uint32_t>(port::InterfaceType::kInternal));
  EXPECT_EQ(static_cast<uint32_t>(Isa), static_cast<uint32_t>(port::InterfaceType::kIsa));
  EXPECT_EQ(static_cast<uint32_t>(PCIBus), static_cast<uint32_t>(port::InterfaceType::kPciBus));
  EXPECT_EQ(static_cast<uint32_t>(PNPBus), static_cast<uint32_t>(port::InterfaceType::kPnpBus));
  EXPECT_EQ(static_cast<uint32_t>(LevelSensitive),
            static_cast<uint32_t>(port::InterruptMode::kLevelSensitive));
  EXPECT_EQ(static_cast<uint32_t>(Latched), static_cast<uint32_t>(port::InterruptMode::kLatched));
}

TEST(CConstantsTest, Phases) {
  EXPECT_EQ(PHASE_UNKNOWN, static_cast<int>(Phase::kUnknown));
  EXPECT_EQ(PHASE_NEGOTIATION, static_cast<int>(Phase::kNegotiation));
  EXPECT_EQ(PHASE_SETUP, static_cast<int>(Phase::kSetup));
  EXPECT_EQ(PHASE_FORWARD_IDLE, static_cast<int>(Phase::kForwardIdle));
  EXPECT_EQ(PHASE_FORWARD_XFER, static_cast<int>(Phase::kForwardTransfer));
  EXPECT_EQ(PHASE_FWD_TO_REV, static_cast<int>(Phase::kForwardToReverse));
  EXPECT_EQ(PHASE_REVERSE_IDLE, static_cast<int>(Phase::kReverseIdle));
  EXPECT_EQ(PHASE_REVERSE_XFER, static_cast<int>(Phase::kReverseTransfer));
  EXPECT_EQ(PHASE_REV_TO_FWD, static_cast<int>(Phase::kReverseToForward));
  EXPECT_EQ(PHASE_TERMINATE, static_cast<int>(Phase::kTerminate));
  EXPECT_EQ(PHASE_DATA_AVAILABLE, static_cast<int>(Phase::kDataAvailable));
  EXPECT_EQ(PHASE_DATA_NOT_AVAIL, static_cast<int>(Phase::kDataNotAvailable));
  EXPECT_EQ(PHASE_INTERRUPT_HOST, static_cast<int>(Phase::kInterruptHost));
}

TEST(CConstantsTest, PortBaseName) {
  EXPECT_EQ(std::u16string_view(DD_PARALLEL_PORT_BASE_NAME_U), u"ParallelPort");
}

}  // namespace
}  // namespace parclass

// The device side: PARCLASS_INFORMATION, the negotiation mask, the serial timeouts and the
// device request codes against the bus layer's.
namespace parclass {
namespace {

TEST(CLayoutTest, ParclassInformation) {
  using Cpp = bus::ParclassInformation;
  EXPECT_EQ(sizeof(PARCLASS_INFORMATION), sizeof(Cpp));
  EXPECT_EQ(alignof(PARCLASS_INFORMATION), alignof(Cpp));
  EXPECT_EQ(offsetof(PARCLASS_INFORMATION, EcrController), offsetof(Cpp, ecr_controller));
  EXPECT_EQ(offsetof(PARCLASS_INFORMATION, SpanOfController), offsetof(Cpp, span_of_controller));
  EXPECT_EQ(offsetof(PARCLASS_INFORMATION, ParallelRead), offsetof(Cpp, parallel_read));
  EXPECT_EQ(offsetof(PARCLASS_INFORMATION, ParclassContext), offsetof(Cpp, parclass_context));
  EXPECT_EQ(offsetof(PARCLASS_INFORMATION, HardwareCapabilities),
            offsetof(Cpp, hardware_capabilities));
  EXPECT_EQ(offsetof(PARCLASS_INFORMATION, FifoWidth), offsetof(Cpp, fifo_width));
  EXPECT_EQ(offsetof(PARCLASS_INFORMATION, ParallelTryselect), offsetof(Cpp, parallel_tryselect));
  EXPECT_EQ(offsetof(PARCLASS_INFORMATION, ParallelDeSelect), offsetof(Cpp, parallel_deselect));
  EXPECT_EQ(sizeof(PARCLASS_NEGOTIATION_MASK), sizeof(bus::ParclassNegotiationMask));
  EXPECT_EQ(offsetof(PARCLASS_NEGOTIATION_MASK, usWriteMask),
            offsetof(bus::ParclassNegotiationMask, write_mask));
  EXPECT_EQ(sizeof(SERIAL_TIMEOUTS), sizeof(bus::SerialTimeouts));
}

TEST(CConstantsTest, DeviceRequestsMatchTheBusLayer) {
  EXPECT_EQ(static_cast<uint32_t>(IOCTL_INTERNAL_PARCLASS_CONNECT), bus::kIoctlParclassConnect);
  EXPECT_EQ(static_cast<uint32_t>(IOCTL_INTERNAL_LOCK_PORT_NO_SELECT), bus::kIoctlLockPortNoSelect);
  EXPECT_EQ(static_cast<uint32_t>(IOCTL_PAR_QUERY_RAW_DEVICE_ID), bus::kIoctlParQueryRawDeviceId);
  EXPECT_EQ(static_cast<uint32_t>(IOCTL_IEEE1284_NEGOTIATE), bus::kIoctlIeee1284Negotiate);
  EXPECT_EQ(static_cast<uint32_t>(IOCTL_SERIAL_GET_TIMEOUTS), bus::kIoctlSerialGetTimeouts);
  EXPECT_EQ(PARALLEL_SELECTED, bus::kParallelSelected);
  EXPECT_EQ(PARALLEL_NOT_CONNECTED, bus::kParallelNotConnected);
  EXPECT_EQ(static_cast<uint32_t>(SAFE_MODE),
            static_cast<uint32_t>(bus::ParallelSafety::kSafeMode));
}

}  // namespace
}  // namespace parclass
