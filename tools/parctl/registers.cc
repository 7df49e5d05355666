// parctl's register commands: `regs` lists the PC port's registers, `decode` names the bits of a
// value.

#include <fmt/format.h>

#include <charconv>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "commands.h"
#include "parclass/hw/catalog.h"
#include "parclass/hw/spp_regs.h"

namespace parclass::tools {
namespace {

std::string_view AccessName(hw::Access access) {
  switch (access) {
    case hw::Access::kReadWrite: return "rw";
    case hw::Access::kReadOnly: return "ro";
    case hw::Access::kWriteOnly: return "wo";
  }
  return "?";
}

std::string AddressText(hw::RegisterAddress address) {
  return address.block == hw::RegisterBlock::kBase ? fmt::format("base+{}", address.offset)
                                                   : fmt::format("ecp+{}", address.offset);
}

std::string FieldsText(std::span<const hw::Field> fields) {
  std::string text;
  for (const hw::Field& field : fields) {
    if (!text.empty()) text += " ";
    text += field.width() == 1 ? fmt::format("{}:{}", field.high, field.name)
                               : fmt::format("{}-{}:{}", field.high, field.low, field.name);
  }
  return text;
}

// A byte in decimal, 0x hexadecimal or 0b binary, with optional ' digit separators.
std::optional<uint8_t> ParseByte(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c != '\'') digits += c;
  }
  int base = 10;
  std::string_view number = digits;
  if (number.size() > 2 && number[0] == '0' && (number[1] == 'x' || number[1] == 'X')) {
    base = 16;
    number.remove_prefix(2);
  } else if (number.size() > 2 && number[0] == '0' && (number[1] == 'b' || number[1] == 'B')) {
    base = 2;
    number.remove_prefix(2);
  }
  unsigned value = 0;
  const auto [end, error] =
      std::from_chars(number.data(), number.data() + number.size(), value, base);
  if (error != std::errc() || end != number.data() + number.size() || value > 0xff) {
    return std::nullopt;
  }
  return static_cast<uint8_t>(value);
}

}  // namespace

int ListRegisters() {
  fmt::print("{:<12} {:<8} {:<3} {:<28} {}\n", "register", "address", "rw", "ECR modes",
             "fields (bit:name, high to low)");
  for (const hw::RegisterInfo& info : hw::kRegisterCatalog) {
    fmt::print("{:<12} {:<8} {:<3} {:<28} {}\n", info.name, AddressText(info.address),
               AccessName(info.access), info.ecr_modes, FieldsText(info.fields));
  }
  fmt::print("\nECP+n is base+0x400+n on ISA ports; PCI cards place the ECP block elsewhere.\n");
  return 0;
}

int Decode(const std::string& name, const std::string& value_text) {
  const hw::RegisterInfo* info = hw::FindRegister(name);
  if (info == nullptr) {
    fmt::print(stderr, "parctl: unknown register '{}'; `parctl regs` lists them\n", name);
    return 2;
  }
  const std::optional<uint8_t> byte = ParseByte(value_text);
  if (!byte) {
    fmt::print(stderr, "parctl: '{}' is not a byte value (0-255, 0x00-0xff or 0b0000'0000)\n",
               value_text);
    return 2;
  }
  fmt::print("{}\n", hw::DescribeRegister(info->name, *byte, info->fields));
  if (info->address == hw::Dsr::kAddress) {
    fmt::print("lines: {}\n", hw::Dsr::FromValue(*byte).lines().Describe());
  } else if (info->address == hw::Dcr::kAddress) {
    fmt::print("lines: {}\n", hw::Dcr::FromValue(*byte).lines().Describe());
  }
  return 0;
}

}  // namespace parclass::tools
