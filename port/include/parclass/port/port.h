// Port: what Parport does for one parallel port (shared spec windows-parallel-interface.md 1.2,
// 1.6, 1.7, 2.4, 3.1-3.8, 4.1, 6): it detects the chip, initialises the IEEE 1284.3 daisy chain,
// arbitrates ownership between clients, keeps the chip-mode state, calls the clients' interrupt
// routines, and answers the port's internal requests.
//
// Clients open a PortHandle (the port is shared: any number may be open) and send requests
// through it; the handle is the client's identity, so the callbacks the port hands out act for
// the handle. Their context is the handle's number in a registry (base/context_registry.h), never
// its address: a callback after the handle closed acts for nobody and answers as for a client
// without the port (FALSE, 0 waiters, STATUS_INVALID_DEVICE_STATE), and closing waits for the
// callbacks running on the handle. A handle that goes away (its client ended, or threw) frees the
// port if it held it and disconnects its interrupt routines. Every handle must be closed before
// its port is destroyed (asserted).
//
//   Result<std::unique_ptr<Port>> started = Port::Start(io, clock, {.name = "LPT1"});
//   std::unique_ptr<PortHandle> handle = (*started)->Open().value();
//   Result<PortClaim> claim = handle->Allocate({.deadline = Deadline::After(clock, 1s)});
//   ... drive the port ...
//   claim->Free();   // or: InternalDeviceControl({.code = kIoctlParallelPortAllocate}), ...
//
// A plain allocation is granted with the end-of-chain device selected (every 1284.3 device
// deselected); each client's register state (data, control, ECR) is saved when it frees the port
// and put back when it next gets it. In between the port is parked at compatibility idle (ECR
// 001, forward, idle control lines), so whatever a client leaves behind, the next grant's IEEE
// 1284.3 packet and the next client start from the same place. The port's register state has one
// owner, registers(): detection, chip modes, the 1284.3 bus and every device's protocol engine
// are views of it.

#ifndef PARCLASS_PORT_PORT_H_
#define PARCLASS_PORT_PORT_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <vector>

#include "parclass/base/clock.h"
#include "parclass/base/mutex.h"
#include "parclass/base/result.h"
#include "parclass/hw/port_registers.h"
#include "parclass/hw/register_io.h"
#include "parclass/ieee1284/host_port.h"
#include "parclass/port/arbiter.h"
#include "parclass/port/chip_mode.h"
#include "parclass/port/detect.h"
#include "parclass/port/dot3.h"
#include "parclass/port/interrupts.h"
#include "parclass/port/register_map.h"
#include "parclass/port/requests.h"
#include "parclass/port/status.h"

namespace parclass::port {

// The port's resources and settings: what PnP and the registry give Parport on Windows.
struct PortConfig {
  // PortName: "LPTn" names the port \Device\ParallelPort<n-1>; any other name is refused, as
  // Parport creates no device object for it (spec 1.2).
  std::string name = "LPT1";
  uint64_t base = 0x378;  // Bus addresses of the SPP registers and of the ECP block.
  uint64_t ecp_base = 0x778;
  uint32_t span = 8;  // Bytes of the SPP/EPP register range.
  InterfaceType interface_type = InterfaceType::kIsa;
  uint32_t bus_number = 0;
  // The interrupt line from the resources; none: the one cnfgB names, if any.
  std::optional<int> irq = std::nullopt;
  // EnableConnectInterruptIoctl: client interrupt routines are refused unless this is set.
  bool enable_connect_interrupt = false;
  // Why the backend cannot deliver the port's interrupts to OnInterrupt (raw port I/O), if it
  // cannot: client interrupt routines are then refused as not supported, with this reason.
  std::optional<std::string> interrupts_unavailable = std::nullopt;
  // The most IEEE 1284.3 devices given an address: 2 as on Windows XP and later, up to 4.
  int max_daisy_chain_devices = kWindowsXpDaisyChainDevices;
  DetectOptions detect = {};
  // The backend's kernel loops (backends::PpdevPort), which the devices' protocol engines use for
  // negotiation and transfers; none on the simulator and on raw port I/O. Must outlive the port.
  hw::KernelLink* kernel_link = nullptr;
};

// Per-request settings a Windows IRP carries elsewhere: how long a queued request may wait, and
// the token its sender trips to cancel it.
struct RequestOptions {
  Deadline deadline = Deadline::Never();
  std::stop_token cancel = {};
};

class PortHandle;

class Port {
 public:
  // The start sequence (spec 1.2): checks the name, detects the chip, initialises the 1284.3
  // chain. Errors: kInvalidArgument (a name that is not LPTn), kNoSuchDevice (no port answers).
  static Result<std::unique_ptr<Port>> Start(hw::RegisterIo& io, Clock& clock, PortConfig config);
  ~Port();  // Asserts that every handle was closed.
  Port(const Port&) = delete;
  Port& operator=(const Port&) = delete;

  // Create on the port: a new client. Errc::kInvalidState (STATUS_DELETE_PENDING to a client)
  // once Remove() was called.
  Result<std::unique_ptr<PortHandle>> Open();
  // Surprise removal: later opens fail; handles already open keep working until closed.
  void Remove() { removing_ = true; }

  const PortConfig& config() const { return config_; }
  // "ParallelPort0" for LPT1.
  const std::string& device_name() const { return device_name_; }
  const Detection& detection() const { return detection_; }
  // PPT_* flags: detection's, with kDot3 when the chain has devices.
  hw::HardwareCapabilities capabilities() const;
  // The 1284.3 devices given an address, at most config().max_daisy_chain_devices.
  int daisy_chain_devices() const;
  // Whether the chain has more devices than that limit lets the port address (Dot3Bus).
  bool daisy_chain_devices_beyond_limit() const;
  uint8_t chip_mode() const;
  const Arbiter& arbiter() const { return arbiter_; }
  Arbiter& arbiter() { return arbiter_; }
  // The port's register state, for whoever holds the port: its protocol engines' HostPorts and
  // its clients' register accesses go through it.
  hw::PortRegisters& registers() { return *registers_; }
  // The backend, for its access counters; writes go through registers().
  hw::RegisterIo& io() { return registers_->io(); }
  // Where the registers sit on the bus, as the information structures hand them out.
  const RegisterMap& register_map() const { return register_map_; }
  Clock& clock() { return clock_; }
  hw::KernelLink* kernel_link() const { return config_.kernel_link; }

  // The backend's interrupt source calls this on each port interrupt, on its own thread (the one
  // running the simulation, or the ppdev interrupt thread): every connected service routine
  // runs, in connection order. A free at interrupt level that leaves nobody waiting (a service
  // routine's FreePortFromInterruptLevel) runs the deferred routines after the last service
  // routine has returned, as Parport's DPC does. Returns whether a service routine handled it.
  bool OnInterrupt();

 private:
  friend class PortHandle;
  Port(std::unique_ptr<hw::PortRegisters> registers, Clock& clock, PortConfig config,
       Detection detection);

  ClientId NextClient() { return ClientId{next_client_++}; }
  ArbiterHooks Hooks();
  void OnIdle();
  void SaveState(ClientId client);
  void RestoreState(ClientId client);
  // Runs the 1284.3 bus, serialised: the chain is one piece of hardware, whoever asks.
  Result<int> InitialiseChain();
  Result<void> SelectDevice(DeviceTarget target);
  Result<void> DeselectDevice(DeviceTarget target);

  const std::unique_ptr<hw::PortRegisters> registers_;  // The one owner of the register state.
  Clock& clock_;
  const PortConfig config_;
  const Detection detection_;
  const std::string device_name_;
  const std::u16string port_name_;  // PARALLEL_PNP_INFORMATION.PortName.
  const RegisterMap register_map_;
  ieee1284::HostPort host_;  // The lines the 1284.3 packets go out on.
  mutable Mutex chain_mutex_;
  Dot3Bus chain_ PARCLASS_GUARDED_BY(chain_mutex_);
  mutable Mutex chip_mutex_;
  ChipModes chip_modes_ PARCLASS_GUARDED_BY(chip_mutex_);
  InterruptRoutines interrupts_;
  std::atomic<bool> deferred_pending_ = false;  // A free during OnInterrupt left nobody waiting.
  Mutex state_mutex_;
  std::map<uint32_t, hw::SavedRegisters> saved_ PARCLASS_GUARDED_BY(state_mutex_);  // By client.
  std::atomic<uint32_t> next_client_ = 1;
  std::atomic<bool> removing_ = false;
  std::atomic<int> open_handles_ = 0;  // PortHandles not closed yet.
  Arbiter arbiter_;                    // Last: its hooks use the members above.
};

// One client's open file on the port (spec 1.6: the port is shared, opened by many). Requests
// run in the caller's thread; a queued one (allocate, select) blocks until granted, cancelled or
// past its deadline.
//
// Two faces. The typed API is for the layers above (the bus): allocations return a PortClaim the
// caller keeps, which frees the port when it is destroyed, and selections name a DeviceTarget.
// The edge is for clients that speak Windows: InternalDeviceControl decodes a request's code and
// buffer (request_decoder.cc), and the callbacks decode their C arguments; both keep the claim
// they take in the handle, as a Windows client has no object to keep it in.
//
//   Result<PortClaim> claim = handle->AllocateSelected(DeviceTarget::DaisyChain(1), options);
//   if (!claim) return claim.error();       // kPortBusy past the deadline, kCancelled, ...
//   ... drive device 1 ...
//   (void)handle->Deselect(DeviceTarget::DaisyChain(1));
//   claim->Free();                          // or let it go out of scope
class PortHandle {
 public:
  ~PortHandle();  // Close: frees the port if held, disconnects this client's routines.
  PortHandle(const PortHandle&) = delete;
  PortHandle& operator=(const PortHandle&) = delete;

  ClientId client() const { return client_; }
  const Port& port() const { return port_; }
  // Whether this client owns the port, through a claim it keeps or one the handle keeps.
  bool holds_port() const;

  // The typed API. Allocate is IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE: waits in the port's FIFO
  // until granted (with the end of the chain selected), cancelled, or past the deadline. Errors:
  // kPortBusy (the deadline passed), kCancelled, kInvalidState (this client holds the port).
  Result<PortClaim> Allocate(const RequestOptions& options = {});
  // IOCTL_INTERNAL_SELECT_DEVICE: as Allocate, with `target` selected at grant time. Errors:
  // kInvalidArgument (a target the chain does not have), those of Allocate, the 1284.3 bus's.
  Result<PortClaim> AllocateSelected(DeviceTarget target, const RequestOptions& options = {});
  // TryAllocatePort and TrySelectDevice: granted now or never queued (kPortBusy).
  Result<PortClaim> TryAllocate();
  Result<PortClaim> TryAllocateSelected(DeviceTarget target);
  // PAR_HAVE_PORT_KEEP_PORT: select or deselect for a client that holds the port, which keeps
  // it (a claim frees itself). Errors: kInvalidArgument (a target the chain does not have),
  // kInvalidState (this client does not hold the port), the 1284.3 bus's; a refusal never
  // touches the bus (SelectionStatus tells one from the bus's failure).
  Result<void> Select(DeviceTarget target);
  Result<void> Deselect(DeviceTarget target);
  // IOCTL_INTERNAL_INIT_1284_3_BUS: the devices the chain has now.
  Result<int> InitialiseChain();

  // IOCTL_INTERNAL_PARALLEL_CONNECT_INTERRUPT: `routine` joins the port's list (Port::
  // OnInterrupt says when it runs). Errors: kNotSupported (the backend delivers no interrupts:
  // the reason), kInvalidState (EnableConnectInterruptIoctl is off; STATUS_UNSUCCESSFUL to a
  // Windows client), kInvalidArgument (no service routine, or this routine is connected already,
  // by any client).
  Result<ParallelInterruptInformation> ConnectInterrupt(const InterruptRoutine& routine);
  // IOCTL_INTERNAL_PARALLEL_DISCONNECT_INTERRUPT: kInvalidArgument unless this client connected
  // exactly `routine`. A routine running on another thread may still be finishing.
  Result<void> DisconnectInterrupt(const InterruptRoutine& routine);

  // IRP_MJ_INTERNAL_DEVICE_CONTROL: one port request (section 2.4). `request.buffer` must hold
  // both lengths; a request that says otherwise is kInvalidParameter. Unknown codes are
  // kInvalidParameter ("request not supported"); the header-only undocumented requests are
  // kNotSupported.
  RequestResult InternalDeviceControl(const PortRequest& request,
                                      const RequestOptions& options = {});

  // The port callbacks (section 4.1) as C++ calls, by their Windows names; the C function
  // pointers the information structures hand out call these on the handle their context names.
  // The claim TryAllocatePort and TrySelectDevice take is kept by the handle.
  bool TryAllocatePort();
  void FreePort();
  uint32_t QueryNumWaiters() const;
  NtStatus TrySetChipMode(uint8_t mode);
  NtStatus ClearChipMode(uint8_t mode);
  NtStatus TrySelectDevice(const Parallel1284Command& command);
  NtStatus DeselectDevice(const Parallel1284Command& command);

  // Register access for the holder, as Windows drivers do it with READ_PORT_UCHAR ...
  // WRITE_PORT_BUFFER_ULONG on the addresses the information structures hand out
  // (register_access.cc; which address takes which width: register_map.h). The access goes
  // through the port's PortRegisters, counted like the engine's, and a write of the control
  // register or the ECR becomes its soft copy. Errors, with nothing touched: kInvalidArgument
  // (outside the port's registers, a width the register does not take, a buffer that is not a
  // whole number of accesses), kNotSupported (the ECP block where the chip has none or the
  // backend cannot reach it), kInvalidState (this client does not hold the port); after the
  // access, the backend's failure if it failed under it (register_io.h).
  Result<uint32_t> ReadRegister(BusAddress address, hw::Width width = hw::Width::k8);
  Result<void> WriteRegister(BusAddress address, uint32_t value, hw::Width width = hw::Width::k8);
  Result<void> ReadRegisterBuffer(BusAddress address, hw::Width width, std::span<uint8_t> bytes);
  Result<void> WriteRegisterBuffer(BusAddress address, hw::Width width,
                                   std::span<const uint8_t> bytes);

 private:
  friend class Port;
  PortHandle(Port& port, ClientId client);

  // The internal requests (request_decoder.cc).
  RequestResult AllocateRequest(const RequestOptions& options);
  RequestResult SelectRequest(const PortRequest& request, const RequestOptions& options);
  RequestResult DeselectRequest(const PortRequest& request);
  RequestResult ConnectInterruptRequest(const PortRequest& request);
  RequestResult DisconnectInterruptRequest(const PortRequest& request);

  ParallelPortInformation PortInformation();
  ParallelPnpInformation PnpInformation();
  MoreParallelPortInformation MorePortInformation() const;
  ParallelInterruptInformation InterruptInformation();
  // The register an access reaches, once the address and width are checked, then the holding.
  Result<hw::RegisterAddress> HeldRegister(BusAddress address, hw::Width width) const;
  Result<void> BackendChecked() const;
  Result<void> CheckTarget(DeviceTarget target) const;
  // Select's and Deselect's refusals: kInvalidArgument, then kInvalidState.
  Result<void> CheckSelection(DeviceTarget target) const;
  void Keep(PortClaim claim);

  Port& port_;
  const ClientId client_;
  void* const context_;  // The callbacks' context: this handle's number, not its address.
  mutable Mutex mutex_;
  // The port, while this client holds it through a request or a callback.
  std::optional<PortClaim> claim_ PARCLASS_GUARDED_BY(mutex_);
  std::vector<InterruptRoutine> routines_ PARCLASS_GUARDED_BY(mutex_);  // Connected by this client.
};

}  // namespace parclass::port

#endif  // PARCLASS_PORT_PORT_H_
