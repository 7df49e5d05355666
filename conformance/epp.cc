// EPP mode (shared spec ieee1284.md section 10). The lines take new names: nWrite = nStrobe,
// nDStrb = nAutoFd, nAStrb = nSelectIn, nWait = Busy. Each cycle is one strobe:
//
//   Data write     nWrite low, data; E62 nDStrb low; E58 nWait high; E63 nDStrb high; E60 nWait low
//   Address write  nWrite low, address; E56 nAStrb low; E58; E59 nAStrb high; E60
//   Data read      nWrite high; E67 nDStrb low; E58 (data valid); E63 nDStrb high; E60
//   Address read   nWrite high; E64 nAStrb low; E58; E59 nAStrb high; E60
//
// EPP 1.9 begins a cycle only while nWait is low (section 10.3); EPP 1.7 asserts the strobe
// regardless and treats nWait low as wait states, so ConformanceLimits::epp_version says which
// is judged. Only one strobe is low at a time; a write cycle's data and nWrite stay put while its
// strobe is low. A change at the strobe's own edges is simultaneous with it and accepted: hardware
// EPP ports drive nWrite, the data and the strobe in one bus cycle.
//
// nSelectIn is an address strobe here, not 1284 Active: EPP ends with a reset instead (section
// 5.3: nInit low, then nInit high and nSelectIn low), back to compatibility mode.

#include <fmt/format.h>

#include <memory>
#include <optional>
#include <string_view>

#include "link.h"

namespace parclass::conformance::internal {
namespace {

class Epp final : public ModeRules {
 public:
  LinkMode mode() const override { return LinkMode::kEpp; }
  void Begin(Link& link) override { link.set_phase(Phase::kForwardIdle); }

  void OnInstant(const Instant& now, Link& link) override {
    if (now.Fell(Line::kNInit)) {  // Event 68: the reset that ends EPP.
      link.Enter(CompatibilityRules());
      return;
    }
    CheckBothStrobes(now, link);
    if (cycle_) {
      InCycle(now, link);
    } else if (now.Fell(Line::kNAutoFd)) {
      StartCycle(now, link, Line::kNAutoFd);
    } else if (now.Fell(Line::kNSelectIn)) {
      StartCycle(now, link, Line::kNSelectIn);
    }
  }

 private:
  struct Cycle {
    Line strobe;
    bool write;         // nWrite low at the strobe's fall.
    int event;          // 62, 56, 67 or 64.
    bool acknowledged;  // Event 58 (nWait rising) seen during the cycle.
  };

  static int StartEvent(Line strobe, bool write) {
    const bool data = strobe == Line::kNAutoFd;
    if (write) return data ? 62 : 56;
    return data ? 67 : 64;
  }

  void StartCycle(const Instant& now, Link& link, Line strobe) {
    const bool write = now.Low(Line::kNStrobe);
    cycle_ = Cycle{strobe, write, StartEvent(strobe, write), false};
    link.set_phase(write ? Phase::kForwardTransfer : Phase::kReverseTransfer);
    // nWait moving at the strobe's own instant is a race the trace cannot judge.
    if (link.limits().epp_version == EppVersion::k19 && now.StayedHigh(Line::kBusy)) {
      link.Report(now, Rule::kEppStrobeWhileWait, cycle_->event,
                  fmt::format("{} fell while nWait was high: an EPP 1.9 cycle begins only "
                              "while nWait is low",
                              StrobeName(strobe)));
    }
  }

  void InCycle(const Instant& now, Link& link) {
    if (now.Rose(cycle_->strobe)) {  // Event 63 or 59.
      cycle_.reset();
      link.set_phase(Phase::kForwardIdle);
      return;
    }
    if (cycle_->write && now.Changed(kDataLines)) {
      link.Report(now, Rule::kEppDataStable, cycle_->event,
                  fmt::format("{} changed while {} was low in a write cycle",
                              ChangedNames(now, kDataLines), StrobeName(cycle_->strobe)));
    }
    if (now.Changed({Line::kNStrobe})) {
      link.Report(now, Rule::kEppCycleOrder, 61,
                  fmt::format("nWrite changed while {} was low", StrobeName(cycle_->strobe)));
    }
    if (now.Rose(Line::kBusy)) cycle_->acknowledged = true;  // Event 58.
    if (now.Fell(Line::kBusy) && cycle_->acknowledged) {
      link.Report(
          now, Rule::kEppCycleOrder, 60,
          fmt::format("nWait fell (event 60) while {} was still low", StrobeName(cycle_->strobe)));
    }
  }

  static void CheckBothStrobes(const Instant& now, Link& link) {
    if (!now.Low(Line::kNAutoFd) || !now.Low(Line::kNSelectIn)) return;
    if (!now.Fell(Line::kNAutoFd) && !now.Fell(Line::kNSelectIn)) return;
    link.Report(now, Rule::kEppBothStrobes, std::nullopt,
                "nDStrb (nAutoFd) and nAStrb (nSelectIn) are low at once");
  }

  static std::string_view StrobeName(Line strobe) {
    return strobe == Line::kNAutoFd ? "nDStrb (nAutoFd)" : "nAStrb (nSelectIn)";
  }

  std::optional<Cycle> cycle_;
};

}  // namespace

std::unique_ptr<ModeRules> EppRules() { return std::make_unique<Epp>(); }

}  // namespace parclass::conformance::internal
