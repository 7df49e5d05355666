// InterruptSource: what carries a port's interrupts from its backend to port::Port::OnInterrupt,
// where the clients' service routines and deferred routines run (IOCTL_INTERNAL_PARALLEL_CONNECT_
// INTERRUPT). System makes one for the simulator and for ppdev; raw port I/O has none.
//
//   Simulator: the chip's IRQ (the rising edge of nAck with ackIntEn set; ECP serviceIntr; nFault
//     with nErrIntrEn clear) is taken on the thread running the simulation, the port holder's,
//     at the same virtual instant, as an event of its own right after the chip's: no chip event
//     is half done when the routines run. Latency: none in virtual time.
//   ppdev: a thread of the library's per port waits in poll() for the kernel's interrupt count
//     (pp_irq counts each interrupt while the file holds the port, and ppdev keeps ackIntEn set
//     then), takes it with PPCLRIRQ and calls OnInterrupt once per interrupt counted. It stays
//     out of poll() while the kernel's IEEE 1284 loops run on the file: woken there on every nAck,
//     it made the kernel's compatibility loop sleep 10 ms a byte (backends/interrupt_gate.h), so
//     interrupts during a transfer arrive after its system call (at most a KiB later). Closing
//     the source requests the thread's stop, which ends its wait at once; an error (the node
//     vanished) ends it too, kept in failure().
//   Raw port I/O: the kernel hands a port's IRQ to its own driver, never to user space, so
//     Backend::MakePortConfig sets PortConfig::interrupts_unavailable and client routines are
//     refused (STATUS_NOT_SUPPORTED, Errc::kNotSupported with the reason).
//
// What a service routine may do, as at DIRQL on Windows: return quickly, never block on the
// port's users, call TryAllocatePortAtInterruptLevel and FreePortFromInterruptLevel, and touch
// the registers only while its client holds the port (on the simulator a routine runs inside
// its holder's register access, so a routine of the holder's own client must not touch them).
//
//   std::unique_ptr<InterruptSource> source = InterruptSource::Simulated(simulated, port);
//   ... a client connects a routine; the printer acknowledges a byte: the routine runs ...
//   source->delivered();   // interrupts handed to the port so far

#ifndef PARCLASS_SYSTEM_INTERRUPT_SOURCE_H_
#define PARCLASS_SYSTEM_INTERRUPT_SOURCE_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <stop_token>
#include <thread>

#include "parclass/backends/ppdev.h"
#include "parclass/base/mutex.h"
#include "parclass/base/result.h"
#include "parclass/port/port.h"
#include "parclass/sim/simulated_port.h"

namespace parclass::system {

class InterruptSource {
 public:
  // The chip's IRQ. Both must outlive the source.
  static std::unique_ptr<InterruptSource> Simulated(sim::SimulatedPort& simulated,
                                                    port::Port& port);
  // The thread. Both must outlive the source. Errors: none today (PpdevPort::Open made what the
  // thread waits with); a Result so that the system's callers need not change if one appears.
  static Result<std::unique_ptr<InterruptSource>> Ppdev(backends::PpdevPort& ppdev,
                                                        port::Port& port);
  // Stops delivering: lets go of the chip's IRQ, or wakes and joins the thread (waiting for the
  // routines it is running).
  ~InterruptSource();
  InterruptSource(const InterruptSource&) = delete;
  InterruptSource& operator=(const InterruptSource&) = delete;

  // Interrupts handed to Port::OnInterrupt so far.
  uint64_t delivered() const { return delivered_; }
  // What ended the ppdev thread, if something did.
  std::optional<Error> failure() const PARCLASS_EXCLUDES(mutex_);

 private:
  explicit InterruptSource(port::Port& port) : port_(port) {}
  void OnChipInterrupt();
  void Deliver();
  void Run(const std::stop_token& stop);  // The ppdev thread.

  port::Port& port_;
  std::atomic<uint64_t> delivered_ = 0;

  // Simulator.
  sim::SimulatedPort* simulated_ = nullptr;
  int pending_ = 0;                    // Chip interrupts not yet delivered.
  std::optional<sim::EventId> event_;  // The event that delivers them.

  // ppdev.
  backends::PpdevPort* ppdev_ = nullptr;
  mutable Mutex mutex_;
  std::optional<Error> failure_ PARCLASS_GUARDED_BY(mutex_);
  std::jthread thread_;  // Last: it runs over the members above.
};

}  // namespace parclass::system

#endif  // PARCLASS_SYSTEM_INTERRUPT_SOURCE_H_
