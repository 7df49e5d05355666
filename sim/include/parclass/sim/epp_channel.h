// EppChannel: the EPP mode of a simulated IEEE 1284 peripheral, an EPP 1.9 device written from
// section 10.5 of the shared spec ieee1284.md. It plugs into Ieee1284Peripheral as the ModeChannel
// for request 0x40, or is driven directly by a test that enters it itself.
//
// In EPP the control lines take new names: nWrite = nStrobe, nDStrb = nAutoFd, nAStrb = nSelectIn,
// nWait = Busy, Intr = nAck. The device is a small register file: an address register, written and
// read by address cycles, selects which of 256 data registers a data cycle writes or reads, and
// moves on by one after each data cycle. A 16- or 32-bit access, which the PC's EPP hardware
// splits into byte cycles, therefore lands in consecutive registers. nWait idles low; a strobe's
// falling edge starts a cycle, event 58 (nWait high) completes it after the response time, and the
// strobe's rising edge ends it with event 60 (nWait low). A device that never produces event 58
// (`faults().never.insert(58)`) leaves the host chip to time out. EPP ends on nInit low (event 68),
// which Ieee1284Peripheral handles.
//
//   PeripheralSide side(cable);
//   EppChannel epp(side, EppConfig());
//   cable.Observe(kControlLines | kDataLines, [&](const Delta& delta) { epp.OnHostLines(delta); });
//   std::deque<uint8_t> no_reverse_data;
//   epp.Enter(kEppRequest, no_reverse_data);
//   epp.set_data_register(0x10, 0xa5);
//   ... the host writes address 0x10, then reads data: 0xa5 ...
//   epp.address();                        // 0x11: moved on after the data cycle
//   epp.Intr();                           // interrupts the host on nAck's rising edge

#ifndef PARCLASS_SIM_EPP_CHANNEL_H_
#define PARCLASS_SIM_EPP_CHANNEL_H_

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <vector>

#include "parclass/sim/ieee1284_peripheral.h"
#include "parclass/sim/peripheral_side.h"

namespace parclass::sim {

struct EppConfig {
  // A strobe edge to nWait (events 58 and 60); well inside the host chip's ~10 us timeout.
  Nanoseconds response = std::chrono::nanoseconds(500);
  Nanoseconds intr_width = std::chrono::microseconds(1);  // The Intr (nAck) pulse.
};

enum class EppCycle : uint8_t { kAddressWrite, kAddressRead, kDataWrite, kDataRead };

class EppChannel final : public ModeChannel {
 public:
  static constexpr size_t kDataRegisters = 256;

  EppChannel(PeripheralSide& side, EppConfig config);

  void Enter(Ieee1284Request request, std::deque<uint8_t>& reverse) override;
  void OnHostLines(const Delta& delta) override;
  void Exit() override;

  // Intr: a pulse on nAck, whose rising edge interrupts the host.
  void Intr();

  bool active() const { return active_; }
  uint8_t address() const { return address_; }
  void set_address(uint8_t address) { address_ = address; }
  uint8_t data_register(uint8_t index) const { return data_registers_[index]; }
  void set_data_register(uint8_t index, uint8_t value) { data_registers_[index] = value; }
  std::span<const uint8_t, kDataRegisters> data_registers() const { return data_registers_; }
  // Cycles of `kind` completed with event 58.
  int cycles(EppCycle kind) const { return cycles_[static_cast<size_t>(kind)]; }
  // The byte of every data write cycle, in order, whichever register it landed in.
  const std::vector<uint8_t>& data_written() const { return data_written_; }

 private:
  struct Cycle {
    EppCycle kind;
    Line strobe;      // nDStrb (nAutoFd) or nAStrb (nSelectIn).
    uint64_t number;  // Tells a late event of an earlier cycle from this one's.
  };

  void Begin(Line strobe);
  void Complete(const Cycle& cycle, uint8_t latched);
  void End(Line strobe);

  PeripheralSide& side_;
  EppConfig config_;
  bool active_ = false;
  std::optional<Cycle> cycle_;  // From a strobe's falling edge to its rising edge.
  uint64_t cycles_begun_ = 0;
  bool driving_ = false;  // A read cycle has the data lines.
  uint8_t address_ = 0;
  std::array<uint8_t, kDataRegisters> data_registers_{};
  std::array<int, 4> cycles_{};
  std::vector<uint8_t> data_written_;
};

}  // namespace parclass::sim

#endif  // PARCLASS_SIM_EPP_CHANNEL_H_
