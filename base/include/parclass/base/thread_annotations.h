// Clang's thread-safety annotations (-Wthread-safety): which mutex guards a member, which a
// function needs or must not hold. They expand to nothing for other compilers. parclass's one
// annotated mutex type is Mutex (parclass/base/mutex.h).
//
//   mutable Mutex mutex_;
//   int count_ PARCLASS_GUARDED_BY(mutex_);
//   void Bump() PARCLASS_EXCLUDES(mutex_);
//   void BumpLocked() PARCLASS_REQUIRES(mutex_);

#ifndef PARCLASS_BASE_THREAD_ANNOTATIONS_H_
#define PARCLASS_BASE_THREAD_ANNOTATIONS_H_

#if defined(__clang__)
#define PARCLASS_THREAD_ATTRIBUTE(x) __attribute__((x))
#else
#define PARCLASS_THREAD_ATTRIBUTE(x)
#endif

// A type whose objects are locks (Mutex), and one that holds a lock for a scope (MutexLock).
#define PARCLASS_CAPABILITY(name) PARCLASS_THREAD_ATTRIBUTE(capability(name))
#define PARCLASS_SCOPED_CAPABILITY PARCLASS_THREAD_ATTRIBUTE(scoped_lockable)
// A member read and written only with `mutex` held; a pointer whose target is.
#define PARCLASS_GUARDED_BY(mutex) PARCLASS_THREAD_ATTRIBUTE(guarded_by(mutex))
#define PARCLASS_PT_GUARDED_BY(mutex) PARCLASS_THREAD_ATTRIBUTE(pt_guarded_by(mutex))
// A function called with these held, or not held.
#define PARCLASS_REQUIRES(...) PARCLASS_THREAD_ATTRIBUTE(requires_capability(__VA_ARGS__))
#define PARCLASS_EXCLUDES(...) PARCLASS_THREAD_ATTRIBUTE(locks_excluded(__VA_ARGS__))
// A function that takes, or lets go of, these (none named: the object itself).
#define PARCLASS_ACQUIRE(...) PARCLASS_THREAD_ATTRIBUTE(acquire_capability(__VA_ARGS__))
#define PARCLASS_RELEASE(...) PARCLASS_THREAD_ATTRIBUTE(release_capability(__VA_ARGS__))
// A function that returns this mutex (an accessor), so that locking its result counts.
#define PARCLASS_RETURN_CAPABILITY(mutex) PARCLASS_THREAD_ATTRIBUTE(lock_returned(mutex))
// A function that fails unless these are held: after it, the analysis takes them as held.
#define PARCLASS_ASSERT_CAPABILITY(...) PARCLASS_THREAD_ATTRIBUTE(assert_capability(__VA_ARGS__))
// A function the analysis leaves alone: only where it cannot follow a lock (mutex.cc).
#define PARCLASS_NO_THREAD_SAFETY_ANALYSIS PARCLASS_THREAD_ATTRIBUTE(no_thread_safety_analysis)

#endif  // PARCLASS_BASE_THREAD_ANNOTATIONS_H_
