// qemu_sim_guest: the guest's side of the cross-check with a real kernel (qemu/sim-lab,
// docs/qemu.md). /init runs it once, with parport, parport_pc, ppdev and lp loaded on QEMU's
// pass-through port, whose far end is parclass's simulated topology on the host.
//
// It reports what the kernel's drivers did, one console line per step (sim_lab.h lists them),
// and leaves the verdict to the host, which knows the topology: through ppdev (PPNEGOT, read()),
// the Device ID in nibble and in byte mode, and the reverse data, its start in byte mode and the
// rest in nibble mode; EPP address and data cycles, written and read back, as an EPP device's own
// ppdev driver runs them; what ppdev answers an ioctl it does not know; through lp, the 64 KiB
// job. It exits 1 only when it cannot run a step at all (no port at 0x378); a step the
// peripheral refuses is a report line like any other.

#include <fcntl.h>
#include <fmt/format.h>
#include <linux/lp.h>  // LPABORT, the only lp ioctl used: lp has no backend of its own.
#include <linux/parport.h>
#include <linux/ppdev.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
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

// The IEEE 1284 Device ID through ppdev: negotiation for a Device ID in `mode` (nibble or byte,
// with the Device ID flag), its two length bytes (big-endian, counting themselves), the rest,
// termination.
Result<std::vector<uint8_t>> ReadDeviceId(backends::PpdevPort& ppdev, Clock& clock,
                                          Ieee1284Request mode) {
  const Deadline deadline = Deadline::After(clock, kStepTime);
  PARCLASS_TRY(ppdev.Negotiate(mode.with_device_id()));
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

// Up to `limit` bytes of what the peripheral has queued for the reverse channel, in `mode`.
Result<std::vector<uint8_t>> ReadReverse(backends::PpdevPort& ppdev, Clock& clock,
                                         Ieee1284Request mode, size_t limit) {
  PARCLASS_TRY(ppdev.Negotiate(mode));
  std::vector<uint8_t> data(limit);
  const size_t got = PARCLASS_TRY(ppdev.Read(data, Deadline::After(clock, kStepTime)));
  data.resize(got);
  PARCLASS_TRY(ppdev.Terminate());
  return data;
}

std::string IdLine(std::string_view key, const Result<std::vector<uint8_t>>& id) {
  return id ? fmt::format("@@{} {}", key, Hex(*id))
            : fmt::format("@@{} none ({})", key, id.error().Format());
}

std::string ReverseLine(std::string_view key, const Result<std::vector<uint8_t>>& data) {
  return data ? fmt::format("@@{} {} {}", key, data->size(), Hex(*data))
              : fmt::format("@@{} none ({})", key, data.error().Format());
}

void PpdevSteps(const KernelPort& port) {
  SteadyClock clock;
  Mark("ppdev");
  Result<std::unique_ptr<backends::PpdevPort>> opened =
      backends::PpdevPort::Open(backends::SystemSyscalls(), clock, {.path = port.parport});
  if (!opened) {
    for (const std::string_view key : {"DEVICE-ID", "DEVICE-ID-BYTE", "REVERSE-BYTE", "REVERSE"}) {
      Report(fmt::format("@@{} none ({})", key, opened.error().Format()));
    }
    return;
  }
  backends::PpdevPort& ppdev = **opened;
  Report(IdLine("DEVICE-ID", ReadDeviceId(ppdev, clock, kNibbleRequest)));
  Report(IdLine("DEVICE-ID-BYTE", ReadDeviceId(ppdev, clock, kByteRequest)));
  Report(
      ReverseLine("REVERSE-BYTE", ReadReverse(ppdev, clock, kByteRequest, kSimByteReverseLimit)));
  Report(ReverseLine("REVERSE", ReadReverse(ppdev, clock, kNibbleRequest, kSimReverseLimit)));
  Mark("ppdev-end");
}

// A ppdev file driven with plain system calls, as an EPP device's own user-space driver drives
// it. A failed call is an error naming the call and its errno ("PPNEGOT: ENXIO").
class RawPpdev {
 public:
  // Non-blocking: a blocking EPP read() whose first byte times out loops in the kernel (pp_read
  // retries while it has read nothing).
  explicit RawPpdev(const std::string& path)
      : fd_(open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC)), open_errno_(errno) {}
  ~RawPpdev() {
    if (fd_ >= 0) close(fd_);
  }
  RawPpdev(const RawPpdev&) = delete;
  RawPpdev& operator=(const RawPpdev&) = delete;

  Result<void> Opened() const {
    if (fd_ >= 0) return {};
    return Error(Errc::kIoError, fmt::format("open: {}", ErrnoName(open_errno_)));
  }
  // The errno of ioctl(request), or 0 if it succeeded.
  int IoctlErrno(unsigned long request, void* argument = nullptr) const {
    return ioctl(fd_, request, argument) == 0 ? 0 : errno;
  }
  Result<void> Ioctl(std::string_view name, unsigned long request, int argument) const {
    const int error = IoctlErrno(request, &argument);
    if (error == 0) return {};
    return Error(Errc::kIoError, fmt::format("{}: {}", name, ErrnoName(error)));
  }
  Result<void> Claim() const { return Ioctl("PPCLAIM", PPCLAIM, 0); }
  Result<void> Negotiate(int mode) const { return Ioctl("PPNEGOT", PPNEGOT, mode); }
  Result<void> SetMode(int mode) const { return Ioctl("PPSETMODE", PPSETMODE, mode); }
  Result<void> Direction(int reverse) const { return Ioctl("PPDATADIR", PPDATADIR, reverse); }
  // The whole of `bytes` in one write() or read().
  Result<void> Write(std::span<const uint8_t> bytes) const {
    return Whole("write", write(fd_, bytes.data(), bytes.size()), bytes.size());
  }
  Result<void> Read(std::span<uint8_t> bytes) const {
    return Whole("read", read(fd_, bytes.data(), bytes.size()), bytes.size());
  }

 private:
  static Result<void> Whole(std::string_view call, ssize_t done, size_t size) {
    if (done < 0) return Error(Errc::kIoError, fmt::format("{}: {}", call, ErrnoName(errno)));
    if (static_cast<size_t>(done) == size) return {};
    return Error(Errc::kIoError, fmt::format("{}: {} of {} bytes", call, done, size));
  }

  int fd_;
  int open_errno_;
};

struct EppResult {
  uint8_t address = 0;  // The address register after the data writes.
  std::vector<uint8_t> data = std::vector<uint8_t>(kSimEppLength);
};

// EPP through ppdev, after PPNEGOT to EPP: address cycles in mode EPP with IEEE1284_ADDR, data
// cycles in plain EPP, each a read() or write(). QEMU forwards an EPP access only with the
// control register at EPP's idle pattern for its direction (docs/qemu.md): 0x04 to write, which
// the negotiation leaves, and 0x24 to read. The kernel's parport_pc_epp_read_data does not set
// the direction bit on a port without ECR (EPP hardware turns the bus round by itself), so the
// reads are bracketed by PPDATADIR, as a driver for QEMU's port must.
Result<EppResult> EppCycles(const std::string& path) {
  const std::vector<uint8_t> data = SimEppData();
  const uint8_t start = kSimEppAddress;
  EppResult result;
  const RawPpdev ppdev(path);
  PARCLASS_TRY(ppdev.Opened());
  PARCLASS_TRY(ppdev.Claim());
  PARCLASS_TRY(ppdev.Negotiate(IEEE1284_MODE_EPP));
  PARCLASS_TRY(ppdev.SetMode(IEEE1284_MODE_EPP | IEEE1284_ADDR));
  PARCLASS_TRY(ppdev.Write(std::span(&start, 1)));
  PARCLASS_TRY(ppdev.SetMode(IEEE1284_MODE_EPP));
  PARCLASS_TRY(ppdev.Write(data));
  PARCLASS_TRY(ppdev.SetMode(IEEE1284_MODE_EPP | IEEE1284_ADDR));
  PARCLASS_TRY(ppdev.Direction(1));
  PARCLASS_TRY(ppdev.Read(std::span(&result.address, 1)));
  PARCLASS_TRY(ppdev.Direction(0));
  PARCLASS_TRY(ppdev.Write(std::span(&start, 1)));
  PARCLASS_TRY(ppdev.SetMode(IEEE1284_MODE_EPP));  // Plain EPP: terminated with events 68-69.
  PARCLASS_TRY(ppdev.Direction(1));
  PARCLASS_TRY(ppdev.Read(result.data));
  PARCLASS_TRY(ppdev.Direction(0));
  PARCLASS_TRY(ppdev.Negotiate(IEEE1284_MODE_COMPAT));
  return result;
}

void EppStep(const KernelPort& port) {
  Mark("epp");
  const Result<EppResult> result = EppCycles(port.parport);
  Report(result ? fmt::format("@@EPP {:02x} {}", result->address, Hex(result->data))
                : fmt::format("@@EPP none ({})", result.error().Format()));
  Mark("epp-end");
}

// What ppdev answers a request it does not know, before and after PPCLAIM, and a terminal's
// TCGETS (what isatty() asks).
void UnknownIoctlStep(const KernelPort& port) {
  const RawPpdev ppdev(port.parport);
  if (const Result<void> opened = ppdev.Opened(); !opened) {
    Report(fmt::format("@@UNKNOWN-IOCTL none ({})", opened.error().Format()));
    return;
  }
  const int unclaimed = ppdev.IoctlErrno(kSimUnknownIoctl);
  if (const Result<void> claimed = ppdev.Claim(); !claimed) {
    Report(fmt::format("@@UNKNOWN-IOCTL none ({})", claimed.error().Format()));
    return;
  }
  const int claimed = ppdev.IoctlErrno(kSimUnknownIoctl);
  termios terminal{};
  const int tcgets = ppdev.IoctlErrno(TCGETS, &terminal);
  Report(fmt::format("@@UNKNOWN-IOCTL {} {} {}", ErrnoName(unclaimed), ErrnoName(claimed),
                     ErrnoName(tcgets)));
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
  EppStep(*port);
  UnknownIoctlStep(*port);
  LpJob(*port);
  return 0;
}

}  // namespace
}  // namespace parclass::qemu

int main() { return parclass::qemu::Main(); }
