#include <dirent.h>
#include <fmt/format.h>

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "parclass/qemu/guest.h"

namespace parclass::qemu {
namespace {

constexpr std::string_view kProcParport = "/proc/sys/dev/parport";

// The first line of a /proc file.
Result<std::string> ReadLine(const std::string& path) {
  std::ifstream file(path);
  std::string line;
  if (!file || !std::getline(file, line)) {
    return Error(Errc::kNoSuchDevice, fmt::format("cannot read {}", path));
  }
  return line;
}

// The first decimal field of a /proc file: base-addr holds "888\t1912" (base and base_hi).
Result<long> ReadNumber(const std::string& path) {
  const std::string line = PARCLASS_TRY(ReadLine(path));
  long value = 0;
  const auto [end, error] = std::from_chars(line.data(), line.data() + line.size(), value);
  if (error != std::errc()) {
    return Error(Errc::kIoError, fmt::format("{} holds '{}', not a number", path, line));
  }
  return value;
}

// The N of every /proc/sys/dev/parport/parportN ("default" is the other entry there).
std::vector<int> PortNumbers() {
  std::vector<int> numbers;
  DIR* directory = opendir(std::string(kProcParport).c_str());
  if (directory == nullptr) return numbers;
  constexpr std::string_view kPrefix = "parport";
  while (const dirent* entry = readdir(directory)) {
    const std::string_view name = entry->d_name;
    if (!name.starts_with(kPrefix)) continue;
    int number = 0;
    const std::string_view digits = name.substr(kPrefix.size());
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (error == std::errc() && end == digits.data() + digits.size()) numbers.push_back(number);
  }
  closedir(directory);
  return numbers;
}

}  // namespace

bool InQemuGuest() {
  const char* guest = std::getenv("PARCLASS_QEMU_GUEST");
  return guest != nullptr && std::string_view(guest) == "1";
}

Result<KernelPort> ReadKernelPort(int number) {
  const std::string directory = fmt::format("{}/parport{}", kProcParport, number);
  KernelPort port;
  port.number = number;
  port.parport = fmt::format("/dev/parport{}", number);
  port.lp = fmt::format("/dev/lp{}", number);
  port.base = static_cast<uint16_t>(PARCLASS_TRY(ReadNumber(directory + "/base-addr")));
  port.irq = static_cast<int>(PARCLASS_TRY(ReadNumber(directory + "/irq")));
  port.modes = PARCLASS_TRY(ReadLine(directory + "/modes"));
  return port;
}

Result<KernelPort> FindKernelPort(uint16_t base) {
  const std::vector<int> numbers = PortNumbers();
  for (const int number : numbers) {
    Result<KernelPort> port = ReadKernelPort(number);
    if (port && port->base == base) return port;
  }
  return Error(Errc::kNoSuchDevice,
               fmt::format("no parport at {:#x} among the {} in {} (parport_pc not loaded?)", base,
                           numbers.size(), kProcParport));
}

}  // namespace parclass::qemu
