// The IEEE 1284 conformance checker attached to a running simulation (conformance::LiveChecker),
// as the ppdev preload library's session report runs it for a whole QEMU boot: its cost per line
// change, beside the same transfer unchecked.
//
//   build/release/bench/conformance_bench
//
// Each benchmark runs twice: /0 unchecked, /1 with the checker on the cable. The transfers are
// the engine's software paths on the default ECP+EPP chip and printer (every handshake line
// driven by register writes, as the kernel's loops drive them), 4 KiB a run.

#include <benchmark/benchmark.h>

#include <chrono>
#include <optional>
#include <vector>

#include "parclass/conformance/live_checker.h"
#include "parclass/hw/modes.h"
#include "parclass/ieee1284/link.h"
#include "parclass/sim/simulated_port.h"

namespace parclass::conformance {
namespace {

constexpr size_t kBlock = 4096;

struct Session {
  explicit Session(bool checked)
      : port(Topology()), registers(port.chip()), host(registers, port.scheduler()), link(host) {
    port.trace().set_recording(false);
    hw::kDefaultEcrPs2.WriteTo(port.chip());
    if (checked) checker.emplace(port.cable());
  }
  static sim::Topology Topology() {
    sim::Topology topology = sim::DefaultTopology();
    topology.chain.clear();
    return topology;
  }
  Deadline Soon() { return Deadline::After(port.scheduler(), std::chrono::seconds(1)); }

  sim::SimulatedPort port;
  hw::PortRegisters registers;
  ieee1284::HostPort host;
  ieee1284::Link link;
  std::optional<LiveChecker> checker;
};

// Runs `transfer` after negotiating `request` (none: compatibility mode); reports line changes
// per byte and, checked, the violations found (there must be none).
template <typename Transfer>
void CheckedBench(benchmark::State& state, std::optional<Ieee1284Request> request,
                  Transfer transfer) {
  Session session(state.range(0) != 0);
  if (request) (void)session.link.Negotiate(*request).value();
  std::vector<uint8_t> block(kBlock, 'c');
  uint64_t bytes = 0;
  for (auto _ : state) bytes += transfer(session, block);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  if (!session.checker) return;
  session.checker->Finish(session.port.scheduler().Now());
  state.counters["line_changes_per_byte"] =
      static_cast<double>(session.checker->changes()) / static_cast<double>(bytes);
  state.counters["violations"] = static_cast<double>(session.checker->violations().size());
}

void BM_CompatibilityWrite(benchmark::State& state) {
  CheckedBench(state, std::nullopt, [](Session& session, std::vector<uint8_t>& block) {
    return session.link.WriteCompatibility(block, session.Soon()).value();
  });
}
BENCHMARK(BM_CompatibilityWrite)->Arg(0)->Arg(1);

void BM_EcpWrite(benchmark::State& state) {
  CheckedBench(state, kEcpRequest, [](Session& session, std::vector<uint8_t>& block) {
    return session.link.WriteEcp(block, session.Soon()).value();
  });
}
BENCHMARK(BM_EcpWrite)->Arg(0)->Arg(1);

}  // namespace
}  // namespace parclass::conformance

BENCHMARK_MAIN();
