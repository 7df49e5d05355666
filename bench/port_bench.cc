// Port arbitration (port::Arbiter) on a SteadyClock, in real time, without hooks: what a grant
// costs when nobody else wants the port, how long a handover to a waiting thread takes, and how
// evenly the FIFO shares the port among clients that all want it all the time.
//
//   cmake -S . -B build/r -G Ninja -DCMAKE_BUILD_TYPE=Release && ninja -C build/r port_bench
//   build/r/bench/port_bench
//
// BM_AllocateFree, BM_TryAllocateFree: one grant and free of a free port. BM_TryAllocateBusy: a
// refused try.
// BM_Handover: two threads pass the port back and forth, each freeing it only once the other
// waits in the queue; handover_ns is the real time per handover (two per iteration), from Free()
// to the waiter's return with its claim, including the waiter's wake-up. BM_CondVarHandoverFloor
// is the same ping-pong through a bare mutex and condition variable: the floor on this machine.
// BM_Fairness/N/H: N threads allocate, hold the port for H ns (spinning, as a client doing a few
// register accesses would) and free it, until 20000 grants are made. max_min_ratio is the most
// grants any thread got over the fewest (1 is even; worst iteration), which on a loaded machine
// mostly says whether the scheduler ran every thread: a thread that frees and finds nobody
// queued takes the port again (nobody waited, so no unfairness), and a thread preempted between
// its free and its next request misses turns. max_bypass is the scheduler-proof figure: the most
// grants made between a thread's reading of the grant count and its own grant. The FIFO bounds
// it by N-1 plus what slips into that reading-to-queueing window. grants_per_s is throughput.
// BM_TryAllocateStarvation/N/H: the same with N allocating threads and one more that only
// TryAllocates in a loop; try_share is its grants over an allocating thread's average (0: the
// FIFO never lets it overtake, as spec 4.1 warns).
// BM_CancelledWait and BM_TimedOutWait: what ending a queued request costs (see each).

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <latch>
#include <stop_token>
#include <thread>
#include <vector>

#include "parclass/base/mutex.h"
#include "parclass/port/arbiter.h"

namespace parclass::port {
namespace {

constexpr ClientId kMain{1};
constexpr ClientId kPartner{2};
constexpr uint64_t kFairnessGrants = 20000;

void AwaitWaiters(const Arbiter& arbiter, size_t count) {
  while (arbiter.QueryNumWaiters() < count) {
  }
}

void BM_AllocateFree(benchmark::State& state) {
  SteadyClock clock;
  Arbiter arbiter(clock);
  for (auto _ : state) {
    Result<PortClaim> claim = arbiter.Allocate(kMain, Deadline::Never());
    benchmark::DoNotOptimize(claim);
  }
}
BENCHMARK(BM_AllocateFree);

void BM_TryAllocateFree(benchmark::State& state) {
  SteadyClock clock;
  Arbiter arbiter(clock);
  for (auto _ : state) {
    Result<PortClaim> claim = arbiter.TryAllocate(kMain);
    benchmark::DoNotOptimize(claim);
  }
}
BENCHMARK(BM_TryAllocateFree);

void BM_TryAllocateBusy(benchmark::State& state) {
  SteadyClock clock;
  Arbiter arbiter(clock);
  Result<PortClaim> held = arbiter.TryAllocate(kPartner);
  for (auto _ : state) {
    Result<PortClaim> claim = arbiter.TryAllocate(kMain);
    benchmark::DoNotOptimize(claim);
  }
}
BENCHMARK(BM_TryAllocateBusy);

void BM_Handover(benchmark::State& state) {
  SteadyClock clock;
  Arbiter arbiter(clock);
  std::atomic<bool> stop = false;
  Result<PortClaim> mine = arbiter.Allocate(kMain, Deadline::Never());
  std::thread partner([&] {
    while (true) {
      Result<PortClaim> claim = arbiter.Allocate(kPartner, Deadline::Never());
      while (!stop.load() && arbiter.QueryNumWaiters() == 0) {
      }
      if (stop.load()) return;
    }
  });
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) {
    AwaitWaiters(arbiter, 1);
    mine->Free();                                       // To the partner, waiting.
    mine = arbiter.Allocate(kMain, Deadline::Never());  // Back, once the partner sees us wait.
  }
  const std::chrono::duration<double, std::nano> elapsed = std::chrono::steady_clock::now() - start;
  stop = true;
  mine->Free();
  partner.join();
  state.counters["handover_ns"] = elapsed.count() / (2.0 * static_cast<double>(state.iterations()));
}
BENCHMARK(BM_Handover)->UseRealTime();

// BM_CancelledWait: a queued request ended by its stop token from another thread; cancel_ns is
// the real time from request_stop() to the requester's return with kCancelled.
void BM_CancelledWait(benchmark::State& state) {
  SteadyClock clock;
  Arbiter arbiter(clock);
  Result<PortClaim> held = arbiter.Allocate(kPartner, Deadline::Never());
  double total_ns = 0;
  for (auto _ : state) {
    std::stop_source stop;
    std::atomic<int64_t> returned_at = 0;
    std::thread waiter([&] {
      Result<PortClaim> claim = arbiter.Allocate(kMain, Deadline::Never(), stop.get_token());
      returned_at = std::chrono::steady_clock::now().time_since_epoch().count();
      benchmark::DoNotOptimize(claim);
    });
    AwaitWaiters(arbiter, 1);
    const int64_t stopped_at = std::chrono::steady_clock::now().time_since_epoch().count();
    stop.request_stop();
    waiter.join();
    total_ns += static_cast<double>(returned_at.load() - stopped_at);
  }
  state.counters["cancel_ns"] = total_ns / static_cast<double>(state.iterations());
}
BENCHMARK(BM_CancelledWait)->UseRealTime();

// BM_TimedOutWait/D: a request queued behind a holder that never frees, with a deadline D us
// away on a SteadyClock; late_ns is how long after its deadline the requester returned with
// kPortBusy (the condition variable's timed wake-up).
void BM_TimedOutWait(benchmark::State& state) {
  SteadyClock clock;
  Arbiter arbiter(clock);
  Result<PortClaim> held = arbiter.Allocate(kPartner, Deadline::Never());
  const std::chrono::microseconds timeout(state.range(0));
  double late_ns = 0;
  for (auto _ : state) {
    const Deadline deadline = Deadline::After(clock, timeout);
    Result<PortClaim> claim = arbiter.Allocate(kMain, deadline);
    late_ns += static_cast<double>((clock.Now() - deadline.at()).count());
    benchmark::DoNotOptimize(claim);
  }
  state.counters["late_ns"] = late_ns / static_cast<double>(state.iterations());
}
BENCHMARK(BM_TimedOutWait)->Arg(100)->Arg(1000)->UseRealTime();

// The floor for BM_Handover: two threads passing a turn back and forth through one mutex and a
// condition variable each, notifying under the lock as the arbiter does, with the arbiter's own
// primitives (parclass::Mutex and CondVar).
void BM_CondVarHandoverFloor(benchmark::State& state) {
  Mutex mutex;
  std::array<CondVar, 2> turn_of;
  int turn = 0;
  bool stop = false;
  std::thread partner([&] {
    const MutexLock lock(mutex);
    while (true) {
      while (turn != 1 && !stop) turn_of[1].Wait(mutex);
      if (stop) return;
      turn = 0;
      turn_of[0].NotifyOne();
    }
  });
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) {
    const MutexLock lock(mutex);
    turn = 1;
    turn_of[1].NotifyOne();
    while (turn != 0) turn_of[0].Wait(mutex);
  }
  const std::chrono::duration<double, std::nano> elapsed = std::chrono::steady_clock::now() - start;
  {
    const MutexLock lock(mutex);
    stop = true;
  }
  turn_of[1].NotifyOne();
  partner.join();
  state.counters["handover_ns"] = elapsed.count() / (2.0 * static_cast<double>(state.iterations()));
}
BENCHMARK(BM_CondVarHandoverFloor)->UseRealTime();

// Holds the port for `hold`, spinning as a client doing a few register accesses would.
void Hold(std::chrono::nanoseconds hold) {
  const auto until = std::chrono::steady_clock::now() + hold;
  while (std::chrono::steady_clock::now() < until) {
  }
}

struct Contention {
  std::vector<uint64_t> grants;  // Per thread; the spinner's last.
  uint64_t max_bypass = 0;       // The most grants made while an allocating thread waited.
};

// Runs `allocating` threads that allocate, hold the port for `hold` and free it until
// kFairnessGrants grants are made, plus, if `with_spinner`, one that only tries.
Contention Contend(int allocating, std::chrono::nanoseconds hold, bool with_spinner) {
  SteadyClock clock;
  Arbiter arbiter(clock);
  const int total_threads = allocating + (with_spinner ? 1 : 0);
  std::vector<uint64_t> grants(static_cast<size_t>(total_threads), 0);
  std::vector<uint64_t> bypass(static_cast<size_t>(total_threads), 0);
  std::atomic<uint64_t> made = 0;  // Written only by the owner; read by anyone.
  std::atomic<bool> stop = false;
  std::latch start(total_threads);
  std::vector<std::thread> threads;
  threads.reserve(static_cast<size_t>(total_threads));
  for (int i = 0; i < total_threads; ++i) {
    threads.emplace_back([&, i] {
      const auto slot = static_cast<size_t>(i);
      const ClientId client{static_cast<uint32_t>(i + 1)};
      const bool spinner = i == allocating;
      start.arrive_and_wait();
      while (!stop.load()) {
        const uint64_t before = made.load();
        Result<PortClaim> claim =
            spinner ? arbiter.TryAllocate(client) : arbiter.Allocate(client, Deadline::Never());
        if (!claim || stop.load()) continue;
        if (!spinner) bypass[slot] = std::max(bypass[slot], made.load() - before);
        Hold(hold);
        ++grants[slot];
        if (made.fetch_add(1) + 1 == kFairnessGrants) stop = true;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  return {grants, *std::max_element(bypass.begin(), bypass.end())};
}

// Arguments: threads, hold time in nanoseconds.
void BM_Fairness(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  const std::chrono::nanoseconds hold(state.range(1));
  double worst_ratio = 1.0;
  uint64_t max_bypass = 0;
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) {
    const Contention run = Contend(threads, hold, false);
    const auto [fewest, most] = std::minmax_element(run.grants.begin(), run.grants.end());
    const double ratio = *fewest == 0 ? static_cast<double>(kFairnessGrants)
                                      : static_cast<double>(*most) / static_cast<double>(*fewest);
    worst_ratio = std::max(worst_ratio, ratio);
    max_bypass = std::max(max_bypass, run.max_bypass);
  }
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  state.counters["max_min_ratio"] = worst_ratio;
  state.counters["max_bypass"] = static_cast<double>(max_bypass);
  state.counters["grants_per_s"] =
      static_cast<double>(state.iterations() * kFairnessGrants) / elapsed.count();
}
BENCHMARK(BM_Fairness)
    ->Args({2, 0})
    ->Args({2, 1000})
    ->Args({4, 1000})
    ->Args({8, 1000})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// Arguments: allocating threads, hold time in nanoseconds.
void BM_TryAllocateStarvation(benchmark::State& state) {
  const int allocating = static_cast<int>(state.range(0));
  const std::chrono::nanoseconds hold(state.range(1));
  double share = 0;
  for (auto _ : state) {
    const std::vector<uint64_t> grants = Contend(allocating, hold, true).grants;
    const double average = static_cast<double>(kFairnessGrants - grants.back()) / allocating;
    share = std::max(share, static_cast<double>(grants.back()) / average);
  }
  state.counters["try_share"] = share;
}
BENCHMARK(BM_TryAllocateStarvation)
    ->Args({2, 1000})
    ->Args({4, 1000})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace parclass::port

BENCHMARK_MAIN();
