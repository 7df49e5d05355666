// parctl's commands, one function each, returning the process's exit code (see main.cc).

#ifndef PARCLASS_TOOLS_PARCTL_COMMANDS_H_
#define PARCLASS_TOOLS_PARCTL_COMMANDS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "parclass/port/dot3.h"

namespace parclass::tools {

// Exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // The command ran and found a fault.
inline constexpr int kExitUsage = 2;   // Bad arguments.

int ListRegisters();
int Decode(const std::string& name, const std::string& value_text);

struct LoopbackOptions {
  std::string backend = "sim";   // A real port: ppdev:/dev/parportN or raw:BASE, with a plug in it.
  std::string chip = "ecp+epp";  // The simulated chip variant.
  std::string wiring = "norton";
  bool unplugged = false;          // Run with no plug, to see what the diagnostic reports then.
  std::string vcd_path;            // Write the cable's trace here, if set.
  std::vector<std::string> stuck;  // Stuck-at faults to inject: "Busy=1", "D0=0", ...
};
int Loopback(const LoopbackOptions& options);

// What every port and device command takes: where the ports are, which one, and how to print.
struct SystemOptions {
  // Backend specs, one port each (system/system.h): sim, ppdev:/dev/parportN, raw:BASE[,ECP_BASE],
  // all, ...; empty: sim.
  std::vector<std::string> backends;
  std::string topology_path;  // Empty: the built-in topology.
  std::string port;           // The port info, probe, status and chain look at; empty: LPT1.
  bool json = false;          // One JSON document on stdout (docs/parctl.md).
  // The most IEEE 1284.3 devices the port addresses: 2 as on Windows XP and later, up to 4.
  int max_chain_devices = port::kWindowsXpDaisyChainDevices;
};

struct TransferOptions {
  std::string device = "LPT1.4";
  std::string mode;        // A --mode name; empty: CENTRONICS to write, NIBBLE to read.
  std::string file = "-";  // Write: the data to send ("-": stdin). Read: where to put it.
  size_t count = 256;      // Read: bytes wanted.
};

// What `bench` runs: each mode the device and port share (or those --modes names), each way it
// carries data.
struct BenchOptions {
  std::string device;               // Empty: LPT1.4 if the port has it, else the raw device.
  size_t size = size_t{64} * 1024;  // Bytes written forward, and wanted back in reverse.
  std::vector<std::string> modes;   // --mode names or ntddpar names; empty: every shared mode.
  bool markdown = false;            // The table in Markdown (scripts/bench).
};

// What `watch` does: a rescan every interval, `rescans` times (0: until interrupted).
struct WatchOptions {
  int interval_ms = 1000;
  int rescans = 0;
};

int List(const SystemOptions& options);
// The ports and devices there are, then each arrival and removal the rescans find.
int Watch(const SystemOptions& options, const WatchOptions& watch);
// What a client learns about the port: its resources, the backend, the capabilities, FIFO and
// chip mode, the arbiter's counts, and each device's modes.
int Info(const SystemOptions& options);
int Probe(const SystemOptions& options);
int Id(const SystemOptions& options, const std::string& name);
int Status(const SystemOptions& options);
int Chain(const SystemOptions& options);
int Negotiate(const SystemOptions& options, const std::string& name);
int Write(const SystemOptions& options, const TransferOptions& transfer);
int Read(const SystemOptions& options, const TransferOptions& transfer);
// A write with the session's line-level trace checked for IEEE 1284 conformance, and optionally
// written as a VCD file.
int Trace(const SystemOptions& options, const TransferOptions& transfer,
          const std::string& vcd_path);
// One transfer per shared mode and direction, through the device layer as write and read run
// them, and a table of what each cost.
int Bench(const SystemOptions& options, const BenchOptions& bench);

}  // namespace parclass::tools

#endif  // PARCLASS_TOOLS_PARCTL_COMMANDS_H_
