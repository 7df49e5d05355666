#include "parclass/backends/pci.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

#include "parclass/backends/testing/sysfs_tree.h"
#include "parclass/base/testing/result_matchers.h"

namespace parclass::backends {
namespace {

using testing::AddNetMos;
using testing::AddOneBarCard;
using testing::kIoBar;
using testing::kMemoryBar;
using testing::kUnused;
using testing::SysfsTree;

namespace fs = std::filesystem;

// --- FindPciParallelPorts --------------------------------------------------------------------

TEST(FindPciParallelPortsTest, CardWithTwoIoBarsHasItsEcpBlockInTheSecond) {
  SysfsTree sysfs;
  AddNetMos(sysfs, "0000:05:00.0");
  const auto found = FindPciParallelPorts(sysfs.root());
  ASSERT_OK(found);
  ASSERT_EQ(found->size(), 1u);
  const PciParallelPort& port = found->front();
  EXPECT_EQ(port.slot, "0000:05:00.0");
  EXPECT_EQ(port.class_code, 0x070103u);
  EXPECT_EQ(port.vendor, 0x9710);
  EXPECT_EQ(port.device, 0x9865);
  EXPECT_EQ(port.base, 0xd010);
  EXPECT_EQ(port.ecp_base, 0xd000);
  EXPECT_EQ(port.Format(),
            "0000:05:00.0 9710:9865 parallel port (IEEE 1284 controller) at 0xd010, ECP block at "
            "0xd000");
  const RawPortOptions options = port.ToRawPortOptions();
  EXPECT_EQ(options.base, 0xd010);
  EXPECT_EQ(options.ecp_base, 0xd000);
}

TEST(FindPciParallelPortsTest, CardWithOneIoBarHasNoEcpBlock) {
  SysfsTree sysfs;
  AddOneBarCard(sysfs, "0000:03:00.0");
  const auto found = FindPciParallelPorts(sysfs.root());
  ASSERT_OK(found);
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().base, 0xe000);
  EXPECT_EQ(found->front().ecp_base, std::nullopt);
  EXPECT_EQ(found->front().Format(),
            "0000:03:00.0 1415:c118 parallel port (bidirectional) at 0xe000, no ECP block");
  EXPECT_EQ(found->front().ToRawPortOptions().ecp_base, kNoEcpBlock);  // Not base + 0x400.
}

TEST(FindPciParallelPortsTest, OtherDevicesAndIeee1284TargetsAreIgnored) {
  SysfsTree sysfs;
  sysfs.AddFunction("0000:00:14.0", 0x0c0330, 0x8086, 0xa36d,  // USB xHCI controller.
                    {{0xf000, 0xf01f, kIoBar}});
  sysfs.AddFunction("0000:00:1f.3", 0x070002, 0x8086, 0xa348,  // 16550 serial port.
                    {{0xf020, 0xf027, kIoBar}});
  sysfs.AddFunction("0000:04:00.0", 0x0701fe, 0x1234, 0x5678,  // IEEE 1284 target.
                    {{0xf040, 0xf047, kIoBar}});
  const auto found = FindPciParallelPorts(sysfs.root());
  ASSERT_OK(found);
  EXPECT_TRUE(found->empty());
}

TEST(FindPciParallelPortsTest, MemoryAndUnassignedBarsAreSkipped) {
  SysfsTree sysfs;
  sysfs.AddFunction("0000:02:00.0", 0x070102, 0x1415, 0xc110,
                    {{0xfe000000, 0xfe000fff, kMemoryBar},
                     {0, 7, kIoBar | 0x2000'0000},  // IORESOURCE_UNSET: not assigned.
                     {0xc000, 0xc007, kIoBar},
                     {0xfe001000, 0xfe001fff, kMemoryBar},
                     {0xc008, 0xc00f, kIoBar}});
  const auto found = FindPciParallelPorts(sysfs.root());
  ASSERT_OK(found);
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ(found->front().base, 0xc000);
  EXPECT_EQ(found->front().ecp_base, 0xc008);
}

TEST(FindPciParallelPortsTest, ParallelFunctionWithoutIoBarIsLeftOut) {
  SysfsTree sysfs;
  sysfs.AddFunction("0000:02:00.0", 0x070100, 0x1234, 0x0001,
                    {{0xfe000000, 0xfe000fff, kMemoryBar}, kUnused});
  const auto found = FindPciParallelPorts(sysfs.root());
  ASSERT_OK(found);
  EXPECT_TRUE(found->empty());
}

TEST(FindPciParallelPortsTest, PortsAreSortedBySlot) {
  SysfsTree sysfs;
  AddNetMos(sysfs, "0000:06:00.0");
  AddOneBarCard(sysfs, "0000:05:01.0");
  AddNetMos(sysfs, "0000:05:00.0");
  const auto found = FindPciParallelPorts(sysfs.root());
  ASSERT_OK(found);
  ASSERT_EQ(found->size(), 3u);
  EXPECT_EQ((*found)[0].slot, "0000:05:00.0");
  EXPECT_EQ((*found)[1].slot, "0000:05:01.0");
  EXPECT_EQ((*found)[2].slot, "0000:06:00.0");
}

TEST(FindPciParallelPortsTest, MissingTreeIsAnEmptyList) {
  SysfsTree sysfs;
  const auto found = FindPciParallelPorts(sysfs.root() / "nowhere");
  ASSERT_OK(found);
  EXPECT_TRUE(found->empty());
}

TEST(FindPciParallelPortsTest, EmptyBusIsAnEmptyList) {
  SysfsTree sysfs;
  const auto found = FindPciParallelPorts(sysfs.root());
  ASSERT_OK(found);
  EXPECT_TRUE(found->empty());
}

// The error names the file at fault.
void ExpectIoErrorNaming(const SysfsTree& sysfs, const std::string& file) {
  const auto found = FindPciParallelPorts(sysfs.root());
  ASSERT_TRUE(parclass::testing::HasErrc(found, Errc::kIoError));
  EXPECT_NE(found.error().detail().find((sysfs.devices() / file).string()), std::string::npos)
      << found.error().detail();
}

TEST(FindPciParallelPortsTest, MalformedResourceIsIoError) {
  SysfsTree sysfs;
  AddNetMos(sysfs, "0000:05:00.0");
  sysfs.WriteFile("0000:05:00.0", "resource", "0x000000000000d010 0x000000000000d017\n");
  ExpectIoErrorNaming(sysfs, "0000:05:00.0/resource");
}

TEST(FindPciParallelPortsTest, ResourceWithTextIsIoError) {
  SysfsTree sysfs;
  AddNetMos(sysfs, "0000:05:00.0");
  sysfs.WriteFile("0000:05:00.0", "resource", "0xd010 0xd017 io\n");
  ExpectIoErrorNaming(sysfs, "0000:05:00.0/resource");
}

TEST(FindPciParallelPortsTest, MalformedClassIsIoError) {
  SysfsTree sysfs;
  AddNetMos(sysfs, "0000:05:00.0");
  sysfs.WriteFile("0000:05:00.0", "class", "parallel\n");
  ExpectIoErrorNaming(sysfs, "0000:05:00.0/class");
}

TEST(FindPciParallelPortsTest, MissingResourceIsIoError) {
  SysfsTree sysfs;
  AddNetMos(sysfs, "0000:05:00.0");
  fs::remove(sysfs.devices() / "0000:05:00.0/resource");
  ExpectIoErrorNaming(sysfs, "0000:05:00.0/resource");
}

TEST(FindPciParallelPortsTest, VendorOutOfRangeIsIoError) {
  SysfsTree sysfs;
  AddNetMos(sysfs, "0000:05:00.0");
  sysfs.WriteFile("0000:05:00.0", "vendor", "0x19710\n");
  ExpectIoErrorNaming(sysfs, "0000:05:00.0/vendor");
}

// --- ParseRawSpec ----------------------------------------------------------------------------

TEST(ParseRawSpecTest, HexBaseTakesTheIsaEcpBlock) {
  const auto options = ParseRawSpec("0x378");
  ASSERT_OK(options);
  EXPECT_EQ(options->base, 0x378);
  EXPECT_EQ(options->ecp_base, std::nullopt);
}

TEST(ParseRawSpecTest, DecimalBase) {
  const auto options = ParseRawSpec("888");
  ASSERT_OK(options);
  EXPECT_EQ(options->base, 0x378);
}

TEST(ParseRawSpecTest, BaseAndEcpBase) {
  const auto options = ParseRawSpec("0xd010,0xd000");
  ASSERT_OK(options);
  EXPECT_EQ(options->base, 0xd010);
  EXPECT_EQ(options->ecp_base, 0xd000);
}

TEST(ParseRawSpecTest, NoneIsNoEcpBlock) {
  const auto options = ParseRawSpec("0x278,none");
  ASSERT_OK(options);
  EXPECT_EQ(options->base, 0x278);
  EXPECT_EQ(options->ecp_base, kNoEcpBlock);
}

TEST(ParseRawSpecTest, PciIsTheFirstPortBySlot) {
  SysfsTree sysfs;
  AddOneBarCard(sysfs, "0000:06:00.0");
  AddNetMos(sysfs, "0000:05:00.0");
  const auto options = ParseRawSpec("pci", sysfs.root());
  ASSERT_OK(options);
  EXPECT_EQ(options->base, 0xd010);
  EXPECT_EQ(options->ecp_base, 0xd000);
}

TEST(ParseRawSpecTest, PciSlotPicksThatPort) {
  SysfsTree sysfs;
  AddNetMos(sysfs, "0000:05:00.0");
  AddOneBarCard(sysfs, "0000:06:00.0");
  const auto options = ParseRawSpec("pci:0000:06:00.0", sysfs.root());
  ASSERT_OK(options);
  EXPECT_EQ(options->base, 0xe000);
  EXPECT_EQ(options->ecp_base, kNoEcpBlock);
}

TEST(ParseRawSpecTest, PciSlotWithoutDomainMeansDomainZero) {
  SysfsTree sysfs;
  AddNetMos(sysfs, "0000:05:00.0");
  const auto options = ParseRawSpec("pci:05:00.0", sysfs.root());
  ASSERT_OK(options);
  EXPECT_EQ(options->base, 0xd010);
}

TEST(ParseRawSpecTest, PciWithoutPortsIsNoSuchDevice) {
  SysfsTree sysfs;
  EXPECT_ERRC(ParseRawSpec("pci", sysfs.root()), Errc::kNoSuchDevice);
  EXPECT_ERRC(ParseRawSpec("pci", sysfs.root() / "nowhere"), Errc::kNoSuchDevice);
}

TEST(ParseRawSpecTest, UnknownPciSlotIsNoSuchDeviceListingThePorts) {
  SysfsTree sysfs;
  AddNetMos(sysfs, "0000:05:00.0");
  const auto options = ParseRawSpec("pci:0000:07:00.0", sysfs.root());
  ASSERT_TRUE(parclass::testing::HasErrc(options, Errc::kNoSuchDevice));
  EXPECT_NE(options.error().detail().find("found: 0000:05:00.0"), std::string::npos)
      << options.error().detail();
}

TEST(ParseRawSpecTest, PciErrorsFromSysfsPassThrough) {
  SysfsTree sysfs;
  AddNetMos(sysfs, "0000:05:00.0");
  sysfs.WriteFile("0000:05:00.0", "resource", "garbage\n");
  EXPECT_ERRC(ParseRawSpec("pci", sysfs.root()), Errc::kIoError);
}

TEST(ParseRawSpecTest, MalformedTextIsInvalidArgumentSayingWhatWasExpected) {
  for (const std::string_view text :
       {"", "lpt1", "0x", "0x378x", "-1", " 0x378", "0x378 ", "0x10000", "65536", "0x378,",
        "0x378,0x778,0x7", "0x378,auto", ",0x778", "pci:", "PCI"}) {
    const auto options = ParseRawSpec(text);
    ASSERT_TRUE(parclass::testing::HasErrc(options, Errc::kInvalidArgument)) << "'" << text << "'";
    EXPECT_NE(options.error().detail().find("expected"), std::string::npos)
        << options.error().detail();
  }
}

}  // namespace
}  // namespace parclass::backends
