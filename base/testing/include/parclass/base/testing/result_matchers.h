// GoogleTest assertions for Result<T>, printing the whole Error on failure.
//
//   EXPECT_OK(io.Verify());
//   ASSERT_OK(negotiated);
//   EXPECT_ERRC(WaitFor(clock, deadline, never), Errc::kTimeout);

#ifndef PARCLASS_BASE_TESTING_RESULT_MATCHERS_H_
#define PARCLASS_BASE_TESTING_RESULT_MATCHERS_H_

#include <gtest/gtest.h>

#include "parclass/base/result.h"

namespace parclass::testing {

template <typename T>
::testing::AssertionResult IsOk(const Result<T>& result) {
  if (result) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << result.error().Format();
}

template <typename T>
::testing::AssertionResult HasErrc(const Result<T>& result, Errc code) {
  if (result.has_value()) {
    return ::testing::AssertionFailure() << "holds a value, expected error " << ErrcName(code);
  }
  if (result.error().code() != code) {
    return ::testing::AssertionFailure()
           << "expected error " << ErrcName(code) << ", got " << result.error().Format();
  }
  return ::testing::AssertionSuccess();
}

}  // namespace parclass::testing

#define EXPECT_OK(expression) EXPECT_TRUE(::parclass::testing::IsOk(expression))
#define ASSERT_OK(expression) ASSERT_TRUE(::parclass::testing::IsOk(expression))
#define EXPECT_ERRC(expression, code) \
  EXPECT_TRUE(::parclass::testing::HasErrc((expression), (code)))

#endif  // PARCLASS_BASE_TESTING_RESULT_MATCHERS_H_
