// The Device ID: candidate lengths for each length form found in the field, the raw-to-text step,
// the parser, and the Windows hardware IDs with their check value.

#include "parclass/ieee1284/device_id.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parclass/base/testing/result_matchers.h"
#include "parclass/sim/ieee1284_peripheral.h"

namespace parclass::ieee1284 {
namespace {

using Form = DeviceIdLengthForm;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<uint8_t> Bytes(std::string_view text) { return {text.begin(), text.end()}; }

// The two length bytes as sent, then the text.
std::vector<uint8_t> Raw(uint8_t first, uint8_t second, std::string_view text) {
  std::vector<uint8_t> raw(kDeviceIdLengthBytes + text.size());
  raw[0] = first;
  raw[1] = second;
  std::ranges::copy(text, raw.begin() + kDeviceIdLengthBytes);
  return raw;
}

Result<DeviceId> Parse(std::string_view text) { return ParseDeviceId(Bytes(text)); }

constexpr std::string_view kAcme = "MFG:ACME;MDL:Model 1;";  // 21 bytes: 23 = 0x17 with the length.
constexpr std::string_view kLaserJet =
    "MFG:Hewlett-Packard;MDL:HP LaserJet 4;CMD:PCL,PJL;CLS:PRINTER;DES:HP LaserJet 4;";

// --- Candidate lengths, one test per form found in the field (ieee1284.md 11.3) ----------------

TEST(DeviceIdCandidateLengthsTest, Standard) {
  // BE = 0x0017 = 23, LE = 0x1700 = 5888.
  const auto lengths = DeviceIdCandidateLengths(0x00, 0x17);
  ASSERT_OK(lengths);
  EXPECT_THAT(*lengths, ElementsAre(DeviceIdLength{21, Form::kStandard},
                                    DeviceIdLength{23, Form::kExcludingItself},
                                    DeviceIdLength{5886, Form::kLittleEndian},
                                    DeviceIdLength{5888, Form::kLittleEndianExcludingItself}));
}

TEST(DeviceIdCandidateLengthsTest, LittleEndian) {
  const auto lengths = DeviceIdCandidateLengths(0x17, 0x00);
  ASSERT_OK(lengths);
  EXPECT_THAT(*lengths, ElementsAre(DeviceIdLength{21, Form::kLittleEndian},
                                    DeviceIdLength{23, Form::kLittleEndianExcludingItself},
                                    DeviceIdLength{5886, Form::kStandard},
                                    DeviceIdLength{5888, Form::kExcludingItself}));
}

TEST(DeviceIdCandidateLengthsTest, ExcludingItself) {
  // 21 bytes of text, sent as 0x0015: the second candidate is the right one.
  const auto lengths = DeviceIdCandidateLengths(0x00, 0x15);
  ASSERT_OK(lengths);
  EXPECT_THAT(*lengths, ElementsAre(DeviceIdLength{19, Form::kStandard},
                                    DeviceIdLength{21, Form::kExcludingItself},
                                    DeviceIdLength{5374, Form::kLittleEndian},
                                    DeviceIdLength{5376, Form::kLittleEndianExcludingItself}));
}

TEST(DeviceIdCandidateLengthsTest, OffByTwo) {
  // 21 bytes of text, sent as 0x0019: no candidate fits; the device stops before the first.
  const auto lengths = DeviceIdCandidateLengths(0x00, 0x19);
  ASSERT_OK(lengths);
  EXPECT_THAT(*lengths, ElementsAre(DeviceIdLength{23, Form::kStandard},
                                    DeviceIdLength{25, Form::kExcludingItself},
                                    DeviceIdLength{6398, Form::kLittleEndian},
                                    DeviceIdLength{6400, Form::kLittleEndianExcludingItself}));
  EXPECT_EQ(RecogniseDeviceIdLength(0x00, 0x19, 21), Form::kOffByTwo);
}

TEST(DeviceIdCandidateLengthsTest, BogusFfffIsAConstantNibble) {
  const auto lengths = DeviceIdCandidateLengths(0xFF, 0xFF);
  EXPECT_ERRC(lengths, Errc::kProtocolError);
  EXPECT_THAT(lengths.error().detail(), HasSubstr("constant nibble"));
}

TEST(DeviceIdCandidateLengthsTest, ZeroIsAConstantNibble) {
  EXPECT_ERRC(DeviceIdCandidateLengths(0x00, 0x00), Errc::kProtocolError);
}

TEST(DeviceIdCandidateLengthsTest, EqualBytesUpTo0xFffAreBelieved) {
  const auto lengths = DeviceIdCandidateLengths(0x0F, 0x0F);  // 3855
  ASSERT_OK(lengths);
  EXPECT_THAT(*lengths, ElementsAre(DeviceIdLength{3853, Form::kStandard},
                                    DeviceIdLength{3855, Form::kExcludingItself}));
  EXPECT_ERRC(DeviceIdCandidateLengths(0x10, 0x10), Errc::kProtocolError);  // 4112 > 0xFFF
}

TEST(DeviceIdCandidateLengthsTest, ShorterReadingOfTwoOrLessIsNotTried) {
  // As Linux: 0x0001 is 256 little-endian, not 1; 0x0200 is 512 big-endian, not 2.
  const auto one = DeviceIdCandidateLengths(0x00, 0x01);
  ASSERT_OK(one);
  EXPECT_THAT(*one, ElementsAre(DeviceIdLength{254, Form::kLittleEndian},
                                DeviceIdLength{256, Form::kLittleEndianExcludingItself}));
  const auto two = DeviceIdCandidateLengths(0x02, 0x00);
  ASSERT_OK(two);
  EXPECT_THAT(*two, ElementsAre(DeviceIdLength{510, Form::kStandard},
                                DeviceIdLength{512, Form::kExcludingItself}));
}

TEST(RecogniseDeviceIdLengthTest, EachForm) {
  EXPECT_EQ(RecogniseDeviceIdLength(0x00, 0x17, 21), Form::kStandard);
  EXPECT_EQ(RecogniseDeviceIdLength(0x00, 0x15, 21), Form::kExcludingItself);
  EXPECT_EQ(RecogniseDeviceIdLength(0x17, 0x00, 21), Form::kLittleEndian);
  EXPECT_EQ(RecogniseDeviceIdLength(0x15, 0x00, 21), Form::kLittleEndianExcludingItself);
  EXPECT_EQ(RecogniseDeviceIdLength(0x00, 0x19, 21), Form::kOffByTwo);
  EXPECT_EQ(RecogniseDeviceIdLength(0x00, 0x17, 10), Form::kUnrecognised);
  EXPECT_EQ(RecogniseDeviceIdLength(0xFF, 0xFF, 0xFFFD), Form::kUnrecognised);
  EXPECT_EQ(RecogniseDeviceIdLength(0x01, 0x01, 255), Form::kStandard);  // BE == LE
}

TEST(DeviceIdLengthFormNameTest, Names) {
  EXPECT_EQ(DeviceIdLengthFormName(Form::kStandard), "standard");
  EXPECT_EQ(DeviceIdLengthFormName(Form::kOffByTwo), "off by two");
  EXPECT_EQ(DeviceIdLengthFormName(Form::kUnrecognised), "unrecognised");
}

// --- The raw-to-text step ------------------------------------------------------------------------

TEST(SplitDeviceIdTest, Standard) {
  const std::vector<uint8_t> raw = Raw(0x00, 0x17, kAcme);
  const auto split = SplitDeviceId(raw);
  ASSERT_OK(split);
  EXPECT_EQ(split->length, (DeviceIdLength{21, Form::kStandard}));
  EXPECT_EQ(split->text.data(), raw.data() + 2);
  EXPECT_EQ(split->text.size(), 21u);
}

TEST(SplitDeviceIdTest, LittleEndian) {
  const auto split = SplitDeviceId(Raw(0x17, 0x00, kAcme));
  ASSERT_OK(split);
  EXPECT_EQ(split->length, (DeviceIdLength{21, Form::kLittleEndian}));
}

TEST(SplitDeviceIdTest, ExcludingItselfIsReadToTheSecondCandidate) {
  const auto split = SplitDeviceId(Raw(0x00, 0x15, kAcme));
  ASSERT_OK(split);
  EXPECT_EQ(split->length, (DeviceIdLength{21, Form::kExcludingItself}));
}

TEST(SplitDeviceIdTest, OffByTwoEndsBeforeTheFirstCandidate) {
  const auto split = SplitDeviceId(Raw(0x00, 0x19, kAcme));
  ASSERT_OK(split);
  EXPECT_EQ(split->length, (DeviceIdLength{21, Form::kOffByTwo}));
}

TEST(SplitDeviceIdTest, StopsAtTheFirstCandidateEndingInSemicolon) {
  // A reader that read past the text: the bytes after the ';' at candidate 21 are not text.
  const std::vector<uint8_t> raw = Raw(0x00, 0x15, std::string(kAcme) + "\xff\xff");
  const auto split = SplitDeviceId(raw);
  ASSERT_OK(split);
  EXPECT_EQ(split->length, (DeviceIdLength{21, Form::kExcludingItself}));
  EXPECT_EQ(split->text.back(), ';');
}

TEST(SplitDeviceIdTest, MissingFinalSemicolonEndsWhereTheDataEnds) {
  const auto split = SplitDeviceId(Raw(0x00, 0x16, "MFG:ACME;MDL:Model 1"));
  ASSERT_OK(split);
  EXPECT_EQ(split->length, (DeviceIdLength{20, Form::kStandard}));
}

TEST(SplitDeviceIdTest, TruncatedTextIsKeptButUnrecognised) {
  const auto split = SplitDeviceId(Raw(0x00, 0x17, kAcme.substr(0, 10)));
  ASSERT_OK(split);
  EXPECT_EQ(split->length, (DeviceIdLength{10, Form::kUnrecognised}));
}

TEST(SplitDeviceIdTest, TextOutlastingEveryCandidateIsCutAtTheLast) {
  const std::vector<uint8_t> raw = Raw(0x01, 0x01, std::string(300, 'A'));
  const auto split = SplitDeviceId(raw);
  ASSERT_OK(split);
  EXPECT_EQ(split->length, (DeviceIdLength{257, Form::kUnrecognised}));
  EXPECT_EQ(split->text.size(), 257u);
}

// What the simulator's printer sends in each form is split back to its text and named.
class SplitSimulatedDeviceIdTest
    : public ::testing::TestWithParam<std::pair<sim::DeviceIdLength, Form>> {};

TEST_P(SplitSimulatedDeviceIdTest, RecognisesTheForm) {
  const auto [sent, recognised] = GetParam();
  const std::vector<uint8_t> raw = sim::Ieee1284Peripheral::DeviceIdBytes(std::string(kAcme), sent);
  const auto split = SplitDeviceId(raw);
  ASSERT_OK(split);
  EXPECT_EQ(split->length, (DeviceIdLength{kAcme.size(), recognised}));
}

INSTANTIATE_TEST_SUITE_P(
    Forms, SplitSimulatedDeviceIdTest,
    ::testing::Values(std::pair{sim::DeviceIdLength::kStandard, Form::kStandard},
                      std::pair{sim::DeviceIdLength::kLittleEndian, Form::kLittleEndian},
                      std::pair{sim::DeviceIdLength::kExcludingItself, Form::kExcludingItself},
                      std::pair{sim::DeviceIdLength::kOffByTwo, Form::kOffByTwo}));

TEST(SplitDeviceIdTest, SimulatedBogusLengthIsAnError) {
  EXPECT_ERRC(SplitDeviceId(sim::Ieee1284Peripheral::DeviceIdBytes(std::string(kAcme),
                                                                   sim::DeviceIdLength::kBogus)),
              Errc::kProtocolError);
}

TEST(SplitDeviceIdTest, InvalidArguments) {
  EXPECT_ERRC(SplitDeviceId({}), Errc::kProtocolError);
  EXPECT_ERRC(SplitDeviceId(Bytes("\x01")), Errc::kProtocolError);
  EXPECT_ERRC(SplitDeviceId(Raw(0xFF, 0xFF, kAcme)), Errc::kProtocolError);
  EXPECT_ERRC(SplitDeviceId(Raw(0x00, 0x00, "")), Errc::kProtocolError);
}

// --- The parser (ieee1284.md 11.2) ---------------------------------------------------------------

TEST(ParseDeviceIdTest, ShortKeys) {
  const auto id = Parse(
      "MFG:Hewlett-Packard;MDL:HP LaserJet 4;CMD:PCL,PJL;CLS:PRINTER;DES:HP LaserJet 4 printer;"
      "CID:HPLJ;AID:HP_LJ4;");
  ASSERT_OK(id);
  EXPECT_EQ(id->manufacturer, "Hewlett-Packard");
  EXPECT_EQ(id->model, "HP LaserJet 4");
  EXPECT_THAT(id->command_set, ElementsAre("PCL", "PJL"));
  EXPECT_EQ(id->device_class, "PRINTER");
  EXPECT_EQ(id->description, "HP LaserJet 4 printer");
  EXPECT_EQ(id->compatible_id, "HPLJ");
  EXPECT_EQ(id->automatic_id, "HP_LJ4");
}

TEST(ParseDeviceIdTest, LongKeys) {
  const auto id = Parse(
      "MANUFACTURER:Epson;MODEL:LQ-570;COMMAND SET:ESC/P;CLASS:PRINTER;DESCRIPTION:Dot matrix;"
      "COMPATIBLEID:EPSONLQ;AUTOMATICID:EPLQ570;");
  ASSERT_OK(id);
  EXPECT_EQ(id->manufacturer, "Epson");
  EXPECT_EQ(id->model, "LQ-570");
  EXPECT_THAT(id->command_set, ElementsAre("ESC/P"));
  EXPECT_EQ(id->device_class, "PRINTER");
  EXPECT_EQ(id->description, "Dot matrix");
  EXPECT_EQ(id->compatible_id, "EPSONLQ");
  EXPECT_EQ(id->automatic_id, "EPLQ570");
}

TEST(ParseDeviceIdTest, KeysAreCaseInsensitiveAndKeptAsSent) {
  const auto id = Parse("mfg:acme;Mdl:x;command set:PCL;");
  ASSERT_OK(id);
  EXPECT_EQ(id->manufacturer, "acme");
  EXPECT_EQ(id->model, "x");
  EXPECT_THAT(id->command_set, ElementsAre("PCL"));
  EXPECT_THAT(id->fields, ElementsAre(DeviceIdField{"mfg", "acme"}, DeviceIdField{"Mdl", "x"},
                                      DeviceIdField{"command set", "PCL"}));
}

TEST(ParseDeviceIdTest, BlanksAroundKeysAndValuesAreTrimmed) {
  const auto id = Parse(" MFG :ACME  ;\r\nMDL: Model 1 \t;");
  ASSERT_OK(id);
  EXPECT_EQ(id->manufacturer, "ACME");
  EXPECT_EQ(id->model, "Model 1");
  // The fields keep each value exactly as sent; only the key loses its blanks.
  EXPECT_THAT(id->fields,
              ElementsAre(DeviceIdField{"MFG", "ACME  "}, DeviceIdField{"MDL", " Model 1 \t"}));
}

TEST(ParseDeviceIdTest, CommandSetIsACommaList) {
  const auto id = Parse("MFG:A;MDL:B;CMD:PCL, PJL,,MLC , POSTSCRIPT;");
  ASSERT_OK(id);
  EXPECT_THAT(id->command_set, ElementsAre("PCL", "PJL", "MLC", "POSTSCRIPT"));
}

TEST(ParseDeviceIdTest, MissingFinalSemicolonIsTolerated) {
  const auto id = Parse("MFG:ACME;MDL:Model 1");
  ASSERT_OK(id);
  EXPECT_EQ(id->model, "Model 1");
  EXPECT_EQ(id->fields.size(), 2u);
}

TEST(ParseDeviceIdTest, DuplicateKeyLastWinsAndEveryOccurrenceIsKept) {
  const auto id = Parse("MFG:First;MANUFACTURER:Second;MDL:X;");
  ASSERT_OK(id);
  EXPECT_EQ(id->manufacturer, "Second");
  EXPECT_THAT(id->fields,
              ElementsAre(DeviceIdField{"MFG", "First"}, DeviceIdField{"MANUFACTURER", "Second"},
                          DeviceIdField{"MDL", "X"}));
}

TEST(ParseDeviceIdTest, UnknownKeysAreKeptInFieldsInOrder) {
  const auto id = Parse("MFG:A;VER:1.0;MDL:B;1284.4DL:4d,4e,4f;");
  ASSERT_OK(id);
  EXPECT_THAT(id->fields,
              ElementsAre(DeviceIdField{"MFG", "A"}, DeviceIdField{"VER", "1.0"},
                          DeviceIdField{"MDL", "B"}, DeviceIdField{"1284.4DL", "4d,4e,4f"}));
}

TEST(ParseDeviceIdTest, ValueSplitsAtTheFirstColonOnly) {
  const auto id = Parse("MFG:A;MDL:B;DES:HP: LaserJet 4;");
  ASSERT_OK(id);
  EXPECT_EQ(id->description, "HP: LaserJet 4");
}

TEST(ParseDeviceIdTest, SegmentsWithoutColonAreSkipped) {
  const auto id = Parse("junk;MFG:A;;MDL:B;:orphan;");
  ASSERT_OK(id);
  EXPECT_THAT(id->fields, ElementsAre(DeviceIdField{"MFG", "A"}, DeviceIdField{"MDL", "B"}));
}

TEST(ParseDeviceIdTest, RawBytesAreKeptIncludingTrailingNuls) {
  const std::vector<uint8_t> text = Bytes(std::string_view("MFG:A;MDL:B;\0\0", 14));
  const auto id = ParseDeviceId(text);
  ASSERT_OK(id);
  EXPECT_EQ(id->raw, text);
  EXPECT_EQ(id->model, "B");
}

TEST(ParseDeviceIdTest, EmptyTextIsAnError) {
  const auto id = ParseDeviceId({});
  EXPECT_ERRC(id, Errc::kProtocolError);
  EXPECT_THAT(id.error().detail(), HasSubstr("empty"));
  EXPECT_ERRC(Parse(std::string_view("\0\0", 2)), Errc::kProtocolError);
}

TEST(ParseDeviceIdTest, TextWithoutKeyValueIsAnError) {
  const auto id = Parse("HELLO;WORLD;");
  EXPECT_ERRC(id, Errc::kProtocolError);
  EXPECT_THAT(id.error().detail(), HasSubstr("no KEY:value"));
  EXPECT_ERRC(Parse(";;;"), Errc::kProtocolError);
  EXPECT_ERRC(Parse("   "), Errc::kProtocolError);
  EXPECT_ERRC(Parse(std::string(16, '\xff')), Errc::kProtocolError);  // A floating bus.
}

TEST(ParseDeviceIdTest, ControlCharactersAreGarbage) {
  const auto id = Parse("MFG:A;\x01\x02\x03MDL:B;");
  EXPECT_ERRC(id, Errc::kProtocolError);
  EXPECT_THAT(id.error().detail(), HasSubstr("byte 6 is 0x01"));
  EXPECT_ERRC(Parse(std::string_view("MFG:A\0;MDL:B;", 13)), Errc::kProtocolError);
  EXPECT_ERRC(Parse("MFG:A;MDL:\x7f;"), Errc::kProtocolError);
}

TEST(DeviceIdDescribeTest, NameClassAndCommandSet) {
  const auto id = Parse(kLaserJet);
  ASSERT_OK(id);
  EXPECT_EQ(id->Describe(), "Hewlett-Packard HP LaserJet 4 (PRINTER; PCL, PJL)");
}

TEST(DeviceIdDescribeTest, WhatIsMissingIsLeftOut) {
  EXPECT_EQ(Parse("MFG:ACME;MDL:Model 1;")->Describe(), "ACME Model 1");
  EXPECT_EQ(Parse("MDL:Model 1;CLS:PRINTER;")->Describe(), "Model 1 (PRINTER)");
  EXPECT_EQ(Parse("MFG:ACME;CMD:PCL;")->Describe(), "ACME (PCL)");
  EXPECT_EQ(Parse("VER:1;")->Describe(), "unnamed device");
}

// --- Check values --------------------------------------------------------------------------------

TEST(Crc16ArcTest, StandardCheckValue) {
  EXPECT_EQ(Crc16Arc("123456789"), 0xBB3D);
  EXPECT_EQ(Crc16Arc(""), 0x0000);
}

TEST(LptenumCheckSumTest, DiffersFromCrc16ArcOnlyAtTheWindowsTablesOddEntry) {
  EXPECT_EQ(LptenumCheckSum("123456789"), 0x593C);
  EXPECT_EQ(Crc16Arc("\xF0"), 0x4400);
  EXPECT_EQ(LptenumCheckSum("\xF0"), 0x4600);
  // From a zero CRC, one byte looks up its own high nibble.
  for (int byte = 0; byte < 256; ++byte) {
    const std::string text(1, static_cast<char>(byte));
    EXPECT_EQ(LptenumCheckSum(text) == Crc16Arc(text), (byte >> 4) != 0xF) << byte;
  }
  EXPECT_EQ(LptenumCheckSum("Company NameModel Name"), 0x24BA);
  EXPECT_EQ(Crc16Arc("Company NameModel Name"), 0x24BA);
}

// --- Windows hardware IDs ------------------------------------------------------------------------

TEST(HardwareIdTest, ShortNameIsNotTruncated) {
  const auto id = Parse(kAcme);
  ASSERT_OK(id);
  EXPECT_EQ(HardwareId(*id).value_or(""), "LPTENUM\\ACMEModel_1ECED");
}

TEST(HardwareIdTest, NameIsTruncatedTo20CharactersAndTheCheckCoversAllOfIt) {
  const auto id = Parse(kLaserJet);
  ASSERT_OK(id);
  // LptenumCheckSum("Hewlett-PackardHP LaserJet 4") == 0x22F9.
  EXPECT_EQ(HardwareId(*id).value_or(""), "LPTENUM\\Hewlett-PackardHP_La22F9");
}

TEST(HardwareIdTest, DocumentedExampleKeepsItsNameButNotItsCheckValue) {
  // Microsoft documents LPTENUM\Hewlett-PackardHP_Co3115; the driver source gives 0x5523
  // (CRC-16/ARC would give 0x4068). ieee1284.md 11.4, 15 item 10.
  const auto id = Parse(
      "MANUFACTURER:Hewlett-Packard;COMMAND SET:PJL,MLC,PCL,PCLXL,POSTSCRIPT;"
      "MODEL:HP Color LaserJet 550;");
  ASSERT_OK(id);
  EXPECT_EQ(HardwareId(*id).value_or(""), "LPTENUM\\Hewlett-PackardHP_Co5523");
}

TEST(HardwareIdTest, BothIdsInWindowsOrder) {
  const auto id = Parse(kAcme);
  ASSERT_OK(id);
  const auto ids = HardwareIds(*id);
  ASSERT_OK(ids);
  EXPECT_THAT(*ids, ElementsAre("LPTENUM\\ACMEModel_1ECED", "ACMEModel_1ECED"));
}

TEST(HardwareIdTest, ValuesAreUsedAsSent) {
  // The blank padding MFG counts, as in Windows, though `manufacturer` drops it.
  const auto id = Parse("MFG:ACME ;MDL:Model 1;");
  ASSERT_OK(id);
  EXPECT_EQ(id->manufacturer, "ACME");
  EXPECT_EQ(HardwareId(*id).value_or(""), "LPTENUM\\ACME_Model_132DB");
}

TEST(HardwareIdTest, CommasControlsAndHighBytesBecomeUnderscores) {
  const auto id = Parse("MFG:A,B;MDL:X\xE9;");
  ASSERT_OK(id);
  EXPECT_EQ(HardwareId(*id).value_or(""), "LPTENUM\\A_BX_C56E");
}

TEST(HardwareIdTest, LastMfgAndMdlAreUsed) {
  const auto id = Parse("MFG:First;MDL:X;MFG:Second;");
  ASSERT_OK(id);
  EXPECT_EQ(HardwareId(*id).value_or(""), "LPTENUM\\SecondX6BF8");
}

TEST(HardwareIdTest, LowerCaseKeysAreAccepted) {
  // Windows matches the keys case-sensitively and would not name this device; parclass does.
  const auto id = Parse("mfg:acme;mdl:x;");
  ASSERT_OK(id);
  EXPECT_EQ(HardwareId(*id).value_or(""), "LPTENUM\\acmex2319");
}

TEST(HardwareIdTest, MissingMfgIsAnError) {
  const auto id = Parse("MDL:Model 1;CLS:PRINTER;");
  ASSERT_OK(id);
  const auto hardware_id = HardwareId(*id);
  EXPECT_ERRC(hardware_id, Errc::kProtocolError);
  EXPECT_THAT(hardware_id.error().detail(), HasSubstr("no MFG"));
  EXPECT_ERRC(HardwareIds(*id), Errc::kProtocolError);
}

TEST(HardwareIdTest, MissingMdlIsAnError) {
  const auto id = Parse("MFG:ACME;");
  ASSERT_OK(id);
  const auto hardware_id = HardwareId(*id);
  EXPECT_ERRC(hardware_id, Errc::kProtocolError);
  EXPECT_THAT(hardware_id.error().detail(), HasSubstr("no MDL"));
}

TEST(HardwareIdTest, NeedsTheFieldsNotJustTheNamedMembers) {
  DeviceId by_hand;
  by_hand.manufacturer = "ACME";
  by_hand.model = "Model 1";
  EXPECT_ERRC(HardwareId(by_hand), Errc::kProtocolError);
}

}  // namespace
}  // namespace parclass::ieee1284
