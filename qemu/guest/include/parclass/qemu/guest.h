// Helpers for the programs the QEMU stage runs in its guest (qemu/guest/init starts them, with
// parport, parport_pc, ppdev and lp loaded).
//
//   Result<KernelPort> port = FindKernelPort(0x378);  // whichever parportN the kernel gave it
//   port->parport;                                     // "/dev/parport1": ppdev
//   port->lp;                                          // "/dev/lp1": the kernel's printer driver
//
//   {
//     PhaseMarker marker(phase.name);  // "@@MARK lp-baseline" now, "@@MARK lp-baseline-end" at
//     WritePhase(phase, *port);        // the end of the scope; qemu/lab --trace counts the port
//   }                                  // accesses between the two
//
// Runtime failures are Results whose Error names the file or device and the errno text.

#ifndef PARCLASS_QEMU_GUEST_H_
#define PARCLASS_QEMU_GUEST_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "parclass/base/result.h"
#include "parclass/qemu/phases.h"

namespace parclass::qemu {

// True in the QEMU stage's guest, where /init exports PARCLASS_QEMU_GUEST=1. Tests that write to a
// port check it first, so that qemu_guest_test run on a machine with a real port and a printer
// on it prints nothing.
bool InQemuGuest();

// A port as the guest's kernel reports it in /proc/sys/dev/parport/parportN.
struct KernelPort {
  int number = -1;      // N in parportN.
  std::string parport;  // "/dev/parportN" (ppdev).
  std::string lp;       // "/dev/lpN": lp, loaded after parport_pc, numbers the ports as it does.
  uint16_t base = 0;    // base-addr (the kernel prints it in decimal: 888 for 0x378).
  int irq = -1;         // -1 when the port is polled.
  std::string modes;    // As the kernel prints them: "PCSPP,TRISTATE".
};

// The kernel's report of parportN.
Result<KernelPort> ReadKernelPort(int number);

// The port whose base address is `base`: ACPI numbers QEMU's ports in reverse, so tests find them
// by address, never by number.
Result<KernelPort> FindKernelPort(uint16_t base);

// Writes the phase's pattern to `port` with the phase's writer. Returns the bytes written; an
// Error carries bytes_done.
Result<size_t> WritePhase(const Phase& phase, const KernelPort& port);

// Prints "@@MARK <name>" on the console and waits until the serial port has sent it, so that the
// line lands in QEMU's log before the port accesses that follow.
void Mark(std::string_view name);

// Marks "<name>" now and "<name>-end" when it goes out of scope.
class PhaseMarker {
 public:
  explicit PhaseMarker(std::string_view name);
  ~PhaseMarker();
  PhaseMarker(const PhaseMarker&) = delete;
  PhaseMarker& operator=(const PhaseMarker&) = delete;

 private:
  std::string name_;
};

}  // namespace parclass::qemu

#endif  // PARCLASS_QEMU_GUEST_H_
