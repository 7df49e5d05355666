// The phases that write through the project's own paths (phases.h): the protocol engine over the
// ppdev and raw I/O backends, the kernel's loop behind ppdev, parctl, two processes sharing
// ppdev, and the whole stack with the ppdev interrupt thread running. Each prints what it cost as
// one console line for the host's report:
//
//   @@FIGURE ppdev-kernel accesses_per_byte=0.000 syscalls_per_kib=1.02 us_per_byte=6.10

#include "project_writers.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "parclass/backends/ppdev.h"
#include "parclass/backends/raw_io.h"
#include "parclass/base/clock.h"
#include "parclass/bus/device.h"
#include "parclass/ieee1284/host_port.h"
#include "parclass/ieee1284/link.h"
#include "parclass/system/system.h"

namespace parclass::qemu {
namespace {

using backends::SystemSyscalls;

constexpr auto kPhaseTime = std::chrono::seconds(60);

// The engine's compatibility writer over `io`, or the kernel's loop where `kernel` is given.
Result<size_t> WriteWithLink(const Phase& phase, hw::RegisterIo& io, Clock& clock,
                             hw::KernelLink* kernel) {
  const std::vector<uint8_t> bytes = PhaseBytes(phase);
  hw::PortRegisters registers(io);
  ieee1284::HostPort host(registers, clock, kernel);
  ieee1284::Link link(host);
  io.ResetCounters();
  SystemSyscalls().ResetCounters();
  const Nanoseconds start = clock.Now();
  Result<size_t> sent = link.WriteCompatibility(bytes, Deadline::After(clock, kPhaseTime));
  const double seconds = std::chrono::duration<double>(clock.Now() - start).count();
  if (!sent) return sent;
  const auto size = static_cast<double>(*sent);
  std::printf(
      "@@FIGURE %.*s path=%.*s accesses_per_byte=%.3f syscalls_per_kib=%.2f "
      "us_per_byte=%.2f\n",
      static_cast<int>(phase.name.size()), phase.name.data(),
      static_cast<int>(TransferPathName(link.last_path()).size()),
      TransferPathName(link.last_path()).data(), static_cast<double>(io.counters().total()) / size,
      static_cast<double>(SystemSyscalls().counters().total()) * 1024.0 / size,
      seconds * 1e6 / size);
  std::fflush(stdout);
  return sent;
}

Result<std::unique_ptr<backends::PpdevPort>> OpenPpdev(const KernelPort& port, Clock& clock) {
  return backends::PpdevPort::Open(SystemSyscalls(), clock, {.path = port.parport});
}

// Whether the engine hands the transfer to the backend's kernel loop, where it has one.
enum class KernelLoop : uint8_t { kOff, kOn };

// The engine over the backend `spec` names, opened as the library opens it.
Result<size_t> WriteThrough(const Phase& phase, const system::BackendSpec& spec, KernelLoop loop) {
  std::unique_ptr<system::Backend> backend = PARCLASS_TRY(system::Backend::Open(spec));
  return WriteWithLink(phase, backend->io(), backend->clock(),
                       loop == KernelLoop::kOn ? backend->kernel_link() : nullptr);
}

Result<size_t> WritePpdev(const Phase& phase, const KernelPort& port, KernelLoop loop) {
  return WriteThrough(phase, {.kind = system::BackendSpec::Kind::kPpdev, .argument = port.parport},
                      loop);
}

Result<size_t> WriteRaw(const Phase& phase) {
  return WriteThrough(
      phase,
      {.kind = system::BackendSpec::Kind::kRaw, .argument = fmt::format("{:#x}", phase.base)},
      KernelLoop::kOff);
}

// Waits for `child`; whether it exited with status 0. `status` gets the wait status.
bool ExitedCleanly(pid_t child, int& status) {
  return waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// Runs `argv` and waits for it; its output goes to the console with ours.
Result<void> Run(const std::vector<std::string>& argv) {
  std::fflush(stdout);
  const pid_t child = fork();
  if (child < 0) return Error(Errc::kIoError, "fork failed");
  if (child == 0) {
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  if (!ExitedCleanly(child, status)) {
    return Error(Errc::kIoError, fmt::format("{} failed (wait status {:#x})", argv[0], status));
  }
  return Ok();
}

Result<size_t> WriteWithParctl(const Phase& phase, const KernelPort& port) {
  const std::string file = fmt::format("/tmp/{}.bin", phase.name);
  const std::vector<uint8_t> bytes = PhaseBytes(phase);
  std::ofstream(file, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
  PARCLASS_TRY(Run(
      {"/bin/parctl", "write", "LPT1", file, "--backend", fmt::format("ppdev:{}", port.parport)}));
  return bytes.size();
}

// The first half from this process; the second from a child that opens the port once we hold
// it, and so waits (on the node's lock) until we release it. The child is forked before we open
// the port: a child would share an open file it inherited, and our close would not release it.
Result<size_t> WriteShared(const Phase& phase, const KernelPort& port) {
  const std::vector<uint8_t> bytes = PhaseBytes(phase);
  const std::span<const uint8_t> first = std::span(bytes).first(bytes.size() / 2);
  const std::span<const uint8_t> second = std::span(bytes).subspan(first.size());
  int held[2];
  if (pipe(held) != 0) return Error(Errc::kIoError, "pipe failed");
  std::fflush(stdout);
  const pid_t child = fork();
  if (child < 0) return Error(Errc::kIoError, "fork failed");
  if (child == 0) {
    char token = 0;
    close(held[1]);
    const bool go = read(held[0], &token, 1) == 1;
    SteadyClock clock;
    Result<std::unique_ptr<backends::PpdevPort>> waiter = OpenPpdev(port, clock);  // Waits.
    _exit(go && waiter && (*waiter)->Write(second, Deadline::After(clock, kPhaseTime)) ? 0 : 1);
  }
  close(held[0]);
  SteadyClock clock;
  Result<std::unique_ptr<backends::PpdevPort>> holder = OpenPpdev(port, clock);
  (void)write(held[1], "!", 1);  // We hold the port: the child may queue for it.
  close(held[1]);
  Result<size_t> wrote = holder ? (*holder)->Write(first, Deadline::After(clock, kPhaseTime))
                                : Result<size_t>(holder.error());
  if (holder) holder->reset();  // Release: close the file.
  int status = 0;
  const bool child_wrote = ExitedCleanly(child, status);
  if (!wrote) return wrote;
  if (!child_wrote) {
    return Error(Errc::kIoError, "the second process did not write its half")
        .set_bytes_done(first.size());
  }
  return bytes.size();
}

// A byte through the kernel's loop costs about 11 us on QEMU's port (docs/qemu.md). With the
// interrupt thread waking on every nAck it cost 10 ms, a sleep in parport_wait_peripheral
// (interrupt_source.h says why): a tenth of this ceiling would still catch that.
constexpr double kMaxUsPerBytePpdevInterrupts = 100;
constexpr auto kPpdevInterruptsTime = std::chrono::seconds(10);

bool CountInterrupt(void* /*interrupt*/, void* context) {
  static_cast<std::atomic<uint64_t>*>(context)->fetch_add(1);
  return true;
}

// The interrupts of the last bytes may still be on their way through the interrupt thread.
void WaitForInterrupts(const std::atomic<uint64_t>& interrupts, uint64_t want) {
  for (int waited = 0; waited < 1000 && interrupts < want; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

// As parctl-ppdev (the device LPT1, CENTRONICS through the kernel's loop) on a system with
// EnableConnectInterruptIoctl, a service routine connected through a port handle. QEMU's port
// raises IRQ 7 when strobe goes back high with ackIntEn set (parallel_ioport_write_sw), so every
// byte interrupts, and so do some of the port layer's control writes: the routine must have run
// at least once a byte.
Result<size_t> WriteWithInterrupts(const Phase& phase, const KernelPort& port) {
  const std::vector<uint8_t> bytes = PhaseBytes(phase);
  const std::unique_ptr<system::System> system = PARCLASS_TRY(system::System::Open(
      fmt::format("ppdev:{}", port.parport), {.enable_connect_interrupt = true}));
  system::SystemPort* lpt1 = PARCLASS_TRY(system->FindPort("LPT1"));
  if (lpt1->interrupts() == nullptr) {
    return Error(Errc::kNotSupported, "a ppdev system with interrupts has no interrupt source");
  }
  std::atomic<uint64_t> interrupts = 0;
  const std::unique_ptr<port::PortHandle> client = PARCLASS_TRY(lpt1->port().Open());
  const port::InterruptRoutine routine{.service = &CountInterrupt, .service_context = &interrupts};
  PARCLASS_TRY(client->ConnectInterrupt(routine));
  bus::Device* printer = PARCLASS_TRY(system->Find("LPT1"));
  const std::unique_ptr<bus::DeviceHandle> handle = PARCLASS_TRY(printer->Open());
  Clock& clock = lpt1->clock();
  SystemSyscalls().ResetCounters();
  const Nanoseconds start = clock.Now();
  const port::RequestResult written =
      handle->Write(bytes, {.deadline = Deadline::After(clock, kPpdevInterruptsTime)});
  const double us_per_byte =
      std::chrono::duration<double, std::micro>(clock.Now() - start).count() /
      static_cast<double>(std::max<size_t>(written.information, 1));
  WaitForInterrupts(interrupts, written.information);
  std::printf("@@FIGURE %.*s interrupts=%llu syscalls_per_kib=%.2f us_per_byte=%.2f\n",
              static_cast<int>(phase.name.size()), phase.name.data(),
              static_cast<unsigned long long>(interrupts.load()),
              static_cast<double>(SystemSyscalls().counters().total()) * 1024.0 /
                  static_cast<double>(std::max<size_t>(written.information, 1)),
              us_per_byte);
  std::fflush(stdout);
  PARCLASS_TRY(client->DisconnectInterrupt(routine));
  if (written.status != port::NtStatus::kSuccess || written.information != bytes.size()) {
    return Error(Errc::kIoError,
                 fmt::format("the write ended with {} after {} of {} bytes",
                             port::NtStatusName(written.status), written.information, bytes.size()))
        .set_bytes_done(written.information);
  }
  if (us_per_byte > kMaxUsPerBytePpdevInterrupts) {
    return Error(Errc::kTimeout, fmt::format("{:.0f} us a byte with the interrupt thread running, "
                                             "more than {:.0f}",
                                             us_per_byte, kMaxUsPerBytePpdevInterrupts))
        .set_bytes_done(written.information);
  }
  if (interrupts < written.information) {
    return Error(Errc::kIoError, fmt::format("{} nAck interrupts reached the connected service "
                                             "routine for {} bytes, each of which interrupts",
                                             interrupts.load(), written.information))
        .set_bytes_done(written.information);
  }
  return written.information;
}

}  // namespace

Result<size_t> WriteProjectPhase(const Phase& phase, const KernelPort& port) {
  switch (phase.writer) {
    case Writer::kPpdevRegisters: return WritePpdev(phase, port, KernelLoop::kOff);
    case Writer::kPpdevKernel: return WritePpdev(phase, port, KernelLoop::kOn);
    case Writer::kRawRegisters: return WriteRaw(phase);
    case Writer::kParctlPpdev: return WriteWithParctl(phase, port);
    case Writer::kPpdevShared: return WriteShared(phase, port);
    case Writer::kPpdevInterrupts: return WriteWithInterrupts(phase, port);
    case Writer::kLpDriver: break;
  }
  return Error(Errc::kInvalidArgument, fmt::format("phase {}: not a project writer", phase.name));
}

}  // namespace parclass::qemu
