#include "parclass/hw/register.h"

#include <fmt/format.h>

#include <vector>

namespace parclass::hw {
namespace {

std::string DescribeField(const Field& field, uint8_t value) {
  if (field.is_reserved()) {
    return field.width() == 1 ? fmt::format("reserved{}={}", field.low, value)
                              : fmt::format("reserved{}:{}={:#0{}b}", field.high, field.low, value,
                                            field.width() + 2);
  }
  if (!field.value_names.empty()) return fmt::format("{}={}", field.name, field.value_names[value]);
  if (field.width() == 1) return std::string(field.name);
  return fmt::format("{}={:#04x}", field.name, value);
}

}  // namespace

std::string DescribeRegister(std::string_view name, uint8_t raw, std::span<const Field> fields) {
  std::vector<std::string> parts;
  for (const Field& field : fields) {
    const uint8_t value = field.Extract(raw);
    // Named values are always shown (mode=spp is worth saying); other fields only when non-zero.
    if (value != 0 || !field.value_names.empty()) parts.push_back(DescribeField(field, value));
  }
  return fmt::format("{}={:#04x} [{}]", name, raw, fmt::join(parts, " "));
}

}  // namespace parclass::hw
