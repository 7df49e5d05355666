// The simulator's record of what happened: every register access, line change, bus contention,
// interrupt and guest error, time-stamped, as typed events with a human decoding.
//
//   Trace trace;
//   ... run a simulation whose cable and chip record into `trace` ...
//   for (const TraceEvent& event : trace.events()) std::puts(Describe(event).c_str());
//   //  12.000 us  write dcr=0x06 [n_init auto_fd]
//   //  12.000 us  nAutoFd 1 -> 0
//   //  12.000 us  nSelectIn 0 -> 1
//   EXPECT_TRUE(trace.errors().empty());
//
// Errors (contention, guest errors) are always kept; the rest only while recording is on, so a
// benchmark can run without the cost of keeping every event.

#ifndef PARCLASS_SIM_TRACE_H_
#define PARCLASS_SIM_TRACE_H_

#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "parclass/base/clock.h"
#include "parclass/base/lines.h"
#include "parclass/hw/address.h"
#include "parclass/sim/logic.h"

namespace parclass::sim {

enum class AccessKind : uint8_t { kRead, kWrite };

struct RegisterAccess {
  hw::RegisterAddress address;
  AccessKind kind;
  uint8_t value;  // Returned by a read, or written.
};

// Which cable of a simulation a line change happened on. With an IEEE 1284.3 chain every cable
// (host to first device, device to function, device to next) records into one trace; each has its
// own id, handed out by the trace (Trace::AddCable). Zero is no cable: a hand-made event.
enum class CableId : uint32_t {};

struct LineChange {
  Line line;
  Logic from;
  Logic to;
  CableId cable{};
};

// Both sides drive a line to different levels.
struct Contention {
  Line line;
  Drive host;
  Drive peripheral;
};

// The chip raised its interrupt line.
struct Interrupt {};

// Software did something the chip does not decode or allow (an access to an address the variant
// lacks, a write to a read-only register, an illegal ECR mode change). The chip carries on, as
// hardware would.
struct GuestError {
  std::string what;
};

// Something a model wants on record: "EPP timeout", "FIFO overrun", ...
struct Note {
  std::string what;
};

struct TraceEvent {
  Nanoseconds at;
  std::variant<RegisterAccess, LineChange, Contention, Interrupt, GuestError, Note> what;
};

// "12.000 us  write dcr=0x06 [n_init auto_fd]"
std::string Describe(const TraceEvent& event);

class Trace {
 public:
  void Record(TraceEvent event);

  // An id for a new cable recording into this trace: 1, 2, ... in the order asked.
  CableId AddCable() { return CableId{++cables_}; }

  // Recording is on by default; off, only errors are kept.
  void set_recording(bool on) { recording_ = on; }
  bool recording() const { return recording_; }

  const std::vector<TraceEvent>& events() const { return events_; }
  // Contentions and guest errors, described, in order.
  const std::vector<std::string>& errors() const { return errors_; }
  void Clear();

  // Called for every event recorded (or not, when recording is off), after it is recorded.
  void set_observer(std::function<void(const TraceEvent&)> observer) {
    observer_ = std::move(observer);
  }

 private:
  bool recording_ = true;
  std::vector<TraceEvent> events_;
  std::vector<std::string> errors_;
  std::function<void(const TraceEvent&)> observer_;
  uint32_t cables_ = 0;
};

}  // namespace parclass::sim

#endif  // PARCLASS_SIM_TRACE_H_
