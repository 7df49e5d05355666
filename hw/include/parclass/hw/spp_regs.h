// The SPP / PS/2 registers at the port's base address: data, status (DSR) and control (DCR).
// Shared spec ieee1284.md section 2.1; bit names as in the Windows parallel.h DSR_/DCR_ constants.
//
// Above hw/, use the line-level view; it undoes the port's inversions (Busy in the DSR; nStrobe,
// nAutoFd and nSelectIn in the DCR):
//
//   LineLevels status = Dsr::Get().ReadFrom(io).lines();      // Busy as on the pin
//   Dcr dcr = Dcr::Get()
//       .set_line(Line::kNSelectIn, Level::kHigh)              // Event 1: 1284 Active
//       .set_line(Line::kNAutoFd, Level::kLow)
//       .set_line(Line::kNInit, Level::kHigh);                 // dcr=0x06
//   dcr.WriteTo(io);

#ifndef PARCLASS_HW_SPP_REGS_H_
#define PARCLASS_HW_SPP_REGS_H_

#include <array>
#include <cstdint>
#include <string_view>

#include "parclass/base/lines.h"
#include "parclass/hw/line_bits.h"
#include "parclass/hw/register.h"

namespace parclass::hw {

// base+0. Writes go to the output latch. Reads return the latch while the port drives the lines
// (forward), and the pins as the peripheral drives them in reverse (PS/2 ports, DCR direction 1).
class Data : public Register<Data, RegisterBlock::kBase, 0> {
 public:
  static constexpr std::string_view kName = "data";
  static constexpr Access kAccess = Access::kReadWrite;

  static constexpr Field kData{"data", 7, 0};
  static constexpr std::array kFields = {kData};

  constexpr uint8_t data() const { return get(kData); }
  constexpr Data& set_data(uint8_t value) { return set(kData, value); }

  // D0-D7: the data register is not inverted, bit n is line Dn.
  constexpr LineLevels lines() const {
    LineLevels levels;
    for (int bit = 0; bit < 8; ++bit) {
      levels = levels.with(DataLine(bit), LevelOf((data() >> bit) & 1));
    }
    return levels;
  }
};

// base+1, the device status register: the five status lines, read only but for the EPP timeout
// bit, which some chips clear when it is written (others clear it when it is read).
class Dsr : public Register<Dsr, RegisterBlock::kBase, 1> {
 public:
  static constexpr std::string_view kName = "dsr";
  static constexpr Access kAccess = Access::kReadWrite;
  static constexpr uint8_t kWritableMask = 0b0000'0001;

  static constexpr Field kNotBusy{"not_busy", 7};  // The Busy pin, inverted: 1 = Busy low.
  static constexpr Field kNAck{"n_ack", 6};
  static constexpr Field kPError{"p_error", 5};
  static constexpr Field kSelect{"select", 4};
  static constexpr Field kNFault{"n_fault", 3};
  static constexpr Field kReserved2 = Field::Reserved(2);  // An nIRQ latch on some chips.
  static constexpr Field kReserved1 = Field::Reserved(1);
  static constexpr Field kEppTimeout{"epp_timeout", 0};  // Set by a 10 us EPP cycle timeout.
  static constexpr std::array kFields = {kNotBusy, kNAck,      kPError,    kSelect,
                                         kNFault,  kReserved2, kReserved1, kEppTimeout};

  static constexpr std::array<LineBit, 5> kLineBits = {{
      {Line::kBusy, kNotBusy, true},
      {Line::kNAck, kNAck, false},
      {Line::kPError, kPError, false},
      {Line::kSelect, kSelect, false},
      {Line::kNFault, kNFault, false},
  }};
  static constexpr uint8_t kInvertedMask = InvertedMask(kLineBits);

  constexpr bool not_busy() const { return bit(kNotBusy); }
  constexpr bool n_ack() const { return bit(kNAck); }
  constexpr bool p_error() const { return bit(kPError); }
  constexpr bool select() const { return bit(kSelect); }
  constexpr bool n_fault() const { return bit(kNFault); }
  constexpr bool reserved2() const { return bit(kReserved2); }
  constexpr bool reserved1() const { return bit(kReserved1); }
  constexpr bool epp_timeout() const { return bit(kEppTimeout); }
  constexpr Dsr& set_not_busy(bool on) { return set(kNotBusy, on); }
  constexpr Dsr& set_n_ack(bool on) { return set(kNAck, on); }
  constexpr Dsr& set_p_error(bool on) { return set(kPError, on); }
  constexpr Dsr& set_select(bool on) { return set(kSelect, on); }
  constexpr Dsr& set_n_fault(bool on) { return set(kNFault, on); }
  constexpr Dsr& set_reserved2(bool on) { return set(kReserved2, on); }
  constexpr Dsr& set_reserved1(bool on) { return set(kReserved1, on); }
  constexpr Dsr& set_epp_timeout(bool on) { return set(kEppTimeout, on); }

  // The five status lines at the connector.
  constexpr LineLevels lines() const { return LinesFromRegister(reg_value(), kLineBits); }
  // Shows the status lines that `levels` knows (a chip model composing what software reads).
  constexpr Dsr& set_lines(LineLevels levels) {
    return set_reg_value(RegisterWithLines(reg_value(), levels, kLineBits));
  }
};

// base+2, the device control register. Its readback is unreliable on real ports (some return
// the pins, some nothing), so drivers keep a shadow copy and write from it (kShadowed).
class Dcr : public Register<Dcr, RegisterBlock::kBase, 2> {
 public:
  static constexpr std::string_view kName = "dcr";
  static constexpr Access kAccess = Access::kReadWrite;
  static constexpr bool kShadowed = true;

  static constexpr Field kReserved = Field::Reserved(7, 6);  // Read 1 on some chips, 0 on others.
  static constexpr Field kDirection{"direction", 5};         // 1 = data drivers off (reverse).
  static constexpr Field kAckIntEn{"ack_int_en", 4};         // 1 = interrupt on the nAck edge.
  static constexpr Field kSelectIn{"select_in", 3};          // 1 = nSelectIn pin low.
  static constexpr Field kNInit{"n_init", 2};                // 0 = nInit pin low.
  static constexpr Field kAutoFd{"auto_fd", 1};              // 1 = nAutoFd pin low.
  static constexpr Field kStrobe{"strobe", 0};               // 1 = nStrobe pin low.
  static constexpr std::array kFields = {kReserved, kDirection, kAckIntEn, kSelectIn,
                                         kNInit,    kAutoFd,    kStrobe};

  static constexpr std::array<LineBit, 4> kLineBits = {{
      {Line::kNStrobe, kStrobe, true},
      {Line::kNAutoFd, kAutoFd, true},
      {Line::kNInit, kNInit, false},
      {Line::kNSelectIn, kSelectIn, true},
  }};
  static constexpr uint8_t kInvertedMask = InvertedMask(kLineBits);

  constexpr uint8_t reserved() const { return get(kReserved); }
  constexpr bool direction() const { return bit(kDirection); }
  constexpr bool ack_int_en() const { return bit(kAckIntEn); }
  constexpr bool select_in() const { return bit(kSelectIn); }
  constexpr bool n_init() const { return bit(kNInit); }
  constexpr bool auto_fd() const { return bit(kAutoFd); }
  constexpr bool strobe() const { return bit(kStrobe); }
  constexpr Dcr& set_reserved(uint8_t value) { return set(kReserved, value); }
  constexpr Dcr& set_direction(bool on) { return set(kDirection, on); }
  constexpr Dcr& set_ack_int_en(bool on) { return set(kAckIntEn, on); }
  constexpr Dcr& set_select_in(bool on) { return set(kSelectIn, on); }
  constexpr Dcr& set_n_init(bool on) { return set(kNInit, on); }
  constexpr Dcr& set_auto_fd(bool on) { return set(kAutoFd, on); }
  constexpr Dcr& set_strobe(bool on) { return set(kStrobe, on); }

  // The four control lines this value drives.
  constexpr LineLevels lines() const { return LinesFromRegister(reg_value(), kLineBits); }
  constexpr Dcr& set_lines(LineLevels levels) {
    return set_reg_value(RegisterWithLines(reg_value(), levels, kLineBits));
  }
  constexpr Dcr& set_line(Line line, Level level) {
    PARCLASS_ASSERT(kControlLines.contains(line), "the DCR drives only the control lines");
    return set_lines(LineLevels().with(line, level));
  }
};

}  // namespace parclass::hw

#endif  // PARCLASS_HW_SPP_REGS_H_
