#include "parclass/backends/ppdev.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <linux/parport.h>
#include <linux/ppdev.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/time.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <optional>
#include <stop_token>
#include <string_view>
#include <utility>
#include <vector>

#include "parclass/backends/kernel_phase.h"
#include "parclass/base/assert.h"
#include "parclass/base/printer_status.h"
#include "parclass/base/requests.h"
#include "parclass/hw/epp_regs.h"
#include "parclass/hw/spp_regs.h"

namespace parclass::backends {
namespace {

using std::chrono::duration_cast;
using std::chrono::microseconds;

// The IEEE1284_MODE_* for a request. The kernel's modes are the request bytes for the modes it
// negotiates, the Device ID flag included (IEEE1284_DEVICEID); it has no mode for bounded ECP's
// request, the extensibility link, or ECP with RLE and the Device ID.
std::optional<int> KernelModeOf(Ieee1284Request request) {
  const int device_id = request.device_id() ? IEEE1284_DEVICEID : 0;
  if (request.IsReverseChannel()) {
    return (request.mode() == RequestMode::kByte ? IEEE1284_MODE_BYTE : IEEE1284_MODE_NIBBLE) |
           device_id;
  }
  if (request == kEcpRequest || request == kEcpRequest.with_device_id()) {
    return IEEE1284_MODE_ECP | device_id;
  }
  if (request == kEcpRleRequest) return IEEE1284_MODE_ECPRLE;
  if (request == kEppRequest) return IEEE1284_MODE_EPP;
  return std::nullopt;
}

std::string_view KernelModeName(int mode) {
  switch (mode & ~(IEEE1284_DEVICEID | IEEE1284_ADDR)) {
    case IEEE1284_MODE_NIBBLE: return "nibble";
    case IEEE1284_MODE_BYTE: return "byte";
    case IEEE1284_MODE_COMPAT: return "compatibility";
    case IEEE1284_MODE_ECP: return "ECP";
    case IEEE1284_MODE_ECPRLE: return "ECP with RLE";
    case IEEE1284_MODE_EPP: return "EPP";
  }
  return "unknown";
}

constexpr std::array<std::pair<uint32_t, std::string_view>, 7> kModeNames{{
    {KernelModes::kPcSpp, "PCSPP"},
    {KernelModes::kTristate, "TRISTATE"},
    {KernelModes::kCompat, "COMPAT"},
    {KernelModes::kEpp, "EPP"},
    {KernelModes::kEcp, "ECP"},
    {KernelModes::kDma, "DMA"},
    {KernelModes::kSafeInInt, "SAFEININT"},
}};

// The control register's four line bits: all PPWCONTROL writes and PPRCONTROL reads. The other
// two it cannot write: ppdev keeps interrupts enabled while a client holds the port, and the
// direction bit has PPDATADIR.
constexpr uint8_t kLineBits = hw::Dcr::Get()
                                  .set_strobe(true)
                                  .set_auto_fd(true)
                                  .set_n_init(true)
                                  .set_select_in(true)
                                  .reg_value();

constexpr hw::RegisterAddress kEppAddress = hw::EppAddress::kAddress;
// The most ppdev's read() and write() move per call on a non-blocking file (PP_BUFFER_SIZE).
constexpr size_t kKernelChunk = 1024;

}  // namespace

std::string KernelModes::Format() const {
  std::vector<std::string_view> names;
  for (const auto& [mode, name] : kModeNames) {
    if (has(mode)) names.push_back(name);
  }
  return fmt::format("{}", fmt::join(names, ","));
}

Result<KernelModes> KernelModes::Parse(std::string_view text) {
  uint32_t bits = 0;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    std::string_view name = text.substr(0, comma);
    while (!name.empty() && (name.back() == '\n' || name.back() == ' ')) name.remove_suffix(1);
    const auto* known = std::find_if(kModeNames.begin(), kModeNames.end(),
                                     [&](const auto& entry) { return entry.second == name; });
    if (known == kModeNames.end()) {
      return Error(Errc::kInvalidArgument, fmt::format("unknown parport mode '{}'", name));
    }
    bits |= known->first;
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return KernelModes(bits);
}

Result<std::unique_ptr<PpdevPort>> PpdevPort::Open(Syscalls& os, Clock& clock,
                                                   PpdevOptions options) {
  std::unique_ptr<PpdevPort> port(new PpdevPort(os, clock, std::move(options)));
  port->gate_ = PARCLASS_TRY(InterruptGate::Create());
  PARCLASS_TRY(port->Claim());
  unsigned int modes = 0;
  const int got = os.Ioctl(port->fd_, PPGETMODES, &modes);
  if (got < 0) return port->OsError(-got, "PPGETMODES");
  port->modes_ = KernelModes(modes);
  return port;
}

// open() of the node, each failure said as its cause and fix.
Result<int> PpdevPort::OpenNode() {
  const int fd = os_.Open(options_.path, O_RDWR | O_NONBLOCK);
  if (fd >= 0) return fd;
  const std::string& path = options_.path;
  switch (-fd) {
    case ENOENT:
      return Error(Errc::kNoSuchDevice,
                   fmt::format("no {}: load ppdev (modprobe ppdev) and check the port's number "
                               "(ls /dev/parport*)",
                               path));
    case EACCES:
    case EPERM:
      return Error(Errc::kPermissionDenied,
                   fmt::format("{}: {}: add yourself to group lp (usermod -aG lp $USER, then log "
                               "in again) or run as root",
                               path, ErrnoName(-fd)));
    case ENXIO:
    case ENODEV:
      return Error(Errc::kNoSuchDevice,
                   fmt::format("{}: no parallel port behind it ({}): load the port's driver "
                               "(modprobe parport_pc)",
                               path, ErrnoName(-fd)));
  }
  return Error(Errc::kIoError, fmt::format("open {}: {}", path, ErrnoName(-fd)));
}

PpdevPort::PpdevPort(Syscalls& os, Clock& clock, PpdevOptions options)
    : os_(os),
      clock_(clock),
      options_(std::move(options)),
      mode_(IEEE1284_MODE_COMPAT),
      link_mode_(IEEE1284_MODE_COMPAT) {}

PpdevPort::~PpdevPort() { (void)Release(); }

Error PpdevPort::ClaimError(int error) const {
  if (error != ENXIO) return OsError(error, "PPCLAIM");
  if (options_.exclusive) {
    return {Errc::kPortBusy,
            fmt::format("{}: another driver or client is registered on the port (the "
                        "kernel's lp driver registers on every port): unload it (rmmod "
                        "lp) or open without exclusive access",
                        options_.path)};
  }
  return {Errc::kNoSuchDevice,
          fmt::format("{}: no parallel port behind it, or another client holds it "
                      "exclusively: load the port's driver (modprobe parport_pc)",
                      options_.path)};
}

Error PpdevPort::OsError(int error, std::string_view what) const {
  if (error == ENODEV || error == ENXIO) {
    return {Errc::kNotConnected,
            fmt::format("{}: {}: {}: the port went away (was its driver unloaded?)", options_.path,
                        what, ErrnoName(error))};
  }
  return {Errc::kIoError, fmt::format("{}: {}: {}", options_.path, what, ErrnoName(error))};
}

// A fresh file each time: registration happens at its first PPCLAIM (PPEXCL before it), and the
// kernel starts it in compatibility mode with the lines at their idle levels.
Result<void> PpdevPort::Claim() {
  if (claimed_) return {};
  if (fd_ < 0) fd_ = PARCLASS_TRY(OpenNode());
  // parclass clients queue here, outside the kernel: a PPCLAIM that waits sleeps holding ppdev's
  // one ioctl mutex, which would stop every other client's ioctls, the holder's too.
  const int locked = os_.Flock(fd_, LOCK_EX);
  if (locked < 0) return Closed(OsError(-locked, "flock"));
  if (options_.exclusive) {
    const int excl = os_.Ioctl(fd_, PPEXCL, nullptr);
    if (excl < 0) return Closed(OsError(-excl, "PPEXCL"));
  }
  const int claim = os_.Ioctl(fd_, PPCLAIM, nullptr);
  if (claim < 0) return Closed(ClaimError(-claim));
  claimed_ = true;
  return {};
}

// By close(), not PPRELEASE: a PPCLAIM that waits for the port sleeps holding ppdev's one ioctl
// mutex (pp_do_mutex in drivers/char/ppdev.c), so the holder's PPRELEASE would wait behind it
// for ever, while close() (pp_release) does not take that mutex.
Result<void> PpdevPort::Release() {
  if (fd_ < 0) return {};
  Result<void> terminated = claimed_ ? Terminate() : Result<void>();
  const int closed = os_.Close(fd_);
  fd_ = -1;
  claimed_ = false;
  mode_ = link_mode_ = IEEE1284_MODE_COMPAT;  // A new file starts there.
  control_ = hw::Dcr::Get();
  epp_timeout_ = false;
  if (closed < 0) return OsError(-closed, "close");
  return terminated;
}

Error PpdevPort::Closed(Error error) {
  (void)os_.Close(fd_);
  fd_ = -1;
  return error;
}

Result<int> PpdevPort::WaitForInterrupts(Nanoseconds timeout) {
  const auto milliseconds = std::chrono::ceil<std::chrono::milliseconds>(timeout).count();
  const int ready =
      os_.Poll(fd_, POLLIN, static_cast<int>(std::min<int64_t>(milliseconds, 1 << 30)));
  if (ready < 0) return OsError(-ready, "poll");
  if ((ready & POLLIN) == 0) return 0;
  int count = 0;
  const int cleared = os_.Ioctl(fd_, PPCLRIRQ, &count);
  if (cleared < 0) return OsError(-cleared, "PPCLRIRQ");
  return count;
}

// Out of poll() while the kernel's loops run: interrupt_gate.h says why.
Result<int> PpdevPort::WaitForInterrupts(const std::stop_token& stop) {
  const std::stop_callback kick_on_stop(stop, [this] { gate_->Kick(); });
  const std::optional<int> kick = gate_->EnterPoll(stop);
  if (!kick) return 0;
  const int ready = os_.PollOrWake(fd_, POLLIN, *kick);
  gate_->LeavePoll();
  if (ready < 0) return OsError(-ready, "poll");
  if ((ready & (POLLERR | POLLHUP | POLLNVAL)) != 0) return OsError(ENODEV, "poll");
  if ((ready & POLLIN) == 0) return 0;
  int count = 0;
  const int cleared = os_.Ioctl(fd_, PPCLRIRQ, &count);
  if (cleared < 0) return OsError(-cleared, "PPCLRIRQ");
  return count;
}

bool PpdevPort::Control(unsigned long request, void* argument, const char* name) {
  const int result = os_.Ioctl(fd_, request, argument);
  if (result >= 0) return true;
  RecordFailure(OsError(-result, name));
  return false;
}

// Registers.

uint8_t PpdevPort::DoRead(hw::RegisterAddress address) {
  PARCLASS_ASSERT(claimed_, "register access without the claim");
  if (address.block == hw::RegisterBlock::kEcp) return 0xff;  // ppdev cannot reach it.
  uint8_t value = 0xff;
  switch (address.offset) {
    case hw::Dsr::kAddress.offset:
      if (!Control(PPRSTATUS, &value, "PPRSTATUS")) return 0xff;
      // The timeout bit is the last EPP access's, which the kernel cleared behind it.
      return hw::Dsr::FromValue(value).set_epp_timeout(epp_timeout_).reg_value();
    case hw::Dcr::kAddress.offset:
      // The kernel's soft copy of the four line bits; the rest as this client set them.
      if (!Control(PPRCONTROL, &value, "PPRCONTROL")) return 0xff;
      return static_cast<uint8_t>((value & kLineBits) | control_.reg_value());
    case hw::Data::kAddress.offset:
      if (!Control(PPRDATA, &value, "PPRDATA")) return 0xff;
      return value;
  }
  std::array<uint8_t, 1> byte{0xff};
  EppTransfer(address == kEppAddress, byte, {});
  return byte[0];
}

void PpdevPort::DoWrite(hw::RegisterAddress address, uint8_t value) {
  PARCLASS_ASSERT(claimed_, "register access without the claim");
  if (address.block == hw::RegisterBlock::kEcp) return;
  switch (address.offset) {
    case hw::Dsr::kAddress.offset:
      epp_timeout_ = false;  // Chips clear the bit on a status write, of 1 or of 0.
      return;
    case hw::Dcr::kAddress.offset: {
      const hw::Dcr dcr = hw::Dcr::FromValue(value);
      if (dcr.direction() != control_.direction()) {
        int reverse = dcr.direction() ? 1 : 0;
        (void)Control(PPDATADIR, &reverse, "PPDATADIR");
      }
      control_ = hw::Dcr::Get().set_direction(dcr.direction()).set_ack_int_en(dcr.ack_int_en());
      uint8_t lines = value & kLineBits;
      (void)Control(PPWCONTROL, &lines, "PPWCONTROL");
      return;
    }
    case hw::Data::kAddress.offset: (void)Control(PPWDATA, &value, "PPWDATA"); return;
  }
  const std::array<uint8_t, 1> byte{value};
  EppTransfer(address == kEppAddress, {}, byte);
}

void PpdevPort::DoReadBlock(hw::RegisterAddress address, hw::Width width,
                            std::span<uint8_t> bytes) {
  if (address.block == hw::RegisterBlock::kBase && address.offset >= kEppAddress.offset) {
    EppTransfer(address == kEppAddress, bytes, {});
    return;
  }
  RegisterIo::DoReadBlock(address, width, bytes);
}

void PpdevPort::DoWriteBlock(hw::RegisterAddress address, hw::Width width,
                             std::span<const uint8_t> bytes) {
  if (address.block == hw::RegisterBlock::kBase && address.offset >= kEppAddress.offset) {
    EppTransfer(address == kEppAddress, {}, bytes);
    return;
  }
  RegisterIo::DoWriteBlock(address, width, bytes);
}

// The EPP registers through the kernel's EPP loops: read() or write() in EPP data or address mode
// moves the whole block, each cycle waiting for nWait. A short count is what the chip's timeout
// bit says on a real port, so it sets the timeout bit this backend shows in the DSR; bytes not
// read read as a floating bus.
void PpdevPort::EppTransfer(bool address, std::span<uint8_t> in, std::span<const uint8_t> out) {
  PARCLASS_ASSERT(claimed_, "register access without the claim");
  const size_t size = in.empty() ? out.size() : in.size();
  size_t done = 0;
  // No EPP on this port: the registers are not decoded, and nothing sets the timeout bit.
  if (modes_.has(KernelModes::kEpp) && SetMode(IEEE1284_MODE_EPP | (address ? IEEE1284_ADDR : 0))) {
    done = EppCycles(in, out);
    if (done < size) epp_timeout_ = true;
  }
  if (!in.empty()) std::fill(in.begin() + static_cast<ptrdiff_t>(done), in.end(), 0xff);
}

// Non-blocking, ppdev moves one KiB per call: the cycles go in chunks until one comes up short,
// which is where a cycle timed out.
size_t PpdevPort::EppCycles(std::span<uint8_t> in, std::span<const uint8_t> out) {
  const size_t size = in.empty() ? out.size() : in.size();
  size_t done = 0;
  while (done < size) {
    const size_t want = std::min(size - done, kKernelChunk);
    const ssize_t moved =
        in.empty() ? KernelWrite(out.data() + done, want) : KernelRead(in.data() + done, want);
    if (moved < 0 && moved != -EAGAIN) {
      RecordFailure(OsError(static_cast<int>(-moved), in.empty() ? "EPP write()" : "EPP read()"));
    }
    if (moved <= 0) break;
    done += static_cast<size_t>(moved);
    if (static_cast<size_t>(moved) < want) break;
  }
  return done;
}

// The kernel's loops.

ssize_t PpdevPort::KernelWrite(const uint8_t* bytes, size_t size) {
  const InterruptGate::Loop loop(*gate_);
  return os_.Write(fd_, bytes, size);
}

ssize_t PpdevPort::KernelRead(uint8_t* buffer, size_t size) {
  const InterruptGate::Loop loop(*gate_);
  return os_.Read(fd_, buffer, size);
}

int PpdevPort::KernelNegotiate(int mode) {
  const InterruptGate::Loop loop(*gate_);
  return os_.Ioctl(fd_, PPNEGOT, &mode);
}

bool PpdevPort::SetMode(int mode) {
  if (mode_ == mode) return true;
  if (!Control(PPSETMODE, &mode, "PPSETMODE")) return false;
  mode_ = mode;
  return true;
}

Result<void> PpdevPort::Negotiate(Ieee1284Request request) {
  const std::optional<int> mode = KernelModeOf(request);
  if (!mode) {
    return Error(
        Errc::kNotSupported,
        fmt::format("the kernel has no IEEE 1284 mode for request 0x{:02x}", request.byte()));
  }
  // The kernel starts from the mode it believes the port is in: the link's.
  if (!SetMode(link_mode_)) return *failure();
  const int result = KernelNegotiate(*mode);
  if (result == -EIO) {
    return Error(Errc::kNotIeee1284,
                 fmt::format("the peripheral did not answer negotiation for {} (request 0x{:02x}): "
                             "not an IEEE 1284 device, or off-line",
                             KernelModeName(*mode), request.byte()))
        .set_phase(Phase::kNegotiation)
        .set_event(2);
  }
  if (result == -ENXIO) {
    link_mode_ = mode_ = IEEE1284_MODE_COMPAT;  // The kernel terminated.
    return Error(Errc::kRejected, fmt::format("the peripheral refused {} (request 0x{:02x})",
                                              KernelModeName(*mode), request.byte()))
        .set_phase(Phase::kNegotiation)
        .set_event(5);
  }
  if (result < 0) return OsError(-result, "PPNEGOT");
  link_mode_ = mode_ = *mode;
  return {};
}

Result<void> PpdevPort::Terminate() {
  if (link_mode_ == IEEE1284_MODE_COMPAT) return {};
  if (!SetMode(link_mode_)) return *failure();
  const int result = KernelNegotiate(IEEE1284_MODE_COMPAT);
  link_mode_ = mode_ = IEEE1284_MODE_COMPAT;  // Whatever the peripheral did, as Link does.
  if (result < 0) return OsError(-result, "PPNEGOT(compatibility)");
  return {};
}

Result<size_t> PpdevPort::Write(std::span<const uint8_t> bytes, Deadline deadline) {
  PARCLASS_ASSERT(claimed_, "transfer without the claim");
  if (!SetMode(link_mode_)) return *failure();
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t wrote = KernelWrite(bytes.data() + done, bytes.size() - done);
    if (wrote > 0) {
      done += static_cast<size_t>(wrote);
      continue;
    }
    if (wrote < 0 && wrote != -EAGAIN) {
      return OsError(static_cast<int>(-wrote), "write()").set_bytes_done(done);
    }
    // Nothing taken within the kernel's jiffy.
    if (std::optional<Error> stopped = PeripheralStopped(done)) return *stopped;
    if (deadline.PassedAt(clock_.Now())) {
      return Error(Errc::kTimeout,
                   fmt::format("the peripheral stopped taking bytes ({} write() in the kernel)",
                               KernelModeName(link_mode_)))
          .set_phase(Phase::kForwardTransfer)
          .set_bytes_done(done);
    }
  }
  return done;
}

// After a chunk that moved nothing: the printer's reason, if its status lines give one (only
// compatibility mode gives them that meaning).
std::optional<Error> PpdevPort::PeripheralStopped(size_t done) {
  uint8_t status = 0;
  if (link_mode_ != IEEE1284_MODE_COMPAT || !Control(PPRSTATUS, &status, "PPRSTATUS")) {
    return std::nullopt;
  }
  const LineLevels lines = hw::Dsr::FromValue(status).lines();
  if (PrinterHealthy(lines)) return std::nullopt;
  return PrinterComplaint(lines).set_phase(Phase::kForwardIdle).set_bytes_done(done);
}

// read() in the link's mode until the buffer is full or the peripheral has no more data (EAGAIN:
// the file is non-blocking), which is 0 bytes here, as the engine's reads give.
Result<size_t> PpdevPort::Read(std::span<uint8_t> buffer, Deadline deadline) {
  PARCLASS_ASSERT(claimed_, "transfer without the claim");
  if (!SetMode(link_mode_)) return *failure();
  size_t done = 0;
  while (done < buffer.size() && !deadline.PassedAt(clock_.Now())) {
    const ssize_t got = KernelRead(buffer.data() + done, buffer.size() - done);
    if (got == -EAGAIN || got == 0) break;
    if (got < 0) return OsError(static_cast<int>(-got), "read()").set_bytes_done(done);
    done += static_cast<size_t>(got);
  }
  return done;
}

Result<void> PpdevPort::SetPhase(Phase phase) {
  int linux_phase = ToInt(KernelPhaseOf(phase));
  const int set = os_.Ioctl(fd_, PPSETPHASE, &linux_phase);
  if (set < 0) return OsError(-set, "PPSETPHASE");
  return {};
}

}  // namespace parclass::backends
