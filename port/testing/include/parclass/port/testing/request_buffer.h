// RequestBuffer: one request's system buffer for tests of the port and device requests: a
// structure copied in as input, room for output, and the output read back as a structure.
//
//   RequestBuffer buffer;
//   handle.InternalDeviceControl(buffer.In(kIoctlSelectDevice, command));
//   handle.InternalDeviceControl(buffer.Out(kIoctlGetParallelPortInfo, sizeof(Info)));
//   auto info = buffer.As<ParallelPortInformation>();

#ifndef PARCLASS_PORT_TESTING_REQUEST_BUFFER_H_
#define PARCLASS_PORT_TESTING_REQUEST_BUFFER_H_

#include <array>
#include <cstddef>
#include <cstring>
#include <string>

#include "parclass/port/requests.h"

namespace parclass::port::testing {

struct RequestBuffer {
  std::array<std::byte, 512> bytes{};

  template <typename T>
  PortRequest In(uint32_t code, const T& value, size_t output_length = 0) {
    std::memcpy(bytes.data(), &value, sizeof(T));
    return {
        .code = code, .buffer = bytes, .input_length = sizeof(T), .output_length = output_length};
  }
  PortRequest Out(uint32_t code, size_t length) {
    return {.code = code, .buffer = bytes, .output_length = length};
  }
  template <typename T>
  T As() const {
    T value;
    std::memcpy(&value, bytes.data(), sizeof(T));
    return value;
  }
  // The output as a NUL-terminated string.
  std::string Text() const { return reinterpret_cast<const char*>(bytes.data()); }
};

// A request with no buffer.
inline PortRequest Plain(uint32_t code) { return {.code = code}; }

}  // namespace parclass::port::testing

#endif  // PARCLASS_PORT_TESTING_REQUEST_BUFFER_H_
