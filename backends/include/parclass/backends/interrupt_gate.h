// InterruptGate: keeps a thread waiting for a ppdev file's interrupts out of poll() while the
// kernel's IEEE 1284 loops (write(), read(), PPNEGOT) run on that file.
//
// Why. ppdev's interrupt handler (pp_irq, drivers/char/ppdev.c) wakes whoever sleeps in poll() on
// the file, on every interrupt, and a printer interrupts on every byte (nAck, with ackIntEn set,
// which ppdev keeps set while the file holds the port). Such a wake-up preempts the thread in the
// kernel's compatibility loop (wake-up preemption sets its need_resched) when both share a CPU.
// That loop waits for each byte's "ready" in parport_wait_peripheral (drivers/parport/
// ieee1284.c), whose fast poll (parport_poll_peripheral) gives up at the first need_resched; its
// slow path looks at the status again only after a sleep of about 10 ms (parport_wait_event, then
// schedule_timeout). A byte cost 10-13 ms instead of 11 us (QEMU guest, one CPU): 0.1 KiB/s, and
// a job ran past its deadline. (With the waiter at SCHED_BATCH, which never preempts on wake-up,
// it cost 64 us: the preemption is the cause, the wake-ups at the tick still cost.)
//
// So a kernel loop first takes the waiter out of poll() (its kick descriptor becomes readable) and
// waits until it has left; the waiter does not poll again until the loop is over. Interrupts that
// come meanwhile are counted by ppdev (PPCLRIRQ) and delivered when the waiter comes back, within
// one kernel call (at most a KiB) of when they happened.
//
//   // The transferring thread:
//   {
//     const InterruptGate::Loop loop(gate);   // the waiter is out of poll() now
//     os.Write(fd, bytes, size);              // the kernel's loop, undisturbed
//   }
//   // The interrupt thread:
//   const std::stop_callback kick(stop, [&] { gate.Kick(); });
//   std::optional<int> kick_fd = gate.EnterPoll(stop);  // waits while a loop runs; nullopt: stop
//   int ready = os.PollOrWake(fd, POLLIN, *kick_fd);
//   gate.LeavePoll();

#ifndef PARCLASS_BACKENDS_INTERRUPT_GATE_H_
#define PARCLASS_BACKENDS_INTERRUPT_GATE_H_

#include <memory>
#include <optional>
#include <stop_token>

#include "parclass/backends/wakeup.h"
#include "parclass/base/mutex.h"
#include "parclass/base/result.h"

namespace parclass::backends {

class InterruptGate {
 public:
  // Errors: the Wakeup's (kIoError).
  static Result<std::unique_ptr<InterruptGate>> Create();
  InterruptGate(const InterruptGate&) = delete;
  InterruptGate& operator=(const InterruptGate&) = delete;

  // One kernel loop, for a scope: takes the waiter out of poll() and keeps it out.
  class Loop {
   public:
    explicit Loop(InterruptGate& gate) : gate_(gate) { gate_.EnterLoop(); }
    ~Loop() { gate_.LeaveLoop(); }
    Loop(const Loop&) = delete;
    Loop& operator=(const Loop&) = delete;

   private:
    InterruptGate& gate_;
  };
  // Returns once no thread is in poll() on the file (kicking one out); loops may nest and overlap.
  void EnterLoop() PARCLASS_EXCLUDES(mutex_);
  void LeaveLoop() PARCLASS_EXCLUDES(mutex_);

  // The waiter: waits while a loop runs, then returns the descriptor to poll beside the file,
  // which becomes readable when a loop wants the waiter out; nullopt once `stop` is requested.
  // Every EnterPoll that returns a descriptor needs its LeavePoll, right after the poll.
  std::optional<int> EnterPoll(const std::stop_token& stop) PARCLASS_EXCLUDES(mutex_);
  void LeavePoll() PARCLASS_EXCLUDES(mutex_);
  // Makes the kick descriptor readable, ending a poll() on it: for a stop_callback.
  void Kick() const { kick_.Signal(); }

 private:
  explicit InterruptGate(Wakeup kick) : kick_(std::move(kick)) {}

  const Wakeup kick_;
  Mutex mutex_;
  CondVar changed_;                                   // A loop ended, or the waiter left poll().
  int loops_ PARCLASS_GUARDED_BY(mutex_) = 0;         // Kernel loops running or about to.
  bool polling_ PARCLASS_GUARDED_BY(mutex_) = false;  // The waiter is in (or going into) poll().
};

}  // namespace parclass::backends

#endif  // PARCLASS_BACKENDS_INTERRUPT_GATE_H_
