// parctl: the parclass command-line tool.
//
//   parctl                      # the same as `parctl list`
//   parctl list                 # the port and the devices on it, with their IDs and modes
//   parctl info                 # what a client learns about the port: resources, capabilities,
//                               # FIFO, chip mode, arbiter counts, backend, each device's modes
//   parctl probe                # capability detection, with the reason for each verdict
//   parctl id LPT1.4            # a device's IEEE 1284 Device ID, parsed and raw
//   parctl status               # the port's line levels now
//   parctl chain                # IEEE 1284.3 initialisation and the addresses given
//   parctl watch --backend all  # the ports and devices, then each arrival and removal
//   parctl negotiate LPT1.4     # the modes host and device share, and the fastest
//   parctl write LPT1.4 --mode ecp job.prn     # send a file (or stdin) in a chosen mode
//   parctl read LPT1.4 --mode nibble --count 64 --output reply.bin
//   parctl trace LPT1.4 --mode ecp job.prn --vcd job.vcd   # the write's trace, checked
//   parctl bench LPT1.4 --size 4096 --modes ecp,nibble      # one transfer per shared mode and
//                               # direction: path, bytes, status, accesses per byte, system calls
//                               # per KiB, time per byte, throughput (default: every shared mode,
//                               # 64 KiB, LPT1.4 or else the raw device LPT1)
//   parctl loopback             # wrap-plug diagnostic on a simulated port and plug
//   parctl regs                 # the PC parallel port's registers, fields and addresses
//   parctl decode dsr 0x78      # decode a register value into named bits and line levels
//
// Port and device commands run on the built-in simulated topology unless --topology names a
// topology file, or on a real port: --backend ppdev:/dev/parport0 (Linux ppdev),
// --backend raw:0x378 (port I/O, as root) or --backend all (every port the machine has);
// several --backend options make several ports, LPT1 first, and --port picks the one info,
// probe, status and chain look at; --json prints one JSON document instead (docs/parctl.md).
//
// write, read and bench draw a progress bar on stderr when it is a terminal (never with --json)
// once a transfer has taken a second of wall-clock time; to update it they move data in 4 KiB
// requests, with the port locked throughout.
//
// Exit codes: 0 success, 1 the command ran and found a fault, 2 bad arguments.

#include <CLI/CLI.hpp>
#include <string>

#include "commands.h"

namespace {

// --backend, --topology, --port and --json, on every port and device command.
void AddSystemOptions(CLI::App* command, parclass::tools::SystemOptions& options) {
  command
      ->add_option("--backend", options.backends,
                   "sim (default), sim:TOPOLOGY, ppdev:/dev/parportN, raw:BASE[,ECP_BASE], "
                   "raw:pci, or all (every port this machine has); repeat it, or join specs "
                   "with ';', for several ports: LPT1, LPT2, ...")
      ->allow_extra_args(false);  // One spec per --backend: a device name after it is no spec.
  command->add_option("--port", options.port,
                      "The port list, info, probe, status and chain look at: LPT2 or "
                      "ParallelPort1 (default: every port for list, else LPT1)");
  command
      ->add_option("--topology", options.topology_path,
                   "A topology file (docs/topology.md); the built-in topology by default")
      ->check(CLI::ExistingFile);
  command->add_flag("--json", options.json, "Print one JSON document (docs/parctl.md)");
  command
      ->add_option("--max-chain-devices", options.max_chain_devices,
                   "The most IEEE 1284.3 devices the port addresses: 2 as on Windows XP and "
                   "later (default), up to 4 as on Windows 2000")
      ->check(CLI::Range(0, parclass::port::kMaxDaisyChainDevices));
}

}  // namespace

// CLI11 reports bad arguments by exceptions; they are caught where the command line is parsed.
int main(int argc, char** argv) {  // NOLINT(bugprone-exception-escape)
  namespace tools = parclass::tools;
  CLI::App app{"parctl: inspect and drive IEEE 1284 parallel ports"};
  app.require_subcommand(0, 1);
  tools::SystemOptions system;
  tools::TransferOptions transfer;

  AddSystemOptions(app.add_subcommand("list", "The port and its devices: IDs, capabilities, modes"),
                   system);
  AddSystemOptions(app.add_subcommand("info", "What a client learns about the port"), system);
  AddSystemOptions(app.add_subcommand("probe", "Capability detection, a reason for each verdict"),
                   system);
  AddSystemOptions(app.add_subcommand("status", "The port's line levels"), system);
  AddSystemOptions(app.add_subcommand("chain", "IEEE 1284.3 initialisation and addresses"), system);
  tools::WatchOptions watch_options;
  CLI::App* watch = app.add_subcommand(
      "watch", "The ports and devices, then each arrival and removal a rescan finds");
  AddSystemOptions(watch, system);
  watch->add_option("--interval", watch_options.interval_ms, "Milliseconds between rescans")
      ->capture_default_str()
      ->check(CLI::Range(0, 3'600'000));
  watch->add_option("--rescans", watch_options.rescans, "Stop after this many (0: never)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  CLI::App* id = app.add_subcommand("id", "A device's IEEE 1284 Device ID, parsed and raw");
  id->add_option("device", transfer.device, "LPT1.4, Parallel0.4, ...")->capture_default_str();
  AddSystemOptions(id, system);
  CLI::App* negotiate = app.add_subcommand("negotiate", "The modes host and device share");
  negotiate->add_option("device", transfer.device, "LPT1.4, Parallel0.4, ...")
      ->capture_default_str();
  AddSystemOptions(negotiate, system);
  CLI::App* write = app.add_subcommand("write", "Send a file, or stdin, to a device");
  write->add_option("device", transfer.device, "LPT1.4, Parallel0.4, ...")->required();
  write->add_option("file", transfer.file, "The data; - for stdin")->capture_default_str();
  write->add_option("--mode", transfer.mode,
                    "centronics (default), compat, ecp, ecp-sw, epp or epp-sw");
  AddSystemOptions(write, system);
  CLI::App* read = app.add_subcommand("read", "Read from a device's reverse channel");
  read->add_option("device", transfer.device, "LPT1.4, Parallel0.4, ...")->required();
  read->add_option("--mode", transfer.mode, "nibble (default), byte, ecp, ecp-sw, epp or epp-sw");
  read->add_option("--count", transfer.count, "Bytes wanted")->capture_default_str();
  read->add_option("--output", transfer.file, "Where to put them; stdout by default");
  AddSystemOptions(read, system);

  CLI::App* trace = app.add_subcommand(
      "trace", "A write, its line-level trace checked for IEEE 1284 conformance");
  trace->add_option("device", transfer.device, "LPT1.4, Parallel0.4, ...")->required();
  trace->add_option("file", transfer.file, "The data; - for stdin")->capture_default_str();
  trace->add_option("--mode", transfer.mode, "As for write");
  std::string trace_vcd;
  trace->add_option("--vcd", trace_vcd, "Write the trace as a VCD file");
  AddSystemOptions(trace, system);

  CLI::App* bench = app.add_subcommand("bench", "One transfer per shared mode, and what it cost");
  tools::BenchOptions bench_options;
  bench->add_option("device", bench_options.device, "LPT1.4 if there is one, else LPT1");
  bench->add_option("--size", bench_options.size, "Bytes each way per mode")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  bench
      ->add_option("--modes", bench_options.modes,
                   "Modes to run, comma-separated (--mode or ntddpar names); all shared by default")
      ->delimiter(',');
  bench->add_flag("--markdown", bench_options.markdown, "The table in Markdown");
  AddSystemOptions(bench, system);

  app.add_subcommand("regs", "List the PC parallel port's registers and their bit fields");
  CLI::App* decode = app.add_subcommand("decode", "Decode a register value into named bits");
  std::string name;
  std::string value;
  decode->add_option("register", name, "Register name, as `parctl regs` lists it")->required();
  decode->add_option("value", value, "The value, e.g. 0x78 or 0b0111'1000")->required();

  CLI::App* loopback =
      app.add_subcommand("loopback", "Wrap-plug diagnostic of a port's lines (simulated or real)");
  tools::LoopbackOptions options;
  loopback->add_option("--chip", options.chip, "spp, ps2, epp, ecp or ecp+epp")
      ->capture_default_str();
  loopback->add_option("--wiring", options.wiring, "norton or ibm")->capture_default_str();
  loopback->add_flag("--unplugged", options.unplugged, "Run with no plug attached");
  loopback->add_option("--vcd", options.vcd_path, "Write the cable's trace as a VCD file");
  loopback->add_option("--stuck", options.stuck, "Inject a stuck line, e.g. Busy=1 (repeatable)");
  loopback->add_option("--backend", options.backend,
                       "sim (default), or a real port with a plug in it: ppdev:/dev/parportN, "
                       "raw:BASE");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // CLI11 prints the message (or the help, with exit code 0); its own codes (105 for a file
    // that does not exist, ...) become the documented one for bad arguments.
    return app.exit(error) == 0 ? tools::kExitOk : tools::kExitUsage;
  }

  if (app.got_subcommand("info")) return tools::Info(system);
  if (app.got_subcommand("probe")) return tools::Probe(system);
  if (app.got_subcommand("status")) return tools::Status(system);
  if (app.got_subcommand("chain")) return tools::Chain(system);
  if (app.got_subcommand("watch")) return tools::Watch(system, watch_options);
  if (app.got_subcommand("id")) return tools::Id(system, transfer.device);
  if (app.got_subcommand("negotiate")) return tools::Negotiate(system, transfer.device);
  if (app.got_subcommand("write")) return tools::Write(system, transfer);
  if (app.got_subcommand("read")) return tools::Read(system, transfer);
  if (app.got_subcommand("trace")) return tools::Trace(system, transfer, trace_vcd);
  if (app.got_subcommand("bench")) return tools::Bench(system, bench_options);
  if (app.got_subcommand("regs")) return tools::ListRegisters();
  if (app.got_subcommand("decode")) return tools::Decode(name, value);
  if (app.got_subcommand("loopback")) return tools::Loopback(options);
  return tools::List(system);
}
