// KernelLink: an operating system's own IEEE 1284 loops, where a backend offers them.
//
// Linux ppdev runs negotiation (PPNEGOT) and whole-buffer transfers (read() and write() in the
// negotiated mode) in the kernel: one system call moves up to a KiB that the engine would
// otherwise move with several system calls per byte. A backend that has such loops implements
// this interface beside RegisterIo; the protocol engine hands negotiation, termination and
// transfers to it, and keeps driving the lines itself for everything the kernel has no loop for.
//
//   KernelLink& kernel = ppdev;                                  // backends::PpdevPort
//   PARCLASS_TRY(kernel.Negotiate(kNibbleRequest));             // PPNEGOT(IEEE1284_MODE_NIBBLE)
//   size_t got = PARCLASS_TRY(kernel.Read(buffer, deadline));    // read() in nibble mode
//   PARCLASS_TRY(kernel.Terminate());                            // PPNEGOT(IEEE1284_MODE_COMPAT)
//   size_t sent = PARCLASS_TRY(kernel.Write(bytes, deadline));   // write() in compatibility mode

#ifndef PARCLASS_HW_KERNEL_LINK_H_
#define PARCLASS_HW_KERNEL_LINK_H_

#include <cstdint>
#include <span>

#include "parclass/base/clock.h"
#include "parclass/base/phase.h"
#include "parclass/base/requests.h"
#include "parclass/base/result.h"

namespace parclass::hw {

class KernelLink {
 public:
  virtual ~KernelLink() = default;

  // Events 0-6 for `request`, from compatibility mode.
  // Errors: kNotIeee1284 (the peripheral did not answer), kRejected (it refused the mode),
  // kNotSupported (a request the kernel has no mode for).
  virtual Result<void> Negotiate(Ieee1284Request request) = 0;
  // Back to compatibility mode (events 22-28, or nothing if the link is there already).
  virtual Result<void> Terminate() = 0;
  // Moves bytes in the mode the link is in. A transfer the peripheral stops part way is an error
  // carrying the bytes done; a read the peripheral has no data for returns 0 bytes.
  virtual Result<size_t> Write(std::span<const uint8_t> bytes, Deadline deadline) = 0;
  virtual Result<size_t> Read(std::span<uint8_t> buffer, Deadline deadline) = 0;
  // After the engine drove the lines itself: the phase it left the link in, so that the kernel's
  // next loop starts from where the link is (PPSETPHASE).
  virtual Result<void> SetPhase(Phase phase) = 0;
};

}  // namespace parclass::hw

#endif  // PARCLASS_HW_KERNEL_LINK_H_
