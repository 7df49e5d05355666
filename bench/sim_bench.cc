// The simulator's own cost: host time per simulated register access, and per byte the chip moves
// through its FIFO or through EPP cycles, with the virtual time each took on the simulated bus.
//
//   build/release/bench/sim_bench
//
// Counters: accesses_per_byte (register accesses software made per byte moved), virtual_ns_per_byte
// (simulated bus time per byte) and host time per iteration in the usual columns.

#include <benchmark/benchmark.h>

#include <array>
#include <chrono>
#include <vector>

#include "parclass/hw/ecp_regs.h"
#include "parclass/hw/epp_regs.h"
#include "parclass/hw/spp_regs.h"
#include "parclass/sim/chip.h"
#include "parclass/sim/scripted_peripheral.h"
#include "parclass/sim/simulated_port.h"

namespace parclass::sim {
namespace {

using std::chrono::microseconds;
using std::chrono::nanoseconds;

struct Bench {
  explicit Bench(ChipConfig config, bool recording)
      : cable(scheduler, trace), chip(cable, std::move(config)), peripheral(cable) {
    trace.set_recording(recording);
  }
  Scheduler scheduler;
  Trace trace;
  Cable cable;
  SimChip chip;
  ScriptedPeripheral peripheral;
};

void ReportPerByte(benchmark::State& state, const SimChip& chip, const Scheduler& scheduler,
                   Nanoseconds virtual_start, uint64_t bytes) {
  state.counters["accesses_per_byte"] =
      static_cast<double>(chip.counters().total()) / static_cast<double>(bytes);
  state.counters["virtual_ns_per_byte"] =
      static_cast<double>((scheduler.Now() - virtual_start).count()) / static_cast<double>(bytes);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

// One status register read: dispatch, status composition, trace, and 1 us of virtual time.
void BM_StatusRead(benchmark::State& state) {
  Bench bench(ChipConfig::EcpEpp(), state.range(0) != 0);
  for (auto _ : state) {
    benchmark::DoNotOptimize(bench.chip.Read(hw::Dsr::kAddress));
    if (bench.trace.events().size() > 100'000) bench.trace.Clear();
  }
  state.SetLabel(state.range(0) != 0 ? "trace on" : "trace off");
}
BENCHMARK(BM_StatusRead)->Arg(0)->Arg(1);

// One data register write: every data line changes, so the cable settles eight line changes.
void BM_DataWrite(benchmark::State& state) {
  Bench bench(ChipConfig::EcpEpp(), false);
  uint8_t value = 0;
  for (auto _ : state) bench.chip.Write(hw::Data::kAddress, value ^= 0xff);
}
BENCHMARK(BM_DataWrite);

// A printer that takes a byte 300 ns after the strobe falls and is ready again 1 us later.
void AttachFastPrinter(ScriptedPeripheral& printer) {
  printer.DriveAt(Nanoseconds(0), LineLevels()
                                      .with(Line::kBusy, Level::kLow)
                                      .with(Line::kSelect, Level::kHigh)
                                      .with(Line::kNFault, Level::kHigh));
  printer.OnEdge(Line::kNStrobe, Edge::kFalling, nanoseconds(300),
                 LineLevels().with(Line::kBusy, Level::kHigh));
  printer.OnEdge(Line::kNStrobe, Edge::kFalling, microseconds(1),
                 LineLevels().with(Line::kBusy, Level::kLow));
}

// ECR mode 010: software fills the FIFO with block writes whenever it is empty; the chip does the
// Centronics handshake for every byte.
void BM_CompatFifoByte(benchmark::State& state) {
  Bench bench(ChipConfig::Ecp(), false);
  AttachFastPrinter(bench.peripheral);
  hw::Ecr::Get().set_mode(hw::EcrMode::kPs2).set_service_intr(true).WriteTo(bench.chip);
  hw::Ecr::Get().set_mode(hw::EcrMode::kFifo).set_service_intr(true).WriteTo(bench.chip);
  const std::vector<uint8_t> chunk(static_cast<size_t>(bench.chip.config().fifo_depth), 0x55);
  bench.chip.ResetCounters();
  const Nanoseconds virtual_start = bench.scheduler.Now();
  uint64_t bytes = 0;
  for (auto _ : state) {
    bench.chip.WriteBlock(hw::CFifo::kAddress, hw::Width::k8, chunk);
    while (!hw::Ecr::Get().ReadFrom(bench.chip).empty()) {
    }
    bytes += chunk.size();
  }
  ReportPerByte(state, bench.chip, bench.scheduler, virtual_start, bytes);
}
BENCHMARK(BM_CompatFifoByte);

// The default topology: the same FIFO transfer, through two IEEE 1284.3 devices (each line change
// crosses two bridges) to the printer model, which takes 4.3 us per byte.
void BM_DefaultTopologyFifoByte(benchmark::State& state) {
  SimulatedPort port(DefaultTopology());
  port.trace().set_recording(false);
  SimChip& chip = port.chip();
  hw::Ecr::Get().set_mode(hw::EcrMode::kPs2).set_service_intr(true).WriteTo(chip);
  hw::Ecr::Get().set_mode(hw::EcrMode::kFifo).set_service_intr(true).WriteTo(chip);
  const std::vector<uint8_t> chunk(static_cast<size_t>(chip.config().fifo_depth), 0x55);
  chip.ResetCounters();
  const Nanoseconds virtual_start = port.scheduler().Now();
  uint64_t bytes = 0;
  for (auto _ : state) {
    chip.WriteBlock(hw::CFifo::kAddress, hw::Width::k8, chunk);
    while (!hw::Ecr::Get().ReadFrom(chip).empty()) {
    }
    bytes += chunk.size();
  }
  ReportPerByte(state, chip, port.scheduler(), virtual_start, bytes);
}
BENCHMARK(BM_DefaultTopologyFifoByte);

// EPP data write cycles, 32 bits per access, to a device that answers in 200 ns.
void BM_EppWriteByte(benchmark::State& state) {
  Bench bench(ChipConfig::EppOnly(), false);
  bench.peripheral.DriveAt(Nanoseconds(0), LineLevels().with(Line::kBusy, Level::kLow));
  bench.peripheral.OnEdge(Line::kNAutoFd, Edge::kFalling, nanoseconds(200),
                          LineLevels().with(Line::kBusy, Level::kHigh));
  bench.peripheral.OnEdge(Line::kNAutoFd, Edge::kRising, nanoseconds(200),
                          LineLevels().with(Line::kBusy, Level::kLow));
  hw::Dcr::Get().set_n_init(true).WriteTo(bench.chip);
  const std::array<uint8_t, 64> block{};
  bench.chip.ResetCounters();
  const Nanoseconds virtual_start = bench.scheduler.Now();
  uint64_t bytes = 0;
  for (auto _ : state) {
    bench.chip.WriteBlock(hw::EppData<0>::kAddress, hw::Width::k32, block);
    bytes += block.size();
  }
  ReportPerByte(state, bench.chip, bench.scheduler, virtual_start, bytes);
}
BENCHMARK(BM_EppWriteByte);

}  // namespace
}  // namespace parclass::sim

BENCHMARK_MAIN();
