// Termination (shared spec ieee1284.md section 5): the way back to compatibility mode.
//
//   Event 22  host     nSelectIn low with nAutoFd high
//   Event 23  periph.  Busy and nFault high
//   Event 24  periph.  XFlag inverted, nAck low (within tL)
//   Event 25  host     nAutoFd low
//   Event 26  periph.  compatibility status on nFault, Select, PError (not judged)
//   Event 27  periph.  nAck high (within tL)
//   Event 28  host     nAutoFd high: compatibility mode, forward idle
//
// [DISAGREE] (section 15, item 2): Linux calls the last event 29; the standard, FreeBSD and the
// Citizen manuals 28. Violations say 28.
//
// nSelectIn low with nAutoFd low is an immediate termination (section 5.2): legal, with no
// handshake, and the link is in compatibility mode at once.

#include <fmt/format.h>

#include <memory>
#include <optional>

#include "link.h"

namespace parclass::conformance::internal {
namespace {

class Termination final : public ModeRules {
 public:
  Termination(Nanoseconds event22, LinkMode from, std::optional<Level> xflag)
      : event22_at_(event22), from_(from), xflag_(xflag) {}

  LinkMode mode() const override { return from_; }
  void Begin(Link& link) override {
    link.set_phase(Phase::kTerminate);
    link.AwaitPeripheral(event22_at_, Rule::kTerminationResponseTime, 24, "nAck low");
  }

  void OnInstant(const Instant& now, Link& link) override {
    if (now.Rose(Line::kNSelectIn)) {
      Broken(now, link, 28, "nSelectIn rose before the termination ended (event 28)");
      return;
    }
    AdvanceThrough(awaiting_, link, [&] { Step(now, link); });
  }

 private:
  void Step(const Instant& now, Link& link) {
    switch (awaiting_) {
      case 24: AwaitEvent24(now, link); return;
      case 25: AwaitEvent25(now, link); return;
      case 27: AwaitEvent27(now, link); return;
      default: AwaitEvent28(now, link); return;
    }
  }

  // Event 24 is the first move of the peripheral with nAck low: nAck falling, or, from a
  // peripheral whose nAck was already stuck low (no event 6), Busy and nFault rising.
  static bool IsEvent24(const Instant& now) {
    return now.Low(Line::kNAck) && now.Changed({Line::kNAck, Line::kBusy, Line::kNFault});
  }

  void AwaitEvent24(const Instant& now, Link& link) {
    if (IsEvent24(now)) {
      link.StopTimer(TimerSlot::kResponse);
      CheckEvent23(now, link);
      CheckXFlag(now, link);
      awaiting_ = 25;
    } else if (now.Fell(Line::kNAutoFd)) {
      // After tL the host carries on without event 24: Linux and FreeBSD log the timeout and
      // finish the handshake (section 5.1). Before it, event 25 is early.
      if (!link.Expired(TimerSlot::kResponse)) {
        link.Report(now, Rule::kTerminationOrder, 25,
                    "nAutoFd fell (event 25) before the peripheral's event 24");
      }
      Event25(now, link);
    }
  }

  void AwaitEvent25(const Instant& now, Link& link) {
    if (now.Fell(Line::kNAutoFd)) {
      Event25(now, link);
    } else if (now.Rose(Line::kNAck)) {
      Broken(now, link, 27, "nAck rose (event 27) before the host's event 25");
    }
  }

  void Event25(const Instant& now, Link& link) {
    link.StopTimer(TimerSlot::kResponse);
    if (now.High(Line::kNAck)) {  // No event 24 came, so event 27 has nothing to undo.
      awaiting_ = 28;
      return;
    }
    awaiting_ = 27;
    link.AwaitPeripheral(now.at, Rule::kTerminationResponseTime, 27, "nAck high");
  }

  void AwaitEvent27(const Instant& now, Link& link) {
    if (now.Rose(Line::kNAck)) {
      link.StopTimer(TimerSlot::kResponse);
      awaiting_ = 28;
    } else if (now.Rose(Line::kNAutoFd)) {
      if (!link.Expired(TimerSlot::kResponse)) {
        link.Report(now, Rule::kTerminationOrder, 28,
                    "nAutoFd rose (event 28) before the peripheral's event 27");
      }
      link.Enter(CompatibilityRules());
    }
  }

  static void AwaitEvent28(const Instant& now, Link& link) {
    if (now.Rose(Line::kNAutoFd)) link.Enter(CompatibilityRules());
  }

  // Event 23 comes before event 24: by nAck low, Busy and nFault are high.
  static void CheckEvent23(const Instant& now, Link& link) {
    if (now.High(Line::kBusy) && now.High(Line::kNFault)) return;
    link.Report(now, Rule::kTerminationStatus, 23,
                "nAck fell (event 24) without Busy and nFault high (event 23)");
  }

  // Event 24 inverts XFlag from its level at event 6 (high for an accepted nibble request).
  void CheckXFlag(const Instant& now, Link& link) const {
    if (!xflag_ || now.after.level(Line::kSelect) == Invert(*xflag_)) return;
    link.Report(now, Rule::kTerminationXFlag, 24,
                fmt::format("XFlag (Select) is {} at event 24, as at event 6; it must be inverted",
                            LevelName(*xflag_)));
  }

  static void Broken(const Instant& now, Link& link, int event, std::string detail) {
    link.Report(now, Rule::kTerminationOrder, event, std::move(detail));
    link.Enter(UnknownRules());
  }

  Nanoseconds event22_at_;
  LinkMode from_;
  std::optional<Level> xflag_;
  int awaiting_ = 24;  // The event the rules wait for: 24, 25, 27 or 28.
};

}  // namespace

std::unique_ptr<ModeRules> TerminationRules(Nanoseconds event22, LinkMode from,
                                            std::optional<Level> xflag) {
  return std::make_unique<Termination>(event22, from, xflag);
}

void Terminate(const Instant& now, Link& link, LinkMode from) {
  if (now.High(Line::kNAutoFd)) {  // Event 22.
    link.Enter(TerminationRules(now.at, from, link.xflag()));
    return;
  }
  link.Enter(CompatibilityRules());  // Immediate termination (section 5.2).
}

}  // namespace parclass::conformance::internal
