// Compatibility mode (shared spec ieee1284.md section 6): the Centronics handshake. The host puts
// a byte on D0-D7, waits the setup time, pulses nStrobe low, and holds the byte for the hold time
// after nStrobe rises; it must not strobe while Busy is high. The peripheral's nAck pulse and
// Busy timing are the peripheral's business and are not judged. Compatibility mode has no IEEE
// event numbers, so its violations carry none.
//
// Compatibility mode is also where a negotiation begins: event 1 (nSelectIn high while nAutoFd is
// low) hands the link to the negotiation rules; and where IEEE 1284.3 command packets travel
// (section 12.1): the preamble AA 55 00 FF 87 78 written with no strobe, then a command byte
// whose strobe the chain answers on the status lines, Busy high or not. That strobe is not a
// data transfer, so the Busy rule does not apply to it.

#include <fmt/format.h>

#include <array>
#include <memory>
#include <optional>

#include "link.h"

namespace parclass::conformance::internal {
namespace {

// The IEEE 1284.3 command packet preamble (ieee1284.md 12.1).
constexpr std::array<uint8_t, 6> kCppPreamble = {0xAA, 0x55, 0x00, 0xFF, 0x87, 0x78};
constexpr uint8_t kCppEnd = 0xFF;

// Event 1: nSelectIn (1284 Active) high with nAutoFd (HostBusy) low. The two usually move in one
// register write; nAutoFd may also have gone low earlier (it is the printer's auto-feed line).
bool IsEvent1(const Instant& now) { return now.Rose(Line::kNSelectIn) && now.Low(Line::kNAutoFd); }

class Compatibility final : public ModeRules {
 public:
  LinkMode mode() const override { return LinkMode::kCompatibility; }
  void Begin(Link& link) override { link.set_phase(Phase::kForwardIdle); }

  void OnInstant(const Instant& now, Link& link) override {
    if (IsEvent1(now)) {
      link.Enter(NegotiationRules(now));
      return;
    }
    if (now.Changed(kDataLines) && !now.WasLow(Line::kNStrobe)) TrackPacket(now.data());
    if (now.Fell(Line::kNStrobe)) StrobeFell(now, link);
    if (now.WasLow(Line::kNStrobe)) CheckDataStable(now, link);
    if (now.Rose(Line::kNStrobe)) StrobeRose(now, link);
  }

 private:
  // Follows the bytes written with no strobe: the preamble, then commands until FF.
  void TrackPacket(uint8_t byte) {
    if (in_packet()) {
      if (byte == kCppEnd) preamble_matched_ = 0;
      return;
    }
    if (byte == kCppPreamble[preamble_matched_]) {
      ++preamble_matched_;
    } else {
      preamble_matched_ = byte == kCppPreamble[0] ? 1 : 0;
    }
  }
  bool in_packet() const { return preamble_matched_ == kCppPreamble.size(); }

  void StrobeFell(const Instant& now, Link& link) {
    link.set_phase(Phase::kForwardTransfer);
    strobe_fell_at_ = now.at;
    // A strobe makes the bytes before it data, unless it is a command packet's.
    if (in_packet()) {
      link.set_phase(Phase::kForwardIdle);
    } else {
      preamble_matched_ = 0;
      CheckStrobeWhileBusy(now, link);
    }
    CheckDataSetup(now, link);
    const Nanoseconds longest = link.limits().compat_strobe_max;
    link.StartTimer(TimerSlot::kPulse, now.at + longest, Rule::kCompatStrobeWidth, std::nullopt,
                    fmt::format("nStrobe stayed low longer than {}", FormatDuration(longest)));
  }

  void StrobeRose(const Instant& now, Link& link) {
    link.set_phase(Phase::kForwardIdle);
    link.StopTimer(TimerSlot::kPulse);
    if (strobe_fell_at_) CheckStrobeWidth(now, link, now.at - *strobe_fell_at_);
    strobe_fell_at_.reset();
    link.HoldStable(kDataLines, now.at, now.at + link.limits().compat_data_hold,
                    Rule::kCompatDataHold, "nStrobe rose");
  }

  // The host waits for Busy low before each strobe (section 6.1, step 1). Busy moving at the very
  // instant of the strobe is a race the trace cannot judge, so only a Busy high before and after
  // the strobe's edge counts.
  static void CheckStrobeWhileBusy(const Instant& now, Link& link) {
    if (!now.StayedHigh(Line::kBusy)) return;
    link.Report(now, Rule::kCompatStrobeWhileBusy, std::nullopt,
                "nStrobe fell while Busy was high: the host must wait for Busy low");
  }

  // Data valid at least the setup time before nStrobe falls (section 6.1, step 3).
  static void CheckDataSetup(const Instant& now, Link& link) {
    const Nanoseconds setup = link.StableFor(now, kDataLines);
    const Nanoseconds minimum = link.limits().compat_data_setup;
    if (setup >= minimum) return;
    link.Report(now, Rule::kCompatDataSetup, std::nullopt,
                fmt::format("data changed {} before nStrobe fell; the setup time is {}",
                            FormatDuration(setup), FormatDuration(minimum)));
  }

  // Data stable while nStrobe is low; a change at the instant nStrobe rises had no hold time.
  static void CheckDataStable(const Instant& now, Link& link) {
    if (!now.Changed(kDataLines)) return;
    if (now.Rose(Line::kNStrobe)) {
      link.Report(now, Rule::kCompatDataHold, std::nullopt,
                  fmt::format("{} changed as nStrobe rose; the hold time is {}",
                              ChangedNames(now, kDataLines),
                              FormatDuration(link.limits().compat_data_hold)));
      return;
    }
    link.Report(now, Rule::kCompatDataStable, std::nullopt,
                fmt::format("{} changed while nStrobe was low", ChangedNames(now, kDataLines)));
  }

  // A strobe longer than the maximum is reported by the pulse timer, when the maximum passes.
  static void CheckStrobeWidth(const Instant& now, Link& link, Nanoseconds width) {
    link.CheckMinimum(now, width, link.limits().compat_strobe_min, Rule::kCompatStrobeWidth,
                      std::nullopt, "nStrobe was low {}");
  }

  std::optional<Nanoseconds> strobe_fell_at_;
  size_t preamble_matched_ = 0;  // Bytes of the 1284.3 preamble seen so far, with no strobe.
};

// Nothing is judged until nSelectIn is low: the host has left whatever the link was doing, and
// the peripheral is back in compatibility mode (section 5.2).
class Unknown final : public ModeRules {
 public:
  LinkMode mode() const override { return LinkMode::kUnknown; }
  void Begin(Link& link) override {
    link.set_phase(Phase::kUnknown);
    if (link.levels().level(Line::kNSelectIn) == Level::kLow) link.Enter(CompatibilityRules());
  }
  void OnInstant(const Instant& now, Link& link) override {
    if (now.Low(Line::kNSelectIn)) link.Enter(CompatibilityRules());
  }
};

}  // namespace

std::unique_ptr<ModeRules> CompatibilityRules() { return std::make_unique<Compatibility>(); }
std::unique_ptr<ModeRules> UnknownRules() { return std::make_unique<Unknown>(); }

}  // namespace parclass::conformance::internal
