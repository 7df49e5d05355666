// A request through the C API on the caller's thread (ParclassInternalDeviceIoControl) against
// the same request submitted to complete later (ParclassSubmit): what the handle's worker thread
// costs, one request at a time (the submitter waits for each completion) and in batches of 64
// (submitted together, then awaited). The request is IOCTL_INTERNAL_GET_PARALLEL_PORT_INFO on a
// port handle of the built-in simulated topology, which reads no register: the figures are the
// API's and the queue's, not the port's.
//
//   cmake --preset release && cmake --build --preset release --target request_bench
//   build/release/bench/request_bench

#include <benchmark/benchmark.h>

#include <array>
#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "parclass/c/parclass.h"

namespace {

// A system and a port handle on it.
class OpenPort {
 public:
  OpenPort() {
    (void)ParclassCreateSystem("sim", &system_);
    (void)ParclassOpen(system_, "ParallelPort0", &handle_);
  }
  ~OpenPort() { ParclassDestroySystem(system_); }
  OpenPort(const OpenPort&) = delete;
  OpenPort& operator=(const OpenPort&) = delete;

  PARCLASS_HANDLE handle() const { return handle_; }

 private:
  PARCLASS_SYSTEM* system_ = nullptr;
  PARCLASS_HANDLE handle_ = nullptr;
};

// Counts completions, and waits for them.
struct Completions {
  std::mutex mutex;
  std::condition_variable done;
  int64_t count = 0;

  static void Routine(PARCLASS_REQUEST* request) {
    auto& self = *static_cast<Completions*>(request->Context);
    const std::lock_guard lock(self.mutex);
    ++self.count;
    self.done.notify_one();
  }
  void Await(int64_t total) {
    std::unique_lock lock(mutex);
    done.wait(lock, [&] { return count >= total; });
  }
};

PARCLASS_REQUEST InfoRequest(PARALLEL_PORT_INFORMATION& info, Completions& completions) {
  PARCLASS_REQUEST request{};
  request.Size = sizeof request;
  request.MajorFunction = IRP_MJ_INTERNAL_DEVICE_CONTROL;
  request.IoControlCode = IOCTL_INTERNAL_GET_PARALLEL_PORT_INFO;
  request.OutputBuffer = &info;
  request.OutputBufferLength = sizeof info;
  request.CompletionRoutine = &Completions::Routine;
  request.Context = &completions;
  return request;
}

void BM_Synchronous(benchmark::State& state) {
  const OpenPort port;
  PARALLEL_PORT_INFORMATION info{};
  for (auto _ : state) {
    const NTSTATUS status =
        ParclassInternalDeviceIoControl(port.handle(), IOCTL_INTERNAL_GET_PARALLEL_PORT_INFO,
                                        nullptr, 0, &info, sizeof info, nullptr);
    if (status != STATUS_SUCCESS) state.SkipWithError("the request failed");
  }
}
BENCHMARK(BM_Synchronous);

// One submission and its completion per iteration: the hand-off to the worker and back.
void BM_SubmittedOneAtATime(benchmark::State& state) {
  const OpenPort port;
  PARALLEL_PORT_INFORMATION info{};
  Completions completions;
  PARCLASS_REQUEST request = InfoRequest(info, completions);
  int64_t submitted = 0;
  for (auto _ : state) {
    if (ParclassSubmit(port.handle(), &request) != STATUS_PENDING) {
      state.SkipWithError("the submission was refused");
      break;
    }
    completions.Await(++submitted);
  }
}
BENCHMARK(BM_SubmittedOneAtATime)->UseRealTime();

// 64 submitted, then all awaited; reported per request.
void BM_SubmittedBatch(benchmark::State& state) {
  constexpr int kBatch = 64;
  const OpenPort port;
  std::array<PARALLEL_PORT_INFORMATION, kBatch> infos{};
  Completions completions;
  std::array<PARCLASS_REQUEST, kBatch> requests{};
  for (int i = 0; i < kBatch; ++i) requests[i] = InfoRequest(infos[i], completions);
  int64_t submitted = 0;
  for (auto _ : state) {
    for (PARCLASS_REQUEST& request : requests) {
      if (ParclassSubmit(port.handle(), &request) != STATUS_PENDING) {
        state.SkipWithError("the submission was refused");
        return;
      }
    }
    submitted += kBatch;
    completions.Await(submitted);
  }
  state.SetItemsProcessed(submitted);
  state.counters["ns_per_request"] = benchmark::Counter(
      static_cast<double>(submitted), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_SubmittedBatch)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
