// Runtime failures as values.
//
// An Error names what went wrong (an Errc), says it in one sentence, and, where a protocol step
// failed, carries where it failed: the IEEE 1284 phase and event, the line levels that were
// expected and those seen, and how many bytes had been transferred. Format() renders all of it as
// one message for a log or a user:
//
//   return Error(Errc::kTimeout, "peripheral did not acknowledge the request")
//       .set_phase(Phase::kNegotiation)
//       .set_event(2)
//       .set_lines(kEvent2, seen)
//       .set_bytes_done(0);
//
//   // "timeout: peripheral did not acknowledge the request (negotiation, event 2; expected
//   //  nAck low, PError high, Select high, nFault high; seen nAck high, ...; 0 bytes done)"

#ifndef PARCLASS_BASE_ERROR_H_
#define PARCLASS_BASE_ERROR_H_

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

#include "parclass/base/lines.h"
#include "parclass/base/phase.h"

namespace parclass {

enum class Errc : uint8_t {
  kTimeout,           // The peripheral did not produce an awaited event in time.
  kNotIeee1284,       // The peripheral did not answer negotiation (no event 2).
  kRejected,          // The peripheral refused the requested mode (XFlag).
  kProtocolError,     // The peripheral produced line levels the protocol does not allow.
  kNotConnected,      // Nothing answers on the cable: powered off, unplugged or vanished.
  kPeripheralError,   // The peripheral reports a fault: paper out, off-line, error.
  kPortBusy,          // The port could not be allocated before the deadline.
  kCancelled,         // The request was cancelled before it completed.
  kInvalidArgument,   // A malformed request: bad buffer, bad size, unknown mode or code.
  kBufferTooSmall,    // The caller's buffer cannot hold the result.
  kNotSupported,      // The port, chip or peripheral lacks the feature.
  kInvalidState,      // The request is not allowed in the current state.
  kNoSuchDevice,      // The named port or device does not exist.
  kPermissionDenied,  // The operating system refused access.
  kIoError,           // The operating system reported a failure.
};

// "timeout", "not IEEE 1284", ...
std::string_view ErrcName(Errc code);

class Error {
 public:
  Error(Errc code, std::string detail) : code_(code), detail_(std::move(detail)) {}

  Errc code() const { return code_; }
  const std::string& detail() const { return detail_; }
  Phase phase() const { return phase_; }
  std::optional<int> event() const { return event_; }
  const std::optional<LineLevels>& expected_lines() const { return expected_lines_; }
  const std::optional<LineLevels>& seen_lines() const { return seen_lines_; }
  std::optional<size_t> bytes_done() const { return bytes_done_; }

  Error& set_phase(Phase phase) {
    phase_ = phase;
    return *this;
  }
  // The IEEE 1284 event number at which the failure was detected.
  Error& set_event(int event) {
    event_ = event;
    return *this;
  }
  // What the protocol waited for, and what the lines showed instead.
  Error& set_lines(LineLevels expected, LineLevels seen) {
    expected_lines_ = expected;
    seen_lines_ = seen;
    return *this;
  }
  Error& set_bytes_done(size_t bytes) {
    bytes_done_ = bytes;
    return *this;
  }

  // The same failure, where it happened, said as the layer consuming it understands it: a
  // timeout at event 2 becomes "not IEEE 1284".
  Error Reworded(Errc code, std::string detail) const {
    Error copy = *this;
    copy.code_ = code;
    copy.detail_ = std::move(detail);
    return copy;
  }

  // The whole error as one message, for a log line or a user.
  std::string Format() const;

 private:
  Errc code_;
  std::string detail_;
  Phase phase_ = Phase::kUnknown;
  std::optional<int> event_;
  std::optional<LineLevels> expected_lines_;
  std::optional<LineLevels> seen_lines_;
  std::optional<size_t> bytes_done_;
};

std::ostream& operator<<(std::ostream& stream, const Error& error);

}  // namespace parclass

#endif  // PARCLASS_BASE_ERROR_H_
