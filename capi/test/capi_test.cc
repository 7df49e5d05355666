// The C handle API: opening by name, misuse answered with statuses, closing while other threads
// use a handle or its callbacks, and request decoding fuzzed with random codes, lengths and
// contents (run under ASan/UBSan by ./dev test, under TSan by ./dev tsan).

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <future>
#include <random>
#include <string>
#include <vector>

#include "parclass/base/testing/race_close.h"
#include "parclass/bus/requests.h"
#include "parclass/c/parclass.h"
#include "parclass/port/requests.h"

namespace {

class CApiTest : public ::testing::Test {
 protected:
  CApiTest() { EXPECT_EQ(ParclassCreateSimulatedSystem(nullptr, &system_), STATUS_SUCCESS); }
  ~CApiTest() override { ParclassDestroySystem(system_); }

  PARCLASS_HANDLE Open(const char* name) {
    PARCLASS_HANDLE handle = nullptr;
    EXPECT_EQ(ParclassOpen(system_, name, &handle), STATUS_SUCCESS) << name;
    return handle;
  }

  // IOCTL_PAR_IS_PORT_FREE, asked through a device handle of its own.
  bool PortIsFree() {
    PARCLASS_HANDLE raw = Open("LPT1");
    BOOLEAN free = 0;
    EXPECT_EQ(ParclassDeviceIoControl(raw, IOCTL_PAR_IS_PORT_FREE, nullptr, 0, &free, sizeof free,
                                      nullptr),
              STATUS_SUCCESS);
    EXPECT_EQ(ParclassClose(raw), STATUS_SUCCESS);
    return free != 0;
  }

  PARCLASS_SYSTEM* system_ = nullptr;
};

// Sends one request with an output structure; its status.
template <typename T>
NTSTATUS Get(PARCLASS_HANDLE handle, ULONG code, T& output) {
  ULONG returned = 0;
  return ParclassInternalDeviceIoControl(handle, code, nullptr, 0, &output, sizeof output,
                                         &returned);
}

NTSTATUS Internal(PARCLASS_HANDLE handle, ULONG code) {
  return ParclassInternalDeviceIoControl(handle, code, nullptr, 0, nullptr, 0, nullptr);
}

// ALLOCATE through `waiter` in another thread, returned once it is queued behind the holder of
// the port `port` describes.
std::future<NTSTATUS> QueuedAllocation(PARCLASS_HANDLE waiter,
                                       const PARALLEL_PORT_INFORMATION& port) {
  std::future<NTSTATUS> queued = std::async(std::launch::async, [waiter] {
    return Internal(waiter, IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE);
  });
  while (port.QueryNumWaiters(port.Context) == 0) std::this_thread::yield();
  return queued;
}

// Systems from backend specs, as parctl's --backend names them.
TEST(CApiSystemTest, CreatesASystemFromABackendSpec) {
  PARCLASS_SYSTEM* system = nullptr;
  ASSERT_EQ(ParclassCreateSystem("sim", &system), STATUS_SUCCESS);
  PARCLASS_HANDLE printer = nullptr;
  EXPECT_EQ(ParclassOpen(system, "LPT1.4", &printer), STATUS_SUCCESS);
  EXPECT_EQ(ParclassClose(printer), STATUS_SUCCESS);
  ParclassDestroySystem(system);
  const std::string paper_out = std::string(PARCLASS_TOPOLOGY_DIR) + "/paper-out.json";
  ASSERT_EQ(ParclassCreateSystem(("sim:" + paper_out).c_str(), &system), STATUS_SUCCESS);
  ParclassDestroySystem(system);
}

TEST(CApiSystemTest, ABadSpecOrPortSaysWhy) {
  PARCLASS_SYSTEM* system = reinterpret_cast<PARCLASS_SYSTEM*>(0x1);
  EXPECT_EQ(ParclassCreateSystem("usb", &system), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(system, nullptr);
  EXPECT_EQ(ParclassCreateSystem(nullptr, &system), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassCreateSystem("sim", nullptr), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassCreateSystem("sim:/no/such/topology.json", &system), STATUS_NO_SUCH_DEVICE);
  EXPECT_EQ(ParclassCreateSystem("ppdev:/dev/parport-none", &system), STATUS_NO_SUCH_DEVICE);
  EXPECT_EQ(ParclassCreateSystem("raw:0x37z", &system), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(system, nullptr);
}

BOOLEAN CountingServiceRoutine(PKINTERRUPT /*interrupt*/, PVOID context) {
  ++*static_cast<int*>(context);
  return TRUE;
}

// CONNECT_INTERRUPT on a system created with `options`.
NTSTATUS ConnectInterrupt(const PARCLASS_SYSTEM_OPTIONS* options) {
  PARCLASS_SYSTEM* system = nullptr;
  EXPECT_EQ(ParclassCreateSystemWithOptions("sim", options, &system), STATUS_SUCCESS);
  PARCLASS_HANDLE port = nullptr;
  EXPECT_EQ(ParclassOpen(system, "ParallelPort0", &port), STATUS_SUCCESS);
  int calls = 0;
  PARALLEL_INTERRUPT_SERVICE_ROUTINE routine{};
  routine.InterruptServiceRoutine = &CountingServiceRoutine;
  routine.InterruptServiceContext = &calls;
  PARALLEL_INTERRUPT_INFORMATION information{};
  const NTSTATUS connected =
      ParclassInternalDeviceIoControl(port, IOCTL_INTERNAL_PARALLEL_CONNECT_INTERRUPT, &routine,
                                      sizeof routine, &information, sizeof information, nullptr);
  ParclassDestroySystem(system);  // Disconnects what is connected.
  return connected;
}

// The IEEE 1284.3 devices a system's port addressed, on a topology with four.
ULONG ChainDevices(const PARCLASS_SYSTEM_OPTIONS* options) {
  const std::string four = std::string(PARCLASS_TOPOLOGY_DIR) + "/four-chain-devices.json";
  PARCLASS_SYSTEM* system = nullptr;
  EXPECT_EQ(ParclassCreateSystemWithOptions(("sim:" + four).c_str(), options, &system),
            STATUS_SUCCESS);
  PARCLASS_HANDLE port = nullptr;
  EXPECT_EQ(ParclassOpen(system, "ParallelPort0", &port), STATUS_SUCCESS);
  PARALLEL_PNP_INFORMATION pnp{};
  EXPECT_EQ(Get(port, IOCTL_INTERNAL_GET_PARALLEL_PNP_INFO, pnp), STATUS_SUCCESS);
  ParclassDestroySystem(system);
  return pnp.Ieee1284_3DeviceCount;
}

// The options Windows reads from the registry: connected interrupts off unless enabled, and the
// IEEE 1284.3 limit at Windows XP's two unless raised.
TEST(CApiSystemTest, OptionsEnableInterruptsAndRaiseTheChainLimit) {
  EXPECT_EQ(ConnectInterrupt(nullptr), STATUS_UNSUCCESSFUL);
  PARCLASS_SYSTEM_OPTIONS options{};
  options.Size = sizeof options;
  EXPECT_EQ(ConnectInterrupt(&options), STATUS_UNSUCCESSFUL);
  options.EnableConnectInterruptIoctl = TRUE;
  EXPECT_EQ(ConnectInterrupt(&options), STATUS_SUCCESS);
  EXPECT_EQ(ChainDevices(nullptr), 2u);
  options.MaxDaisyChainDevices = 3;
  EXPECT_EQ(ChainDevices(&options), 3u);
  options.MaxDaisyChainDevices = 4;
  EXPECT_EQ(ChainDevices(&options), 4u);
}

TEST(CApiSystemTest, BadOptionsAreRefused) {
  PARCLASS_SYSTEM* system = reinterpret_cast<PARCLASS_SYSTEM*>(0x1);
  PARCLASS_SYSTEM_OPTIONS options{};
  EXPECT_EQ(ParclassCreateSystemWithOptions("sim", &options, &system), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(system, nullptr);
  options.Size = sizeof options + 4;
  EXPECT_EQ(ParclassCreateSystemWithOptions("sim", &options, &system), STATUS_INVALID_PARAMETER);
  options.Size = sizeof options;
  options.MaxDaisyChainDevices = 5;
  EXPECT_EQ(ParclassCreateSystemWithOptions("sim", &options, &system), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassCreateSystemWithOptions(nullptr, nullptr, &system), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassCreateSystemWithOptions("sim", nullptr, nullptr), STATUS_INVALID_PARAMETER);
}

TEST_F(CApiTest, OpensPortsAndDevicesByName) {
  for (const char* name : {"ParallelPort0", "LPT1", "Parallel0", "LPT1.0", "LPT1.1", "LPT1.4"}) {
    PARCLASS_HANDLE handle = Open(name);
    EXPECT_EQ(ParclassClose(handle), STATUS_SUCCESS);
  }
  PARCLASS_HANDLE handle = nullptr;
  EXPECT_EQ(ParclassOpen(system_, "LPT2", &handle), STATUS_NO_SUCH_DEVICE);
  EXPECT_EQ(ParclassOpen(system_, "LPT1.2", &handle), STATUS_NO_SUCH_DEVICE);
  EXPECT_EQ(handle, nullptr);
}

TEST_F(CApiTest, DevicesAreExclusivePortsShared) {
  PARCLASS_HANDLE printer = Open("LPT1.4");
  PARCLASS_HANDLE again = nullptr;
  EXPECT_EQ(ParclassOpen(system_, "LPT1.4", &again), STATUS_ACCESS_DENIED);
  PARCLASS_HANDLE port_a = Open("ParallelPort0");
  PARCLASS_HANDLE port_b = Open("ParallelPort0");
  EXPECT_NE(port_a, port_b);
  EXPECT_EQ(ParclassClose(printer), STATUS_SUCCESS);
  EXPECT_EQ(ParclassOpen(system_, "LPT1.4", &again), STATUS_SUCCESS);
}

TEST_F(CApiTest, MisuseIsAnsweredNotCrashedOn) {
  PARCLASS_HANDLE printer = Open("LPT1.4");
  PARCLASS_HANDLE port = Open("ParallelPort0");
  ULONG count = 0;
  std::array<uint8_t, 8> bytes{};
  EXPECT_EQ(ParclassOpen(nullptr, "LPT1", &printer), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassOpen(system_, nullptr, &printer), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassOpen(system_, "LPT1", nullptr), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassWrite(printer, nullptr, 4, &count), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassRead(printer, nullptr, 4, &count), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(
      ParclassDeviceIoControl(printer, IOCTL_PAR_QUERY_INFORMATION, nullptr, 0, nullptr, 1, &count),
      STATUS_INVALID_PARAMETER);  // An output length without a buffer.
  EXPECT_EQ(ParclassWrite(port, bytes.data(), 1, &count), STATUS_INVALID_DEVICE_REQUEST);
  EXPECT_EQ(ParclassDeviceIoControl(port, IOCTL_PAR_QUERY_INFORMATION, nullptr, 0, bytes.data(), 1,
                                    &count),
            STATUS_INVALID_DEVICE_REQUEST);
  // A closed handle, and one never opened.
  EXPECT_EQ(ParclassClose(printer), STATUS_SUCCESS);
  EXPECT_EQ(ParclassClose(printer), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassWrite(printer, bytes.data(), 1, &count), STATUS_INVALID_PARAMETER);
  auto* made_up = reinterpret_cast<PARCLASS_HANDLE>(&bytes);  // An address, never a handle.
  EXPECT_EQ(ParclassInternalDeviceIoControl(made_up, IOCTL_INTERNAL_LOCK_PORT, nullptr, 0, nullptr,
                                            0, &count),
            STATUS_INVALID_PARAMETER);
  PARCLASS_SYSTEM* bad = nullptr;
  EXPECT_EQ(ParclassCreateSimulatedSystem("{\"chip\": 7}", &bad), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(bad, nullptr);
  EXPECT_EQ(ParclassCreateSimulatedSystem(nullptr, nullptr), STATUS_INVALID_PARAMETER);
}

TEST_F(CApiTest, WriteAndReadThroughTheHandles) {
  PARCLASS_HANDLE printer = Open("LPT1.4");
  const std::string job = "text";
  ULONG written = 0;
  EXPECT_EQ(ParclassWrite(printer, job.data(), static_cast<ULONG>(job.size()), &written),
            STATUS_SUCCESS);
  EXPECT_EQ(written, job.size());
  PAR_QUERY_INFORMATION status{};
  ULONG returned = 0;
  EXPECT_EQ(ParclassDeviceIoControl(printer, IOCTL_PAR_QUERY_INFORMATION, nullptr, 0, &status,
                                    sizeof status, &returned),
            STATUS_SUCCESS);
  EXPECT_EQ(returned, 1u);
  EXPECT_EQ(status.Status, PARALLEL_SELECTED);
}

// Found by the device request fuzzer: a class beyond the enumerators' range (any int, for a C
// client) reached the C++ implementation as a FILE_INFORMATION_CLASS, which cannot hold it.
TEST_F(CApiTest, QueryInformationOfAnyOtherClassIsInvalid) {
  PARCLASS_HANDLE printer = Open("LPT1.4");
  FILE_POSITION_INFORMATION position{7};
  ULONG returned = 9;
  for (const ULONG information_class : {0u, 15u, 101u, 0x7fffffffu, 0xffffffffu}) {
    EXPECT_EQ(
        ParclassQueryInformation(printer, information_class, &position, sizeof position, &returned),
        STATUS_INVALID_PARAMETER)
        << information_class;
  }
  EXPECT_EQ(position.CurrentByteOffset, 7);
}

TEST_F(CApiTest, QueryInformation) {
  PARCLASS_HANDLE printer = Open("LPT1.4");
  FILE_STANDARD_INFORMATION standard{};
  standard.NumberOfLinks = 9;
  ULONG returned = 0;
  EXPECT_EQ(ParclassQueryInformation(printer, FileStandardInformation, &standard, sizeof standard,
                                     &returned),
            STATUS_SUCCESS);
  EXPECT_EQ(returned, sizeof standard);
  EXPECT_EQ(standard.NumberOfLinks, 0u);
  EXPECT_EQ(standard.Directory, 0);
  FILE_POSITION_INFORMATION position{7};
  EXPECT_EQ(ParclassQueryInformation(printer, FilePositionInformation, &position, sizeof position,
                                     &returned),
            STATUS_SUCCESS);
  EXPECT_EQ(position.CurrentByteOffset, 0);
  EXPECT_EQ(ParclassQueryInformation(printer, FilePositionInformation, &position, 4, &returned),
            STATUS_BUFFER_TOO_SMALL);
  EXPECT_EQ(ParclassQueryInformation(printer, 4, &position, sizeof position, &returned),
            STATUS_INVALID_PARAMETER);
  PARCLASS_HANDLE port = Open("ParallelPort0");
  EXPECT_EQ(ParclassQueryInformation(port, FilePositionInformation, &position, sizeof position,
                                     &returned),
            STATUS_INVALID_DEVICE_REQUEST);
}

// The port callbacks of a closed handle, through the C structures: each answers as for a client
// without the port and changes nothing, whether the port is free or another client holds it.
TEST_F(CApiTest, PortCallbacksAfterCloseAnswerAsForAClientWithoutThePort) {
  PARCLASS_HANDLE a = Open("ParallelPort0");
  PARALLEL_PORT_INFORMATION port{};
  PARALLEL_PNP_INFORMATION pnp{};
  ASSERT_EQ(Get(a, IOCTL_INTERNAL_GET_PARALLEL_PORT_INFO, port), STATUS_SUCCESS);
  ASSERT_EQ(Get(a, IOCTL_INTERNAL_GET_PARALLEL_PNP_INFO, pnp), STATUS_SUCCESS);
  ASSERT_EQ(port.TryAllocatePort(port.Context), 1);
  ASSERT_EQ(ParclassClose(a), STATUS_SUCCESS);  // Closed holding the port: freed.
  PARALLEL_1284_COMMAND command{1, 0, 0};
  const auto expect_not_open = [&] {
    EXPECT_EQ(port.TryAllocatePort(port.Context), 0);
    EXPECT_EQ(port.QueryNumWaiters(port.Context), 0u);
    port.FreePort(port.Context);
    EXPECT_EQ(pnp.TrySetChipMode(pnp.Context, ECR_BYTE_PIO_MODE), STATUS_INVALID_DEVICE_STATE);
    EXPECT_EQ(pnp.ClearChipMode(pnp.Context, ECR_BYTE_PIO_MODE), STATUS_INVALID_DEVICE_STATE);
    EXPECT_EQ(pnp.TrySelectDevice(pnp.Context, &command), STATUS_INVALID_DEVICE_STATE);
    EXPECT_EQ(pnp.DeselectDevice(pnp.Context, &command), STATUS_INVALID_DEVICE_STATE);
  };
  expect_not_open();
  EXPECT_TRUE(PortIsFree());

  PARCLASS_HANDLE b = Open("ParallelPort0");
  ASSERT_EQ(Internal(b, IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE), STATUS_SUCCESS);
  expect_not_open();
  EXPECT_FALSE(PortIsFree());  // Still b's.
  PARALLEL_PORT_INFORMATION port_b{};
  ASSERT_EQ(Get(b, IOCTL_INTERNAL_GET_PARALLEL_PORT_INFO, port_b), STATUS_SUCCESS);
  EXPECT_EQ(port_b.QueryNumWaiters(port_b.Context), 0u);
  EXPECT_NE(port_b.Context, port.Context);
}

TEST_F(CApiTest, DeviceCallbacksAfterCloseAnswerNotConnected) {
  PARCLASS_HANDLE printer = Open("LPT1.4");
  PARCLASS_INFORMATION info{};
  ASSERT_EQ(Get(printer, IOCTL_INTERNAL_PARCLASS_CONNECT, info), STATUS_SUCCESS);
  ASSERT_EQ(Internal(printer, IOCTL_INTERNAL_LOCK_PORT), STATUS_SUCCESS);
  ASSERT_EQ(ParclassClose(printer), STATUS_SUCCESS);  // Unlocked and disconnected.
  std::array<uint8_t, 1> byte{'x'};
  ULONG done = 7;
  EXPECT_EQ(info.DetermineIeeeModes(info.ParclassContext), 0);
  EXPECT_EQ(info.TerminateIeeeMode(info.ParclassContext), STATUS_INVALID_DEVICE_STATE);
  EXPECT_EQ(info.ParallelWrite(info.ParclassContext, byte.data(), 1, &done, 0),
            STATUS_INVALID_DEVICE_STATE);
  EXPECT_EQ(done, 7u);
  EXPECT_TRUE(PortIsFree());
}

using Round = parclass::testing::Round<NTSTATUS>;

std::vector<Round> RaceClose(const std::function<NTSTATUS(int round)>& call,
                             const std::function<void()>& close) {
  return parclass::testing::RaceClose(call, close);
}

// The rounds on one handle: each succeeded until the close, the one running across it may have been
// cancelled (STATUS_CANCELLED: the close cancels what it waits for), and each after it was
// refused; none begun after the close returned succeeded.
void ExpectSucceededThenRefused(const std::vector<Round>& rounds) {
  auto refused = std::find_if(rounds.begin(), rounds.end(),
                              [](const Round& round) { return round.status != STATUS_SUCCESS; });
  EXPECT_TRUE(
      std::all_of(rounds.begin(), refused, [](const Round& round) { return !round.after_close; }));
  if (refused != rounds.end() && refused->status == STATUS_CANCELLED && !refused->after_close) {
    ++refused;
  }
  EXPECT_TRUE(
      std::all_of(refused, rounds.end(),
                  [](const Round& round) { return round.status == STATUS_INVALID_PARAMETER; }))
      << std::hex << (refused == rounds.end() ? 0 : refused->status);
  EXPECT_NE(refused, rounds.end());
}

TEST_F(CApiTest, ClosingAPortHandleWhileAnotherThreadUsesItIsSafe) {
  PARCLASS_HANDLE port = Open("ParallelPort0");
  ExpectSucceededThenRefused(RaceClose(
      [&](int round) {
        return Internal(port, round % 2 == 0 ? IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE
                                             : IOCTL_INTERNAL_PARALLEL_PORT_FREE);
      },
      [&] { EXPECT_EQ(ParclassClose(port), STATUS_SUCCESS); }));
  EXPECT_TRUE(PortIsFree());
}

TEST_F(CApiTest, ClosingADeviceHandleWhileAnotherThreadUsesItIsSafe) {
  PARCLASS_HANDLE printer = Open("LPT1.4");
  ExpectSucceededThenRefused(RaceClose(
      [&](int /*round*/) {
        PAR_QUERY_INFORMATION status{};
        return ParclassDeviceIoControl(printer, IOCTL_PAR_QUERY_INFORMATION, nullptr, 0, &status,
                                       sizeof status, nullptr);
      },
      [&] { EXPECT_EQ(ParclassClose(printer), STATUS_SUCCESS); }));
  EXPECT_TRUE(PortIsFree());
  PARCLASS_HANDLE again = nullptr;
  EXPECT_EQ(ParclassOpen(system_, "LPT1.4", &again), STATUS_SUCCESS);  // No longer open.
}

// A close cancels what a call on the handle waits for in another thread, and returns when that
// call has returned.
TEST_F(CApiTest, CloseCancelsARequestQueuedOnTheHandle) {
  PARCLASS_HANDLE owner = Open("ParallelPort0");
  PARCLASS_HANDLE waiter = Open("ParallelPort0");
  ASSERT_EQ(Internal(owner, IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE), STATUS_SUCCESS);
  PARALLEL_PORT_INFORMATION port{};
  ASSERT_EQ(Get(owner, IOCTL_INTERNAL_GET_PARALLEL_PORT_INFO, port), STATUS_SUCCESS);
  std::future<NTSTATUS> queued = QueuedAllocation(waiter, port);
  EXPECT_EQ(ParclassClose(waiter), STATUS_SUCCESS);
  EXPECT_EQ(queued.get(), STATUS_CANCELLED);
  EXPECT_EQ(port.QueryNumWaiters(port.Context), 0u);
  EXPECT_FALSE(PortIsFree());  // Still the owner's.
  EXPECT_EQ(Internal(waiter, IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE), STATUS_INVALID_PARAMETER);
}

// One thread that holds the port through one handle and asks for it through another: on the
// simulator, whose clock nobody moves meanwhile, the timeout still ends the wait.
TEST_F(CApiTest, ATimeoutEndsAWaitForAPortNobodyFrees) {
  PARCLASS_HANDLE owner = Open("ParallelPort0");
  PARCLASS_HANDLE waiter = Open("ParallelPort0");
  ASSERT_EQ(Internal(owner, IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE), STATUS_SUCCESS);
  ASSERT_EQ(ParclassSetTimeout(waiter, 20), STATUS_SUCCESS);
  EXPECT_EQ(Internal(waiter, IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE), STATUS_DEVICE_BUSY);
  // A device's write takes the port the same way, and sends nothing.
  PARCLASS_HANDLE printer = Open("LPT1.4");
  ASSERT_EQ(ParclassSetTimeout(printer, 20), STATUS_SUCCESS);
  ULONG written = 1;
  EXPECT_EQ(ParclassWrite(printer, "late", 4, &written), STATUS_DEVICE_BUSY);
  EXPECT_EQ(written, 0u);
  EXPECT_EQ(Internal(printer, IOCTL_INTERNAL_LOCK_PORT), STATUS_DEVICE_BUSY);
  // Freed, the port is granted at once; PARCLASS_INFINITE waits again.
  ASSERT_EQ(Internal(owner, IOCTL_INTERNAL_PARALLEL_PORT_FREE), STATUS_SUCCESS);
  EXPECT_EQ(ParclassWrite(printer, "job", 3, &written), STATUS_SUCCESS);
  EXPECT_EQ(written, 3u);
  EXPECT_EQ(ParclassSetTimeout(waiter, PARCLASS_INFINITE), STATUS_SUCCESS);
  EXPECT_EQ(Internal(waiter, IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE), STATUS_SUCCESS);
  EXPECT_EQ(ParclassSetTimeout(nullptr, 20), STATUS_INVALID_PARAMETER);
}

// ParclassCancelIo ends what another thread waits for on the handle, and only that: the handle
// stays open and its next request waits and is granted as before.
TEST_F(CApiTest, CancelIoEndsTheWaitAndNotTheHandle) {
  PARCLASS_HANDLE owner = Open("ParallelPort0");
  PARCLASS_HANDLE waiter = Open("ParallelPort0");
  EXPECT_EQ(ParclassCancelIo(waiter), STATUS_SUCCESS);  // Nothing waits: nothing happens.
  ASSERT_EQ(Internal(owner, IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE), STATUS_SUCCESS);
  PARALLEL_PORT_INFORMATION port{};
  ASSERT_EQ(Get(owner, IOCTL_INTERNAL_GET_PARALLEL_PORT_INFO, port), STATUS_SUCCESS);
  std::future<NTSTATUS> queued = QueuedAllocation(waiter, port);
  EXPECT_EQ(ParclassCancelIo(waiter), STATUS_SUCCESS);
  EXPECT_EQ(queued.get(), STATUS_CANCELLED);
  EXPECT_EQ(port.QueryNumWaiters(port.Context), 0u);
  std::future<NTSTATUS> again = QueuedAllocation(waiter, port);
  ASSERT_EQ(Internal(owner, IOCTL_INTERNAL_PARALLEL_PORT_FREE), STATUS_SUCCESS);
  EXPECT_EQ(again.get(), STATUS_SUCCESS);
  EXPECT_EQ(ParclassCancelIo(nullptr), STATUS_INVALID_PARAMETER);
}

TEST_F(CApiTest, TwoClosesOfOneHandleCloseItOnce) {
  PARCLASS_HANDLE port = Open("ParallelPort0");
  ASSERT_EQ(Internal(port, IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE), STATUS_SUCCESS);
  std::future<NTSTATUS> other = std::async(std::launch::async, [&] { return ParclassClose(port); });
  const NTSTATUS mine = ParclassClose(port);
  const NTSTATUS theirs = other.get();
  EXPECT_TRUE((mine == STATUS_SUCCESS && theirs == STATUS_INVALID_PARAMETER) ||
              (mine == STATUS_INVALID_PARAMETER && theirs == STATUS_SUCCESS))
      << std::hex << mine << " " << theirs;
  EXPECT_TRUE(PortIsFree());
}

// Destroying the system closes its handles as ParclassClose does: a call running on one in another
// thread ends first, and every later call on it is refused.
TEST(CApiDestroyTest, DestroyingTheSystemWhileAnotherThreadUsesAHandleIsSafe) {
  PARCLASS_SYSTEM* system = nullptr;
  ASSERT_EQ(ParclassCreateSimulatedSystem(nullptr, &system), STATUS_SUCCESS);
  PARCLASS_HANDLE port = nullptr;
  PARCLASS_HANDLE printer = nullptr;
  ASSERT_EQ(ParclassOpen(system, "ParallelPort0", &port), STATUS_SUCCESS);
  ASSERT_EQ(ParclassOpen(system, "LPT1.4", &printer), STATUS_SUCCESS);
  const std::vector<Round> rounds = RaceClose(
      [&](int round) {
        switch (round % 3) {
          case 0: return Internal(port, IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE);
          case 1: return Internal(port, IOCTL_INTERNAL_PARALLEL_PORT_FREE);
          default: return ParclassWrite(printer, "x", 1, nullptr);  // With the port free.
        }
      },
      [&] { ParclassDestroySystem(system); });
  // The handles close one after the other: each has its own rounds.
  std::vector<Round> port_rounds;
  std::vector<Round> printer_rounds;
  for (size_t i = 0; i < rounds.size(); ++i) {
    (i % 3 == 2 ? printer_rounds : port_rounds).push_back(rounds[i]);
  }
  ExpectSucceededThenRefused(port_rounds);
  ExpectSucceededThenRefused(printer_rounds);
  EXPECT_EQ(ParclassClose(port), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassClose(printer), STATUS_INVALID_PARAMETER);
}

// Random requests against each kind of handle, one handle at a time (so that no request waits
// for a port another handle holds): codes near and far from real ones, lengths from 0 to past
// every structure, random contents. Nothing may crash, and Information never exceeds the output
// length.
TEST(CApiFuzzTest, RandomRequestsAreDecodedSafely) {
  PARCLASS_SYSTEM* system = nullptr;
  ASSERT_EQ(ParclassCreateSimulatedSystem(nullptr, &system), STATUS_SUCCESS);
  std::mt19937 random(1284);
  std::vector<uint32_t> codes;
  for (uint32_t function = 0; function < 64; ++function) {
    codes.push_back(parclass::port::ParallelIoctl(function));
  }
  codes.push_back(parclass::bus::kIoctlSerialSetTimeouts);
  codes.push_back(parclass::bus::kIoctlSerialGetTimeouts);
  // Requests that would cut the simulated port off for the rest of the run, or leave a chip mode
  // the next handle cannot clear, are left out; they have their own tests.
  const std::array<uint32_t, 1> skipped = {parclass::port::kIoctlParallelSetChipMode};
  for (const char* name : {"ParallelPort0", "LPT1", "LPT1.0", "LPT1.1", "LPT1.4"}) {
    PARCLASS_HANDLE handle = nullptr;
    ASSERT_EQ(ParclassOpen(system, name, &handle), STATUS_SUCCESS) << name;
    for (int i = 0; i < 400; ++i) {
      uint32_t code =
          random() % 4 == 0 ? static_cast<uint32_t>(random()) : codes[random() % codes.size()];
      if (std::find(skipped.begin(), skipped.end(), code) != skipped.end()) continue;
      const ULONG input_length = random() % 140;
      const ULONG output_length = random() % 140;
      std::vector<uint8_t> input(input_length);
      for (uint8_t& byte : input) byte = static_cast<uint8_t>(random());
      // A select command with a random ID, half the time, for the select requests.
      if (input_length >= 8 && random() % 2 == 0) input[0] = static_cast<uint8_t>(random() % 6);
      std::vector<uint8_t> output(output_length);
      ULONG returned = 0;
      const bool internal = random() % 2 == 0;
      const NTSTATUS status =
          internal ? ParclassInternalDeviceIoControl(handle, code, input.data(), input_length,
                                                     output.data(), output_length, &returned)
                   : ParclassDeviceIoControl(handle, code, input.data(), input_length,
                                             output.data(), output_length, &returned);
      if (NT_SUCCESS(status)) {
        EXPECT_LE(returned, output_length) << std::hex << code;
      }
      if (random() % 8 == 0) {
        std::vector<uint8_t> data(random() % 64);
        ULONG moved = 0;
        (void)(random() % 2 == 0
                   ? ParclassWrite(handle, data.data(), static_cast<ULONG>(data.size()), &moved)
                   : ParclassRead(handle, data.data(), static_cast<ULONG>(data.size()), &moved));
        EXPECT_LE(moved, data.size());
      }
    }
    EXPECT_EQ(ParclassClose(handle), STATUS_SUCCESS);
  }
  ParclassDestroySystem(system);
}

}  // namespace
