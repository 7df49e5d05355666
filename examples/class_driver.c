/* A printer class driver built outside the parclass tree, against an installed parclass only
 * (parclass/c/parclass.h and libparclass-c): it opens a system from a backend spec, enumerates its
 * ports and devices and finds the first printer among them (its Device ID's class), opens it,
 * connects (PARCLASS_CONNECT), locks the port, negotiates the
 * fastest protocols the host and the printer share, writes a job, turns the link around and
 * reads the printer's reply, reads the Device ID, and lets everything go again. On the way it
 * reads the status register as Windows drivers do (READ_PORT_UCHAR) and takes an nAck interrupt
 * through a connected service routine.
 *
 *   class_driver                                   # the built-in simulated topology
 *   class_driver sim:/usr/share/parclass/topologies/reverse-data.json
 *   class_driver ppdev:/dev/parport0               # a real port
 *
 * Each step prints one line; the exit status is 0 if every step worked. The tree builds it as a
 * test against its own C API (examples/CMakeLists.txt), and downstream/ builds this same file
 * against an installed tree, with make and pkg-config and with CMake's find_package.
 */

#define _POSIX_C_SOURCE 199309L /* nanosleep */

#include <parclass/c/hal.h>
#include <parclass/c/parclass.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int failed(const char* step, NTSTATUS status) {
  fprintf(stderr, "class_driver: %s failed: NTSTATUS 0x%08lX\n", step,
          (unsigned long)(ULONG)status);
  return 1;
}

#define CHECK(step, call)                                   \
  do {                                                      \
    NTSTATUS status_ = (call);                              \
    if (!NT_SUCCESS(status_)) return failed(step, status_); \
  } while (0)

/* Bytes as C string text: printable ones as they are, the others escaped. */
static void print_bytes(const UCHAR* bytes, ULONG count) {
  for (ULONG i = 0; i < count; ++i) {
    if (bytes[i] == '\r') {
      printf("\\r");
    } else if (bytes[i] == '\n') {
      printf("\\n");
    } else if (bytes[i] >= 0x20 && bytes[i] < 0x7f && bytes[i] != '\\') {
      putchar(bytes[i]);
    } else {
      printf("\\x%02x", bytes[i]);
    }
  }
  putchar('\n');
}

/* The job and the reply, with the port locked and the link negotiated. */
static int transfer(const PARCLASS_INFORMATION* info) {
  static const char job[] = "\x1b%-12345X@PJL JOB NAME=\"downstream\"\r\nparclass downstream job\f";
  ULONG written = 0;
  CHECK("write",
        info->ParallelWrite(info->ParclassContext, (PVOID)job, sizeof job - 1, &written, 0));
  printf("wrote %lu of %lu bytes: ", (unsigned long)written, (unsigned long)(sizeof job - 1));
  print_bytes((const UCHAR*)job, written);
  if (written != sizeof job - 1) return failed("write count", STATUS_UNSUCCESSFUL);

  UCHAR reply[128];
  ULONG got = 0;
  CHECK("turn around", info->IeeeFwdToRevMode(info->ParclassContext));
  CHECK("read", info->ParallelRead(info->ParclassContext, reply, sizeof reply, &got, 0));
  printf("read %lu bytes: ", (unsigned long)got);
  print_bytes(reply, got);
  CHECK("terminate", info->TerminateIeeeMode(info->ParclassContext));
  return 0;
}

static BOOLEAN count_interrupt(PKINTERRUPT interrupt, PVOID context) {
  (void)interrupt;
  atomic_fetch_add((atomic_int*)context, 1);
  return TRUE;
}

/* An nAck interrupt: a service routine connected through a port handle, nAck interrupts enabled
 * in the control register (ackIntEn, bit 4), and one byte in compatibility mode, which the
 * printer acknowledges with an nAck pulse. On the simulator the routine runs within the write;
 * on ppdev on the library's interrupt thread, so the driver waits up to a second for it. */
static int take_interrupt(PARCLASS_SYSTEM* system, const char* port_name,
                          const PARCLASS_INFORMATION* info) {
  PARCLASS_HANDLE port;
  CHECK("open the port", ParclassOpen(system, port_name, &port));
  atomic_int interrupts = 0;
  PARALLEL_INTERRUPT_SERVICE_ROUTINE routine = {count_interrupt, &interrupts, NULL, NULL};
  PARALLEL_INTERRUPT_INFORMATION connected;
  CHECK("connect interrupt",
        ParclassInternalDeviceIoControl(port, IOCTL_INTERNAL_PARALLEL_CONNECT_INTERRUPT, &routine,
                                        sizeof routine, &connected, sizeof connected, NULL));
  const UCHAR control = READ_PORT_UCHAR(info->Controller + 2);
  WRITE_PORT_UCHAR(info->Controller + 2, control | 0x10);
  CHECK("enable nAck interrupts", ParclassGetLastPortStatus());
  ULONG written = 0;
  CHECK("write a byte", info->ParallelWrite(info->ParclassContext, (PVOID) "\r", 1, &written, 0));
  const struct timespec millisecond = {0, 1000000};
  for (int waited = 0; waited < 1000 && atomic_load(&interrupts) == 0; ++waited) {
    nanosleep(&millisecond, NULL);
  }
  WRITE_PORT_UCHAR(info->Controller + 2, control);
  printf("nAck interrupts: %d\n", atomic_load(&interrupts));
  CHECK("disconnect interrupt",
        ParclassInternalDeviceIoControl(port, IOCTL_INTERNAL_PARALLEL_DISCONNECT_INTERRUPT,
                                        &routine, sizeof routine, NULL, 0, NULL));
  CHECK("close the port", ParclassClose(port));
  return 0;
}

static int drive(PARCLASS_SYSTEM* system, const char* port_name, PARCLASS_HANDLE printer) {
  PARCLASS_INFORMATION info;
  ULONG returned = 0;
  CHECK("connect", ParclassInternalDeviceIoControl(printer, IOCTL_INTERNAL_PARCLASS_CONNECT, NULL,
                                                   0, &info, sizeof info, &returned));
  printf("connected: capabilities 0x%02lx, FIFO %lu x %lu bits\n",
         (unsigned long)info.HardwareCapabilities, (unsigned long)info.FifoDepth,
         (unsigned long)info.FifoWidth);
  CHECK("lock",
        ParclassInternalDeviceIoControl(printer, IOCTL_INTERNAL_LOCK_PORT, NULL, 0, NULL, 0, NULL));
  UCHAR dsr = READ_PORT_UCHAR(info.Controller + 1);
  CHECK("read status register", ParclassGetLastPortStatus());
  printf("status register: 0x%02x (%s, %s)\n", dsr, (dsr & 0x80) ? "not busy" : "busy",
         (dsr & 0x10) ? "selected" : "not selected");
  int result = take_interrupt(system, port_name, &info);
  if (result != 0) return result;

  USHORT modes = info.DetermineIeeeModes(info.ParclassContext);
  CHECK("negotiate", info.NegotiateIeeeMode(info.ParclassContext, modes, modes, SAFE_MODE, TRUE));
  PARCLASS_NEGOTIATION_MASK chosen;
  CHECK("get mode", ParclassDeviceIoControl(printer, IOCTL_IEEE1284_GET_MODE, NULL, 0, &chosen,
                                            sizeof chosen, &returned));
  printf("negotiated: shared 0x%04x, write 0x%04x, read 0x%04x\n", modes, chosen.usWriteMask,
         chosen.usReadMask);
  result = transfer(&info);
  if (result != 0) return result;

  char id[512];
  CHECK("device id", ParclassDeviceIoControl(printer, IOCTL_PAR_QUERY_DEVICE_ID, NULL, 0, id,
                                             sizeof id, &returned));
  printf("device id: %s\n", id);
  PAR_QUERY_INFORMATION state;
  CHECK("status", ParclassDeviceIoControl(printer, IOCTL_PAR_QUERY_INFORMATION, NULL, 0, &state,
                                          sizeof state, &returned));
  printf("printer status: 0x%02x%s\n", state.Status,
         (state.Status & PARALLEL_SELECTED) ? " (selected)" : "");

  CHECK("unlock", ParclassInternalDeviceIoControl(printer, IOCTL_INTERNAL_UNLOCK_PORT, NULL, 0,
                                                  NULL, 0, NULL));
  /* Without the lock the port is not this driver's: the access is refused, nothing touched. */
  dsr = READ_PORT_UCHAR(info.Controller + 1);
  printf("status register after unlock: 0x%02x, NTSTATUS 0x%08lX\n", dsr,
         (unsigned long)(ULONG)ParclassGetLastPortStatus());
  CHECK("disconnect", ParclassInternalDeviceIoControl(printer, IOCTL_INTERNAL_PARCLASS_DISCONNECT,
                                                      NULL, 0, NULL, 0, NULL));
  /* Nothing from CONNECT works after DISCONNECT. */
  ULONG written = 0;
  if (info.ParallelWrite(info.ParclassContext, (PVOID) "x", 1, &written, 0) == STATUS_SUCCESS) {
    return failed("write after disconnect", STATUS_UNSUCCESSFUL);
  }
  return 0;
}

/* The printer the driver drives, and the port it is on. */
struct found {
  char printer[64]; /* "LPT1.4" */
  char port[64];    /* "ParallelPort0" */
};

/* Lists every port and device with what it is, and finds the first printer (a Device ID whose
 * class is PRINTER) and its port, listed before its devices; 0 if there is one. */
static int enumerate(PARCLASS_SYSTEM* system, struct found* found) {
  char* printer = found->printer;
  const size_t size = sizeof found->printer;
  char port[64] = "";
  char names[4096];
  ULONG needed = 0;
  CHECK("list", ParclassGetDeviceList(system, NULL, names, sizeof names, &needed));
  printer[0] = '\0';
  for (const char* name = names; *name != '\0'; name += strlen(name) + 1) {
    char description[256] = "";
    char id[1024] = "";
    char hardware_ids[512] = "";
    (void)ParclassGetDeviceProperty(system, name, ParclassPropertyDescription, description,
                                    sizeof description, &needed);
    (void)ParclassGetDeviceProperty(system, name, ParclassPropertyHardwareIds, hardware_ids,
                                    sizeof hardware_ids, &needed);
    printf("device %s: %s%s%s\n", name, description, hardware_ids[0] ? ", " : "", hardware_ids);
    if (strncmp(name, "ParallelPort", 12) == 0 && strlen(name) < sizeof port) strcpy(port, name);
    const int has_id = ParclassGetDeviceProperty(system, name, ParclassPropertyDeviceId, id,
                                                 sizeof id, &needed) == STATUS_SUCCESS;
    if (has_id && printer[0] == '\0' &&
        (strstr(id, "CLS:PRINTER") != NULL || strstr(id, "CLASS:PRINTER") != NULL) &&
        strlen(name) < size) {
      strcpy(printer, name);
      strcpy(found->port, port);
    }
  }
  if (printer[0] == '\0') return failed("find a printer", STATUS_NO_SUCH_DEVICE);
  printf("printer: %s\n", printer);
  return 0;
}

int main(int argc, char** argv) {
  const char* spec = argc > 1 ? argv[1] : "sim";
  PARCLASS_SYSTEM* system;
  PARCLASS_SYSTEM_OPTIONS options = {sizeof options, TRUE, 0};
  CHECK(spec, ParclassCreateSystemWithOptions(spec, &options, &system));
  struct found found;
  PARCLASS_HANDLE printer;
  NTSTATUS status = STATUS_NO_SUCH_DEVICE;
  if (enumerate(system, &found) != 0 ||
      !NT_SUCCESS(status = ParclassOpen(system, found.printer, &printer))) {
    ParclassDestroySystem(system);
    return failed("open the printer", status);
  }
  int result = drive(system, found.port, printer);
  status = ParclassClose(printer);
  ParclassDestroySystem(system);
  if (result != 0) return result;
  CHECK("close", status);
  printf("class_driver: done\n");
  return 0;
}
