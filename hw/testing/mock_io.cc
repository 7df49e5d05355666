#include "parclass/hw/testing/mock_io.h"

#include <fmt/format.h>

#include <algorithm>

#include "parclass/hw/describe.h"

namespace parclass::hw::testing {
namespace {

constexpr uint8_t kFloatingBus = 0xff;

}  // namespace

MockIo& MockIo::ExpectRead(RegisterAddress address, uint8_t returned) {
  steps_.push_back({Kind::kRead, address, Width::k8, {returned}});
  return *this;
}

MockIo& MockIo::ExpectWrite(RegisterAddress address, uint8_t value) {
  steps_.push_back({Kind::kWrite, address, Width::k8, {value}});
  return *this;
}

MockIo& MockIo::ExpectReadBlock(RegisterAddress address, Width width,
                                std::vector<uint8_t> returned) {
  steps_.push_back({Kind::kReadBlock, address, width, std::move(returned)});
  return *this;
}

MockIo& MockIo::ExpectWriteBlock(RegisterAddress address, Width width, std::vector<uint8_t> value) {
  steps_.push_back({Kind::kWriteBlock, address, width, std::move(value)});
  return *this;
}

Result<void> MockIo::Verify() const {
  std::vector<std::string> problems = mismatches_;
  for (size_t i = next_; i < steps_.size(); ++i) {
    const Step& step = steps_[i];
    problems.push_back(fmt::format("step {}: never happened: {}", i + 1,
                                   DescribeStep(step.kind, step.address, step.width, step.bytes)));
  }
  if (problems.empty()) return Ok();
  return Error(Errc::kProtocolError,
               fmt::format("register sequence differs: {}", fmt::join(problems, "; ")));
}

uint8_t MockIo::DoRead(RegisterAddress address) {
  const Step* step = Take(Kind::kRead, address, Width::k8, {});
  return step != nullptr ? step->bytes[0] : kFloatingBus;
}

void MockIo::DoWrite(RegisterAddress address, uint8_t value) {
  Take(Kind::kWrite, address, Width::k8, std::span<const uint8_t>(&value, 1));
}

void MockIo::DoReadBlock(RegisterAddress address, Width width, std::span<uint8_t> bytes) {
  const Step* step = Take(Kind::kReadBlock, address, width, {});
  if (step != nullptr && step->bytes.size() != bytes.size()) {
    mismatches_.push_back(fmt::format("step {}: {} of {} bytes, expected {} bytes", next_,
                                      DescribeStep(Kind::kReadBlock, address, width, {}),
                                      bytes.size(), step->bytes.size()));
    step = nullptr;
  }
  if (step == nullptr) {
    std::fill(bytes.begin(), bytes.end(), kFloatingBus);
    return;
  }
  std::copy(step->bytes.begin(), step->bytes.end(), bytes.begin());
}

void MockIo::DoWriteBlock(RegisterAddress address, Width width, std::span<const uint8_t> bytes) {
  Take(Kind::kWriteBlock, address, width, bytes);
}

const MockIo::Step* MockIo::Take(Kind kind, RegisterAddress address, Width width,
                                 std::span<const uint8_t> written) {
  const size_t number = next_ + 1;
  const std::string actual = DescribeStep(kind, address, width, written);
  if (next_ == steps_.size()) {
    mismatches_.push_back(fmt::format("step {}: unexpected {}", number, actual));
    return nullptr;
  }
  const Step& step = steps_[next_++];
  const bool is_write = kind == Kind::kWrite || kind == Kind::kWriteBlock;
  if (step.kind != kind || step.address != address || step.width != width ||
      (is_write &&
       !std::equal(step.bytes.begin(), step.bytes.end(), written.begin(), written.end()))) {
    mismatches_.push_back(fmt::format("step {}: expected {}, got {}", number,
                                      DescribeStep(step.kind, step.address, step.width, step.bytes),
                                      actual));
    return nullptr;
  }
  return &step;
}

std::string MockIo::DescribeStep(Kind kind, RegisterAddress address, Width width,
                                 std::span<const uint8_t> bytes) {
  switch (kind) {
    case Kind::kRead: return fmt::format("read {}", RegisterName(address));
    case Kind::kWrite: return fmt::format("write {}", DescribeValue(address, bytes[0]));
    case Kind::kReadBlock:
      return fmt::format("{}-bit block read of {}", BytesOf(width) * 8, RegisterName(address));
    case Kind::kWriteBlock:
      return fmt::format("{}-bit block write of {} [{:02x}]", BytesOf(width) * 8,
                         RegisterName(address), fmt::join(bytes, " "));
  }
  return "invalid step";
}

}  // namespace parclass::hw::testing
