// qemu_sim_guest: the guest's side of the cross-check with a real kernel (qemu/sim-lab,
// docs/qemu.md). /init runs it once, with parport, parport_pc, ppdev and lp loaded on QEMU's
// pass-through port, whose far end is parclass's simulated topology on the host.
//
// It reports what the kernel's drivers did, one console line per step (sim_lab.h lists them),
// and leaves the verdict to the host, which knows the topology: through ppdev (PPNEGOT, read()),
// the Device ID in nibble mode and the nibble-mode reverse data; through lp, the 64 KiB job. It
// exits 1 only when it cannot run a step at all (no port at 0x378); a step the peripheral
// refuses is a report line like any other.

#include <fcntl.h>
#include <fmt/format.h>
#include <linux/lp.h>  // LPABORT, the only lp ioctl used: lp has no backend of its own.
#include <sys/ioctl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "parclass/backends/ppdev.h"
#include "parclass/base/clock.h"
#include "parclass/base/requests.h"
#include "parclass/qemu/guest.h"
#include "parclass/qemu/sim_lab.h"

namespace parclass::qemu {
namespace {

// Far beyond what a responsive peripheral needs (the kernel's own waits are 35-40 ms per event).
constexpr auto kStepTime = std::chrono::seconds(20);

// The bytes in hex, "-" for none (as qemu_sim_expected writes them).
std::string Hex(std::span<const uint8_t> bytes) {
  std::string text;
  text.reserve(bytes.size() * 2);
  for (const uint8_t byte : bytes) text += fmt::format("{:02x}", byte);
  return text.empty() ? "-" : text;
}

void Report(const std::string& line) {
  fmt::print("{}\n", line);
  std::fflush(stdout);
}

// The IEEE 1284 Device ID through ppdev: negotiation for a nibble-mode Device ID (request 0x04),
// its two length bytes (big-endian, counting themselves), the rest, termination.
Result<std::vector<uint8_t>> ReadDeviceId(backends::PpdevPort& ppdev, Clock& clock) {
  const Deadline deadline = Deadline::After(clock, kStepTime);
  PARCLASS_TRY(ppdev.Negotiate(request_byte::kNibble | request_byte::kDeviceIdFlag));
  std::vector<uint8_t> id(2);
  const size_t got = PARCLASS_TRY(ppdev.Read(id, deadline));
  if (got != 2) return Error(Errc::kProtocolError, fmt::format("{} length bytes, not 2", got));
  const size_t length = (size_t{id[0]} << 8) | id[1];
  if (length > 2) {
    id.resize(length);
    const size_t text = PARCLASS_TRY(ppdev.Read(std::span(id).subspan(2), deadline));
    id.resize(2 + text);
  }
  PARCLASS_TRY(ppdev.Terminate());
  return id;
}

// Whatever the peripheral has queued for the reverse channel, in nibble mode.
Result<std::vector<uint8_t>> ReadReverse(backends::PpdevPort& ppdev, Clock& clock) {
  PARCLASS_TRY(ppdev.Negotiate(request_byte::kNibble));
  std::vector<uint8_t> data(kSimReverseLimit);
  const size_t got = PARCLASS_TRY(ppdev.Read(data, Deadline::After(clock, kStepTime)));
  data.resize(got);
  PARCLASS_TRY(ppdev.Terminate());
  return data;
}

void PpdevSteps(const KernelPort& port) {
  SteadyClock clock;
  Mark("ppdev");
  Result<std::unique_ptr<backends::PpdevPort>> opened =
      backends::PpdevPort::Open(backends::SystemSyscalls(), clock, {.path = port.parport});
  if (!opened) {
    Report(fmt::format("@@DEVICE-ID none ({})", opened.error().Format()));
    Report(fmt::format("@@REVERSE none ({})", opened.error().Format()));
    return;
  }
  const Result<std::vector<uint8_t>> id = ReadDeviceId(**opened, clock);
  Report(id ? fmt::format("@@DEVICE-ID {}", Hex(*id))
            : fmt::format("@@DEVICE-ID none ({})", id.error().Format()));
  const Result<std::vector<uint8_t>> reverse = ReadReverse(**opened, clock);
  Report(reverse ? fmt::format("@@REVERSE {} {}", reverse->size(), Hex(*reverse))
                 : fmt::format("@@REVERSE none ({})", reverse.error().Format()));
  Mark("ppdev-end");
}

// The errno's name ("ENOSPC"), as the host's checks spell it.
std::string ErrnoName(int error) {
  const char* name = strerrorname_np(error);
  return name != nullptr ? name : fmt::format("errno {}", error);
}

// The job through the kernel's printer driver. LPABORT makes lp return its error (ENOSPC for
// paper out, EIO for off-line or a fault) instead of retrying every 10 s for ever, as
// `tunelp -a on` does; on a printer that takes the bytes it changes nothing.
void LpJob(const KernelPort& port) {
  const std::vector<uint8_t> job = SimJob();
  Mark("lp-job");
  const int fd = open(port.lp.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) {
    Report(fmt::format("@@LP-WRITE 0 {}", ErrnoName(errno)));
    return;
  }
  int abort_on_error = 1;
  (void)ioctl(fd, LPABORT, abort_on_error);
  const auto start = std::chrono::steady_clock::now();
  size_t done = 0;
  int error = 0;
  while (done < job.size()) {
    const ssize_t wrote = write(fd, job.data() + done, job.size() - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) {
      error = wrote < 0 ? errno : EIO;
      break;
    }
    done += static_cast<size_t>(wrote);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  close(fd);
  Report(fmt::format("@@LP-WRITE {} {}", done, error == 0 ? "ok" : ErrnoName(error)));
  if (done > 0) {
    Report(fmt::format("@@FIGURE lp-job bytes={} seconds={:.3f} us_per_byte={:.2f}", done, seconds,
                       seconds * 1e6 / static_cast<double>(done)));
  }
  Mark("lp-job-end");
}

int Main() {
  const Result<KernelPort> port = FindKernelPort(kSimLabBase);
  if (!port) {
    Report(fmt::format("@@FAIL no port at {:#x}: {}", kSimLabBase, port.error().Format()));
    return 1;
  }
  PpdevSteps(*port);
  LpJob(*port);
  return 0;
}

}  // namespace
}  // namespace parclass::qemu

int main() { return parclass::qemu::Main(); }
