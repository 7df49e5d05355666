// A client's two ways to write to a device, on the simulator: the request path (IRP_MJ_WRITE:
// DeviceHandle::Write, which takes the port for the request, runs it, and gives it back) and the
// callback path (PARCLASS_CONNECT's ParallelWrite while the client holds the lock), for a 1 MiB
// write to the default topology's end-of-chain printer in IEEE compatibility mode (the FIFO).
//
//   build/release/bench/bus_bench
//
// Both run the same engine on the same simulated port, so the host time per MiB is mostly the
// simulation; what differs is the request path's own work (the FIFO gate, the allocation and
// IEEE 1284.3 selection of the end-of-chain device, the deselection and free), which shows in
// accesses_per_byte and in the time per MiB.

#include <benchmark/benchmark.h>

#include <array>
#include <cstring>
#include <memory>
#include <vector>

#include "parclass/bus/bus.h"
#include "parclass/sim/simulated_port.h"

namespace parclass::bus {
namespace {

constexpr size_t kMiB = 1 << 20;

struct Setup {
  Setup() : sim(sim::DefaultTopology()) {
    sim.trace().set_recording(false);
    port = port::Port::Start(sim.chip(), sim.scheduler(), {}).value();
    (void)bus.AddPort(*port).value();
    handle = bus.Find("LPT1.4")->Open().value();
    // IEEE compatibility mode: through the FIFO.
    std::array<std::byte, 4> mask{};
    const ParclassNegotiationMask offered{.read_mask = 0x0004, .write_mask = 0x0002};
    std::memcpy(mask.data(), &offered, sizeof(offered));
    (void)handle->InternalDeviceControl({.code = kIoctlLockPort});
    (void)handle->DeviceControl(
        {.code = kIoctlIeee1284Negotiate, .buffer = mask, .input_length = 4, .output_length = 4});
    (void)handle->InternalDeviceControl({.code = kIoctlUnlockPort});
  }

  sim::SimulatedPort sim;
  std::unique_ptr<port::Port> port;
  Bus bus;
  std::unique_ptr<DeviceHandle> handle;
  std::vector<uint8_t> job = std::vector<uint8_t>(kMiB, 'j');
};

void Report(benchmark::State& state, uint64_t accesses, uint64_t bytes) {
  state.counters["accesses_per_byte"] = static_cast<double>(accesses) / static_cast<double>(bytes);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

void BM_WriteRequest1MiB(benchmark::State& state) {
  Setup setup;
  setup.sim.chip().ResetCounters();
  uint64_t bytes = 0;
  for (auto _ : state) bytes += setup.handle->Write(setup.job).information;
  Report(state, setup.sim.chip().counters().total(), bytes);
}
BENCHMARK(BM_WriteRequest1MiB)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_WriteCallback1MiB(benchmark::State& state) {
  Setup setup;
  std::array<std::byte, sizeof(ParclassInformation)> buffer{};
  (void)setup.handle->InternalDeviceControl(
      {.code = kIoctlParclassConnect, .buffer = buffer, .output_length = buffer.size()});
  ParclassInformation info;
  std::memcpy(&info, buffer.data(), sizeof(info));
  (void)setup.handle->InternalDeviceControl({.code = kIoctlLockPort});
  setup.sim.chip().ResetCounters();
  uint64_t bytes = 0;
  for (auto _ : state) {
    uint32_t written = 0;
    (void)info.parallel_write(info.parclass_context, setup.job.data(),
                              static_cast<uint32_t>(setup.job.size()), &written, 0);
    bytes += written;
  }
  Report(state, setup.sim.chip().counters().total(), bytes);
  (void)setup.handle->InternalDeviceControl({.code = kIoctlUnlockPort});
}
BENCHMARK(BM_WriteCallback1MiB)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace parclass::bus

BENCHMARK_MAIN();
