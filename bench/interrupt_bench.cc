// Interrupts from the port to a client's service routine (system::InterruptSource): what it costs
// to run one, and how late it runs after the line change.
//
//   cmake --preset release && cmake --build --preset release --target interrupt_bench
//   build/release/bench/interrupt_bench
//
// BM_SimulatedInterrupt/R: one compatibility byte the simulated printer acknowledges, with
// ackIntEn set and a service routine connected (R = 1) or not (R = 0). The routine runs as a
// scheduler event at the virtual instant of nAck's rising edge, so its latency in virtual time is
// 0 (system/test/interrupt_source_test.cc checks the instant); the host time between /1 and /0 is
// what delivering one interrupt costs. interrupts_per_byte says each byte interrupted once.
// BM_PpdevInterrupt: the same byte through ppdev's register ioctls on the emulated kernel, whose
// interrupt count the library's thread waits for in poll() and clears with PPCLRIRQ;
// latency_ns is the real time from the byte's last register write (during which the printer's
// nAck pulse was counted) to the routine's call on that thread.

#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>

#include "parclass/backends/ppdev.h"
#include "parclass/hw/spp_regs.h"
#include "parclass/port/port.h"
#include "parclass/ppdev_sim/ppdev_emulator.h"
#include "parclass/sim/topology.h"
#include "parclass/system/interrupt_source.h"
#include "parclass/system/system.h"

namespace parclass {
namespace {

using namespace std::chrono_literals;

constexpr const char* kPath = "/dev/parport0";

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// What a routine saw: how many calls, and the real time of the last.
struct Seen {
  std::atomic<int64_t> calls = 0;
  std::atomic<int64_t> last_ns = 0;
};

bool Service(void* /*interrupt*/, void* context) {
  auto* seen = static_cast<Seen*>(context);
  seen->last_ns.store(NowNs());
  seen->calls.fetch_add(1);
  return true;
}

// One byte: data, nStrobe pulsed, the printer's nAck pulse (with ackIntEn set) interrupting.
void StrobeByte(hw::RegisterIo& io, hw::PortRegisters& registers) {
  hw::Data::Get().set_data('i').WriteTo(io);
  const hw::Dcr idle = hw::Dcr::Get().set_n_init(true).set_select_in(true).set_ack_int_en(true);
  registers.WriteControl(hw::Dcr(idle).set_strobe(true));
  registers.WriteControl(idle);
}

void BM_SimulatedInterrupt(benchmark::State& state) {
  std::unique_ptr<system::System> system =
      system::System::Open("sim", {.enable_connect_interrupt = true}).value();
  system::SystemPort& lpt1 = *system->ports().front();
  std::unique_ptr<port::PortHandle> handle = lpt1.port().Open().value();
  Seen seen;
  if (state.range(0) != 0) {
    if (!handle->ConnectInterrupt({.service = &Service, .service_context = &seen})) {
      state.SkipWithError("connecting the routine failed");
      return;
    }
  }
  Result<port::PortClaim> claim = handle->Allocate();
  sim::Scheduler& scheduler = lpt1.backend().simulated()->scheduler();
  for (auto _ : state) {
    StrobeByte(lpt1.backend().io(), lpt1.port().registers());
    scheduler.SleepFor(20us);  // The printer's busy time and nAck pulse.
  }
  state.counters["interrupts_per_byte"] =
      static_cast<double>(seen.calls.load()) / static_cast<double>(state.iterations());
  claim->Free();
  (void)handle->DisconnectInterrupt({.service = &Service, .service_context = &seen});
}
BENCHMARK(BM_SimulatedInterrupt)->Arg(0)->Arg(1);

void BM_PpdevInterrupt(benchmark::State& state) {
  ppdev_sim::PpdevEmulator kernel;
  sim::SimulatedPort& simulated = kernel.AddPort(kPath, sim::DefaultTopology());
  std::unique_ptr<backends::PpdevPort> ppdev =
      backends::PpdevPort::Open(kernel, simulated.scheduler(), {.path = kPath}).value();
  std::unique_ptr<port::Port> port = port::Port::Start(*ppdev, simulated.scheduler(),
                                                       {.enable_connect_interrupt = true,
                                                        .detect = {.probe_ecr = false},
                                                        .kernel_link = ppdev.get()})
                                         .value();
  std::unique_ptr<system::InterruptSource> source =
      system::InterruptSource::Ppdev(*ppdev, *port).value();
  std::unique_ptr<port::PortHandle> handle = port->Open().value();
  Seen seen;
  const port::InterruptRoutine routine{.service = &Service, .service_context = &seen};
  if (!handle->ConnectInterrupt(routine)) {
    state.SkipWithError("connecting the routine failed");
    return;
  }
  Result<port::PortClaim> claim = handle->Allocate();
  double latency_ns = 0;
  for (auto _ : state) {
    const int64_t before = seen.calls.load();
    StrobeByte(port->io(), port->registers());
    const int64_t written_ns = NowNs();
    kernel.AdvanceTime(kPath, 20us);
    while (seen.calls.load() == before) {
    }
    latency_ns += static_cast<double>(seen.last_ns.load() - written_ns);
  }
  state.counters["latency_ns"] = latency_ns / static_cast<double>(state.iterations());
  claim->Free();
  (void)handle->DisconnectInterrupt(routine);
  handle.reset();
  source.reset();
}
BENCHMARK(BM_PpdevInterrupt)->UseRealTime();

}  // namespace
}  // namespace parclass

BENCHMARK_MAIN();
