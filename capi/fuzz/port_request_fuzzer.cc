// Fuzz target: a port's internal requests through the C handle API (parclass/c/parclass.h), as a
// client program sends them: any code, any input and output lengths, any input bytes, and calls
// of the callbacks the port hands out (PARALLEL_PORT_INFORMATION, PARALLEL_PNP_INFORMATION) with
// any arguments. Whatever the request, the status is an NTSTATUS and the Information of a success
// fits the output buffer.
//
// The inputs share a simulated system (SharedSystem; the built-in topology without Device IDs).
// Each input opens its handle and closes it, which frees the port, and first clears a chip mode
// an earlier input left set (a close does not), so that it finds the port as a new client does.
//
// One port handle only: the C API gives requests no deadline, so a second client's allocate
// would wait for ever for the first one's port, in the single thread that should free it.
//
// Input: operations, one after the other until the input ends (FuzzInput; a missing byte is 0).
//   00 CODE IN OUT BYTES[IN]  ParclassInternalDeviceIoControl; CODE picks from kCodes, and
//                             0xff takes the code from the next four bytes (little-endian)
//   01 CODE IN OUT BYTES[IN]  the same with null buffers
//   02 WHICH ARGS...          a callback: 0 TryAllocatePort, 1 FreePort, 2 QueryNumWaiters,
//                             3 TrySetChipMode MODE, 4 ClearChipMode MODE, 5 TrySelectDevice
//                             COMMAND[8], 6 DeselectDevice COMMAND[8]
//   03                        close the handle and open a new one
// Seeds (port_request_corpus/): each request with a valid buffer, and the callbacks.

#include <array>
#include <cstddef>
#include <cstdint>

#include "c_client.h"
#include "parclass/c/parclass.h"

namespace parclass::capi_fuzz {
namespace {

constexpr std::array<ULONG, 25> kCodes = {
    IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE,
    IOCTL_INTERNAL_GET_PARALLEL_PORT_INFO,
    IOCTL_INTERNAL_PARALLEL_CONNECT_INTERRUPT,
    IOCTL_INTERNAL_PARALLEL_DISCONNECT_INTERRUPT,
    IOCTL_INTERNAL_RELEASE_PARALLEL_PORT_INFO,
    IOCTL_INTERNAL_GET_MORE_PARALLEL_PORT_INFO,
    IOCTL_INTERNAL_PARCHIP_CONNECT,
    IOCTL_INTERNAL_PARALLEL_SET_CHIP_MODE,
    IOCTL_INTERNAL_PARALLEL_CLEAR_CHIP_MODE,
    IOCTL_INTERNAL_GET_PARALLEL_PNP_INFO,
    IOCTL_INTERNAL_INIT_1284_3_BUS,
    IOCTL_INTERNAL_SELECT_DEVICE,
    IOCTL_INTERNAL_DESELECT_DEVICE,
    IOCTL_INTERNAL_GET_PARPORT_FDO,
    IOCTL_INTERNAL_PARALLEL_PORT_FREE,
    IOCTL_INTERNAL_PARDOT3_CONNECT,
    IOCTL_INTERNAL_PARDOT3_DISCONNECT,
    IOCTL_INTERNAL_PARDOT3_RESET,
    IOCTL_INTERNAL_PARDOT3_SIGNAL,
    IOCTL_INTERNAL_REGISTER_FOR_REMOVAL_RELATIONS,
    IOCTL_INTERNAL_UNREGISTER_FOR_REMOVAL_RELATIONS,
    IOCTL_INTERNAL_DISABLE_END_OF_CHAIN_BUS_RESCAN,
    IOCTL_INTERNAL_ENABLE_END_OF_CHAIN_BUS_RESCAN,
    IOCTL_INTERNAL_PARCLASS_CONNECT,  // A device's request: the port refuses it.
    IOCTL_INTERNAL_LOCK_PORT,
};

// The built-in topology without Device IDs: the port's requests need the chip and the 1284.3
// chain, not the devices' IDs, which the bus's enumeration would read in nibble mode.
constexpr const char* kTopology = R"({
  "chain": [{"name": "chain0", "modes": ["byte"]}, {"name": "chain1", "modes": ["byte"]}],
  "peripheral": {"modes": ["byte", "ecp", "ecp-rle", "epp"]}
})";

SharedSystem g_system(kTopology);

enum class Buffers : uint8_t { kGiven, kNull };

class Session {
 public:
  Session() {
    Open();
    if (pnp_info_.CurrentMode == INITIAL_MODE) return;
    Check(port_info_.TryAllocatePort(port_info_.Context) != 0);
    Check(pnp_info_.ClearChipMode(pnp_info_.Context, static_cast<UCHAR>(pnp_info_.CurrentMode)) ==
          STATUS_SUCCESS);
    port_info_.FreePort(port_info_.Context);
  }
  ~Session() { Check(ParclassClose(port_) == STATUS_SUCCESS); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void Request(FuzzInput& input, Buffers buffers) {
    ClientRequest request = RequestOf(input, kCodes);
    const bool null = buffers == Buffers::kNull;
    ULONG returned = 0;
    const NTSTATUS status = ParclassInternalDeviceIoControl(
        port_, request.code, null ? nullptr : request.input.data(), request.input_length(),
        null ? nullptr : request.output.data(), request.output_length(), &returned);
    if (NT_SUCCESS(status)) Check(returned <= request.output_length());
  }

  void Callback(FuzzInput& input) const {
    PARALLEL_1284_COMMAND command{};
    switch (input.Byte() % 7) {
      case 0: (void)port_info_.TryAllocatePort(port_info_.Context); return;
      case 1: port_info_.FreePort(port_info_.Context); return;
      case 2: (void)port_info_.QueryNumWaiters(port_info_.Context); return;
      case 3: (void)pnp_info_.TrySetChipMode(pnp_info_.Context, input.Byte()); return;
      case 4: (void)pnp_info_.ClearChipMode(pnp_info_.Context, input.Byte()); return;
      case 5:
        command = CommandOf(input);
        (void)pnp_info_.TrySelectDevice(pnp_info_.Context, &command);
        return;
      default:
        command = CommandOf(input);
        (void)pnp_info_.DeselectDevice(pnp_info_.Context, &command);
        return;
    }
  }

  // The callbacks' context is the handle: they are taken again from the new one.
  void Reopen() {
    Check(ParclassClose(port_) == STATUS_SUCCESS);
    Open();
  }

 private:
  void Open() {
    Check(ParclassOpen(g_system.Begin(), "ParallelPort0", &port_) == STATUS_SUCCESS);
    ULONG returned = 0;
    Check(ParclassInternalDeviceIoControl(port_, IOCTL_INTERNAL_GET_PARALLEL_PORT_INFO, nullptr, 0,
                                          &port_info_, sizeof port_info_,
                                          &returned) == STATUS_SUCCESS);
    Check(ParclassInternalDeviceIoControl(port_, IOCTL_INTERNAL_GET_PARALLEL_PNP_INFO, nullptr, 0,
                                          &pnp_info_, sizeof pnp_info_,
                                          &returned) == STATUS_SUCCESS);
  }

  PARCLASS_HANDLE port_ = nullptr;
  PARALLEL_PORT_INFORMATION port_info_{};
  PARALLEL_PNP_INFORMATION pnp_info_{};
};

void FuzzPortRequests(FuzzInput& input) {
  Session session;
  while (!input.empty()) {
    switch (input.Byte() % 4) {
      case 0: session.Request(input, Buffers::kGiven); break;
      case 1: session.Request(input, Buffers::kNull); break;
      case 2: session.Callback(input); break;
      default: session.Reopen(); break;
    }
  }
}

}  // namespace
}  // namespace parclass::capi_fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  parclass::testing::FuzzInput input(data, size);
  parclass::capi_fuzz::FuzzPortRequests(input);
  return 0;
}
