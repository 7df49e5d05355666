// The C handle API (parclass/c/parclass.h) over the port and bus layers.

#include "parclass/c/parclass.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "parclass/base/context_registry.h"
#include "parclass/base/mutex.h"
#include "parclass/bus/bus.h"
#include "parclass/port/port.h"
#include "parclass/sim/topology.h"
#include "parclass/system/system.h"

struct ParclassSystem {
  std::unique_ptr<parclass::system::System> system;
  parclass::Mutex open_mutex;
  // Until closed and gone.
  std::vector<PARCLASS_HANDLE> open PARCLASS_GUARDED_BY(open_mutex);
  parclass::CondVar all_closed;  // Notified when `open` becomes empty.
};

struct ParclassHandle {
  ParclassSystem* system;
  std::unique_ptr<parclass::port::PortHandle> port;     // A port handle, or
  std::unique_ptr<parclass::bus::DeviceHandle> device;  // a device handle.
  std::stop_source closing;  // Requested by ParclassClose: cancels the requests queued meanwhile.

  // What a request through this handle waits with: no deadline, cancelled by a close.
  parclass::port::RequestOptions Options() const { return {.cancel = closing.get_token()}; }
};

namespace {

using parclass::port::NtStatus;
using parclass::port::RequestResult;

// A PARCLASS_HANDLE is a number in this registry, never an address, so that a closed or made-up
// handle is refused rather than followed, and a handle is not reused. A call keeps its handle
// alive until it returns; ParclassClose waits for it. Never destroyed: handles still open at exit
// are closed by no one, and a call at exit must still find the registry.
parclass::ContextRegistry<ParclassHandle>& Handles() {
  static auto* registry = new parclass::ContextRegistry<ParclassHandle>;
  return *registry;
}

// Runs `call` on the open handle `handle` names; STATUS_INVALID_PARAMETER if it names none.
template <typename Call>
NTSTATUS OnHandle(PARCLASS_HANDLE handle, Call call) {
  return Handles().Call(static_cast<void*>(handle), NTSTATUS{STATUS_INVALID_PARAMETER}, call);
}

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

NTSTATUS ParclassCreateSystemWithOptions(const char* backend_spec, ULONG options,
                                         PARCLASS_SYSTEM** system) {
  if (system == nullptr) return STATUS_INVALID_PARAMETER;
  *system = nullptr;
  if (backend_spec == nullptr || (options & ~PARCLASS_OPTION_ENABLE_CONNECT_INTERRUPT) != 0) {
    return STATUS_INVALID_PARAMETER;
  }
  return Created(parclass::system::System::Open(
                     backend_spec, {.enable_connect_interrupt =
                                        (options & PARCLASS_OPTION_ENABLE_CONNECT_INTERRUPT) != 0}),
                 system);
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
  std::vector<PARCLASS_HANDLE> open;
  {
    const parclass::MutexLock lock(system->open_mutex);
    open = system->open;
  }
  for (PARCLASS_HANDLE handle : open) (void)ParclassClose(handle);
  {
    // A handle another thread was closing meanwhile was refused above: wait until it is gone.
    const parclass::MutexLock lock(system->open_mutex);
    while (!system->open.empty()) system->all_closed.Wait(system->open_mutex);
  }
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
  const parclass::MutexLock lock(system->open_mutex);
  *handle = static_cast<PARCLASS_HANDLE>(Handles().Add(*opened));
  (void)opened.release();  // Its registration owns it until ParclassClose.
  system->open.push_back(*handle);
  return STATUS_SUCCESS;
}

NTSTATUS ParclassClose(PARCLASS_HANDLE handle) {
  if (Handles().InCall(handle)) return STATUS_INVALID_DEVICE_STATE;  // It would wait for itself.
  // No later call finds the handle; the queued requests of calls running on it are cancelled, and
  // those calls have returned when Remove does.
  std::unique_ptr<ParclassHandle> closed(
      Handles().Remove(handle, [](ParclassHandle& closing) { closing.closing.request_stop(); }));
  if (!closed) return STATUS_INVALID_PARAMETER;
  ParclassSystem& system = *closed->system;
  closed.reset();  // Frees the port and the lock it held, disconnects what it connected.
  // Last: once `open` is empty, a ParclassDestroySystem waiting for it may free the system.
  const parclass::MutexLock lock(system.open_mutex);
  std::erase(system.open, handle);
  if (system.open.empty()) system.all_closed.NotifyAll();
  return STATUS_SUCCESS;
}

NTSTATUS ParclassDeviceIoControl(PARCLASS_HANDLE handle, ULONG code, const void* input,
                                 ULONG input_length, void* output, ULONG output_length,
                                 ULONG* returned) {
  return OnHandle(handle, [&](ParclassHandle& open) -> NTSTATUS {
    if (!open.device) return STATUS_INVALID_DEVICE_REQUEST;  // Ports take internal requests.
    return Buffered(input, input_length, output, output_length, returned,
                    [&](parclass::port::PortRequest request) {
                      request.code = code;
                      return open.device->DeviceControl(request, open.Options());
                    });
  });
}

NTSTATUS ParclassInternalDeviceIoControl(PARCLASS_HANDLE handle, ULONG code, const void* input,
                                         ULONG input_length, void* output, ULONG output_length,
                                         ULONG* returned) {
  return OnHandle(handle, [&](ParclassHandle& open) {
    return Buffered(input, input_length, output, output_length, returned,
                    [&](parclass::port::PortRequest request) {
                      request.code = code;
                      return open.device
                                 ? open.device->InternalDeviceControl(request, open.Options())
                                 : open.port->InternalDeviceControl(request, open.Options());
                    });
  });
}

NTSTATUS ParclassRead(PARCLASS_HANDLE handle, void* buffer, ULONG length, ULONG* read) {
  if (buffer == nullptr && length > 0) return STATUS_INVALID_PARAMETER;
  return OnHandle(handle, [&](ParclassHandle& open) -> NTSTATUS {
    if (!open.device) return STATUS_INVALID_DEVICE_REQUEST;
    const RequestResult result =
        open.device->Read(std::span(static_cast<uint8_t*>(buffer), length), open.Options());
    if (read != nullptr) *read = static_cast<ULONG>(result.information);
    return ToC(result.status);
  });
}

NTSTATUS ParclassWrite(PARCLASS_HANDLE handle, const void* buffer, ULONG length, ULONG* written) {
  if (buffer == nullptr && length > 0) return STATUS_INVALID_PARAMETER;
  return OnHandle(handle, [&](ParclassHandle& open) -> NTSTATUS {
    if (!open.device) return STATUS_INVALID_DEVICE_REQUEST;
    const RequestResult result =
        open.device->Write(std::span(static_cast<const uint8_t*>(buffer), length), open.Options());
    if (written != nullptr) *written = static_cast<ULONG>(result.information);
    return ToC(result.status);
  });
}

NTSTATUS ParclassQueryInformation(PARCLASS_HANDLE handle, ULONG information_class, void* output,
                                  ULONG output_length, ULONG* returned) {
  if (output == nullptr && output_length > 0) return STATUS_INVALID_PARAMETER;
  return OnHandle(handle, [&](ParclassHandle& open) -> NTSTATUS {
    if (!open.device) return STATUS_INVALID_DEVICE_REQUEST;
    const RequestResult result = open.device->QueryInformation(
        static_cast<parclass::bus::FileInformationClass>(information_class),
        std::span(static_cast<std::byte*>(output), output_length));
    if (returned != nullptr) *returned = static_cast<ULONG>(result.information);
    return ToC(result.status);
  });
}

}  // extern "C"
