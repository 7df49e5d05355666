/* A class driver written as IRP-based Windows drivers are: it sends its requests and hears of
 * each in a completion routine, never blocking on the port. It submits the Device ID query and a
 * print job to the printer while another client (a scanner driver, say) holds the port, so both
 * pend; cancels the job, as a driver's cancel routine would when its own caller gives up;
 * submits the job again, and lets the other client free the port, which completes it.
 *
 *   pended_requests                      # the built-in simulated topology
 *   pended_requests ppdev:/dev/parport0  # a real port
 *
 * Each completion prints one line; the exit status is 0 if every request completed as it should.
 * Built as a test of the tree's C API (examples/CMakeLists.txt).
 */

#define _POSIX_C_SOURCE 199309L /* nanosleep */

#include <parclass/c/parclass.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static atomic_int completed;

/* Runs on the library's thread for each request, once. */
static void Done(PARCLASS_REQUEST* request) {
  printf("pended_requests: %s completed: NTSTATUS 0x%08lX, %lu bytes\n",
         (const char*)request->Context, (unsigned long)(ULONG)request->IoStatus.Status,
         (unsigned long)request->IoStatus.Information);
  fflush(stdout);
  atomic_fetch_add(&completed, 1);
}

/* Polls, as a driver's own event loop would wait: 1 ms at a time, for at most 5 s. */
static int await_completions(int count) {
  const struct timespec millisecond = {0, 1000000};
  for (int waited = 0; waited < 5000; ++waited) {
    if (atomic_load(&completed) >= count) return 1;
    nanosleep(&millisecond, NULL);
  }
  return 0;
}

static int failed(const char* step, NTSTATUS status) {
  fprintf(stderr, "pended_requests: %s: NTSTATUS 0x%08lX\n", step, (unsigned long)(ULONG)status);
  return 1;
}

int main(int argc, char** argv) {
  const char* spec = argc > 1 ? argv[1] : "sim";
  static const char job[] = "\x1b%-12345X@PJL JOB NAME=\"pended\"\r\nsent without blocking\f";
  char device_id[256] = {0};
  PARCLASS_SYSTEM* system = NULL;
  PARCLASS_HANDLE printer = NULL;
  PARCLASS_HANDLE other = NULL;
  PARCLASS_REQUEST query = {0};
  PARCLASS_REQUEST write = {0};
  NTSTATUS status = ParclassCreateSystem(spec, &system);
  if (!NT_SUCCESS(status)) return failed("create the system", status);
  if (!NT_SUCCESS(status = ParclassOpen(system, "LPT1.4", &printer)) ||
      !NT_SUCCESS(status = ParclassOpen(system, "ParallelPort0", &other))) {
    return failed("open", status);
  }

  /* The other client takes the port: what this driver sends now waits for it. */
  status = ParclassInternalDeviceIoControl(other, IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE, NULL, 0,
                                           NULL, 0, NULL);
  if (!NT_SUCCESS(status)) return failed("the other client's allocate", status);

  query.Size = sizeof query;
  query.MajorFunction = IRP_MJ_DEVICE_CONTROL;
  query.IoControlCode = IOCTL_PAR_QUERY_DEVICE_ID;
  query.OutputBuffer = device_id;
  query.OutputBufferLength = sizeof device_id - 1;
  query.CompletionRoutine = Done;
  query.Context = "the Device ID query";
  write.Size = sizeof write;
  write.MajorFunction = IRP_MJ_WRITE;
  write.InputBuffer = job;
  write.InputBufferLength = sizeof job - 1;
  write.CompletionRoutine = Done;
  write.Context = "the job";
  if ((status = ParclassSubmit(printer, &query)) != STATUS_PENDING) return failed("submit", status);
  if ((status = ParclassSubmit(printer, &write)) != STATUS_PENDING) return failed("submit", status);
  printf("pended_requests: both requests pending behind the other client\n");

  /* The job has not begun (the query is first): cancelling completes it here, now. */
  if ((status = ParclassCancelRequest(printer, &write)) != STATUS_SUCCESS) {
    return failed("cancel", status);
  }
  if (write.IoStatus.Status != STATUS_CANCELLED)
    return failed("the cancelled job", write.IoStatus.Status);

  /* Sent again; the other client frees the port, and both complete in order. */
  if ((status = ParclassSubmit(printer, &write)) != STATUS_PENDING)
    return failed("resubmit", status);
  status = ParclassInternalDeviceIoControl(other, IOCTL_INTERNAL_PARALLEL_PORT_FREE, NULL, 0, NULL,
                                           0, NULL);
  if (!NT_SUCCESS(status)) return failed("the other client's free", status);
  if (!await_completions(3)) return failed("waiting for the completions", STATUS_TIMEOUT);
  if (!NT_SUCCESS(query.IoStatus.Status)) return failed("the query", query.IoStatus.Status);
  if (write.IoStatus.Status != STATUS_SUCCESS || write.IoStatus.Information != sizeof job - 1) {
    return failed("the job", write.IoStatus.Status);
  }
  printf("pended_requests: Device ID %s\n", device_id);

  ParclassClose(other);
  ParclassClose(printer);
  ParclassDestroySystem(system);
  printf("pended_requests: done\n");
  return 0;
}
