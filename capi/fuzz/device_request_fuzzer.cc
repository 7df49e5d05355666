// Fuzz target: a device's requests through the C handle API (parclass/c/parclass.h), as a client
// program sends them: device and internal requests with any code, lengths and input bytes;
// reads, writes and information queries of any size; and calls of the PARCLASS_CONNECT
// callbacks (PARCLASS_INFORMATION) with any arguments, connected or not, before and after the
// handle closes. Whatever the request, the status is an NTSTATUS and no count exceeds its buffer.
//
// The inputs share a simulated system (SharedSystem; the built-in topology, two IEEE 1284.3
// devices and a printer, with short Device IDs). Each input opens its device and closes it,
// which unlocks the port and disconnects; an input that changed a setting a device keeps across
// opens (its serial timeouts, addresses, excluded modes or protocols) has the system built anew
// for the next one. So every input finds the system as a new client does, and a crash replays
// from its input alone.
//
// One device handle only: the C API gives requests no deadline, so a second device's request
// for the port would wait for ever for the first one's lock, in the single thread that should
// unlock it. And the serial timeouts an input sets are cut to a few seconds (CutTimeouts): a
// transfer the peripheral stops polls the chip until its deadline, in virtual time but at a real
// cost in proportion, and the serial timeouts reach 49 days.
//
// Input: a byte that picks the device (kDevices), then operations until the input ends
// (FuzzInput; a missing byte is 0).
//   00 CODE IN OUT BYTES[IN]  ParclassDeviceIoControl; CODE picks from kCodes, and 0xff takes
//                             the code from the next four bytes (little-endian)
//   01 CODE IN OUT BYTES[IN]  ParclassInternalDeviceIoControl, the same way
//   02 COUNT BYTES[COUNT]     ParclassWrite
//   03 COUNT                  ParclassRead
//   04 CLASS OUT              ParclassQueryInformation
//   05 WHICH ARGS...          a callback of the last PARCLASS_INFORMATION: 0 DetermineIeeeModes,
//                             1 NegotiateIeeeMode FWD[2] REV[2] SAFETY IS_FORWARD,
//                             2 TerminateIeeeMode, 3 IeeeFwdToRevMode, 4 IeeeRevToFwdMode,
//                             5 ParallelRead COUNT, 6 ParallelWrite COUNT BYTES[COUNT],
//                             7 ParallelTryselect COMMAND[8], 8 ParallelDeSelect COMMAND[8]
//   06                        close the handle and open the device again
// Seeds (device_request_corpus/): each request with a valid buffer, a client driver's session
// (connect, lock, negotiate, write, unlock), reads and writes in each protocol.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "c_client.h"
#include "parclass/c/parclass.h"

namespace parclass::capi_fuzz {
namespace {

constexpr std::array<const char*, 4> kDevices = {"LPT1.4", "LPT1", "LPT1.0", "LPT1.1"};

constexpr std::array<ULONG, 30> kCodes = {
    IOCTL_PAR_QUERY_INFORMATION,
    IOCTL_PAR_SET_INFORMATION,
    IOCTL_PAR_QUERY_DEVICE_ID,
    IOCTL_PAR_QUERY_DEVICE_ID_SIZE,
    IOCTL_IEEE1284_GET_MODE,
    IOCTL_IEEE1284_NEGOTIATE,
    IOCTL_PAR_SET_WRITE_ADDRESS,
    IOCTL_PAR_SET_READ_ADDRESS,
    IOCTL_PAR_GET_DEVICE_CAPS,
    IOCTL_PAR_GET_DEFAULT_MODES,
    IOCTL_PAR_PING,
    IOCTL_PAR_QUERY_RAW_DEVICE_ID,
    IOCTL_PAR_ECP_HOST_RECOVERY,
    IOCTL_PAR_GET_READ_ADDRESS,
    IOCTL_PAR_GET_WRITE_ADDRESS,
    IOCTL_PAR_TEST,
    IOCTL_PAR_IS_PORT_FREE,
    IOCTL_PAR_QUERY_LOCATION,
    IOCTL_SERIAL_SET_TIMEOUTS,
    IOCTL_SERIAL_GET_TIMEOUTS,
    IOCTL_INTERNAL_PARCLASS_CONNECT,
    IOCTL_INTERNAL_PARCLASS_DISCONNECT,
    IOCTL_INTERNAL_DISCONNECT_IDLE,
    IOCTL_INTERNAL_LOCK_PORT,
    IOCTL_INTERNAL_UNLOCK_PORT,
    IOCTL_INTERNAL_LOCK_PORT_NO_SELECT,
    IOCTL_INTERNAL_UNLOCK_PORT_NO_DESELECT,
    IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE,  // A port's requests: the device refuses them.
    IOCTL_INTERNAL_GET_PARALLEL_PORT_INFO,
    IOCTL_INTERNAL_SELECT_DEVICE,
};
// The built-in topology with short Device IDs: the bus's enumeration reads each in nibble mode.
constexpr const char* kTopology = R"({
  "chain": [{"name": "chain0", "modes": ["byte", "device-id"], "device_id": "MFG:A;MDL:0;"},
            {"name": "chain1", "modes": ["byte", "device-id"], "device_id": "MFG:A;MDL:1;"}],
  "peripheral": {"modes": ["byte", "ecp", "ecp-rle", "epp", "device-id"],
                 "device_id": "MFG:A;MDL:P;CLS:PRINTER;"}
})";

enum class Control : uint8_t { kDevice, kInternal };

// The device requests that change a setting the device keeps across opens.
constexpr std::array<ULONG, 5> kSettingCodes = {
    IOCTL_PAR_SET_WRITE_ADDRESS, IOCTL_PAR_SET_READ_ADDRESS, IOCTL_PAR_GET_DEVICE_CAPS,
    IOCTL_IEEE1284_NEGOTIATE,    IOCTL_SERIAL_SET_TIMEOUTS,
};

SharedSystem g_system(kTopology);

// The most an input's serial timeouts allow: a constant, and a multiplier by the largest count.
constexpr ULONG kLongestConstant = 2000;  // Milliseconds.
constexpr ULONG kLongestPerByte = 8;      // Milliseconds a byte, for at most 255 bytes.
constexpr ULONG kMaxUlong = 0xffffffff;

// IOCTL_SERIAL_SET_TIMEOUTS's input with each value cut to those limits, except the pair the
// request refuses (read interval and read total constant both MAXULONG).
void CutTimeouts(ClientRequest& request) {
  SERIAL_TIMEOUTS timeouts{};
  if (request.code != IOCTL_SERIAL_SET_TIMEOUTS || request.input.size() < sizeof timeouts) return;
  std::memcpy(&timeouts, request.input.data(), sizeof timeouts);
  if (timeouts.ReadIntervalTimeout == kMaxUlong && timeouts.ReadTotalTimeoutConstant == kMaxUlong) {
    return;
  }
  timeouts.ReadIntervalTimeout = std::min(timeouts.ReadIntervalTimeout, kLongestConstant);
  timeouts.ReadTotalTimeoutConstant = std::min(timeouts.ReadTotalTimeoutConstant, kLongestConstant);
  timeouts.WriteTotalTimeoutConstant =
      std::min(timeouts.WriteTotalTimeoutConstant, kLongestConstant);
  timeouts.ReadTotalTimeoutMultiplier =
      std::min(timeouts.ReadTotalTimeoutMultiplier, kLongestPerByte);
  timeouts.WriteTotalTimeoutMultiplier =
      std::min(timeouts.WriteTotalTimeoutMultiplier, kLongestPerByte);
  std::memcpy(request.input.data(), &timeouts, sizeof timeouts);
}

class Session {
 public:
  explicit Session(const char* device) : device_(device) {
    Check(ParclassOpen(g_system.Begin(), device_, &handle_) == STATUS_SUCCESS);
  }
  ~Session() {
    Check(ParclassClose(handle_) == STATUS_SUCCESS);
    if (settings_changed_) g_system.Discard();
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void Request(FuzzInput& input, Control control) {
    ClientRequest request = RequestOf(input, kCodes);
    CutTimeouts(request);
    const bool device = control == Control::kDevice;
    settings_changed_ =
        settings_changed_ || (device && std::ranges::count(kSettingCodes, request.code) > 0);
    ULONG returned = 0;
    const NTSTATUS status = (device ? ParclassDeviceIoControl : ParclassInternalDeviceIoControl)(
        handle_, request.code, request.input.data(), request.input_length(), request.output.data(),
        request.output_length(), &returned);
    if (NT_SUCCESS(status)) Check(returned <= request.output_length());
    // The callbacks a successful CONNECT hands out, for the operations that call them.
    if (request.code == IOCTL_INTERNAL_PARCLASS_CONNECT && NT_SUCCESS(status) &&
        returned >= sizeof info_) {
      std::memcpy(&info_, request.output.data(), sizeof info_);
      connected_ = true;
    }
  }

  void Write(FuzzInput& input) {
    const auto bytes = input.Bytes(input.Byte());
    ULONG written = 0;
    (void)ParclassWrite(handle_, bytes.data(), static_cast<ULONG>(bytes.size()), &written);
    Check(written <= bytes.size());
  }

  void Read(FuzzInput& input) {
    std::vector<uint8_t> buffer(input.Byte());
    ULONG read = 0;
    (void)ParclassRead(handle_, buffer.data(), static_cast<ULONG>(buffer.size()), &read);
    Check(read <= buffer.size());
  }

  void QueryInformation(FuzzInput& input) {
    const ULONG information_class = input.Byte();
    std::vector<uint8_t> output(input.Byte());
    ULONG returned = 0;
    const NTSTATUS status = ParclassQueryInformation(handle_, information_class, output.data(),
                                                     static_cast<ULONG>(output.size()), &returned);
    if (NT_SUCCESS(status)) Check(returned <= output.size());
  }

  // After DISCONNECT or a close too: the context then names no connection, which every callback
  // must notice.
  void Callback(FuzzInput& input) {
    if (!connected_) return;
    void* context = info_.ParclassContext;
    switch (input.Byte() % 9) {
      case 0: (void)info_.DetermineIeeeModes(context); return;
      case 1: Negotiate(input); return;
      case 2: (void)info_.TerminateIeeeMode(context); return;
      case 3: (void)info_.IeeeFwdToRevMode(context); return;
      case 4: (void)info_.IeeeRevToFwdMode(context); return;
      case 5: CallbackRead(input); return;
      case 6: CallbackWrite(input); return;
      case 7: (void)info_.ParallelTryselect(context, CommandOf(input)); return;
      default: (void)info_.ParallelDeSelect(context, CommandOf(input)); return;
    }
  }

  void Reopen() {
    Check(ParclassClose(handle_) == STATUS_SUCCESS);
    Check(ParclassOpen(g_system.Begin(), device_, &handle_) == STATUS_SUCCESS);
  }

 private:
  void Negotiate(FuzzInput& input) const {
    const USHORT forward = input.U16();
    const USHORT reverse = input.U16();
    const auto safety = static_cast<PARALLEL_SAFETY>(input.Byte() % 2);
    (void)info_.NegotiateIeeeMode(info_.ParclassContext, forward, reverse, safety, input.Byte());
  }
  void CallbackRead(FuzzInput& input) const {
    std::vector<uint8_t> buffer(input.Byte());
    ULONG read = 0;
    (void)info_.ParallelRead(info_.ParclassContext, buffer.data(),
                             static_cast<ULONG>(buffer.size()), &read, 0);
    Check(read <= buffer.size());
  }
  void CallbackWrite(FuzzInput& input) const {
    const auto given = input.Bytes(input.Byte());
    std::vector<uint8_t> bytes(given.begin(), given.end());
    ULONG written = 0;
    (void)info_.ParallelWrite(info_.ParclassContext, bytes.data(), static_cast<ULONG>(bytes.size()),
                              &written, 0);
    Check(written <= bytes.size());
  }

  const char* const device_;
  PARCLASS_HANDLE handle_ = nullptr;
  bool settings_changed_ = false;  // Sent one of kSettingCodes: the system is built anew.
  PARCLASS_INFORMATION info_{};
  bool connected_ = false;  // info_ came from a CONNECT (perhaps since undone).
};

void FuzzDeviceRequests(FuzzInput& input) {
  Session session(input.Pick(kDevices));
  while (!input.empty()) {
    switch (input.Byte() % 7) {
      case 0: session.Request(input, Control::kDevice); break;
      case 1: session.Request(input, Control::kInternal); break;
      case 2: session.Write(input); break;
      case 3: session.Read(input); break;
      case 4: session.QueryInformation(input); break;
      case 5: session.Callback(input); break;
      default: session.Reopen(); break;
    }
  }
}

}  // namespace
}  // namespace parclass::capi_fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  parclass::testing::FuzzInput input(data, size);
  parclass::capi_fuzz::FuzzDeviceRequests(input);
  return 0;
}
