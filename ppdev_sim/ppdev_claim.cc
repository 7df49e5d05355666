// PpdevEmulator: registering and claiming, as ppdev's PPCLAIM, PPRELEASE and PPYIELD do it
// (drivers/char/ppdev.c) over parport's sharing (drivers/parport/share.c). The one place a call
// blocks in real time: a claim of a port another file holds waits on the condition variable until
// parport_release hands the port over.

#include <cerrno>

#include "kernel_port.h"
#include "parclass/ppdev_sim/ppdev_emulator.h"
#include "ppdev_file.h"

namespace parclass::ppdev_sim {

using detail::File;
using detail::KernelPort;
using detail::Pardevice;

int PpdevEmulator::Claim(const FilePtr& file) {
  File& f = *file;
  if (f.claimed) return -EINVAL;  // "you've already got it!"
  if (!f.pdev) {
    // "Deferred device registration", now that PPEXCL has had its chance.
    if (const int error = Register(f); error != 0) return error;
  }
  if (const int claimed = ClaimOrBlock(file); claimed < 0) return claimed;
  f.claimed = true;
  // "For interrupt-reporting to work, we need to be informed of each interrupt."
  f.port->EnableIrq();
  TakeState(f);  // "We may need to fix up the state machine."
  f.default_inactivity = f.pdev->timeout;
  return 0;
}

int PpdevEmulator::Register(File& file) {
  // register_device: parport_register_dev_model, exclusive after PPEXCL; any refusal is -ENXIO.
  if (!file.port->Register(file.exclusive)) return -ENXIO;
  file.pdev = std::make_unique<Pardevice>(file.port->NewDevice(file.exclusive));
  return 0;
}

int PpdevEmulator::ClaimOrBlock(const FilePtr& file) {
  // parport_claim_or_block: 0 if the port was free; else sleep until parport_release hands it
  // over (1). A vanished port wakes its sleepers with -ENODEV.
  KernelPort& port = *file->port;
  const Pardevice* dev = file->pdev.get();
  if (port.Claim(*file->pdev)) return 0;
  ++file->blocked;
  changed_.NotifyAll();  // A new waiter, for AwaitClaimWaiters.
  while (port.holder() != dev && !port.vanished()) changed_.Wait(mutex_);
  --file->blocked;
  if (port.holder() != dev) return -ENODEV;
  return 1;
}

void PpdevEmulator::TakeState(File& file) {
  // PPCLAIM: the port's IEEE 1284 state is kept aside, and this file's becomes the port's.
  detail::Ieee1284Info& info = file.port->info();
  file.saved_state = info;
  info = file.state;
}

void PpdevEmulator::Release(File& file) {
  // PPRELEASE: "Save the state machine's state", give the port's back, parport_release.
  detail::Ieee1284Info& info = file.port->info();
  file.state = info;
  info = file.saved_state;
  file.port->Release(*file.pdev);
  file.claimed = false;
  changed_.NotifyAll();
}

int PpdevEmulator::Yield(const FilePtr& file) {
  // parport_yield_blocking: the port goes to a waiter only once this device has had it for its
  // timeslice (parport_default_timeslice, HZ/5), and is then claimed back, waiting. No state is
  // swapped: the next holder's PPCLAIM keeps this file's mode as its saved state. PPYIELD
  // returns 0 whatever happened.
  KernelPort& port = *file->port;
  Pardevice& dev = *file->pdev;
  const Nanoseconds held = port.scheduler().Now() - dev.claimed_at;
  if (!port.HasWaiters() || held < port.Jiffies(options_.hz / 5)) return 0;
  port.Release(dev);
  changed_.NotifyAll();
  (void)ClaimOrBlock(file);
  return 0;
}

void PpdevEmulator::Forget(File& file) {
  // parport_unregister_device.
  if (file.pdev) file.port->Unregister(*file.pdev);
  file.pdev.reset();
  file.claimed = false;
  changed_.NotifyAll();
}

}  // namespace parclass::ppdev_sim
