#include "parclass/sim/daisy_chain.h"

#include "parclass/sim/peripheral_side.h"

namespace parclass::sim {
namespace {

// The CPP preamble (ieee1284.md 12.1; Windows' ModeQualifier without its closing FF).
constexpr std::array<uint8_t, 6> kPreamble = {0xAA, 0x55, 0x00, 0xFF, 0x87, 0x78};
constexpr size_t kAnswerFrom = 4;  // After AA 55 00 FF the device answers on the status lines.
constexpr uint8_t kPacketEnd = 0xFF;

// Command bytes (ieee1284.md 12.2): the top five bits say what, the low three which device.
constexpr uint8_t kCommandFilter = 0xF8;
constexpr uint8_t kAssignAddress = 0x00;
constexpr uint8_t kSelect = 0xE0;
constexpr uint8_t kSelectForEcp = 0xD0;
constexpr uint8_t kSelectForEpp = 0x20;
constexpr uint8_t kDeselectAll = 0x30;

constexpr LineSet kHostDriven = kControlLines | kDataLines;
constexpr LineSet kPeripheralDriven = kStatusLines | kDataLines;

bool IsSelect(uint8_t command) {
  const uint8_t op = command & kCommandFilter;
  return op == kSelect || op == kSelectForEcp || op == kSelectForEpp;
}

}  // namespace

DaisyChainDevice::DaisyChainDevice(Cable& upstream, Cable& downstream, Cable& function, bool last)
    : upstream_(upstream),
      last_(last),
      to_next_(upstream, downstream),
      to_function_(upstream, function) {
  observer_ = upstream_.Observe(kDataLines | LineSet{Line::kNStrobe},
                                [this](const Delta& delta) { OnUpstream(delta); });
  Route();
}

DaisyChainDevice::~DaisyChainDevice() { upstream_.StopObserving(observer_); }

void DaisyChainDevice::OnUpstream(const Delta& delta) {
  if (!(delta.changed & kDataLines).empty()) OnData(upstream_.data());
  // A device that took its address on a strobe starts passing commands on once that strobe is
  // over, so the next device does not see it.
  if (packet_ == Packet::kCommand && delta.Rose(Line::kNStrobe)) Route();
  if (!delta.Fell(Line::kNStrobe)) return;
  if (packet_ == Packet::kCommand) {
    OnCommandStrobe();
  } else if (matched_ > 0) {
    matched_ = 0;  // A strobe makes the bytes so far data, not a preamble.
    answering_ = false;
    Route();
  }
}

void DaisyChainDevice::OnData(uint8_t byte) {
  if (packet_ == Packet::kCommand) {
    if (byte == kPacketEnd) {
      EndPacket();
    } else {
      command_ = byte;
      Route();
    }
    return;
  }
  if (byte == kPreamble[matched_]) {
    ++matched_;
    if (matched_ == kPreamble.size()) packet_ = Packet::kCommand;
    if (matched_ >= kAnswerFrom) AnswerPreamble();
    return;
  }
  const bool was_answering = answering_;
  matched_ = byte == kPreamble[0] ? 1 : 0;
  answering_ = false;
  if (was_answering) Route();
}

void DaisyChainDevice::AnswerPreamble() {
  answering_ = true;
  switch (matched_) {
    case 4:  // After AA 55 00 FF: Busy low, PError, Select and nFault high.
      own_status_ = StatusLevels(Level::kLow, Level::kHigh, Level::kHigh, Level::kHigh);
      break;
    case 5:  // After 87: Busy high, PError low, Select and nFault high.
      own_status_ = StatusLevels(Level::kHigh, Level::kLow, Level::kHigh, Level::kHigh);
      break;
    default:  // After 78: ready for commands; Busy high if no 1284.3 device follows.
      own_status_ = StatusLevels(LevelOf(last_), Level::kHigh, Level::kHigh, Level::kHigh);
      break;
  }
  Route();
}

void DaisyChainDevice::OnCommandStrobe() {
  const uint8_t op = command_ & kCommandFilter;
  const uint8_t device = command_ & ~kCommandFilter;
  if (op == kAssignAddress && !took_address_) {
    address_ = device;
    took_address_ = true;
    selected_ = false;
    return;  // Routed when the strobe rises.
  }
  if (op == kDeselectAll) {
    selected_ = false;
  } else if (IsSelect(command_)) {
    selected_ = address_ == device;
    // The reply, read by the host while the strobe is low: nFault low for "selected".
    own_status_ = own_status_.with(Line::kNFault, LevelOf(!selected_));
  }
  Route();
}

void DaisyChainDevice::EndPacket() {
  packet_ = Packet::kPreamble;
  matched_ = 0;
  took_address_ = false;
  answering_ = false;
  command_ = kPacketEnd;
  Route();
}

// Within a packet: whether the command's strobe goes on down the chain (every device sees a
// select, so that the one selected before lets go; an address goes only to the first device
// without one), and whether the status comes from further down (the addressed device answers).
bool DaisyChainDevice::PassesStrobeOn() const {
  if (last_ || packet_ != Packet::kCommand || command_ == kPacketEnd) return false;
  if ((command_ & kCommandFilter) == kAssignAddress) return took_address_;
  return true;
}

bool DaisyChainDevice::PassesStatusOn() const {
  if (!PassesStrobeOn()) return false;
  return !IsSelect(command_) || address_ != (command_ & ~kCommandFilter);
}

void DaisyChainDevice::Route() {
  if (answering_) {
    const bool status_from_next = PassesStatusOn();
    to_function_.set_host_lines({});
    to_function_.set_peripheral_lines({});
    to_next_.set_host_lines(PassesStrobeOn() ? kHostDriven : kDataLines);
    to_next_.set_peripheral_lines(status_from_next ? kPeripheralDriven : LineSet{});
    if (!status_from_next) {
      upstream_.DriveLevels(Side::kPeripheral, own_status_);
      upstream_.Settle();
    }
  } else if (selected_) {
    to_next_.set_peripheral_lines({});
    to_next_.set_host_lines(kDataLines);  // Bussed along the chain, for command packets.
    to_function_.set_host_lines(kHostDriven);
    to_function_.set_peripheral_lines(kPeripheralDriven);
  } else {
    to_function_.set_peripheral_lines({});
    to_function_.set_host_lines({});
    to_next_.set_host_lines(kHostDriven);
    to_next_.set_peripheral_lines(kPeripheralDriven);
  }
}

}  // namespace parclass::sim
