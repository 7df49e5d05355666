#include "parclass/base/error.h"

#include <fmt/format.h>

#include <ostream>
#include <vector>

namespace parclass {

std::string_view ErrcName(Errc code) {
  switch (code) {
    case Errc::kTimeout: return "timeout";
    case Errc::kNotIeee1284: return "not IEEE 1284";
    case Errc::kRejected: return "mode rejected";
    case Errc::kProtocolError: return "protocol error";
    case Errc::kNotConnected: return "not connected";
    case Errc::kPeripheralError: return "peripheral error";
    case Errc::kPortBusy: return "port busy";
    case Errc::kCancelled: return "cancelled";
    case Errc::kInvalidArgument: return "invalid argument";
    case Errc::kBufferTooSmall: return "buffer too small";
    case Errc::kNotSupported: return "not supported";
    case Errc::kInvalidState: return "invalid state";
    case Errc::kNoSuchDevice: return "no such device";
    case Errc::kPermissionDenied: return "permission denied";
    case Errc::kIoError: return "I/O error";
  }
  return "invalid error code";
}

std::string Error::Format() const {
  std::vector<std::string> where;
  if (phase_ != Phase::kUnknown && event_) {
    where.push_back(fmt::format("{}, event {}", PhaseName(phase_), *event_));
  } else if (phase_ != Phase::kUnknown) {
    where.emplace_back(PhaseName(phase_));
  } else if (event_) {
    where.push_back(fmt::format("event {}", *event_));
  }
  if (expected_lines_) where.push_back("expected " + expected_lines_->Describe());
  if (seen_lines_) where.push_back("seen " + seen_lines_->Describe());
  if (bytes_done_) {
    where.push_back(fmt::format("{} byte{} done", *bytes_done_, *bytes_done_ == 1 ? "" : "s"));
  }
  std::string message = fmt::format("{}: {}", ErrcName(code_), detail_);
  if (!where.empty()) message += fmt::format(" ({})", fmt::join(where, "; "));
  return message;
}

std::ostream& operator<<(std::ostream& stream, const Error& error) {
  return stream << error.Format();
}

}  // namespace parclass
