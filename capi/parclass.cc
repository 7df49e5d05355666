// The C handle API (parclass/c/parclass.h) over the port and bus layers.

#include "parclass/c/parclass.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

#include "parclass/bus/bus.h"
#include "parclass/port/port.h"
#include "parclass/sim/topology.h"
#include "parclass/system/system.h"

struct ParclassSystem {
  std::unique_ptr<parclass::system::System> system;
  std::vector<PARCLASS_HANDLE> open;  // Closed by ParclassDestroySystem.
};

struct ParclassHandle {
  ParclassSystem* system;
  std::unique_ptr<parclass::port::PortHandle> port;     // A port handle, or
  std::unique_ptr<parclass::bus::DeviceHandle> device;  // a device handle.
};

namespace {

using parclass::port::NtStatus;

// The handles open now, so that a closed or made-up one is refused rather than followed.
class LiveHandles {
 public:
  void Add(PARCLASS_HANDLE handle) {
    const std::lock_guard lock(mutex_);
    handles_.insert(handle);
  }
  bool Remove(PARCLASS_HANDLE handle) {
    const std::lock_guard lock(mutex_);
    return handles_.erase(handle) > 0;
  }
  bool Contains(PARCLASS_HANDLE handle) {
    const std::lock_guard lock(mutex_);
    return handles_.contains(handle);
  }

 private:
  std::mutex mutex_;
  std::unordered_set<PARCLASS_HANDLE> handles_;
};

LiveHandles& Live() {
  static LiveHandles live;
  return live;
}
using parclass::port::RequestResult;

NTSTATUS ToC(NtStatus status) { return static_cast<NTSTATUS>(static_cast<uint32_t>(status)); }

NTSTATUS StatusOf(const parclass::Error& error) { return ToC(parclass::port::StatusOf(error)); }

// METHOD_BUFFERED: one system buffer, the larger of the two lengths; the input copied in, the
// output copied out.
template <typename Send>
NTSTATUS Buffered(const void* input, ULONG input_length, void* output, ULONG output_length,
                  ULONG* returned, Send send) {
  if ((input == nullptr && input_length > 0) || (output == nullptr && output_length > 0)) {
    return STATUS_INVALID_PARAMETER;
  }
  std::vector<std::byte> system(std::max(input_length, output_length));
  if (input_length > 0) std::memcpy(system.data(), input, input_length);
  const RequestResult result = send(parclass::port::PortRequest{
      .code = 0, .buffer = system, .input_length = input_length, .output_length = output_length});
  const size_t produced = std::min<size_t>(result.information, output_length);
  if (produced > 0) std::memcpy(output, system.data(), produced);
  if (returned != nullptr) *returned = static_cast<ULONG>(result.information);
  return ToC(result.status);
}

// A system the library opened, handed to the C caller; the status that says why not otherwise.
NTSTATUS Created(parclass::Result<std::unique_ptr<parclass::system::System>> opened,
                 PARCLASS_SYSTEM** system) {
  if (!opened) return StatusOf(opened.error());
  auto created = std::make_unique<ParclassSystem>();
  created->system = std::move(*opened);
  *system = created.release();
  return STATUS_SUCCESS;
}

}  // namespace

extern "C" {

NTSTATUS ParclassCreateSystem(const char* backend_spec, PARCLASS_SYSTEM** system) {
  if (system == nullptr) return STATUS_INVALID_PARAMETER;
  *system = nullptr;
  if (backend_spec == nullptr) return STATUS_INVALID_PARAMETER;
  return Created(parclass::system::System::Open(backend_spec), system);
}

NTSTATUS ParclassCreateSimulatedSystem(const char* topology_json, PARCLASS_SYSTEM** system) {
  if (system == nullptr) return STATUS_INVALID_PARAMETER;
  *system = nullptr;
  parclass::sim::Topology topology = parclass::sim::DefaultTopology();
  if (topology_json != nullptr) {
    parclass::Result<parclass::sim::Topology> parsed = parclass::sim::ParseTopology(topology_json);
    if (!parsed) return STATUS_INVALID_PARAMETER;
    topology = std::move(*parsed);
  }
  return Created(
      parclass::system::System::Open(parclass::system::Backend::Simulated(std::move(topology))),
      system);
}

void ParclassDestroySystem(PARCLASS_SYSTEM* system) {
  if (system == nullptr) return;
  for (PARCLASS_HANDLE handle : std::vector(system->open)) ParclassClose(handle);
  delete system;
}

NTSTATUS ParclassOpen(PARCLASS_SYSTEM* system, const char* name, PARCLASS_HANDLE* handle) {
  if (system == nullptr || name == nullptr || handle == nullptr) return STATUS_INVALID_PARAMETER;
  *handle = nullptr;
  auto opened = std::make_unique<ParclassHandle>();
  opened->system = system;
  if (std::string(name) == system->system->port().device_name()) {
    parclass::Result<std::unique_ptr<parclass::port::PortHandle>> port =
        system->system->port().Open();
    if (!port) return STATUS_DELETE_PENDING;
    opened->port = std::move(*port);
  } else {
    parclass::bus::Device* device = system->system->bus().Find(name);
    if (device == nullptr) return STATUS_NO_SUCH_DEVICE;
    parclass::Result<std::unique_ptr<parclass::bus::DeviceHandle>> opened_device = device->Open();
    if (!opened_device) {
      return opened_device.error().code() == parclass::Errc::kPermissionDenied
                 ? STATUS_ACCESS_DENIED
                 : STATUS_DEVICE_REMOVED;
    }
    opened->device = std::move(*opened_device);
  }
  *handle = opened.release();
  system->open.push_back(*handle);
  Live().Add(*handle);
  return STATUS_SUCCESS;
}

NTSTATUS ParclassClose(PARCLASS_HANDLE handle) {
  if (!Live().Remove(handle)) return STATUS_INVALID_PARAMETER;
  std::erase(handle->system->open, handle);
  delete handle;
  return STATUS_SUCCESS;
}

NTSTATUS ParclassDeviceIoControl(PARCLASS_HANDLE handle, ULONG code, const void* input,
                                 ULONG input_length, void* output, ULONG output_length,
                                 ULONG* returned) {
  if (!Live().Contains(handle)) return STATUS_INVALID_PARAMETER;
  if (!handle->device) return STATUS_INVALID_DEVICE_REQUEST;  // Ports take internal requests.
  return Buffered(input, input_length, output, output_length, returned,
                  [&](parclass::port::PortRequest request) {
                    request.code = code;
                    return handle->device->DeviceControl(request);
                  });
}

NTSTATUS ParclassInternalDeviceIoControl(PARCLASS_HANDLE handle, ULONG code, const void* input,
                                         ULONG input_length, void* output, ULONG output_length,
                                         ULONG* returned) {
  if (!Live().Contains(handle)) return STATUS_INVALID_PARAMETER;
  return Buffered(input, input_length, output, output_length, returned,
                  [&](parclass::port::PortRequest request) {
                    request.code = code;
                    return handle->device ? handle->device->InternalDeviceControl(request)
                                          : handle->port->InternalDeviceControl(request);
                  });
}

NTSTATUS ParclassRead(PARCLASS_HANDLE handle, void* buffer, ULONG length, ULONG* read) {
  if (!Live().Contains(handle) || (buffer == nullptr && length > 0)) {
    return STATUS_INVALID_PARAMETER;
  }
  if (!handle->device) return STATUS_INVALID_DEVICE_REQUEST;
  const RequestResult result =
      handle->device->Read(std::span(static_cast<uint8_t*>(buffer), length));
  if (read != nullptr) *read = static_cast<ULONG>(result.information);
  return ToC(result.status);
}

NTSTATUS ParclassWrite(PARCLASS_HANDLE handle, const void* buffer, ULONG length, ULONG* written) {
  if (!Live().Contains(handle) || (buffer == nullptr && length > 0)) {
    return STATUS_INVALID_PARAMETER;
  }
  if (!handle->device) return STATUS_INVALID_DEVICE_REQUEST;
  const RequestResult result =
      handle->device->Write(std::span(static_cast<const uint8_t*>(buffer), length));
  if (written != nullptr) *written = static_cast<ULONG>(result.information);
  return ToC(result.status);
}

NTSTATUS ParclassQueryInformation(PARCLASS_HANDLE handle, FILE_INFORMATION_CLASS information_class,
                                  void* output, ULONG output_length, ULONG* returned) {
  if (!Live().Contains(handle) || (output == nullptr && output_length > 0)) {
    return STATUS_INVALID_PARAMETER;
  }
  if (!handle->device) return STATUS_INVALID_DEVICE_REQUEST;
  const RequestResult result = handle->device->QueryInformation(
      static_cast<parclass::bus::FileInformationClass>(information_class),
      std::span(static_cast<std::byte*>(output), output_length));
  if (returned != nullptr) *returned = static_cast<ULONG>(result.information);
  return ToC(result.status);
}

}  // extern "C"
