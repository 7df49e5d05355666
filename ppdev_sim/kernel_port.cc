// KernelPort: parport_pc's registers and parport's sharing. The IEEE 1284 side is in
// kernel_transfer.cc.

#include "kernel_port.h"

#include <algorithm>
#include <utility>

#include "parclass/base/assert.h"
#include "parclass/hw/ecp_regs.h"

namespace parclass::ppdev_sim::detail {
namespace {

constexpr int Phase(KernelPhase phase) { return ToInt(phase); }

// parport_pc_probe_port: priv->ctr_writable = ~0x10; ackIntEn becomes writable with an IRQ, and
// parport_PS2_supported takes the direction bit away from a port that cannot tri-state.
uint8_t CtrWritable(const sim::ChipConfig& chip) {
  auto writable = static_cast<uint8_t>(~kAckIntEn);
  if (!chip.bidirectional) writable &= static_cast<uint8_t>(~kDirection);
  if (chip.irq) writable |= kAckIntEn;
  return writable;
}

}  // namespace

unsigned ModesOf(const sim::ChipConfig& chip) {
  // parport_pc_probe_port: PCSPP and SAFEININT on every PC port; TRISTATE from
  // parport_PS2_supported (parport_ECPPS2_supported on a chip with an ECR); EPP from
  // parport_EPP_supported or parport_ECPEPP_supported. ECP and COMPAT (the FIFO's compatibility
  // mode) come together, and only where the ECR has a FIFO and the port has an IRQ.
  unsigned modes = PARPORT_MODE_PCSPP | PARPORT_MODE_SAFEININT;
  if (chip.bidirectional) modes |= PARPORT_MODE_TRISTATE;
  if (chip.epp) modes |= PARPORT_MODE_EPP;
  if (chip.ecr && chip.fifo_depth > 0 && chip.irq) modes |= PARPORT_MODE_ECP | PARPORT_MODE_COMPAT;
  return modes;
}

KernelPort::KernelPort(sim::SimulatedPort& port, NodeOptions options, int hz)
    : sim_(port),
      options_(options),
      hz_(hz),
      ctr_writable_(CtrWritable(port.chip().config())),
      modes_(ModesOf(port.chip().config())),
      io_(port.chip()),
      registers_(io_, port.chip().config().Features(), ctr_writable_),
      // HostPort's constructor puts the port where parport_pc_probe_port leaves it: ECR 0x34
      // (PS/2 mode), forward, nSelectIn low and nInit high (priv->ctr = 0xc).
      host_(registers_, port.scheduler()),
      link_(host_) {
  PARCLASS_ASSERT(hz_ > 0, "HZ must be positive");
  WriteData(0);  // parport_pc_write_data(p, 0).
  if (options_.kernel_driver_registered) devices_ = 1;
  sim_.chip().set_interrupt_handler([this] { OnInterrupt(); });
}

KernelPort::~KernelPort() { sim_.chip().set_interrupt_handler(nullptr); }

Nanoseconds KernelPort::Jiffies(long count) const {
  constexpr int64_t kNanosecondsPerSecond = 1'000'000'000;
  const int64_t seconds = std::min<int64_t>(count / hz_, int64_t{1} << 32);
  return Nanoseconds(seconds * kNanosecondsPerSecond + (count % hz_) * kNanosecondsPerSecond / hz_);
}

// --- Sharing (drivers/parport/share.c) ---------------------------------------------------------

Pardevice KernelPort::NewDevice(bool exclusive) const {
  Pardevice dev;
  dev.exclusive = exclusive;
  // parport_pc_init_state: ctr 0xc, with ackIntEn for a device that has an interrupt function
  // (ppdev's pp_irq) on a port with an IRQ; ECR 0x34.
  dev.state.ctr = static_cast<uint8_t>(0x0c | (has_irq() ? kAckIntEn : 0));
  dev.state.ecr = 0x34;
  dev.timeout = 5L * hz_;  // parport_register_dev_model: par_dev->timeout = 5 * HZ.
  return dev;
}

bool KernelPort::Register(bool exclusive) {
  // parport_register_dev_model: "no more devices allowed" once an exclusive device is registered;
  // "cannot grant exclusive access" while any device (lp, another ppdev file) is.
  if (exclusive_) return false;
  if (exclusive && devices_ > 0) return false;
  ++devices_;
  exclusive_ = exclusive;
  return true;
}

void KernelPort::Unregister(Pardevice& dev) {
  // parport_unregister_device: out of the wait list; the exclusive flag goes with its device.
  std::erase(waiters_, &dev);
  if (cad_ == &dev) cad_ = nullptr;  // Only on a vanished port: a live one was released first.
  --devices_;
  if (dev.exclusive) exclusive_ = false;
}

bool KernelPort::Claim(Pardevice& dev) {
  // parport_claim: ppdev's devices have no preempt callback, so a held port blocks them; the
  // first failed attempt puts the device at the end of the wait list.
  if (cad_ == &dev) return true;
  if (cad_ == nullptr) {
    GrantTo(dev);
    return true;
  }
  if (std::find(waiters_.begin(), waiters_.end(), &dev) == waiters_.end()) waiters_.push_back(&dev);
  return false;
}

void KernelPort::GrantTo(Pardevice& dev) {
  std::erase(waiters_, &dev);
  cad_ = &dev;
  RestoreState(dev.state);  // "Restore control registers".
  dev.claimed_at = scheduler().Now();
}

void KernelPort::Release(Pardevice& dev) {
  // parport_release: save the device's registers, then give the port to whoever has waited
  // longest (parport_claim on its behalf, then wake it).
  if (cad_ != &dev) return;  // "tried to release parport when not owner".
  cad_ = nullptr;
  dev.state = SaveState();
  if (!waiters_.empty()) GrantTo(*waiters_.front());
}

SavedRegisters KernelPort::SaveState() {
  // parport_pc_save_state: the soft copy, and the ECR as read.
  SavedRegisters state{registers_.control().reg_value(), 0};
  if (sim_.chip().config().ecr) state.ecr = io_.Read(hw::Ecr::kAddress);
  return state;
}

void KernelPort::RestoreState(const SavedRegisters& state) {
  // parport_pc_restore_state: the control register (writable bits only), then ECR_WRITE.
  WriteCtr(state.ctr);
  if (!sim_.chip().config().ecr) return;
  const hw::EcrMode mode = hw::Ecr::FromValue(state.ecr).mode();
  if (mode != registers_.ecr_mode()) {
    registers_.SetEcrMode(mode);  // By the ISA rule.
  } else {
    registers_.WriteEcr(hw::Ecr::FromValue(state.ecr));
  }
}

void KernelPort::SetChipMode(hw::EcrMode mode) {
  // frob_set_mode: the ECR's mode field.
  if (sim_.chip().config().ecr) registers_.SetEcrMode(mode);
}

// --- Registers (include/linux/parport_pc.h) ----------------------------------------------------

void KernelPort::WriteControl(uint8_t value) {
  // parport_pc_write_control: bit 5 asks for data_reverse (there is no way back to forward
  // here: "use data_reverse for this!"); then bits 0-3.
  if ((value & kDirection) != 0) DataReverse();
  FrobRaw(kControlMask, value & kControlMask);
}

void KernelPort::FrobControl(uint8_t mask, uint8_t value) {
  // parport_pc_frob_control: bit 5 of the mask turns the data lines whichever way `value` says;
  // then mask and value are cut down to bits 0-3.
  if ((mask & kDirection) != 0) {
    if ((value & kDirection) != 0) {
      DataReverse();
    } else {
      DataForward();
    }
  }
  FrobRaw(mask & kControlMask, value & kControlMask);
}

void KernelPort::FrobRaw(uint8_t mask, uint8_t value) {
  // __parport_pc_frob_control: ctr = (ctr & ~mask) ^ value. An exclusive or: value bits outside
  // the mask toggle.
  WriteCtr(static_cast<uint8_t>((registers_.control().reg_value() & ~mask) ^ value));
}

void KernelPort::WriteCtr(uint8_t ctr) {
  // The outb and the soft copy (priv->ctr), which is also the IEEE 1284 engine's: its HostPort is
  // a view of the same PortRegisters, as parport_pc's operations share priv->ctr in the kernel.
  // Only the writable bits go out (priv->ctr_writable); the kernel writes even when nothing
  // changes.
  registers_.WriteControl(hw::Dcr::FromValue(ctr), hw::ControlWrite::kAlways);
}

// --- Interrupts (parport_irq_handler) ----------------------------------------------------------

void KernelPort::OnInterrupt() {
  // parport_generic_irq: parport_ieee1284_interrupt first (in reverse idle an interrupt means
  // the peripheral has data: events 18-19), then the holder's handler, ppdev's pp_irq.
  if (info_.phase == Phase(KernelPhase::kRevIdle)) ack_pending_ = true;
  if (cad_ == nullptr) return;
  if (cad_->irq_response) {
    control_pending_ = cad_->irq_control;  // PPWCTLONIRQ, once.
    cad_->irq_response = false;
  }
  ++cad_->irq_count;
  if (cad_->irq_wait) cad_->irq_wait->Signal();  // wake_up_interruptible(&pp->irq_wait).
}

void KernelPort::ServiceInterrupts() {
  // The register work of the handlers above, at a point where no scheduler event is running
  // (a register access inside one would move virtual time under it). Each round's writes may
  // raise another interrupt; a few rounds settle any chain, and what is left is dropped.
  constexpr int kRounds = 8;
  for (int round = 0; round < kRounds && interrupt_work_pending(); ++round) {
    if (std::exchange(ack_pending_, false) && info_.phase == Phase(KernelPhase::kRevIdle)) {
      AckDataAvailable();
    }
    if (const std::optional<uint8_t> control = std::exchange(control_pending_, std::nullopt)) {
      WriteControl(*control);  // pp_irq: parport_write_control(port, pp->irqctl).
    }
  }
  ack_pending_ = false;
  control_pending_.reset();
}

void KernelPort::AckDataAvailable() {
  // parport_ieee1284_ack_data_avail: if nDataAvail (nFault) is low, event 20: nAutoFd high.
  if ((ReadStatus() & PARPORT_STATUS_ERROR) != 0) return;  // "Event 18 didn't happen."
  FrobControl(PARPORT_CONTROL_AUTOFD, 0);
  info_.phase = Phase(KernelPhase::kHbusyDavail);
}

void KernelPort::RunUntil(Nanoseconds until, const std::function<bool()>& stop) {
  ServiceInterrupts();
  while (!stop() && scheduler().Now() < until) {
    scheduler().RunUntil([&] { return interrupt_work_pending() || stop(); }, until);
    ServiceInterrupts();
  }
}

}  // namespace parclass::ppdev_sim::detail
