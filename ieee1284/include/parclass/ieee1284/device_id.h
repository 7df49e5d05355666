// The IEEE 1284 Device ID (shared spec ieee1284.md section 11): from the bytes a peripheral sends
// to its fields, and from its fields to the identifiers Windows gives it.
//
// A Device ID is two length bytes and then ASCII text "KEY:value;KEY:value;...". The standard
// says the length is big-endian and counts its own two bytes; devices in the field also send it
// little-endian, without its own two bytes, or two too large, and a device that does not really
// implement the Device ID repeats one nibble forever. DeviceIdCandidateLengths() gives the text
// lengths worth reading to, in order, as Linux's parport_read_device_id tries them (11.3); a
// reader stops at the first one where the text ends in ';', or where the peripheral has no more
// data. SplitDeviceId() does the same over bytes already read. ParseDeviceId() then takes the
// text apart, and HardwareId() names the device as Windows' LPTENUM bus driver does.
//
//   // Read the two length bytes, then up to each candidate in turn.
//   std::vector<DeviceIdLength> lengths = PARCLASS_TRY(DeviceIdCandidateLengths(raw[0], raw[1]));
//   for (const DeviceIdLength& length : lengths) {
//     PARCLASS_TRY(ReadUpTo(raw, 2 + length.text_bytes));   // stops early when data runs out
//     if (!DataAvailable() || raw.back() == ';') break;
//   }
//   DeviceIdText split = PARCLASS_TRY(SplitDeviceId(raw));  // split.length.form: which form
//   DeviceId id = PARCLASS_TRY(ParseDeviceId(split.text));
//   log(id.Describe());               // "Hewlett-Packard HP LaserJet 4 (PRINTER; PCL, PJL)"
//   std::string hardware_id = PARCLASS_TRY(HardwareId(id));
//                                     // "LPTENUM\Hewlett-PackardHP_La" + 4 hex digits

#ifndef PARCLASS_IEEE1284_DEVICE_ID_H_
#define PARCLASS_IEEE1284_DEVICE_ID_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parclass/base/result.h"

namespace parclass::ieee1284 {

// The two length bytes that precede the text.
inline constexpr size_t kDeviceIdLengthBytes = 2;

// Largest length Linux believes when both length bytes are equal; above it, and at 0, the device
// is taken to repeat a constant nibble (ieee1284.md 11.3).
inline constexpr size_t kMaxRepeatedByteLength = 0xFFF;

// How a device encoded the length of its Device ID. The names match sim::DeviceIdLength, which
// produces each form.
enum class DeviceIdLengthForm : uint8_t {
  kStandard,                     // Big-endian, counting its own two bytes (IEEE 1284).
  kExcludingItself,              // Big-endian, counting only the text: two short (libieee1284).
  kLittleEndian,                 // Little-endian, counting its own two bytes.
  kLittleEndianExcludingItself,  // Little-endian, counting only the text.
  kOffByTwo,                     // Big-endian, two more than kStandard: the text ends early.
  kUnrecognised,                 // The text ended where no form puts it: truncated or padded.
};

// "standard", "excluding itself", ...
std::string_view DeviceIdLengthFormName(DeviceIdLengthForm form);

// A length of the text after the two length bytes, and the form that gives it.
struct DeviceIdLength {
  using Form = DeviceIdLengthForm;

  size_t text_bytes = 0;            // Bytes of text, not counting the two length bytes.
  Form form = Form::kUnrecognised;  // The reading of the length bytes that gives text_bytes.

  bool operator==(const DeviceIdLength&) const = default;
};

// The text lengths to read to, in the order Linux tries them, from the two length bytes as sent
// (`first` is sent first). With BE = first<<8|second and LE = second<<8|first, each counting the
// length bytes: min(BE,LE) and min+2, then, if they differ, max and max+2; when they differ and
// min <= 2, only max and max+2 (Linux does not try 0x100 and 0x200 as 1 and 2). kOffByTwo is never
// a candidate: such a device stops sending before the first one. Fails with kProtocolError when
// both bytes are equal and give 0 or more than kMaxRepeatedByteLength.
Result<std::vector<DeviceIdLength>> DeviceIdCandidateLengths(uint8_t first, uint8_t second);

// The form in which the length bytes say the text is `text_bytes` long, or kUnrecognised. When
// two forms agree (both bytes equal), the standard one is named.
DeviceIdLengthForm RecogniseDeviceIdLength(uint8_t first, uint8_t second, size_t text_bytes);

// A Device ID's text, as found in the bytes read.
struct DeviceIdText {
  std::span<const uint8_t> text;  // Into the caller's bytes, after the two length bytes.
  DeviceIdLength length;          // text.size(), and the form that explains it.
};

// The raw-to-text step: `raw` is everything read, the two length bytes and the text as far as the
// reader got. Walks the candidate lengths as a reader does: the text ends at the first candidate
// where it ends in ';'; if the bytes run out first, the text is all of them (the form is then
// recognised from their number); if they outlast every candidate, the text is cut at the last one
// and the form is kUnrecognised. Fails with kProtocolError when `raw` is shorter than the length
// bytes or the length is the constant-nibble kind.
Result<DeviceIdText> SplitDeviceId(std::span<const uint8_t> raw);

// One "KEY:value" of a Device ID, in the order sent.
struct DeviceIdField {
  std::string key;    // As sent, case kept; blanks around it dropped.
  std::string value;  // Exactly as sent, up to the ';' (the named fields of DeviceId are trimmed).

  bool operator==(const DeviceIdField&) const = default;
};

// A parsed Device ID. Keys are matched without regard to case or surrounding blanks. The named
// members hold values without surrounding blanks (Linux drops trailing ones; a blank after the
// ':' is layout too); `fields` keeps them as sent. When a key comes twice the last one wins, as in
// both Linux (parse_data) and Windows (ParPnpFindDeviceIdKeys); `fields` keeps every occurrence.
struct DeviceId {
  std::string manufacturer;              // MFG or MANUFACTURER.
  std::string model;                     // MDL or MODEL.
  std::vector<std::string> command_set;  // CMD or COMMAND SET, split at ',' and trimmed.
  std::string device_class;              // CLS or CLASS, e.g. "PRINTER".
  std::string description;               // DES or DESCRIPTION.
  std::string compatible_id;             // CID or COMPATIBLEID (read by Windows).
  std::string automatic_id;              // AID or AUTOMATICID (read by Windows).
  std::vector<DeviceIdField> fields;     // Every field in order, duplicates and unknown keys too.
  std::vector<uint8_t> raw;              // The text exactly as parsed.

  // One line: "Hewlett-Packard HP LaserJet 4 (PRINTER; PCL, PJL)".
  std::string Describe() const;
};

// Parses the text after the two length bytes. A final ';' may be missing, and NUL bytes at the
// end (some devices count a terminator) are ignored; a segment without ':' is skipped, as Linux
// does. Fails with kProtocolError when the text is empty, holds a control character other than
// tab, CR or LF (a device sending garbage), or has no "KEY:value" at all.
Result<DeviceId> ParseDeviceId(std::span<const uint8_t> text);

// CRC-16/ARC: reflected polynomial 0xA001, initial value 0, no final XOR. Check value:
// Crc16Arc("123456789") == 0xBB3D.
uint16_t Crc16Arc(std::string_view bytes);

// The check value of a Windows hardware ID, as the driver's GetCheckSum computes it: CRC-16/ARC by
// two nibble tables, one entry of which differs from CRC-16/ARC's (0x4600 for 0x4400, at high
// nibble 0xF, in every copy of the table in the Windows sources). It equals Crc16Arc() until a
// step looks up that entry; LptenumCheckSum("123456789") is 0x593C.
uint16_t LptenumCheckSum(std::string_view bytes);

// The Windows hardware ID of a device on an LPT port (windows-parallel-interface.md 1.5,
// ieee1284.md 11.4), computed as the Windows driver source does (PptPdoQueryId): the last MFG and
// MDL values exactly as sent (from `fields`, trailing blanks included) are concatenated, and the
// ID is "LPTENUM\" + the first 20 characters of that + LptenumCheckSum() of all of it as 4
// upper-case hex digits, with blanks, control characters, ',' and bytes above 0x7F then replaced
// by '_'. Microsoft's documented example keeps the 20 characters, but neither check value gives
// its 3115; the driver source is followed. Fails with kProtocolError when the ID has no MFG or no
// MDL field.
Result<std::string> HardwareId(const DeviceId& id);

// Both hardware IDs Windows reports, in its order: HardwareId(), then the same without
// "LPTENUM\". Windows reports no compatible IDs for these devices ("Printing group specified that
// we not report compatible IDs", PptPdoQueryId), so none is derived here.
Result<std::vector<std::string>> HardwareIds(const DeviceId& id);

}  // namespace parclass::ieee1284

#endif  // PARCLASS_IEEE1284_DEVICE_ID_H_
