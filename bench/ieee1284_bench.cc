// The host protocol engine on the simulator: register accesses per byte and simulated bus time per
// byte for each mode and path, beside the figures of the best existing stacks (Linux's
// ieee1284_ops.c and parport_pc.c, measured from their sources: compatibility 4, nibble 11,
// byte 9, ECP write 5, ECP read 6, EPP software 5, EPP hardware 2 accesses per byte, FIFO about
// 1.06; negotiation at least 9).
//
//   build/release/bench/ieee1284_bench
//
// Each transfer benchmark runs twice: /0 in software, /1 on the chip's path (FIFO or EPP cycles).
// The chip is the default ECP+EPP chip (16-byte FIFO, 8-bit PWord, 1 us per access); the
// peripheral is the default printer model, answering each event in 1 us.

#include <benchmark/benchmark.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "parclass/hw/modes.h"
#include "parclass/ieee1284/link.h"
#include "parclass/sim/simulated_port.h"

namespace parclass::ieee1284 {
namespace {

using std::chrono::seconds;

// One transfer's size: a page of print data; large enough that a chip path's per-call cost (mode
// changes, the last byte's check) is small beside its per-byte cost.
constexpr size_t kBlock = 4096;

struct Session {
  explicit Session(bool chip_paths)
      : port(Topology()),
        registers(port.chip(), chip_paths ? port.chip().config().Features() : hw::ChipFeatures{}),
        host(registers, port.scheduler()),
        link(host) {
    port.trace().set_recording(false);
    hw::kDefaultEcrPs2.WriteTo(port.chip());
  }
  static sim::Topology Topology() {
    sim::Topology topology = sim::DefaultTopology();
    topology.chain.clear();
    return topology;
  }
  Deadline Soon() { return Deadline::After(port.scheduler(), seconds(1)); }
  void Report(benchmark::State& state, Nanoseconds virtual_start, uint64_t bytes) {
    state.SetLabel(std::string(TransferPathName(link.last_path())));
    state.counters["accesses_per_byte"] =
        static_cast<double>(port.chip().counters().total()) / static_cast<double>(bytes);
    state.counters["virtual_us_per_byte"] =
        static_cast<double>((port.scheduler().Now() - virtual_start).count()) / 1000.0 /
        static_cast<double>(bytes);
    state.SetBytesProcessed(static_cast<int64_t>(bytes));
  }

  sim::SimulatedPort port;
  hw::PortRegisters registers;
  HostPort host;
  Link link;
};

// Runs `transfer` over `block` after negotiating `request` (none: compatibility mode).
template <typename Transfer>
void TransferBench(benchmark::State& state, std::optional<Ieee1284Request> request,
                   std::vector<uint8_t> block, Transfer transfer) {
  Session session(state.range(0) != 0);
  if (request) (void)session.link.Negotiate(*request).value();
  session.port.chip().ResetCounters();
  const Nanoseconds start = session.port.scheduler().Now();
  uint64_t bytes = 0;
  for (auto _ : state) bytes += transfer(session, block);
  session.Report(state, start, bytes);
}

void BM_CompatibilityWrite(benchmark::State& state) {
  TransferBench(state, std::nullopt, std::vector<uint8_t>(kBlock, 'c'),
                [](Session& session, std::vector<uint8_t>& block) {
                  return session.link.WriteCompatibility(block, session.Soon()).value();
                });
}
BENCHMARK(BM_CompatibilityWrite)->Arg(0)->Arg(1);

// Reads `read` after negotiating `request`; the peripheral always has data queued.
template <typename Read>
void ReverseBench(benchmark::State& state, Ieee1284Request request, Read read) {
  Session session(false);
  std::vector<uint8_t> buffer(kBlock);
  const std::vector<uint8_t> data(buffer.size(), 0x5a);
  session.port.printer()->QueueReverse(data);
  (void)session.link.Negotiate(request).value();
  session.port.chip().ResetCounters();
  const Nanoseconds start = session.port.scheduler().Now();
  uint64_t bytes = 0;
  for (auto _ : state) {
    session.port.printer()->QueueReverse(data);
    bytes += read(session, buffer);
  }
  session.Report(state, start, bytes);
}

void BM_NibbleRead(benchmark::State& state) {
  ReverseBench(state, kNibbleRequest, [](Session& session, std::vector<uint8_t>& buffer) {
    return session.link.ReadNibble(buffer, session.Soon()).value();
  });
}
BENCHMARK(BM_NibbleRead);

void BM_ByteModeRead(benchmark::State& state) {
  ReverseBench(state, kByteRequest, [](Session& session, std::vector<uint8_t>& buffer) {
    return session.link.ReadByteMode(buffer, session.Soon()).value();
  });
}
BENCHMARK(BM_ByteModeRead);

void BM_EcpWrite(benchmark::State& state) {
  std::vector<uint8_t> block(kBlock);
  for (size_t i = 0; i < block.size(); ++i) block[i] = static_cast<uint8_t>(i);  // No runs.
  TransferBench(state, kEcpRequest, block, [](Session& session, std::vector<uint8_t>& bytes) {
    return session.link.WriteEcp(bytes, session.Soon()).value();
  });
}
BENCHMARK(BM_EcpWrite)->Arg(0)->Arg(1);

void BM_EcpRead(benchmark::State& state) {
  Session session(state.range(0) != 0);
  std::vector<uint8_t> data(kBlock);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i);
  (void)session.link.Negotiate(kEcpRequest).value();
  std::vector<uint8_t> buffer(data.size());
  session.port.chip().ResetCounters();
  const Nanoseconds start = session.port.scheduler().Now();
  uint64_t bytes = 0;
  for (auto _ : state) {
    session.port.printer()->QueueReverse(data);
    bytes += session.link.ReadEcp(buffer, session.Soon()).value();
  }
  session.Report(state, start, bytes);
}
BENCHMARK(BM_EcpRead)->Arg(0)->Arg(1);

void BM_EppWrite(benchmark::State& state) {
  TransferBench(state, kEppRequest, std::vector<uint8_t>(kBlock, 0xe9),
                [](Session& session, std::vector<uint8_t>& block) {
                  return session.link.WriteEpp(block, session.Soon()).value();
                });
}
BENCHMARK(BM_EppWrite)->Arg(0)->Arg(1);

void BM_EppRead(benchmark::State& state) {
  TransferBench(state, kEppRequest, std::vector<uint8_t>(kBlock),
                [](Session& session, std::vector<uint8_t>& buffer) {
                  return session.link.ReadEpp(buffer, session.Soon()).value();
                });
}
BENCHMARK(BM_EppRead)->Arg(0)->Arg(1);

// One negotiation and its termination; accesses per negotiation.
void BM_NegotiateAndTerminate(benchmark::State& state) {
  Session session(false);
  session.port.chip().ResetCounters();
  uint64_t rounds = 0;
  for (auto _ : state) {
    (void)session.link.Negotiate(kNibbleRequest).value();
    (void)session.link.Terminate().value();
    ++rounds;
  }
  state.counters["accesses_per_round"] =
      static_cast<double>(session.port.chip().counters().total()) / static_cast<double>(rounds);
}
BENCHMARK(BM_NegotiateAndTerminate);

}  // namespace
}  // namespace parclass::ieee1284

BENCHMARK_MAIN();
