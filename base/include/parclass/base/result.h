// Result<T>: a value or an Error, shaped like C++23 std::expected<T, Error> so that it can be
// swapped for it once the project moves to C++23.
//
//   Result<uint8_t> ReadDeviceByte(...);
//
//   Result<size_t> ReadAll(std::span<uint8_t> buffer) {
//     for (size_t i = 0; i < buffer.size(); ++i) {
//       Result<uint8_t> byte = ReadDeviceByte(...);
//       if (!byte) return Error(byte.error()).set_bytes_done(i);
//       buffer[i] = *byte;
//     }
//     return buffer.size();
//   }
//
//   Result<void> Negotiate(...) {
//     PARCLASS_TRY(WaitForEvent2(...));   // returns the error to our caller if there is one
//     return Ok();
//   }

#ifndef PARCLASS_BASE_RESULT_H_
#define PARCLASS_BASE_RESULT_H_

#include <optional>
#include <utility>
#include <variant>

#include "parclass/base/assert.h"
#include "parclass/base/error.h"

namespace parclass {

template <typename T>
class [[nodiscard]] Result {
 public:
  using value_type = T;
  using error_type = Error;

  Result(T value) : storage_(std::in_place_index<0>, std::move(value)) {}      // NOLINT
  Result(Error error) : storage_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool has_value() const { return storage_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { return *Checked(); }
  const T& value() const& { return *Checked(); }
  T&& value() && { return std::move(*Checked()); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return Checked(); }
  const T* operator->() const { return Checked(); }

  template <typename U>
  T value_or(U&& fallback) const& {
    return has_value() ? value() : static_cast<T>(std::forward<U>(fallback));
  }

  const Error& error() const& {
    PARCLASS_ASSERT(!has_value(), "error() of a Result that holds a value");
    return std::get<1>(storage_);
  }
  Error&& error() && {
    PARCLASS_ASSERT(!has_value(), "error() of a Result that holds a value");
    return std::get<1>(std::move(storage_));
  }

 private:
  T* Checked() {
    PARCLASS_ASSERT(has_value(), "value() of a Result that holds an error");
    return &std::get<0>(storage_);
  }
  const T* Checked() const {
    PARCLASS_ASSERT(has_value(), "value() of a Result that holds an error");
    return &std::get<0>(storage_);
  }

  std::variant<T, Error> storage_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  using value_type = void;
  using error_type = Error;

  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool has_value() const { return !error_.has_value(); }
  explicit operator bool() const { return has_value(); }
  void value() const { PARCLASS_ASSERT(has_value(), "value() of a Result that holds an error"); }

  const Error& error() const& {
    PARCLASS_ASSERT(!has_value(), "error() of a Result that holds a value");
    return *error_;
  }
  Error&& error() && {
    PARCLASS_ASSERT(!has_value(), "error() of a Result that holds a value");
    return std::move(*error_);
  }

 private:
  std::optional<Error> error_;
};

// The successful Result<void>.
inline Result<void> Ok() { return {}; }

}  // namespace parclass

// Evaluates `expression` (a Result); if it holds an error, returns that error from the enclosing
// function, otherwise yields its value. Uses a statement expression (GCC and Clang).
#define PARCLASS_TRY(expression)                      \
  ({                                                  \
    auto parclass_try_result_ = (expression);         \
    if (!parclass_try_result_) [[unlikely]] {         \
      return std::move(parclass_try_result_).error(); \
    }                                                 \
    std::move(parclass_try_result_).value();          \
  })

#endif  // PARCLASS_BASE_RESULT_H_
