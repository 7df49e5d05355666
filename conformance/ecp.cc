// ECP mode (shared spec ieee1284.md section 9): the setup after negotiation, forward and reverse
// transfers, and the turnarounds between them. In ECP the lines take new names: HostClk =
// nStrobe, HostAck = nAutoFd, PeriphClk = nAck, PeriphAck = Busy, nAckReverse = PError,
// nReverseRequest = nInit.
//
//   Setup    E30 host HostAck low; E31 periph. nAckReverse high (within tL)
//   Forward  E34 host data and HostAck (high: data, low: command); E35 host HostClk low;
//            E36 periph. PeriphAck high; E37 host HostClk high; periph. PeriphAck low: ready
//   Fwd>Rev  E38 host HostAck low; E39 host nReverseRequest low; E40 periph. nAckReverse low (tL)
//   Reverse  E43 periph. data, PeriphAck (high: data, low: command), PeriphClk low;
//            E44 host HostAck high; E45 periph. PeriphClk high (tL); E46 host HostAck low
//   Rev>Fwd  E47 host nReverseRequest high; E49 periph. nAckReverse high (tL)
//
// Data (and the HostAck or PeriphAck flag that qualifies it) stay put while the clock that
// carries them is low. Who drives the data lines (events 38 and 48) is not visible in levels.

#include <fmt/format.h>

#include <memory>
#include <string>

#include "link.h"

namespace parclass::conformance::internal {
namespace {

constexpr LineSet kForwardData = kDataLines | LineSet{Line::kNAutoFd};  // With HostAck.
constexpr LineSet kReverseData = kDataLines | LineSet{Line::kBusy};     // With PeriphAck.

class Ecp final : public ModeRules {
 public:
  explicit Ecp(EcpStart start) : start_(start) {}

  LinkMode mode() const override { return LinkMode::kEcp; }
  void Begin(Link& link) override {
    switch (start_) {
      case EcpStart::kSetup: Move(link, Step::kEvent30, Phase::kSetup); return;
      case EcpStart::kForwardIdle: Move(link, Step::kForwardIdle, Phase::kForwardIdle); return;
      case EcpStart::kReverseIdle: Move(link, Step::kReverseIdle, Phase::kReverseIdle); return;
    }
  }

  void OnInstant(const Instant& now, Link& link) override {
    if (now.Fell(Line::kNSelectIn)) {
      Leave(now, link);
      return;
    }
    CheckDataStable(now, link);
    AdvanceThrough(step_, link, [&] { Dispatch(now, link); });
  }

 private:
  void Dispatch(const Instant& now, Link& link) {
    switch (step_) {
      case Step::kEvent30: AwaitEvent30(now, link); return;
      case Step::kEvent31: AwaitEvent31(now, link); return;
      case Step::kForwardIdle: InForwardIdle(now, link); return;
      case Step::kEvent36: AwaitEvent36(now, link); return;
      case Step::kEvent37: AwaitEvent37(now, link); return;
      case Step::kRecovery: InRecovery(now, link); return;
      case Step::kEvent40: AwaitEvent40(now, link); return;
      case Step::kReverseIdle: InReverseIdle(now, link); return;
      case Step::kEvent44: AwaitEvent44(now, link); return;
      case Step::kEvent45: AwaitEvent45(now, link); return;
      case Step::kEvent46: AwaitEvent46(now, link); return;
      case Step::kEvent49: AwaitEvent49(now, link); return;
    }
  }

  // In handshake order; kEvent40 to kEvent49 are the steps with the link reversed.
  enum class Step : uint8_t {
    kEvent30,
    kEvent31,
    kForwardIdle,  // Also while PeriphAck is still high after event 37.
    kEvent36,
    kEvent37,
    kRecovery,  // Host transfer recovery (section 9.1).
    kEvent40,
    kReverseIdle,
    kEvent44,
    kEvent45,
    kEvent46,
    kEvent49,
  };

  bool Reversed() const { return step_ >= Step::kEvent40; }

  void Move(Link& link, Step step, Phase phase) {
    step_ = step;
    link.set_phase(phase);
  }

  // Termination only from forward idle (section 5.3): a handshake termination from reverse must
  // first turn the link around (events 47-49). An immediate one (nAutoFd low) is legal anywhere.
  void Leave(const Instant& now, Link& link) const {
    if (Reversed() && now.High(Line::kNAutoFd)) {
      link.Report(now, Rule::kTerminationFromEcpReverse, 22,
                  "nSelectIn fell (event 22) with the link reversed; events 47-49 come first");
    }
    Terminate(now, link, LinkMode::kEcp);
  }

  void AwaitEvent30(const Instant& now, Link& link) {
    if (now.Fell(Line::kNAutoFd)) {
      // Event 31 may already hold: nAckReverse stays high from event 2 on some peripherals.
      if (now.High(Line::kPError)) {
        Move(link, Step::kForwardIdle, Phase::kForwardIdle);
        return;
      }
      step_ = Step::kEvent31;
      link.AwaitPeripheral(now.at, Rule::kEcpResponseTime, 31, "PError high");
    } else if (now.Fell(Line::kNStrobe)) {
      Broken(now, link, Rule::kEcpTurnaroundOrder, 30,
             "HostClk fell (event 35) before the setup phase (event 30)");
    }
  }

  // [DISAGREE] on event 31: Linux waits for nAckReverse high only; FreeBSD also for PeriphAck
  // low. Only nAckReverse is judged.
  void AwaitEvent31(const Instant& now, Link& link) {
    if (now.Rose(Line::kPError)) {
      link.StopTimer(TimerSlot::kResponse);
      Move(link, Step::kForwardIdle, Phase::kForwardIdle);
    } else if (now.Fell(Line::kNStrobe)) {
      Broken(now, link, Rule::kEcpTurnaroundOrder, 31,
             "HostClk fell (event 35) before the peripheral's event 31");
    }
  }

  void InForwardIdle(const Instant& now, Link& link) {
    if (now.Fell(Line::kNStrobe)) {
      Event35(now, link);
    } else if (now.Fell(Line::kNInit)) {
      Event39(now, link);
    } else if (now.Rose(Line::kBusy) && !now.Changed({Line::kNStrobe})) {
      // With HostClk moving at the same instant, this is event 36 of a byte whose event 37 came
      // at once (a host answering in the next delta cycle), seen again.
      link.Report(now, Rule::kEcpForwardOrder, 36,
                  "PeriphAck rose (event 36) without HostClk low (event 35)");
    }
  }

  // The host waits for PeriphAck low, the peripheral ready, before each byte.
  void Event35(const Instant& now, Link& link) {
    if (now.StayedHigh(Line::kBusy)) {
      link.Report(now, Rule::kEcpForwardOrder, 35,
                  "HostClk fell (event 35) while PeriphAck was high: the peripheral was not ready");
    }
    Move(link, Step::kEvent36, Phase::kForwardTransfer);
  }

  // Event 39 follows event 38, HostAck low.
  void Event39(const Instant& now, Link& link) {
    if (now.High(Line::kNAutoFd)) {
      link.Report(now, Rule::kEcpTurnaroundOrder, 39,
                  "nReverseRequest fell (event 39) with HostAck high; event 38 sets it low first");
    }
    Move(link, Step::kEvent40, Phase::kForwardToReverse);
    link.AwaitPeripheral(now.at, Rule::kEcpResponseTime, 40, "PError low");
  }

  void AwaitEvent36(const Instant& now, Link& link) {
    if (now.Rose(Line::kBusy)) {
      step_ = Step::kEvent37;
    } else if (now.Fell(Line::kNInit)) {
      step_ = Step::kRecovery;  // The peripheral did not take the byte.
    } else if (now.Rose(Line::kNStrobe)) {
      Broken(now, link, Rule::kEcpForwardOrder, 37,
             "HostClk rose (event 37) before PeriphAck rose (event 36)");
    }
  }

  void AwaitEvent37(const Instant& now, Link& link) {
    if (now.Rose(Line::kNStrobe)) {
      Move(link, Step::kForwardIdle, Phase::kForwardIdle);
    } else if (now.Fell(Line::kBusy)) {
      Broken(now, link, Rule::kEcpForwardOrder, 37,
             "PeriphAck fell before HostClk rose (event 37)");
    }
  }

  // Host transfer recovery: nReverseRequest low, nAckReverse low, then both high again. Its
  // timing is not judged (Linux's software path drives nInit with the opposite polarity).
  void InRecovery(const Instant& now, Link& link) {
    const bool over = now.High(Line::kNInit) && now.High(Line::kPError);
    if (over && now.Changed({Line::kNInit, Line::kPError})) {
      Move(link, Step::kForwardIdle, Phase::kForwardIdle);
    }
  }

  void AwaitEvent40(const Instant& now, Link& link) {
    if (now.Fell(Line::kPError)) {
      link.StopTimer(TimerSlot::kResponse);
      Move(link, Step::kReverseIdle, Phase::kReverseIdle);
    } else if (now.Rose(Line::kNInit)) {
      Broken(now, link, Rule::kEcpTurnaroundOrder, 40,
             "nReverseRequest rose (event 47) before the peripheral's event 40");
    }
  }

  void InReverseIdle(const Instant& now, Link& link) {
    if (now.Fell(Line::kNAck)) {  // Event 43.
      Move(link, Step::kEvent44, Phase::kReverseTransfer);
    } else if (now.Rose(Line::kNInit)) {
      Event47(now, link);
    } else if (now.Rose(Line::kNAutoFd)) {
      Broken(now, link, Rule::kEcpReverseOrder, 44,
             "HostAck rose (event 44) before PeriphClk fell (event 43)");
    }
  }

  // [DISAGREE] (section 9.4): Linux keeps HostAck low at event 47, libieee1284 raises it. Both
  // are accepted: the event concerns only nReverseRequest.
  void Event47(const Instant& now, Link& link) {
    Move(link, Step::kEvent49, Phase::kReverseToForward);
    link.AwaitPeripheral(now.at, Rule::kEcpResponseTime, 49, "PError high");
  }

  void AwaitEvent44(const Instant& now, Link& link) {
    if (now.Rose(Line::kNAutoFd)) {
      step_ = Step::kEvent45;
      link.AwaitPeripheral(now.at, Rule::kEcpResponseTime, 45, "nAck high");
    } else if (now.Rose(Line::kNAck)) {
      Broken(now, link, Rule::kEcpReverseOrder, 45,
             "PeriphClk rose (event 45) before the host's event 44");
    } else if (now.Rose(Line::kNInit)) {
      Broken(now, link, Rule::kEcpTurnaroundOrder, 47,
             "nReverseRequest rose (event 47) in the middle of a reverse transfer");
    }
  }

  void AwaitEvent45(const Instant& now, Link& link) {
    if (now.Rose(Line::kNAck)) {
      link.StopTimer(TimerSlot::kResponse);
      step_ = Step::kEvent46;
    } else if (now.Fell(Line::kNAutoFd)) {
      Broken(now, link, Rule::kEcpReverseOrder, 46,
             "HostAck fell (event 46) before the peripheral's event 45");
    }
  }

  void AwaitEvent46(const Instant& now, Link& link) {
    if (now.Fell(Line::kNAutoFd)) {
      Move(link, Step::kReverseIdle, Phase::kReverseIdle);
    } else if (now.Rose(Line::kNInit)) {
      Event47(now, link);  // With HostAck still high, as libieee1284 leaves it.
    } else if (now.Fell(Line::kNAck)) {
      Broken(now, link, Rule::kEcpReverseOrder, 43,
             "PeriphClk fell (event 43) before HostAck fell (event 46)");
    }
  }

  void AwaitEvent49(const Instant& now, Link& link) {
    if (now.Rose(Line::kPError)) {
      link.StopTimer(TimerSlot::kResponse);
      Move(link, Step::kForwardIdle, Phase::kForwardIdle);
    } else if (now.Fell(Line::kNInit)) {
      Broken(now, link, Rule::kEcpTurnaroundOrder, 49,
             "nReverseRequest fell before the peripheral's event 49");
    }
  }

  // Forward: data and HostAck while HostClk is low (events 35-37). Reverse: data and PeriphAck
  // while PeriphClk is low (events 43-45). A change at the clock's edges is simultaneous with it.
  void CheckDataStable(const Instant& now, Link& link) const {
    if (step_ == Step::kEvent36 || step_ == Step::kEvent37) {
      if (!now.StayedLow(Line::kNStrobe) || !now.Changed(kForwardData)) return;
      link.Report(now, Rule::kEcpForwardDataStable, step_ == Step::kEvent36 ? 36 : 37,
                  fmt::format("{} changed while HostClk was low", ChangedNames(now, kForwardData)));
    } else if (step_ == Step::kEvent44 || step_ == Step::kEvent45) {
      if (!now.StayedLow(Line::kNAck) || !now.Changed(kReverseData)) return;
      link.Report(
          now, Rule::kEcpReverseDataStable, step_ == Step::kEvent44 ? 44 : 45,
          fmt::format("{} changed while PeriphClk was low", ChangedNames(now, kReverseData)));
    }
  }

  // An order the handshake cannot be followed past: stop judging until the host leaves. After
  // tL the host may do anything; the timeout is already reported.
  static void Broken(const Instant& now, Link& link, Rule rule, int event, std::string detail) {
    if (!link.Expired(TimerSlot::kResponse)) link.Report(now, rule, event, std::move(detail));
    link.Enter(UnknownRules());
  }

  EcpStart start_;
  Step step_ = Step::kForwardIdle;
};

}  // namespace

std::unique_ptr<ModeRules> EcpRules(EcpStart start) { return std::make_unique<Ecp>(start); }

}  // namespace parclass::conformance::internal
