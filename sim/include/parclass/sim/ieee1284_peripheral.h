// Ieee1284Peripheral: a simulated printer-class IEEE 1284 peripheral, written from the peripheral
// side of the standard (shared spec ieee1284.md sections 4-8 and 11).
//
// It is a compatibility-mode printer (Busy/nAck handshake, processing time, a buffer that fills,
// paper out, off-line, powered off) that also answers IEEE 1284 negotiation: XFlag per request
// and per its accepted modes, termination (handshake and immediate), the nibble and byte reverse
// channels with their data-available signalling, and its Device ID in each length form found in
// the field. ECP and EPP have handshakes of their own, plugged in as ModeChannels (EcpChannel,
// EppChannel). Every handshake step is produced as its IEEE 1284 event through a PeripheralSide,
// so faults (an event never produced, or produced late) apply to all of them.
//
//   Ieee1284Peripheral printer(cable, Ieee1284Config());
//   printer.QueueReverse(bytes);                // status data for the nibble channel
//   printer.side().faults().never.insert(6);    // never completes negotiation
//   ... the host negotiates, reads, writes ...
//   printer.received();                         // what it printed
//   printer.phase();                            // where the link is, as the peripheral sees it

#ifndef PARCLASS_SIM_IEEE1284_PERIPHERAL_H_
#define PARCLASS_SIM_IEEE1284_PERIPHERAL_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "parclass/base/phase.h"
#include "parclass/base/requests.h"
#include "parclass/sim/cable.h"
#include "parclass/sim/peripheral_side.h"

namespace parclass::sim {

// The forms of the Device ID's two-byte length found in the field (ieee1284.md 11.3).
enum class DeviceIdLength : uint8_t {
  kStandard,         // Big-endian, counting its own two bytes (IEEE 1284, Linux, Windows).
  kLittleEndian,     // Little-endian, counting its own two bytes.
  kExcludingItself,  // Big-endian, counting only the text.
  kOffByTwo,         // Big-endian, two more than the standard value.
  kBogus,            // 0xffff, unrelated to the text: a fault.
};

// The requests of ieee1284.md 4.1 a peripheral accepts. Nibble mode is mandatory.
struct AcceptedModes {
  bool byte = true;
  bool ecp = true;
  bool ecp_rle = true;
  bool bounded_ecp = false;  // Request 0x18 (libieee1284's M1284_BECP).
  bool epp = true;
  bool device_id = true;            // Device ID requests, in each accepted mode.
  bool extensibility_link = false;  // Request 0x80 and the second request byte.
};

struct PrinterTiming {
  Nanoseconds busy_delay = std::chrono::nanoseconds(300);  // nStrobe falling to Busy high.
  Nanoseconds process = std::chrono::microseconds(2);      // Busy high to the nAck pulse.
  Nanoseconds ack_width = std::chrono::microseconds(2);    // The nAck pulse (0.5-10 us).
};

struct Ieee1284Config {
  std::string name = "printer";
  bool ieee1284 = true;  // False: a plain Centronics printer, which never answers negotiation.
  AcceptedModes accepted;
  Nanoseconds response = std::chrono::microseconds(1);  // Time to produce each IEEE 1284 event.
  PrinterTiming printer;
  size_t buffer_bytes = 0;    // Bytes the printer buffers; 0 means it never fills.
  Nanoseconds print_time{0};  // Time to print one buffered byte (drains the buffer).
  std::string device_id =
      "MFG:parclass;MDL:Simulated Printer;CMD:PCL,PJL,ECP;CLS:PRINTER;"
      "DES:parclass simulated IEEE 1284 printer;";
  DeviceIdLength device_id_length = DeviceIdLength::kStandard;
};

enum class Condition : uint8_t { kReady, kPaperOut, kOffline, kPoweredOff };

// Where the peripheral is between two modes (its mode() is compatibility mode meanwhile).
enum class Transition : uint8_t {
  kNone,         // In mode().
  kNegotiating,  // Events 1-6 (and 51-55), until the request is accepted.
  kRejected,     // Negotiation refused; waiting for the host to terminate.
  kTerminating,  // Events 22-28.
};

// A mode with its own handshakes, entered after a successful negotiation.
class ModeChannel {
 public:
  virtual ~ModeChannel() = default;
  // The link entered the mode through `request`; `reverse` is where reverse data comes from
  // (the peripheral's queue, or its Device ID for a Device ID request).
  virtual void Enter(Ieee1284Request request, std::deque<uint8_t>& reverse) = 0;
  // A host line changed. Termination (nSelectIn falling) is the peripheral's, not the channel's,
  // except in EPP, where nSelectIn is the address strobe.
  virtual void OnHostLines(const Delta& delta) = 0;
  // Bytes were added to the reverse queue while the link is in this mode.
  virtual void ReverseQueued() {}
  // The link leaves the mode: stop driving what the mode drives.
  virtual void Exit() = 0;
};

class Ieee1284Peripheral {
 public:
  Ieee1284Peripheral(Cable& cable, Ieee1284Config config);
  ~Ieee1284Peripheral();
  Ieee1284Peripheral(const Ieee1284Peripheral&) = delete;
  Ieee1284Peripheral& operator=(const Ieee1284Peripheral&) = delete;

  const Ieee1284Config& config() const { return config_; }
  PeripheralSide& side() { return side_; }

  void set_condition(Condition condition);
  Condition condition() const { return condition_; }
  // Data for the reverse channels (nibble, byte, ECP).
  void QueueReverse(std::span<const uint8_t> bytes);
  size_t reverse_pending() const { return reverse_.size(); }

  void set_ecp_channel(std::unique_ptr<ModeChannel> channel) { ecp_ = std::move(channel); }
  void set_epp_channel(std::unique_ptr<ModeChannel> channel) { epp_ = std::move(channel); }

  // What arrived in compatibility mode, in order.
  const std::vector<uint8_t>& received() const { return received_; }
  // The mode the link is in, as the peripheral sees it (base/requests.h, the engine's vocabulary).
  LinkMode mode() const { return mode_; }
  Transition transition() const { return transition_; }
  Phase phase() const { return phase_; }
  // The last negotiation request byte, and whether it was accepted.
  std::optional<Ieee1284Request> last_request() const { return request_; }

  // The Device ID as it goes over the reverse channel: two length bytes in `form`, then the text.
  static std::vector<uint8_t> DeviceIdBytes(const std::string& text, DeviceIdLength form);

 private:
  void OnHostLines(const Delta& delta);
  void Route(const Delta& delta);
  LineLevels CompatStatus() const;
  bool InCompatibilityMode() const {
    return mode_ == LinkMode::kCompatibility && transition_ == Transition::kNone;
  }
  void EnterCompatibility();
  void Reset();

  // Compatibility mode (ieee1284_peripheral.cc).
  void CompatStrobe();
  void CompatAck();
  void CompatReady();
  void PrintOne();
  bool buffer_full() const;

  // Negotiation and termination (ieee1284_negotiation.cc).
  static bool IsEvent1(const Delta& delta, const PeripheralSide& side);
  void BeginNegotiation();
  void NegotiationLines(const Delta& delta);
  void Decide();
  bool Accepts(Ieee1284Request request) const;
  void EnterNegotiatedMode();
  void Terminate();
  void TerminationLines(const Delta& delta);

  // Nibble and byte reverse channels (ieee1284_reverse.cc).
  void EnterReverse();
  void ReverseLines(const Delta& delta);
  void PresentNext();
  void Acknowledged();
  void SignalDataAvailable();
  LineLevels DataAvailability() const;

  PeripheralSide side_;
  Ieee1284Config config_;
  ObserverId observer_;
  Condition condition_ = Condition::kReady;
  LinkMode mode_ =
      LinkMode::kCompatibility;  // Compatibility mode whenever transition_ is not kNone.
  Transition transition_ = Transition::kNone;
  Phase phase_ = Phase::kForwardIdle;

  // Compatibility mode.
  bool busy_ = false;
  size_t buffered_ = 0;
  std::vector<uint8_t> received_;

  // Negotiation.
  std::optional<Ieee1284Request> request_;
  bool request_latched_ = false;
  bool xflag_ = false;
  bool extensibility_pending_ = false;

  // Reverse channels.
  std::deque<uint8_t> reverse_;    // The data queue.
  std::deque<uint8_t> device_id_;  // The Device ID being sent, after a Device ID request.
  std::deque<uint8_t>* source_ = &reverse_;
  bool high_nibble_ = false;  // Nibble mode: the next nibble is the byte's high one.
  bool presenting_ = false;   // A nibble or byte is on the lines, nAck low.

  std::unique_ptr<ModeChannel> ecp_;
  std::unique_ptr<ModeChannel> epp_;
  ModeChannel* channel_ = nullptr;  // The channel of the current mode, if it has one.
};

}  // namespace parclass::sim

#endif  // PARCLASS_SIM_IEEE1284_PERIPHERAL_H_
