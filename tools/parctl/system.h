// The ports and devices parctl works on: the system the library opens from --backend (the
// built-in simulated topology by default, a topology file, a ppdev node, raw port I/O, every port
// the machine has; several --backend options give several ports, LPT1 first), with --topology as
// the simulator's file.

#ifndef PARCLASS_TOOLS_PARCTL_SYSTEM_H_
#define PARCLASS_TOOLS_PARCTL_SYSTEM_H_

#include <memory>

#include "commands.h"
#include "parclass/base/result.h"
#include "parclass/system/system.h"

namespace parclass::tools {

using System = system::System;
using system::BackendSpec;

// The system spec --backend and --topology give together ("ppdev:/dev/parport0;sim"): --topology
// FILE is "sim:FILE". Errors: kInvalidArgument for a bad --backend, or --topology with anything
// but one simulated port.
Result<std::string> SpecOf(const SystemOptions& options);

// The port --port names, LPT1 (the first) without it; kNoSuchDevice naming the ports there are.
Result<system::SystemPort*> SelectedPort(const System& system, const SystemOptions& options);

// Errors: a bad --backend or topology file, a port that cannot be opened (with the cause and
// the fix), or no port answering.
Result<std::unique_ptr<System>> StartSystem(const SystemOptions& options);

}  // namespace parclass::tools

#endif  // PARCLASS_TOOLS_PARCTL_SYSTEM_H_
