// qemu_expected: the host's side of the QEMU stage's byte-exact check (qemu/lab runs it).
//
//   qemu_expected list        the emulated ports and the phases, one a line:
//                               port lpt0 0x378 7
//                               phase lp-baseline lpt0 65536 lp driver
//   qemu_expected write DIR   DIR/expected-<port>.bin: what each port's file must hold
//
// It computes the streams from qemu/include/parclass/qemu/phases.h alone, never from anything the
// guest produced.

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "parclass/qemu/phases.h"

namespace parclass::qemu {
namespace {

constexpr int kUsageError = 2;

const EmulatedPort& PortOf(const Phase& phase) { return *FindPort(phase.base); }

int List() {
  for (const EmulatedPort& port : kPorts) {
    fmt::print("port {} {:#x} {}\n", port.id, port.base, port.irq);
  }
  for (const Phase& phase : kPhases) {
    fmt::print("phase {} {} {} {}\n", phase.name, PortOf(phase).id, phase.length,
               WriterName(phase.writer));
  }
  return 0;
}

int Write(const std::string& directory) {
  for (const EmulatedPort& port : kPorts) {
    const std::string path = fmt::format("{}/expected-{}.bin", directory, port.id);
    const std::vector<uint8_t> stream = ExpectedStream(port);
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file.write(reinterpret_cast<const char*>(stream.data()),
               static_cast<std::streamsize>(stream.size()));
    file.close();
    if (!file) {
      fmt::print(stderr, "qemu_expected: cannot write '{}'\n", path);
      return 1;
    }
  }
  return 0;
}

// A table that the guest and the host could read differently is a bug, caught before any use.
bool TableIsValid() {
  return std::ranges::all_of(kPhases, [](const Phase& phase) {
    if (FindPort(phase.base) != nullptr) return true;
    fmt::print(stderr, "qemu_expected: phase {} writes to {:#x}, which is not in kPorts\n",
               phase.name, phase.base);
    return false;
  });
}

int Main(const std::vector<std::string_view>& args) {
  if (!TableIsValid()) return 1;
  if (args.size() == 1 && args[0] == "list") return List();
  if (args.size() == 2 && args[0] == "write") return Write(std::string(args[1]));
  fmt::print(stderr, "usage: qemu_expected list | qemu_expected write DIR\n");
  return kUsageError;
}

}  // namespace
}  // namespace parclass::qemu

int main(int argc, char** argv) {
  return parclass::qemu::Main(std::vector<std::string_view>(argv + 1, argv + argc));
}
