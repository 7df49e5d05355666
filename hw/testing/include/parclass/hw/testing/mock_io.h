// MockIo: a RegisterIo that checks an exact, ordered sequence of register accesses.
//
// Expectations are written in the order the code under test must make them, one per line, with a
// trailing comment naming the step. Reads return the value given; anything out of order, a wrong
// value, or an access after the sequence ended is recorded (the read returns 0xff, as a floating
// bus would) and reported by Verify(), which also fails if expectations are left over. MockIo
// itself never aborts or calls into a test framework, so a failing sequence can itself be tested.
//
//   MockIo io;
//   io.ExpectWrite(Dcr::Get().set_n_init(true).set_select_in(true))   // Compatibility idle.
//       .ExpectRead(Dsr::kAddress, 0b1101'1111)                        // Busy low, all fine.
//       .ExpectWrite(Data::kAddress, 0x41);                            // 'A' on the data lines.
//   WriteOneByte(io, 'A');
//   EXPECT_OK(io.Verify());

#ifndef PARCLASS_HW_TESTING_MOCK_IO_H_
#define PARCLASS_HW_TESTING_MOCK_IO_H_

#include <cstdint>
#include <string>
#include <vector>

#include "parclass/base/result.h"
#include "parclass/hw/register.h"
#include "parclass/hw/register_io.h"

namespace parclass::hw::testing {

class MockIo final : public RegisterIo {
 public:
  MockIo& ExpectRead(RegisterAddress address, uint8_t returned);
  MockIo& ExpectWrite(RegisterAddress address, uint8_t value);
  MockIo& ExpectReadBlock(RegisterAddress address, Width width, std::vector<uint8_t> returned);
  MockIo& ExpectWriteBlock(RegisterAddress address, Width width, std::vector<uint8_t> value);

  // The same, from a typed register value: ExpectRead(Dsr::Get().set_not_busy(true)).
  template <RegisterType R>
  MockIo& ExpectRead(const R& reg) {
    return ExpectRead(R::kAddress, reg.reg_value());
  }
  template <RegisterType R>
  MockIo& ExpectWrite(const R& reg) {
    return ExpectWrite(R::kAddress, reg.reg_value());
  }

  // Ok if every expectation was met, in order, and nothing else happened; otherwise an error
  // listing each mismatch, with registers decoded.
  Result<void> Verify() const;

 private:
  enum class Kind : uint8_t { kRead, kWrite, kReadBlock, kWriteBlock };
  struct Step {
    Kind kind;
    RegisterAddress address;
    Width width;
    std::vector<uint8_t> bytes;  // Returned by a read, or expected of a write.
  };

  uint8_t DoRead(RegisterAddress address) override;
  void DoWrite(RegisterAddress address, uint8_t value) override;
  void DoReadBlock(RegisterAddress address, Width width, std::span<uint8_t> bytes) override;
  void DoWriteBlock(RegisterAddress address, Width width, std::span<const uint8_t> bytes) override;

  // The next step if it is of `kind` at `address`; otherwise records a mismatch and returns null.
  const Step* Take(Kind kind, RegisterAddress address, Width width,
                   std::span<const uint8_t> written);
  static std::string DescribeStep(Kind kind, RegisterAddress address, Width width,
                                  std::span<const uint8_t> bytes);

  std::vector<Step> steps_;
  size_t next_ = 0;
  std::vector<std::string> mismatches_;
};

}  // namespace parclass::hw::testing

#endif  // PARCLASS_HW_TESTING_MOCK_IO_H_
