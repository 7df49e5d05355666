// Connection: PARCLASS_CONNECT's callbacks (shared spec windows-parallel-interface.md 3.4, 4.2),
// each a call on the session, with the callbacks' argument checks and statuses.

#include "parclass/bus/connection.h"

#include <optional>
#include <span>

#include "parclass/base/context_registry.h"
#include "parclass/bus/device.h"

namespace parclass::bus {
namespace {

using std::chrono::milliseconds;

// How long NegotiateIeeeMode may take to leave the link in the chosen mode and direction.
constexpr Nanoseconds kNegotiateTimeout = milliseconds(100);

constexpr NtStatus kNotConnected = NtStatus::kInvalidDeviceState;

// PARCLASS_CONNECT's context is the connection's number in this registry, so that a callback
// after DISCONNECT or after the handle closed finds nothing instead of freed memory. A
// connection's callbacks run one at a time; disconnecting waits for a running one. Never
// destroyed: a handle may be closed while statics are destroyed.
ContextRegistry<Connection, CallsOnOneContext::kOneAtATime>& Connections() {
  static auto* registry = new ContextRegistry<Connection, CallsOnOneContext::kOneAtATime>;
  return *registry;
}

// Calls `call` on the connection `context` names, or returns `missing`.
template <typename Call, typename Value>
Value OnConnection(void* context, Value missing, Call call) {
  return Connections().Call(context, missing, call);
}

uint16_t DetermineCallback(void* context) {
  return OnConnection(context, uint16_t{0},
                      [](Connection& connection) { return connection.DetermineIeeeModes(); });
}
NtStatus NegotiateCallback(void* context, uint16_t forward, uint16_t reverse, ParallelSafety safety,
                           Boolean is_forward) {
  const ieee1284::Direction direction =
      is_forward != 0 ? ieee1284::Direction::kForward : ieee1284::Direction::kReverse;
  return OnConnection(context, kNotConnected, [&](Connection& connection) {
    return connection.NegotiateIeeeMode(forward, reverse, safety, direction);
  });
}
NtStatus TerminateCallback(void* context) {
  return OnConnection(context, kNotConnected,
                      [](Connection& connection) { return connection.TerminateIeeeMode(); });
}
NtStatus FwdToRevCallback(void* context) {
  return OnConnection(context, kNotConnected,
                      [](Connection& connection) { return connection.IeeeFwdToRev(); });
}
NtStatus RevToFwdCallback(void* context) {
  return OnConnection(context, kNotConnected,
                      [](Connection& connection) { return connection.IeeeRevToFwd(); });
}
NtStatus ReadCallback(void* context, void* buffer, uint32_t bytes, uint32_t* done,
                      uint8_t /*channel*/) {
  return OnConnection(context, kNotConnected, [&](Connection& connection) {
    return connection.ParallelRead(buffer, bytes, done);
  });
}
NtStatus WriteCallback(void* context, void* buffer, uint32_t bytes, uint32_t* done,
                       uint8_t /*channel*/) {
  return OnConnection(context, kNotConnected, [&](Connection& connection) {
    return connection.ParallelWrite(buffer, bytes, done);
  });
}
NtStatus TrySelectCallback(void* context, port::Parallel1284Command command) {
  return OnConnection(context, kNotConnected,
                      [&](Connection& connection) { return connection.TrySelect(command); });
}
NtStatus DeselectCallback(void* context, port::Parallel1284Command command) {
  return OnConnection(context, kNotConnected,
                      [&](Connection& connection) { return connection.Deselect(command); });
}

NtStatus StatusOf(const Result<void>& done) {
  return done ? NtStatus::kSuccess : port::StatusOf(done.error());
}

// A transfer's outcome for the callbacks: the status, and the exact count also on failure.
NtStatus Counted(const Result<size_t>& moved, uint32_t* count) {
  if (!moved) {
    *count = static_cast<uint32_t>(moved.error().bytes_done().value_or(0));
    return port::StatusOf(moved.error());
  }
  *count = static_cast<uint32_t>(*moved);
  return NtStatus::kSuccess;
}

}  // namespace

ParclassInformation Connection::Connect() {
  if (context_ == nullptr) context_ = Connections().Add(*this);
  port::Port& port = session_.device().port();
  const hw::ChipFeatures& chip = port.detection().features;
  return {.controller = port.register_map().base(),
          .ecr_controller = port.register_map().ecp_controller(),
          .span_of_controller = port.register_map().span(),
          .determine_ieee_modes = &DetermineCallback,
          .negotiate_ieee_mode = &NegotiateCallback,
          .terminate_ieee_mode = &TerminateCallback,
          .ieee_fwd_to_rev_mode = &FwdToRevCallback,
          .ieee_rev_to_fwd_mode = &RevToFwdCallback,
          .parallel_read = &ReadCallback,
          .parallel_write = &WriteCallback,
          .parclass_context = context_,  // A number, never followed: OnConnection looks it up.
          .hardware_capabilities = port.capabilities().bits(),
          .fifo_depth = static_cast<uint32_t>(chip.fifo_pwords()),
          .fifo_width = static_cast<uint32_t>(chip.pword_bits()),
          .parallel_tryselect = &TrySelectCallback,
          .parallel_deselect = &DeselectCallback};
}

void Connection::Disconnect() {
  if (context_ == nullptr) return;
  (void)Connections().Remove(context_);  // Waits for a callback running on it.
  context_ = nullptr;
}

uint16_t Connection::DetermineIeeeModes() {
  if (!CallbackAllowed()) return 0;
  return session_.ProbeModes().bits();
}

NtStatus Connection::NegotiateIeeeMode(uint16_t forward_modes, uint16_t reverse_modes,
                                       ParallelSafety safety, ieee1284::Direction direction) {
  if (!CallbackAllowed()) return kNotConnected;
  if (safety != ParallelSafety::kSafeMode) return NtStatus::kInvalidParameter;
  if (session_.link_mode() != LinkMode::kCompatibility) {
    return NtStatus::kDeviceProtocolError;  // A mode is active: terminate first.
  }
  const ChosenProtocols chosen = session_.ChooseProtocols(ProtocolModes::FromBits(forward_modes),
                                                          ProtocolModes::FromBits(reverse_modes));
  if (!chosen.write && !chosen.read) return NtStatus::kNotSupported;
  const Deadline deadline = Deadline::After(session_.device().port().clock(), kNegotiateTimeout);
  const bool forward = direction == ieee1284::Direction::kForward || !chosen.read;
  return StatusOf(forward ? session_.ToForward(deadline) : session_.ToReverse(deadline));
}

NtStatus Connection::TerminateIeeeMode() {
  if (!CallbackAllowed()) return kNotConnected;
  session_.TerminateMode();
  return NtStatus::kSuccess;
}

NtStatus Connection::IeeeFwdToRev() {
  if (!CallbackAllowed()) return kNotConnected;
  if (session_.reverse()) return NtStatus::kSuccess;
  return StatusOf(session_.ToReverse(session_.TransferDeadline()));
}

NtStatus Connection::IeeeRevToFwd() {
  if (!CallbackAllowed()) return kNotConnected;
  return StatusOf(session_.ToForward(session_.TransferDeadline()));
}

NtStatus Connection::ParallelRead(void* buffer, uint32_t bytes_to_read, uint32_t* bytes_read) {
  if (!CallbackAllowed()) return kNotConnected;
  if (bytes_read == nullptr || (buffer == nullptr && bytes_to_read > 0)) {
    return NtStatus::kInvalidParameter;
  }
  *bytes_read = 0;
  return Counted(session_.ReadHeld(std::span(static_cast<uint8_t*>(buffer), bytes_to_read)),
                 bytes_read);
}

NtStatus Connection::ParallelWrite(const void* buffer, uint32_t bytes_to_write,
                                   uint32_t* bytes_written) {
  if (!CallbackAllowed()) return kNotConnected;
  if (bytes_written == nullptr || (buffer == nullptr && bytes_to_write > 0)) {
    return NtStatus::kInvalidParameter;
  }
  *bytes_written = 0;
  return Counted(session_.WriteHeld(std::span(static_cast<const uint8_t*>(buffer), bytes_to_write)),
                 bytes_written);
}

// The port this client holds is kept whatever the command's flags say: the callbacks select and
// deselect, the lock allocates and frees. A refused command answers with the check's status, a
// failed selection with STATUS_UNSUCCESSFUL.
NtStatus Connection::TrySelect(const port::Parallel1284Command& command) {
  return OnTarget(command, &DeviceSession::Select);
}

NtStatus Connection::Deselect(const port::Parallel1284Command& command) {
  return OnTarget(command, &DeviceSession::Deselect);
}

NtStatus Connection::OnTarget(const port::Parallel1284Command& command,
                              Result<void> (DeviceSession::*act)(port::DeviceTarget)) {
  if (!CallbackAllowed()) return kNotConnected;
  const std::optional<port::DeviceTarget> target = port::TargetOf(command);
  if (!target) return NtStatus::kNotSupported;
  return port::SelectionStatus((session_.*act)(*target));
}

}  // namespace parclass::bus
