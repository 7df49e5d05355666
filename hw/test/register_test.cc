#include "parclass/hw/register.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string_view>

#include "parclass/hw/address.h"
#include "parclass/hw/catalog.h"
#include "parclass/hw/describe.h"
#include "parclass/hw/ecp_regs.h"
#include "parclass/hw/epp_regs.h"
#include "parclass/hw/spp_regs.h"

namespace parclass::hw {
namespace {

constexpr std::array<std::string_view, 4> kFourNames = {"a", "b", "c", "d"};
constexpr std::array<std::string_view, 3> kThreeNames = {"a", "b", "c"};

// --- Field -----------------------------------------------------------------------------------

TEST(FieldTest, OneBitField) {
  constexpr Field kBit5{"direction", 5};
  EXPECT_EQ(kBit5.high, 5);
  EXPECT_EQ(kBit5.low, 5);
  EXPECT_EQ(kBit5.width(), 1);
  EXPECT_EQ(kBit5.mask(), 0b0010'0000);
}

TEST(FieldTest, MaskOfAWideField) {
  EXPECT_EQ((Field{"mode", 7, 5}).mask(), 0b1110'0000);
  EXPECT_EQ((Field{"irq", 5, 3}).mask(), 0b0011'1000);
  EXPECT_EQ((Field{"residue", 1, 0}).mask(), 0b0000'0011);
  EXPECT_EQ((Field{"irq", 5, 3}).width(), 3);
}

TEST(FieldTest, MaskOfTheWholeByte) {
  EXPECT_EQ((Field{"data", 7, 0}).mask(), 0b1111'1111);
  EXPECT_EQ((Field{"data", 7, 0}).width(), 8);
}

TEST(FieldTest, ExtractShiftsTheFieldDown) {
  constexpr Field kIrq{"irq", 5, 3};
  EXPECT_EQ(kIrq.Extract(0b1110'1111), 0b101);
  EXPECT_EQ(kIrq.Extract(0b1100'0111), 0b000);
  EXPECT_EQ((Field{"data", 7, 0}).Extract(0b1010'0101), 0b1010'0101);
}

TEST(FieldTest, InsertReplacesOnlyTheField) {
  constexpr Field kIrq{"irq", 5, 3};
  EXPECT_EQ(kIrq.Insert(0b1100'0111, 0b010), 0b1101'0111);
  EXPECT_EQ(kIrq.Insert(0b1111'1111, 0b000), 0b1100'0111);
}

TEST(FieldTest, InsertDropsBitsThatDoNotFit) {
  EXPECT_EQ((Field{"irq", 5, 3}).Insert(0b0000'0000, 0b1111), 0b0011'1000);
}

TEST(FieldTest, ReservedByDeclarationNotByName) {
  EXPECT_TRUE(Field::Reserved(7, 6).is_reserved());
  EXPECT_EQ(Field::Reserved(3).width(), 1);
  EXPECT_FALSE((Field{"direction", 5}).is_reserved());
  EXPECT_FALSE((Field{"reserved", 5}).is_reserved());
}

// --- IsCompleteLayout ------------------------------------------------------------------------

constexpr std::array kNibbles = {Field{"high", 7, 4}, Field{"low", 3, 0}};
constexpr std::array kOverlapping = {Field{"high", 7, 4}, Field{"low", 4, 0}};
constexpr std::array kGapped = {Field{"high", 7, 4}, Field{"low", 2, 0}};
constexpr std::array kOutOfOrder = {Field{"low", 3, 0}, Field{"high", 7, 4}};
constexpr std::array kShort = {Field{"high", 7, 4}};
constexpr std::array kStartsBelow7 = {Field{"middle", 6, 4}, Field{"low", 3, 0}};
constexpr std::array kBitAbove7 = {Field{"high", 8, 4}, Field{"low", 3, 0}};
constexpr std::array kLowAboveHigh = {Field{"high", 7, 4}, Field{"backwards", 0, 3}};
constexpr std::array kNamesMatchWidth = {Field{"mode", 7, 6, kFourNames}, Field{"low", 5, 0}};
constexpr std::array kNamesTooFew = {Field{"mode", 7, 6, kThreeNames}, Field{"low", 5, 0}};
constexpr std::array<Field, 0> kNoFields = {};

static_assert(IsCompleteLayout(kNibbles));
static_assert(!IsCompleteLayout(kOverlapping));
static_assert(!IsCompleteLayout(kGapped));
static_assert(!IsCompleteLayout(kOutOfOrder));

TEST(LayoutTest, HighToLowWithoutGapsIsComplete) {
  EXPECT_TRUE(IsCompleteLayout(kNibbles));
  EXPECT_TRUE(IsCompleteLayout(std::array{Field{"data", 7, 0}}));
  EXPECT_TRUE(IsCompleteLayout(kNamesMatchWidth));
}

TEST(LayoutTest, OverlappingFieldsAreRejected) { EXPECT_FALSE(IsCompleteLayout(kOverlapping)); }

TEST(LayoutTest, GapsAreRejected) {
  EXPECT_FALSE(IsCompleteLayout(kGapped));
  EXPECT_FALSE(IsCompleteLayout(kShort));
  EXPECT_FALSE(IsCompleteLayout(kStartsBelow7));
  EXPECT_FALSE(IsCompleteLayout(kNoFields));
}

TEST(LayoutTest, LowToHighOrderIsRejected) { EXPECT_FALSE(IsCompleteLayout(kOutOfOrder)); }

TEST(LayoutTest, BitsOutsideTheByteAreRejected) {
  EXPECT_FALSE(IsCompleteLayout(kBitAbove7));
  EXPECT_FALSE(IsCompleteLayout(kLowAboveHigh));
}

TEST(LayoutTest, ValueNamesMustNameEveryValue) { EXPECT_FALSE(IsCompleteLayout(kNamesTooFew)); }

// --- RegisterType ----------------------------------------------------------------------------

static_assert(RegisterType<Data>);
static_assert(RegisterType<Dsr>);
static_assert(RegisterType<Dcr>);
static_assert(RegisterType<EppAddress>);
static_assert(RegisterType<EppData<0>>);
static_assert(RegisterType<EppData<1>>);
static_assert(RegisterType<EppData<2>>);
static_assert(RegisterType<EppData<3>>);
static_assert(RegisterType<EcpAFifo>);
static_assert(RegisterType<CFifo>);
static_assert(RegisterType<EcpDFifo>);
static_assert(RegisterType<TFifo>);
static_assert(RegisterType<CnfgA>);
static_assert(RegisterType<CnfgB>);
static_assert(RegisterType<Ecr>);

// Looks like a register but leaves bit 3 undeclared.
struct GappedRegister {
  static constexpr std::string_view kName = "gapped";
  static constexpr Access kAccess = Access::kReadWrite;
  static constexpr RegisterAddress kAddress{RegisterBlock::kBase, 0};
  static constexpr std::array kFields = kGapped;
};
// Complete, but does not say where it lives.
struct AddresslessRegister {
  static constexpr std::string_view kName = "addressless";
  static constexpr Access kAccess = Access::kReadWrite;
  static constexpr std::array kFields = kNibbles;
};

static_assert(!RegisterType<int>);
static_assert(!RegisterType<GappedRegister>);
static_assert(IsCompleteLayout(AddresslessRegister::kFields));
static_assert(!RegisterType<AddresslessRegister>);

// Reading a write-only register (EcpAFifo, CFifo) or writing a read-only one (CnfgA) does not
// compile: register.h rejects it with a static_assert in the member's body, which a requires
// expression cannot observe, so it is not checked here.

// --- Register --------------------------------------------------------------------------------

// Register values are usable at compile time.
static_assert(Dcr::Get().set_direction(true).reg_value() == 0b0010'0000);
static_assert(Ecr::FromValue(0x35).mode() == EcrMode::kPs2);

TEST(RegisterTest, GetIsZero) {
  EXPECT_EQ(Dcr::Get().reg_value(), 0b0000'0000);
  EXPECT_EQ(Ecr::Get().reg_value(), 0b0000'0000);
}

TEST(RegisterTest, FromValueKeepsTheRawValue) {
  EXPECT_EQ(Dsr::FromValue(0b1101'1111).reg_value(), 0b1101'1111);
  EXPECT_EQ(Dcr::Get().set_reg_value(0b0000'1100).reg_value(), 0b0000'1100);
}

TEST(RegisterTest, EqualityComparesTheValue) {
  EXPECT_TRUE(Dcr::FromValue(0x0C) == Dcr::Get().set_select_in(true).set_n_init(true));
  EXPECT_FALSE(Dcr::FromValue(0x0C) == Dcr::FromValue(0x04));
}

TEST(RegisterDeathTest, ValueTooWideForItsFieldIsABug) {
  EXPECT_DEATH((void)CnfgB::Get().set_irq(0b1000), "value too wide for its field");
  EXPECT_DEATH((void)CnfgA::Get().set_pword_residue(0b100), "value too wide for its field");
}

// --- DescribeRegister ------------------------------------------------------------------------

constexpr std::array kDescribed = {Field{"mode", 7, 6, kFourNames}, Field::Reserved(5, 4),
                                   Field::Reserved(3), Field{"flag", 2}, Field{"count", 1, 0}};
static_assert(IsCompleteLayout(kDescribed));

TEST(DescribeRegisterTest, ShowsNonZeroFieldsHighToLow) {
  EXPECT_EQ(DescribeRegister("test", 0b0110'1111, kDescribed),
            "test=0x6f [mode=b reserved5:4=0b10 reserved3=1 flag count=0x03]");
}

TEST(DescribeRegisterTest, NamedFieldsAreShownEvenWhenZero) {
  EXPECT_EQ(DescribeRegister("test", 0b0000'0000, kDescribed), "test=0x00 [mode=a]");
}

TEST(DescribeRegisterTest, WithoutNamedFieldsZeroIsEmpty) {
  EXPECT_EQ(DescribeRegister("nibbles", 0x00, kNibbles), "nibbles=0x00 []");
  EXPECT_EQ(DescribeRegister("nibbles", 0x5A, kNibbles), "nibbles=0x5a [high=0x05 low=0x0a]");
}

// --- Addresses -------------------------------------------------------------------------------

// ieee1284.md section 2: base+0..7 (data to EPP data 3) and ECP+0..2 (FIFO/cnfgA, cnfgB, ECR).
TEST(AddressTest, BlockSpans) {
  EXPECT_EQ(kBaseBlockSpan, 8);
  EXPECT_EQ(kEcpBlockSpan, 3);
  EXPECT_EQ(kIsaEcpBlockOffset, 0x400);  // ieee1284.md section 2: base+0x400 on ISA ports.
}

TEST(AddressTest, IsValidWithinTheBlockSpan) {
  EXPECT_TRUE(IsValid({RegisterBlock::kBase, 0}));
  EXPECT_TRUE(IsValid({RegisterBlock::kBase, 7}));
  EXPECT_FALSE(IsValid({RegisterBlock::kBase, 8}));
  EXPECT_TRUE(IsValid({RegisterBlock::kEcp, 0}));
  EXPECT_TRUE(IsValid({RegisterBlock::kEcp, 2}));
  EXPECT_FALSE(IsValid({RegisterBlock::kEcp, 3}));
}

TEST(AddressTest, EqualityComparesBlockAndOffset) {
  EXPECT_EQ((RegisterAddress{RegisterBlock::kEcp, 2}), Ecr::kAddress);
  EXPECT_NE((RegisterAddress{RegisterBlock::kBase, 2}), Ecr::kAddress);
  EXPECT_NE((RegisterAddress{RegisterBlock::kEcp, 1}), Ecr::kAddress);
}

TEST(RegisterNameTest, NamesEveryBaseAddress) {
  EXPECT_EQ(RegisterName({RegisterBlock::kBase, 0}), "data/ecp_afifo");
  EXPECT_EQ(RegisterName({RegisterBlock::kBase, 1}), "dsr");
  EXPECT_EQ(RegisterName({RegisterBlock::kBase, 2}), "dcr");
  EXPECT_EQ(RegisterName({RegisterBlock::kBase, 3}), "epp_address");
  EXPECT_EQ(RegisterName({RegisterBlock::kBase, 4}), "epp_data0");
  EXPECT_EQ(RegisterName({RegisterBlock::kBase, 5}), "epp_data1");
  EXPECT_EQ(RegisterName({RegisterBlock::kBase, 6}), "epp_data2");
  EXPECT_EQ(RegisterName({RegisterBlock::kBase, 7}), "epp_data3");
}

TEST(RegisterNameTest, NamesEveryEcpAddress) {
  EXPECT_EQ(RegisterName({RegisterBlock::kEcp, 0}), "cfifo/ecp_dfifo/tfifo/cnfga");
  EXPECT_EQ(RegisterName({RegisterBlock::kEcp, 1}), "cnfgb");
  EXPECT_EQ(RegisterName({RegisterBlock::kEcp, 2}), "ecr");
}

TEST(RegisterNameTest, UnambiguousAddressesAreNamedAsTheirType) {
  EXPECT_EQ(RegisterName(Dsr::kAddress), Dsr::kName);
  EXPECT_EQ(RegisterName(Dcr::kAddress), Dcr::kName);
  EXPECT_EQ(RegisterName(EppAddress::kAddress), EppAddress::kName);
  EXPECT_EQ(RegisterName(EppData<3>::kAddress), EppData<3>::kName);
  EXPECT_EQ(RegisterName(CnfgB::kAddress), CnfgB::kName);
  EXPECT_EQ(RegisterName(Ecr::kAddress), Ecr::kName);
}

TEST(RegisterNameDeathTest, OffsetOutsideItsBlockIsABug) {
  EXPECT_DEATH((void)RegisterName({RegisterBlock::kBase, 8}), "outside its block");
  EXPECT_DEATH((void)RegisterName({RegisterBlock::kEcp, 3}), "outside its block");
}

// --- DescribeValue ---------------------------------------------------------------------------

// describe.h's examples.
TEST(DescribeValueTest, DecodesByAddress) {
  EXPECT_EQ(DescribeValue(Dcr::kAddress, 0x24), "dcr=0x24 [direction n_init]");
  EXPECT_EQ(DescribeValue(Dsr::kAddress, 0x78), "dsr=0x78 [n_ack p_error select n_fault]");
  EXPECT_EQ(DescribeValue(CnfgB::kAddress, 0x08), "cnfgb=0x08 [irq=irq7 dma=jumpered8]");
  EXPECT_EQ(DescribeValue(Ecr::kAddress, 0x35),
            "ecr=0x35 [mode=ps2 n_err_intr_en service_intr empty]");
}

// describe.h: base+0 and ECP+0 change meaning with the ECR mode, so they stay plain values.
TEST(DescribeValueTest, ModeDependentRegistersArePlainValues) {
  EXPECT_EQ(DescribeValue({RegisterBlock::kEcp, 0}, 0xAA), "cfifo/ecp_dfifo/tfifo/cnfga=0xaa");
  EXPECT_EQ(DescribeValue({RegisterBlock::kBase, 0}, 0x41), "data/ecp_afifo=0x41");
}

TEST(DescribeValueTest, EppRegistersArePlainValues) {
  EXPECT_EQ(DescribeValue(EppAddress::kAddress, 0x12), "epp_address=0x12");
  EXPECT_EQ(DescribeValue(EppData<1>::kAddress, 0x05), "epp_data1=0x05");
}

// --- Catalog ---------------------------------------------------------------------------------

// The entry for R: found by name, at R's address, with R's access and fields.
template <RegisterType R>
void ExpectCataloged() {
  const RegisterInfo* info = FindRegister(R::kName);
  ASSERT_NE(info, nullptr) << R::kName;
  EXPECT_EQ(info->name, R::kName);
  EXPECT_EQ(info->address, R::kAddress) << R::kName;
  EXPECT_EQ(info->access, R::kAccess) << R::kName;
  EXPECT_EQ(info->fields.data(), R::kFields.data()) << R::kName;
  EXPECT_EQ(info->fields.size(), R::kFields.size()) << R::kName;
  EXPECT_FALSE(info->ecr_modes.empty()) << R::kName;
}

TEST(CatalogTest, HasEveryRegisterType) {
  EXPECT_EQ(kRegisterCatalog.size(), 15u);
  ExpectCataloged<Data>();
  ExpectCataloged<EcpAFifo>();
  ExpectCataloged<Dsr>();
  ExpectCataloged<Dcr>();
  ExpectCataloged<EppAddress>();
  ExpectCataloged<EppData<0>>();
  ExpectCataloged<EppData<1>>();
  ExpectCataloged<EppData<2>>();
  ExpectCataloged<EppData<3>>();
  ExpectCataloged<CFifo>();
  ExpectCataloged<EcpDFifo>();
  ExpectCataloged<TFifo>();
  ExpectCataloged<CnfgA>();
  ExpectCataloged<CnfgB>();
  ExpectCataloged<Ecr>();
}

TEST(CatalogTest, NamesAreUnique) {
  for (size_t i = 0; i < kRegisterCatalog.size(); ++i) {
    for (size_t j = i + 1; j < kRegisterCatalog.size(); ++j) {
      EXPECT_NE(kRegisterCatalog[i].name, kRegisterCatalog[j].name);
    }
  }
}

TEST(CatalogTest, EveryAddressHasARegister) {
  for (uint8_t offset = 0; offset < kBaseBlockSpan; ++offset) {
    const RegisterAddress address{RegisterBlock::kBase, offset};
    int entries = 0;
    for (const RegisterInfo& info : kRegisterCatalog) entries += info.address == address ? 1 : 0;
    EXPECT_GE(entries, 1) << RegisterName(address);
  }
  for (uint8_t offset = 0; offset < kEcpBlockSpan; ++offset) {
    const RegisterAddress address{RegisterBlock::kEcp, offset};
    int entries = 0;
    for (const RegisterInfo& info : kRegisterCatalog) entries += info.address == address ? 1 : 0;
    EXPECT_GE(entries, 1) << RegisterName(address);
  }
}

TEST(CatalogTest, EveryEntryCoversEachBitOnce) {
  for (const RegisterInfo& info : kRegisterCatalog) {
    int covered = 0;
    for (const Field& field : info.fields) {
      EXPECT_EQ(covered & field.mask(), 0) << info.name << "." << field.name;
      covered |= field.mask();
    }
    EXPECT_EQ(covered, 0b1111'1111) << info.name;
  }
}

TEST(CatalogTest, FindRegisterByName) {
  ASSERT_NE(FindRegister("ecr"), nullptr);
  EXPECT_EQ(FindRegister("ecr")->address, Ecr::kAddress);
  EXPECT_EQ(FindRegister("epp_data2")->address, (RegisterAddress{RegisterBlock::kBase, 6}));
  EXPECT_EQ(FindRegister("cnfga")->access, Access::kReadOnly);
}

TEST(CatalogTest, FindRegisterOfAnUnknownNameIsNull) {
  EXPECT_EQ(FindRegister("ctr"), nullptr);
  EXPECT_EQ(FindRegister(""), nullptr);
  EXPECT_EQ(FindRegister("ECR"), nullptr);
}

// catalog.h's example.
TEST(CatalogTest, DescribesByName) {
  const RegisterInfo* ecr = FindRegister("ecr");
  ASSERT_NE(ecr, nullptr);
  EXPECT_EQ(DescribeRegister(ecr->name, 0x35, ecr->fields),
            "ecr=0x35 [mode=ps2 n_err_intr_en service_intr empty]");
}

// ieee1284.md section 2.3: which ECR modes each register answers in.
TEST(CatalogTest, EcrModes) {
  EXPECT_EQ(FindRegister("ecp_afifo")->ecr_modes, "ecp");
  EXPECT_EQ(FindRegister("cfifo")->ecr_modes, "fifo");
  EXPECT_EQ(FindRegister("tfifo")->ecr_modes, "test");
  EXPECT_EQ(FindRegister("cnfgb")->ecr_modes, "config");
  EXPECT_EQ(FindRegister("ecr")->ecr_modes, "all");
  EXPECT_EQ(FindRegister("dsr")->ecr_modes, "all");
}

}  // namespace
}  // namespace parclass::hw
