// Topologies: a small declarative description of a simulated port, its peripheral and its faults,
// read from JSON. The CLI and tests build their simulated ports from one (see SimulatedPort), and
// DefaultTopology() is the built-in one. docs/topology.md documents the format; example files
// live in topologies/.
//
//   Result<Topology> topology = LoadTopology("topologies/paper-out.json");
//   if (!topology) die(topology.error().Format());   // "topology: chip.fifo_depth must be ..."
//   SimulatedPort port(*topology);

#ifndef PARCLASS_SIM_TOPOLOGY_H_
#define PARCLASS_SIM_TOPOLOGY_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parclass/base/result.h"
#include "parclass/sim/chip_config.h"
#include "parclass/sim/ieee1284_peripheral.h"

namespace parclass::sim {

enum class PeripheralKind : uint8_t { kNone, kPrinter, kLoopbackNorton, kLoopbackIbm };

struct TopologyFaults {
  std::map<Line, Level> stuck;            // Lines stuck at a level.
  EventFaults events;                     // IEEE 1284 events never produced, or late.
  std::optional<Nanoseconds> vanish_at;   // When the peripheral vanishes (its lines float).
  bool ecp_request_without_data = false;  // nPeriphRequest low with nothing to send.
};

// The most IEEE 1284.3 devices a chain holds (ids 0-3; the end-of-chain device is id 4).
inline constexpr size_t kMaxChainDevices = 4;

struct Topology {
  std::string name = "default";
  ChipConfig chip;
  // IEEE 1284.3 daisy-chain devices between the port and the peripheral, nearest the port first;
  // each has a printer-class function of its own.
  std::vector<Ieee1284Config> chain;
  PeripheralKind peripheral = PeripheralKind::kPrinter;
  Ieee1284Config printer;
  Condition condition = Condition::kReady;
  std::string reverse_data;  // Queued on the printer's reverse channel at start.
  TopologyFaults faults;
};

// The built-in topology: an ECP+EPP chip at 0x378 (IRQ 7, 16-byte FIFO); two IEEE 1284.3
// daisy-chain devices (nibble and byte capable); and at the end of the chain an IEEE 1284 printer
// that accepts nibble, byte, ECP (with RLE), EPP and Device ID requests.
Topology DefaultTopology();

// Parses a topology; fields left out keep the default topology's values. Unknown fields, wrong
// types and out-of-range values are errors (Errc::kInvalidArgument) naming the field.
Result<Topology> ParseTopology(std::string_view json_text);
Result<Topology> LoadTopology(const std::string& path);

}  // namespace parclass::sim

#endif  // PARCLASS_SIM_TOPOLOGY_H_
