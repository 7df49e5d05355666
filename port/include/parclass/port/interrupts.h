// InterruptRoutines: the client interrupt routines a port calls (shared spec
// windows-parallel-interface.md 1.7, 3.7, 4.1): an ordered list of service routines, each with an
// optional deferred port-check routine. On each port interrupt every service routine runs, in
// connection order; after a free that leaves no allocate or select request waiting, every
// deferred routine runs, in the same order (their usual job is to re-enable interrupts).
//
//   InterruptRoutine routine{.service = OnIrq, .service_context = &driver};
//   routines.Connect(routine);     // kSuccess
//   routines.Service();            // from the port's interrupt source: OnIrq(&driver)
//   routines.Disconnect(routine);  // kInvalidParameter if it was not connected
//
// Routines may be connected and disconnected from any thread, also from inside a routine: each
// dispatch runs over the list as it was when the interrupt came.

#ifndef PARCLASS_PORT_INTERRUPTS_H_
#define PARCLASS_PORT_INTERRUPTS_H_

#include <cstdint>
#include <vector>

#include "parclass/base/mutex.h"
#include "parclass/port/status.h"

namespace parclass::port {

// PKSERVICE_ROUTINE: the interrupt object (an opaque handle here) and the client's context;
// returns whether it handled the interrupt.
using ServiceRoutine = bool (*)(void* interrupt, void* context);
// PPARALLEL_DEFERRED_ROUTINE.
using DeferredRoutine = void (*)(void* context);

// PARALLEL_INTERRUPT_SERVICE_ROUTINE.
struct InterruptRoutine {
  ServiceRoutine service = nullptr;
  void* service_context = nullptr;
  DeferredRoutine deferred = nullptr;  // Optional.
  void* deferred_context = nullptr;

  friend bool operator==(const InterruptRoutine&, const InterruptRoutine&) = default;
};

class InterruptRoutines {
 public:
  // `interrupt` is what service routines receive as their interrupt object.
  explicit InterruptRoutines(void* interrupt = nullptr) : interrupt_(interrupt) {}

  // kInvalidParameter for a routine without a service routine, or one already connected.
  NtStatus Connect(const InterruptRoutine& routine);
  // kInvalidParameter unless exactly this routine (all four values) is connected.
  NtStatus Disconnect(const InterruptRoutine& routine);
  size_t size() const;

  // One port interrupt: every service routine, in connection order. Returns whether any handled
  // it.
  bool Service();
  // After a free with nobody waiting: every deferred routine, in connection order.
  void RunDeferred();

 private:
  std::vector<InterruptRoutine> Snapshot() const;

  void* interrupt_;
  mutable Mutex mutex_;
  std::vector<InterruptRoutine> routines_ PARCLASS_GUARDED_BY(mutex_);
};

}  // namespace parclass::port

#endif  // PARCLASS_PORT_INTERRUPTS_H_
