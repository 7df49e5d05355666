// ContextRegistry: contexts that are numbers, calls through them, removal that waits for the calls
// running on a context, and nothing found through a context removed or made up.

#include "parclass/base/context_registry.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace parclass {
namespace {

struct Counter {
  int value = 0;
};

int Increment(Counter& counter) { return ++counter.value; }

// A call through `context` in another thread, running from construction until `released`, when it
// increments its counter (which must still be alive) and returns.
struct RunningCall {
  RunningCall(ContextRegistry<Counter>& registry, void* context)
      : thread([&registry, context, this] {
          registry.Call(context, [this](Counter& counter) {
            entered = true;
            while (!released) std::this_thread::yield();
            ++counter.value;
          });
        }) {
    while (!entered) std::this_thread::yield();
  }
  ~RunningCall() { thread.join(); }
  RunningCall(const RunningCall&) = delete;
  RunningCall& operator=(const RunningCall&) = delete;

  std::atomic<bool> entered = false;
  std::atomic<bool> released = false;
  std::thread thread;  // Last: it uses the flags.
};

TEST(ContextRegistryTest, ACallReachesTheObjectItsContextNames) {
  ContextRegistry<Counter> registry;
  Counter a;
  Counter b;
  void* context_a = registry.Add(a);
  void* context_b = registry.Add(b);
  EXPECT_NE(context_a, nullptr);
  EXPECT_NE(context_a, context_b);
  EXPECT_NE(context_a, static_cast<void*>(&a));  // A number, not the address.
  EXPECT_EQ(registry.Call(context_a, -1, Increment), 1);
  EXPECT_EQ(registry.Call(context_a, -1, Increment), 2);
  EXPECT_EQ(registry.Call(context_b, -1, Increment), 1);
  EXPECT_TRUE(registry.Call(context_b, [](Counter& counter) { counter.value = 7; }));
  EXPECT_EQ(b.value, 7);
}

TEST(ContextRegistryTest, NothingIsFoundThroughARemovedOrMadeUpContext) {
  ContextRegistry<Counter> registry;
  Counter a;
  void* context = registry.Add(a);
  EXPECT_EQ(registry.Remove(context), &a);
  EXPECT_EQ(registry.Call(context, -1, Increment), -1);
  EXPECT_FALSE(registry.Call(context, [](Counter& counter) { counter.value = 7; }));
  EXPECT_EQ(registry.Remove(context), nullptr);  // Removed once only.
  EXPECT_EQ(a.value, 0);
  int not_an_object = 0;
  for (void* made_up : {static_cast<void*>(nullptr), static_cast<void*>(&not_an_object),
                        reinterpret_cast<void*>(uintptr_t{0x1234})}) {
    EXPECT_EQ(registry.Call(made_up, -1, Increment), -1);
    EXPECT_EQ(registry.Remove(made_up), nullptr);
  }
  Counter b;
  EXPECT_NE(registry.Add(b), context);  // Not reused.
}

// Remove() first makes the context name nothing, then interrupts and waits for the call running on
// it in another thread.
TEST(ContextRegistryTest, RemoveInterruptsAndWaitsForARunningCall) {
  ContextRegistry<Counter> registry;
  Counter a;
  void* context = registry.Add(a);
  RunningCall running(registry, context);
  std::atomic<bool> interrupted_while_running = false;
  EXPECT_EQ(registry.Remove(context,
                            [&](Counter&) {
                              EXPECT_EQ(registry.Call(context, -1, Increment), -1);
                              interrupted_while_running = !running.released;
                              running.released = true;
                            }),
            &a);
  EXPECT_TRUE(interrupted_while_running);
  EXPECT_EQ(a.value, 1);  // The running call ended before Remove() returned.
}

// A second thread removing the same context is refused at once, while the first waits.
TEST(ContextRegistryTest, OnlyOneRemoveOfAContextSucceeds) {
  ContextRegistry<Counter> registry;
  Counter a;
  void* context = registry.Add(a);
  RunningCall running(registry, context);
  Counter* second = &a;
  EXPECT_EQ(registry.Remove(context,
                            [&](Counter&) {
                              std::thread other([&] { second = registry.Remove(context); });
                              other.join();
                              running.released = true;
                            }),
            &a);
  EXPECT_EQ(second, nullptr);
}

TEST(ContextRegistryTest, CallsOnOneContextNest) {
  ContextRegistry<Counter> registry;
  Counter a;
  void* context = registry.Add(a);
  EXPECT_FALSE(registry.InCall(context));
  EXPECT_EQ(registry.Call(context, -1,
                          [&](Counter& counter) {
                            EXPECT_TRUE(registry.InCall(context));
                            return Increment(counter) + registry.Call(context, -1, Increment);
                          }),
            3);
  EXPECT_FALSE(registry.InCall(context));
  EXPECT_EQ(registry.Remove(context), &a);
}

// kOneAtATime: however many threads call through one context, one call runs at a time.
TEST(ContextRegistryTest, CallsOnOneContextRunOneAtATimeWhenAsked) {
  ContextRegistry<Counter, CallsOnOneContext::kOneAtATime> registry;
  Counter a;
  void* context = registry.Add(a);
  std::atomic<int> inside = 0;
  std::atomic<int> most_inside = 0;
  std::vector<std::thread> callers;
  for (int thread = 0; thread < 4; ++thread) {
    callers.emplace_back([&] {
      for (int call = 0; call < 2000; ++call) {
        registry.Call(context, [&](Counter&) {
          const int now = ++inside;
          int most = most_inside.load();
          while (now > most && !most_inside.compare_exchange_weak(most, now)) {
          }
          std::this_thread::yield();
          --inside;
        });
      }
    });
  }
  for (std::thread& caller : callers) caller.join();
  EXPECT_EQ(most_inside.load(), 1);
  EXPECT_EQ(registry.Remove(context), &a);
}

}  // namespace
}  // namespace parclass
