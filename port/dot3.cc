// Dot3Bus: IEEE 1284.3 command packets, address assignment and selection (ieee1284.md sections
// 12.1-12.3), as Linux's daisy.c drives the lines, with Windows' retries and its twice-run count.

#include "parclass/port/dot3.h"

#include <fmt/format.h>

#include <array>
#include <chrono>

#include "parclass/base/assert.h"

namespace parclass::port {
namespace {

using std::chrono::microseconds;

// The command qualifier (ieee1284.md 12.1; parallel.h's ModeQualifier AA 55 00 FF 87 78 FF): four
// bytes the chain answers together, then 87 and 78 answered one by one; FF ends the packet.
constexpr std::array<uint8_t, 4> kQualifierStart = {0xAA, 0x55, 0x00, 0xFF};
constexpr uint8_t kQualifier87 = 0x87;
constexpr uint8_t kQualifier78 = 0x78;
constexpr uint8_t kPacketEnd = 0xFF;

// CPP command bytes (ieee1284.md 12.2; parallel.h CPP_*): the top five bits say what, the low
// three which device.
constexpr uint8_t kCppAssignAddress = 0x00;
constexpr uint8_t kCppSelect = 0xE0;
constexpr uint8_t kCppSelectForEcp = 0xD0;  // Linux only.
constexpr uint8_t kCppSelectForEpp = 0x20;  // Linux only.
constexpr uint8_t kCppDeselectAll = 0x30;

// Timing, ieee1284.md section 13: "1284.3 packet byte spacing / strobe: 2 us / 1 us" (Linux
// daisy.c's udelay(2) after each data byte, udelay(1) on each side of nStrobe's fall).
constexpr Nanoseconds kByteSpacing = microseconds(2);
constexpr Nanoseconds kStrobeWidth = microseconds(1);
// After the spacing, how much longer the chain may take to answer a qualifier byte: Windows polls
// up to 5 us ("spec says about 2 but we will be lenient"); Linux reads once.
constexpr Nanoseconds kAnswerLimit = microseconds(5);
// How long a select's reply may take, nStrobe held low meanwhile: Windows' 250 us "selection time
// out". It stays within the longest compatibility strobe (500 us, ieee1284.md 13).
constexpr Nanoseconds kSelectReplyLimit = microseconds(250);
// Windows tries a select or deselect packet up to five times (PptDot3Retries), 5 us apart.
constexpr int kCommandTries = 5;
constexpr Nanoseconds kRetryPause = microseconds(5);
// Windows' PptInitiate1284_3: up to three rounds of two assignment passes.
constexpr int kInitialiseRounds = 3;

// Step 1's answer, after AA 55 00 FF: Busy low; PError, Select and nFault high (STATUS & 0xB8 ==
// 0xB8).
constexpr LineLevels kAnswerToQualifierStart = LineLevels()
                                                   .with(Line::kBusy, Level::kLow)
                                                   .with(Line::kPError, Level::kHigh)
                                                   .with(Line::kSelect, Level::kHigh)
                                                   .with(Line::kNFault, Level::kHigh);
// Step 2's answer, after 87: Busy high, PError low, Select and nFault high (STATUS & 0xB8 == 0x18).
constexpr LineLevels kAnswerTo87 = LineLevels()
                                       .with(Line::kBusy, Level::kHigh)
                                       .with(Line::kPError, Level::kLow)
                                       .with(Line::kSelect, Level::kHigh)
                                       .with(Line::kNFault, Level::kHigh);
// Step 3's answer, after 78: PError and Select high, a device ready for a command (Windows checks
// it; it is Linux's condition for assigning an address). Busy high: no 1284.3 device follows.
constexpr LineLevels kReadyForCommand =
    LineLevels().with(Line::kPError, Level::kHigh).with(Line::kSelect, Level::kHigh);
// A select's reply, read while nStrobe is low: nFault low, "selected" (Linux returns
// !(status & PARPORT_STATUS_ERROR)).
constexpr LineLevels kSelectedReply = LineLevels().with(Line::kNFault, Level::kLow);
// A command whose reply is not judged: whatever the status lines show.
constexpr LineLevels kAnyReply = LineLevels();

uint8_t SelectCommand(uint8_t id, Dot3Mode mode) {
  switch (mode) {
    case Dot3Mode::kCompatibility: return kCppSelect | id;
    case Dot3Mode::kEcp: return kCppSelectForEcp | id;
    case Dot3Mode::kEpp: return kCppSelectForEpp | id;
  }
  return kCppSelect | id;
}

}  // namespace

Dot3Bus::Dot3Bus(ieee1284::HostPort& port, int max_devices)
    : port_(port), max_devices_(max_devices) {
  PARCLASS_ASSERT(max_devices >= 0 && max_devices <= kMaxDaisyChainDevices,
                  "a 1284.3 daisy chain holds at most four devices");
}

Result<int> Dot3Bus::Initialise() {
  PARCLASS_TRY(CheckCompatibilityMode());
  selected_.reset();
  device_count_ = 0;
  devices_beyond_limit_ = false;
  if (max_devices_ == 0) return 0;  // The chain is not to be used.
  // Linux deselects every device first. With no chain nothing answers, which is no error.
  (void)CommandPacket(kCppDeselectAll, kAnyReply);
  device_count_ = PARCLASS_TRY(AgreedCount());
  return device_count_;
}

// Windows' PptInitiate1284_3: two assignment passes, again while their counts differ. Where
// Windows takes the second count regardless after three rounds, an unstable count here is an
// error: no address it gave can be trusted.
Result<int> Dot3Bus::AgreedCount() {
  int first = 0;
  int second = 0;
  for (int round = 0; round < kInitialiseRounds; ++round) {
    first = AssignAddresses();
    second = AssignAddresses();
    if (first == second) return first;
  }
  return Error(Errc::kProtocolError,
               fmt::format("the IEEE 1284.3 device count is unstable: {} rounds of address "
                           "assignment ended with {} and then {} devices",
                           kInitialiseRounds, first, second))
      .set_phase(Phase::kForwardIdle);
}

// Linux's assign_addrs (ieee1284.md 12.3): after the qualifier, while the status shows a device
// ready for a command (PError and Select high), address n goes on the data lines with a strobe;
// the first device without an address takes it and passes the cable on. Busy high in the status
// before the strobe said that device is the last; otherwise the status now is the next device's.
int Dot3Bus::AssignAddresses() {
  EnterPacketState();
  Result<LineLevels> status = SendQualifier();
  int assigned = 0;
  bool last = false;
  while (status && assigned < max_devices_ && kReadyForCommand.MatchedBy(*status)) {
    last = status->level(Line::kBusy) == Level::kHigh;
    (void)StrobeCommand(kCppAssignAddress | assigned, kAnyReply);
    ++assigned;
    if (last) break;
    status = port_.Status();
  }
  // Stopped by the limit before the last device, whose successor shows itself ready: that device
  // (and any behind it) has no address.
  devices_beyond_limit_ =
      !last && assigned == max_devices_ && status && kReadyForCommand.MatchedBy(*status);
  EndPacket();
  return assigned;
}

Result<void> Dot3Bus::Select(uint8_t id, Dot3Mode mode) {
  PARCLASS_TRY(CheckId(id));
  PARCLASS_TRY(CheckCompatibilityMode());
  if (id == kEndOfChainId) return SelectEndOfChain();
  selected_.reset();
  Result<LineLevels> reply = CommandPacketWithRetries(SelectCommand(id, mode), kSelectedReply);
  if (!reply) {
    if (reply.error().code() != Errc::kTimeout) return reply.error();
    return reply.error().Reworded(
        Errc::kTimeout,
        fmt::format("IEEE 1284.3 device {} did not reply \"selected\" (nFault low) to its select "
                    "command",
                    id));
  }
  selected_ = id;
  return Ok();
}

// The end-of-chain device has the cable once no 1284.3 device is selected: deselect-all, which
// Windows leaves to the previous Deselect but which costs one packet to be sure of.
Result<void> Dot3Bus::SelectEndOfChain() {
  selected_.reset();
  if (device_count_ > 0) PARCLASS_TRY(CommandPacketWithRetries(kCppDeselectAll, kAnyReply));
  selected_ = kEndOfChainId;
  return Ok();
}

Result<void> Dot3Bus::Deselect(uint8_t id) {
  PARCLASS_TRY(CheckId(id));
  PARCLASS_TRY(CheckCompatibilityMode());
  if (id == kEndOfChainId) {
    // Nothing to send (Windows): the cable stays where it is.
    if (selected_ == kEndOfChainId) selected_.reset();
    return Ok();
  }
  selected_.reset();
  // Linux and Windows both judge a deselect by its qualifier answers only: Linux ignores the
  // reply, and Windows waits for nFault low, the reverse of Linux's "selected", so neither says
  // what a deselected chain replies.
  PARCLASS_TRY(CommandPacketWithRetries(kCppDeselectAll, kAnyReply));
  return Ok();
}

Result<void> Dot3Bus::CheckId(uint8_t id) const {
  if (id == kEndOfChainId || IsChainDevice(id)) return Ok();
  return Error(Errc::kInvalidArgument,
               fmt::format("no IEEE 1284.3 device has id {}: the chain has {} device(s), from id "
                           "0, and the end-of-chain device is id {}",
                           id, device_count_, kEndOfChainId));
}

// CPP packets travel in compatibility mode (ieee1284.md 12.1), 1284 Active (nSelectIn) low; in
// any other mode the peripheral would take the bytes for that mode's.
Result<void> Dot3Bus::CheckCompatibilityMode() const {
  if (port_.control().level(Line::kNSelectIn) == Level::kLow) return Ok();
  return Error(Errc::kInvalidState,
               "the link is in an IEEE 1284 mode (nSelectIn high): terminate it before a 1284.3 "
               "command packet")
      .set_lines(LineLevels().with(Line::kNSelectIn, Level::kLow), port_.control());
}

// Compatibility idle with the data lines driven (Linux's parport_data_forward; Windows clears the
// direction bit and keeps nInit high "so that 1284.3 devices do not get reset"), on a chip with
// an ECR in a mode where the data and control registers drive the lines.
void Dot3Bus::EnterPacketState() {
  if (port_.chip().ecr && !hw::IsParkingMode(port_.chip_mode()))
    port_.SetChipMode(hw::EcrMode::kPs2);
  port_.SetDirection(ieee1284::Direction::kForward);
  port_.SetLines(ieee1284::kCompatIdle);
}

Result<LineLevels> Dot3Bus::CommandPacketWithRetries(uint8_t command, LineLevels reply) {
  Result<LineLevels> result = CommandPacket(command, reply);
  for (int tries = 1; !result && tries < kCommandTries; ++tries) {
    port_.Delay(kRetryPause);
    result = CommandPacket(command, reply);
  }
  return result;
}

// One CPP command packet (ieee1284.md 12.1, Linux's cpp_daisy): the qualifier, the command with
// its strobe, FF. A packet the chain does not answer is closed with FF all the same, so that no
// device is left part way through the qualifier.
Result<LineLevels> Dot3Bus::CommandPacket(uint8_t command, LineLevels reply) {
  EnterPacketState();
  Result<LineLevels> ready = SendQualifier();
  if (!ready) {
    EndPacket();
    return ready;
  }
  Result<LineLevels> replied = StrobeCommand(command, reply);
  EndPacket();
  return replied;
}

// Steps 1-3: AA 55 00 FF, answered by Busy low with PError, Select and nFault high; 87, answered
// by Busy high and PError low; 78, answered by a device ready for a command. Returns the status
// after 78.
Result<LineLevels> Dot3Bus::SendQualifier() {
  for (const uint8_t byte : kQualifierStart) WriteSpaced(byte);
  PARCLASS_TRY(ExpectAnswer(kAnswerToQualifierStart, "AA 55 00 FF"));
  WriteSpaced(kQualifier87);
  PARCLASS_TRY(ExpectAnswer(kAnswerTo87, "87"));
  WriteSpaced(kQualifier78);
  return ExpectAnswer(kReadyForCommand, "78");
}

Result<LineLevels> Dot3Bus::ExpectAnswer(LineLevels want, std::string_view after) {
  Result<LineLevels> seen = port_.WaitStatus(want, port_.After(kAnswerLimit));
  if (seen) return seen;
  return seen.error()
      .Reworded(Errc::kNotConnected,
                fmt::format("no IEEE 1284.3 device answered the command qualifier after {}", after))
      .set_phase(Phase::kForwardIdle);
}

// Step 4: the command on the data lines, latched by nStrobe low for 1 us; the chain replies on the
// status lines while nStrobe is low, within kSelectReplyLimit where `reply` asks for anything.
Result<LineLevels> Dot3Bus::StrobeCommand(uint8_t command, LineLevels reply) {
  WriteSpaced(command);
  port_.SetLines(LineLevels().with(Line::kNStrobe, Level::kLow));
  port_.Delay(kStrobeWidth);
  Result<LineLevels> seen = port_.WaitStatus(reply, port_.After(kSelectReplyLimit));
  port_.SetLines(LineLevels().with(Line::kNStrobe, Level::kHigh));
  port_.Delay(kStrobeWidth);
  if (seen) return seen;
  return Error(seen.error()).set_phase(Phase::kForwardIdle);
}

// Step 5: FF ends the packet.
void Dot3Bus::EndPacket() { WriteSpaced(kPacketEnd); }

void Dot3Bus::WriteSpaced(uint8_t byte) {
  port_.WriteData(byte);
  port_.Delay(kByteSpacing);
}

}  // namespace parclass::port
