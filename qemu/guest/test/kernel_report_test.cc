// What the guest's kernel reports about QEMU's emulated ports, and what qemu/guest/init exported
// about them.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cstdlib>
#include <string>

#include "parclass/base/testing/result_matchers.h"
#include "parclass/qemu/guest.h"

namespace parclass::qemu {
namespace {

constexpr unsigned kPpdevMajor = 99;  // include/uapi/linux/major.h: PP_MAJOR.
constexpr unsigned kLpMajor = 6;      // LP_MAJOR.

// parport_pc finds QEMU's port as a plain SPP port with a bidirectional data latch: QEMU has no
// EPP registers to answer the probe and no ECR at base+0x402 (docs/qemu.md).
constexpr std::string_view kQemuModes = "PCSPP,TRISTATE";

TEST(KernelReportTest, PortAt0x378IsLpt1OnIrq7) {
  Result<KernelPort> port = FindKernelPort(0x378);
  ASSERT_OK(port);
  EXPECT_EQ(port->base, 888);
  EXPECT_EQ(port->irq, 7);
  EXPECT_EQ(port->modes, kQemuModes);
}

TEST(KernelReportTest, EveryEmulatedPortIsInterruptDriven) {
  for (const EmulatedPort& emulated : kPorts) {
    SCOPED_TRACE(emulated.id);
    Result<KernelPort> port = FindKernelPort(emulated.base);
    ASSERT_OK(port);
    EXPECT_EQ(port->irq, emulated.irq);
    EXPECT_EQ(port->modes, kQemuModes);
  }
}

TEST(KernelReportTest, NoPortAtAnAddressQemuDoesNotEmulate) {
  EXPECT_ERRC(FindKernelPort(0x3bc), Errc::kNoSuchDevice);
}

bool IsCharDevice(const std::string& path, unsigned major, unsigned minor) {
  struct stat status {};
  return stat(path.c_str(), &status) == 0 && S_ISCHR(status.st_mode) &&
         ::major(status.st_rdev) == major && ::minor(status.st_rdev) == minor;
}

TEST(KernelReportTest, DeviceNodesFollowThePortNumber) {
  for (const EmulatedPort& emulated : kPorts) {
    SCOPED_TRACE(emulated.id);
    Result<KernelPort> port = FindKernelPort(emulated.base);
    ASSERT_OK(port);
    const auto minor = static_cast<unsigned>(port->number);
    EXPECT_TRUE(IsCharDevice(port->parport, kPpdevMajor, minor)) << port->parport;
    EXPECT_TRUE(IsCharDevice(port->lp, kLpMajor, minor)) << port->lp;
  }
}

// /init exports PARCLASS_PORT_0x378=/dev/parportN and PARCLASS_LP_0x378=/dev/lpN for programs
// that take a device path (parctl).
TEST(KernelReportTest, InitExportsEachPortByBase) {
  for (const EmulatedPort& emulated : kPorts) {
    SCOPED_TRACE(emulated.id);
    Result<KernelPort> port = FindKernelPort(emulated.base);
    ASSERT_OK(port);
    const char* parport = std::getenv(fmt::format("PARCLASS_PORT_{:#x}", emulated.base).c_str());
    const char* lp = std::getenv(fmt::format("PARCLASS_LP_{:#x}", emulated.base).c_str());
    ASSERT_NE(parport, nullptr);
    ASSERT_NE(lp, nullptr);
    EXPECT_EQ(parport, port->parport);
    EXPECT_EQ(lp, port->lp);
  }
}

}  // namespace
}  // namespace parclass::qemu
