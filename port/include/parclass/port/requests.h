// The port's internal requests, with the codes and structures of the Windows headers (shared spec
// windows-parallel-interface.md 2.1, 2.4 and 3.1-3.8). A client sends one with a code and one
// buffer that carries the input and receives the output (METHOD_BUFFERED), and gets back a
// status and the bytes produced (RequestResult).
//
//   std::array<std::byte, sizeof(ParallelPortInformation)> buffer{};
//   RequestResult result = handle.InternalDeviceControl(
//       {.code = kIoctlGetParallelPortInfo, .buffer = buffer, .output_length = buffer.size()});
//   auto info = std::bit_cast<ParallelPortInformation>(buffer);
//   info.try_allocate_port(info.context);
//
// Structures are standard-layout with the Windows field order and C-compatible member types, so
// a C client (and the C header) can use them as they are. Function pointers are plain C function
// pointers taking the opaque context the structure carries.

#ifndef PARCLASS_PORT_REQUESTS_H_
#define PARCLASS_PORT_REQUESTS_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>

#include "parclass/port/dot3.h"
#include "parclass/port/interrupts.h"
#include "parclass/port/status.h"

namespace parclass::port {

// CTL_CODE(FILE_DEVICE_PARALLEL_PORT = 0x16, function, METHOD_BUFFERED, FILE_ANY_ACCESS).
constexpr uint32_t ParallelIoctl(uint32_t function) { return 0x00160000u | (function << 2); }

// Port internal IOCTLs (IRP_MJ_INTERNAL_DEVICE_CONTROL to the port), section 2.4.
inline constexpr uint32_t kIoctlParallelPortAllocate = ParallelIoctl(11);      // 0x16002C
inline constexpr uint32_t kIoctlGetParallelPortInfo = ParallelIoctl(12);       // 0x160030
inline constexpr uint32_t kIoctlParallelConnectInterrupt = ParallelIoctl(13);  // 0x160034
inline constexpr uint32_t kIoctlParallelDisconnectInterrupt = ParallelIoctl(14);
inline constexpr uint32_t kIoctlReleaseParallelPortInfo = ParallelIoctl(15);      // 0x16003C
inline constexpr uint32_t kIoctlGetMoreParallelPortInfo = ParallelIoctl(17);      // 0x160044
inline constexpr uint32_t kIoctlParchipConnect = ParallelIoctl(18);               // 0x160048
inline constexpr uint32_t kIoctlParallelSetChipMode = ParallelIoctl(19);          // 0x16004C
inline constexpr uint32_t kIoctlParallelClearChipMode = ParallelIoctl(20);        // 0x160050
inline constexpr uint32_t kIoctlGetParallelPnpInfo = ParallelIoctl(21);           // 0x160054
inline constexpr uint32_t kIoctlInit12843Bus = ParallelIoctl(22);                 // 0x160058
inline constexpr uint32_t kIoctlSelectDevice = ParallelIoctl(23);                 // 0x16005C
inline constexpr uint32_t kIoctlDeselectDevice = ParallelIoctl(24);               // 0x160060
inline constexpr uint32_t kIoctlGetParportFdo = ParallelIoctl(29);                // 0x160074
inline constexpr uint32_t kIoctlParallelPortFree = ParallelIoctl(40);             // 0x1600A0
inline constexpr uint32_t kIoctlPardot3Connect = ParallelIoctl(41);               // 0x1600A4
inline constexpr uint32_t kIoctlPardot3Disconnect = ParallelIoctl(42);            // 0x1600A8
inline constexpr uint32_t kIoctlPardot3Reset = ParallelIoctl(43);                 // 0x1600AC
inline constexpr uint32_t kIoctlPardot3Signal = ParallelIoctl(44);                // 0x1600B0
inline constexpr uint32_t kIoctlRegisterForRemovalRelations = ParallelIoctl(50);  // 0x1600C8
inline constexpr uint32_t kIoctlUnregisterForRemovalRelations = ParallelIoctl(51);
inline constexpr uint32_t kIoctlDisableEndOfChainBusRescan = ParallelIoctl(54);  // 0x1600D8
inline constexpr uint32_t kIoctlEnableEndOfChainBusRescan = ParallelIoctl(55);   // 0x1600DC

// "IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE", ...; empty for a code that is no port request.
std::string_view PortIoctlName(uint32_t code);

// One request: its code, the buffer, and how much of it is input and how much may be output.
struct PortRequest {
  uint32_t code = 0;
  std::span<std::byte> buffer = {};
  size_t input_length = 0;
  size_t output_length = 0;
};

// The structures a request carries are copied in and out of its byte buffer, which need not be
// aligned for them. The caller has checked that the input holds a T.
template <typename T>
T ReadInput(const PortRequest& request) {
  T value;
  std::memcpy(&value, request.buffer.data(), sizeof(T));
  return value;
}

// The output of a request: `value`, or STATUS_BUFFER_TOO_SMALL (and nothing) if it does not fit.
template <typename T>
RequestResult WriteOutput(const PortRequest& request, const T& value) {
  if (request.output_length < sizeof(T)) return {NtStatus::kBufferTooSmall, 0};
  std::memcpy(request.buffer.data(), &value, sizeof(T));
  return {NtStatus::kSuccess, sizeof(T)};
}

// Whether the request's lengths fit its buffer; a request that says otherwise is
// STATUS_INVALID_PARAMETER.
inline bool LengthsFit(const PortRequest& request) {
  return request.input_length <= request.buffer.size() &&
         request.output_length <= request.buffer.size();
}

// PARALLEL_1284_COMMAND flags.
inline constexpr uint32_t kParEndOfChainDevice = 0x01;  // PAR_END_OF_CHAIN_DEVICE (deprecated).
inline constexpr uint32_t kParHavePortKeepPort = 0x02;  // PAR_HAVE_PORT_KEEP_PORT.
inline constexpr uint32_t kParLegacyZipDrive = 0x04;    // PAR_LEGACY_ZIP_DRIVE.
inline constexpr uint32_t kParLegacyZipDriveStdMode = 0x10;
inline constexpr uint32_t kParLegacyZipDriveEppMode = 0x20;
// IEEE 1284.3 IDs (parallel.h).
inline constexpr uint8_t kIeee12843DaisyChainMaxId = 3;
inline constexpr uint8_t kDot3EndOfChainId = 4;
inline constexpr uint8_t kDot3LegacyZipId = 5;

using Boolean = uint8_t;  // BOOLEAN.

// Port callbacks (section 4.1).
using TryAllocateRoutine = Boolean (*)(void* context);
using FreeRoutine = void (*)(void* context);
using QueryWaitersRoutine = uint32_t (*)(void* context);
using SetChipModeRoutine = NtStatus (*)(void* context, uint8_t chip_mode);
using ClearChipModeRoutine = NtStatus (*)(void* context, uint8_t chip_mode);
using TrySelectRoutine = NtStatus (*)(void* context, void* command);  // PARALLEL_1284_COMMAND*
using DeselectRoutine = NtStatus (*)(void* context, void* command);

// PARALLEL_PORT_INFORMATION (3.1).
struct ParallelPortInformation {
  uint64_t original_controller;  // Bus address of the SPP registers.
  uintptr_t controller;          // PUCHAR: the base the registers are reached at (the I/O port).
  uint32_t span_of_controller;
  TryAllocateRoutine try_allocate_port;
  FreeRoutine free_port;
  QueryWaitersRoutine query_num_waiters;
  void* context;
};

// INTERFACE_TYPE and KINTERRUPT_MODE values used in MORE_PARALLEL_PORT_INFORMATION.
enum class InterfaceType : uint32_t { kInternal = 0, kIsa = 1, kPciBus = 5, kPnpBus = 15 };
enum class InterruptMode : uint32_t { kLevelSensitive = 0, kLatched = 1 };

// MORE_PARALLEL_PORT_INFORMATION (3.2).
struct MoreParallelPortInformation {
  InterfaceType interface_type;
  uint32_t bus_number;
  uint32_t interrupt_level;
  uint32_t interrupt_vector;
  uintptr_t interrupt_affinity;  // KAFFINITY.
  InterruptMode interrupt_mode;
};

// PARALLEL_PNP_INFORMATION (3.3).
struct ParallelPnpInformation {
  uint64_t original_ecp_controller;
  uintptr_t ecp_controller;
  uint32_t span_of_ecp_controller;
  uint32_t port_number;            // Deprecated; 0.
  uint32_t hardware_capabilities;  // PPT_*.
  SetChipModeRoutine try_set_chip_mode;
  ClearChipModeRoutine clear_chip_mode;
  uint32_t fifo_depth;                       // In PWords.
  uint32_t fifo_width;                       // PWord width in bits.
  uint64_t epp_controller_physical_address;  // Unused; 0.
  uint32_t span_of_epp_controller;           // Unused; 0.
  uint32_t ieee1284_3_device_count;
  TrySelectRoutine try_select_device;
  DeselectRoutine deselect_device;
  void* context;
  uint32_t current_mode;      // The chip mode set, or 0 (INITIAL_MODE).
  const char16_t* port_name;  // PWSTR: L"LPT1", valid while the port exists.
};

// PARALLEL_1284_COMMAND (3.5): ID at 0, Port at 1, CommandFlags at 4; 8 bytes.
struct Parallel1284Command {
  uint8_t id;
  uint8_t port;  // Reserved, 0.
  uint32_t command_flags;
};

// The device a command names: its ID, or the end of the chain by ID or by the deprecated flag;
// none for the legacy Iomega Zip selection (header only, not supported).
std::optional<DeviceTarget> TargetOf(const Parallel1284Command& command);
// PAR_HAVE_PORT_KEEP_PORT: the caller holds the port and keeps it.
constexpr bool KeepsPort(const Parallel1284Command& command) {
  return (command.command_flags & kParHavePortKeepPort) != 0;
}

// PARALLEL_CHIP_MODE (3.6): 2 bytes.
struct ParallelChipMode {
  uint8_t mode_flags;
  Boolean success;  // Unused.
};

// PARALLEL_INTERRUPT_SERVICE_ROUTINE (3.7) is InterruptRoutine (interrupts.h).
using ParallelInterruptServiceRoutine = InterruptRoutine;

// PARALLEL_INTERRUPT_INFORMATION (3.8).
struct ParallelInterruptInformation {
  void* interrupt_object;
  TryAllocateRoutine try_allocate_port_at_interrupt_level;
  FreeRoutine free_port_from_interrupt_level;
  void* context;
};

static_assert(sizeof(Parallel1284Command) == 8 &&
              offsetof(Parallel1284Command, command_flags) == 4);
static_assert(sizeof(ParallelChipMode) == 2);
static_assert(std::is_standard_layout_v<ParallelPortInformation> &&
              std::is_standard_layout_v<ParallelPnpInformation> &&
              std::is_standard_layout_v<MoreParallelPortInformation> &&
              std::is_standard_layout_v<ParallelInterruptInformation> &&
              std::is_standard_layout_v<ParallelInterruptServiceRoutine>);

}  // namespace parclass::port

#endif  // PARCLASS_PORT_REQUESTS_H_
