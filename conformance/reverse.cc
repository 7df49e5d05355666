// Nibble mode (shared spec ieee1284.md section 7) and byte mode (section 8): the peripheral sends
// to the host, a nibble on four status lines or a byte on the data lines, with one handshake.
//
//   Event 7   host     nAutoFd (HostBusy) low: ready
//   Event 8   periph.  data on the lines (byte mode: event 15)
//   Event 9   periph.  nAck (PtrClk) low: data valid (within tL)
//   Event 10  host     nAutoFd high: taken
//   Event 11  periph.  nAck high (within tL)
//   Event 16  host     byte mode: nStrobe (HostClk) low, the acknowledge pulse ...
//   Event 17  host     ... and nStrobe high
//
// Nibble data stays on the status lines while nAck is low. Byte data stays until event 16: Linux
// reads the data register after event 11, and the host's pulse is what acknowledges the byte.
// Byte mode also needs the host to have let go of the data lines (event 14); a trace of levels
// cannot show who drives a line, so that is not judged.
//
// When a byte would start and nDataAvail (nFault) is high, nAutoFd low is not event 7 but the
// host entering reverse idle (section 7.3), where the peripheral signals new data with event 18
// (nFault low) and event 19 (an nAck pulse), and the host answers with event 20 (nAutoFd high).

#include <fmt/format.h>

#include <memory>
#include <optional>
#include <string>

#include "link.h"

namespace parclass::conformance::internal {
namespace {

// What differs between the two modes.
struct ReverseKind {
  LinkMode mode;
  LineSet data;  // The lines carrying data.
  Rule order;
  Rule response_time;
  Rule data_stable;
};

constexpr ReverseKind kNibbleKind = {LinkMode::kNibble,
                                     {Line::kNFault, Line::kSelect, Line::kPError, Line::kBusy},
                                     Rule::kNibbleOrder,
                                     Rule::kNibbleResponseTime,
                                     Rule::kNibbleDataStable};
constexpr ReverseKind kByteKind = {LinkMode::kByte, kDataLines, Rule::kByteOrder,
                                   Rule::kByteResponseTime, Rule::kByteDataStable};

class Reverse final : public ModeRules {
 public:
  explicit Reverse(const ReverseKind& kind) : kind_(kind) {}

  LinkMode mode() const override { return kind_.mode; }
  void Begin(Link& link) override { EnterHostBusy(link); }

  void OnInstant(const Instant& now, Link& link) override {
    if (now.Fell(Line::kNSelectIn)) {
      Terminate(now, link, kind_.mode);
      return;
    }
    CheckDataStable(now, link);
    // In byte mode the acknowledge pulse (event 16) may begin in the instant event 11 ends.
    const bool acknowledged_at_once = !nibble() && step_ == Step::kEvent11 && now.Rose(Line::kNAck);
    if (InHandshake() && now.Fell(Line::kNStrobe) && !acknowledged_at_once) {
      StrayStrobe(now, link);
    }
    AdvanceThrough(step_, link, [&] { Dispatch(now, link); });
  }

 private:
  enum class Step : uint8_t {
    kHostBusy,     // nAutoFd high between transfers: "host busy, data (not) available".
    kReverseIdle,  // nAutoFd low with no data: waiting for events 18-19.
    kEvent9,
    kEvent10,
    kEvent11,
    kEvent16,
    kEvent17,
  };

  void Dispatch(const Instant& now, Link& link) {
    switch (step_) {
      case Step::kHostBusy: InHostBusy(now, link); return;
      case Step::kReverseIdle: InReverseIdle(now, link); return;
      case Step::kEvent9: AwaitEvent9(now, link); return;
      case Step::kEvent10: AwaitEvent10(now, link); return;
      case Step::kEvent11: AwaitEvent11(now, link); return;
      case Step::kEvent16: AwaitEvent16(now, link); return;
      case Step::kEvent17: AwaitEvent17(now, link); return;
    }
  }

  bool nibble() const { return kind_.mode == LinkMode::kNibble; }
  bool InHandshake() const {
    return step_ == Step::kEvent9 || step_ == Step::kEvent10 || step_ == Step::kEvent11;
  }
  bool AtByteBoundary() const { return nibbles_ % 2 == 0; }

  void EnterHostBusy(Link& link) {
    step_ = Step::kHostBusy;
    UpdateHostBusyPhase(link.levels(), link);
  }

  void UpdateHostBusyPhase(const LineLevels& levels, Link& link) const {
    if (!AtByteBoundary()) {
      link.set_phase(Phase::kReverseTransfer);
      return;
    }
    const bool available = levels.level(Line::kNFault) == Level::kLow;
    link.set_phase(available ? Phase::kDataAvailable : Phase::kDataNotAvailable);
  }

  void InHostBusy(const Instant& now, Link& link) {
    if (now.Fell(Line::kNAutoFd)) {
      HostBusyLow(now, link);
      return;
    }
    if (now.Fell(Line::kNAck)) {
      Broken(now, link, 9, "nAck fell (event 9) without the host's event 7");
      return;
    }
    if (now.Fell(Line::kNStrobe)) StrayStrobe(now, link);
    UpdateHostBusyPhase(now.after, link);
  }

  // Event 7, or the host entering reverse idle because there is no data (section 7.3).
  void HostBusyLow(const Instant& now, Link& link) {
    if (AtByteBoundary() && now.High(Line::kNFault)) {
      step_ = Step::kReverseIdle;
      link.set_phase(Phase::kReverseIdle);
      return;
    }
    step_ = Step::kEvent9;
    link.set_phase(Phase::kReverseTransfer);
    link.AwaitPeripheral(now.at, kind_.response_time, 9, "nAck low");
  }

  void InReverseIdle(const Instant& now, Link& link) {
    if (now.Fell(Line::kNAck)) {  // Event 19, which follows event 18.
      if (now.High(Line::kNFault)) {
        link.Report(now, kind_.order, 19, "nAck fell (event 19) before nFault fell (event 18)");
      }
      link.set_phase(Phase::kInterruptHost);
    } else if (now.Rose(Line::kNAutoFd) && now.Low(Line::kNAck)) {
      Broken(now, link, 20, "nAutoFd rose (event 20) while the nAck pulse (event 19) was low");
    } else if (now.Rose(Line::kNAutoFd)) {
      EnterHostBusy(link);  // Event 20, or the host leaving reverse idle to read at once.
    } else if (now.Fell(Line::kNStrobe)) {
      StrayStrobe(now, link);
    }
  }

  void AwaitEvent9(const Instant& now, Link& link) {
    if (now.Fell(Line::kNAck)) {
      link.StopTimer(TimerSlot::kResponse);
      step_ = Step::kEvent10;
    } else if (now.Rose(Line::kNAutoFd)) {
      // After tL the host gives up and restores nAutoFd high (section 7.2); before, it is early.
      if (!link.Expired(TimerSlot::kResponse)) {
        link.Report(now, kind_.order, 10,
                    "nAutoFd rose (event 10) before the peripheral's event 9");
      }
      EnterHostBusy(link);
    }
  }

  void AwaitEvent10(const Instant& now, Link& link) {
    if (now.Rose(Line::kNAutoFd)) {
      step_ = Step::kEvent11;
      link.AwaitPeripheral(now.at, kind_.response_time, 11, "nAck high");
    } else if (now.Rose(Line::kNAck)) {
      Broken(now, link, 11, "nAck rose (event 11) before the host's event 10");
    }
  }

  void AwaitEvent11(const Instant& now, Link& link) {
    if (now.Rose(Line::kNAck)) {
      link.StopTimer(TimerSlot::kResponse);
      if (!nibble()) {
        step_ = Step::kEvent16;
        return;
      }
      ++nibbles_;
      EnterHostBusy(link);
    } else if (now.Fell(Line::kNAutoFd)) {
      Broken(now, link, 11, "nAutoFd fell (event 7) before the peripheral's event 11");
    }
  }

  void AwaitEvent16(const Instant& now, Link& link) {
    if (now.Fell(Line::kNStrobe)) {
      event16_at_ = now.at;
      step_ = Step::kEvent17;
    } else if (now.Fell(Line::kNAutoFd)) {
      Broken(now, link, 16, "nAutoFd fell (event 7) before the acknowledge pulse (event 16)");
    } else if (now.Fell(Line::kNAck)) {
      Broken(now, link, 16, "nAck fell (event 9) before the acknowledge pulse (event 16)");
    }
  }

  void AwaitEvent17(const Instant& now, Link& link) {
    if (now.Rose(Line::kNStrobe)) {
      CheckStrobeWidth(now, link);
      EnterHostBusy(link);
    } else if (now.Fell(Line::kNAutoFd)) {
      Broken(now, link, 17, "nAutoFd fell (event 7) before nStrobe rose (event 17)");
    }
  }

  // nStrobe is HostClk: held high in nibble mode, pulsed after each byte (event 11) in byte mode.
  void StrayStrobe(const Instant& now, Link& link) const {
    if (nibble()) {
      link.Report(now, kind_.order, std::nullopt,
                  "nStrobe (HostClk) fell; nibble mode holds it high");
    } else {
      link.Report(now, kind_.order, 16,
                  "nStrobe fell (event 16) with no byte to acknowledge: event 11 comes first");
    }
  }

  // The data lines stay put from event 9 while nAck is low (nibble) or until event 16 (byte).
  void CheckDataStable(const Instant& now, Link& link) const {
    if (!now.Changed(kind_.data)) return;
    int event = 0;
    switch (step_) {
      case Step::kEvent10: event = 10; break;
      case Step::kEvent11: event = nibble() && !now.StayedLow(Line::kNAck) ? 0 : 11; break;
      case Step::kEvent16: event = now.Fell(Line::kNStrobe) ? 0 : 16; break;
      default: break;
    }
    if (event == 0) return;
    link.Report(now, kind_.data_stable, event,
                fmt::format("{} changed while the {} was valid", ChangedNames(now, kind_.data),
                            nibble() ? "nibble" : "byte"));
  }

  void CheckStrobeWidth(const Instant& now, Link& link) const {
    link.CheckMinimum(now, now.at - event16_at_, link.limits().byte_strobe_min,
                      Rule::kByteStrobeWidth, 17, "nStrobe was low {} from event 16");
  }

  // An order the handshake cannot be followed past: stop judging until the host leaves. After
  // tL the host may do anything; the timeout is already reported.
  void Broken(const Instant& now, Link& link, int event, std::string detail) const {
    if (!link.Expired(TimerSlot::kResponse)) {
      link.Report(now, kind_.order, event, std::move(detail));
    }
    link.Enter(UnknownRules());
  }

  ReverseKind kind_;
  Step step_ = Step::kHostBusy;
  int nibbles_ = 0;  // Nibbles received: a byte starts at every even count (always 0 in byte mode).
  Nanoseconds event16_at_{0};
};

}  // namespace

std::unique_ptr<ModeRules> NibbleRules() { return std::make_unique<Reverse>(kNibbleKind); }
std::unique_ptr<ModeRules> ByteRules() { return std::make_unique<Reverse>(kByteKind); }

}  // namespace parclass::conformance::internal
