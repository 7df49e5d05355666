// The Windows base types the parallel headers use (shared spec windows-parallel-interface.md 3),
// with fixed widths from <stdint.h>, and the CTL_CODE encoding of I/O control codes (2.1).
//
// Sizes are those of the Windows headers: UCHAR and BOOLEAN 8 bits, USHORT 16, ULONG and LONG 32,
// pointers native. PHYSICAL_ADDRESS is LARGE_INTEGER's QuadPart as a plain 64-bit integer (same
// size and alignment as the union). INTERFACE_TYPE and KINTERRUPT_MODE are enumerations checked to
// be 32 bits wide.
//
// These headers are not meant to be mixed with the Windows headers; should one of those come
// first, the definitions it already made are kept.

#ifndef PARCLASS_C_TYPES_H_
#define PARCLASS_C_TYPES_H_

#include <stddef.h>
#include <stdint.h>

// static_assert in C++, _Static_assert in C11.
#ifdef __cplusplus
#define PARCLASS_C_STATIC_ASSERT(condition, message) static_assert(condition, message)
#else
#define PARCLASS_C_STATIC_ASSERT(condition, message) _Static_assert(condition, message)
#endif
#define PARCLASS_C_CHECK_SIZE(type, size) \
  PARCLASS_C_STATIC_ASSERT(sizeof(type) == (size), "sizeof(" #type ") == " #size)
#define PARCLASS_C_CHECK_OFFSET(type, field, offset) \
  PARCLASS_C_STATIC_ASSERT(offsetof(type, field) == (offset), #type "." #field " at " #offset)

// 1 where pointers are 64 bits wide (LP64, LLP64): the exact layouts are checked there.
#if UINTPTR_MAX > 0xFFFFFFFFu
#define PARCLASS_C_POINTERS_64 1
#else
#define PARCLASS_C_POINTERS_64 0
#endif

#ifdef __cplusplus
extern "C" {
#endif

// Base types (ntdef.h, minwindef.h).
#if !defined(_NTDEF_) && !defined(_MINWINDEF_) && !defined(_WINDEF_)
typedef uint8_t UCHAR;
typedef uint8_t BOOLEAN;
typedef uint16_t USHORT;
typedef uint32_t ULONG;
typedef int32_t LONG;
typedef void* PVOID;
typedef UCHAR* PUCHAR;
typedef USHORT* PUSHORT;
typedef ULONG* PULONG;
typedef uint16_t WCHAR;  // A UTF-16 code unit, like char16_t.
typedef WCHAR* PWSTR;    // NUL-terminated UTF-16.
typedef const WCHAR* PCWSTR;
#endif

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

// Kernel types of the port structures (wdm.h).
#if !defined(_WDMDDK_) && !defined(_NTDDK_)
typedef int64_t PHYSICAL_ADDRESS;  // LARGE_INTEGER: QuadPart as a plain 64-bit integer.
typedef uintptr_t KAFFINITY;       // A processor mask as wide as a pointer.

// The kind of bus a port sits on (MORE_PARALLEL_PORT_INFORMATION, 3.2).
typedef enum _INTERFACE_TYPE {
  Internal = 0,
  Isa = 1,
  Eisa = 2,
  MicroChannel = 3,
  TurboChannel = 4,
  PCIBus = 5,
  VMEBus = 6,
  NuBus = 7,
  PCMCIABus = 8,
  CBus = 9,
  MPIBus = 10,
  MPSABus = 11,
  ProcessorInternal = 12,
  InternalPowerBus = 13,
  PNPISABus = 14,
  PNPBus = 15,
  Vmcs = 16,
  ACPIBus = 17,
  MaximumInterfaceType = 18
} INTERFACE_TYPE;

typedef enum _KINTERRUPT_MODE { LevelSensitive = 0, Latched = 1 } KINTERRUPT_MODE;

// Opaque kernel objects, reached only through pointers: the port's interrupt object (3.8), and
// the device object and name of PARPORT_REMOVAL_RELATIONS (3.10).
typedef struct _KINTERRUPT* PKINTERRUPT;
typedef struct _DEVICE_OBJECT* PDEVICE_OBJECT;
typedef struct _UNICODE_STRING* PUNICODE_STRING;

// A client interrupt service routine (3.7, 4.1): returns TRUE (1) if it handled the interrupt,
// FALSE (0) otherwise.
typedef BOOLEAN (*PKSERVICE_ROUTINE)(PKINTERRUPT Interrupt, PVOID ServiceContext);
#endif

// A globally unique identifier (guiddef.h): what names a device interface class.
#ifndef GUID_DEFINED
#define GUID_DEFINED
typedef struct _GUID {
  ULONG Data1;
  USHORT Data2;
  USHORT Data3;
  UCHAR Data4[8];
} GUID;
#endif

// I/O control codes (devioctl.h, 2.1).
#ifndef CTL_CODE
#define CTL_CODE(DeviceType, Function, Method, Access) \
  (((DeviceType) << 16) | ((Access) << 14) | ((Function) << 2) | (Method))
#endif
#ifndef METHOD_BUFFERED
#define METHOD_BUFFERED 0
#endif
#ifndef FILE_ANY_ACCESS
#define FILE_ANY_ACCESS 0
#endif
#ifndef FILE_DEVICE_PARALLEL_PORT
#define FILE_DEVICE_PARALLEL_PORT 0x00000016
#endif
#ifndef FILE_DEVICE_SERIAL_PORT
#define FILE_DEVICE_SERIAL_PORT 0x0000001b
#endif

#ifdef __cplusplus
}  // extern "C"
#endif

PARCLASS_C_STATIC_ASSERT(sizeof(UCHAR) == 1 && sizeof(BOOLEAN) == 1, "UCHAR, BOOLEAN: 8 bits");
PARCLASS_C_STATIC_ASSERT(sizeof(USHORT) == 2 && sizeof(WCHAR) == 2, "USHORT, WCHAR: 16 bits");
PARCLASS_C_STATIC_ASSERT(sizeof(ULONG) == 4 && sizeof(LONG) == 4, "ULONG, LONG: 32 bits");
PARCLASS_C_STATIC_ASSERT(sizeof(PHYSICAL_ADDRESS) == 8, "PHYSICAL_ADDRESS: 64 bits");
PARCLASS_C_STATIC_ASSERT(sizeof(KAFFINITY) == sizeof(PVOID), "KAFFINITY: pointer-sized");
PARCLASS_C_CHECK_SIZE(INTERFACE_TYPE, 4);
PARCLASS_C_CHECK_SIZE(KINTERRUPT_MODE, 4);
PARCLASS_C_CHECK_SIZE(GUID, 16);

#endif  // PARCLASS_C_TYPES_H_
