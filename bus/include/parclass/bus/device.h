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
// A handle is three parts, each in its own file: the session (session.h: the lock, the link and
// the transfers, typed), the request decoder (request_decoder.cc: codes and buffers to session
// calls and back to statuses) and the PARCLASS_CONNECT adapter (connection.h: the C callback
// table, whose calls become session calls).
//
// Requests on one device run one at a time, in arrival order (a FIFO gate), in the caller's
// thread. A read, write or request that needs the port while the client does not hold the lock
// takes it for its own duration (allocate and select, then deselect and free), waiting at most
// DeviceConfig::lock_timeout before it gives up with STATUS_DEVICE_BUSY.

#ifndef PARCLASS_BUS_DEVICE_H_
#define PARCLASS_BUS_DEVICE_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "parclass/base/mutex.h"
#include "parclass/bus/connection.h"
#include "parclass/bus/protocol.h"
#include "parclass/bus/request_decoder.h"
#include "parclass/bus/requests.h"
#include "parclass/bus/session.h"
#include "parclass/ieee1284/device_id.h"
#include "parclass/port/port.h"

namespace parclass::bus {

using port::RequestOptions;
using port::RequestResult;

class DeviceHandle;

class Device {
 public:
  // `id`: the daisy-chain id for kDaisyChain, kEndOfChainId otherwise. `raw_device_id`: the
  // Device ID as the device sent it (length bytes included); empty if it sent none.
  Device(port::Port& port, DeviceKind kind, uint8_t id, std::vector<uint8_t> raw_device_id,
         DeviceConfig config = {});

  DeviceKind kind() const { return kind_; }
  uint8_t id() const { return id_; }
  port::Port& port() { return port_; }
  const port::Port& port() const { return port_; }
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

  const DeviceConfig& config() const { return config_; }
  // Requests on the device pass it one at a time, in arrival order.
  FifoGate& gate() { return gate_; }

  // The device's settings, kept across opens as a device extension keeps them. The protocols
  // set for its reads and writes (IOCTL_IEEE1284_GET_MODE):
  ProtocolMode read_protocol() const { return read_protocol_; }
  ProtocolMode write_protocol() const { return write_protocol_; }
  void set_read_protocol(ProtocolMode protocol) { read_protocol_ = protocol; }
  void set_write_protocol(ProtocolMode protocol) { write_protocol_ = protocol; }
  // IOCTL_PAR_GET_DEVICE_CAPS: modes not to use with this device.
  ProtocolModes excluded() const { return excluded_; }
  void set_excluded(ProtocolModes excluded) { excluded_ = excluded; }
  // IOCTL_PAR_SET_READ_ADDRESS and SET_WRITE_ADDRESS: the EPP address or ECP channel.
  std::optional<uint8_t> read_address() const { return read_address_; }
  std::optional<uint8_t> write_address() const { return write_address_; }
  void set_read_address(uint8_t address) { read_address_ = address; }
  void set_write_address(uint8_t address) { write_address_ = address; }
  // IOCTL_SERIAL_SET_TIMEOUTS.
  const SerialTimeouts& timeouts() const { return timeouts_; }
  void set_timeouts(const SerialTimeouts& timeouts) { timeouts_ = timeouts; }

  // The exclusive open, held by the handle Open() made: its destruction lets the device be
  // opened again.
  struct EndOpen {
    void operator()(std::atomic<bool>* open) const { *open = false; }
  };
  using OpenToken = std::unique_ptr<std::atomic<bool>, EndOpen>;

 private:
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

  ProtocolMode read_protocol_ = kDefaultReadProtocol;
  ProtocolMode write_protocol_ = kDefaultWriteProtocol;
  ProtocolModes excluded_;
  std::optional<uint8_t> read_address_;
  std::optional<uint8_t> write_address_;
  SerialTimeouts timeouts_{};
};

// A client's open file on a device: its session, its PARCLASS_CONNECT connection, and the entry
// points of the requests, which the decoder turns into session calls.
class DeviceHandle {
 public:
  ~DeviceHandle();  // Close: disconnects, unlocks (terminating any IEEE 1284 mode).
  DeviceHandle(const DeviceHandle&) = delete;
  DeviceHandle& operator=(const DeviceHandle&) = delete;

  Device& device() { return session_.device(); }
  DeviceSession& session() { return session_; }
  bool locked() const { return session_.locked(); }

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

 private:
  friend class Device;
  DeviceHandle(Device& device, std::unique_ptr<port::PortHandle> port_handle,
               Device::OpenToken open);

  Device::OpenToken open_;  // Declared first: released last, once the session has unlocked.
  DeviceSession session_;
  Connection connection_;  // After the session: disconnected before the session unlocks.
  RequestDecoder decoder_;
};

}  // namespace parclass::bus

#endif  // PARCLASS_BUS_DEVICE_H_
