// DeviceSession: what a client of a device does, typed (shared spec
// windows-parallel-interface.md 1.6, 2.5, 4.2): it locks the port (allocating it, with the device
// selected), runs the device's IEEE 1284 link while it holds the port, and reads and writes with
// the device's protocols. The request decoder and the PARCLASS_CONNECT adapter are views of a
// session; neither holds state of its own about the port or the link.
//
//   DeviceSession session(device, port.Open().value());
//   NtStatus locked = session.Lock(LockSelect::kSelect, {.deadline = deadline});
//   RequestResult sent = session.Write(job);      // with the lock held: no allocation
//   session.Unlock(UnlockDeselect::kDeselect);    // terminates the link, deselects, frees
//
// Without the lock, Read, Write and WithPort take the port for their own duration, waiting at
// most the device's lock timeout. The "Held" operations need the port held (the lock, or inside
// WithPort) and assert it. A session is used by one thread at a time: the device's FIFO gate
// serialises reads and writes; everything else is its one client's to serialise.

#ifndef PARCLASS_BUS_SESSION_H_
#define PARCLASS_BUS_SESSION_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stop_token>
#include <vector>

#include "parclass/base/clock.h"
#include "parclass/base/mutex.h"
#include "parclass/base/result.h"
#include "parclass/bus/protocol.h"
#include "parclass/bus/requests.h"
#include "parclass/ieee1284/host_port.h"
#include "parclass/ieee1284/link.h"
#include "parclass/port/arbiter.h"
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

// LOCK_PORT selects a daisy-chain device as it allocates the port; LOCK_PORT_NO_SELECT does not.
enum class LockSelect : uint8_t { kSelect, kNoSelect };
// UNLOCK_PORT deselects the device it selected; UNLOCK_PORT_NO_DESELECT leaves it selected.
enum class UnlockDeselect : uint8_t { kDeselect, kNoDeselect };

// The protocols a negotiation chose for each direction; none where no offered one is usable.
struct ChosenProtocols {
  std::optional<ProtocolMode> write;
  std::optional<ProtocolMode> read;
};

class Device;

class DeviceSession {
 public:
  DeviceSession(Device& device, std::unique_ptr<port::PortHandle> port_handle);
  ~DeviceSession();  // Unlocks (terminating any IEEE 1284 mode), then closes the port handle.
  DeviceSession(const DeviceSession&) = delete;
  DeviceSession& operator=(const DeviceSession&) = delete;

  Device& device() { return device_; }
  // The device's handle on its port: the lock is this client's holding, so a client that holds
  // LOCK_PORT reads and writes the port's registers through it (PortHandle::ReadRegister ...).
  port::PortHandle& port_handle() { return *port_handle_; }
  bool locked() const { return claim_.has_value(); }
  bool reverse() const { return reverse_; }  // The link was turned to the reverse direction.

  // LOCK_PORT and LOCK_PORT_NO_SELECT: allocate the port (and select this device, for a
  // daisy-chain device; the end-of-chain and raw devices are selected by the allocation itself,
  // 6.2). The status of the port's request; success at once if locked already.
  NtStatus Lock(LockSelect select, const RequestOptions& options);
  // UNLOCK_PORT and UNLOCK_PORT_NO_DESELECT: leave any IEEE 1284 mode, deselect (if asked and
  // if the lock selected), free the port. Nothing if not locked.
  void Unlock(UnlockDeselect deselect);

  // A read or write request: in the device's turn, with the port held, the count exact on failure.
  RequestResult Read(std::span<uint8_t> buffer, const RequestOptions& options = {});
  RequestResult Write(std::span<const uint8_t> bytes, const RequestOptions& options = {});
  // Runs `work` with the port held: the client's lock, or one taken for this request alone (a
  // timeout is STATUS_DEVICE_BUSY). A backend that failed meanwhile gives its status.
  RequestResult WithPort(const RequestOptions& options, const std::function<RequestResult()>& work);

  // With the port held. Transfers with the device's protocols and addresses, bounded by its
  // serial timeouts.
  Result<size_t> WriteHeld(std::span<const uint8_t> bytes);
  Result<size_t> ReadHeld(std::span<uint8_t> buffer);
  // The link to the device's write protocol, or to its read protocol in reverse.
  Result<void> ToForward(Deadline deadline);
  Result<void> ToReverse(Deadline deadline);
  // Back to compatibility mode, whatever the peripheral says.
  void TerminateMode();
  LinkMode link_mode() const;
  // The device's transfer timeout from now: the bound of a turnaround.
  Deadline TransferDeadline() const;
  // PAR_QUERY_INFORMATION's status bits, from the status lines.
  uint8_t QueryStatus();
  // PAR_SET_INFORMATION's PARALLEL_INIT: an nInit pulse, then the status it leaves.
  NtStatus InitialisePeripheral();
  // The Device ID as the device sends it (length bytes first), in nibble mode.
  Result<std::vector<uint8_t>> ReadDeviceId();
  // The protocols the device accepts, each family found by negotiating it and terminating.
  ProtocolModes ProbeModes();
  // The fastest usable (probed, not excluded) protocol of each offer, set as the device's.
  ChosenProtocols ChooseProtocols(ProtocolModes forward, ProtocolModes reverse);
  // Select and deselect for the holder (PAR_HAVE_PORT_KEEP_PORT): port::PortHandle's, whose
  // errors tell a refusal from the chain's failure (port::SelectionStatus).
  Result<void> Select(port::DeviceTarget target);
  Result<void> Deselect(port::DeviceTarget target);

 private:
  void AttachLink();
  void DetachLink();
  void AssertHeld() const;
  RequestResult BackendChecked(RequestResult result) const;
  Result<void> EnterMode(ProtocolMode protocol);
  Deadline SerialDeadline(uint32_t constant, uint32_t multiplier, size_t bytes) const;
  Deadline WriteDeadline(size_t bytes) const;
  Deadline ReadDeadline(size_t bytes) const;
  RequestResult Transfer(const RequestOptions& options,
                         const std::function<Result<size_t>()>& transfer);

  Device& device_;
  std::unique_ptr<port::PortHandle> port_handle_;
  std::optional<port::PortClaim> claim_;    // The lock: the port, while held.
  bool selected_ = false;                   // The lock selected a daisy-chain device.
  std::optional<ieee1284::HostPort> host_;  // While the port is held.
  std::optional<ieee1284::Link> link_;
  bool reverse_ = false;
};

}  // namespace parclass::bus

#endif  // PARCLASS_BUS_SESSION_H_
