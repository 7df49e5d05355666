// Connection: the PARCLASS_CONNECT adapter of a device session (shared spec
// windows-parallel-interface.md 3.4, 4.2). Connecting hands out PARCLASS_INFORMATION, a table of
// C callbacks whose context is the connection's number in a registry (base/context_registry.h),
// never an address; each callback finds its connection by that number and becomes a call on the
// session, for a client that holds the lock.
//
//   Connection connection(session);
//   ParclassInformation info = connection.Connect();
//   session.Lock(LockSelect::kSelect, {});
//   info.parallel_write(info.parclass_context, data, size, &written, 0);  // session.WriteHeld
//   connection.Disconnect();                     // later callbacks find no connection
//
// A callback made after Disconnect, after the connection is destroyed, or with a made-up context
// finds no connection and answers STATUS_INVALID_DEVICE_STATE (DetermineIeeeModes: no modes)
// instead of touching freed memory. A connection's callbacks run one at a time; disconnecting
// waits for a running one.

#ifndef PARCLASS_BUS_CONNECTION_H_
#define PARCLASS_BUS_CONNECTION_H_

#include <cstdint>

#include "parclass/bus/requests.h"
#include "parclass/bus/session.h"
#include "parclass/ieee1284/host_port.h"

namespace parclass::bus {

class Connection {
 public:
  explicit Connection(DeviceSession& session) : session_(session) {}
  ~Connection() { Disconnect(); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // PARCLASS_CONNECT: registers the connection (once) and describes the port and the callbacks.
  ParclassInformation Connect();
  // PARCLASS_DISCONNECT: later callbacks find nothing; waits for a running one.
  void Disconnect();
  bool connected() const { return context_ != nullptr; }

  // The device callbacks (4.2) as C++ calls, for a connected client holding the lock; anyone
  // else gets STATUS_INVALID_DEVICE_STATE (DetermineIeeeModes: 0).
  uint16_t DetermineIeeeModes();
  NtStatus NegotiateIeeeMode(uint16_t forward_modes, uint16_t reverse_modes, ParallelSafety safety,
                             ieee1284::Direction direction);
  NtStatus TerminateIeeeMode();
  NtStatus IeeeFwdToRev();
  NtStatus IeeeRevToFwd();
  NtStatus ParallelRead(void* buffer, uint32_t bytes_to_read, uint32_t* bytes_read);
  NtStatus ParallelWrite(const void* buffer, uint32_t bytes_to_write, uint32_t* bytes_written);
  // The device-level select and deselect: the port's, for the port this client holds.
  NtStatus TrySelect(const port::Parallel1284Command& command);
  NtStatus Deselect(const port::Parallel1284Command& command);

 private:
  bool CallbackAllowed() const { return connected() && session_.locked(); }
  // TrySelect and Deselect: the command's target, checked, then `act` on it.
  NtStatus OnTarget(const port::Parallel1284Command& command,
                    Result<void> (DeviceSession::*act)(port::DeviceTarget));

  DeviceSession& session_;
  void* context_ = nullptr;  // The callbacks' context (a number); null if not connected.
};

}  // namespace parclass::bus

#endif  // PARCLASS_BUS_CONNECTION_H_
