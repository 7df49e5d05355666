// EcpChannel: the ECP mode of a simulated IEEE 1284 peripheral, written from the peripheral's side
// of the standard (shared spec ieee1284.md sections 4.2 "ECP setup", 5.3 and 9). It plugs into
// Ieee1284Peripheral as the ModeChannel for requests 0x10, 0x30, 0x14, 0x34 and 0x18.
//
// Forward, it takes data and command cycles (events 34-37): a command with bit 7 set is a channel
// address for the data after it, one with bit 7 clear a run-length count for the next data byte
// (legal only if RLE was negotiated). It holds nPeriphRequest low while it has reverse data, turns
// the link around when the host asks (events 38-40, 47-49), and sends its reverse data (events
// 43-46) run-length encoded when RLE was negotiated, after a channel address if configured to, so
// that the host's decoder has work to do. Every step is produced as its IEEE 1284 event through
// the PeripheralSide, so its faults (an event never produced, or late) apply.
//
//   Ieee1284Peripheral printer(cable, Ieee1284Config());
//   EcpConfig config;
//   config.reverse_channel = 2;                 // reverse data goes to the host's channel 2
//   auto owned = std::make_unique<EcpChannel>(printer.side(), config);
//   EcpChannel& ecp = *owned;
//   printer.set_ecp_channel(std::move(owned));
//   printer.QueueReverse(status);     // sent, compressed, once the host turns the link around
//   ... the host negotiates 0x30, writes, turns the link around, reads, terminates ...
//   ecp.received_on(0);               // the data bytes the host sent to channel 0
//   ecp.commands();                   // every command byte taken as a command, in order
//   ecp.counts().to_reverse;          // how often the host turned the link around

#ifndef PARCLASS_SIM_ECP_CHANNEL_H_
#define PARCLASS_SIM_ECP_CHANNEL_H_

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "parclass/base/phase.h"
#include "parclass/sim/ieee1284_peripheral.h"
#include "parclass/sim/peripheral_side.h"

namespace parclass::sim {

struct EcpConfig {
  Nanoseconds response = std::chrono::microseconds(1);  // Time to produce each IEEE 1284 event.
  std::optional<uint8_t> reverse_channel;  // Channel address (0-127) sent before reverse data.
  // Fault: nPeriphRequest low although no reverse data is queued ("an ECP reverse request with no
  // data"); a host that turns the link around for it waits for an event 43 that never comes.
  bool request_without_data = false;
};

// A data byte the host sent, with the channel address in force when it came.
struct EcpDatum {
  uint8_t channel;
  uint8_t byte;
  friend bool operator==(const EcpDatum&, const EcpDatum&) = default;
};

// How often each part of the protocol ran to completion.
struct EcpCounts {
  int setups = 0;            // Events 30-31.
  int forward_data = 0;      // Forward cycles with HostAck high (events 34-36).
  int forward_commands = 0;  // Forward cycles with HostAck low.
  int to_reverse = 0;        // Forward to reverse, events 38-40.
  int reverse_data = 0;      // Reverse cycles with PeriphAck high (events 43-45).
  int reverse_commands = 0;  // Reverse cycles with PeriphAck low.
  int to_forward = 0;        // Reverse to forward, events 47-49.
};

class EcpChannel final : public ModeChannel {
 public:
  static constexpr uint8_t kChannelAddress = 0x80;  // Command bit 7: a channel address.
  static constexpr size_t kShortestRun = 3;         // A count for two bytes gains nothing (9.5).
  static constexpr size_t kLongestRun = 128;        // A count of 127 stands for 128 bytes.

  EcpChannel(PeripheralSide& side, EcpConfig config);

  void Enter(Ieee1284Request request, std::deque<uint8_t>& reverse) override;
  void OnHostLines(const Delta& delta) override;
  void Exit() override;

  // Call after adding to the reverse queue while the link is in ECP: nPeriphRequest goes low,
  // and a byte starts if the host is already waiting in reverse idle.
  void ReverseQueued() override { DataQueued(); }
  void DataQueued();

  bool active() const { return phase_ != Phase::kUnknown; }
  // The ECP phase as the peripheral sees it; kUnknown outside ECP.
  Phase phase() const { return phase_; }
  bool rle() const { return rle_; }
  uint8_t channel() const { return channel_; }  // The forward channel address in force.

  const std::vector<EcpDatum>& received() const { return received_; }
  std::vector<uint8_t> received_on(uint8_t channel) const;
  const std::vector<uint8_t>& commands() const { return commands_; }
  const EcpCounts& counts() const { return counts_; }

 private:
  // Setup and forward transfer (events 30-37).
  void Setup();
  void ForwardLines(const Delta& delta);
  void ForwardStrobe();
  void ForwardStrobeReleased();
  void ForwardReady();
  void Take(EcpByte taken);
  void TakeCommand(uint8_t byte);
  void TakeData(uint8_t byte);

  // Turnarounds (events 38-40 and 47-49).
  void ToReverse();
  void ToForward();

  // Reverse transfer (events 43-46).
  void ReverseLines(const Delta& delta);
  void PresentNext();
  void Acknowledged();
  EcpByte NextEcpByte() const;
  size_t RunAtFront() const;
  void SignalRequest();
  bool has_reverse_data() const { return reverse_ != nullptr && !reverse_->empty(); }

  PeripheralSide& side_;
  EcpConfig config_;
  Phase phase_ = Phase::kUnknown;
  bool rle_ = false;  // ECP with RLE (request 0x30 or 0x34) was negotiated.

  // Forward.
  uint8_t channel_ = 0;
  std::optional<uint8_t> rle_count_;  // A count waiting for its data byte.
  std::vector<EcpDatum> received_;
  std::vector<uint8_t> commands_;

  // Reverse.
  std::deque<uint8_t>* reverse_ = nullptr;
  std::optional<EcpByte> presenting_;  // The byte of the current cycle, from event 43.
  size_t run_ = 0;             // Copies the acknowledged count stands for; the next byte is data.
  bool channel_sent_ = false;  // The configured channel address went out.

  EcpCounts counts_;
};

}  // namespace parclass::sim

#endif  // PARCLASS_SIM_ECP_CHANNEL_H_
