// Assertions for programming errors.
//
// A failed assertion is a bug in parclass or in its caller, never a runtime condition: runtime
// failures (a peripheral that does not answer, a port that is busy, a bad request from a client)
// are values of Result<T>. Assertions stay enabled in every build type, because a driver that
// continues after a broken invariant can leave a peripheral in an undefined state.
//
//   void Fifo::Push(uint8_t byte) {
//     PARCLASS_ASSERT(!full(), "Push on a full FIFO");
//     ...
//   }

#ifndef PARCLASS_BASE_ASSERT_H_
#define PARCLASS_BASE_ASSERT_H_

namespace parclass::internal {

[[noreturn]] void AssertionFailed(const char* condition, const char* message, const char* file,
                                  int line);

}  // namespace parclass::internal

#define PARCLASS_ASSERT(condition, message)                                             \
  do {                                                                                  \
    if (!(condition)) [[unlikely]] {                                                    \
      ::parclass::internal::AssertionFailed(#condition, (message), __FILE__, __LINE__); \
    }                                                                                   \
  } while (false)

#endif  // PARCLASS_BASE_ASSERT_H_
