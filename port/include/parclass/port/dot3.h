// Dot3Bus: the host's side of an IEEE 1284.3 daisy chain (shared spec ieee1284.md section 12;
// windows-parallel-interface.md sections 5.3 and 6): up to four 1284.3 devices between the port
// and an ordinary ("end-of-chain") peripheral, each passing the cable on to the next until the
// host selects it with a CPP command packet.
//
// Initialise() assigns the devices their addresses, 0 nearest the port, and counts them. It runs
// the assignment twice and believes the count only when both runs agree (Windows'
// PptInitiate1284_3), up to three rounds. Select() routes the cable to one device's function, or,
// with kEndOfChainId, deselects every 1284.3 device so that the end-of-chain peripheral has the
// cable; Deselect() hands a device's cable back. The bus drives the lines in compatibility mode
// only: terminate any IEEE 1284 mode (ieee1284::Link::Terminate) before calling either.
//
//   hw::PortRegisters registers(io);
//   ieee1284::HostPort port(registers, clock);
//   Dot3Bus bus(port, /*max_devices=*/2);           // Windows XP and later: ids 0 and 1
//   int devices = PARCLASS_TRY(bus.Initialise());   // 0 when no 1284.3 device answers
//   PARCLASS_TRY(bus.Select(0));                    // device 0's function has the cable
//   ieee1284::Link link(port);
//   auto id = PARCLASS_TRY(link.ReadDeviceId(ieee1284::ReverseMode::kNibble, deadline));
//   PARCLASS_TRY(bus.Deselect(0));
//   PARCLASS_TRY(bus.Select(kEndOfChainId));        // the printer behind the chain
//
// Every packet is written in software through the data and control registers (a chip with an ECR
// is parked in mode 001 first, where they drive the lines), with Linux daisy.c's timing: 2 us
// between data bytes, a 1 us command strobe (ieee1284.md section 13).

#ifndef PARCLASS_PORT_DOT3_H_
#define PARCLASS_PORT_DOT3_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "parclass/base/lines.h"
#include "parclass/base/result.h"
#include "parclass/ieee1284/host_port.h"

namespace parclass::port {

// Daisy-chain ids (windows-parallel-interface.md 5.3, parallel.h).
inline constexpr uint8_t kMaxDaisyChainId = 3;  // IEEE_1284_3_DAISY_CHAIN_MAX_ID
inline constexpr uint8_t kEndOfChainId = 4;     // DOT3_END_OF_CHAIN_ID
// How many 1284.3 devices a chain holds: Windows 2000 assigns ids 0-3, Windows XP and later 0-1
// only (windows-parallel-interface.md 1.2, step 4).
inline constexpr int kMaxDaisyChainDevices = kMaxDaisyChainId + 1;
inline constexpr int kWindowsXpDaisyChainDevices = 2;

// Which device of a port a select or deselect is for: a 1284.3 daisy-chain device by its address,
// or the end-of-chain device (every 1284.3 device deselected). Address kEndOfChainId is the end
// of the chain; an address the chain has not assigned is refused where the target is used.
class DeviceTarget {
 public:
  static constexpr DeviceTarget DaisyChain(uint8_t id) { return DeviceTarget(id); }
  static constexpr DeviceTarget EndOfChain() { return DeviceTarget(kEndOfChainId); }

  constexpr bool end_of_chain() const { return id_ == kEndOfChainId; }
  constexpr uint8_t id() const { return id_; }  // The 1284.3 address, or kEndOfChainId.
  friend constexpr bool operator==(DeviceTarget, DeviceTarget) = default;

 private:
  explicit constexpr DeviceTarget(uint8_t id) : id_(id) {}
  uint8_t id_;
};

// The mode a selected device's function is selected for (ieee1284.md 12.2). Windows selects for
// compatibility (and so for nibble and byte) only; Linux also selects for ECP and EPP.
enum class Dot3Mode : uint8_t {
  kCompatibility,  // CPP 0xE0 + id: compatibility, nibble and byte modes.
  kEcp,            // CPP 0xD0 + id (Linux).
  kEpp,            // CPP 0x20 + id (Linux).
};

class Dot3Bus {
 public:
  // `max_devices`: the most devices Initialise() gives an address, 0 to kMaxDaisyChainDevices.
  explicit Dot3Bus(ieee1284::HostPort& port, int max_devices = kMaxDaisyChainDevices);

  // Bus initialisation (INIT_1284_3_BUS): deselects every device (Linux), then assigns addresses
  // and counts the devices that took one, twice per round; the count is taken when the two agree.
  // Returns the count, 0 when no 1284.3 device answers (a plain port or printer). Afterwards no
  // device is selected. Errors: kInvalidState (the link is not in compatibility mode; nothing is
  // driven), kProtocolError (three rounds never agreed; the count is then 0).
  Result<int> Initialise();
  int device_count() const { return device_count_; }
  int max_devices() const { return max_devices_; }
  // Whether the last Initialise() stopped at max_devices() with another device ready for an
  // address: the chain has more devices than it is allowed to address, which stay unaddressed
  // and unreachable (Windows XP and later say nothing of them) until the limit is raised.
  bool devices_beyond_limit() const { return devices_beyond_limit_; }

  // Selects device `id` (0 to device_count() - 1) for `mode`, or the end-of-chain device
  // (kEndOfChainId: every 1284.3 device is deselected, so that the peripheral behind the chain
  // sees the cable; with no chain nothing is sent). A packet that fails is tried again, five tries
  // in all (Windows). Errors: kInvalidArgument (an id neither assigned nor kEndOfChainId),
  // kInvalidState (not in compatibility mode), kNotConnected (no 1284.3 device answered the
  // packet), kTimeout (the chain answered, but device `id` never replied "selected"). After an
  // error selected() is empty: which device has the cable is unknown until a Select succeeds.
  Result<void> Select(uint8_t id, Dot3Mode mode = Dot3Mode::kCompatibility);
  // Hands the cable back from device `id`. A chain device is deselected with CPP deselect-all,
  // which deselects whichever device is selected (as on Windows), and selected() is then empty.
  // The end-of-chain device needs no packet (Windows): only its own selection is forgotten. The
  // same errors as Select.
  Result<void> Deselect(uint8_t id);
  // The device the last successful Select gave the cable to, until it is deselected.
  std::optional<uint8_t> selected() const { return selected_; }

 private:
  bool IsChainDevice(uint8_t id) const { return id < device_count_; }
  Result<void> CheckId(uint8_t id) const;
  Result<void> CheckCompatibilityMode() const;
  Result<void> SelectEndOfChain();

  // Initialise()'s rounds: the count two assignment passes agree on.
  Result<int> AgreedCount();
  // One address assignment pass (ieee1284.md 12.3): the number of devices that took an address.
  // Sets devices_beyond_limit_.
  int AssignAddresses();

  // CPP command packets (ieee1284.md 12.1), each step its own function. A packet returns the
  // status read while the command's strobe is low, waiting up to kSelectReplyLimit for `reply`.
  void EnterPacketState();
  Result<LineLevels> CommandPacketWithRetries(uint8_t command, LineLevels reply);
  Result<LineLevels> CommandPacket(uint8_t command, LineLevels reply);
  Result<LineLevels> SendQualifier();
  Result<LineLevels> ExpectAnswer(LineLevels want, std::string_view after);
  Result<LineLevels> StrobeCommand(uint8_t command, LineLevels reply);
  void EndPacket();
  void WriteSpaced(uint8_t byte);

  ieee1284::HostPort& port_;
  int max_devices_;
  int device_count_ = 0;
  bool devices_beyond_limit_ = false;
  std::optional<uint8_t> selected_;
};

}  // namespace parclass::port

#endif  // PARCLASS_PORT_DOT3_H_
