// A diagnostic loopback ("wrap") plug on the end of the cable: wires that tie outputs of the port
// to its inputs, so that a test can drive a line and read it back through another. Two wirings are
// common (their pin pairs as published for each diagnostic program):
//
//   kIbm (IBM wrap plug, CheckIt):  nStrobe 1 -> Select 13, D0 2 -> nFault 15,
//                                   nInit 16 -> nAck 10, nSelectIn 17 -> Busy 11,
//                                   nAutoFd 14 -> PError 12
//   kNorton (Norton, PassMark):     D0 2 -> nFault 15, D1 3 -> Select 13, D2 4 -> PError 12,
//                                   D3 5 -> nAck 10, D4 6 -> Busy 11
//
// A wire makes the input pin follow the output pin's level at once (in the next delta cycle).
//
//   LoopbackPlug plug(cable, LoopbackPlug::Wiring::kNorton);
//   hw::Data::Get().set_data(0b0001'0000).WriteTo(chip);      // D4 high
//   hw::Dsr::Get().ReadFrom(chip).lines().level(Line::kBusy);  // Level::kHigh

#ifndef PARCLASS_SIM_LOOPBACK_PLUG_H_
#define PARCLASS_SIM_LOOPBACK_PLUG_H_

#include <array>
#include <span>
#include <utility>

#include "parclass/sim/cable.h"

namespace parclass::sim {

class LoopbackPlug {
 public:
  enum class Wiring : uint8_t { kIbm, kNorton };

  struct Wire {
    Line from;  // An output of the port.
    Line to;    // The status input it drives.
  };

  LoopbackPlug(Cable& cable, Wiring wiring);
  ~LoopbackPlug();
  LoopbackPlug(const LoopbackPlug&) = delete;
  LoopbackPlug& operator=(const LoopbackPlug&) = delete;

  static std::span<const Wire> WiresOf(Wiring wiring);

 private:
  void Follow();

  Cable& cable_;
  std::span<const Wire> wires_;
  ObserverId observer_;
};

}  // namespace parclass::sim

#endif  // PARCLASS_SIM_LOOPBACK_PLUG_H_
