// FifoPace: how fast the far side of a FIFO has been going, and the one wait the FIFO paths use
// for a load, forward (the FIFO drained) and reverse (the FIFO filled). Private to the engine.
//
// An ECR read says only "empty", "full" or neither, so the engine moves whole loads and waits
// between them. It sleeps for as long as the last load took (the time per entry it measured,
// times the entries), then looks; a peripheral that keeps its pace is found done at that first
// look, one ECR read per load. If not, it polls on a Backoff, from one entry's time doubling up to
// the whole load's, and learns the load's time per entry from when it was done. Built on
// WaitFor, over the port's clock.
//
//   FifoPace pace(std::chrono::microseconds(2), FifoPace::Learning::kSpeedsUpWhenSteady);
//   Result<FifoLook> seen = pace.Await(clock, 16, limit, [&] {
//     return port.ReadEcr().empty() ? FifoLook::kDone : FifoLook::kNotYet;
//   });

#ifndef PARCLASS_IEEE1284_FIFO_PACE_H_
#define PARCLASS_IEEE1284_FIFO_PACE_H_

#include <algorithm>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <type_traits>

#include "parclass/base/clock.h"
#include "parclass/base/result.h"
#include "parclass/base/wait.h"

namespace parclass::ieee1284 {

// What one look at the FIFO saw.
enum class FifoLook : uint8_t {
  kNotYet,  // Still moving: look again.
  kDone,    // The load is through (forward: the FIFO is empty; reverse: it is full).
  kEnded,   // Something else ends the wait (the printer reports a fault, the peripheral has no
            // more data); the load's time is not learnt.
};

class FifoPace {
 public:
  enum class Learning : uint8_t {
    kMeasured,            // The time per entry is what the last load that needed polls took.
    kSpeedsUpWhenSteady,  // And after 64 loads in a row done at the first look, 1/16 less: a
                          // peripheral faster than measured is found again.
  };

  FifoPace(Nanoseconds per_entry, Learning learning) : per_entry_(per_entry), learning_(learning) {}

  Nanoseconds per_entry() const { return per_entry_; }

  // The wait for a load of `entries`: sleeps for the load's expected time, then looks (`look`)
  // until it is not kNotYet or `limit` passes (kTimeout), at doubling steps. Returns what the
  // last look saw.
  template <typename Look>
  requires std::same_as<std::invoke_result_t<Look&>, FifoLook> Result<FifoLook> Await(
      Clock& clock, int entries, Deadline limit, Look&& look) {
    const Nanoseconds start = clock.Now();
    const Nanoseconds load = per_entry_ * entries;
    clock.SleepFor(std::min(load, limit.RemainingAt(clock.Now())));
    int looks = 0;
    FifoLook seen = FifoLook::kNotYet;
    PARCLASS_TRY(WaitFor(
        clock, limit,
        [&] {
          ++looks;
          seen = look();
          return seen != FifoLook::kNotYet;
        },
        Backoff(std::max(per_entry_, kShortestPoll), load)));
    if (seen == FifoLook::kDone) Learn(clock.Now() - start, entries, looks == 1);
    return seen;
  }

 private:
  static constexpr Nanoseconds kShortestPoll = std::chrono::microseconds(1);
  static constexpr int kSteadyLoadsBeforeSpeedup = 64;

  void Learn(Nanoseconds took, int entries, bool at_first_look) {
    if (!at_first_look) {
      per_entry_ = took / entries;
      steady_loads_ = 0;
    } else if (learning_ == Learning::kSpeedsUpWhenSteady &&
               ++steady_loads_ == kSteadyLoadsBeforeSpeedup) {
      per_entry_ -= per_entry_ / 16;
      steady_loads_ = 0;
    }
  }

  Nanoseconds per_entry_;
  Learning learning_;
  int steady_loads_ = 0;  // Loads in a row done at the first look.
};

}  // namespace parclass::ieee1284

#endif  // PARCLASS_IEEE1284_FIFO_PACE_H_
