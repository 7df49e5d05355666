// KernelPort: one parallel port as Linux's parport layer sees it, over a simulated port. Private to
// ppdev_sim.
//
// Three kernel layers in one object, each part citing the code it follows:
//   parport_pc (include/linux/parport_pc.h, drivers/parport/parport_pc.c): the registers, the soft
//     copy of the control register and its writable bits, the state saved per device, the modes
//     probing finds, the EPP loops;
//   parport's sharing (drivers/parport/share.c): registration, claim, release and the waiters;
//   IEEE 1284 (drivers/parport/ieee1284.c, ieee1284_ops.c): negotiation and the transfers, run by
//     parclass's ieee1284::Link on a HostPort over the simulated chip.
//
// The Link moves the lines; the kernel's bookkeeping (port->ieee1284.mode and .phase, which
// ppdev's ioctls read and write) is kept here as the kernel keeps it. Where user space makes the
// two disagree (PPSETMODE to a mode never negotiated, say), transfers follow the Link: they never
// drive a handshake the peripheral is not in, and move nothing instead.
//
//   KernelPort port(simulated, NodeOptions{}, /*hz=*/250);
//   Pardevice dev = port.NewDevice(/*exclusive=*/false);
//   port.Register(dev.exclusive);
//   port.Claim(dev);                       // restores dev.state into the registers
//   port.Negotiate(IEEE1284_MODE_NIBBLE);  // 0, -1 (not IEEE 1284), 1 (rejected)
//   port.Read(buffer, transfer);           // parport_read

#ifndef PARCLASS_PPDEV_SIM_KERNEL_PORT_H_
#define PARCLASS_PPDEV_SIM_KERNEL_PORT_H_

#include <linux/parport.h>
#include <sys/types.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <span>

#include "parclass/backends/wakeup.h"
#include "parclass/hw/epp_regs.h"
#include "parclass/hw/register_io.h"
#include "parclass/hw/spp_regs.h"
#include "parclass/ieee1284/host_port.h"
#include "parclass/ieee1284/link.h"
#include "parclass/ppdev_sim/ppdev_emulator.h"
#include "parclass/sim/simulated_port.h"

namespace parclass::ppdev_sim::detail {

// Control register bits as parport_pc names them (PARPORT_CONTROL_* in linux/parport.h, and the
// two it spells as numbers: 0x10 ackIntEn, 0x20 direction).
inline constexpr uint8_t kControlMask =
    PARPORT_CONTROL_STROBE | PARPORT_CONTROL_AUTOFD | PARPORT_CONTROL_INIT | PARPORT_CONTROL_SELECT;
inline constexpr uint8_t kAckIntEn = 0x10;
inline constexpr uint8_t kDirection = 0x20;

// PARPORT_INACTIVITY_O_NONBLOCK (include/linux/parport.h): the timeout of an O_NONBLOCK transfer.
inline constexpr long kInactivityNonBlocking = 1;  // Jiffies.

// struct parport_state's PC part: what parport_pc saves for a device at release and restores at
// claim (parport_pc_save_state, parport_pc_restore_state).
struct SavedRegisters {
  uint8_t ctr = 0;
  uint8_t ecr = 0;
};

// port->ieee1284: the mode and phase the kernel believes the link is in.
struct Ieee1284Info {
  int mode = IEEE1284_MODE_COMPAT;
  int phase = ToInt(KernelPhase::kFwdIdle);
};

// A registered device (struct pardevice), with ppdev's interrupt state (pp_struct's irqc,
// irqresponse, irqctl), which the port's interrupt handler updates for the device holding it.
struct Pardevice {
  bool exclusive = false;
  SavedRegisters state;       // dev->state.
  long timeout = 0;           // dev->timeout, jiffies.
  Nanoseconds claimed_at{0};  // dev->time.
  int irq_count = 0;          // pp->irqc.
  bool irq_response = false;  // pp->irqresponse.
  uint8_t irq_control = 0;    // pp->irqctl.
  // pp->irq_wait: woken on each interrupt counted and when the port vanishes, for a poll that
  // waits beside a descriptor of the machine's (PpdevEmulator::DoPollOrWake). Made by that poll.
  std::shared_ptr<const backends::Wakeup> irq_wait;
};

// How a transfer runs: pp_read and pp_write set the device's timeout from O_NONBLOCK.
struct Transfer {
  Nanoseconds inactivity;
  bool nonblocking = false;  // The timeout is O_NONBLOCK's: no FIFO (parport_pc falls back).
};

// Which EPP register a transfer uses (IEEE1284_ADDR in the mode).
enum class EppRegister : uint8_t { kData, kAddress };

// How parport_pc's EPP loops reach the register: a byte at a time with the timeout bit read after
// each, or, with ppdev's PP_FASTREAD or PP_FASTWRITE, the whole buffer in one string access
// (insb/outsb) and the timeout bit once at the end.
enum class EppAccess : uint8_t { kByteByByte, kFast };

class KernelPort {
 public:
  KernelPort(sim::SimulatedPort& port, NodeOptions options, int hz);
  ~KernelPort();
  KernelPort(const KernelPort&) = delete;
  KernelPort& operator=(const KernelPort&) = delete;

  sim::SimulatedPort& sim() { return sim_; }
  sim::Scheduler& scheduler() { return sim_.scheduler(); }
  const NodeOptions& options() const { return options_; }
  unsigned modes() const { return modes_; }  // port->modes, PARPORT_MODE_*.
  bool has_irq() const { return sim_.chip().config().irq.has_value(); }
  Ieee1284Info& info() { return info_; }
  bool vanished() const { return vanished_; }
  void set_vanished() { vanished_ = true; }
  Nanoseconds Jiffies(long count) const;

  // Sharing (share.c). Register: parport_register_dev_model's refusals. Claim: parport_claim,
  // which restores the device's registers or queues it as a waiter. Release hands the port to the
  // longest waiter, as parport_release does.
  Pardevice NewDevice(bool exclusive) const;
  bool Register(bool exclusive);
  void Unregister(Pardevice& dev);
  bool Claim(Pardevice& dev);
  void Release(Pardevice& dev);
  const Pardevice* holder() const { return cad_; }
  size_t waiters() const { return waiters_.size(); }
  bool HasWaiters() const { return !waiters_.empty(); }

  // parport_pc's register operations.
  uint8_t ReadStatus() { return io_.Read(hw::Dsr::kAddress); }
  uint8_t ReadData() { return io_.Read(hw::Data::kAddress); }
  void WriteData(uint8_t value) { io_.Write(hw::Data::kAddress, value); }
  uint8_t ReadControl() const { return registers_.control().reg_value() & kControlMask; }
  void WriteControl(uint8_t value);
  void FrobControl(uint8_t mask, uint8_t value);
  void DataForward() { FrobRaw(kDirection, 0); }
  void DataReverse() { FrobRaw(kDirection, kDirection); }
  void EnableIrq() { FrobRaw(kAckIntEn, kAckIntEn); }

  // IEEE 1284 (kernel_transfer.cc).
  int Negotiate(int mode);
  ssize_t Write(std::span<const uint8_t> bytes, const Transfer& transfer);
  ssize_t Read(std::span<uint8_t> buffer, const Transfer& transfer);
  ssize_t EppWrite(std::span<const uint8_t> bytes, EppRegister reg, EppAccess access);
  ssize_t EppRead(std::span<uint8_t> buffer, EppRegister reg, EppAccess access);

  // Interrupts. The chip's handler only counts and notes what is to be done; register work waits
  // for a safe point (ServiceInterrupts), since the handler runs inside the scheduler's events.
  bool interrupt_work_pending() const { return ack_pending_ || control_pending_.has_value(); }
  void ServiceInterrupts();
  // Lets virtual time run until `until`, or until `stop` holds; interrupts are serviced.
  void RunUntil(Nanoseconds until, const std::function<bool()>& stop);

 private:
  void FrobRaw(uint8_t mask, uint8_t value);
  void WriteCtr(uint8_t ctr);
  SavedRegisters SaveState();
  void RestoreState(const SavedRegisters& state);
  void SetChipMode(hw::EcrMode mode);
  void GrantTo(Pardevice& dev);
  void OnInterrupt();
  void AckDataAvailable();

  // Transfers (kernel_transfer.cc).
  void Terminate();
  int NegotiationFailed(const Error& error);
  ssize_t WriteCompat(std::span<const uint8_t> bytes, const Transfer& transfer);
  // `mode`: IEEE1284_MODE_ECP, ECPRLE or ECPSWE (software only).
  ssize_t WriteEcp(std::span<const uint8_t> bytes, int mode, bool address,
                   const Transfer& transfer);
  ssize_t ReadReverse(std::span<uint8_t> buffer, int mode, const Transfer& transfer);
  ssize_t ReadEcp(std::span<uint8_t> buffer, const Transfer& transfer);
  ssize_t EppSoftware(std::span<uint8_t> in, std::span<const uint8_t> out, bool address,
                      const Transfer& transfer);
  ssize_t ReadCompat(std::span<uint8_t> buffer, const Transfer& transfer);
  void EndReverse();
  bool ClearEppTimeout();
  size_t EppLoop(std::span<uint8_t> in, std::span<const uint8_t> out, hw::RegisterAddress reg);
  ssize_t EppFast(std::span<uint8_t> in, std::span<const uint8_t> out, hw::RegisterAddress reg);
  Deadline After(Nanoseconds duration) { return Deadline::After(scheduler(), duration); }

  sim::SimulatedPort& sim_;
  const NodeOptions options_;
  const int hz_;
  const uint8_t ctr_writable_;
  const unsigned modes_;
  hw::RegisterIo& io_;           // The simulated chip.
  hw::PortRegisters registers_;  // priv->ctr and the ECR, shared with the engine; see WriteCtr.
  ieee1284::HostPort host_;
  ieee1284::Link link_;
  Ieee1284Info info_;
  int devices_ = 0;           // Registered devices (lp counts, if loaded).
  bool exclusive_ = false;    // PARPORT_FLAG_EXCL: an exclusive device is registered.
  Pardevice* cad_ = nullptr;  // The device holding the port.
  std::deque<Pardevice*> waiters_;
  bool vanished_ = false;
  bool ack_pending_ = false;                // An interrupt came in reverse idle.
  std::optional<uint8_t> control_pending_;  // PPWCTLONIRQ's value, to write.
};

// PARPORT_MODE_* for a chip, as parport_pc_probe_port finds them.
unsigned ModesOf(const sim::ChipConfig& chip);

}  // namespace parclass::ppdev_sim::detail

#endif  // PARCLASS_PPDEV_SIM_KERNEL_PORT_H_
