// Negotiation (shared spec ieee1284.md section 4): events 0 to 6, then the request's answer.
//
//   Event 0  host     the extensibility request byte on D0-D7
//   Event 1  host     nSelectIn high, nAutoFd low
//   Event 2  periph.  PError, Select, nFault high, nAck low (within tL, or "not IEEE 1284")
//   Event 3  host     nStrobe low: the peripheral latches the request byte
//   Event 4  host     nStrobe and nAutoFd high
//   Event 5  periph.  XFlag (Select) per section 4.1, and the mode's status lines
//   Event 6  periph.  nAck high (within tL): the status lines are valid
//
// Throughout, nInit stays high, and the request byte stays on the data lines until event 4. A
// change of the data lines at event 1 itself is the request byte arriving with event 1 (event 0
// and 1 at once), which the peripheral sees as such.

#include <fmt/format.h>

#include <memory>
#include <optional>

#include "link.h"

namespace parclass::conformance::internal {
namespace {

constexpr uint8_t kNibbleRequest = 0x00;

// The mode each request of section 4.1 asks for; none for a request the table calls illegal.
std::optional<LinkMode> RequestedMode(uint8_t request) {
  switch (request) {
    case 0x00:  // Nibble mode.
    case 0x04:  // Device ID by nibble mode.
      return LinkMode::kNibble;
    case 0x01:  // Byte mode.
    case 0x05:  // Device ID by byte mode.
      return LinkMode::kByte;
    case 0x10:  // ECP without RLE.
    case 0x14:  // Device ID by ECP.
    case 0x30:  // ECP with RLE.
    case 0x34:  // Device ID by ECP with RLE.
      return LinkMode::kEcp;
    case 0x40: return LinkMode::kEpp;
    case 0x80: return LinkMode::kUnknown;  // Extensibility link: events 51-55 are not followed.
    default: return std::nullopt;
  }
}

// Event 2: the peripheral answers event 1.
bool IsEvent2(const Instant& now) {
  return now.High(Line::kPError) && now.High(Line::kSelect) && now.High(Line::kNFault) &&
         now.Low(Line::kNAck);
}

// Event 4: nStrobe and nAutoFd both high again; they may rise together or one after the other.
bool IsEvent4(const Instant& now) {
  return now.High(Line::kNStrobe) && now.High(Line::kNAutoFd) &&
         (now.Rose(Line::kNStrobe) || now.Rose(Line::kNAutoFd));
}

class Negotiation final : public ModeRules {
 public:
  explicit Negotiation(const Instant& event1) : event1_at_(event1.at), request_(event1.data()) {}

  LinkMode mode() const override { return LinkMode::kCompatibility; }
  void Begin(Link& link) override {
    link.set_phase(Phase::kNegotiation);
    link.set_xflag(std::nullopt);
  }

  void OnInstant(const Instant& now, Link& link) override {
    if (now.Fell(Line::kNSelectIn)) {
      Abandon(now, link);
      return;
    }
    // The request byte may arrive with event 1 itself, and leave with event 4.
    const bool event4 = awaiting_ == 4 && IsEvent4(now);
    if (awaiting_ <= 4 && now.at != event1_at_ && !event4) CheckRequestStable(now, link);
    CheckInitHigh(now, link);
    AdvanceThrough(awaiting_, link, [&] { Step(now, link); });
  }

 private:
  void Step(const Instant& now, Link& link) {
    switch (awaiting_) {
      case 2: AwaitEvent2(now, link); return;
      case 3: AwaitEvent3(now, link); return;
      case 4: AwaitEvent4(now, link); return;
      default: AwaitEvent6(now, link); return;
    }
  }

  // The host dropped nSelectIn. Before event 2 it gave up on a peripheral that is not IEEE 1284
  // and restores compatibility mode with no handshake; after it, the host terminates.
  void Abandon(const Instant& now, Link& link) const {
    if (awaiting_ == 2) {
      link.Enter(CompatibilityRules());
      return;
    }
    Terminate(now, link, LinkMode::kCompatibility);
  }

  void AwaitEvent2(const Instant& now, Link& link) {
    if (IsEvent2(now)) {
      CheckEvent2Time(now, link);
      awaiting_ = 3;
      return;
    }
    if (now.Fell(Line::kNStrobe)) {
      Broken(now, link, 3, "nStrobe fell (event 3) before the peripheral's event 2");
    } else if (now.Rose(Line::kNAutoFd)) {
      Broken(now, link, 4, "nAutoFd rose (event 4) before the peripheral's event 2");
    }
  }

  // A peripheral that never answers is legal (it is not IEEE 1284); one that answers after tL
  // answers a host that has given up.
  void CheckEvent2Time(const Instant& now, Link& link) const {
    const Nanoseconds waited = now.at - event1_at_;
    const Nanoseconds limit = link.limits().peripheral_response_limit;
    if (waited <= limit) return;
    link.Report(now, Rule::kNegotiationResponseTime, 2,
                fmt::format("event 2 came {} after event 1, later than tL ({})",
                            FormatDuration(waited), FormatDuration(limit)));
  }

  void AwaitEvent3(const Instant& now, Link& link) {
    if (now.Fell(Line::kNStrobe)) {
      event3_at_ = now.at;
      request_ = now.data();  // The peripheral latches the request byte here.
      awaiting_ = 4;
    } else if (now.Rose(Line::kNAutoFd)) {
      Broken(now, link, 4, "nAutoFd rose (event 4) before nStrobe fell (event 3)");
    } else if (now.Rose(Line::kNAck)) {
      Broken(now, link, 6, "nAck rose (event 6) before the host's events 3 and 4");
    }
  }

  void AwaitEvent4(const Instant& now, Link& link) {
    if (now.Rose(Line::kNStrobe)) CheckStrobeWidth(now, link);
    if (IsEvent4(now)) {
      awaiting_ = 6;
      link.AwaitPeripheral(now.at, Rule::kNegotiationResponseTime, 6, "nAck high");
    } else if (now.Rose(Line::kNAck)) {
      Broken(now, link, 6, "nAck rose (event 6) before the host's event 4");
    }
  }

  void AwaitEvent6(const Instant& now, Link& link) const {
    if (now.Rose(Line::kNAck)) {
      link.StopTimer(TimerSlot::kResponse);
      Decide(now, link);
    } else if (now.Fell(Line::kNStrobe) || now.Fell(Line::kNAutoFd)) {
      Broken(now, link, 6,
             fmt::format("{} fell before the peripheral's event 6",
                         ChangedNames(now, {Line::kNStrobe, Line::kNAutoFd})));
    }
  }

  // Event 6: XFlag says whether the peripheral takes the request (section 4.1).
  void Decide(const Instant& now, Link& link) const {
    const Level xflag = now.after.level(Line::kSelect);
    const std::optional<LinkMode> requested = RequestedMode(request_);
    const bool nibble = request_ == kNibbleRequest;
    // XFlag is inverted for the nibble request: low accepts it.
    const bool accepted = xflag == (nibble ? Level::kLow : Level::kHigh);
    // [DISAGREE] (section 15, item 1): on a nibble request answered with XFlag high, Linux carries
    // on in nibble mode while FreeBSD and libieee1284 terminate. The nibble rules allow both.
    LinkMode entered = LinkMode::kCompatibility;
    if (accepted || nibble) entered = requested.value_or(LinkMode::kUnknown);
    link.set_negotiation({now.at, request_, xflag, accepted, entered});
    link.set_xflag(xflag);
    if (accepted && !requested) {
      link.Report(now, Rule::kNegotiationIllegalRequest, 6,
                  fmt::format("XFlag high accepts request {:#04x}, which section 4.1 calls "
                              "illegal; the peripheral must answer it with XFlag low",
                              request_));
      link.Enter(UnknownRules());
      return;
    }
    link.Enter(entered == LinkMode::kCompatibility ? RejectedRules(request_)
                                                   : RulesFor(entered, EcpStart::kSetup));
  }

  // The request byte stays on the data lines from event 1 to event 4.
  void CheckRequestStable(const Instant& now, Link& link) const {
    if (!now.Changed(kDataLines)) return;
    link.Report(now, Rule::kNegotiationRequestStable, awaiting_,
                fmt::format("{} changed between events 1 and 4: the request byte must stay",
                            ChangedNames(now, kDataLines)));
  }

  void CheckInitHigh(const Instant& now, Link& link) const {
    if (!now.Fell(Line::kNInit)) return;
    link.Report(now, Rule::kNegotiationInitHigh, awaiting_,
                "nInit fell during negotiation; it must stay high (section 4.3)");
  }

  void CheckStrobeWidth(const Instant& now, Link& link) const {
    link.CheckMinimum(now, now.at - event3_at_, link.limits().negotiation_strobe_min,
                      Rule::kNegotiationStrobeWidth, 4, "nStrobe was low {} from event 3");
  }

  // An order the handshake cannot be followed past: stop judging until the host leaves.
  static void Broken(const Instant& now, Link& link, int event, std::string detail) {
    link.Report(now, Rule::kNegotiationOrder, event, std::move(detail));
    link.Enter(UnknownRules());
  }

  Nanoseconds event1_at_;
  Nanoseconds event3_at_{0};
  uint8_t request_;
  int awaiting_ = 2;  // The event the rules wait for: 2, 3, 4 or 6.
};

// The peripheral rejected the request: the host's only move is to terminate (event 22).
class Rejected final : public ModeRules {
 public:
  explicit Rejected(uint8_t request) : request_(request) {}

  LinkMode mode() const override { return LinkMode::kCompatibility; }
  void Begin(Link& link) override { link.set_phase(Phase::kNegotiation); }

  void OnInstant(const Instant& now, Link& link) override {
    if (now.Fell(Line::kNSelectIn)) {
      Terminate(now, link, LinkMode::kCompatibility);
      return;
    }
    constexpr LineSet kHostMoves = {Line::kNStrobe, Line::kNAutoFd, Line::kNInit};
    if (!now.Changed(kHostMoves)) return;
    link.Report(now, Rule::kNegotiationNotTerminated, 22,
                fmt::format("the peripheral rejected request {:#04x}; the host must terminate "
                            "(event 22), but {} changed",
                            request_, ChangedNames(now, kHostMoves)));
    link.Enter(UnknownRules());
  }

 private:
  uint8_t request_;
};

}  // namespace

std::unique_ptr<ModeRules> NegotiationRules(const Instant& event1) {
  return std::make_unique<Negotiation>(event1);
}

std::unique_ptr<ModeRules> RejectedRules(uint8_t request) {
  return std::make_unique<Rejected>(request);
}

}  // namespace parclass::conformance::internal
