// The ports and devices parctl works on: a simulated topology (the built-in one, or a topology
// file) with its port started and its devices enumerated, as a client of the port and bus
// layers sees them.

#ifndef PARCLASS_TOOLS_PARCTL_SYSTEM_H_
#define PARCLASS_TOOLS_PARCTL_SYSTEM_H_

#include <memory>
#include <string>

#include "commands.h"
#include "parclass/base/result.h"
#include "parclass/bus/bus.h"
#include "parclass/port/port.h"
#include "parclass/sim/simulated_port.h"

namespace parclass::tools {

class System {
 public:
  // Errors: the topology file does not load, or no port answers.
  static Result<std::unique_ptr<System>> Start(const SystemOptions& options);

  sim::SimulatedPort& simulated() { return *simulated_; }
  port::Port& port() { return *port_; }
  bus::Bus& bus() { return bus_; }
  // What the port's name says: "simulated ecp+epp chip, topology default".
  std::string Describe() const;
  // The device called `name` ("LPT1.4", "Parallel0.4"); kNoSuchDevice naming the ones there are.
  Result<bus::Device*> Find(const std::string& name);

 private:
  std::unique_ptr<sim::SimulatedPort> simulated_;
  std::unique_ptr<port::Port> port_;
  bus::Bus bus_;
};

}  // namespace parclass::tools

#endif  // PARCLASS_TOOLS_PARCTL_SYSTEM_H_
