// ContextRegistry: objects handed to C code as an opaque `void*` context that is a number looked
// up here, never the object's address, so that a call made with the context of an object that has
// gone finds nothing instead of freed memory. The port callbacks (PortHandle), PARCLASS_CONNECT's
// callbacks (DeviceHandle) and the C API's handles use it.
//
// A call pins its entry. Remove() makes every later lookup of the context fail at once, then waits
// until the calls already running on it have returned, so that the object may be destroyed as soon
// as Remove() returns.
//
//   ContextRegistry<PortHandle>& Handles();  // One registry per kind of object.
//   PortHandle::PortHandle(...) : context_(Handles().Add(*this)) {}
//   PortHandle::~PortHandle() { Handles().Remove(context_); ... }
//
//   uint32_t QueryWaitersCallback(void* context) {  // Any context: handed out, closed, made up.
//     return Handles().Call(context, uint32_t{0},
//                           [](PortHandle& handle) { return handle.QueryNumWaiters(); });
//   }
//
// Calls on one context run concurrently and may nest (a client's interrupt routine calling back
// into the handle whose request raised the interrupt), unless the registry is made with
// CallsOnOneContext::kOneAtATime: then a mutex of the context's is held for each call, so calls on
// one context run one at a time (and must not nest). Contexts count from 1
// and are not reused; a made-up context, or one that was removed, names nothing. Removing a
// context from inside a call on it, in the same thread, would wait for itself: it is asserted
// against, and InCall() lets a caller that can refuse check first.

#ifndef PARCLASS_BASE_CONTEXT_REGISTRY_H_
#define PARCLASS_BASE_CONTEXT_REGISTRY_H_

#include <cstdint>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "parclass/base/assert.h"
#include "parclass/base/mutex.h"

namespace parclass {

// Whether calls on one context may run concurrently (and nest), or run one at a time.
enum class CallsOnOneContext { kConcurrent, kOneAtATime };

template <typename Target, CallsOnOneContext kCalls = CallsOnOneContext::kConcurrent>
class ContextRegistry {
 public:
  ContextRegistry() = default;
  ContextRegistry(const ContextRegistry&) = delete;
  ContextRegistry& operator=(const ContextRegistry&) = delete;

  // Registers `target`, which must stay alive until Remove() returns; the context to hand out.
  void* Add(Target& target) PARCLASS_EXCLUDES(mutex_) {
    const MutexLock lock(mutex_);
    const uintptr_t number = next_++;
    PARCLASS_ASSERT(number != 0, "context numbers ran out");
    entries_.try_emplace(number, target);
    return ContextOf(number);
  }

  // Runs `function(target)` on the object registered as `context`, which Remove() waits for, and
  // returns what it returns; `missing` if `context` names no object.
  template <typename Value, typename Function>
  Value Call(void* context, Value missing, Function&& function) {
    Entry* entry = Enter(context);
    if (entry == nullptr) return missing;
    const Pin pin(*this, *entry, context);
    if constexpr (kCalls == CallsOnOneContext::kOneAtATime) {
      const MutexLock serialised(entry->call_lock);
      return std::forward<Function>(function)(entry->target);
    } else {
      return std::forward<Function>(function)(entry->target);
    }
  }

  // The same for a function that returns nothing: whether it ran.
  template <typename Function>
  requires std::is_void_v<std::invoke_result_t<Function, Target&>>
  bool Call(void* context, Function&& function) {
    return Call(context, false, [&](Target& target) {
      std::forward<Function>(function)(target);
      return true;
    });
  }

  // Ends `context`'s registration: later calls find nothing. Then runs `interrupt(target)`, which
  // may cancel what the running calls wait for (it runs beside them), and waits until they have
  // returned. Returns the target, now the caller's alone; nullptr if `context` names nothing
  // (never added, removed already, or being removed by another thread).
  template <typename Interrupt>
  Target* Remove(void* context, Interrupt&& interrupt) {
    PARCLASS_ASSERT(!InCall(context),
                    "a context removed from inside a call on it would wait for itself");
    const uintptr_t number = NumberOf(context);
    Entry* entry = nullptr;
    {
      const MutexLock lock(mutex_);
      const auto found = entries_.find(number);
      if (found == entries_.end() || found->second.removing) return nullptr;
      entry = &found->second;
      entry->removing = true;
    }
    std::forward<Interrupt>(interrupt)(entry->target);
    const MutexLock lock(mutex_);
    while (entry->calls != 0) idle_.Wait(mutex_);
    Target& target = entry->target;
    entries_.erase(number);
    return &target;
  }
  Target* Remove(void* context) {
    return Remove(context, [](Target&) {});
  }

  // Whether this thread is inside a call on `context`.
  bool InCall(const void* context) const {
    for (const Frame* frame = innermost_frame; frame != nullptr; frame = frame->outer) {
      if (frame->registry == this && frame->context == context) return true;
    }
    return false;
  }

 private:
  struct Entry {
    explicit Entry(Target& registered) : target(registered) {}
    Target& target;
    int calls = 0;          // Running now (the registry's mutex_).
    bool removing = false;  // Remove() has begun: lookups fail (the registry's mutex_).
    Mutex call_lock;        // Held for each call, if calls run one at a time.
  };

  // The calls running on this thread, innermost first: what InCall() looks through.
  struct Frame {
    const ContextRegistry* registry;
    const void* context;
    const Frame* outer;
  };

  // A running call: its entry's count and this thread's frame, both given back on return.
  class Pin {
   public:
    Pin(ContextRegistry& registry, Entry& entry, const void* context)
        : registry_(registry), entry_(entry), frame_{&registry, context, innermost_frame} {
      innermost_frame = &frame_;
    }
    ~Pin() {
      innermost_frame = frame_.outer;
      const MutexLock lock(registry_.mutex_);
      if (--entry_.calls == 0 && entry_.removing) registry_.idle_.NotifyAll();
    }
    Pin(const Pin&) = delete;
    Pin& operator=(const Pin&) = delete;

   private:
    ContextRegistry& registry_;
    Entry& entry_;
    const Frame frame_;
  };

  static void* ContextOf(uintptr_t number) {
    return reinterpret_cast<void*>(number);  // NOLINT(performance-no-int-to-ptr): never followed.
  }
  static uintptr_t NumberOf(const void* context) { return reinterpret_cast<uintptr_t>(context); }

  // The entry `context` names, counted as called; nullptr if none (or it is being removed).
  Entry* Enter(const void* context) PARCLASS_EXCLUDES(mutex_) {
    const MutexLock lock(mutex_);
    const auto found = entries_.find(NumberOf(context));
    if (found == entries_.end() || found->second.removing) return nullptr;
    ++found->second.calls;
    return &found->second;
  }

  static inline thread_local const Frame* innermost_frame = nullptr;

  Mutex mutex_;
  CondVar idle_;  // Notified when a removed entry's last call returns.
  uintptr_t next_ PARCLASS_GUARDED_BY(mutex_) = 1;
  // By number; nodes stay put while pinned.
  std::unordered_map<uintptr_t, Entry> entries_ PARCLASS_GUARDED_BY(mutex_);
};

}  // namespace parclass

#endif  // PARCLASS_BASE_CONTEXT_REGISTRY_H_
