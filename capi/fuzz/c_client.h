// What the C API's fuzz targets share: the simulated system their inputs run on, and the pieces
// of a C client's request that they read from an input.
//
//   SharedSystem system(kTopology);   // a topology in JSON
//   extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
//     PARCLASS_HANDLE handle;
//     Check(ParclassOpen(system.Begin(), "LPT1.4", &handle) == STATUS_SUCCESS);
//     ...                                 // requests; every handle closed again
//     if (changed_what_a_device_keeps) system.Discard();
//   }

#ifndef PARCLASS_CAPI_FUZZ_C_CLIENT_H_
#define PARCLASS_CAPI_FUZZ_C_CLIENT_H_

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "parclass/base/testing/fuzz_input.h"
#include "parclass/c/parclass.h"

namespace parclass::capi_fuzz {

using testing::FuzzInput;

// A property every answer has; a crash (abort) otherwise, which the fuzzer reports.
inline void Check(bool holds) {
  if (!holds) std::abort();
}

// A request code: one of `codes` by one byte, or with the byte 0xff, any code in the next four.
template <size_t kCount>
ULONG CodeOf(FuzzInput& input, const std::array<ULONG, kCount>& codes) {
  constexpr uint8_t kRawCode = 0xff;
  const uint8_t pick = input.Byte();
  return pick == kRawCode ? input.U32() : codes[pick % kCount];
}

// CODE IN OUT BYTES[IN]: a request's code (CodeOf), and its input and output buffers, the input
// from the next IN bytes, the output OUT bytes of 0xaa, as a client's uninitialised memory.
struct ClientRequest {
  ULONG code = 0;
  std::vector<uint8_t> input;
  std::vector<uint8_t> output;

  ULONG input_length() const { return static_cast<ULONG>(input.size()); }
  ULONG output_length() const { return static_cast<ULONG>(output.size()); }
};

template <size_t kCount>
ClientRequest RequestOf(FuzzInput& input, const std::array<ULONG, kCount>& codes) {
  ClientRequest request{.code = CodeOf(input, codes)};
  request.input.resize(input.Byte());
  request.output.assign(input.Byte(), 0xaa);
  std::ranges::copy(input.Bytes(request.input.size()), request.input.begin());
  return request;
}

// PARALLEL_1284_COMMAND's eight bytes as they lie in a client's memory, padding included.
inline PARALLEL_1284_COMMAND CommandOf(FuzzInput& input) {
  PARALLEL_1284_COMMAND command{};
  command.ID = input.Byte();
  command.Port = input.Byte();
  input.Byte();
  input.Byte();
  command.CommandFlags = input.U32();
  return command;
}

// The system the inputs run on. Building one (detection, the 1284.3 chain's addresses, the
// bus's enumeration) takes as long as a hundred inputs, so it is built once and kept while
// inputs leave it as they found it (each closes every handle it opened), and built anew when an
// input says it did not (Discard), and every kInputsPerSystem inputs: the simulator keeps a
// trace of every line change, which would grow without end.
class SharedSystem {
 public:
  static constexpr int kInputsPerSystem = 256;

  explicit SharedSystem(const char* topology) : topology_(topology) {}
  SharedSystem(const SharedSystem&) = delete;
  SharedSystem& operator=(const SharedSystem&) = delete;

  // At the start of an input.
  PARCLASS_SYSTEM* Begin() {
    if (system_ != nullptr && ++inputs_ >= kInputsPerSystem) Discard();
    if (system_ == nullptr) {
      Check(ParclassCreateSimulatedSystem(topology_, &system_) == STATUS_SUCCESS);
      inputs_ = 0;
    }
    return system_;
  }
  // The next input gets a new system.
  void Discard() {
    ParclassDestroySystem(system_);
    system_ = nullptr;
  }

 private:
  const char* const topology_;
  PARCLASS_SYSTEM* system_ = nullptr;
  int inputs_ = 0;  // Begun on system_.
};

}  // namespace parclass::capi_fuzz

#endif  // PARCLASS_CAPI_FUZZ_C_CLIENT_H_
