// LineHost: the host's side of the cable driven by hand, for tests of peripheral models at the
// line level, as a host driver would drive it: negotiation, nibble reads, termination.
//
//   LineHost host(scheduler, cable);
//   ASSERT_TRUE(host.Negotiate(0x04));                        // Device ID over nibble mode
//   std::vector<uint8_t> id = host.ReadNibblesWhileAvailable();
//   ASSERT_TRUE(host.Terminate());

#ifndef PARCLASS_SIM_TESTING_LINE_HOST_H_
#define PARCLASS_SIM_TESTING_LINE_HOST_H_

#include <chrono>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "parclass/sim/cable.h"
#include "parclass/sim/trace.h"

namespace parclass::sim::testing {

class LineHost {
 public:
  static constexpr Nanoseconds kTl = std::chrono::milliseconds(35);

  LineHost(Scheduler& scheduler, Cable& cable) : scheduler_(scheduler), cable_(cable) {
    Control(CompatIdle());
  }

  // Compatibility idle: nStrobe, nAutoFd, nInit high; nSelectIn low.
  static LineLevels CompatIdle() {
    return LineLevels()
        .with(Line::kNStrobe, Level::kHigh)
        .with(Line::kNAutoFd, Level::kHigh)
        .with(Line::kNInit, Level::kHigh)
        .with(Line::kNSelectIn, Level::kLow);
  }

  void Control(LineLevels levels) {
    cable_.DriveLevels(Side::kHost, levels);
    cable_.Settle();
  }
  void Set(Line line, Level level) { Control(LineLevels().with(line, level)); }
  void Data(uint8_t byte) {
    cable_.DriveData(Side::kHost, byte);
    cable_.Settle();
  }
  void ReleaseData() {
    cable_.ReleaseData(Side::kHost);
    cable_.Settle();
  }
  void Wait(Nanoseconds duration) { scheduler_.SleepFor(duration); }
  LineLevels Status() const { return cable_.levels(kStatusLines); }
  // Compatibility mode (ieee1284.md 6.1): data, 1 us setup, 1 us strobe, 1 us hold.
  void SendCompat(uint8_t byte) {
    Data(byte);
    Wait(std::chrono::microseconds(1));
    Set(Line::kNStrobe, Level::kLow);
    Wait(std::chrono::microseconds(1));
    Set(Line::kNStrobe, Level::kHigh);
    Wait(std::chrono::microseconds(1));
  }
  Level level(Line line) const { return cable_.level(line); }
  // Runs the simulation until `line` is at `level`, at most `limit`; false on timeout.
  bool WaitFor(Line line, Level level, Nanoseconds limit = kTl) {
    return scheduler_.RunUntil([&] { return cable_.level(line) == level; },
                               scheduler_.Now() + limit);
  }

  // Events 0-6: returns whether event 6 came; XFlag is then on Select.
  bool Negotiate(uint8_t request) {
    Data(request);  // Event 0.
    Wait(std::chrono::microseconds(1));
    Control(LineLevels().with(Line::kNSelectIn, Level::kHigh).with(Line::kNAutoFd, Level::kLow));
    if (!WaitFor(Line::kNAck, Level::kLow)) return false;  // Event 2.
    Set(Line::kNStrobe, Level::kLow);                      // Event 3.
    Wait(std::chrono::microseconds(1));
    Control(LineLevels().with(Line::kNStrobe, Level::kHigh).with(Line::kNAutoFd, Level::kHigh));
    return WaitFor(Line::kNAck, Level::kHigh);  // Event 6.
  }

  // One nibble-mode byte, events 7-11 twice, low nibble first (ieee1284.md 7.2); nullopt if the
  // peripheral stops answering.
  std::optional<uint8_t> ReadNibbleByte() {
    uint8_t byte = 0;
    for (int half = 0; half < 2; ++half) {
      Set(Line::kNAutoFd, Level::kLow);                             // Event 7.
      if (!WaitFor(Line::kNAck, Level::kLow)) return std::nullopt;  // Event 9.
      const auto bit = [&](Line line, int value) {
        return level(line) == Level::kHigh ? value : 0;
      };
      const int nibble = bit(Line::kNFault, 1) | bit(Line::kSelect, 2) | bit(Line::kPError, 4) |
                         bit(Line::kBusy, 8);
      byte |= static_cast<uint8_t>(nibble << (4 * half));
      Set(Line::kNAutoFd, Level::kHigh);                             // Event 10.
      if (!WaitFor(Line::kNAck, Level::kHigh)) return std::nullopt;  // Event 11.
    }
    return byte;
  }
  // Nibble-mode bytes while nDataAvail (nFault) is low, at most `limit`.
  std::vector<uint8_t> ReadNibblesWhileAvailable(size_t limit = 4096) {
    std::vector<uint8_t> bytes;
    while (bytes.size() < limit && level(Line::kNFault) == Level::kLow) {
      const std::optional<uint8_t> byte = ReadNibbleByte();
      if (!byte) break;
      bytes.push_back(*byte);
    }
    return bytes;
  }

  // One byte-mode byte (ieee1284.md section 8): events 14, 7, 9, 10, 11, 16 and 17; nullopt if
  // the peripheral stops answering.
  std::optional<uint8_t> ReadByteModeByte() {
    ReleaseData();                                                // Event 14.
    Set(Line::kNAutoFd, Level::kLow);                             // Event 7.
    if (!WaitFor(Line::kNAck, Level::kLow)) return std::nullopt;  // Event 9.
    const uint8_t byte = cable_.data();
    Set(Line::kNAutoFd, Level::kHigh);                             // Event 10.
    if (!WaitFor(Line::kNAck, Level::kHigh)) return std::nullopt;  // Event 11.
    Set(Line::kNStrobe, Level::kLow);                              // Event 16.
    Wait(std::chrono::microseconds(1));
    Set(Line::kNStrobe, Level::kHigh);  // Event 17.
    return byte;
  }

  // Events 22-28; returns whether the peripheral completed the handshake.
  bool Terminate() {
    Control(LineLevels().with(Line::kNSelectIn, Level::kLow).with(Line::kNAutoFd, Level::kHigh));
    if (!WaitFor(Line::kNAck, Level::kLow)) return false;   // Event 24.
    Set(Line::kNAutoFd, Level::kLow);                       // Event 25.
    if (!WaitFor(Line::kNAck, Level::kHigh)) return false;  // Event 27.
    Set(Line::kNAutoFd, Level::kHigh);                      // Event 28.
    return true;
  }

 private:
  Scheduler& scheduler_;
  Cable& cable_;
};

// Whether a model put a note containing `needle` in the trace.
inline bool HasNote(const Trace& trace, std::string_view needle) {
  for (const TraceEvent& event : trace.events()) {
    const auto* note = std::get_if<Note>(&event.what);
    if (note != nullptr && note->what.find(needle) != std::string::npos) return true;
  }
  return false;
}

}  // namespace parclass::sim::testing

#endif  // PARCLASS_SIM_TESTING_LINE_HOST_H_
