// The device requests, with the codes and structures of the Windows headers (shared spec
// windows-parallel-interface.md 2.5, 2.6, 3.4, 3.9, 4.2, 5.1, 5.2): the internal requests a client
// driver sends a device (PARCLASS_CONNECT, LOCK_PORT, ...), the external ones any client sends
// (IOCTL_PAR_*, IOCTL_IEEE1284_*, and the two serial timeout requests), and PARCLASS_INFORMATION
// with its callbacks.
//
// Internal and external requests share function numbers (11-15, 20-22), so a code alone does not
// say which request it is: DeviceHandle has one entry point for each kind, as Windows has one
// dispatch routine for each major function.

#ifndef PARCLASS_BUS_REQUESTS_H_
#define PARCLASS_BUS_REQUESTS_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "parclass/port/requests.h"
#include "parclass/port/status.h"

namespace parclass::bus {

using port::Boolean;
using port::NtStatus;
using port::ParallelIoctl;

// Device internal IOCTLs (2.5).
inline constexpr uint32_t kIoctlParclassConnect = ParallelIoctl(30);       // 0x160078
inline constexpr uint32_t kIoctlParclassDisconnect = ParallelIoctl(31);    // 0x16007C
inline constexpr uint32_t kIoctlDisconnectIdle = ParallelIoctl(32);        // 0x160080
inline constexpr uint32_t kIoctlLockPort = ParallelIoctl(37);              // 0x160094
inline constexpr uint32_t kIoctlUnlockPort = ParallelIoctl(38);            // 0x160098
inline constexpr uint32_t kIoctlLockPortNoSelect = ParallelIoctl(52);      // 0x1600D0
inline constexpr uint32_t kIoctlUnlockPortNoDeselect = ParallelIoctl(53);  // 0x1600D4

// Device external IOCTLs (2.6).
inline constexpr uint32_t kIoctlParQueryInformation = ParallelIoctl(1);   // 0x160004
inline constexpr uint32_t kIoctlParSetInformation = ParallelIoctl(2);     // 0x160008
inline constexpr uint32_t kIoctlParQueryDeviceId = ParallelIoctl(3);      // 0x16000C
inline constexpr uint32_t kIoctlParQueryDeviceIdSize = ParallelIoctl(4);  // 0x160010
inline constexpr uint32_t kIoctlIeee1284GetMode = ParallelIoctl(5);       // 0x160014
inline constexpr uint32_t kIoctlIeee1284Negotiate = ParallelIoctl(6);     // 0x160018
inline constexpr uint32_t kIoctlParSetWriteAddress = ParallelIoctl(7);    // 0x16001C
inline constexpr uint32_t kIoctlParSetReadAddress = ParallelIoctl(8);     // 0x160020
inline constexpr uint32_t kIoctlParGetDeviceCaps = ParallelIoctl(9);      // 0x160024
inline constexpr uint32_t kIoctlParGetDefaultModes = ParallelIoctl(10);   // 0x160028
inline constexpr uint32_t kIoctlParPing = ParallelIoctl(11);              // 0x16002C
inline constexpr uint32_t kIoctlParQueryRawDeviceId = ParallelIoctl(12);  // 0x160030
inline constexpr uint32_t kIoctlParEcpHostRecovery = ParallelIoctl(13);   // 0x160034
inline constexpr uint32_t kIoctlParGetReadAddress = ParallelIoctl(14);    // 0x160038
inline constexpr uint32_t kIoctlParGetWriteAddress = ParallelIoctl(15);   // 0x16003C
inline constexpr uint32_t kIoctlParTest = ParallelIoctl(20);              // 0x160050
inline constexpr uint32_t kIoctlParIsPortFree = ParallelIoctl(21);        // 0x160054
inline constexpr uint32_t kIoctlParQueryLocation = ParallelIoctl(22);     // 0x160058
// ntddser.h: CTL_CODE(FILE_DEVICE_SERIAL_PORT = 0x1b, 7 and 8, METHOD_BUFFERED, FILE_ANY_ACCESS).
inline constexpr uint32_t kIoctlSerialSetTimeouts = 0x001B001C;
inline constexpr uint32_t kIoctlSerialGetTimeouts = 0x001B0020;

// "IOCTL_INTERNAL_PARCLASS_CONNECT", ...; empty for a code that is no such request.
std::string_view DeviceInternalIoctlName(uint32_t code);
std::string_view DeviceIoctlName(uint32_t code);

// PARALLEL_* status and init bits (5.2), PAR_QUERY_INFORMATION.Status and PAR_SET_INFORMATION.
inline constexpr uint8_t kParallelInit = 0x01;
inline constexpr uint8_t kParallelAutoFeed = 0x02;
inline constexpr uint8_t kParallelPaperEmpty = 0x04;
inline constexpr uint8_t kParallelOffLine = 0x08;
inline constexpr uint8_t kParallelPowerOff = 0x10;
inline constexpr uint8_t kParallelNotConnected = 0x20;
inline constexpr uint8_t kParallelBusy = 0x40;
inline constexpr uint8_t kParallelSelected = 0x80;

// PARCLASS_NEGOTIATION_MASK (3.9): protocol mode bits (ProtocolMode) for each direction.
struct ParclassNegotiationMask {
  uint16_t read_mask;   // usReadMask
  uint16_t write_mask;  // usWriteMask
};

// SERIAL_TIMEOUTS (ntddser.h): milliseconds.
struct SerialTimeouts {
  uint32_t read_interval_timeout;
  uint32_t read_total_timeout_multiplier;
  uint32_t read_total_timeout_constant;
  uint32_t write_total_timeout_multiplier;
  uint32_t write_total_timeout_constant;
};

// IRP_MJ_QUERY_INFORMATION on a device (2.3): the two classes a device answers.
enum class FileInformationClass : uint32_t { kStandard = 5, kPosition = 14 };

// FILE_STANDARD_INFORMATION: 24 bytes.
struct FileStandardInformation {
  int64_t allocation_size;
  int64_t end_of_file;
  uint32_t number_of_links;
  Boolean delete_pending;
  Boolean directory;
};

// FILE_POSITION_INFORMATION.
struct FilePositionInformation {
  int64_t current_byte_offset;
};

// PARALLEL_SAFETY.
enum class ParallelSafety : uint32_t { kSafeMode = 0, kUnsafeMode = 1 };

// Device callbacks (4.2). The context is the one PARCLASS_INFORMATION carries.
using DetermineIeeeModesRoutine = uint16_t (*)(void* context);
using NegotiateIeeeModeRoutine = NtStatus (*)(void* context, uint16_t mode_mask_forward,
                                              uint16_t mode_mask_reverse, ParallelSafety safety,
                                              Boolean is_forward);
using TerminateIeeeModeRoutine = NtStatus (*)(void* context);
using IeeeFwdToRevRoutine = NtStatus (*)(void* context);
using IeeeRevToFwdRoutine = NtStatus (*)(void* context);
using ParallelReadRoutine = NtStatus (*)(void* context, void* buffer, uint32_t bytes_to_read,
                                         uint32_t* bytes_read, uint8_t channel);
using ParallelWriteRoutine = NtStatus (*)(void* context, void* buffer, uint32_t bytes_to_write,
                                          uint32_t* bytes_written, uint8_t channel);
using TrySelectDeviceRoutine = NtStatus (*)(void* context, port::Parallel1284Command command);
using DeselectDeviceRoutine = NtStatus (*)(void* context, port::Parallel1284Command command);

// PARCLASS_INFORMATION (3.4).
struct ParclassInformation {
  uintptr_t controller;      // PUCHAR: the port's base.
  uintptr_t ecr_controller;  // PUCHAR: the ECP block's base.
  uint32_t span_of_controller;
  DetermineIeeeModesRoutine determine_ieee_modes;
  NegotiateIeeeModeRoutine negotiate_ieee_mode;
  TerminateIeeeModeRoutine terminate_ieee_mode;
  IeeeFwdToRevRoutine ieee_fwd_to_rev_mode;
  IeeeRevToFwdRoutine ieee_rev_to_fwd_mode;
  ParallelReadRoutine parallel_read;
  ParallelWriteRoutine parallel_write;
  void* parclass_context;
  uint32_t hardware_capabilities;
  uint32_t fifo_depth;
  uint32_t fifo_width;
  TrySelectDeviceRoutine parallel_tryselect;
  DeselectDeviceRoutine parallel_deselect;
};

static_assert(sizeof(ParclassNegotiationMask) == 4 && sizeof(SerialTimeouts) == 20);
static_assert(sizeof(FileStandardInformation) == 24 && sizeof(FilePositionInformation) == 8);
static_assert(std::is_standard_layout_v<ParclassInformation>);

}  // namespace parclass::bus

#endif  // PARCLASS_BUS_REQUESTS_H_
