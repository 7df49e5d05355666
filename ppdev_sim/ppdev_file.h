// File: one open file of a ppdev node, as drivers/char/ppdev.c keeps it (struct pp_struct), with
// the descriptor state the emulator plays the VFS for. Private to ppdev_sim.

#ifndef PARCLASS_PPDEV_SIM_PPDEV_FILE_H_
#define PARCLASS_PPDEV_SIM_PPDEV_FILE_H_

#include <fcntl.h>

#include <memory>

#include "kernel_port.h"

namespace parclass::ppdev_sim::detail {

struct File {
  int fd = -1;
  KernelPort* port = nullptr;
  int status_flags = O_RDWR;   // What F_GETFL returns: the access mode and status flags.
  bool close_on_exec = false;  // FD_CLOEXEC.

  // pp_open: mode IEEE1284_MODE_COMPAT, phase init_phase(mode) = FWD_IDLE, no flags, and no
  // device: registration waits for the first PPCLAIM, so that PPEXCL can come before it.
  bool claimed = false;    // PP_CLAIMED.
  bool exclusive = false;  // PP_EXCL.
  int user_flags = 0;      // PP_FLAGMASK bits: PP_FASTWRITE, PP_FASTREAD, PP_W91284PIC.
  Ieee1284Info state;      // pp->state: this file's mode and phase while it does not hold the port.
  Ieee1284Info saved_state;         // pp->saved_state: the port's, while this file holds it.
  long default_inactivity = 0;      // pp->default_inactivity, jiffies, taken at PPCLAIM.
  std::unique_ptr<Pardevice> pdev;  // pp->pdev.

  // A claim blocked on this file's behalf, in another thread. close() then leaves pp_release to
  // the blocked call, as the kernel's last fput does.
  int blocked = 0;
  bool closed = false;

  bool nonblocking() const { return (status_flags & O_NONBLOCK) != 0; }
};

}  // namespace parclass::ppdev_sim::detail

#endif  // PARCLASS_PPDEV_SIM_PPDEV_FILE_H_
