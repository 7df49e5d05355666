// RequestDecoder: a device's requests at the edge (shared spec windows-parallel-interface.md 2.3,
// 2.5, 2.6): each request's code and buffer checked and decoded into calls on the session (and,
// for PARCLASS_CONNECT, the connection), and the outcome encoded back into the request's status,
// Information and output bytes, with the Windows buffer checks and statuses.
//
//   RequestDecoder decoder(session, connection);
//   std::array<std::byte, sizeof(SerialTimeouts)> buffer = ...;
//   RequestResult set = decoder.DeviceControl(
//       {.code = kIoctlSerialSetTimeouts, .buffer = buffer, .input_length = buffer.size()});
//   RequestResult locked = decoder.InternalDeviceControl({.code = kIoctlLockPort});
//
// Every request on a removed device answers STATUS_DEVICE_REMOVED; one whose lengths do not fit
// its buffer STATUS_INVALID_PARAMETER; unknown codes STATUS_INVALID_PARAMETER (2.2).

#ifndef PARCLASS_BUS_REQUEST_DECODER_H_
#define PARCLASS_BUS_REQUEST_DECODER_H_

#include <cstddef>
#include <span>

#include "parclass/bus/connection.h"
#include "parclass/bus/requests.h"
#include "parclass/bus/session.h"

namespace parclass::bus {

class RequestDecoder {
 public:
  RequestDecoder(DeviceSession& session, Connection& connection)
      : session_(session), connection_(connection) {}

  // IRP_MJ_DEVICE_CONTROL (2.6) and IRP_MJ_INTERNAL_DEVICE_CONTROL (2.5).
  RequestResult DeviceControl(const port::PortRequest& request, const RequestOptions& options = {});
  RequestResult InternalDeviceControl(const port::PortRequest& request,
                                      const RequestOptions& options = {});
  // IRP_MJ_QUERY_INFORMATION (2.3).
  RequestResult QueryInformation(FileInformationClass information_class,
                                 std::span<std::byte> output);

 private:
  // The requests that need no port, and those that take it.
  RequestResult Settings(const port::PortRequest& request);
  RequestResult WithThePort(const port::PortRequest& request, const RequestOptions& options);
  RequestResult SetAddress(const port::PortRequest& request);
  RequestResult SetTimeouts(const port::PortRequest& request);
  RequestResult Negotiate(const port::PortRequest& request);
  RequestResult SetInformation(const port::PortRequest& request, const RequestOptions& options);
  RequestResult DeviceId(const port::PortRequest& request, const RequestOptions& options);
  RequestResult DeviceCaps(const port::PortRequest& request, const RequestOptions& options);

  DeviceSession& session_;
  Connection& connection_;
};

}  // namespace parclass::bus

#endif  // PARCLASS_BUS_REQUEST_DECODER_H_
