// The C handle API (parclass/c/parclass.h) over the port and bus layers.

#include "parclass/c/parclass.h"

#include <fmt/format.h>

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
#include <string_view>
#include <utility>
#include <vector>

#include "parclass/base/assert.h"
#include "parclass/base/context_registry.h"
#include "parclass/base/mutex.h"
#include "parclass/bus/bus.h"
#include "parclass/c/hal.h"
#include "parclass/capi/testing/system_of.h"
#include "parclass/ieee1284/device_id.h"
#include "parclass/port/port.h"
#include "parclass/sim/topology.h"
#include "parclass/system/system.h"
#include "request_queue.h"

// A port client: the port it is on and its number there.
using ClientKey = std::pair<const parclass::port::Port*, uint32_t>;

struct ParclassSystem {
  std::unique_ptr<parclass::system::System> system;
  // The ports and devices change in a rescan, which holds this alone; opens, lists and properties
  // look them up holding it.
  parclass::Mutex topology_mutex;
  // One rescan, or one registration that reports what exists, at a time: notification callbacks
  // run one at a time, in order.
  parclass::Mutex notify_mutex;
  parclass::Mutex open_mutex;
  // Until closed and gone.
  std::vector<PARCLASS_HANDLE> open PARCLASS_GUARDED_BY(open_mutex);
  // The open handles by the port client each is, so that the port's owner names its handle.
  std::map<ClientKey, PARCLASS_HANDLE> by_client PARCLASS_GUARDED_BY(open_mutex);
  // The ports present, for port I/O without a handle to find an address's port without waiting
  // for a rescan; a removed port stays alive (the system keeps it) but is not listed.
  std::vector<parclass::port::Port*> ports PARCLASS_GUARDED_BY(open_mutex);
  std::vector<PARCLASS_NOTIFICATION_HANDLE> notifications PARCLASS_GUARDED_BY(open_mutex);
  parclass::CondVar all_closed;  // Notified when `open` becomes empty.

  // After a change of ports, with topology_mutex held (or before the system is handed out).
  void ListPorts() {
    std::vector<parclass::port::Port*> present;
    for (parclass::system::SystemPort* port : system->ports()) present.push_back(&port->port());
    const parclass::MutexLock lock(open_mutex);
    ports = std::move(present);
  }
};

struct ParclassNotification {
  ParclassSystem* system;
  PPARCLASS_NOTIFICATION_CALLBACK callback;
  PVOID context;
};

struct ParclassHandle {
  ParclassSystem* system;
  parclass::Clock* clock;                               // The port's: a deadline is in its time.
  std::unique_ptr<parclass::port::PortHandle> port;     // A port handle, or
  std::unique_ptr<parclass::bus::DeviceHandle> device;  // a device handle.
  parclass::Mutex mutex;
  std::optional<parclass::Nanoseconds> timeout PARCLASS_GUARDED_BY(mutex);  // None: infinite.
  std::stop_source cancelling PARCLASS_GUARDED_BY(mutex);
  bool closing PARCLASS_GUARDED_BY(mutex) = false;
  // The requests ParclassSubmit queued, made by the first; closed by ParclassClose.
  std::unique_ptr<parclass::capi::RequestQueue> queue PARCLASS_GUARDED_BY(mutex);
  // What a request through this handle waits with: the deadline ParclassSetTimeout sets, and a
  // stop that ParclassCancelIo requests (and replaces, for the requests made afterwards) and
  // ParclassClose requests for good.
  parclass::port::RequestOptions Options() {
    const parclass::MutexLock lock(mutex);
    const parclass::Deadline deadline =
        timeout ? parclass::Deadline::After(*clock, *timeout) : parclass::Deadline::Never();
    return {.deadline = deadline, .cancel = cancelling.get_token()};
  }
  // Cancels every request waiting for the port and every submitted one not yet begun.
  void CancelWaits() {
    parclass::capi::RequestQueue* submitted = nullptr;
    {
      const parclass::MutexLock lock(mutex);
      cancelling.request_stop();
      if (!closing) cancelling = std::stop_source();
      submitted = queue.get();
    }
    // Outside the lock: the completion routines may call in again.
    if (submitted != nullptr) submitted->CancelAll();
  }
  parclass::capi::RequestQueue& Queue();
  // Whether this thread runs this handle's submitted requests and their completion routines.
  bool OnWorker() {
    const parclass::MutexLock lock(mutex);
    return queue && parclass::capi::RequestQueue::OnWorker(*queue);
  }
  // After the handle left the registry: the submitted requests end, each completed.
  void CloseQueue() {
    std::unique_ptr<parclass::capi::RequestQueue> closed;
    {
      const parclass::MutexLock lock(mutex);
      closed = std::move(queue);
    }
    if (closed) closed->Close();
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
  ClientKey client() const { return {&port_handle().port(), port_handle().client().value}; }
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

// One request, as the synchronous calls and a handle's queue (ParclassSubmit) send it.
struct Request {
  ULONG major;  // IRP_MJ_*.
  ULONG code;   // The device controls'.
  const void* input;
  ULONG input_length;
  void* output;
  ULONG output_length;

  bool Wellformed() const {
    const bool buffers =
        (input != nullptr || input_length == 0) && (output != nullptr || output_length == 0);
    const bool known = major == IRP_MJ_READ || major == IRP_MJ_WRITE ||
                       major == IRP_MJ_DEVICE_CONTROL || major == IRP_MJ_INTERNAL_DEVICE_CONTROL;
    return buffers && known;
  }
};

Request RequestOf(const PARCLASS_REQUEST& request) {
  return {request.MajorFunction,     request.IoControlCode, request.InputBuffer,
          request.InputBufferLength, request.OutputBuffer,  request.OutputBufferLength};
}

// METHOD_BUFFERED: one system buffer, the larger of the two lengths; the input copied in, the
// output copied out.
template <typename Send>
RequestResult Buffered(const Request& request, Send send) {
  std::vector<std::byte> system(std::max(request.input_length, request.output_length));
  if (request.input_length > 0) std::memcpy(system.data(), request.input, request.input_length);
  const RequestResult result =
      send(parclass::port::PortRequest{.code = request.code,
                                       .buffer = system,
                                       .input_length = request.input_length,
                                       .output_length = request.output_length});
  const size_t produced = std::min<size_t>(result.information, request.output_length);
  if (produced > 0) std::memcpy(request.output, system.data(), produced);
  return result;
}

// Runs `request` on the open handle `open`, waiting for the port as `options` allow.
PARCLASS_IO_STATUS Dispatch(ParclassHandle& open, const Request& request,
                            const parclass::port::RequestOptions& options) {
  PARCLASS_ASSERT(request.Wellformed(), "the callers refuse a malformed request");
  // Ports take internal requests only.
  if (!open.device && request.major != IRP_MJ_INTERNAL_DEVICE_CONTROL) {
    return {STATUS_INVALID_DEVICE_REQUEST, 0};
  }
  RequestResult result;
  switch (request.major) {
    case IRP_MJ_READ:
      result = open.device->Read(
          std::span(static_cast<uint8_t*>(request.output), request.output_length), options);
      break;
    case IRP_MJ_WRITE:
      result = open.device->Write(
          std::span(static_cast<const uint8_t*>(request.input), request.input_length), options);
      break;
    case IRP_MJ_DEVICE_CONTROL:
      result = Buffered(request, [&](const parclass::port::PortRequest& sent) {
        return open.device->DeviceControl(sent, options);
      });
      break;
    default:
      result = Buffered(request, [&](const parclass::port::PortRequest& sent) {
        return open.device ? open.device->InternalDeviceControl(sent, options)
                           : open.port->InternalDeviceControl(sent, options);
      });
      break;
  }
  return {ToC(result.status), static_cast<ULONG>(result.information)};
}

// What a submitted request waits with: the handle's deadline and stop, and its own stop.
PARCLASS_IO_STATUS DispatchSubmitted(ParclassHandle& open, PARCLASS_REQUEST& request,
                                     const std::stop_token& cancel) {
  parclass::port::RequestOptions options = open.Options();
  std::stop_source either;
  const auto stop = [&either] { either.request_stop(); };
  const std::stop_callback handle_stopped(options.cancel, stop);
  const std::stop_callback request_stopped(cancel, stop);
  options.cancel = either.get_token();
  return Dispatch(open, RequestOf(request), options);
}

// A request on the caller's thread; `information` (may be NULL) receives IoStatus.Information.
NTSTATUS Synchronous(PARCLASS_HANDLE handle, const Request& request, ULONG* information) {
  if (!request.Wellformed()) return STATUS_INVALID_PARAMETER;
  return OnHandle(handle, [&](ParclassHandle& open) -> NTSTATUS {
    const PARCLASS_IO_STATUS done = Dispatch(open, request, open.Options());
    if (information != nullptr) *information = done.Information;
    return done.Status;
  });
}

// A system the library opened, handed to the C caller; the status that says why not otherwise.
NTSTATUS Created(parclass::Result<std::unique_ptr<parclass::system::System>> opened,
                 PARCLASS_SYSTEM** system) {
  if (!opened) return StatusOf(opened.error());
  auto created = std::make_unique<ParclassSystem>();
  created->system = std::move(*opened);
  created->ListPorts();
  SystemList& list = Systems();
  const parclass::MutexLock lock(list.mutex);
  list.systems.push_back(created.get());
  *system = created.release();
  return STATUS_SUCCESS;
}

// The port whose device name is `name` ("ParallelPort1"): LPTn names its raw device.
parclass::system::SystemPort* PortNamed(parclass::system::System& system, std::string_view name) {
  for (parclass::system::SystemPort* port : system.ports()) {
    if (port->device_name() == name) return port;
  }
  return nullptr;
}

// Enumeration and notification.

// What a port or device registers (table 1.4).
const GUID* InterfaceOf(parclass::system::Change::Kind kind, parclass::bus::DeviceKind device) {
  if (kind == parclass::system::Change::Kind::kPort) return &GUID_DEVINTERFACE_PARALLEL;
  return device == parclass::bus::DeviceKind::kRaw ? &GUID_DEVINTERFACE_PARCLASS : nullptr;
}

// A port or device as enumeration lists it.
struct Listed {
  std::string name;  // What ParclassOpen takes.
  const GUID* interface_class;
};

// Ports and devices in ParclassGetDeviceList's order.
std::vector<Listed> ListAll(parclass::system::System& system) {
  using parclass::system::Change;
  std::vector<Listed> listed;
  for (parclass::system::SystemPort* port : system.ports()) {
    listed.push_back({port->device_name(), InterfaceOf(Change::Kind::kPort, {})});
    for (const parclass::bus::Device* device : system.bus().devices(port->port())) {
      listed.push_back({device->location(), InterfaceOf(Change::Kind::kDevice, device->kind())});
    }
  }
  return listed;
}

bool SameGuid(const GUID& a, const GUID& b) { return std::memcmp(&a, &b, sizeof(GUID)) == 0; }

// Strings and lists of strings as the properties hold them.
std::vector<std::byte> StringValue(std::string_view text) {
  std::vector<std::byte> bytes;
  bytes.reserve(text.size() + 1);
  for (const char c : text) bytes.push_back(static_cast<std::byte>(c));
  bytes.push_back(std::byte{0});
  return bytes;
}
std::vector<std::byte> MultiStringValue(const std::vector<std::string>& texts) {
  std::vector<std::byte> bytes;
  for (const std::string& text : texts) {
    const std::vector<std::byte> one = StringValue(text);
    bytes.insert(bytes.end(), one.begin(), one.end());
  }
  bytes.push_back(std::byte{0});
  return bytes;
}
template <typename Value>
std::vector<std::byte> BytesOf(const Value& value) {
  std::vector<std::byte> bytes(sizeof value);
  std::memcpy(bytes.data(), &value, sizeof value);
  return bytes;
}

// Hands `value` out as ParclassGetDeviceList and ParclassGetDeviceProperty do.
NTSTATUS CopyOut(const std::vector<std::byte>& value, void* buffer, ULONG length, ULONG* required) {
  if (required != nullptr) *required = static_cast<ULONG>(value.size());
  if (length < value.size()) return STATUS_BUFFER_TOO_SMALL;
  std::memcpy(buffer, value.data(), value.size());
  return STATUS_SUCCESS;
}

// A port's property; none for those only devices have.
std::optional<std::vector<std::byte>> PortProperty(parclass::system::SystemPort& port,
                                                   PARCLASS_DEVICE_PROPERTY property) {
  switch (property) {
    case ParclassPropertyDeviceName: return StringValue("\\Device\\" + port.device_name());
    case ParclassPropertyInterfaceClass: return BytesOf(GUID_DEVINTERFACE_PARALLEL);
    case ParclassPropertyPortName: return StringValue(port.name());
    case ParclassPropertyLocation: return StringValue(port.backend().spec().Format());
    case ParclassPropertyDescription: return StringValue(port.backend().Describe());
    default: return std::nullopt;
  }
}

// "raw device on LPT1", for a device that sent no Device ID.
std::string Described(const parclass::bus::Device& device, const std::string& port) {
  if (device.device_id()) return device.device_id()->Describe();
  switch (device.kind()) {
    case parclass::bus::DeviceKind::kRaw: return fmt::format("raw device on {}", port);
    case parclass::bus::DeviceKind::kDaisyChain:
      return fmt::format("IEEE 1284.3 daisy-chain device {} on {}", device.id(), port);
    case parclass::bus::DeviceKind::kEndOfChain:
      return fmt::format("end-of-chain device on {}", port);
  }
  return port;
}

// A device's property; none for those it has not.
std::optional<std::vector<std::byte>> DeviceProperty(parclass::system::SystemPort& port,
                                                     const parclass::bus::Device& device,
                                                     PARCLASS_DEVICE_PROPERTY property) {
  using parclass::bus::DeviceKind;
  switch (property) {
    case ParclassPropertyDeviceName: return StringValue("\\Device\\" + device.name());
    case ParclassPropertySymbolicLink: return StringValue(device.location());
    case ParclassPropertyInterfaceClass:
      if (device.kind() != DeviceKind::kRaw) return std::nullopt;
      return BytesOf(GUID_DEVINTERFACE_PARCLASS);
    case ParclassPropertyPortName:
    case ParclassPropertyLocation: return PortProperty(port, property);
    case ParclassPropertyDescription: return StringValue(Described(device, port.name()));
    case ParclassPropertyDeviceId: {
      const parclass::Result<parclass::ieee1284::DeviceIdText> text =
          parclass::ieee1284::SplitDeviceId(device.raw_device_id());
      if (device.raw_device_id().empty() || !text) return std::nullopt;
      return StringValue(
          std::string_view(reinterpret_cast<const char*>(text->text.data()), text->text.size()));
    }
    case ParclassPropertyHardwareIds:
      if (device.hardware_ids().empty()) return std::nullopt;
      return MultiStringValue(device.hardware_ids());
    case ParclassPropertyCompatibleIds:
      if (!device.device_id() || device.device_id()->compatible_id.empty()) return std::nullopt;
      return MultiStringValue({device.device_id()->compatible_id});
    case ParclassPropertyDaisyChainId:
      if (device.kind() == DeviceKind::kRaw) return std::nullopt;
      return BytesOf(ULONG{device.id()});
  }
  return std::nullopt;
}

// Never destroyed, as Handles().
parclass::ContextRegistry<ParclassNotification>& Notifications() {
  static auto* registry = new parclass::ContextRegistry<ParclassNotification>;
  return *registry;
}

// The system whose notification callbacks this thread runs, whose notify_mutex it holds: those
// callbacks may not rescan it (another system's they may).
thread_local const ParclassSystem* notifying = nullptr;

struct Event {
  PARCLASS_NOTIFICATION_EVENT event;
  std::string name;
  const GUID* interface_class;
};

// Calls each registration of `system` with each event, in order.
void Deliver(const ParclassSystem& system,
             const std::vector<PARCLASS_NOTIFICATION_HANDLE>& registrations,
             const std::vector<Event>& events) {
  const ParclassSystem* const outer = notifying;  // A callback of another system's rescan.
  notifying = &system;
  for (const Event& event : events) {
    PARCLASS_DEVICE_NOTIFICATION notification{.Size = sizeof(PARCLASS_DEVICE_NOTIFICATION),
                                              .Event = event.event,
                                              .InterfaceClassGuid = {},
                                              .Name = event.name.c_str()};
    if (event.interface_class != nullptr) notification.InterfaceClassGuid = *event.interface_class;
    for (PARCLASS_NOTIFICATION_HANDLE registration : registrations) {
      Notifications().Call(static_cast<void*>(registration), [&](ParclassNotification& target) {
        target.callback(&notification, target.context);
      });
    }
  }
  notifying = outer;
}

// A rescan's changes as events: removals before arrivals (a device whose ID changed goes, then
// comes); a port's devices go before it, and it comes before them.
std::vector<Event> EventsOf(const parclass::system::SystemChanges& changes) {
  using parclass::system::Change;
  std::vector<Event> events;
  const auto add = [&](const std::vector<Change>& list, PARCLASS_NOTIFICATION_EVENT event,
                       Change::Kind kind) {
    for (const Change& change : list) {
      if (change.kind != kind) continue;
      events.push_back({event, change.name, InterfaceOf(change.kind, change.device)});
    }
  };
  add(changes.removed, ParclassDeviceRemoval, Change::Kind::kDevice);
  add(changes.removed, ParclassDeviceRemoval, Change::Kind::kPort);
  add(changes.arrived, ParclassDeviceArrival, Change::Kind::kPort);
  add(changes.arrived, ParclassDeviceArrival, Change::Kind::kDevice);
  return events;
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
    const parclass::MutexLock open_lock(system->open_mutex);
    for (const parclass::port::Port* port : system->ports) {
      if (!port->register_map().Contains(address)) continue;
      known = true;
      const std::optional<parclass::port::ClientId> owner = port->arbiter().owner();
      if (!owner) continue;
      const auto found = system->by_client.find({port, owner->value});
      if (found == system->by_client.end()) continue;
      *holder = found->second;
      ++holders;
    }
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

parclass::capi::RequestQueue& ParclassHandle::Queue() {
  const parclass::MutexLock lock(mutex);
  if (!queue) {
    queue = std::make_unique<parclass::capi::RequestQueue>(
        [this](PARCLASS_REQUEST& request, const std::stop_token& cancel) {
          return DispatchSubmitted(*this, request, cancel);
        });
  }
  return *queue;
}

namespace parclass::capi::testing {

system::System& SystemOf(PARCLASS_SYSTEM* system) { return *system->system; }

}  // namespace parclass::capi::testing

extern "C" {

const GUID GUID_DEVINTERFACE_PARALLEL = {
    0x97f76ef0, 0xf883, 0x11d0, {0xaf, 0x1f, 0x00, 0x00, 0xf8, 0x00, 0x84, 0x5c}};
const GUID GUID_DEVINTERFACE_PARCLASS = {
    0x811fc6a5, 0xf728, 0x11d0, {0xa5, 0x37, 0x00, 0x00, 0xf8, 0x75, 0x3e, 0xd1}};

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
  std::vector<PARCLASS_NOTIFICATION_HANDLE> registered;
  {
    const parclass::MutexLock lock(system->open_mutex);
    registered = system->notifications;
  }
  for (PARCLASS_NOTIFICATION_HANDLE registration : registered) {
    (void)ParclassUnregisterNotification(registration);
  }
  {
    // A handle another thread was closing meanwhile was refused above: wait until it is gone.
    const parclass::MutexLock lock(system->open_mutex);
    while (!system->open.empty()) system->all_closed.Wait(system->open_mutex);
  }
  delete system;
}

NTSTATUS ParclassGetDeviceList(PARCLASS_SYSTEM* system, const GUID* interface_class, char* buffer,
                               ULONG length, ULONG* required) {
  if (system == nullptr || (buffer == nullptr && length > 0)) return STATUS_INVALID_PARAMETER;
  std::vector<std::string> names;
  {
    const parclass::MutexLock topology(system->topology_mutex);
    for (const Listed& listed : ListAll(*system->system)) {
      const bool wanted =
          interface_class == nullptr || (listed.interface_class != nullptr &&
                                         SameGuid(*listed.interface_class, *interface_class));
      if (wanted) names.push_back(listed.name);
    }
  }
  return CopyOut(MultiStringValue(names), buffer, length, required);
}

NTSTATUS ParclassGetDeviceProperty(PARCLASS_SYSTEM* system, const char* name, ULONG property,
                                   void* buffer, ULONG length, ULONG* required) {
  if (system == nullptr || name == nullptr || (buffer == nullptr && length > 0) ||
      property > ParclassPropertyDaisyChainId) {
    return STATUS_INVALID_PARAMETER;
  }
  const auto which = static_cast<PARCLASS_DEVICE_PROPERTY>(property);
  std::optional<std::vector<std::byte>> value;
  {
    const parclass::MutexLock topology(system->topology_mutex);
    parclass::system::System& ports = *system->system;
    if (parclass::system::SystemPort* port = PortNamed(ports, name); port != nullptr) {
      value = PortProperty(*port, which);
    } else if (const parclass::bus::Device* device = ports.bus().Find(name); device != nullptr) {
      value = DeviceProperty(ports.PortOf(*device), *device, which);
    } else {
      return STATUS_NO_SUCH_DEVICE;
    }
  }
  if (!value) return STATUS_NOT_FOUND;
  return CopyOut(*value, buffer, length, required);
}

NTSTATUS ParclassRegisterNotification(PARCLASS_SYSTEM* system, ULONG flags,
                                      PPARCLASS_NOTIFICATION_CALLBACK callback, PVOID context,
                                      PARCLASS_NOTIFICATION_HANDLE* registration) {
  if (system == nullptr || callback == nullptr || registration == nullptr ||
      (flags & ~PARCLASS_NOTIFY_INCLUDE_EXISTING) != 0) {
    return STATUS_INVALID_PARAMETER;
  }
  if (notifying == system && (flags & PARCLASS_NOTIFY_INCLUDE_EXISTING) != 0) {
    return STATUS_INVALID_DEVICE_STATE;  // It would wait for the rescan it is called from.
  }
  auto created = std::make_unique<ParclassNotification>(
      ParclassNotification{.system = system, .callback = callback, .context = context});
  auto* const added = static_cast<PARCLASS_NOTIFICATION_HANDLE>(Notifications().Add(*created));
  (void)created.release();  // Its registration owns it until ParclassUnregisterNotification.
  const auto listed = [&] {
    const parclass::MutexLock lock(system->open_mutex);
    system->notifications.push_back(added);
    *registration = added;
  };
  if (notifying == system) {
    // From a callback, whose rescan holds notify_mutex on this thread: this registration hears
    // from the next rescan on, and nothing is reported of what exists.
    listed();
    return STATUS_SUCCESS;
  }
  // No rescan between what exists and the registration: each change is heard once.
  const parclass::MutexLock serialised(system->notify_mutex);
  if ((flags & PARCLASS_NOTIFY_INCLUDE_EXISTING) != 0) {
    std::vector<Event> existing;
    {
      const parclass::MutexLock topology(system->topology_mutex);
      for (const Listed& present : ListAll(*system->system)) {
        existing.push_back({ParclassDeviceArrival, present.name, present.interface_class});
      }
    }
    Deliver(*system, {added}, existing);
  }
  listed();
  return STATUS_SUCCESS;
}

NTSTATUS ParclassUnregisterNotification(PARCLASS_NOTIFICATION_HANDLE registration) {
  if (Notifications().InCall(registration)) return STATUS_INVALID_DEVICE_STATE;
  std::unique_ptr<ParclassNotification> removed(Notifications().Remove(registration));
  if (!removed) return STATUS_INVALID_PARAMETER;
  const parclass::MutexLock lock(removed->system->open_mutex);
  std::erase(removed->system->notifications, registration);
  return STATUS_SUCCESS;
}

NTSTATUS ParclassRescan(PARCLASS_SYSTEM* system) {
  if (system == nullptr) return STATUS_INVALID_PARAMETER;
  if (notifying == system) return STATUS_INVALID_DEVICE_STATE;  // It would wait for itself.
  const parclass::MutexLock serialised(system->notify_mutex);
  parclass::system::SystemChanges changes;
  {
    const parclass::MutexLock topology(system->topology_mutex);
    changes = system->system->Rescan();
    system->ListPorts();
  }
  std::vector<PARCLASS_NOTIFICATION_HANDLE> registrations;
  {
    const parclass::MutexLock lock(system->open_mutex);
    registrations = system->notifications;
  }
  Deliver(*system, registrations, EventsOf(changes));
  return changes.failed.empty() ? STATUS_SUCCESS : StatusOf(changes.failed.front());
}

NTSTATUS ParclassOpen(PARCLASS_SYSTEM* system, const char* name, PARCLASS_HANDLE* handle) {
  if (system == nullptr || name == nullptr || handle == nullptr) return STATUS_INVALID_PARAMETER;
  *handle = nullptr;
  auto opened = std::make_unique<ParclassHandle>();
  opened->system = system;
  {
    const parclass::MutexLock topology(system->topology_mutex);
    parclass::system::System& ports = *system->system;
    parclass::system::SystemPort* port = PortNamed(ports, name);
    if (port != nullptr) {
      parclass::Result<std::unique_ptr<parclass::port::PortHandle>> port_handle =
          port->port().Open();
      if (!port_handle) return STATUS_DELETE_PENDING;
      opened->port = std::move(*port_handle);
      opened->clock = &port->clock();
    } else {
      parclass::bus::Device* device = ports.bus().Find(name);
      if (device == nullptr) return STATUS_NO_SUCH_DEVICE;
      parclass::Result<std::unique_ptr<parclass::bus::DeviceHandle>> opened_device = device->Open();
      if (!opened_device) {
        return opened_device.error().code() == parclass::Errc::kPermissionDenied
                   ? STATUS_ACCESS_DENIED
                   : STATUS_DEVICE_REMOVED;
      }
      opened->device = std::move(*opened_device);
      opened->clock = &ports.PortOf(*device).clock();
    }
  }
  const ClientKey client = opened->client();
  const parclass::MutexLock lock(system->open_mutex);
  *handle = static_cast<PARCLASS_HANDLE>(Handles().Add(*opened));
  (void)opened.release();  // Its registration owns it until ParclassClose.
  system->open.push_back(*handle);
  system->by_client[client] = *handle;
  return STATUS_SUCCESS;
}

NTSTATUS ParclassClose(PARCLASS_HANDLE handle) {
  // It would wait for itself.
  if (Handles().InCall(handle) ||
      Handles().Call(static_cast<void*>(handle), false,
                     [](ParclassHandle& open) { return open.OnWorker(); })) {
    return STATUS_INVALID_DEVICE_STATE;
  }
  // No later call finds the handle; the queued requests of calls running on it are cancelled, and
  // those calls have returned when Remove does.
  std::unique_ptr<ParclassHandle> closed(
      Handles().Remove(handle, [](ParclassHandle& closing) { closing.Close(); }));
  if (!closed) return STATUS_INVALID_PARAMETER;
  closed->CloseQueue();
  ParclassSystem& system = *closed->system;
  const ClientKey client = closed->client();
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
  return Synchronous(
      handle, {IRP_MJ_DEVICE_CONTROL, code, input, input_length, output, output_length}, returned);
}

NTSTATUS ParclassInternalDeviceIoControl(PARCLASS_HANDLE handle, ULONG code, const void* input,
                                         ULONG input_length, void* output, ULONG output_length,
                                         ULONG* returned) {
  return Synchronous(
      handle, {IRP_MJ_INTERNAL_DEVICE_CONTROL, code, input, input_length, output, output_length},
      returned);
}

NTSTATUS ParclassRead(PARCLASS_HANDLE handle, void* buffer, ULONG length, ULONG* read) {
  return Synchronous(handle, {IRP_MJ_READ, 0, nullptr, 0, buffer, length}, read);
}

NTSTATUS ParclassWrite(PARCLASS_HANDLE handle, const void* buffer, ULONG length, ULONG* written) {
  return Synchronous(handle, {IRP_MJ_WRITE, 0, buffer, length, nullptr, 0}, written);
}

NTSTATUS ParclassSubmit(PARCLASS_HANDLE handle, PARCLASS_REQUEST* request) {
  if (request == nullptr || request->Size != sizeof(PARCLASS_REQUEST) ||
      !RequestOf(*request).Wellformed()) {
    return STATUS_INVALID_PARAMETER;
  }
  return OnHandle(handle, [&](ParclassHandle& open) -> NTSTATUS {
    switch (open.Queue().Submit(*request)) {
      case parclass::capi::RequestQueue::Submitted::kQueued: return STATUS_PENDING;
      case parclass::capi::RequestQueue::Submitted::kPendingAlready:
        return STATUS_INVALID_DEVICE_STATE;
      case parclass::capi::RequestQueue::Submitted::kClosing: break;
    }
    return STATUS_INVALID_PARAMETER;  // The handle is being closed.
  });
}

NTSTATUS ParclassCancelRequest(PARCLASS_HANDLE handle, PARCLASS_REQUEST* request) {
  if (request == nullptr) return STATUS_INVALID_PARAMETER;
  return OnHandle(handle, [&](ParclassHandle& open) -> NTSTATUS {
    return open.Queue().Cancel(*request) ? STATUS_SUCCESS : STATUS_NOT_FOUND;
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
