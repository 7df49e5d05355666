/* A small printer class driver, written only against the parclass C headers: it opens LPT1's
 * end-of-chain printer on the built-in simulated topology, connects (PARCLASS_CONNECT), locks
 * the port, negotiates the fastest protocol the host and the printer share, writes a job, reads
 * the Device ID and the printer's status, and lets everything go again.
 *
 *   build/release/examples/printer_driver           # prints each step; exit status 0 if all worked
 */

#include <parclass/c/parclass.h>
#include <stdio.h>
#include <string.h>

static int failed(const char* step, NTSTATUS status) {
  fprintf(stderr, "printer_driver: %s failed: NTSTATUS 0x%08lX\n", step,
          (unsigned long)(ULONG)status);
  return 1;
}

#define CHECK(step, call)                                   \
  do {                                                      \
    NTSTATUS status_ = (call);                              \
    if (!NT_SUCCESS(status_)) return failed(step, status_); \
  } while (0)

static int run(PARCLASS_SYSTEM* system) {
  PARCLASS_HANDLE printer;
  PARCLASS_INFORMATION info;
  ULONG returned = 0;
  CHECK("open LPT1.4", ParclassOpen(system, "LPT1.4", &printer));
  CHECK("connect", ParclassInternalDeviceIoControl(printer, IOCTL_INTERNAL_PARCLASS_CONNECT, NULL,
                                                   0, &info, sizeof info, &returned));
  printf("connected: port 0x%lx, ECP block 0x%lx, capabilities 0x%02lx, FIFO %lu x %lu bits\n",
         (unsigned long)(uintptr_t)info.Controller, (unsigned long)(uintptr_t)info.EcrController,
         (unsigned long)info.HardwareCapabilities, (unsigned long)info.FifoDepth,
         (unsigned long)info.FifoWidth);
  CHECK("lock",
        ParclassInternalDeviceIoControl(printer, IOCTL_INTERNAL_LOCK_PORT, NULL, 0, NULL, 0, NULL));

  /* The fastest protocols both sides have, forward and reverse. */
  USHORT modes = info.DetermineIeeeModes(info.ParclassContext);
  printf("modes host and printer share: 0x%04x\n", modes);
  CHECK("negotiate", info.NegotiateIeeeMode(info.ParclassContext, modes, modes, SAFE_MODE, TRUE));
  PARCLASS_NEGOTIATION_MASK chosen;
  CHECK("get mode", ParclassDeviceIoControl(printer, IOCTL_IEEE1284_GET_MODE, NULL, 0, &chosen,
                                            sizeof chosen, &returned));
  printf("negotiated: write 0x%04x, read 0x%04x\n", chosen.usWriteMask, chosen.usReadMask);

  static const char job[] =
      "\x1b"
      "E"
      "Hello from a parclass printer driver\f";
  ULONG written = 0;
  CHECK("write", info.ParallelWrite(info.ParclassContext, (PVOID)job, sizeof job - 1, &written, 0));
  printf("wrote %lu of %lu bytes\n", (unsigned long)written, (unsigned long)(sizeof job - 1));
  if (written != sizeof job - 1) return failed("write count", STATUS_UNSUCCESSFUL);

  UCHAR reply[64];
  ULONG got = 0;
  CHECK("turn around", info.IeeeFwdToRevMode(info.ParclassContext));
  CHECK("read", info.ParallelRead(info.ParclassContext, reply, sizeof reply, &got, 0));
  printf("reverse channel: %lu bytes\n", (unsigned long)got);
  CHECK("terminate", info.TerminateIeeeMode(info.ParclassContext));

  char id[512];
  CHECK("device id", ParclassDeviceIoControl(printer, IOCTL_PAR_QUERY_DEVICE_ID, NULL, 0, id,
                                             sizeof id, &returned));
  printf("Device ID (%lu bytes): %s\n", (unsigned long)returned, id);
  if (strncmp(id, "MFG:", 4) != 0) return failed("device id text", STATUS_UNSUCCESSFUL);
  PAR_QUERY_INFORMATION state;
  CHECK("status", ParclassDeviceIoControl(printer, IOCTL_PAR_QUERY_INFORMATION, NULL, 0, &state,
                                          sizeof state, &returned));
  printf("status: 0x%02x%s\n", state.Status,
         (state.Status & PARALLEL_SELECTED) ? " (selected)" : "");

  CHECK("unlock", ParclassInternalDeviceIoControl(printer, IOCTL_INTERNAL_UNLOCK_PORT, NULL, 0,
                                                  NULL, 0, NULL));
  CHECK("disconnect", ParclassInternalDeviceIoControl(printer, IOCTL_INTERNAL_PARCLASS_DISCONNECT,
                                                      NULL, 0, NULL, 0, NULL));
  /* Nothing from CONNECT works after DISCONNECT. */
  if (info.ParallelWrite(info.ParclassContext, (PVOID)job, 1, &written, 0) == STATUS_SUCCESS) {
    return failed("write after disconnect", STATUS_UNSUCCESSFUL);
  }
  CHECK("close", ParclassClose(printer));
  return 0;
}

int main(void) {
  PARCLASS_SYSTEM* system;
  NTSTATUS status = ParclassCreateSimulatedSystem(NULL, &system);
  if (!NT_SUCCESS(status)) return failed("create the simulated system", status);
  int result = run(system);
  ParclassDestroySystem(system);
  if (result == 0) printf("printer_driver: done\n");
  return result;
}
