// parctl's commands, one function each, returning the process's exit code (see main.cc).

#ifndef PARCLASS_TOOLS_PARCTL_COMMANDS_H_
#define PARCLASS_TOOLS_PARCTL_COMMANDS_H_

#include <string>
#include <vector>

namespace parclass::tools {

// Exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // The command ran and found a fault.
inline constexpr int kExitUsage = 2;   // Bad arguments.

int ListRegisters();
int Decode(const std::string& name, const std::string& value_text);

struct LoopbackOptions {
  std::string chip = "ecp+epp";  // The simulated chip variant.
  std::string wiring = "norton";
  bool unplugged = false;          // Run with no plug, to see what the diagnostic reports then.
  std::string vcd_path;            // Write the cable's trace here, if set.
  std::vector<std::string> stuck;  // Stuck-at faults to inject: "Busy=1", "D0=0", ...
};
int Loopback(const LoopbackOptions& options);

}  // namespace parclass::tools

#endif  // PARCLASS_TOOLS_PARCTL_COMMANDS_H_
