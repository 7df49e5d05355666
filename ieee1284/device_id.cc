#include "parclass/ieee1284/device_id.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <utility>

#include "parclass/base/assert.h"

namespace parclass::ieee1284 {
namespace {

using Form = DeviceIdLengthForm;

// --- Length bytes (ieee1284.md 11.3) -------------------------------------------------------------

// The two readings of the length bytes; each counts the two length bytes themselves.
struct LengthReadings {
  size_t big_endian;
  size_t little_endian;
};

LengthReadings ReadLength(uint8_t first, uint8_t second) {
  return {.big_endian = static_cast<size_t>(first << 8 | second),
          .little_endian = static_cast<size_t>(second << 8 | first)};
}

// Linux's test for a device that repeats one nibble instead of sending a Device ID.
bool IsConstantNibble(LengthReadings length) {
  return length.big_endian == length.little_endian &&
         (length.big_endian == 0 || length.big_endian > kMaxRepeatedByteLength);
}

// The candidate that reads `total` as counting the length bytes, and the one two further that
// reads it as counting only the text.
DeviceIdLength Inclusive(size_t total, bool big_endian) {
  return {.text_bytes = total - kDeviceIdLengthBytes,
          .form = big_endian ? Form::kStandard : Form::kLittleEndian};
}
DeviceIdLength Exclusive(size_t total, bool big_endian) {
  return {.text_bytes = total,
          .form = big_endian ? Form::kExcludingItself : Form::kLittleEndianExcludingItself};
}

// --- Text ----------------------------------------------------------------------------------------

constexpr std::string_view kBlanks = " \t\r\n";

std::string_view TrimTrailing(std::string_view text) {
  const size_t last = text.find_last_not_of(kBlanks);
  return last == std::string_view::npos ? std::string_view() : text.substr(0, last + 1);
}

std::string_view Trim(std::string_view text) {
  text = TrimTrailing(text);
  const size_t first = text.find_first_not_of(kBlanks);
  return first == std::string_view::npos ? std::string_view() : text.substr(first);
}

char ToUpper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) { return ToUpper(x) == ToUpper(y); });
}

// A control character other than tab, CR and LF: no Device ID sends one.
bool IsControl(uint8_t byte) {
  return (byte < 0x20 && byte != '\t' && byte != '\r' && byte != '\n') || byte == 0x7F;
}

Result<void> CheckIsText(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<uint8_t>(text[i]);
    if (IsControl(byte)) {
      return Error(Errc::kProtocolError,
                   fmt::format("Device ID byte {} is 0x{:02x}, a control character: the "
                               "peripheral sent garbage, not text",
                               i, byte));
    }
  }
  return Ok();
}

// --- Fields (ieee1284.md 11.2) -------------------------------------------------------------------

struct KeyNames {
  std::string_view short_name;
  std::string_view long_name;
};

constexpr KeyNames kManufacturerKey = {"MFG", "MANUFACTURER"};
constexpr KeyNames kModelKey = {"MDL", "MODEL"};
constexpr KeyNames kCommandSetKey = {"CMD", "COMMAND SET"};

bool IsKey(std::string_view key, KeyNames names) {
  return EqualsIgnoringCase(key, names.short_name) || EqualsIgnoringCase(key, names.long_name);
}

// The keys whose value is one string, and where DeviceId keeps it.
struct StringKey {
  KeyNames names;
  std::string DeviceId::*member;
};

constexpr std::array kStringKeys = {
    StringKey{kManufacturerKey, &DeviceId::manufacturer},
    StringKey{kModelKey, &DeviceId::model},
    StringKey{{"CLS", "CLASS"}, &DeviceId::device_class},
    StringKey{{"DES", "DESCRIPTION"}, &DeviceId::description},
    StringKey{{"CID", "COMPATIBLEID"}, &DeviceId::compatible_id},
    StringKey{{"AID", "AUTOMATICID"}, &DeviceId::automatic_id},
};

// The text split at ';' and at each segment's first ':'; segments without ':' or with a blank key
// are dropped, as Linux's parse_data ignores them.
std::vector<DeviceIdField> SplitFields(std::string_view text) {
  std::vector<DeviceIdField> fields;
  while (!text.empty()) {
    const size_t end = text.find(';');
    const std::string_view segment = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    const size_t colon = segment.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view key = Trim(segment.substr(0, colon));
    if (key.empty()) continue;
    fields.push_back({.key = std::string(key), .value = std::string(segment.substr(colon + 1))});
  }
  return fields;
}

// "PCL, PJL,,MLC" -> {"PCL", "PJL", "MLC"}.
std::vector<std::string> SplitList(std::string_view list) {
  std::vector<std::string> items;
  while (!list.empty()) {
    const size_t end = list.find(',');
    const std::string_view item = Trim(list.substr(0, end));
    if (!item.empty()) items.emplace_back(item);
    list = end == std::string_view::npos ? std::string_view() : list.substr(end + 1);
  }
  return items;
}

// Stores a field in its named member, if its key is one of ieee1284.md 11.2; a later field with
// the same key replaces an earlier one.
void Apply(const DeviceIdField& field, DeviceId& id) {
  const std::string_view value = Trim(field.value);
  if (IsKey(field.key, kCommandSetKey)) {
    id.command_set = SplitList(value);
    return;
  }
  for (const StringKey& key : kStringKeys) {
    if (IsKey(field.key, key.names)) {
      id.*key.member = std::string(value);
      return;
    }
  }
}

// --- Windows identifiers (windows-parallel-interface.md 1.5) -------------------------------------

constexpr std::string_view kLptenumPrefix = "LPTENUM\\";
constexpr size_t kHardwareIdNameChars = 20;  // PptPdoQueryId's mfgMdlTruncationLimit.

const DeviceIdField* FindLast(const DeviceId& id, KeyNames names) {
  const auto found =
      std::ranges::find_if(id.fields.rbegin(), id.fields.rend(),
                           [names](const DeviceIdField& field) { return IsKey(field.key, names); });
  return found == id.fields.rend() ? nullptr : &*found;
}

// P4SanitizeMultiSzId: blanks and control characters, ',' and bytes above 0x7F become '_'.
void Sanitise(std::string& hardware_id) {
  for (char& c : hardware_id) {
    const auto byte = static_cast<uint8_t>(c);
    if (byte <= ' ' || byte > 0x7F || c == ',') c = '_';
  }
}

// The bare hardware ID: the first 20 characters of MFG+MDL as sent, then the check value of all
// of MFG+MDL, sanitised.
Result<std::string> MfgMdlCheck(const DeviceId& id) {
  const DeviceIdField* manufacturer = FindLast(id, kManufacturerKey);
  const DeviceIdField* model = FindLast(id, kModelKey);
  if (manufacturer == nullptr || model == nullptr) {
    return Error(Errc::kProtocolError,
                 fmt::format("Device ID has no {} field; Windows names a device by MFG and MDL",
                             manufacturer == nullptr ? "MFG (MANUFACTURER)" : "MDL (MODEL)"));
  }
  const std::string mfg_mdl = manufacturer->value + model->value;
  std::string hardware_id =
      fmt::format("{}{:04X}", mfg_mdl.substr(0, kHardwareIdNameChars), LptenumCheckSum(mfg_mdl));
  Sanitise(hardware_id);
  return hardware_id;
}

}  // namespace

std::string_view DeviceIdLengthFormName(DeviceIdLengthForm form) {
  switch (form) {
    case Form::kStandard: return "standard";
    case Form::kExcludingItself: return "excluding itself";
    case Form::kLittleEndian: return "little-endian";
    case Form::kLittleEndianExcludingItself: return "little-endian excluding itself";
    case Form::kOffByTwo: return "off by two";
    case Form::kUnrecognised: return "unrecognised";
  }
  return "invalid form";
}

Result<std::vector<DeviceIdLength>> DeviceIdCandidateLengths(uint8_t first, uint8_t second) {
  const LengthReadings length = ReadLength(first, second);
  if (IsConstantNibble(length)) {
    return Error(Errc::kProtocolError,
                 fmt::format("Device ID length bytes 0x{:02x} 0x{:02x} give length {}: a device "
                             "that returns a constant nibble, not a Device ID",
                             first, second, length.big_endian));
  }
  if (length.big_endian == length.little_endian) {
    return std::vector{Inclusive(length.big_endian, true), Exclusive(length.big_endian, true)};
  }
  const bool big_is_shorter = length.big_endian < length.little_endian;
  const size_t shorter = std::min(length.big_endian, length.little_endian);
  const size_t longer = std::max(length.big_endian, length.little_endian);
  std::vector<DeviceIdLength> candidates;
  if (shorter > kDeviceIdLengthBytes) {
    candidates.push_back(Inclusive(shorter, big_is_shorter));
    candidates.push_back(Exclusive(shorter, big_is_shorter));
  }
  candidates.push_back(Inclusive(longer, !big_is_shorter));
  candidates.push_back(Exclusive(longer, !big_is_shorter));
  return candidates;
}

DeviceIdLengthForm RecogniseDeviceIdLength(uint8_t first, uint8_t second, size_t text_bytes) {
  const LengthReadings length = ReadLength(first, second);
  if (IsConstantNibble(length)) return Form::kUnrecognised;
  const size_t total = text_bytes + kDeviceIdLengthBytes;
  if (total == length.big_endian) return Form::kStandard;
  if (text_bytes == length.big_endian) return Form::kExcludingItself;
  if (total == length.little_endian) return Form::kLittleEndian;
  if (text_bytes == length.little_endian) return Form::kLittleEndianExcludingItself;
  if (total + 2 == length.big_endian) return Form::kOffByTwo;
  return Form::kUnrecognised;
}

Result<DeviceIdText> SplitDeviceId(std::span<const uint8_t> raw) {
  if (raw.size() < kDeviceIdLengthBytes) {
    return Error(
        Errc::kProtocolError,
        fmt::format("Device ID of {} byte(s) ends inside its two length bytes", raw.size()));
  }
  const std::vector<DeviceIdLength> candidates =
      PARCLASS_TRY(DeviceIdCandidateLengths(raw[0], raw[1]));
  const std::span<const uint8_t> text = raw.subspan(kDeviceIdLengthBytes);
  for (const DeviceIdLength& candidate : candidates) {
    PARCLASS_ASSERT(candidate.text_bytes > 0, "a candidate Device ID length without text");
    if (text.size() <= candidate.text_bytes) {
      // The reader got no further: the peripheral had no more data.
      const Form form = RecogniseDeviceIdLength(raw[0], raw[1], text.size());
      return DeviceIdText{.text = text, .length = {.text_bytes = text.size(), .form = form}};
    }
    if (text[candidate.text_bytes - 1] == ';') {
      return DeviceIdText{.text = text.first(candidate.text_bytes), .length = candidate};
    }
  }
  // More bytes than any candidate, none ending in ';': Linux keeps the last candidate's worth.
  const size_t last = candidates.back().text_bytes;
  return DeviceIdText{.text = text.first(last),
                      .length = {.text_bytes = last, .form = Form::kUnrecognised}};
}

Result<DeviceId> ParseDeviceId(std::span<const uint8_t> text) {
  std::string_view body(reinterpret_cast<const char*>(text.data()), text.size());
  const size_t last = body.find_last_not_of('\0');
  body = last == std::string_view::npos ? std::string_view() : body.substr(0, last + 1);
  if (body.empty()) {
    return Error(Errc::kProtocolError, "empty Device ID: the peripheral sent no text");
  }
  PARCLASS_TRY(CheckIsText(body));
  DeviceId id;
  id.raw.assign(text.begin(), text.end());
  id.fields = SplitFields(body);
  if (id.fields.empty()) {
    return Error(Errc::kProtocolError,
                 fmt::format("Device ID has no KEY:value field: \"{}\"", body));
  }
  for (const DeviceIdField& field : id.fields) Apply(field, id);
  return id;
}

std::string DeviceId::Describe() const {
  std::string line =
      fmt::format("{}{}{}", manufacturer, manufacturer.empty() || model.empty() ? "" : " ", model);
  if (line.empty()) line = "unnamed device";
  std::vector<std::string> details;
  if (!device_class.empty()) details.push_back(device_class);
  if (!command_set.empty()) details.push_back(fmt::format("{}", fmt::join(command_set, ", ")));
  if (!details.empty()) line += fmt::format(" ({})", fmt::join(details, "; "));
  return line;
}

uint16_t Crc16Arc(std::string_view bytes) {
  constexpr uint16_t kReflectedPolynomial = 0xA001;
  uint16_t crc = 0;
  for (const char c : bytes) {
    crc ^= static_cast<uint8_t>(c);
    for (int bit = 0; bit < 8; ++bit) {
      crc = (crc & 1) != 0 ? static_cast<uint16_t>((crc >> 1) ^ kReflectedPolynomial)
                           : static_cast<uint16_t>(crc >> 1);
    }
  }
  return crc;
}

uint16_t LptenumCheckSum(std::string_view bytes) {
  // GetCheckSum's crc16a and crc16b, octal in the source. kLowNibble is CRC-16/ARC's table at
  // 0x00-0x0F; kHighNibble is its table at 0x00, 0x10, ... 0xF0 except the last entry, which
  // CRC-16/ARC has as 0x4400.
  constexpr std::array<uint16_t, 16> kLowNibble = {0x0000, 0xC0C1, 0xC181, 0x0140, 0xC301, 0x03C0,
                                                   0x0280, 0xC241, 0xC601, 0x06C0, 0x0780, 0xC741,
                                                   0x0500, 0xC5C1, 0xC481, 0x0440};
  constexpr std::array<uint16_t, 16> kHighNibble = {0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00,
                                                    0x2800, 0xE401, 0xA001, 0x6C00, 0x7800, 0xB401,
                                                    0x5000, 0x9C01, 0x8801, 0x4600};
  uint16_t crc = 0;
  for (const char c : bytes) {
    const auto index = static_cast<uint8_t>(static_cast<uint8_t>(c) ^ (crc & 0xFF));
    crc = static_cast<uint16_t>((crc >> 8) ^ kLowNibble[index & 0x0F] ^ kHighNibble[index >> 4]);
  }
  return crc;
}

Result<std::string> HardwareId(const DeviceId& id) {
  const std::string bare = PARCLASS_TRY(MfgMdlCheck(id));
  return std::string(kLptenumPrefix) + bare;
}

Result<std::vector<std::string>> HardwareIds(const DeviceId& id) {
  std::string bare = PARCLASS_TRY(MfgMdlCheck(id));
  return std::vector{std::string(kLptenumPrefix) + bare, std::move(bare)};
}

}  // namespace parclass::ieee1284
