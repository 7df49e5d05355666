#include "parclass/port/arbiter.h"

#include <algorithm>
#include <ostream>
#include <utility>

#include "parclass/base/assert.h"

namespace parclass::port {
namespace {

enum class RequestKind : uint8_t {
  kAllocate,     // IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE: queues.
  kSelect,       // IOCTL_INTERNAL_SELECT_DEVICE: queues, selects at grant time.
  kTryAllocate,  // TryAllocatePort: never queues.
  kTrySelect,    // TrySelectDevice: never queues, selects at grant time.
};

// A timed wait is re-armed at most this far ahead, so that a far deadline cannot overflow
// std::chrono::steady_clock's time points.
constexpr Nanoseconds kLongestWait = std::chrono::hours(24);
// On a virtual clock a waiter with a deadline looks this often whether the clock stands still.
constexpr Nanoseconds kStillClockLook = std::chrono::milliseconds(10);

}  // namespace

// One request, on its requester's stack for as long as the request lasts. Everything but
// `state`, `grant` and `error` is fixed before the waiter is shared; those three change only
// under the arbiter's lock.
struct Arbiter::Waiter {
  enum class State : uint8_t {
    kQueued,    // In the FIFO.
    kGranting,  // Out of the FIFO; a granting thread runs its grant hooks.
    kGranted,   // The owner; `grant` is its number.
    kFailed,    // Over without the port; `error` says why.
  };

  Waiter(ClientId client, RequestKind kind, const SelectFunction* select, Deadline deadline)
      : client(client), kind(kind), select(select), deadline(deadline) {}

  bool queues() const { return kind == RequestKind::kAllocate || kind == RequestKind::kSelect; }
  bool selects() const { return kind == RequestKind::kSelect || kind == RequestKind::kTrySelect; }
  bool pending() const { return state == State::kQueued || state == State::kGranting; }

  const ClientId client;
  const RequestKind kind;
  const SelectFunction* const select;  // Set for the select kinds.
  const Deadline deadline;
  State state = State::kQueued;
  uint64_t grant = 0;
  std::optional<Error> error;
  CondVar wake;  // Notified, under the lock, when `state` becomes final.
};

// What admission did with a request.
enum class Arbiter::Admission : uint8_t {
  kTaken,   // The port was free: the requester grants it to itself.
  kQueued,  // It waits in the FIFO.
};

std::ostream& operator<<(std::ostream& stream, ClientId client) {
  return stream << "client " << client.value;
}

PortClaim& PortClaim::operator=(PortClaim&& other) noexcept {
  if (this == &other) return *this;
  Free();
  arbiter_ = std::exchange(other.arbiter_, nullptr);
  client_ = other.client_;
  grant_ = other.grant_;
  return *this;
}

void PortClaim::Free() {
  Arbiter* arbiter = std::exchange(arbiter_, nullptr);
  if (arbiter != nullptr) arbiter->Free(*this);
}

Arbiter::Arbiter(Clock& clock, ArbiterHooks hooks)
    : clock_(clock), hooks_(std::move(hooks)), real_time_(clock.passes_by_itself()) {}

Arbiter::~Arbiter() {
  const MutexLock lock(mutex_);
  PARCLASS_ASSERT(!holder_.has_value(), "an arbiter destroyed while its port is claimed");
  PARCLASS_ASSERT(queue_.empty(), "an arbiter destroyed while requests wait on it");
  PARCLASS_ASSERT(idle_thread_ == std::thread::id(), "an arbiter destroyed while on_idle runs");
}

Result<PortClaim> Arbiter::Allocate(ClientId client, Deadline deadline, std::stop_token cancel) {
  Waiter waiter(client, RequestKind::kAllocate, nullptr, deadline);
  return Request(waiter, std::move(cancel));
}

Result<PortClaim> Arbiter::Select(ClientId client, const SelectFunction& select, Deadline deadline,
                                  std::stop_token cancel) {
  PARCLASS_ASSERT(select != nullptr, "Select without a select function");
  Waiter waiter(client, RequestKind::kSelect, &select, deadline);
  return Request(waiter, std::move(cancel));
}

Result<PortClaim> Arbiter::TryAllocate(ClientId client) {
  Waiter waiter(client, RequestKind::kTryAllocate, nullptr, Deadline::Never());
  return Request(waiter, {});
}

Result<PortClaim> Arbiter::TrySelect(ClientId client, const SelectFunction& select) {
  PARCLASS_ASSERT(select != nullptr, "TrySelect without a select function");
  Waiter waiter(client, RequestKind::kTrySelect, &select, Deadline::Never());
  return Request(waiter, {});
}

size_t Arbiter::QueryNumWaiters() const { return num_waiters_.load(); }

std::optional<ClientId> Arbiter::owner() const {
  const MutexLock lock(mutex_);
  return holder_;
}

AllocFreeCounts Arbiter::alloc_free_counts() const {
  const MutexLock lock(mutex_);
  return counts_;
}

size_t Arbiter::Expire() {
  const MutexLock lock(mutex_);
  const Nanoseconds now = clock_.Now();
  size_t expired = 0;
  for (auto it = queue_.begin(); it != queue_.end();) {
    if (!(*it)->deadline.PassedAt(now)) {
      ++it;
      continue;
    }
    Fail(**it, Error(Errc::kPortBusy, "the port was not granted before the deadline"));
    it = queue_.erase(it);
    ++expired;
  }
  num_waiters_.store(queue_.size());
  return expired;
}

Result<PortClaim> Arbiter::Request(Waiter& waiter, std::stop_token cancel) {
  if (cancel.stop_requested()) return Error(Errc::kCancelled, "cancelled before it was made");
  Result<Admission> admitted = Admission::kQueued;
  {
    const MutexLock lock(mutex_);
    admitted = Admit(waiter);
  }
  if (!admitted) return std::move(admitted).error();
  if (*admitted == Admission::kTaken) {
    HandOver(&waiter);
    const MutexLock lock(mutex_);
    return Outcome(waiter);
  }
  // From here a stop takes the waiter out of the queue if it is still there. The callback takes
  // the lock, and runs at once if the stop came already, so it is registered without the lock;
  // its destructor waits for a callback running in another thread, so it is destroyed after the
  // lock is released (declared first, destroyed last).
  auto cancel_waiter = [this, &waiter] { Cancel(waiter); };
  const std::stop_callback<decltype(cancel_waiter)> on_cancel(std::move(cancel), cancel_waiter);
  const MutexLock lock(mutex_);
  AwaitOutcome(waiter);
  return Outcome(waiter);
}

Result<Arbiter::Admission> Arbiter::Admit(Waiter& waiter) {
  if (holder_ == waiter.client) return Error(Errc::kInvalidState, "the client owns the port");
  if (!holder_.has_value()) {
    // The port is free only while nobody waits: taking it overtakes no one.
    holder_ = waiter.client;
    waiter.state = Waiter::State::kGranting;
    return Admission::kTaken;
  }
  if (!waiter.queues()) return Error(Errc::kPortBusy, "the port is owned by another client");
  if (waiter.deadline.PassedAt(clock_.Now())) {
    return Error(Errc::kPortBusy, "the port was not granted before the deadline");
  }
  queue_.push_back(&waiter);
  num_waiters_.store(queue_.size());
  return Admission::kQueued;
}

void Arbiter::AwaitOutcome(Waiter& waiter) {
  // Virtual time the waiter has seen pass while the clock stood still (see the header).
  Nanoseconds still{0};
  while (waiter.pending()) {
    if (waiter.state != Waiter::State::kQueued || waiter.deadline.is_never()) {
      waiter.wake.Wait(mutex_);
      continue;
    }
    const Nanoseconds clock_before = clock_.Now();
    const Nanoseconds left = waiter.deadline.RemainingAt(clock_before + still);
    if (left == Nanoseconds(0)) {
      std::erase(queue_, &waiter);
      num_waiters_.store(queue_.size());
      Fail(waiter, Error(Errc::kPortBusy, "the port was not granted before the deadline"));
      return;
    }
    const auto real_before = std::chrono::steady_clock::now();
    waiter.wake.WaitUntil(
        mutex_, real_before + std::min(left, real_time_ ? kLongestWait : kStillClockLook));
    if (!real_time_ && clock_.Now() == clock_before) {
      still +=
          std::chrono::duration_cast<Nanoseconds>(std::chrono::steady_clock::now() - real_before);
    }
  }
}

Result<PortClaim> Arbiter::Outcome(Waiter& waiter) {
  if (waiter.state == Waiter::State::kGranted) return PortClaim(*this, waiter.client, waiter.grant);
  PARCLASS_ASSERT(waiter.state == Waiter::State::kFailed && waiter.error.has_value(),
                  "the outcome of a request still pending");
  return *std::move(waiter.error);
}

void Arbiter::Cancel(Waiter& waiter) {
  const MutexLock lock(mutex_);
  if (waiter.state != Waiter::State::kQueued) return;  // Granted, or being granted: too late.
  std::erase(queue_, &waiter);
  num_waiters_.store(queue_.size());
  Fail(waiter, Error(Errc::kCancelled, "cancelled while waiting for the port"));
}

void Arbiter::Fail(Waiter& waiter, Error error) {
  waiter.error = std::move(error);
  waiter.state = Waiter::State::kFailed;
  waiter.wake.NotifyOne();
}

void Arbiter::Free(const PortClaim& claim) {
  {
    const MutexLock lock(mutex_);
    PARCLASS_ASSERT(holder_ == claim.client_ && grant_ == claim.grant_,
                    "Free by a claim that does not own the port");
    ++counts_.port_frees;
  }
  if (hooks_.on_free) hooks_.on_free(claim.client_);
  Waiter* next = nullptr;
  {
    const MutexLock lock(mutex_);
    next = PopNext();
  }
  HandOver(next);
}

Arbiter::Waiter* Arbiter::PopNext() {
  if (queue_.empty()) {
    holder_.reset();
    return nullptr;
  }
  Waiter* next = queue_.front();
  queue_.pop_front();
  num_waiters_.store(queue_.size());
  next->state = Waiter::State::kGranting;
  holder_ = next->client;
  return next;
}

// Grants the port to `next` (already out of the queue and the holder), running its grant hooks
// in this thread. If its select fails, the port goes to the waiter after it, and so on; if the
// queue runs out, the port is free and on_idle runs.
void Arbiter::HandOver(Waiter* next) {
  while (next != nullptr) {
    Result<void> ready = RunGrantHooks(*next);
    const MutexLock lock(mutex_);
    if (ready) {
      next->grant = ++grant_;
      next->state = Waiter::State::kGranted;
      ++counts_.port_allocates;
      next->wake.NotifyOne();
      return;
    }
    Fail(*next, std::move(ready).error());
    next = PopNext();
  }
  RunIdle();
}

Result<void> Arbiter::RunGrantHooks(const Waiter& waiter) {
  if (waiter.selects()) {
    PARCLASS_TRY((*waiter.select)());
  } else if (hooks_.before_plain_grant) {
    hooks_.before_plain_grant(waiter.client);
  }
  if (hooks_.on_grant) hooks_.on_grant(waiter.client);
  return Ok();
}

void Arbiter::RunIdle() {
  if (!hooks_.on_idle) return;
  const std::thread::id self = std::this_thread::get_id();
  {
    const MutexLock lock(mutex_);
    if (idle_thread_ == self) return;  // on_idle freed a claim of its own.
    if (idle_thread_ != std::thread::id()) {
      idle_again_ = true;  // The thread running on_idle runs it once more.
      return;
    }
    idle_thread_ = self;
  }
  bool again = true;
  while (again) {
    hooks_.on_idle();
    const MutexLock lock(mutex_);
    again = std::exchange(idle_again_, false);
    if (!again) idle_thread_ = std::thread::id();
  }
}

}  // namespace parclass::port
