// Register access by a port's holder, in real time: the C++ typed call
// (PortHandle::ReadRegister), the C API with a handle (ParclassReadPort), and the HAL's name
// (READ_PORT_UCHAR), which first finds the handle that holds the port at the address; against
// the backend's own access (RegisterIo::Read), the floor under all three. On the simulator, or on
// the backend PARCLASS_BENCH_BACKEND names: ppdev through the preload library's emulated kernel.
//
//   cmake --preset release && cmake --build --preset release --target register_access_bench
//   build/release/bench/register_access_bench
//   # ppdev, one command line:
//   LD_PRELOAD=build/release/ppdev_sim/libparclass_ppdev_preload.so
//     PARCLASS_PPDEV=/tmp/parport-sim PARCLASS_BENCH_BACKEND=ppdev:/tmp/parport-sim
//     build/release/bench/register_access_bench
//
// Each iteration is one read of the status register (and, for the /16 forms, one string of 16
// bytes through the ECP FIFO in ECR test mode, written then read back: 32 accesses).

#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <cstdlib>

#include "parclass/c/hal.h"
#include "parclass/c/parclass.h"
#include "parclass/capi/testing/system_of.h"
#include "parclass/hw/ecp_regs.h"
#include "parclass/hw/spp_regs.h"

namespace {

using parclass::capi::testing::FirstPortOf;

// The system the benchmarks run on: PARCLASS_BENCH_BACKEND's spec, the built-in simulated
// topology by default.
const char* Backend() {
  const char* spec = std::getenv("PARCLASS_BENCH_BACKEND");
  return spec != nullptr ? spec : "sim";
}

// A system with its port allocated through a C port handle.
class HeldPort {
 public:
  HeldPort() {
    (void)ParclassCreateSystem(Backend(), &system_);
    (void)ParclassOpen(system_, "ParallelPort0", &handle_);
    (void)ParclassInternalDeviceIoControl(handle_, IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE, nullptr,
                                          0, nullptr, 0, nullptr);
    ULONG returned = 0;
    (void)ParclassInternalDeviceIoControl(handle_, IOCTL_INTERNAL_GET_PARALLEL_PORT_INFO, nullptr,
                                          0, &info_, sizeof info_, &returned);
    (void)ParclassInternalDeviceIoControl(handle_, IOCTL_INTERNAL_GET_PARALLEL_PNP_INFO, nullptr, 0,
                                          &pnp_, sizeof pnp_, &returned);
    if (pnp_.EcpController != nullptr) {
      WRITE_PORT_UCHAR(pnp_.EcpController + 2,
                       parclass::hw::QuietEcr(parclass::hw::EcrMode::kTest).reg_value());
    }
  }
  ~HeldPort() { ParclassDestroySystem(system_); }
  HeldPort(const HeldPort&) = delete;
  HeldPort& operator=(const HeldPort&) = delete;

  PARCLASS_HANDLE handle() const { return handle_; }
  PUCHAR controller() const { return info_.Controller; }
  PUCHAR ecp_controller() const { return pnp_.EcpController; }
  uintptr_t base() const { return FirstPortOf(system_).port().register_map().base(); }
  parclass::port::Port& port() const { return FirstPortOf(system_).port(); }

 private:
  PARCLASS_SYSTEM* system_ = nullptr;
  PARCLASS_HANDLE handle_ = nullptr;
  PARALLEL_PORT_INFORMATION info_{};
  PARALLEL_PNP_INFORMATION pnp_{};
};

void Report(benchmark::State& state, int accesses_per_iteration) {
  state.counters["accesses_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * accesses_per_iteration,
                         benchmark::Counter::kIsRate);
}

void BM_BackendRead(benchmark::State& state) {
  HeldPort held;
  parclass::hw::RegisterIo& io = held.port().io();
  for (auto _ : state) benchmark::DoNotOptimize(io.Read(parclass::hw::Dsr::kAddress));
  Report(state, 1);
}
BENCHMARK(BM_BackendRead);

// The C++ holder: a PortHandle of its own, allocated, on the same simulated port.
void BM_CppReadRegister(benchmark::State& state) {
  HeldPort held;
  (void)ParclassInternalDeviceIoControl(held.handle(), IOCTL_INTERNAL_PARALLEL_PORT_FREE, nullptr,
                                        0, nullptr, 0, nullptr);
  std::unique_ptr<parclass::port::PortHandle> handle = held.port().Open().value();
  parclass::Result<parclass::port::PortClaim> claim = handle->TryAllocate();
  const parclass::port::BusAddress dsr{held.base() + 1};
  for (auto _ : state) benchmark::DoNotOptimize(handle->ReadRegister(dsr));
  Report(state, 1);
}
BENCHMARK(BM_CppReadRegister);

void BM_CReadPortWithHandle(benchmark::State& state) {
  HeldPort held;
  PUCHAR dsr = held.controller() + 1;
  UCHAR value = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(ParclassReadPort(held.handle(), dsr, 1, &value, 1));
  }
  Report(state, 1);
}
BENCHMARK(BM_CReadPortWithHandle);

void BM_CReadPortUchar(benchmark::State& state) {
  HeldPort held;
  PUCHAR dsr = held.controller() + 1;
  for (auto _ : state) benchmark::DoNotOptimize(READ_PORT_UCHAR(dsr));
  Report(state, 1);
}
BENCHMARK(BM_CReadPortUchar);

void BM_CppFifoString(benchmark::State& state) {
  HeldPort held;
  if (held.ecp_controller() == nullptr) {
    state.SkipWithError("the backend reaches no ECP block");
    return;
  }
  (void)ParclassInternalDeviceIoControl(held.handle(), IOCTL_INTERNAL_PARALLEL_PORT_FREE, nullptr,
                                        0, nullptr, 0, nullptr);
  std::unique_ptr<parclass::port::PortHandle> handle = held.port().Open().value();
  parclass::Result<parclass::port::PortClaim> claim = handle->TryAllocate();
  (void)handle->WriteRegister({reinterpret_cast<uintptr_t>(held.ecp_controller()) + 2},
                              parclass::hw::QuietEcr(parclass::hw::EcrMode::kTest).reg_value());
  const parclass::port::BusAddress fifo{reinterpret_cast<uintptr_t>(held.ecp_controller())};
  std::array<uint8_t, 16> bytes{};
  for (auto _ : state) {
    benchmark::DoNotOptimize(handle->WriteRegisterBuffer(fifo, parclass::hw::Width::k8, bytes));
    benchmark::DoNotOptimize(handle->ReadRegisterBuffer(fifo, parclass::hw::Width::k8, bytes));
  }
  Report(state, 32);
}
BENCHMARK(BM_CppFifoString);

void BM_CFifoString(benchmark::State& state) {
  HeldPort held;
  if (held.ecp_controller() == nullptr) {
    state.SkipWithError("the backend reaches no ECP block");
    return;
  }
  std::array<UCHAR, 16> bytes{};
  for (auto _ : state) {
    WRITE_PORT_BUFFER_UCHAR(held.ecp_controller(), bytes.data(), bytes.size());
    READ_PORT_BUFFER_UCHAR(held.ecp_controller(), bytes.data(), bytes.size());
  }
  Report(state, 32);
}
BENCHMARK(BM_CFifoString);

}  // namespace

BENCHMARK_MAIN();
