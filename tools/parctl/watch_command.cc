// parctl watch: the ports and devices there are, then each arrival and removal a rescan finds,
// one rescan every --interval: a printer switched on or off, a chain device that stopped
// answering, a ppdev node the kernel removed (or, with --backend all, one it added).

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "client.h"
#include "commands.h"
#include "system.h"

namespace parclass::tools {
namespace {

// "+ LPT1.4  end-of-chain  parclass Simulated Printer (PRINTER; PCL, PJL, ECP)", or the same as a
// JSON line.
void Print(const SystemOptions& options, System& system, char sign, const system::Change& change) {
  std::string kind = "port";
  std::string what;
  if (change.kind == system::Change::Kind::kDevice) {
    kind = KindName(change.device);
    const bus::Device* device = system.bus().Find(change.name);
    if (device != nullptr && device->device_id()) what = device->device_id()->Describe();
  } else if (Result<system::SystemPort*> port = system.FindPort(change.name); port) {
    what = (*port)->backend().Describe();
  }
  if (options.json) {
    Json line = {
        {"event", sign == '+' ? "arrival" : "removal"}, {"name", change.name}, {"kind", kind}};
    if (!what.empty()) line["description"] = what;
    fmt::print("{}\n", line.dump());
  } else {
    std::string text = fmt::format("{} {:<14} {:<13} {}", sign, change.name, kind, what);
    text.erase(text.find_last_not_of(' ') + 1);
    fmt::print("{}\n", text);
  }
  std::fflush(stdout);
}

}  // namespace

int Watch(const SystemOptions& options, const WatchOptions& watch) {
  return WithSystem(options, [&](System& system) {
    // What there is, as arrivals.
    for (system::SystemPort* port : system.ports()) {
      Print(options, system, '+',
            {.kind = system::Change::Kind::kPort, .name = port->device_name()});
      for (const bus::Device* device : system.bus().devices(port->port())) {
        Print(options, system, '+',
              {.kind = system::Change::Kind::kDevice,
               .name = device->location(),
               .device = device->kind()});
      }
    }
    for (int rescans = 0; watch.rescans == 0 || rescans < watch.rescans; ++rescans) {
      std::this_thread::sleep_for(std::chrono::milliseconds(watch.interval_ms));
      const system::SystemChanges changes = system.Rescan();
      for (const system::Change& removed : changes.removed) {
        Print(options, system, '-', removed);
      }
      for (const system::Change& arrived : changes.arrived) {
        Print(options, system, '+', arrived);
      }
      for (const Error& failed : changes.failed) {
        fmt::print(stderr, "parctl: rescan: {}\n", failed.Format());
      }
    }
    return kExitOk;
  });
}

}  // namespace parclass::tools
