// The phases of phases.h, one test each, in table order: each writes its pattern to its port.
// The host compares what QEMU's ports received (qemu/lab); here each test checks that the writer
// took every byte.

#include <gtest/gtest.h>

#include <string>

#include "parclass/base/testing/result_matchers.h"
#include "parclass/qemu/guest.h"

namespace parclass::qemu {
namespace {

class PhaseTest : public ::testing::TestWithParam<Phase> {
 protected:
  void SetUp() override {
    if (!InQemuGuest()) GTEST_SKIP() << "writes to a port: runs only in the QEMU guest";
  }
};

TEST_P(PhaseTest, WritesItsPatternToItsPort) {
  const Phase& phase = GetParam();
  Result<KernelPort> port = FindKernelPort(phase.base);
  ASSERT_OK(port);
  Result<size_t> written = [&] {
    const PhaseMarker marker(phase.name);
    return WritePhase(phase, *port);
  }();
  ASSERT_OK(written);
  EXPECT_EQ(*written, phase.length);
}

// "lp-baseline" -> "lp_baseline": GoogleTest names take letters, digits and '_'.
std::string TestName(const ::testing::TestParamInfo<Phase>& info) {
  std::string name(info.param.name);
  for (char& c : name) {
    if (c == '-') c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Phases, PhaseTest, ::testing::ValuesIn(kPhases), TestName);

}  // namespace
}  // namespace parclass::qemu
