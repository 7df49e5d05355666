// The C headers compile as C11 with -Wall -Wextra -Werror -pedantic, their codes have the values
// of the shared spec windows-parallel-interface.md (2.4-2.6, 5), and a client can fill the
// structures and call through them. Exits 0 on success; prints each failure and exits 1.

#include <stdio.h>
#include <string.h>

#include "parclass/c/hal.h"
#include "parclass/c/ntddpar.h"
#include "parclass/c/ntstatus.h"
#include "parclass/c/parallel.h"
#include "parclass/c/types.h"

#define EXPECT_CODE(name, value) PARCLASS_C_STATIC_ASSERT((name) == (value), #name)

// Port internal IOCTLs (2.4).
EXPECT_CODE(IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE, 0x16002C);
EXPECT_CODE(IOCTL_INTERNAL_GET_PARALLEL_PORT_INFO, 0x160030);
EXPECT_CODE(IOCTL_INTERNAL_PARALLEL_CONNECT_INTERRUPT, 0x160034);
EXPECT_CODE(IOCTL_INTERNAL_PARALLEL_DISCONNECT_INTERRUPT, 0x160038);
EXPECT_CODE(IOCTL_INTERNAL_RELEASE_PARALLEL_PORT_INFO, 0x16003C);
EXPECT_CODE(IOCTL_INTERNAL_GET_MORE_PARALLEL_PORT_INFO, 0x160044);
EXPECT_CODE(IOCTL_INTERNAL_PARCHIP_CONNECT, 0x160048);
EXPECT_CODE(IOCTL_INTERNAL_PARALLEL_SET_CHIP_MODE, 0x16004C);
EXPECT_CODE(IOCTL_INTERNAL_PARALLEL_CLEAR_CHIP_MODE, 0x160050);
EXPECT_CODE(IOCTL_INTERNAL_GET_PARALLEL_PNP_INFO, 0x160054);
EXPECT_CODE(IOCTL_INTERNAL_INIT_1284_3_BUS, 0x160058);
EXPECT_CODE(IOCTL_INTERNAL_SELECT_DEVICE, 0x16005C);
EXPECT_CODE(IOCTL_INTERNAL_DESELECT_DEVICE, 0x160060);
EXPECT_CODE(IOCTL_INTERNAL_GET_PARPORT_FDO, 0x160074);
EXPECT_CODE(IOCTL_INTERNAL_PARALLEL_PORT_FREE, 0x1600A0);
EXPECT_CODE(IOCTL_INTERNAL_PARDOT3_CONNECT, 0x1600A4);
EXPECT_CODE(IOCTL_INTERNAL_PARDOT3_DISCONNECT, 0x1600A8);
EXPECT_CODE(IOCTL_INTERNAL_PARDOT3_RESET, 0x1600AC);
EXPECT_CODE(IOCTL_INTERNAL_PARDOT3_SIGNAL, 0x1600B0);
EXPECT_CODE(IOCTL_INTERNAL_REGISTER_FOR_REMOVAL_RELATIONS, 0x1600C8);
EXPECT_CODE(IOCTL_INTERNAL_UNREGISTER_FOR_REMOVAL_RELATIONS, 0x1600CC);
EXPECT_CODE(IOCTL_INTERNAL_DISABLE_END_OF_CHAIN_BUS_RESCAN, 0x1600D8);
EXPECT_CODE(IOCTL_INTERNAL_ENABLE_END_OF_CHAIN_BUS_RESCAN, 0x1600DC);

// Device internal IOCTLs (2.5).
EXPECT_CODE(IOCTL_INTERNAL_PARCLASS_CONNECT, 0x160078);
EXPECT_CODE(IOCTL_INTERNAL_PARCLASS_DISCONNECT, 0x16007C);
EXPECT_CODE(IOCTL_INTERNAL_DISCONNECT_IDLE, 0x160080);
EXPECT_CODE(IOCTL_INTERNAL_LOCK_PORT, 0x160094);
EXPECT_CODE(IOCTL_INTERNAL_UNLOCK_PORT, 0x160098);
EXPECT_CODE(IOCTL_INTERNAL_LOCK_PORT_NO_SELECT, 0x1600D0);
EXPECT_CODE(IOCTL_INTERNAL_UNLOCK_PORT_NO_DESELECT, 0x1600D4);

// Device external IOCTLs (2.6).
EXPECT_CODE(IOCTL_PAR_QUERY_INFORMATION, 0x160004);
EXPECT_CODE(IOCTL_PAR_SET_INFORMATION, 0x160008);
EXPECT_CODE(IOCTL_PAR_QUERY_DEVICE_ID, 0x16000C);
EXPECT_CODE(IOCTL_PAR_QUERY_DEVICE_ID_SIZE, 0x160010);
EXPECT_CODE(IOCTL_IEEE1284_GET_MODE, 0x160014);
EXPECT_CODE(IOCTL_IEEE1284_NEGOTIATE, 0x160018);
EXPECT_CODE(IOCTL_PAR_SET_WRITE_ADDRESS, 0x16001C);
EXPECT_CODE(IOCTL_PAR_SET_READ_ADDRESS, 0x160020);
EXPECT_CODE(IOCTL_PAR_GET_DEVICE_CAPS, 0x160024);
EXPECT_CODE(IOCTL_PAR_GET_DEFAULT_MODES, 0x160028);
EXPECT_CODE(IOCTL_PAR_PING, 0x16002C);
EXPECT_CODE(IOCTL_PAR_QUERY_RAW_DEVICE_ID, 0x160030);
EXPECT_CODE(IOCTL_PAR_ECP_HOST_RECOVERY, 0x160034);
EXPECT_CODE(IOCTL_PAR_GET_READ_ADDRESS, 0x160038);
EXPECT_CODE(IOCTL_PAR_GET_WRITE_ADDRESS, 0x16003C);
EXPECT_CODE(IOCTL_PAR_TEST, 0x160050);
EXPECT_CODE(IOCTL_PAR_IS_PORT_FREE, 0x160054);
EXPECT_CODE(IOCTL_PAR_QUERY_LOCATION, 0x160058);
EXPECT_CODE(IOCTL_SERIAL_SET_TIMEOUTS, 0x1B001C);
EXPECT_CODE(IOCTL_SERIAL_GET_TIMEOUTS, 0x1B0020);

// Mode bits (5.1) and composite values (5.5).
EXPECT_CODE(EPP_ANY, EPP_HW | EPP_SW);
EXPECT_CODE(ECP_ANY, BOUNDED_ECP | ECP_HW_NOIRQ | ECP_HW_IRQ | ECP_SW);
EXPECT_CODE(ECR_BYTE_PIO_MODE, 0x34);
EXPECT_CODE(ECR_ECP_PIO_MODE, 0x74);
EXPECT_CODE(ECR_EPP_PIO_MODE, 0x94);
EXPECT_CODE(ECR_CONFIG_MODE >> 5, HW_MODE_CONFIGURATION);
EXPECT_CODE(ECR_OFFSET, 0x402);

// Statuses (5.7), with their severities.
EXPECT_CODE(STATUS_DEVICE_PROTOCOL_ERROR, (NTSTATUS)0xC0000186L);
EXPECT_CODE(NT_SUCCESS(STATUS_PENDING), 1);
EXPECT_CODE(NT_SUCCESS(STATUS_DEVICE_BUSY), 0);
EXPECT_CODE(NT_WARNING(STATUS_DEVICE_BUSY), 1);
EXPECT_CODE(NT_ERROR(STATUS_BUFFER_TOO_SMALL), 1);

#if defined(DEFAULT_ECR_PS2) || defined(DEFAULT_ECR_ECP)
#error "DEFAULT_ECR_PS2 and DEFAULT_ECR_ECP exist only without the ECR arbitrator"
#endif

static int failures = 0;

#define CHECK(condition)                                                            \
  do {                                                                              \
    if (!(condition)) {                                                             \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
      ++failures;                                                                   \
    }                                                                               \
  } while (0)

// A port's callbacks, as a client reaches them through PARALLEL_PORT_INFORMATION.
struct FakePort {
  int owned;
  ULONG waiters;
};

static BOOLEAN TryAllocate(PVOID context) {
  struct FakePort* port = (struct FakePort*)context;
  if (port->owned) return FALSE;
  port->owned = 1;
  return TRUE;
}

static void Free(PVOID context) { ((struct FakePort*)context)->owned = 0; }

static ULONG QueryWaiters(PVOID context) { return ((struct FakePort*)context)->waiters; }

static NTSTATUS TrySelect(PVOID context, PVOID command) {
  (void)context;
  const PARALLEL_1284_COMMAND* select = (const PARALLEL_1284_COMMAND*)command;
  if (select->ID > IEEE_1284_3_DAISY_CHAIN_MAX_ID && select->ID != DOT3_END_OF_CHAIN_ID) {
    return STATUS_INVALID_PARAMETER;
  }
  return (select->CommandFlags & PAR_HAVE_PORT_KEEP_PORT) ? STATUS_SUCCESS : STATUS_PENDING;
}

static NTSTATUS Read(PVOID context, PVOID buffer, ULONG to_read, PULONG read, UCHAR channel) {
  (void)context;
  (void)channel;
  memset(buffer, 0x5A, to_read);
  *read = to_read;
  return STATUS_SUCCESS;
}

static BOOLEAN Isr(PKINTERRUPT interrupt, PVOID context) {
  (void)interrupt;
  ++*(int*)context;
  return TRUE;
}

int main(void) {
  struct FakePort fake = {0, 2};
  PARALLEL_PORT_INFORMATION info = {
      .OriginalController = 0x378,
      .Controller = NULL,
      .SpanOfController = OFFSET_PARALLEL_REGISTER_SPAN,
      .TryAllocatePort = TryAllocate,
      .FreePort = Free,
      .QueryNumWaiters = QueryWaiters,
      .Context = &fake,
  };
  CHECK(info.TryAllocatePort(info.Context) == TRUE);
  CHECK(info.TryAllocatePort(info.Context) == FALSE);
  CHECK(info.QueryNumWaiters(info.Context) == 2);
  info.FreePort(info.Context);
  CHECK(fake.owned == 0);

  // The command goes by pointer to the port's select routine.
  PARALLEL_PNP_INFORMATION pnp;
  memset(&pnp, 0, sizeof(pnp));
  pnp.TrySelectDevice = TrySelect;
  pnp.CurrentMode = INITIAL_MODE;
  PARALLEL_1284_COMMAND command = {.ID = DOT3_END_OF_CHAIN_ID, .Port = 0, .CommandFlags = 0};
  CHECK(pnp.TrySelectDevice(pnp.Context, &command) == STATUS_PENDING);
  command.CommandFlags = PAR_HAVE_PORT_KEEP_PORT;
  CHECK(NT_SUCCESS(pnp.TrySelectDevice(pnp.Context, &command)));
  command.ID = DOT3_LEGACY_ZIP_ID;
  CHECK(pnp.TrySelectDevice(pnp.Context, &command) == STATUS_INVALID_PARAMETER);
  CHECK(!NT_SUCCESS(STATUS_INVALID_PARAMETER));

  PARCLASS_INFORMATION parclass;
  memset(&parclass, 0, sizeof(parclass));
  parclass.ParallelRead = Read;
  UCHAR buffer[4] = {0};
  ULONG read = 0;
  CHECK(parclass.ParallelRead(parclass.ParclassContext, buffer, sizeof(buffer), &read, 0) ==
        STATUS_SUCCESS);
  CHECK(read == 4 && buffer[3] == 0x5A);

  int interrupts = 0;
  PARALLEL_INTERRUPT_SERVICE_ROUTINE isr = {
      .InterruptServiceRoutine = Isr,
      .InterruptServiceContext = &interrupts,
  };
  CHECK(isr.InterruptServiceRoutine(NULL, isr.InterruptServiceContext) == TRUE);
  CHECK(interrupts == 1 && isr.DeferredPortCheckRoutine == NULL);

  MORE_PARALLEL_PORT_INFORMATION more = {.InterfaceType = PNPBus, .InterruptMode = Latched};
  CHECK(more.InterfaceType == 15 && more.InterruptMode == 1 && Isa == 1 && PCIBus == 5);

  PARCLASS_NEGOTIATION_MASK mask = {.usReadMask = NIBBLE, .usWriteMask = CENTRONICS};
  CHECK(mask.usReadMask == 0x0004 && mask.usWriteMask == 0x0001);
  SERIAL_TIMEOUTS timeouts = {0, 0, 0, 10, 5000};
  CHECK(timeouts.WriteTotalTimeoutConstant == 5000);

  PARALLEL_CHIP_MODE chip_mode = {.ModeFlags = ECR_BYTE_PIO_MODE, .success = FALSE};
  CHECK((chip_mode.ModeFlags & ~ECR_MODE_MASK) == ECR_BYTE_MODE);
  CHECK((DEFAULT_ECR_COMPATIBILITY & ~ECR_MODE_MASK) == ECR_SPP_MODE);
  CHECK((ECR_EPP_PIO_MODE >> 5) == HW_MODE_EPP);

  static const UCHAR kQualifier[] = {0xAA, 0x55, 0x00, 0xFF, 0x87, 0x78, 0xFF};
  CHECK(sizeof(ModeQualifier) == MODE_LEN_1284_3);
  CHECK(memcmp(ModeQualifier, kQualifier, sizeof(kQualifier)) == 0);
  CHECK(LegacyZipModeQualifier[1] == 0x3C && LEGACYZIP_MODE_LEN == 3);
  CHECK((CPP_SELECT | 1) == 0xE1 && ((CPP_SELECT | 1) & CPP_COMMAND_FILTER) == CPP_SELECT);

  const WCHAR* base_name = DD_PARALLEL_PORT_BASE_NAME_U;
  CHECK(base_name[0] == 'P' && base_name[11] == 't' && base_name[12] == 0);

  CHECK(PHASE_INTERRUPT_HOST == 12 && P12843DL_DOT4_DL == 3 && UNSAFE_MODE == 1);

  if (failures != 0) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  return 0;
}
