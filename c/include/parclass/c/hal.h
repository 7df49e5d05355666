// Port I/O as Windows drivers write it: the HAL's READ_PORT_UCHAR, WRITE_PORT_UCHAR,
// READ_PORT_BUFFER_UCHAR, WRITE_PORT_BUFFER_UCHAR and their USHORT and ULONG forms (wdm.h), on
// the addresses PARALLEL_PORT_INFORMATION, PARALLEL_PNP_INFORMATION and PARCLASS_INFORMATION hand
// out, so that driver code ports unchanged:
//
//   ParclassInternalDeviceIoControl(printer, IOCTL_INTERNAL_PARCLASS_CONNECT, NULL, 0, &info,
//                                   sizeof info, &returned);
//   ParclassInternalDeviceIoControl(printer, IOCTL_INTERNAL_LOCK_PORT, NULL, 0, NULL, 0, NULL);
//   UCHAR dsr = READ_PORT_UCHAR(info.Controller + 1);
//   if (ParclassGetLastPortStatus() != STATUS_SUCCESS) ...    // refused: dsr reads 0xFF
//   WRITE_PORT_UCHAR(info.Controller, 0x41);
//   WRITE_PORT_BUFFER_UCHAR(info.EcrController, job, length);  // the FIFO, in ECR mode 010
//
// Windows' HAL has no handle: the port is the address. Here the access goes to the one open
// handle of this process (port or device) that holds the port whose registers include the
// address: through ALLOCATE, TryAllocatePort or a selection on a port handle, or LOCK_PORT on a
// device. The HAL names are inline functions over ParclassReadPort and ParclassWritePort, as
// they are inline over the processor's in and out instructions in wdm.h on x64; the library
// exports only the Parclass* functions. ParclassReadPort and ParclassWritePort with a handle make
// the same access through that handle alone.
//
// Which address takes which width: a byte at any register of the port's spans (Controller +
// 0..SpanOfController-1, EcpController + 0..2); 16 or 32 bits only at the EPP data register
// (Controller + 4) of a chip with 32-bit EPP (PPT_EPP_32_PRESENT), and at the ECP FIFO
// (EcpController) where its PWord is that wide (FifoWidth). Each access is one bus access,
// counted with the engine's; a write of the control register or the ECR is the port's soft copy
// of it (each owner finds its own at the next grant). Words are little-endian on the bus, as on
// the ISA bus, and in the host's order in the caller's variables.
//
// A refused access touches no register, and is told by its status: ParclassReadPort's and
// ParclassWritePort's return value, and the calling thread's last port status (every call of
// either, and so every HAL call, sets it; success too). A refused read reads as a floating bus:
// all ones (0xFF, 0xFFFF, 0xFFFFFFFF), every element of a buffer.
//
//   STATUS_INVALID_PARAMETER     no open port has the address; outside the spans of the handle's
//                                port; a width the register does not take (or not 1, 2, 4); a
//                                NULL buffer with a count; a closed or made-up handle
//   STATUS_INVALID_DEVICE_STATE  the handle does not hold its port; with no handle, no open
//                                handle holds a port with the address (or two do: two systems
//                                at one address, each with a holder)
//   STATUS_NOT_SUPPORTED         the ECP block, where the chip has none or the backend cannot
//                                reach it (ppdev)
//   the backend's status         it failed under the access (ppdev: the port vanished)

#ifndef PARCLASS_C_HAL_H_
#define PARCLASS_C_HAL_H_

#include "parclass/c/ntstatus.h"
#include "parclass/c/parclass.h"
#include "parclass/c/types.h"

#ifdef __cplusplus
extern "C" {
#endif

// `count` accesses of `width` bytes (1, 2 or 4) to the register at `port`, into or out of
// `buffer`, an array of `count` elements of that width. `handle` NULL: the open handle that holds
// the port with that address.
NTSTATUS ParclassReadPort(PARCLASS_HANDLE handle, PVOID port, ULONG width, PVOID buffer,
                          ULONG count);
NTSTATUS ParclassWritePort(PARCLASS_HANDLE handle, PVOID port, ULONG width, const void* buffer,
                           ULONG count);
// The status of the calling thread's last ParclassReadPort or ParclassWritePort (STATUS_SUCCESS
// before any).
NTSTATUS ParclassGetLastPortStatus(void);

static inline UCHAR READ_PORT_UCHAR(PUCHAR Port) {
  UCHAR value;
  (void)ParclassReadPort(NULL, Port, sizeof value, &value, 1);
  return value;
}
static inline USHORT READ_PORT_USHORT(PUSHORT Port) {
  USHORT value;
  (void)ParclassReadPort(NULL, Port, sizeof value, &value, 1);
  return value;
}
static inline ULONG READ_PORT_ULONG(PULONG Port) {
  ULONG value;
  (void)ParclassReadPort(NULL, Port, sizeof value, &value, 1);
  return value;
}
static inline void WRITE_PORT_UCHAR(PUCHAR Port, UCHAR Value) {
  (void)ParclassWritePort(NULL, Port, sizeof Value, &Value, 1);
}
static inline void WRITE_PORT_USHORT(PUSHORT Port, USHORT Value) {
  (void)ParclassWritePort(NULL, Port, sizeof Value, &Value, 1);
}
static inline void WRITE_PORT_ULONG(PULONG Port, ULONG Value) {
  (void)ParclassWritePort(NULL, Port, sizeof Value, &Value, 1);
}
static inline void READ_PORT_BUFFER_UCHAR(PUCHAR Port, PUCHAR Buffer, ULONG Count) {
  (void)ParclassReadPort(NULL, Port, sizeof *Buffer, Buffer, Count);
}
static inline void READ_PORT_BUFFER_USHORT(PUSHORT Port, PUSHORT Buffer, ULONG Count) {
  (void)ParclassReadPort(NULL, Port, sizeof *Buffer, Buffer, Count);
}
static inline void READ_PORT_BUFFER_ULONG(PULONG Port, PULONG Buffer, ULONG Count) {
  (void)ParclassReadPort(NULL, Port, sizeof *Buffer, Buffer, Count);
}
static inline void WRITE_PORT_BUFFER_UCHAR(PUCHAR Port, PUCHAR Buffer, ULONG Count) {
  (void)ParclassWritePort(NULL, Port, sizeof *Buffer, Buffer, Count);
}
static inline void WRITE_PORT_BUFFER_USHORT(PUSHORT Port, PUSHORT Buffer, ULONG Count) {
  (void)ParclassWritePort(NULL, Port, sizeof *Buffer, Buffer, Count);
}
static inline void WRITE_PORT_BUFFER_ULONG(PULONG Port, PULONG Buffer, ULONG Count) {
  (void)ParclassWritePort(NULL, Port, sizeof *Buffer, Buffer, Count);
}

#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // PARCLASS_C_HAL_H_
