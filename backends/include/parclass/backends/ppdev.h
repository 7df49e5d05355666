// PpdevPort: a parallel port reached through Linux ppdev (/dev/parportN).
//
// Registers map to ppdev's ioctls: data to PPRDATA/PPWDATA, status to PPRSTATUS, the control
// lines to PPWCONTROL/PPRCONTROL and the direction bit to PPDATADIR. The EPP registers (base+3..7)
// are ppdev's read() and write() in EPP address or data mode, a whole block in one call. ppdev
// gives no access to the ECP block (FIFO, cnfgA/B, ECR): it reads as a floating bus and takes no
// writes, so detection finds no ECR, and ECP goes through the kernel's loops instead (KernelLink).
//
// The kernel's loops: Negotiate is PPNEGOT, Terminate is PPNEGOT to compatibility mode, Write and
// Read are write() and read() in the negotiated mode. The file is non-blocking, so each call moves
// up to one KiB (ppdev's chunk) and waits at most a jiffy for a handshake: about one system call
// per KiB, and the caller's deadline is looked at between chunks. (A blocking read() loops in the
// kernel until the peripheral has data, for ever if it never does; and PPSETTIME would not bound
// a blocking write(), as ppdev puts back the timeout it had at PPCLAIM around every transfer.)
//
// Ownership is ppdev's: Open registers with the kernel's parport layer and claims the port
// (PPCLAIM, waiting while another client holds it); Release and Claim give it up (by closing the
// file) and take it back, which is how two processes share one port. Register accesses need the
// claim. A PPCLAIM that waits sleeps holding ppdev's single ioctl mutex (pp_do_mutex, in
// drivers/char/ppdev.c), which stops every ppdev ioctl on the machine, the holder's PPRELEASE
// included, until the claim is granted. So parclass clients queue before PPCLAIM on an advisory
// lock of the node (flock), and give the port up by closing the file, which takes no mutex.
//
//   Result<std::unique_ptr<PpdevPort>> opened = PpdevPort::Open(SystemSyscalls(), clock,
//                                                                {.path = "/dev/parport0"});
//   PpdevPort& ppdev = **opened;
//   Port::Start(ppdev, clock, {...});           // parclass drives the registers
//   ppdev.Write(bytes, deadline);               // the kernel's compatibility loop
//   ppdev.kernel_modes().Format();              // "PCSPP,TRISTATE,EPP"
//
// Errors name the cause and the fix: kNoSuchDevice (no such node, or no port behind it),
// kPermissionDenied (join group lp), kPortBusy (an exclusive open where another driver, such as
// the kernel's lp, has registered on the port).
//
// An ioctl that fails once the port is open (the module was unloaded under us, say) cannot be
// returned through RegisterIo: the read gives 0xff, as a vanished port's floating bus does, and
// the failure is kept in failure() for the caller to report.

#ifndef PARCLASS_BACKENDS_PPDEV_H_
#define PARCLASS_BACKENDS_PPDEV_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stop_token>
#include <string>

#include "parclass/backends/interrupt_gate.h"
#include "parclass/backends/syscalls.h"
#include "parclass/base/clock.h"
#include "parclass/base/result.h"
#include "parclass/hw/kernel_link.h"
#include "parclass/hw/register_io.h"
#include "parclass/hw/spp_regs.h"

namespace parclass::backends {

// The PARPORT_MODE_* flags PPGETMODES returns: what the kernel's port driver found the chip can
// do.
class KernelModes {
 public:
  static constexpr uint32_t kPcSpp = 1 << 0;
  static constexpr uint32_t kTristate = 1 << 1;
  static constexpr uint32_t kEpp = 1 << 2;
  static constexpr uint32_t kEcp = 1 << 3;
  static constexpr uint32_t kCompat = 1 << 4;
  static constexpr uint32_t kDma = 1 << 5;
  static constexpr uint32_t kSafeInInt = 1 << 6;

  constexpr KernelModes() = default;
  constexpr explicit KernelModes(uint32_t bits) : bits_(bits) {}
  constexpr uint32_t bits() const { return bits_; }
  constexpr bool has(uint32_t mode) const { return (bits_ & mode) == mode; }
  // As the kernel prints them in /proc/sys/dev/parport/*/modes: "PCSPP,TRISTATE,EPP".
  std::string Format() const;
  // The kernel's "modes" text back into flags; unknown names are kInvalidArgument.
  static Result<KernelModes> Parse(std::string_view text);

 private:
  uint32_t bits_ = 0;
};

struct PpdevOptions {
  std::string path = "/dev/parport0";
  // PPEXCL: the port is this client's alone; refused while any other driver (the kernel's lp
  // registers on every port it finds) or client is registered on it.
  bool exclusive = false;
};

class PpdevPort final : public hw::RegisterIo, public hw::KernelLink {
 public:
  // Opens and claims the port. `clock` bounds the kernel's loops by the callers' deadlines.
  static Result<std::unique_ptr<PpdevPort>> Open(Syscalls& os, Clock& clock, PpdevOptions options);
  ~PpdevPort() override;  // Back to compatibility mode if need be, release, close.
  PpdevPort(const PpdevPort&) = delete;
  PpdevPort& operator=(const PpdevPort&) = delete;

  const std::string& path() const { return options_.path; }
  KernelModes kernel_modes() const { return modes_; }
  bool claimed() const { return claimed_; }
  // Hand the port to other clients and take it back (waits while another holds it). Release
  // closes the file and Claim opens a new one (ppdev.cc says why not PPRELEASE); the link is in
  // compatibility mode across a release.
  Result<void> Release();
  Result<void> Claim();

  // Interrupts the port raised since the last call (PPCLRIRQ), waiting up to `timeout` for the
  // first one (poll). For the thread that also runs the transfers, or none.
  Result<int> WaitForInterrupts(Nanoseconds timeout);
  // The same without a timeout, for a thread of its own beside the port's user (the descriptor
  // stays the same until Release), which is how system::InterruptSource delivers ppdev's
  // interrupts: waits until the port interrupts, or returns 0 once `stop` is requested or when
  // the wait was cut short. While the kernel's loops run on the file (Write, Read, Negotiate,
  // Terminate, the EPP registers) it does not wait in poll(): a thread woken there on every nAck
  // slows the kernel's compatibility loop to 10 ms a byte (interrupt_gate.h); interrupts that
  // come meanwhile are counted by the kernel and returned after the loop's system call. Errors:
  // the poll's or PPCLRIRQ's (kNotConnected when the node vanished).
  Result<int> WaitForInterrupts(const std::stop_token& stop);

  Syscalls& os() { return os_; }

  // RegisterIo's accesses beside KernelLink's transfers of the same names.
  using hw::RegisterIo::Read;
  using hw::RegisterIo::Write;

  // KernelLink.
  Result<void> Negotiate(Ieee1284Request request) override;
  Result<void> Terminate() override;
  Result<size_t> Write(std::span<const uint8_t> bytes, Deadline deadline) override;
  Result<size_t> Read(std::span<uint8_t> buffer, Deadline deadline) override;
  Result<void> SetPhase(Phase phase) override;

 protected:
  uint8_t DoRead(hw::RegisterAddress address) override;
  void DoWrite(hw::RegisterAddress address, uint8_t value) override;
  // A block on an EPP register is one read() or write() in the kernel's EPP data or address
  // mode (EppTransfer); any other block is single accesses, as RegisterIo does by default.
  void DoReadBlock(hw::RegisterAddress address, hw::Width width, std::span<uint8_t> bytes) override;
  void DoWriteBlock(hw::RegisterAddress address, hw::Width width,
                    std::span<const uint8_t> bytes) override;

 private:
  PpdevPort(Syscalls& os, Clock& clock, PpdevOptions options);
  Result<int> OpenNode();
  // Closes the file after a failed claim; returns `error`.
  Error Closed(Error error);

  // One ioctl; a failure is kept as RegisterIo::failure() (register accesses cannot return it).
  bool Control(unsigned long request, void* argument, const char* name);
  Error OsError(int error, std::string_view what) const;
  // PPCLAIM's failure: ENXIO there means a driver registered exclusively, or no port.
  Error ClaimError(int error) const;
  // PPSETMODE, if the kernel's mode is not `mode` already.
  bool SetMode(int mode);
  // After a write() chunk that moved nothing: why, if the peripheral says (paper out, off-line,
  // fault), as kPeripheralError; else nothing.
  std::optional<Error> PeripheralStopped(size_t done);
  // The EPP registers: one read() or write() in EPP address or data mode.
  void EppTransfer(bool address, std::span<uint8_t> in, std::span<const uint8_t> out);
  size_t EppCycles(std::span<uint8_t> in, std::span<const uint8_t> out);
  // The system calls that run the kernel's IEEE 1284 loops, each with the interrupt waiter out
  // of poll() (gate_).
  ssize_t KernelWrite(const uint8_t* bytes, size_t size);
  ssize_t KernelRead(uint8_t* buffer, size_t size);
  int KernelNegotiate(int mode);

  Syscalls& os_;
  Clock& clock_;
  const PpdevOptions options_;
  int fd_ = -1;  // Open while claimed.
  KernelModes modes_;
  bool claimed_ = false;
  int mode_;       // The IEEE1284_MODE_* the kernel's read() and write() use now.
  int link_mode_;  // The mode negotiated through KernelLink: the link's.
  // Direction and ackIntEn as last written, which PPWCONTROL cannot set: what this backend has
  // told the kernel (PPDATADIR), not a soft copy of the port's (hw::PortRegisters has that).
  hw::Dcr control_;
  bool epp_timeout_ = false;             // The DSR's EPP timeout bit, from the last EPP access.
  std::unique_ptr<InterruptGate> gate_;  // Between the kernel's loops and the interrupt waiter.
};

}  // namespace parclass::backends

#endif  // PARCLASS_BACKENDS_PPDEV_H_
