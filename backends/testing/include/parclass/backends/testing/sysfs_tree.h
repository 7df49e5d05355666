// A machine's /sys and /dev of a test's own: PCI functions as the kernel shows them, and device
// nodes, for the code that finds PCI parallel cards (backends/pci.h) and the ports of a machine
// (system/system.h).

#ifndef PARCLASS_BACKENDS_TESTING_SYSFS_TREE_H_
#define PARCLASS_BACKENDS_TESTING_SYSFS_TREE_H_

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

namespace parclass::backends::testing {

namespace fs = std::filesystem;

// Resource flags as the kernel shows them (include/linux/ioport.h): IORESOURCE_IO or _MEM, with
// IORESOURCE_SIZEALIGN, and bit 0 as the BAR has it.
constexpr uint64_t kIoBar = 0x0004'0101;
constexpr uint64_t kMemoryBar = 0x0004'0200;

struct Region {
  uint64_t start;
  uint64_t end;
  uint64_t flags;
};

constexpr Region kUnused{0, 0, 0};

// A tree of its own in the temporary directory, removed at the end of the test.
class SysfsTree {
 public:
  SysfsTree()
      : root_(fs::temp_directory_path() /
              fmt::format("parclass_sysfs_tree_{}_{}", ::getpid(),
                          ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    fs::remove_all(root_);
    fs::create_directories(devices());
  }
  ~SysfsTree() {
    std::error_code ignored;
    fs::remove_all(root_, ignored);
  }
  SysfsTree(const SysfsTree&) = delete;
  SysfsTree& operator=(const SysfsTree&) = delete;

  const fs::path& root() const { return root_; }
  fs::path devices() const { return root_ / "bus/pci/devices"; }
  // The tree's /dev, and an (empty, regular) file there standing for a device node.
  fs::path dev() const { return root_ / "dev"; }
  fs::path AddNode(const std::string& name) const {
    fs::create_directories(dev());
    std::ofstream(dev() / name).flush();
    return dev() / name;
  }

  // A PCI function as drivers/pci/pci-sysfs.c shows it.
  void AddFunction(const std::string& slot, uint32_t class_code, uint16_t vendor, uint16_t device,
                   const std::vector<Region>& regions) const {
    std::string resource;
    for (const Region& region : regions) {
      resource +=
          fmt::format("0x{:016x} 0x{:016x} 0x{:016x}\n", region.start, region.end, region.flags);
    }
    WriteFile(slot, "class", fmt::format("0x{:06x}\n", class_code));
    WriteFile(slot, "vendor", fmt::format("0x{:04x}\n", vendor));
    WriteFile(slot, "device", fmt::format("0x{:04x}\n", device));
    WriteFile(slot, "resource", resource);
  }

  void WriteFile(const std::string& slot, const std::string& name, const std::string& text) const {
    fs::create_directories(devices() / slot);
    std::ofstream(devices() / slot / name) << text;
  }

 private:
  fs::path root_;
};

// A NetMos/MosChip 9865 parallel function: SPP registers in BAR 0, the ECP block in BAR 1.
inline void AddNetMos(const SysfsTree& sysfs, const std::string& slot) {
  sysfs.AddFunction(slot, 0x070103, 0x9710, 0x9865,
                    {{0xd010, 0xd017, kIoBar},
                     {0xd000, 0xd007, kIoBar},
                     kUnused,
                     kUnused,
                     kUnused,
                     kUnused,
                     kUnused});
}

// A card with its registers in one I/O BAR.
inline void AddOneBarCard(const SysfsTree& sysfs, const std::string& slot) {
  sysfs.AddFunction(slot, 0x070101, 0x1415, 0xc118,
                    {{0xe000, 0xe007, kIoBar}, kUnused, kUnused, kUnused, kUnused, kUnused});
}

}  // namespace parclass::backends::testing

#endif  // PARCLASS_BACKENDS_TESTING_SYSFS_TREE_H_
