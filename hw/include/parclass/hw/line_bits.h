// Where the IEEE 1284 lines appear in the PC port's registers, and which bits the port inverts.
//
// This is the only place that knows that status bit 7 reads Busy inverted and that control bits
// 0, 1 and 3 drive nStrobe, nAutoFd and nSelectIn inverted. Register types use these tables to
// offer a line-level view (Dsr::lines(), Dcr::set_line()), and everything above hw/ uses that view.

#ifndef PARCLASS_HW_LINE_BITS_H_
#define PARCLASS_HW_LINE_BITS_H_

#include <cstdint>
#include <span>

#include "parclass/base/lines.h"
#include "parclass/hw/register.h"

namespace parclass::hw {

struct LineBit {
  Line line;
  Field field;    // A one-bit field.
  bool inverted;  // True if the register bit is 1 while the pin is low.
};

// The register bits that the port inverts relative to the pins.
constexpr uint8_t InvertedMask(std::span<const LineBit> map) {
  uint8_t mask = 0;
  for (const LineBit& entry : map) {
    if (entry.inverted) mask |= entry.field.mask();
  }
  return mask;
}

// The levels of the mapped lines, read from a register value.
constexpr LineLevels LinesFromRegister(uint8_t raw, std::span<const LineBit> map) {
  LineLevels levels;
  for (const LineBit& entry : map) {
    const bool bit = entry.field.Extract(raw) != 0;
    levels = levels.with(entry.line, LevelOf(bit != entry.inverted));
  }
  return levels;
}

// A register value with the bits of the mapped lines that `levels` knows set to drive (or show)
// those levels; other bits are kept.
constexpr uint8_t RegisterWithLines(uint8_t raw, LineLevels levels, std::span<const LineBit> map) {
  for (const LineBit& entry : map) {
    if (!levels.knows(entry.line)) continue;
    const bool high = levels.level(entry.line) == Level::kHigh;
    raw = entry.field.Insert(raw, uint8_t{high != entry.inverted});
  }
  return raw;
}

}  // namespace parclass::hw

#endif  // PARCLASS_HW_LINE_BITS_H_
