// The parclass C handle API: open a port or a device by name, send it requests with input and
// output buffers, read, write and close, as a Windows client does with CreateFile and
// DeviceIoControl. Every call returns an NTSTATUS; bad arguments (null pointers, an unknown
// name, a closed handle) are STATUS_INVALID_PARAMETER, never a crash.
//
//   PARCLASS_SYSTEM* system;
//   ParclassCreateSimulatedSystem(NULL, &system);          // the built-in simulated topology
//   PARCLASS_HANDLE printer;
//   ParclassOpen(system, "LPT1.4", &printer);                // the end-of-chain device
//   PARCLASS_INFORMATION info;
//   ULONG returned;
//   ParclassInternalDeviceIoControl(printer, IOCTL_INTERNAL_PARCLASS_CONNECT, NULL, 0, &info,
//                                   sizeof info, &returned);
//   ...
//   ParclassClose(printer);
//   ParclassDestroySystem(system);
//
// Closing: a handle may be closed while another thread's call on it runs. That call ends first
// (a request it has queued for the port ends with STATUS_CANCELLED), then the close completes;
// later calls are refused. A handle is a number, not an address, and is never reused. The
// callbacks its structures handed out (PARALLEL_PORT_INFORMATION, PARALLEL_PNP_INFORMATION,
// PARALLEL_INTERRUPT_INFORMATION, PARCLASS_INFORMATION) answer as for a client without the port
// once it is closed (FALSE, 0, STATUS_INVALID_DEVICE_STATE) and touch nothing.
//
// Names: "ParallelPort0" (a port: internal requests only), "LPT1" / "Parallel0" (the raw
// device), "LPT1.<x>" / "Parallel0.<x>" (daisy-chain device x), "LPT1.4" / "Parallel0.4" (the
// end-of-chain device); the next port is ParallelPort1 with LPT2, and so on. ParclassGetDeviceList
// lists them. Requests are METHOD_BUFFERED: the input is copied into one system buffer
// the size of the larger of the two, and the output copied out of it, as Windows does.

#ifndef PARCLASS_C_PARCLASS_H_
#define PARCLASS_C_PARCLASS_H_

#include "parclass/c/ntstatus.h"
#include "parclass/c/parallel.h"
#include "parclass/c/types.h"

#ifdef __cplusplus
extern "C" {
#endif

// IRP_MJ_QUERY_INFORMATION's two classes a device answers (wdm.h values).
typedef enum _FILE_INFORMATION_CLASS {
  FileStandardInformation = 5,
  FilePositionInformation = 14,
} FILE_INFORMATION_CLASS;

typedef struct _FILE_STANDARD_INFORMATION {
  int64_t AllocationSize;  // LARGE_INTEGER
  int64_t EndOfFile;
  ULONG NumberOfLinks;
  BOOLEAN DeletePending;
  BOOLEAN Directory;
} FILE_STANDARD_INFORMATION;

typedef struct _FILE_POSITION_INFORMATION {
  int64_t CurrentByteOffset;
} FILE_POSITION_INFORMATION;

PARCLASS_C_CHECK_SIZE(FILE_STANDARD_INFORMATION, 24);
PARCLASS_C_CHECK_SIZE(FILE_POSITION_INFORMATION, 8);

typedef struct ParclassSystem PARCLASS_SYSTEM;
typedef struct ParclassHandle* PARCLASS_HANDLE;

// A system of the ports `backend_spec` names, as parctl's --backend does: "sim" (the built-in
// simulated topology), "sim:FILE" (a topology file, docs/topology.md), "ppdev:/dev/parportN"
// (Linux ppdev), "raw:BASE[,ECP]" or "raw:pci" (port I/O, as root), "all" (every port the machine
// has: each /dev/parportN, then each PCI card no kernel driver has); several joined by ';'
// ("ppdev:/dev/parport0;sim:printer.json") are LPT1, LPT2, ... in that order. STATUS_INVALID_
// PARAMETER for a spec, file or address that is not one; the backend's status when a port cannot
// be opened (STATUS_NO_SUCH_DEVICE: no such node, no port answering, or none at all for "all";
// STATUS_ACCESS_DENIED: no permission).
NTSTATUS ParclassCreateSystem(const char* backend_spec, PARCLASS_SYSTEM** system);
// What a program chooses of a system's ports, where Windows reads the registry. Zero-filled with
// Size set, it is ParclassCreateSystem's defaults; Size lets later versions add fields at the end.
//
//   PARCLASS_SYSTEM_OPTIONS options = {sizeof options};
//   options.EnableConnectInterruptIoctl = TRUE;
//   options.MaxDaisyChainDevices = 4;
//   ParclassCreateSystemWithOptions("ppdev:/dev/parport0", &options, &system);
typedef struct _PARCLASS_SYSTEM_OPTIONS {
  ULONG Size;  // sizeof(PARCLASS_SYSTEM_OPTIONS).
  // EnableConnectInterruptIoctl: IOCTL_INTERNAL_PARALLEL_CONNECT_INTERRUPT is refused with
  // STATUS_UNSUCCESSFUL without it, as on Windows. Connected routines run on the simulator on the
  // thread running the simulation, on ppdev on a thread of the library's; raw port I/O refuses
  // them with STATUS_NOT_SUPPORTED (docs/architecture.md, "Interrupts").
  BOOLEAN EnableConnectInterruptIoctl;
  // The most IEEE 1284.3 daisy-chain devices a port gives an address, 1 to 4; 0 for the default,
  // 2, as Windows XP and later (Windows 2000 addressed 4). A chain with more devices than that
  // has the rest unaddressed, and IOCTL_INTERNAL_GET_PARALLEL_PNP_INFO counts only those given
  // one.
  ULONG MaxDaisyChainDevices;
} PARCLASS_SYSTEM_OPTIONS;
PARCLASS_C_CHECK_SIZE(PARCLASS_SYSTEM_OPTIONS, 12);
// ParclassCreateSystem with `options` (NULL: the defaults). STATUS_INVALID_PARAMETER for a Size
// that is not this version's, a MaxDaisyChainDevices above 4, as for a bad spec.
NTSTATUS ParclassCreateSystemWithOptions(const char* backend_spec,
                                         const PARCLASS_SYSTEM_OPTIONS* options,
                                         PARCLASS_SYSTEM** system);
// A system of one simulated port: the built-in topology when `topology_json` is NULL, else the
// topology that JSON text describes (docs/topology.md). STATUS_INVALID_PARAMETER for a topology
// that does not parse; STATUS_NO_SUCH_DEVICE when no port answers.
NTSTATUS ParclassCreateSimulatedSystem(const char* topology_json, PARCLASS_SYSTEM** system);
// Closes what is still open, as ParclassClose does (calls on the handles in other threads end
// first), waits for closes other threads have begun, and frees the system. The system itself must
// not be used once this has begun: a ParclassOpen racing it is the caller's bug.
void ParclassDestroySystem(PARCLASS_SYSTEM* system);

// Enumeration, as SetupDiGetClassDevs and CM_Get_Device_Interface_List give it on Windows: the
// names of a system's ports and devices, then what is known of each by name.
//
//   char names[1024];
//   ULONG needed;
//   ParclassGetDeviceList(system, NULL, names, sizeof names, &needed);
//   for (const char* name = names; *name != '\0'; name += strlen(name) + 1) {  // "ParallelPort0",
//     char ids[512];                                                             // "LPT1",
//     "LPT1.4" if (ParclassGetDeviceProperty(system, name, ParclassPropertyHardwareIds, ids, sizeof
//     ids,
//                                   &needed) == STATUS_SUCCESS) ...  // "LPTENUM\\Acme...\0...\0\0"
//   }
//
// The names ParclassOpen takes, as a list of NUL-terminated strings ended by an empty one: each
// port's device name ("ParallelPort0"), then its devices by symbolic link ("LPT1", "LPT1.0",
// "LPT1.4"), port by port. `interface_class` NULL lists them all; &GUID_DEVINTERFACE_PARALLEL
// only the ports, &GUID_DEVINTERFACE_PARCLASS only the raw devices, another class none.
// `required` (may be NULL) receives the bytes the list takes; STATUS_BUFFER_TOO_SMALL when
// `length` is fewer, with nothing written.
NTSTATUS ParclassGetDeviceList(PARCLASS_SYSTEM* system, const GUID* interface_class, char* buffer,
                               ULONG length, ULONG* required);

// What ParclassGetDeviceProperty reports, with the SetupDi property it stands for. Strings are
// NUL-terminated; lists are strings ended by an empty one (REG_MULTI_SZ).
typedef enum _PARCLASS_DEVICE_PROPERTY {
  // "\Device\ParallelPort0", "\Device\Parallel0.4": the internal name (SPDRP_PHYSICAL_DEVICE_
  // OBJECT_NAME).
  ParclassPropertyDeviceName = 0,
  // A device's symbolic link, "LPT1.4"; a port has none (table 1.4).
  ParclassPropertySymbolicLink = 1,
  // The GUID of the interface class it registers (16 bytes); daisy-chain and end-of-chain
  // devices register none.
  ParclassPropertyInterfaceClass = 2,
  // The port's name, "LPT1", for a port and for each device on it (the PortName value).
  ParclassPropertyPortName = 3,
  // Where the port is, as a backend spec that opens it again: "ppdev:/dev/parport0",
  // "raw:pci:0000:05:00.0", "sim:FILE", for a port and its devices (SPDRP_LOCATION_INFORMATION).
  // It names the port whatever LPT number it has.
  ParclassPropertyLocation = 4,
  // One line for people: a device's Device ID summed up ("Acme Laser 2 (PRINTER; PCL)"), else what
  // it is ("raw device on LPT1"); a port's backend ("ppdev /dev/parport0 (kernel: PCSPP,EPP)")
  // (SPDRP_DEVICEDESC).
  ParclassPropertyDescription = 5,
  // The IEEE 1284 Device ID the device sent, without its two length bytes, NUL-terminated, as
  // IOCTL_PAR_QUERY_DEVICE_ID gives it; none from a device that sent none, or a port.
  ParclassPropertyDeviceId = 6,
  // The LPTENUM hardware IDs Windows gives the device ("LPTENUM\\AcmeLaser_2D3B1", then the same
  // without "LPTENUM\\"), from its Device ID's MFG and MDL (SPDRP_HARDWAREID).
  ParclassPropertyHardwareIds = 7,
  // The ID the device names itself compatible with, its Device ID's CID field, when it has one
  // (SPDRP_COMPATIBLEIDS). Windows parses CID but reports no compatible IDs for these devices;
  // parclass hands it on so that a client can match on it.
  ParclassPropertyCompatibleIds = 8,
  // A daisy-chain device's IEEE 1284.3 id (0 to 3), 4 for the end-of-chain device: a ULONG.
  ParclassPropertyDaisyChainId = 9,
} PARCLASS_DEVICE_PROPERTY;

// The property `property` (a PARCLASS_DEVICE_PROPERTY, passed as a ULONG for the reason
// ParclassQueryInformation gives) of the port or device `name` names (any name ParclassOpen
// takes). `required` (may be NULL) receives its size in bytes. STATUS_NO_SUCH_DEVICE for a name
// the system has not; STATUS_NOT_FOUND for a property this port or device has not;
// STATUS_BUFFER_TOO_SMALL, with nothing written; STATUS_INVALID_PARAMETER for another property.
NTSTATUS ParclassGetDeviceProperty(PARCLASS_SYSTEM* system, const char* name, ULONG property,
                                   void* buffer, ULONG length, ULONG* required);

// Arrival and removal, as IoRegisterPlugPlayNotification reports them: a callback registered on
// a system is called for each port and device that came or went, with the name ParclassOpen
// takes.
//
//   static void Changed(const PARCLASS_DEVICE_NOTIFICATION* event, PVOID context) {
//     printf("%s %s\n", event->Event == ParclassDeviceArrival ? "arrived" : "removed",
//            event->Name);
//   }
//   ParclassRegisterNotification(system, PARCLASS_NOTIFY_INCLUDE_EXISTING, Changed, NULL, &notify);
//   ParclassRescan(system);   // a chain device powered off: "removed LPT1.1"
//
// A removed device's open handles fail their requests with STATUS_DEVICE_REMOVED; close them.
typedef enum _PARCLASS_NOTIFICATION_EVENT {
  ParclassDeviceArrival = 1,  // GUID_DEVICE_INTERFACE_ARRIVAL
  ParclassDeviceRemoval = 2,  // GUID_DEVICE_INTERFACE_REMOVAL
} PARCLASS_NOTIFICATION_EVENT;

typedef struct _PARCLASS_DEVICE_NOTIFICATION {
  ULONG Size;   // sizeof(PARCLASS_DEVICE_NOTIFICATION).
  ULONG Event;  // A PARCLASS_NOTIFICATION_EVENT.
  // GUID_DEVINTERFACE_PARALLEL for a port, GUID_DEVINTERFACE_PARCLASS for a raw device; all zero
  // for daisy-chain and end-of-chain devices, which register no interface.
  GUID InterfaceClassGuid;
  const char* Name;  // "ParallelPort1", "LPT2.4"; valid during the call.
} PARCLASS_DEVICE_NOTIFICATION;

typedef void (*PPARCLASS_NOTIFICATION_CALLBACK)(const PARCLASS_DEVICE_NOTIFICATION* Notification,
                                                PVOID Context);
typedef struct ParclassNotification* PARCLASS_NOTIFICATION_HANDLE;

// PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES: registering calls the callback at once
// with an arrival for each port and device there is.
#define PARCLASS_NOTIFY_INCLUDE_EXISTING 0x00000001u

// Registers `callback` with `context`. Callbacks run on the thread of the call that found the
// change (ParclassRescan, or this one with PARCLASS_NOTIFY_INCLUDE_EXISTING), one at a time:
// removals before arrivals (a device whose Device ID changed goes, then comes), a port's devices
// before the port on removal and after it on arrival, each in ParclassGetDeviceList's order.
// They may call any function here but, on their own system, ParclassRescan and this one with
// PARCLASS_NOTIFY_INCLUDE_EXISTING, and ParclassUnregisterNotification on their own registration
// (STATUS_INVALID_DEVICE_STATE); a registration made from a callback hears from the next rescan
// on.
// STATUS_INVALID_PARAMETER for a null pointer or an unknown flag.
NTSTATUS ParclassRegisterNotification(PARCLASS_SYSTEM* system, ULONG flags,
                                      PPARCLASS_NOTIFICATION_CALLBACK callback, PVOID context,
                                      PARCLASS_NOTIFICATION_HANDLE* registration);
// Once it returns, the callback is not running and will not be called again. STATUS_INVALID_
// PARAMETER for a registration that is not one; STATUS_INVALID_DEVICE_STATE from inside its own
// callback, which would wait for itself.
NTSTATUS ParclassUnregisterNotification(PARCLASS_NOTIFICATION_HANDLE registration);

// Looks at the system's ports again, as Windows' PnP manager does on a bus relations query: a
// port whose node the kernel removed goes with its devices; a system made with "all" takes the
// ports that appeared; each port's IEEE 1284.3 chain is initialised again and every device's
// Device ID read (a device whose ID changed is removed and arrives again). The registered
// callbacks hear of each change before it returns. A port another client holds is waited for.
// STATUS_SUCCESS; a port that could not be enumerated again keeps its devices, and its status is
// returned once the others' changes were reported; STATUS_INVALID_DEVICE_STATE from one of this
// system's notification callbacks.
NTSTATUS ParclassRescan(PARCLASS_SYSTEM* system);

// Create: a port is shared; a device is exclusive (STATUS_ACCESS_DENIED while open elsewhere).
// STATUS_NO_SUCH_DEVICE for a name no port or device has.
NTSTATUS ParclassOpen(PARCLASS_SYSTEM* system, const char* name, PARCLASS_HANDLE* handle);
// Close: frees the port and the lock the handle held, disconnects what it connected. Cancels
// what calls running on the handle in other threads have queued, and its submitted requests
// (each completed, with STATUS_CANCELLED if it had not run), and returns once they have
// returned. STATUS_INVALID_PARAMETER for a handle closed already (or being closed) or never
// opened; STATUS_INVALID_DEVICE_STATE from inside a call on the same handle (a client's
// interrupt routine, or a completion routine), which would wait for itself.
NTSTATUS ParclassClose(PARCLASS_HANDLE handle);

// How long a request through `handle` may wait for a port another client holds: ALLOCATE,
// SELECT_DEVICE, LOCK_PORT, and the lock ParclassRead and ParclassWrite take (which keep the
// device's own limit of 5 s as well); PARCLASS_INFINITE, the default, waits until the port is
// granted or the request cancelled. A wait that runs out completes with STATUS_DEVICE_BUSY. On a
// simulated system the time is the simulator's, which runs in real time while nothing moves it
// (a holder sitting idle, or waiting for this very request). STATUS_INVALID_PARAMETER for a
// handle that is not open.
#define PARCLASS_INFINITE 0xFFFFFFFFu
NTSTATUS ParclassSetTimeout(PARCLASS_HANDLE handle, ULONG milliseconds);
// Ends, from any thread, the requests through `handle` that wait for the port (Win32's
// CancelIoEx): they complete with STATUS_CANCELLED, as do the submitted requests not yet begun
// (ParclassSubmit). A transfer under way runs on; requests made afterwards wait as before.
// STATUS_INVALID_PARAMETER for a handle that is not open.
NTSTATUS ParclassCancelIo(PARCLASS_HANDLE handle);

// IRP_MJ_DEVICE_CONTROL (devices only) and IRP_MJ_INTERNAL_DEVICE_CONTROL; `returned` (may be
// NULL) receives IoStatus.Information.
NTSTATUS ParclassDeviceIoControl(PARCLASS_HANDLE handle, ULONG code, const void* input,
                                 ULONG input_length, void* output, ULONG output_length,
                                 ULONG* returned);
NTSTATUS ParclassInternalDeviceIoControl(PARCLASS_HANDLE handle, ULONG code, const void* input,
                                         ULONG input_length, void* output, ULONG output_length,
                                         ULONG* returned);

// IRP_MJ_READ and IRP_MJ_WRITE on a device, with its current protocols; the count is exact also
// when the status is an error.
NTSTATUS ParclassRead(PARCLASS_HANDLE handle, void* buffer, ULONG length, ULONG* read);
NTSTATUS ParclassWrite(PARCLASS_HANDLE handle, const void* buffer, ULONG length, ULONG* written);

// Requests that complete later, as a Windows driver sends an IRP with IoCallDriver and hears of
// it in its completion routine: ParclassSubmit queues the request on the handle and returns
// STATUS_PENDING at once; a thread of the library's (one per handle, as Parclass has one worker
// thread per device, spec 1.3) runs the handle's requests one at a time, in the order submitted,
// and calls each one's completion routine once with IoStatus set. The request and its buffers
// belong to the library until then.
//
//   static void Done(PARCLASS_REQUEST* request) {          // on the library's thread
//     printf("wrote %lu bytes: 0x%08lX\n", (unsigned long)request->IoStatus.Information,
//            (unsigned long)(ULONG)request->IoStatus.Status);
//   }
//   PARCLASS_REQUEST write = {0};
//   write.Size = sizeof write;
//   write.MajorFunction = IRP_MJ_WRITE;
//   write.InputBuffer = job;
//   write.InputBufferLength = job_length;
//   write.CompletionRoutine = Done;
//   ParclassSubmit(printer, &write);                       // STATUS_PENDING
//   ...
//   ParclassCancelRequest(printer, &write);                // IoCancelIrp: if it still waits
//
// A request waits for the port as its synchronous form does (ParclassSetTimeout's limit applies);
// cancelling it (ParclassCancelRequest, ParclassCancelIo, ParclassClose) completes it with
// STATUS_CANCELLED if it had not begun or was waiting for the port; a transfer under way runs on
// and completes with its count. examples/pended_requests.c shows a driver written this way.
#ifndef IRP_MJ_READ
#define IRP_MJ_READ 0x03
#define IRP_MJ_WRITE 0x04
#define IRP_MJ_DEVICE_CONTROL 0x0e
#define IRP_MJ_INTERNAL_DEVICE_CONTROL 0x0f
#endif

typedef struct _PARCLASS_REQUEST PARCLASS_REQUEST;
typedef void (*PPARCLASS_COMPLETION_ROUTINE)(PARCLASS_REQUEST* Request);

// The IO_STATUS_BLOCK of a completed request.
typedef struct _PARCLASS_IO_STATUS {
  NTSTATUS Status;
  ULONG Information;  // Bytes read or written, or the output's length.
} PARCLASS_IO_STATUS;

struct _PARCLASS_REQUEST {
  ULONG Size;           // sizeof(PARCLASS_REQUEST).
  ULONG MajorFunction;  // IRP_MJ_READ, IRP_MJ_WRITE, IRP_MJ_DEVICE_CONTROL or _INTERNAL_.
  ULONG IoControlCode;  // For the two device controls.
  // What a request takes: a write's data, a control's input (copied into the system buffer as
  // the synchronous calls do).
  const void* InputBuffer;
  ULONG InputBufferLength;
  // What it gives: a read's buffer, a control's output.
  void* OutputBuffer;
  ULONG OutputBufferLength;
  PPARCLASS_COMPLETION_ROUTINE CompletionRoutine;  // Called once; may be NULL.
  PVOID Context;                                   // The caller's: the library never reads it.
  PARCLASS_IO_STATUS IoStatus;                     // Set before the completion routine runs.
};

// Queues `request` on `handle`: STATUS_PENDING, and the completion routine runs later, also for
// a request that fails at once (a bad code, a port handle asked to read) or is cancelled.
// STATUS_INVALID_PARAMETER, with the request not taken and no completion, for a handle that is
// not open, a NULL request, a Size that is not this version's, a MajorFunction of another kind,
// or a NULL buffer with a length; STATUS_INVALID_DEVICE_STATE for a request the library has
// already. A completion routine may submit, cancel and set timeouts on its handle, but not close
// it (STATUS_INVALID_DEVICE_STATE): it would wait for itself.
NTSTATUS ParclassSubmit(PARCLASS_HANDLE handle, PARCLASS_REQUEST* request);
// IoCancelIrp: a request not yet begun completes with STATUS_CANCELLED at once, on this thread;
// one waiting for the port stops waiting and completes with STATUS_CANCELLED on the library's;
// a transfer under way runs on. STATUS_SUCCESS if the request was pending; STATUS_NOT_FOUND if
// it had completed already (or was never submitted on `handle`); STATUS_INVALID_PARAMETER for a
// handle that is not open.
NTSTATUS ParclassCancelRequest(PARCLASS_HANDLE handle, PARCLASS_REQUEST* request);

// IRP_MJ_QUERY_INFORMATION on a device: STATUS_BUFFER_TOO_SMALL, STATUS_INVALID_PARAMETER for
// another class. The class is a FILE_INFORMATION_CLASS value, passed as a ULONG: a C enum may
// hold any int, a C++ one only the values its enumerators span, so an enum parameter would make
// a C client's other class undefined behaviour in the C++ implementation.
NTSTATUS ParclassQueryInformation(PARCLASS_HANDLE handle, ULONG information_class, void* output,
                                  ULONG output_length, ULONG* returned);

#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // PARCLASS_C_PARCLASS_H_
