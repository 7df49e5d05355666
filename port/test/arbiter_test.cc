#include "parclass/port/arbiter.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <latch>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "parclass/base/testing/result_matchers.h"

// Real threads, no sleeps: threads meet at latches and promises, and a test that needs a request
// to be queued yields until QueryNumWaiters shows it (AwaitWaiters); stress-test clients keep the
// port until someone waits (HoldUntilSomeoneWaits), so that nearly every grant is a handover
// whatever the scheduler does. Deadlines are on a
// VirtualClock and noticed at Expire(), hours away so that the real time a waiter counts while the
// clock stands still never reaches them; except in the tests named SteadyClock... and
// AStillClock..., which wait in real time for a deadline that nothing else can beat, so that only
// the duration depends on the machine, never the outcome.

namespace parclass::port {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

constexpr ClientId kA{1};
constexpr ClientId kB{2};
constexpr ClientId kC{3};
constexpr ClientId kD{4};

// Keeps the port until another request waits for it, or for a bounded number of yields (the
// other clients may be done), so that stress tests hand the port over rather than take turns by
// time slice.
void HoldUntilSomeoneWaits(const Arbiter& arbiter) {
  for (int spin = 0; spin < 1000 && arbiter.QueryNumWaiters() == 0; ++spin) {
    std::this_thread::yield();
  }
}

// Yields until `count` requests are queued. Nothing reports an arrival in the queue, so the test
// looks at it; no time is involved.
void AwaitWaiters(const Arbiter& arbiter, size_t count) {
  while (arbiter.QueryNumWaiters() != count) std::this_thread::yield();
}

// A request made from its own thread, as another client would make it. Take() waits for its
// outcome, which must be taken before the Pending goes out of scope.
class Pending {
 public:
  explicit Pending(std::function<Result<PortClaim>()> request)
      : outcome_(promise_.get_future()),
        thread_([this, request = std::move(request)] { promise_.set_value(request()); }) {}
  Pending(const Pending&) = delete;
  Pending& operator=(const Pending&) = delete;
  ~Pending() { thread_.join(); }

  Result<PortClaim> Take() { return outcome_.get(); }

 private:
  std::promise<Result<PortClaim>> promise_;
  std::future<Result<PortClaim>> outcome_;
  std::thread thread_;
};

// An arbiter on virtual time whose hooks log each call ("plain 2", "select 2", "grant 2",
// "free 2", "idle") and check that the arbiter reports the client they are called for as the
// owner.
class ArbiterTest : public ::testing::Test {
 protected:
  ArbiterHooks LoggingHooks() {
    return {
        .before_plain_grant = [this](ClientId client) { Log("plain", client); },
        .on_grant = [this](ClientId client) { Log("grant", client); },
        .on_free = [this](ClientId client) { Log("free", client); },
        .on_idle = [this] { Log("idle", std::nullopt); },
    };
  }
  // A select function that logs "select <client>" and then succeeds, or fails with `fails`.
  SelectFunction LoggingSelect(ClientId client, std::optional<Errc> fails = std::nullopt) {
    return [this, client, fails]() -> Result<void> {
      Log("select", client);
      if (fails) return Error(*fails, "no such daisy-chain device");
      return Ok();
    };
  }
  std::vector<std::string> TakeLog() {
    const std::scoped_lock lock(log_mutex_);
    return std::exchange(log_, {});
  }

  VirtualClock clock_;
  std::mutex log_mutex_;
  std::vector<std::string> log_;
  Arbiter arbiter_{clock_, LoggingHooks()};  // Virtual time: deadlines at Expire().

 private:
  void Log(const char* hook, std::optional<ClientId> client) {
    std::string entry = hook;
    if (client) {
      EXPECT_EQ(arbiter_.owner(), client) << "in " << hook;
      entry = fmt::format("{} {}", hook, client->value);
    }
    const std::scoped_lock lock(log_mutex_);
    log_.push_back(std::move(entry));
  }
};

// Allocation and freeing.

TEST_F(ArbiterTest, AllocateOnAFreePortGrantsItAtOnce) {
  Result<PortClaim> claim = arbiter_.Allocate(kA, Deadline::Never());
  ASSERT_OK(claim);
  EXPECT_TRUE(claim->holds());
  EXPECT_EQ(claim->client(), kA);
  EXPECT_EQ(arbiter_.owner(), kA);
  EXPECT_EQ(arbiter_.QueryNumWaiters(), 0U);
  EXPECT_THAT(TakeLog(), ElementsAre("plain 1", "grant 1"));
}

TEST_F(ArbiterTest, FreeGivesThePortUpOnce) {
  Result<PortClaim> claim = arbiter_.Allocate(kA, Deadline::Never());
  ASSERT_OK(claim);
  claim->Free();
  EXPECT_FALSE(claim->holds());
  EXPECT_EQ(arbiter_.owner(), std::nullopt);
  claim->Free();  // Holds nothing: no effect.
  EXPECT_THAT(TakeLog(), ElementsAre("plain 1", "grant 1", "free 1", "idle"));
}

TEST_F(ArbiterTest, CountsAllocatesAndFrees) {
  for (int i = 0; i < 3; ++i) {
    Result<PortClaim> claim = arbiter_.Allocate(kA, Deadline::Never());
    EXPECT_OK(claim);
  }
  Result<PortClaim> held = arbiter_.TryAllocate(kB);
  EXPECT_OK(held);
  const AllocFreeCounts counts = arbiter_.alloc_free_counts();
  EXPECT_EQ(counts.port_allocates, 4U);
  EXPECT_EQ(counts.port_frees, 3U);
}

TEST_F(ArbiterTest, ClientThatOwnsThePortCannotRequestItAgain) {
  Result<PortClaim> claim = arbiter_.Allocate(kA, Deadline::Never());
  ASSERT_OK(claim);
  EXPECT_ERRC(arbiter_.Allocate(kA, Deadline::Never()), Errc::kInvalidState);
  EXPECT_ERRC(arbiter_.Select(kA, LoggingSelect(kA), Deadline::Never()), Errc::kInvalidState);
  EXPECT_ERRC(arbiter_.TryAllocate(kA), Errc::kInvalidState);
  EXPECT_ERRC(arbiter_.TrySelect(kA, LoggingSelect(kA)), Errc::kInvalidState);
  EXPECT_EQ(arbiter_.QueryNumWaiters(), 0U);
  EXPECT_EQ(arbiter_.owner(), kA);
}

// Try requests.

TEST_F(ArbiterTest, TryAllocateTakesAFreePort) {
  Result<PortClaim> claim = arbiter_.TryAllocate(kA);
  ASSERT_OK(claim);
  EXPECT_EQ(arbiter_.owner(), kA);
  EXPECT_THAT(TakeLog(), ElementsAre("plain 1", "grant 1"));
}

TEST_F(ArbiterTest, TryAllocateOnAnOwnedPortIsBusyAndDoesNotQueue) {
  Result<PortClaim> claim = arbiter_.Allocate(kA, Deadline::Never());
  ASSERT_OK(claim);
  EXPECT_ERRC(arbiter_.TryAllocate(kB), Errc::kPortBusy);
  EXPECT_ERRC(arbiter_.TrySelect(kB, LoggingSelect(kB)), Errc::kPortBusy);
  EXPECT_EQ(arbiter_.QueryNumWaiters(), 0U);
  EXPECT_EQ(arbiter_.alloc_free_counts().port_allocates, 1U);
  EXPECT_THAT(TakeLog(), ElementsAre("plain 1", "grant 1"));
}

// While a request waits, the port is never free: not even during the handover, when the freeing
// thread runs the hooks.
TEST_F(ArbiterTest, TryAllocateNeverOvertakesAWaiter) {
  std::optional<Errc> try_in_handover;
  Arbiter* arbiter = nullptr;
  Arbiter handing_over(clock_, {.on_free = [&](ClientId) {
                         Result<PortClaim> tried = arbiter->TryAllocate(kC);
                         if (!tried) try_in_handover = tried.error().code();
                       }});
  arbiter = &handing_over;
  Result<PortClaim> a = handing_over.Allocate(kA, Deadline::Never());
  ASSERT_OK(a);
  Pending b([&] { return handing_over.Allocate(kB, Deadline::Never()); });
  AwaitWaiters(handing_over, 1);
  EXPECT_ERRC(handing_over.TryAllocate(kC), Errc::kPortBusy);
  a->Free();
  EXPECT_EQ(try_in_handover, Errc::kPortBusy);
  Result<PortClaim> b_claim = b.Take();
  ASSERT_OK(b_claim);
  EXPECT_EQ(handing_over.owner(), kB);
  EXPECT_ERRC(handing_over.TryAllocate(kC), Errc::kPortBusy);
  b_claim->Free();
  EXPECT_OK(handing_over.TryAllocate(kC));
}

TEST_F(ArbiterTest, TrySelectRunsTheSelectFunctionInsteadOfThePlainHook) {
  Result<PortClaim> claim = arbiter_.TrySelect(kB, LoggingSelect(kB));
  ASSERT_OK(claim);
  EXPECT_EQ(arbiter_.owner(), kB);
  EXPECT_THAT(TakeLog(), ElementsAre("select 2", "grant 2"));
}

TEST_F(ArbiterTest, FailedTrySelectReturnsItsErrorAndLeavesThePortFree) {
  EXPECT_ERRC(arbiter_.TrySelect(kB, LoggingSelect(kB, Errc::kNoSuchDevice)), Errc::kNoSuchDevice);
  EXPECT_EQ(arbiter_.owner(), std::nullopt);
  const AllocFreeCounts counts = arbiter_.alloc_free_counts();
  EXPECT_EQ(counts.port_allocates, 0U);
  EXPECT_EQ(counts.port_frees, 0U);
  EXPECT_THAT(TakeLog(), ElementsAre("select 2", "idle"));
}

// The FIFO.

TEST_F(ArbiterTest, AllocateAndSelectRequestsAreGrantedInArrivalOrder) {
  Result<PortClaim> first = arbiter_.Allocate(kA, Deadline::Never());
  ASSERT_OK(first);
  constexpr uint32_t kClients = 8;
  std::vector<uint32_t> order;  // Appended to only by the owner of the port.
  std::vector<std::thread> clients;
  for (uint32_t i = 0; i < kClients; ++i) {
    const ClientId client{10 + i};
    clients.emplace_back([&, client, i] {
      Result<PortClaim> claim =
          i % 2 == 0 ? arbiter_.Allocate(client, Deadline::Never())
                     : arbiter_.Select(client, LoggingSelect(client), Deadline::Never());
      ASSERT_OK(claim);
      order.push_back(client.value);
    });
    AwaitWaiters(arbiter_, i + 1);
  }
  first->Free();
  for (std::thread& client : clients) client.join();

  EXPECT_THAT(order, ElementsAre(10, 11, 12, 13, 14, 15, 16, 17));
  std::vector<std::string> expected = {"plain 1", "grant 1", "free 1"};
  for (uint32_t i = 0; i < kClients; ++i) {
    const std::string client = std::to_string(10 + i);
    expected.push_back((i % 2 == 0 ? "plain " : "select ") + client);
    expected.push_back("grant " + client);
    expected.push_back("free " + client);
  }
  expected.emplace_back("idle");
  EXPECT_THAT(TakeLog(), ElementsAreArray(expected));
}

TEST_F(ArbiterTest, QueryNumWaitersCountsQueuedRequests) {
  Result<PortClaim> a = arbiter_.Allocate(kA, Deadline::Never());
  ASSERT_OK(a);
  EXPECT_EQ(arbiter_.QueryNumWaiters(), 0U);
  Pending b([&] { return arbiter_.Allocate(kB, Deadline::Never()); });
  AwaitWaiters(arbiter_, 1);
  Pending c([&] { return arbiter_.Select(kC, LoggingSelect(kC), Deadline::Never()); });
  AwaitWaiters(arbiter_, 2);
  a->Free();
  EXPECT_EQ(arbiter_.QueryNumWaiters(), 1U);  // The handover took B out of the queue.
  EXPECT_OK(b.Take());                        // Freed at once.
  EXPECT_EQ(arbiter_.QueryNumWaiters(), 0U);
  EXPECT_OK(c.Take());
}

// Handover hooks.

TEST_F(ArbiterTest, HooksFollowOwnershipInOrder) {
  Result<PortClaim> a = arbiter_.Allocate(kA, Deadline::Never());
  ASSERT_OK(a);
  Pending b([&] { return arbiter_.Select(kB, LoggingSelect(kB), Deadline::Never()); });
  AwaitWaiters(arbiter_, 1);
  Pending c([&] { return arbiter_.Allocate(kC, Deadline::Never()); });
  AwaitWaiters(arbiter_, 2);
  a->Free();
  Result<PortClaim> b_claim = b.Take();
  ASSERT_OK(b_claim);
  b_claim->Free();
  Result<PortClaim> c_claim = c.Take();
  ASSERT_OK(c_claim);
  c_claim->Free();
  EXPECT_THAT(TakeLog(), ElementsAre("plain 1", "grant 1",             //
                                     "free 1", "select 2", "grant 2",  // Handover to B.
                                     "free 2", "plain 3", "grant 3",   // Handover to C.
                                     "free 3", "idle"));               // Nobody waits.
}

TEST_F(ArbiterTest, FailedSelectEndsItsRequestAndServesTheNextWaiter) {
  Result<PortClaim> a = arbiter_.Allocate(kA, Deadline::Never());
  ASSERT_OK(a);
  Pending b([&] {
    return arbiter_.Select(kB, LoggingSelect(kB, Errc::kNoSuchDevice), Deadline::Never());
  });
  AwaitWaiters(arbiter_, 1);
  Pending c([&] { return arbiter_.Allocate(kC, Deadline::Never()); });
  AwaitWaiters(arbiter_, 2);
  a->Free();
  EXPECT_ERRC(b.Take(), Errc::kNoSuchDevice);
  Result<PortClaim> c_claim = c.Take();
  ASSERT_OK(c_claim);
  EXPECT_EQ(arbiter_.owner(), kC);
  const AllocFreeCounts counts = arbiter_.alloc_free_counts();
  EXPECT_EQ(counts.port_allocates, 2U);  // A and C: B's failed select was no grant.
  EXPECT_EQ(counts.port_frees, 1U);
  EXPECT_THAT(TakeLog(),
              ElementsAre("plain 1", "grant 1", "free 1", "select 2", "plain 3", "grant 3"));
}

TEST_F(ArbiterTest, IdleHookRunsOnlyAfterAFreeThatLeavesNobodyWaiting) {
  Result<PortClaim> a = arbiter_.Allocate(kA, Deadline::Never());
  ASSERT_OK(a);
  Pending b([&] { return arbiter_.Allocate(kB, Deadline::Never()); });
  AwaitWaiters(arbiter_, 1);
  a->Free();
  Result<PortClaim> b_claim = b.Take();
  ASSERT_OK(b_claim);
  EXPECT_THAT(TakeLog(), ElementsAre("plain 1", "grant 1", "free 1", "plain 2", "grant 2"));
  b_claim->Free();
  EXPECT_THAT(TakeLog(), ElementsAre("free 2", "idle"));
}

// A deferred port check routine takes the port (to re-enable interrupts, say) and frees it: that
// free does not run the routine again.
TEST_F(ArbiterTest, IdleHookMayTakeThePortWithoutRunningItselfAgain) {
  int idle_runs = 0;
  bool took_port = false;
  Arbiter* arbiter = nullptr;
  Arbiter deferred(clock_, {.on_idle = [&] {
                     ++idle_runs;
                     Result<PortClaim> claim = arbiter->TryAllocate(kD);
                     took_port = claim.has_value();
                   }});
  arbiter = &deferred;
  EXPECT_OK(deferred.TryAllocate(kA));  // Freed at once.
  EXPECT_EQ(idle_runs, 1);
  EXPECT_TRUE(took_port);
  EXPECT_EQ(deferred.owner(), std::nullopt);
  EXPECT_EQ(deferred.alloc_free_counts().port_frees, 2U);
}

// On_idle must not block; this one blocks on purpose, so that another thread frees the port
// while it runs.
TEST_F(ArbiterTest, FreeWhileIdleHookRunsMakesItRunOnceMore) {
  std::latch idle_entered(1);
  std::latch other_freed(1);
  int idle_runs = 0;  // Touched by on_idle, which never runs twice at once.
  Arbiter deferred(clock_, {.on_idle = [&] {
                     if (++idle_runs > 1) return;
                     idle_entered.count_down();
                     other_freed.wait();
                   }});
  std::thread first([&] { EXPECT_OK(deferred.TryAllocate(kA)); });
  idle_entered.wait();
  EXPECT_OK(deferred.TryAllocate(kB));  // Freed at once, while on_idle runs in `first`.
  other_freed.count_down();
  first.join();
  EXPECT_EQ(idle_runs, 2);
}

// Cancellation.

TEST_F(ArbiterTest, CancelFromAnotherThreadTakesAQueuedRequestOut) {
  Result<PortClaim> a = arbiter_.Allocate(kA, Deadline::Never());
  ASSERT_OK(a);
  std::stop_source cancel;
  Pending b([&] { return arbiter_.Allocate(kB, Deadline::Never(), cancel.get_token()); });
  AwaitWaiters(arbiter_, 1);
  std::thread([&] { cancel.request_stop(); }).join();
  EXPECT_EQ(arbiter_.QueryNumWaiters(), 0U);
  EXPECT_ERRC(b.Take(), Errc::kCancelled);
  a->Free();
  EXPECT_EQ(arbiter_.owner(), std::nullopt);
  EXPECT_EQ(arbiter_.alloc_free_counts().port_allocates, 1U);
  EXPECT_THAT(TakeLog(), ElementsAre("plain 1", "grant 1", "free 1", "idle"));
}

TEST_F(ArbiterTest, CancellingOneWaiterKeepsTheOthersInOrder) {
  Result<PortClaim> a = arbiter_.Allocate(kA, Deadline::Never());
  ASSERT_OK(a);
  std::stop_source cancel_c;
  Pending b([&] { return arbiter_.Allocate(kB, Deadline::Never()); });
  AwaitWaiters(arbiter_, 1);
  Pending c([&] { return arbiter_.Allocate(kC, Deadline::Never(), cancel_c.get_token()); });
  AwaitWaiters(arbiter_, 2);
  Pending d([&] { return arbiter_.Select(kD, LoggingSelect(kD), Deadline::Never()); });
  AwaitWaiters(arbiter_, 3);
  cancel_c.request_stop();
  EXPECT_EQ(arbiter_.QueryNumWaiters(), 2U);
  EXPECT_ERRC(c.Take(), Errc::kCancelled);
  a->Free();
  EXPECT_OK(b.Take());
  EXPECT_OK(d.Take());
  EXPECT_THAT(TakeLog(), ElementsAre("plain 1", "grant 1", "free 1", "plain 2", "grant 2", "free 2",
                                     "select 4", "grant 4", "free 4", "idle"));
}

TEST_F(ArbiterTest, CancellingAGrantedRequestHasNoEffect) {
  std::stop_source cancel;
  Result<PortClaim> claim = arbiter_.Allocate(kA, Deadline::Never(), cancel.get_token());
  ASSERT_OK(claim);
  cancel.request_stop();
  EXPECT_TRUE(claim->holds());
  EXPECT_EQ(arbiter_.owner(), kA);
}

// A request is granted from the moment it leaves the queue: a stop that comes while the freeing
// thread runs its grant hooks is too late.
TEST_F(ArbiterTest, CancelDuringTheHandoverIsTooLate) {
  std::stop_source cancel;
  Arbiter arbiter(clock_, {.on_grant = [&](ClientId client) {
                    if (client == kB) cancel.request_stop();
                  }});
  Result<PortClaim> a = arbiter.Allocate(kA, Deadline::Never());
  ASSERT_OK(a);
  Pending b([&] { return arbiter.Allocate(kB, Deadline::Never(), cancel.get_token()); });
  AwaitWaiters(arbiter, 1);
  a->Free();
  EXPECT_TRUE(cancel.stop_requested());
  Result<PortClaim> b_claim = b.Take();
  ASSERT_OK(b_claim);
  EXPECT_EQ(arbiter.owner(), kB);
}

TEST_F(ArbiterTest, RequestCancelledBeforeItIsMadeTakesNothing) {
  std::stop_source cancel;
  cancel.request_stop();
  EXPECT_ERRC(arbiter_.Allocate(kA, Deadline::Never(), cancel.get_token()), Errc::kCancelled);
  EXPECT_ERRC(arbiter_.Select(kA, LoggingSelect(kA), Deadline::Never(), cancel.get_token()),
              Errc::kCancelled);
  EXPECT_EQ(arbiter_.owner(), std::nullopt);
  EXPECT_THAT(TakeLog(), ElementsAre());
}

// Deadlines.

// Once the virtual clock passes the deadline the wait ends: at Expire(), or at the waiter's own
// next look at the clock, whichever comes first (so Expire() ends it or finds it gone).
TEST_F(ArbiterTest, DeadlineEndsTheWaitOnceTheVirtualClockPassesIt) {
  Result<PortClaim> a = arbiter_.Allocate(kA, Deadline::Never());
  ASSERT_OK(a);
  Pending b([&] { return arbiter_.Allocate(kB, Deadline::After(clock_, hours(10))); });
  AwaitWaiters(arbiter_, 1);
  clock_.AdvanceTo(hours(9));
  EXPECT_EQ(arbiter_.Expire(), 0U);
  EXPECT_EQ(arbiter_.QueryNumWaiters(), 1U);
  clock_.AdvanceTo(hours(10));
  EXPECT_LE(arbiter_.Expire(), 1U);
  EXPECT_ERRC(b.Take(), Errc::kPortBusy);
  EXPECT_EQ(arbiter_.QueryNumWaiters(), 0U);
  a->Free();
  EXPECT_EQ(arbiter_.owner(), std::nullopt);
}

// Nobody moves the clock while the holder sits idle: the waiter sees real time pass in its place,
// and its deadline ends the wait without Expire().
TEST_F(ArbiterTest, AStillClockLetsRealTimeEndTheWait) {
  Result<PortClaim> a = arbiter_.Allocate(kA, Deadline::Never());
  ASSERT_OK(a);
  EXPECT_ERRC(arbiter_.Allocate(kB, Deadline::After(clock_, milliseconds(20))), Errc::kPortBusy);
  EXPECT_EQ(clock_.Now(), Nanoseconds(0));  // The waiter never moves the clock itself.
  EXPECT_EQ(arbiter_.QueryNumWaiters(), 0U);
  EXPECT_EQ(arbiter_.owner(), kA);
}

TEST_F(ArbiterTest, ExpireLeavesLaterDeadlinesQueued) {
  Result<PortClaim> a = arbiter_.Allocate(kA, Deadline::Never());
  ASSERT_OK(a);
  Pending b([&] { return arbiter_.Allocate(kB, Deadline::After(clock_, hours(5))); });
  AwaitWaiters(arbiter_, 1);
  Pending c([&] { return arbiter_.Allocate(kC, Deadline::After(clock_, hours(10))); });
  AwaitWaiters(arbiter_, 2);
  Pending d([&] { return arbiter_.Allocate(kD, Deadline::Never()); });
  AwaitWaiters(arbiter_, 3);
  clock_.AdvanceTo(hours(5));
  EXPECT_LE(arbiter_.Expire(), 1U);  // b's own look may have come first.
  EXPECT_ERRC(b.Take(), Errc::kPortBusy);
  EXPECT_EQ(arbiter_.QueryNumWaiters(), 2U);
  a->Free();
  EXPECT_OK(c.Take());
  EXPECT_OK(d.Take());
}

TEST_F(ArbiterTest, PassedDeadlineStillGetsAFreePort) {
  clock_.AdvanceTo(milliseconds(10));
  EXPECT_OK(arbiter_.Allocate(kA, Deadline::At(milliseconds(1))));
}

TEST_F(ArbiterTest, PassedDeadlineOnAnOwnedPortFailsWithoutQueueing) {
  Result<PortClaim> a = arbiter_.Allocate(kA, Deadline::Never());
  ASSERT_OK(a);
  clock_.AdvanceTo(milliseconds(10));
  EXPECT_ERRC(arbiter_.Allocate(kB, Deadline::At(milliseconds(10))), Errc::kPortBusy);
  EXPECT_EQ(arbiter_.QueryNumWaiters(), 0U);
}

// With a SteadyClock the waiter itself notices its deadline: nobody calls Expire().
TEST(ArbiterSteadyClockTest, DeadlinePassesInRealTime) {
  SteadyClock clock;
  Arbiter arbiter(clock);
  Result<PortClaim> a = arbiter.Allocate(kA, Deadline::Never());
  ASSERT_OK(a);
  EXPECT_ERRC(arbiter.Allocate(kB, Deadline::After(clock, milliseconds(1))), Errc::kPortBusy);
  EXPECT_EQ(arbiter.QueryNumWaiters(), 0U);
  EXPECT_EQ(arbiter.owner(), kA);
}

TEST(ArbiterSteadyClockTest, TimedWaiterIsGrantedBeforeItsDeadline) {
  SteadyClock clock;
  Arbiter arbiter(clock);
  Result<PortClaim> a = arbiter.Allocate(kA, Deadline::Never());
  ASSERT_OK(a);
  Pending b([&] { return arbiter.Allocate(kB, Deadline::After(clock, std::chrono::hours(1))); });
  AwaitWaiters(arbiter, 1);
  a->Free();
  EXPECT_OK(b.Take());
}

// Clients that go away holding the port.

TEST_F(ArbiterTest, ClaimFreesThePortWhenDestroyed) {
  {
    Result<PortClaim> claim = arbiter_.Allocate(kA, Deadline::Never());
    ASSERT_OK(claim);
  }
  EXPECT_EQ(arbiter_.owner(), std::nullopt);
  EXPECT_EQ(arbiter_.alloc_free_counts().port_frees, 1U);
}

TEST_F(ArbiterTest, MovedClaimKeepsThePort) {
  Result<PortClaim> granted = arbiter_.Allocate(kA, Deadline::Never());
  ASSERT_OK(granted);
  PortClaim claim = *std::move(granted);
  EXPECT_FALSE(granted->holds());  // NOLINT(bugprone-use-after-move): moved-from is specified.
  PortClaim moved(std::move(claim));
  EXPECT_FALSE(claim.holds());  // NOLINT(bugprone-use-after-move): moved-from is specified.
  EXPECT_TRUE(moved.holds());
  EXPECT_EQ(arbiter_.owner(), kA);
  EXPECT_EQ(arbiter_.alloc_free_counts().port_frees, 0U);
}

TEST_F(ArbiterTest, AssigningOverAClaimFreesWhatItHeld) {
  Arbiter other(clock_);
  Result<PortClaim> here = arbiter_.Allocate(kA, Deadline::Never());
  Result<PortClaim> there = other.Allocate(kB, Deadline::Never());
  ASSERT_OK(here);
  ASSERT_OK(there);
  *here = *std::move(there);
  EXPECT_EQ(arbiter_.owner(), std::nullopt);
  EXPECT_EQ(other.owner(), kB);
  here->Free();
  EXPECT_EQ(other.owner(), std::nullopt);
}

TEST_F(ArbiterTest, ClientThreadThatEndsHoldingThePortReleasesIt) {
  std::thread client([&] {
    Result<PortClaim> claim = arbiter_.Allocate(kA, Deadline::Never());
    EXPECT_OK(claim);
  });  // Returns without freeing.
  client.join();
  EXPECT_EQ(arbiter_.owner(), std::nullopt);
  EXPECT_THAT(TakeLog(), ElementsAre("plain 1", "grant 1", "free 1", "idle"));
}

TEST_F(ArbiterTest, ClientThreadThatThrowsHandsThePortToTheNextWaiter) {
  std::latch owns(1);
  std::thread client([&] {
    try {
      Result<PortClaim> claim = arbiter_.Allocate(kA, Deadline::Never());
      owns.count_down();
      AwaitWaiters(arbiter_, 1);
      throw std::runtime_error("client failed");
    } catch (const std::runtime_error&) {
      // The claim was destroyed on the way out.
    }
  });
  owns.wait();
  Pending b([&] { return arbiter_.Allocate(kB, Deadline::Never()); });
  Result<PortClaim> b_claim = b.Take();
  client.join();
  ASSERT_OK(b_claim);
  EXPECT_EQ(arbiter_.owner(), kB);
}

TEST_F(ArbiterTest, DestroyingTheObjectThatOwnsAClaimFreesThePort) {
  struct Client {
    std::optional<PortClaim> claim;
  };
  auto client = std::make_unique<Client>();
  Result<PortClaim> granted = arbiter_.Allocate(kA, Deadline::Never());
  ASSERT_OK(granted);
  client->claim = *std::move(granted);
  client.reset();
  EXPECT_EQ(arbiter_.owner(), std::nullopt);
}

// Bugs.

TEST(ArbiterDeathTest, DestroyedWhileItsPortIsClaimed) {
  EXPECT_DEATH(
      {
        VirtualClock clock;
        auto arbiter = std::make_unique<Arbiter>(clock);
        Result<PortClaim> claim = arbiter->TryAllocate(kA);
        arbiter.reset();
      },
      "destroyed while its port is claimed");
}

TEST(ArbiterDeathTest, SelectWithoutASelectFunction) {
  VirtualClock clock;
  Arbiter arbiter(clock);
  EXPECT_DEATH(static_cast<void>(arbiter.Select(kA, SelectFunction(), Deadline::Never())),
               "without a select function");
  EXPECT_DEATH(static_cast<void>(arbiter.TrySelect(kA, SelectFunction())),
               "without a select function");
}

// Stress: run under ThreadSanitizer (the tsan preset).

// Each client increments a plain counter while it holds the port, and the hooks keep a plain
// record of whose the registers are: only the arbiter orders these accesses.
TEST(ArbiterStressTest, ClaimsSerialiseClients) {
  constexpr uint32_t kClients = 8;
  constexpr int kRounds = 1000;
  SteadyClock clock;
  std::optional<ClientId> registers_of;
  Arbiter arbiter(clock, {.on_grant =
                              [&](ClientId client) {
                                EXPECT_EQ(registers_of, std::nullopt);
                                registers_of = client;
                              },
                          .on_free =
                              [&](ClientId client) {
                                EXPECT_EQ(registers_of, client);
                                registers_of.reset();
                              }});
  const SelectFunction select = [] { return Ok(); };
  uint64_t counter = 0;
  std::latch start(kClients);
  std::vector<std::thread> clients;
  for (uint32_t i = 0; i < kClients; ++i) {
    clients.emplace_back([&, client = ClientId{i + 1}] {
      start.arrive_and_wait();
      for (int round = 0; round < kRounds; ++round) {
        Result<PortClaim> claim = round % 4 == 0 ? arbiter.TryAllocate(client)
                                                 : Result<PortClaim>(Error(Errc::kPortBusy, ""));
        if (!claim) {
          claim = round % 2 == 1 ? arbiter.Select(client, select, Deadline::Never())
                                 : arbiter.Allocate(client, Deadline::Never());
        }
        ASSERT_OK(claim);
        ++counter;
        HoldUntilSomeoneWaits(arbiter);
        EXPECT_EQ(registers_of, client);
      }
    });
  }
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(counter, uint64_t{kClients} * kRounds);
  const AllocFreeCounts counts = arbiter.alloc_free_counts();
  EXPECT_EQ(counts.port_allocates, counter);
  EXPECT_EQ(counts.port_frees, counter);
  EXPECT_EQ(arbiter.QueryNumWaiters(), 0U);
  EXPECT_EQ(arbiter.owner(), std::nullopt);
}

// Stops from another thread and short real-time deadlines race the grants. Whatever the
// outcomes, every grant is counted once and freed once, and nothing stays queued.
TEST(ArbiterStressTest, CancellationsAndDeadlinesRaceGrants) {
  constexpr size_t kClients = 4;
  constexpr int kRounds = 300;
  SteadyClock clock;
  Arbiter arbiter(clock);
  const SelectFunction select = [] { return Ok(); };
  uint64_t counter = 0;
  std::atomic<uint64_t> granted = 0;
  std::atomic<uint64_t> refused = 0;
  std::mutex slots_mutex;
  std::array<std::stop_source*, kClients> slots{};  // The request each client is making.
  std::atomic<bool> done = false;
  std::thread canceller([&] {
    for (size_t next = 0; !done.load(); ++next) {
      {
        const std::scoped_lock lock(slots_mutex);
        if (slots[next % kClients] != nullptr) slots[next % kClients]->request_stop();
      }
      std::this_thread::yield();
    }
  });
  std::vector<std::thread> clients;
  for (size_t i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i, client = ClientId{static_cast<uint32_t>(i + 1)}] {
      for (int round = 0; round < kRounds; ++round) {
        std::stop_source source;
        {
          const std::scoped_lock lock(slots_mutex);
          slots[i] = &source;
        }
        const Deadline deadline = round % 3 == 0
                                      ? Deadline::After(clock, std::chrono::microseconds(20))
                                      : Deadline::Never();
        Result<PortClaim> claim = round % 2 == 1
                                      ? arbiter.Select(client, select, deadline, source.get_token())
                                      : arbiter.Allocate(client, deadline, source.get_token());
        {
          const std::scoped_lock lock(slots_mutex);
          slots[i] = nullptr;
        }
        if (claim) {
          HoldUntilSomeoneWaits(arbiter);
          ++counter;
          ++granted;
          continue;
        }
        const Errc code = claim.error().code();
        EXPECT_TRUE(code == Errc::kCancelled || code == Errc::kPortBusy) << claim.error();
        ++refused;
      }
    });
  }
  for (std::thread& client : clients) client.join();
  done = true;
  canceller.join();
  EXPECT_EQ(granted + refused, kClients * kRounds);
  EXPECT_EQ(counter, granted.load());
  const AllocFreeCounts counts = arbiter.alloc_free_counts();
  EXPECT_EQ(counts.port_allocates, counter);
  EXPECT_EQ(counts.port_frees, counter);
  EXPECT_EQ(arbiter.QueryNumWaiters(), 0U);
  EXPECT_EQ(arbiter.owner(), std::nullopt);
}

}  // namespace
}  // namespace parclass::port
