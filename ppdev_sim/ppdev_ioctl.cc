// PpdevEmulator: ioctl, as ppdev's pp_do_ioctl answers it (drivers/char/ppdev.c): first the
// commands that need no claim, then "claim the port first", then the rest. An argument pointer
// the kernel could not copy from or to (null here) is -EFAULT.

#include <fcntl.h>
#include <linux/ppdev.h>
#include <sys/ioctl.h>
#include <sys/time.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "kernel_port.h"
#include "parclass/ppdev_sim/ppdev_emulator.h"
#include "ppdev_file.h"

namespace parclass::ppdev_sim {
namespace {

using detail::File;
using detail::KernelPort;

// ppdev.c's fixed-size forms of PPGETTIME and PPSETTIME (y2038): PPGETTIME and PPSETTIME as
// user space spells them are the 64-bit ones on a 64-bit machine, struct timeval being two longs.
constexpr uint32_t kGetTime32 = _IOR(PP_IOCTL, 0x95, int32_t[2]);
constexpr uint32_t kSetTime32 = _IOW(PP_IOCTL, 0x96, int32_t[2]);
constexpr uint32_t kGetTime64 = _IOR(PP_IOCTL, 0x95, int64_t[2]);
constexpr uint32_t kSetTime64 = _IOW(PP_IOCTL, 0x96, int64_t[2]);
static_assert(sizeof(timeval) != sizeof(int64_t[2]) || PPGETTIME == kGetTime64);
static_assert(sizeof(timeval) != sizeof(int64_t[2]) || PPSETTIME == kSetTime64);

template <typename T>
bool CopyIn(const void* argument, T& value) {
  if (argument == nullptr) return false;
  std::memcpy(&value, argument, sizeof value);
  return true;
}

template <typename T>
int CopyOut(void* argument, const T& value) {
  if (argument == nullptr) return -EFAULT;
  std::memcpy(argument, &value, sizeof value);
  return 0;
}

// init_phase: nibble and byte modes start in reverse idle, every other mode in forward idle.
int InitPhase(int mode) {
  switch (mode & ~(IEEE1284_DEVICEID | IEEE1284_ADDR)) {
    case IEEE1284_MODE_NIBBLE:
    case IEEE1284_MODE_BYTE: return ToInt(KernelPhase::kRevIdle);
    default: return ToInt(KernelPhase::kFwdIdle);
  }
}

}  // namespace

int PpdevEmulator::DoIoctl(int fd, unsigned long request, void* argument) {
  const MutexLock lock(mutex_);
  if (const std::optional<int> error = TakeInjected(Call::kIoctl, request)) return *error;
  int error = 0;
  const FilePtr file = FindFile(fd, &error);
  if (!file) return error;
  // The kernel's ioctl takes the command as an unsigned int.
  const auto command = static_cast<uint32_t>(request);
  if (const std::optional<int> result = VfsIoctl(*file, command, argument)) return *result;
  const int result = IoctlLocked(file, command, argument);
  file->port->ServiceInterrupts();
  FinishIfClosed(file);
  return result;
}

std::optional<int> PpdevEmulator::VfsIoctl(File& file, uint32_t command, void* argument) {
  // do_vfs_ioctl (fs/ioctl.c) answers these for every file before the driver sees a command.
  int on = 0;
  switch (command) {
    case FIOCLEX: file.close_on_exec = true; return 0;
    case FIONCLEX: file.close_on_exec = false; return 0;
    case FIONBIO:
      if (!CopyIn(argument, on)) return -EFAULT;
      file.status_flags =
          on != 0 ? file.status_flags | O_NONBLOCK : file.status_flags & ~O_NONBLOCK;
      return 0;
    case FIOASYNC:
      // ioctl_fioasync: ppdev has no fasync, so changing the flag is -ENOTTY.
      if (!CopyIn(argument, on)) return -EFAULT;
      return ((on != 0) == ((file.status_flags & O_ASYNC) != 0)) ? 0 : -ENOTTY;
    case FIOQSIZE: return -ENOTTY;  // Regular files, directories and links only.
    default: return std::nullopt;
  }
}

int PpdevEmulator::IoctlLocked(const FilePtr& file, uint32_t command, void* argument) {
  if (const std::optional<int> result = UnclaimedIoctl(file, command, argument)) {
    return *result;
  }
  // "Everything else requires the port to be claimed".
  if (!file->claimed) return -EINVAL;
  return ClaimedIoctl(file, command, argument);
}

std::optional<int> PpdevEmulator::UnclaimedIoctl(const FilePtr& file, uint32_t command,
                                                 void* argument) {
  switch (command) {
    case PPCLAIM: return Claim(file);
    case PPEXCL: return Exclusive(*file);
    default: return ModeIoctl(*file, command, argument);
  }
}

std::optional<int> PpdevEmulator::ModeIoctl(File& file, uint32_t command, void* argument) {
  // The port's mode and phase while this file holds it, the file's own otherwise.
  const detail::Ieee1284Info& current = file.claimed ? file.port->info() : file.state;
  int value = 0;
  switch (command) {
    case PPSETMODE: return SetMode(file, argument);
    case PPGETMODE: return CopyOut(argument, current.mode);
    case PPSETPHASE:
      if (!CopyIn(argument, value)) return -EFAULT;
      file.state.phase = value;  // "FIXME: validate phase": any int is taken.
      if (file.claimed) file.port->info().phase = value;
      return 0;
    case PPGETPHASE: return CopyOut(argument, current.phase);
    case PPGETMODES: return CopyOut(argument, file.port->modes());  // unsigned int.
    case PPSETFLAGS:
      if (!CopyIn(argument, value)) return -EFAULT;
      file.user_flags = value & PP_FLAGMASK;
      return 0;
    case PPGETFLAGS: return CopyOut(argument, file.user_flags);
    default: return std::nullopt;
  }
}

int PpdevEmulator::ClaimedIoctl(const FilePtr& file, uint32_t command, void* argument) {
  File& f = *file;
  if (const std::optional<int> result = RegisterIoctl(f, command, argument)) return *result;
  if (const std::optional<int> result = TimeIoctl(f, command, argument)) return *result;
  uint8_t control = 0;
  switch (command) {
    case PPYIELD: return Yield(file);
    case PPRELEASE: Release(f); return 0;
    case PPNEGOT: return Negotiate(f, argument);
    case PPWCTLONIRQ:
      // "Remember what to set the control lines to, for next time we get an interrupt."
      if (!CopyIn(argument, control)) return -EFAULT;
      f.pdev->irq_control = control;
      f.pdev->irq_response = true;
      return 0;
    case PPCLRIRQ: return ClearInterrupts(f, argument);
    // pp_do_ioctl's default ("What? (cmd=0x%x)") is -EINVAL, claimed or not; not the -ENOTTY an
    // unknown ioctl gets elsewhere. The kernel source decides.
    default: return -EINVAL;
  }
}

std::optional<int> PpdevEmulator::RegisterIoctl(File& file, uint32_t command, void* argument) {
  KernelPort& port = *file.port;
  uint8_t value = 0;
  ppdev_frob_struct frob{};
  int direction = 0;
  switch (command) {
    case PPRSTATUS: return CopyOut(argument, port.ReadStatus());  // The raw status register.
    case PPRDATA: return CopyOut(argument, port.ReadData());
    case PPRCONTROL: return CopyOut(argument, port.ReadControl());  // The soft copy, bits 0-3.
    case PPWCONTROL:
      if (!CopyIn(argument, value)) return -EFAULT;
      port.WriteControl(value);
      return 0;
    case PPWDATA:
      if (!CopyIn(argument, value)) return -EFAULT;
      port.WriteData(value);
      return 0;
    case PPFCONTROL:
      if (!CopyIn(argument, frob)) return -EFAULT;
      port.FrobControl(frob.mask, frob.val);
      return 0;
    case PPDATADIR:
      if (!CopyIn(argument, direction)) return -EFAULT;
      direction != 0 ? port.DataReverse() : port.DataForward();
      return 0;
    default: return std::nullopt;
  }
}

std::optional<int> PpdevEmulator::TimeIoctl(File& file, uint32_t command, void* argument) {
  int32_t time32[2] = {};
  int64_t time64[2] = {};
  switch (command) {
    case kSetTime32:
      if (!CopyIn(argument, time32)) return -EFAULT;
      return SetTime(file, time32[0], time32[1]);
    case kSetTime64:
      if (!CopyIn(argument, time64)) return -EFAULT;
      return SetTime(file, time64[0], time64[1]);
    case kGetTime32: {
      const std::array<int64_t, 2> time = Timeout(file);
      return CopyOut(argument, std::array<int32_t, 2>{static_cast<int32_t>(time[0]),
                                                      static_cast<int32_t>(time[1])});
    }
    case kGetTime64: return CopyOut(argument, Timeout(file));
    default: return std::nullopt;
  }
}

int PpdevEmulator::Exclusive(File& file) {
  // PPEXCL: before registration, remember to register exclusively. After it: "too late for
  // PPEXCL; already registered", which is "not really an error" if it already was exclusive.
  if (file.pdev) return file.exclusive ? 0 : -EINVAL;
  file.exclusive = true;
  return 0;
}

int PpdevEmulator::SetMode(File& file, void* argument) {
  // PPSETMODE: "FIXME: validate mode": any int is taken, with init_phase's phase; the port's too
  // while this file holds it.
  int mode = 0;
  if (!CopyIn(argument, mode)) return -EFAULT;
  file.state.mode = mode;
  file.state.phase = InitPhase(mode);
  if (file.claimed) file.port->info() = file.state;
  return 0;
}

int PpdevEmulator::Negotiate(File& file, void* argument) {
  // PPNEGOT: parport_negotiate's -1 (no event 2: not IEEE 1284) is -EIO, its 1 (refused) -ENXIO;
  // anything else (0, -ENOSYS for bounded ECP) as it is.
  int mode = 0;
  if (!CopyIn(argument, mode)) return -EFAULT;
  int result = file.port->Negotiate(mode);
  if (result == -1) result = -EIO;
  if (result == 1) result = -ENXIO;
  file.port->EnableIrq();  // pp_enable_irq.
  return result;
}

int PpdevEmulator::ClearInterrupts(File& file, void* argument) {
  // PPCLRIRQ: the count is returned and then taken off, so that interrupts counted meanwhile
  // stay counted.
  const int count = file.pdev->irq_count;
  if (const int error = CopyOut(argument, count); error != 0) return error;
  file.pdev->irq_count -= count;
  return 0;
}

int PpdevEmulator::SetTime(File& file, int64_t seconds, int64_t microseconds) const {
  // PPSETTIME: negative fields are -EINVAL; pp_set_timeout takes the microseconds as an int,
  // rounds them up to jiffies (usecs_to_jiffies), and refuses a total of zero jiffies.
  const auto usec = static_cast<int>(microseconds);
  if (seconds < 0 || usec < 0) return -EINVAL;
  if (seconds > (int64_t{1} << 31)) return -EINVAL;  // Beyond any jiffies count: overflow.
  const int64_t hz = options_.hz;
  const int64_t jiffies = (int64_t{usec} * hz + 999'999) / 1'000'000 + seconds * hz;
  if (jiffies <= 0) return -EINVAL;
  file.pdev->timeout = static_cast<long>(jiffies);
  return 0;
}

std::array<int64_t, 2> PpdevEmulator::Timeout(const File& file) const {
  // PPGETTIME: jiffies_to_timespec64(pdev->timeout), microseconds truncated.
  const int64_t jiffies = file.pdev->timeout;
  const int64_t hz = options_.hz;
  return {jiffies / hz, (jiffies % hz) * 1'000'000 / hz};
}

}  // namespace parclass::ppdev_sim
