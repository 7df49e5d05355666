// DaisyChainDevice: an IEEE 1284.3 daisy-chain device (shared spec ieee1284.md section 12): a
// function of its own, reached on an internal cable while the device is selected, and a
// pass-through port to the next device in the chain, used while it is not.
//
// It watches the upstream cable for CPP command packets (AA 55 00 FF 87 78, a command byte with
// a strobe, FF; section 12.1) and answers them itself: the status of each packet step, address
// assignment in chain order (12.3), select and deselect (12.2), with nFault low during the strobe
// as the reply of a selected device.
//
// Routing decisions, since the chain's wiring is not in the sources: the data lines are bussed
// along the whole chain, so every device can see a packet begin; the control lines follow the
// selected route only (the function when selected, the next device otherwise), so a peripheral
// behind the chain never sees strobes meant for another. Within a packet, a select's strobe goes
// down the whole chain (so that the device selected before lets go), while an address
// assignment's strobe goes on only past devices that already took an address in this packet,
// which is how the first unaddressed device, and only it, takes each address. The last device
// passes nothing on to the legacy device behind it.
//
//   Cable upstream, to_next, to_printer;   (each with the scheduler and trace)
//   DaisyChainDevice device(upstream, to_next, to_printer, /*last=*/false);
//   Ieee1284Peripheral printer(to_printer, config);     // the device's own function

#ifndef PARCLASS_SIM_DAISY_CHAIN_H_
#define PARCLASS_SIM_DAISY_CHAIN_H_

#include <array>
#include <cstdint>
#include <optional>

#include "parclass/sim/cable.h"
#include "parclass/sim/line_bridge.h"

namespace parclass::sim {

class DaisyChainDevice {
 public:
  // `last`: no 1284.3 device follows (a legacy device may); it reports so during assignment.
  DaisyChainDevice(Cable& upstream, Cable& downstream, Cable& function, bool last);
  ~DaisyChainDevice();
  DaisyChainDevice(const DaisyChainDevice&) = delete;
  DaisyChainDevice& operator=(const DaisyChainDevice&) = delete;

  std::optional<uint8_t> address() const { return address_; }
  bool selected() const { return selected_; }

 private:
  // Where a packet has got to: matching the preamble AA 55 00 FF 87 78, or past it, taking
  // commands until the closing FF.
  enum class Packet : uint8_t { kPreamble, kCommand };

  void OnUpstream(const Delta& delta);
  void OnData(uint8_t byte);
  void OnCommandStrobe();
  void AnswerPreamble();
  void EndPacket();
  void Route();
  bool PassesStrobeOn() const;
  bool PassesStatusOn() const;

  Cable& upstream_;
  bool last_;
  LineBridge to_next_;
  LineBridge to_function_;
  ObserverId observer_;

  std::optional<uint8_t> address_;
  bool selected_ = false;
  Packet packet_ = Packet::kPreamble;
  size_t matched_ = 0;         // Preamble bytes matched so far.
  uint8_t command_ = 0xff;     // The command byte on the lines, once the preamble is complete.
  bool took_address_ = false;  // This packet assigned this device its address.
  bool answering_ = false;     // The device drives the upstream status itself...
  LineLevels own_status_;      // ... at these levels.
};

}  // namespace parclass::sim

#endif  // PARCLASS_SIM_DAISY_CHAIN_H_
