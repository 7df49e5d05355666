// parctl: the parclass command-line tool.
//
//   parctl loopback             # wrap-plug diagnostic on a simulated port and plug
//   parctl regs                 # the PC parallel port's registers, fields and addresses
//   parctl decode dsr 0x78      # decode a register value into named bits and line levels
//
// Exit codes: 0 success, 1 the command ran and found a fault, 2 bad arguments.

#include <CLI/CLI.hpp>
#include <string>

#include "commands.h"

// CLI11 reports bad arguments by exceptions, which CLI11_PARSE catches and turns into an exit code.
int main(int argc, char** argv) {  // NOLINT(bugprone-exception-escape)
  using parclass::tools::LoopbackOptions;
  CLI::App app{"parctl: inspect and drive IEEE 1284 parallel ports"};
  app.require_subcommand(1);

  app.add_subcommand("regs", "List the PC parallel port's registers and their bit fields");

  CLI::App* decode = app.add_subcommand("decode", "Decode a register value into named bits");
  std::string name;
  std::string value;
  decode->add_option("register", name, "Register name, as `parctl regs` lists it")->required();
  decode->add_option("value", value, "The value, e.g. 0x78 or 0b0111'1000")->required();

  CLI::App* loopback =
      app.add_subcommand("loopback", "Wrap-plug diagnostic of a simulated port's lines");
  LoopbackOptions options;
  loopback->add_option("--chip", options.chip, "spp, ps2, epp, ecp or ecp+epp")
      ->capture_default_str();
  loopback->add_option("--wiring", options.wiring, "norton or ibm")->capture_default_str();
  loopback->add_flag("--unplugged", options.unplugged, "Run with no plug attached");
  loopback->add_option("--vcd", options.vcd_path, "Write the cable's trace as a VCD file");
  loopback->add_option("--stuck", options.stuck, "Inject a stuck line, e.g. Busy=1 (repeatable)");

  CLI11_PARSE(app, argc, argv);

  if (app.got_subcommand("regs")) return parclass::tools::ListRegisters();
  if (app.got_subcommand("decode")) return parclass::tools::Decode(name, value);
  return parclass::tools::Loopback(options);
}
