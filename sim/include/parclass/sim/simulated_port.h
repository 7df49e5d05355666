// SimulatedPort: a whole simulated port built from a Topology: scheduler, trace, cable, chip, the
// peripheral on the cable, and the topology's faults armed.
//
//   SimulatedPort port(DefaultTopology());
//   hw::RegisterIo& io = port.chip();          // drive it as a real port
//   port.printer()->received();                // what the printer got
//   WriteVcd(file, port.trace(), port.cable());

#ifndef PARCLASS_SIM_SIMULATED_PORT_H_
#define PARCLASS_SIM_SIMULATED_PORT_H_

#include <memory>
#include <vector>

#include "parclass/sim/cable.h"
#include "parclass/sim/chip.h"
#include "parclass/sim/daisy_chain.h"
#include "parclass/sim/ecp_channel.h"
#include "parclass/sim/epp_channel.h"
#include "parclass/sim/ieee1284_peripheral.h"
#include "parclass/sim/loopback_plug.h"
#include "parclass/sim/scheduler.h"
#include "parclass/sim/topology.h"
#include "parclass/sim/trace.h"

namespace parclass::sim {

class SimulatedPort {
 public:
  explicit SimulatedPort(Topology topology);
  ~SimulatedPort();
  SimulatedPort(const SimulatedPort&) = delete;
  SimulatedPort& operator=(const SimulatedPort&) = delete;

  const Topology& topology() const { return topology_; }
  Scheduler& scheduler() { return scheduler_; }
  Trace& trace() { return trace_; }
  Cable& cable() { return cable_; }
  SimChip& chip() { return chip_; }
  // The printer at the end of the chain (or alone on the cable), if the topology has one.
  Ieee1284Peripheral* printer() { return printer_.get(); }
  // The end printer's ECP and EPP channels, if it accepts those modes.
  EcpChannel* printer_ecp() { return printer_ecp_; }
  EppChannel* printer_epp() { return printer_epp_; }
  // The IEEE 1284.3 devices, nearest the port first, and the function of each.
  size_t chain_length() const { return chain_.size(); }
  DaisyChainDevice& chain_device(size_t index) { return *chain_.at(index).device; }
  Ieee1284Peripheral& chain_function(size_t index) { return *chain_.at(index).function; }

 private:
  struct ChainLink {
    std::unique_ptr<Cable> function_cable;
    std::unique_ptr<Cable> next_cable;
    std::unique_ptr<DaisyChainDevice> device;
    std::unique_ptr<Ieee1284Peripheral> function;
  };

  // Builds the chain; returns the cable at its far end, where the peripheral goes.
  Cable& BuildChain();
  void AttachPeripheral(Cable& cable);
  // A printer with the ECP and EPP channels its accepted modes need (owned by the printer).
  struct PrinterParts {
    std::unique_ptr<Ieee1284Peripheral> printer;
    EcpChannel* ecp = nullptr;
    EppChannel* epp = nullptr;
  };
  static PrinterParts MakePrinter(Cable& cable, const Ieee1284Config& config,
                                  bool ecp_request_without_data = false);
  void ArmFaults();

  Topology topology_;
  Scheduler scheduler_;
  Trace trace_;
  Cable cable_{scheduler_, trace_};
  SimChip chip_;
  std::vector<ChainLink> chain_;
  std::unique_ptr<Ieee1284Peripheral> printer_;
  EcpChannel* printer_ecp_ = nullptr;  // Owned by printer_.
  EppChannel* printer_epp_ = nullptr;
  std::unique_ptr<LoopbackPlug> plug_;
};

}  // namespace parclass::sim

#endif  // PARCLASS_SIM_SIMULATED_PORT_H_
