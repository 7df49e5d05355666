// Device and DeviceHandle: what Parclass does for one parallel device (shared spec
// windows-parallel-interface.md 1.3-1.6, 2.3, 2.5, 2.6, 3.4, 4.2): a device on a port (the raw
// device, an IEEE 1284.3 daisy-chain device, or the end-of-chain device), opened by one client at
// a time, which sends it requests, reads and writes, or connects (PARCLASS_CONNECT) and drives it
// through the callbacks of PARCLASS_INFORMATION while it holds the lock.
//
//   std::unique_ptr<DeviceHandle> printer = device.Open().value();   // exclusive
//   RequestResult sent = printer->Write(job);            // locks the port for this one write
//
//   // A client driver: connect, lock, negotiate, transfer, unlock.
//   printer->InternalDeviceControl({.code = kIoctlParclassConnect, .buffer = info_bytes, ...});
//   printer->InternalDeviceControl({.code = kIoctlLockPort});
//   info.negotiate_ieee_mode(info.parclass_context, kEcpAny, kEcpAny, kSafeMode, true);
//   info.parallel_write(info.parclass_context, data, size, &written, 0);
//   printer->InternalDeviceControl({.code = kIoctlUnlockPort});
//
// Requests on one device run one at a time, in arrival order (a FIFO gate), in the caller's
// thread. A read, write or request that needs the port while the client does not hold the lock
// takes it for its own duration (allocate and select, then deselect and free), waiting at most
// DeviceConfig::lock_timeout before it gives up with STATUS_DEVICE_BUSY.
//
// The callbacks' context is a connection number, not a pointer: a callback made after
// DISCONNECT, after the handle closed, or with a made-up context finds no connection and answers
// STATUS_INVALID_DEVICE_STATE (DetermineIeeeModes: no modes) instead of touching freed memory.

#ifndef PARCLASS_BUS_DEVICE_H_
#define PARCLASS_BUS_DEVICE_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "parclass/base/mutex.h"
#include "parclass/bus/protocol.h"
#include "parclass/bus/requests.h"
#include "parclass/ieee1284/device_id.h"
#include "parclass/ieee1284/host_port.h"
#include "parclass/ieee1284/link.h"
#include "parclass/port/port.h"

namespace parclass::bus {

using port::RequestOptions;
using port::RequestResult;

// Which device of a port.
enum class DeviceKind : uint8_t {
  kRaw,         // \Device\Parallel<m>, LPT<m+1>: whatever is attached.
  kDaisyChain,  // \Device\Parallel<m>.<x>, LPT<m+1>.<x>: IEEE 1284.3 device x.
  kEndOfChain,  // \Device\Parallel<m>.4, LPT<m+1>.4: the IEEE 1284 device behind the chain.
};

struct DeviceConfig {
  // How long a read, write or request waits for the port when the client does not hold it.
  Nanoseconds lock_timeout = std::chrono::seconds(5);
  // A transfer's deadline when no serial timeouts are set.
  Nanoseconds transfer_timeout = std::chrono::seconds(10);
};

class DeviceHandle;

// A FIFO gate: callers pass one at a time, in the order they arrived.
class FifoGate {
 public:
  // Waits for the caller's turn; kCancelled if `cancel` trips first (the caller leaves the line).
  Result<void> Enter(const std::stop_token& cancel) PARCLASS_EXCLUDES(mutex_);
  void Leave() PARCLASS_EXCLUDES(mutex_);

 private:
  Mutex mutex_;
  CondVar turn_;
  uint64_t next_ticket_ PARCLASS_GUARDED_BY(mutex_) = 0;
  uint64_t serving_ PARCLASS_GUARDED_BY(mutex_) = 0;
  // Tickets whose callers were cancelled while waiting.
  std::vector<uint64_t> abandoned_ PARCLASS_GUARDED_BY(mutex_);
};

class Device {
 public:
  // `id`: the daisy-chain id for kDaisyChain, kEndOfChainId otherwise. `raw_device_id`: the
  // Device ID as the device sent it (length bytes included); empty if it sent none.
  Device(port::Port& port, DeviceKind kind, uint8_t id, std::vector<uint8_t> raw_device_id,
         DeviceConfig config = {});

  DeviceKind kind() const { return kind_; }
  uint8_t id() const { return id_; }
  port::Port& port() { return port_; }
  // "Parallel0.4", and its symbolic link "LPT1.4" (IOCTL_PAR_QUERY_LOCATION).
  const std::string& name() const { return name_; }
  const std::string& location() const { return location_; }
  const std::vector<uint8_t>& raw_device_id() const { return raw_device_id_; }
  // The parsed Device ID and the LPTENUM hardware and compatible IDs; none without an ID.
  const std::optional<ieee1284::DeviceId>& device_id() const { return device_id_; }
  const std::vector<std::string>& hardware_ids() const { return hardware_ids_; }

  // Create: exclusive. kPermissionDenied (STATUS_ACCESS_DENIED) while another client has it open,
  // kNoSuchDevice (STATUS_DEVICE_REMOVED) once removed.
  Result<std::unique_ptr<DeviceHandle>> Open();
  // The device is gone (a rescan did not find it); open handles fail their requests.
  void MarkRemoved() { removed_ = true; }
  bool removed() const { return removed_; }

  // The protocols set for the device's reads and writes (IOCTL_IEEE1284_GET_MODE).
  ProtocolMode read_protocol() const { return read_protocol_; }
  ProtocolMode write_protocol() const { return write_protocol_; }

 private:
  friend class DeviceHandle;

  port::Port& port_;
  const DeviceKind kind_;
  const uint8_t id_;
  const DeviceConfig config_;
  std::string name_;
  std::string location_;
  std::vector<uint8_t> raw_device_id_;
  std::optional<ieee1284::DeviceId> device_id_;
  std::vector<std::string> hardware_ids_;
  std::atomic<bool> open_ = false;
  std::atomic<bool> removed_ = false;
  FifoGate gate_;

  // The device's settings, kept across opens as a device extension keeps them.
  ProtocolMode read_protocol_ = kDefaultReadProtocol;
  ProtocolMode write_protocol_ = kDefaultWriteProtocol;
  ProtocolModes excluded_;  // IOCTL_PAR_GET_DEVICE_CAPS: modes not to use with this device.
  std::optional<uint8_t> read_address_;
  std::optional<uint8_t> write_address_;
  SerialTimeouts timeouts_{};
};

// A client's open file on a device.
class DeviceHandle {
 public:
  ~DeviceHandle();  // Close: disconnects, unlocks (terminating any IEEE 1284 mode).
  DeviceHandle(const DeviceHandle&) = delete;
  DeviceHandle& operator=(const DeviceHandle&) = delete;

  Device& device() { return device_; }
  bool locked() const { return locked_; }

  // IRP_MJ_READ and IRP_MJ_WRITE with the device's protocols; Information = bytes moved, exact
  // also when the status is an error.
  RequestResult Read(std::span<uint8_t> buffer, const RequestOptions& options = {});
  RequestResult Write(std::span<const uint8_t> bytes, const RequestOptions& options = {});
  // IRP_MJ_QUERY_INFORMATION (2.3): FileStandardInformation (all zero but the link count, 0
  // too) and FilePositionInformation (offset 0); another class is kInvalidParameter.
  RequestResult QueryInformation(FileInformationClass information_class,
                                 std::span<std::byte> output);
  // IRP_MJ_DEVICE_CONTROL (2.6) and IRP_MJ_INTERNAL_DEVICE_CONTROL (2.5).
  RequestResult DeviceControl(const port::PortRequest& request, const RequestOptions& options = {});
  RequestResult InternalDeviceControl(const port::PortRequest& request,
                                      const RequestOptions& options = {});

  // The device callbacks (4.2) as C++ calls, for a connected client holding the lock; the C
  // function pointers of PARCLASS_INFORMATION call these.
  uint16_t DetermineIeeeModes();
  NtStatus NegotiateIeeeMode(uint16_t forward_modes, uint16_t reverse_modes, ParallelSafety safety,
                             bool is_forward);
  NtStatus TerminateIeeeMode();
  NtStatus IeeeFwdToRev();
  NtStatus IeeeRevToFwd();
  NtStatus ParallelRead(void* buffer, uint32_t bytes_to_read, uint32_t* bytes_read);
  NtStatus ParallelWrite(const void* buffer, uint32_t bytes_to_write, uint32_t* bytes_written);
  NtStatus TrySelect(const port::Parallel1284Command& command);
  NtStatus Deselect(const port::Parallel1284Command& command);

 private:
  friend class Device;
  DeviceHandle(Device& device, std::unique_ptr<port::PortHandle> port_handle);

  // Runs `work` with the port held: the client's lock, or one taken for this request alone.
  RequestResult WithPort(const RequestOptions& options, const std::function<RequestResult()>& work);
  RequestResult Transfer(const RequestOptions& options,
                         const std::function<Result<size_t>()>& transfer);
  RequestResult Lock(bool select, const RequestOptions& options);
  RequestResult Unlock(bool deselect);
  void AttachLink();
  void DetachLink();
  bool CallbackAllowed() const { return connection_ != nullptr && locked_ && link_.has_value(); }

  // Transfers with the port held.
  Result<size_t> WriteHeld(std::span<const uint8_t> bytes, Deadline deadline);
  Result<size_t> ReadHeld(std::span<uint8_t> buffer, Deadline deadline);
  Result<void> EnterMode(ProtocolMode protocol, Deadline deadline);
  Result<void> ToForward(Deadline deadline);
  Result<void> ToReverse(Deadline deadline);
  Result<std::vector<uint8_t>> ReadDeviceIdHeld(Deadline deadline);
  ProtocolModes ProbeModes();
  Deadline TransferDeadline(uint32_t constant, uint32_t multiplier, size_t bytes) const;
  Deadline WriteDeadline(size_t bytes) const;
  Deadline ReadDeadline(size_t bytes) const;
  RequestResult BackendChecked(RequestResult result) const;
  uint8_t QueryStatus();

  RequestResult Connect(const port::PortRequest& request);
  void Disconnect();
  RequestResult Negotiate(const port::PortRequest& request);

  Device& device_;
  std::unique_ptr<port::PortHandle> port_handle_;
  bool locked_ = false;
  bool selected_ = false;
  std::optional<ieee1284::HostPort> host_;  // While the port is held.
  std::optional<ieee1284::Link> link_;
  bool reverse_ = false;        // The link was turned to the reverse direction.
  void* connection_ = nullptr;  // PARCLASS_CONNECT's context (a number); null if not connected.
};

}  // namespace parclass::bus

#endif  // PARCLASS_BUS_DEVICE_H_
