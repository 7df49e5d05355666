// Clang's thread-safety annotations (-Wthread-safety): which mutex guards a member, which a
// function needs or must not hold. They expand to nothing for other compilers.
//
//   mutable Mutex mutex_;
//   int count_ PARCLASS_GUARDED_BY(mutex_);
//   void Bump() PARCLASS_EXCLUDES(mutex_);

#ifndef PARCLASS_BASE_THREAD_ANNOTATIONS_H_
#define PARCLASS_BASE_THREAD_ANNOTATIONS_H_

// Clang thread-safety attributes, checked with -Wthread-safety; nothing for other compilers.
#if defined(__clang__)
#define PARCLASS_THREAD_ATTRIBUTE(x) __attribute__((x))
#else
#define PARCLASS_THREAD_ATTRIBUTE(x)
#endif
#define PARCLASS_CAPABILITY(name) PARCLASS_THREAD_ATTRIBUTE(capability(name))
#define PARCLASS_SCOPED_CAPABILITY PARCLASS_THREAD_ATTRIBUTE(scoped_lockable)
#define PARCLASS_GUARDED_BY(mutex) PARCLASS_THREAD_ATTRIBUTE(guarded_by(mutex))
#define PARCLASS_REQUIRES(...) PARCLASS_THREAD_ATTRIBUTE(requires_capability(__VA_ARGS__))
#define PARCLASS_EXCLUDES(...) PARCLASS_THREAD_ATTRIBUTE(locks_excluded(__VA_ARGS__))
#define PARCLASS_ACQUIRE(...) PARCLASS_THREAD_ATTRIBUTE(acquire_capability(__VA_ARGS__))
#define PARCLASS_RELEASE(...) PARCLASS_THREAD_ATTRIBUTE(release_capability(__VA_ARGS__))

#endif  // PARCLASS_BASE_THREAD_ANNOTATIONS_H_
