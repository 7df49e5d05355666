#include "parclass/base/result.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "parclass/base/testing/result_matchers.h"

namespace parclass {
namespace {

Result<int> Half(int value) {
  if (value % 2 != 0) return Error(Errc::kInvalidArgument, "odd value");
  return value / 2;
}

Result<int> Quarter(int value) {
  const int half = PARCLASS_TRY(Half(value));
  return PARCLASS_TRY(Half(half));
}

Result<void> CheckEven(int value) {
  PARCLASS_TRY(Half(value));
  return Ok();
}

TEST(ResultTest, HoldsAValue) {
  const Result<int> result = Half(8);
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(static_cast<bool>(result));
  EXPECT_EQ(*result, 4);
  EXPECT_EQ(result.value(), 4);
  EXPECT_EQ(result.value_or(-1), 4);
}

TEST(ResultTest, HoldsAnError) {
  const Result<int> result = Half(3);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code(), Errc::kInvalidArgument);
  EXPECT_EQ(result.error().detail(), "odd value");
  EXPECT_EQ(result.value_or(-1), -1);
}

TEST(ResultTest, TryPropagatesTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_ERRC(Quarter(6), Errc::kInvalidArgument);  // 6 / 2 = 3 is odd.
  EXPECT_ERRC(Quarter(5), Errc::kInvalidArgument);
}

TEST(ResultTest, TryWorksOnVoidFunctions) {
  EXPECT_OK(CheckEven(2));
  EXPECT_ERRC(CheckEven(1), Errc::kInvalidArgument);
}

TEST(ResultTest, MovesOnlyTypes) {
  Result<std::unique_ptr<std::string>> result = std::make_unique<std::string>("port");
  ASSERT_TRUE(result);
  EXPECT_EQ(*result.value(), "port");
  std::unique_ptr<std::string> taken = std::move(result).value();
  EXPECT_EQ(*taken, "port");
}

TEST(ResultTest, ArrowReachesTheValue) {
  const Result<std::string> result = std::string("LPT1");
  EXPECT_EQ(result->size(), 4u);
}

TEST(ResultTest, VoidResult) {
  const Result<void> ok = Ok();
  EXPECT_TRUE(ok.has_value());
  const Result<void> failed = Error(Errc::kPortBusy, "held by another client");
  EXPECT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code(), Errc::kPortBusy);
}

TEST(ResultDeathTest, ValueOfAnErrorIsABug) {
  const Result<int> result = Half(1);
  EXPECT_DEATH((void)result.value(), "holds an error");
}

TEST(ResultDeathTest, ErrorOfAValueIsABug) {
  const Result<int> result = Half(2);
  EXPECT_DEATH((void)result.error(), "holds a value");
}

}  // namespace
}  // namespace parclass
