// The C handle API (parclass/c/parclass.h) over the port and bus layers.

#include "parclass/c/parclass.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "parclass/base/context_registry.h"
#include "parclass/base/mutex.h"
#include "parclass/bus/bus.h"
#include "parclass/c/hal.h"
#include "parclass/capi/testing/system_of.h"
#include "parclass/port/port.h"
#include "parclass/sim/topology.h"
#include "parclass/system/system.h"

struct ParclassSystem {
  std::unique_ptr<parclass::system::System> system;
  parclass::Mutex open_mutex;
  // Until closed and gone.
  std::vector<PARCLASS_HANDLE> open PARCLASS_GUARDED_BY(open_mutex);
  // The open handles by the port client each is, so that the port's owner names its handle.
  std::map<uint32_t, PARCLASS_HANDLE> by_client PARCLASS_GUARDED_BY(open_mutex);
  parclass::CondVar all_closed;  // Notified when `open` becomes empty.
};

struct ParclassHandle {
  ParclassSystem* system;
  std::unique_ptr<parclass::port::PortHandle> port;     // A port handle, or
  std::unique_ptr<parclass::bus::DeviceHandle> device;  // a device handle.
  parclass::Mutex mutex;
  std::optional<parclass::Nanoseconds> timeout PARCLASS_GUARDED_BY(mutex);  // None: infinite.
  std::stop_source cancelling PARCLASS_GUARDED_BY(mutex);
  bool closing PARCLASS_GUARDED_BY(mutex) = false;
  // What a request through this handle waits with: the deadline ParclassSetTimeout sets, and a
  // stop that ParclassCancelIo requests (and replaces, for the requests made afterwards) and
  // ParclassClose requests for good.
  parclass::port::RequestOptions Options() {
    const parclass::MutexLock lock(mutex);
    const parclass::Deadline deadline =
        timeout ? parclass::Deadline::After(system->system->clock(), *timeout)
                : parclass::Deadline::Never();
    return {.deadline = deadline, .cancel = cancelling.get_token()};
  }
  void CancelWaits() {
    const parclass::MutexLock lock(mutex);
    cancelling.request_stop();
    if (!closing) cancelling = std::stop_source();
  }
  void Close() {
    const parclass::MutexLock lock(mutex);
    closing = true;
    cancelling.request_stop();
  }
  // The port client this handle is: a port's own, or a device's, whose lock is its holding.
  parclass::port::PortHandle& port_handle() const {
    return port ? *port : device->session().port_handle();
  }
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

// The systems the process has, for port I/O without a handle (READ_PORT_UCHAR and its kin) to
// find the port an address belongs to. Never destroyed, as Handles().
struct SystemList {
  parclass::Mutex mutex;
  std::vector<ParclassSystem*> systems PARCLASS_GUARDED_BY(mutex);
};
SystemList& Systems() {
  static auto* list = new SystemList;
  return *list;
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
  SystemList& list = Systems();
  const parclass::MutexLock lock(list.mutex);
  list.systems.push_back(created.get());
  *system = created.release();
  return STATUS_SUCCESS;
}

// Port I/O (parclass/c/hal.h).

static_assert(std::endian::native == std::endian::little,
              "port I/O buffers are taken as the bus's little-endian words");

thread_local NTSTATUS last_port_status = STATUS_SUCCESS;

NTSTATUS RecordedPortStatus(NTSTATUS status) {
  last_port_status = status;
  return status;
}

std::optional<parclass::hw::Width> WidthOf(ULONG bytes) {
  switch (bytes) {
    case 1: return parclass::hw::Width::k8;
    case 2: return parclass::hw::Width::k16;
    case 4: return parclass::hw::Width::k32;
    default: return std::nullopt;
  }
}

// The open handle that holds the port with `address` among the registers: STATUS_INVALID_PARAMETER
// if no open system's port has it, STATUS_INVALID_DEVICE_STATE unless exactly one handle holds
// such a port. The handle found is checked again when the access runs on it.
NTSTATUS FindHolder(parclass::port::BusAddress address, PARCLASS_HANDLE* holder) {
  SystemList& list = Systems();
  const parclass::MutexLock lock(list.mutex);
  bool known = false;
  int holders = 0;
  for (ParclassSystem* system : list.systems) {
    parclass::port::Port& port = system->system->port();
    if (!port.register_map().Contains(address)) continue;
    known = true;
    const std::optional<parclass::port::ClientId> owner = port.arbiter().owner();
    if (!owner) continue;
    const parclass::MutexLock open_lock(system->open_mutex);
    const auto found = system->by_client.find(owner->value);
    if (found == system->by_client.end()) continue;
    *holder = found->second;
    ++holders;
  }
  if (!known) return STATUS_INVALID_PARAMETER;
  return holders == 1 ? STATUS_SUCCESS : STATUS_INVALID_DEVICE_STATE;
}

// Checks what ParclassReadPort and ParclassWritePort take, finds the handle if none is given, and
// runs `access` (bytes, width, address) on its port client.
template <typename Bytes, typename Access>
NTSTATUS PortIo(PARCLASS_HANDLE handle, PVOID port, ULONG width, Bytes* buffer, ULONG count,
                Access access) {
  const std::optional<parclass::hw::Width> access_width = WidthOf(width);
  if (!access_width || (buffer == nullptr && count > 0)) return STATUS_INVALID_PARAMETER;
  const parclass::port::BusAddress address{reinterpret_cast<uintptr_t>(port)};
  if (handle == nullptr) {
    if (const NTSTATUS found = FindHolder(address, &handle); found != STATUS_SUCCESS) return found;
  }
  const std::span bytes(buffer, static_cast<size_t>(count) * width);
  return OnHandle(handle, [&](ParclassHandle& open) -> NTSTATUS {
    const parclass::Result<void> done = access(open.port_handle(), address, *access_width, bytes);
    return done ? STATUS_SUCCESS : StatusOf(done.error());
  });
}

}  // namespace

namespace parclass::capi::testing {

system::System& SystemOf(PARCLASS_SYSTEM* system) { return *system->system; }

}  // namespace parclass::capi::testing

extern "C" {

NTSTATUS ParclassCreateSystem(const char* backend_spec, PARCLASS_SYSTEM** system) {
  return ParclassCreateSystemWithOptions(backend_spec, nullptr, system);
}

NTSTATUS ParclassCreateSystemWithOptions(const char* backend_spec,
                                         const PARCLASS_SYSTEM_OPTIONS* options,
                                         PARCLASS_SYSTEM** system) {
  if (system == nullptr) return STATUS_INVALID_PARAMETER;
  *system = nullptr;
  if (backend_spec == nullptr) return STATUS_INVALID_PARAMETER;
  parclass::system::PortOptions port;
  if (options != nullptr) {
    if (options->Size != sizeof(PARCLASS_SYSTEM_OPTIONS) ||
        options->MaxDaisyChainDevices > parclass::port::kMaxDaisyChainDevices) {
      return STATUS_INVALID_PARAMETER;
    }
    port.enable_connect_interrupt = options->EnableConnectInterruptIoctl != 0;
    if (options->MaxDaisyChainDevices != 0) {
      port.max_daisy_chain_devices = static_cast<int>(options->MaxDaisyChainDevices);
    }
  }
  return Created(parclass::system::System::Open(backend_spec, port), system);
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
  {
    // First: port I/O without a handle looks no more at this system.
    SystemList& list = Systems();
    const parclass::MutexLock lock(list.mutex);
    std::erase(list.systems, system);
  }
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
  const uint32_t client = opened->port_handle().client().value;
  const parclass::MutexLock lock(system->open_mutex);
  *handle = static_cast<PARCLASS_HANDLE>(Handles().Add(*opened));
  (void)opened.release();  // Its registration owns it until ParclassClose.
  system->open.push_back(*handle);
  system->by_client[client] = *handle;
  return STATUS_SUCCESS;
}

NTSTATUS ParclassClose(PARCLASS_HANDLE handle) {
  if (Handles().InCall(handle)) return STATUS_INVALID_DEVICE_STATE;  // It would wait for itself.
  // No later call finds the handle; the queued requests of calls running on it are cancelled, and
  // those calls have returned when Remove does.
  std::unique_ptr<ParclassHandle> closed(
      Handles().Remove(handle, [](ParclassHandle& closing) { closing.Close(); }));
  if (!closed) return STATUS_INVALID_PARAMETER;
  ParclassSystem& system = *closed->system;
  const uint32_t client = closed->port_handle().client().value;
  closed.reset();  // Frees the port and the lock it held, disconnects what it connected.
  // Last: once `open` is empty, a ParclassDestroySystem waiting for it may free the system.
  const parclass::MutexLock lock(system.open_mutex);
  std::erase(system.open, handle);
  system.by_client.erase(client);
  if (system.open.empty()) system.all_closed.NotifyAll();
  return STATUS_SUCCESS;
}

NTSTATUS ParclassSetTimeout(PARCLASS_HANDLE handle, ULONG milliseconds) {
  return OnHandle(handle, [&](ParclassHandle& open) -> NTSTATUS {
    const parclass::MutexLock lock(open.mutex);
    if (milliseconds == PARCLASS_INFINITE) {
      open.timeout.reset();
    } else {
      open.timeout = std::chrono::milliseconds(milliseconds);
    }
    return STATUS_SUCCESS;
  });
}

NTSTATUS ParclassCancelIo(PARCLASS_HANDLE handle) {
  return OnHandle(handle, [](ParclassHandle& open) -> NTSTATUS {
    open.CancelWaits();
    return STATUS_SUCCESS;
  });
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

NTSTATUS ParclassReadPort(PARCLASS_HANDLE handle, PVOID port, ULONG width, PVOID buffer,
                          ULONG count) {
  auto* bytes = static_cast<uint8_t*>(buffer);
  const NTSTATUS status =
      PortIo(handle, port, width, bytes, count,
             [](parclass::port::PortHandle& holder, parclass::port::BusAddress address,
                parclass::hw::Width access, std::span<uint8_t> into) {
               return holder.ReadRegisterBuffer(address, access, into);
             });
  // A refused read reads as a floating bus.
  if (status != STATUS_SUCCESS && bytes != nullptr && WidthOf(width)) {
    std::memset(bytes, 0xff, static_cast<size_t>(count) * width);
  }
  return RecordedPortStatus(status);
}

NTSTATUS ParclassWritePort(PARCLASS_HANDLE handle, PVOID port, ULONG width, const void* buffer,
                           ULONG count) {
  return RecordedPortStatus(
      PortIo(handle, port, width, static_cast<const uint8_t*>(buffer), count,
             [](parclass::port::PortHandle& holder, parclass::port::BusAddress address,
                parclass::hw::Width access, std::span<const uint8_t> from) {
               return holder.WriteRegisterBuffer(address, access, from);
             }));
}

NTSTATUS ParclassGetLastPortStatus(void) { return last_port_status; }

}  // extern "C"
