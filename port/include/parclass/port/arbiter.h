// Arbiter: who owns one parallel port (shared spec windows-parallel-interface.md 1.6, 2.4, 4.1).
//
// One owner at a time. Blocking requests (Allocate, and Select, which also selects an IEEE 1284.3
// device) wait in one FIFO and are granted strictly in arrival order, each time the owner frees
// the port. TryAllocate and TrySelect never queue: they succeed only if the port is free, and it
// is never free while anyone waits, so they cannot overtake a waiter (and may starve under
// contention, as Windows warns). A grant is a PortClaim, a move-only token whose destruction
// frees the port: a client that throws, or whose thread or object goes away, lets go of it.
//
//   SteadyClock clock;
//   Arbiter arbiter(clock, {.before_plain_grant = [&](ClientId) { dot3.SelectEndOfChain(); },
//                           .on_grant = [&](ClientId client) { state.Restore(client); },
//                           .on_free = [&](ClientId client) { state.Save(client); },
//                           .on_idle = [&] { interrupts.RunDeferredRoutines(); }});
//
//   // An uninterrupted sequence of operations: allocate (wait at most 1 s), work, free.
//   Result<PortClaim> claim = arbiter.Allocate(kPrinter, Deadline::After(clock, 1s), cancel);
//   if (!claim) return claim.error();   // kPortBusy after 1 s, kCancelled once `cancel` trips
//   ...
//   if (arbiter.QueryNumWaiters() > 0) claim->Free();   // long holders give way
//
//   // Allocate and select daisy-chain device 1 at grant time (IOCTL_INTERNAL_SELECT_DEVICE).
//   auto scanner = arbiter.Select(kScanner, [&] { return dot3.Select(DaisyAddress(1)); }, tl);
//
// Requests end as follows. Granted: a PortClaim. Cancelled (the std::stop_token's source asked to
// stop while the request was queued, or before it was made): kCancelled. Deadline passed while
// queued, or before a request found the port busy: kPortBusy, the spec's STATUS_DEVICE_BUSY
// ("could not be allocated"; kTimeout is for peripherals). Port owned by someone else (Try
// only): kPortBusy. Asked by the client that owns the port: kInvalidState, since waiting for
// itself would never end. A select function's own error, if it fails. A request is granted from
// the moment it leaves the queue, so a stop that comes later (even while the grant hooks run)
// has no effect: the requester gets the claim.
//
// Deadlines. Each waiter's deadline is measured on the injected Clock, and noticed in the way the
// clock says (Clock::passes_by_itself), so the two cannot mismatch: on a real clock the waiter
// waits on its condition variable until that deadline in real time. A virtual clock moves only
// when someone moves it, so a waiter looks at it at least every 10 ms of real time: a deadline
// the moving clock has passed ends the wait at the next look, or at once at Expire(), which
// whoever advances the clock may call; while the clock stands still (the holder sits idle, or
// waits for the waiter itself), real time stands in for it: the waiter counts the real time the
// clock stood still as time passed, so that its deadline still ends the wait. Expire() works on
// both. A
// request whose deadline has already passed is still granted if the port is free, as WaitFor
// evaluates its condition once more.
//
// Hooks (ArbiterHooks) let the port layer follow ownership. Each runs in the thread that causes
// the change (the freeing thread, or the requester when the port was free), without the
// arbiter's lock, and one at a time, except on_idle (see there). A handover from A to B runs
// on_free(A), then B's select function (or before_plain_grant(B)), then on_grant(B), and only then
// returns B's claim. Hooks must not block, throw, or make blocking requests; Try requests and
// QueryNumWaiters are allowed. A select function that fails ends its request with that error and
// the next waiter is served; a failed select is no grant, so it calls no other hook and counts
// neither as allocation nor free. The arbiter's lock guards bookkeeping only, never a hook or a
// wait: the calls the spec says must not block (Try*, Free, QueryNumWaiters) wait for no client.

#ifndef PARCLASS_PORT_ARBITER_H_
#define PARCLASS_PORT_ARBITER_H_

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <iosfwd>
#include <optional>
#include <stop_token>
#include <thread>
#include <utility>

#include "parclass/base/clock.h"
#include "parclass/base/mutex.h"
#include "parclass/base/result.h"

namespace parclass::port {

// Whose the port is: the port layer's name for a client, passed to every hook so that it can
// save and restore that client's registers. The arbiter only compares them.
struct ClientId {
  uint32_t value = 0;
  friend bool operator==(ClientId, ClientId) = default;
};
std::ostream& operator<<(std::ostream& stream, ClientId client);

// Runs at grant time of a Select request: selects the client's device (IEEE 1284.3). Must not
// block.
using SelectFunction = std::function<Result<void>()>;

// The port layer's view of ownership changes. Each is optional; threads and order: see above.
struct ArbiterHooks {
  // Defaulted, so that designated initializers may name only some (else GCC warns).
  std::function<void(ClientId)> before_plain_grant = {};  // (Try)Allocate: select end of chain.
  std::function<void(ClientId)> on_grant = {};  // The client is the owner: restore its state.
  std::function<void(ClientId)> on_free = {};   // The client gives the port up: save its state.
  // After a free that leaves no request queued (deferred port check routines, spec 1.7). It runs
  // with the port free, so other clients may be granted it meanwhile: it must TryAllocate before
  // touching the port. A free it makes itself does not run it again; frees by other threads
  // while it runs make it run once more afterwards.
  std::function<void()> on_idle = {};
};

// The WMI block PARPORT_WMI_ALLOC_FREE_COUNTS: grants and frees since construction.
struct AllocFreeCounts {
  uint64_t port_allocates = 0;
  uint64_t port_frees = 0;
};

class Arbiter;

// Ownership of the port, from a grant until Free() or destruction (FreePort). Move-only; a
// moved-from or freed claim holds nothing.
class PortClaim {
 public:
  PortClaim() = default;
  PortClaim(PortClaim&& other) noexcept { *this = std::move(other); }
  PortClaim& operator=(PortClaim&& other) noexcept;
  PortClaim(const PortClaim&) = delete;
  PortClaim& operator=(const PortClaim&) = delete;
  ~PortClaim() { Free(); }

  bool holds() const { return arbiter_ != nullptr; }
  ClientId client() const { return client_; }
  // Gives the port up: runs on_free, then grants the head of the queue (in this thread).
  void Free();

 private:
  friend class Arbiter;
  PortClaim(Arbiter& arbiter, ClientId client, uint64_t grant)
      : arbiter_(&arbiter), client_(client), grant_(grant) {}

  Arbiter* arbiter_ = nullptr;
  ClientId client_;
  uint64_t grant_ = 0;  // Which grant this is, to catch a free by a stale claim.
};

class Arbiter {
 public:
  explicit Arbiter(Clock& clock, ArbiterHooks hooks = {});
  Arbiter(const Arbiter&) = delete;
  Arbiter& operator=(const Arbiter&) = delete;
  // No claim may outlive the arbiter, nor any request wait on it.
  ~Arbiter();

  // IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE: waits in the FIFO until granted, cancelled through
  // `cancel`, or `deadline` passes.
  Result<PortClaim> Allocate(ClientId client, Deadline deadline, std::stop_token cancel = {})
      PARCLASS_EXCLUDES(mutex_);
  // IOCTL_INTERNAL_SELECT_DEVICE without KEEP_PORT: as Allocate, in the same FIFO, but at grant
  // time runs `select` instead of before_plain_grant.
  Result<PortClaim> Select(ClientId client, const SelectFunction& select, Deadline deadline,
                           std::stop_token cancel = {}) PARCLASS_EXCLUDES(mutex_);
  // TryAllocatePort and TrySelectDevice: grant now if the port is free, never queue.
  Result<PortClaim> TryAllocate(ClientId client) PARCLASS_EXCLUDES(mutex_);
  Result<PortClaim> TrySelect(ClientId client, const SelectFunction& select)
      PARCLASS_EXCLUDES(mutex_);

  // QueryNumWaiters: Allocate and Select requests in the queue. Lock-free: a holder may poll it
  // without slowing the waiters it polls for.
  size_t QueryNumWaiters() const;
  // The client the port belongs to, including while its state is saved or restored.
  std::optional<ClientId> owner() const PARCLASS_EXCLUDES(mutex_);
  AllocFreeCounts alloc_free_counts() const PARCLASS_EXCLUDES(mutex_);
  // Ends every queued request whose deadline has passed on the clock (kPortBusy); returns how
  // many. On a virtual clock that moves, the way deadlines are noticed.
  size_t Expire() PARCLASS_EXCLUDES(mutex_);

 private:
  friend class PortClaim;
  struct Waiter;
  enum class Admission : uint8_t;

  Result<PortClaim> Request(Waiter& waiter, std::stop_token cancel) PARCLASS_EXCLUDES(mutex_);
  Result<Admission> Admit(Waiter& waiter) PARCLASS_REQUIRES(mutex_);
  void AwaitOutcome(Waiter& waiter) PARCLASS_REQUIRES(mutex_);
  Result<PortClaim> Outcome(Waiter& waiter) PARCLASS_REQUIRES(mutex_);
  void Cancel(Waiter& waiter) PARCLASS_EXCLUDES(mutex_);
  void Fail(Waiter& waiter, Error error) PARCLASS_REQUIRES(mutex_);
  void Free(const PortClaim& claim) PARCLASS_EXCLUDES(mutex_);
  Waiter* PopNext() PARCLASS_REQUIRES(mutex_);
  void HandOver(Waiter* next) PARCLASS_EXCLUDES(mutex_);
  Result<void> RunGrantHooks(const Waiter& waiter) PARCLASS_EXCLUDES(mutex_);
  void RunIdle() PARCLASS_EXCLUDES(mutex_);

  Clock& clock_;
  const ArbiterHooks hooks_;
  const bool real_time_;  // Waiters wait until their deadlines; else see AwaitOutcome.
  mutable Mutex mutex_;
  std::optional<ClientId> holder_ PARCLASS_GUARDED_BY(mutex_);  // Empty: the port is free.
  uint64_t grant_ PARCLASS_GUARDED_BY(mutex_) = 0;              // The latest grant's number.
  std::deque<Waiter*> queue_ PARCLASS_GUARDED_BY(mutex_);       // Waiters live on their stacks.
  std::atomic<size_t> num_waiters_ = 0;  // queue_.size(), stored under the lock.
  AllocFreeCounts counts_ PARCLASS_GUARDED_BY(mutex_);
  std::thread::id idle_thread_ PARCLASS_GUARDED_BY(mutex_);  // Running on_idle, if any.
  bool idle_again_ PARCLASS_GUARDED_BY(mutex_) = false;      // A free while on_idle ran.
};

}  // namespace parclass::port

#endif  // PARCLASS_PORT_ARBITER_H_
