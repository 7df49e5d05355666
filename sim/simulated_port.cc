#include "parclass/sim/simulated_port.h"

namespace parclass::sim {

SimulatedPort::SimulatedPort(Topology topology)
    : topology_(std::move(topology)), chip_(cable_, topology_.chip) {
  PARCLASS_ASSERT(topology_.chain.size() <= kMaxChainDevices, "too many 1284.3 devices");
  AttachPeripheral(BuildChain());
  ArmFaults();
}

SimulatedPort::~SimulatedPort() {
  // Far end first: each chain device watches the cable of the one before it.
  printer_.reset();
  plug_.reset();
  while (!chain_.empty()) chain_.pop_back();
}

Cable& SimulatedPort::BuildChain() {
  Cable* upstream = &cable_;
  for (size_t i = 0; i < topology_.chain.size(); ++i) {
    ChainLink link;
    link.function_cable = std::make_unique<Cable>(scheduler_, trace_);
    link.next_cable = std::make_unique<Cable>(scheduler_, trace_);
    const bool last = i + 1 == topology_.chain.size();
    link.device =
        std::make_unique<DaisyChainDevice>(*upstream, *link.next_cable, *link.function_cable, last);
    link.function = MakePrinter(*link.function_cable, topology_.chain[i]).printer;
    upstream = link.next_cable.get();
    chain_.push_back(std::move(link));
  }
  return *upstream;
}

SimulatedPort::PrinterParts SimulatedPort::MakePrinter(Cable& cable, const Ieee1284Config& config,
                                                       bool ecp_request_without_data) {
  PrinterParts parts{std::make_unique<Ieee1284Peripheral>(cable, config)};
  const AcceptedModes& modes = config.accepted;
  if (modes.ecp || modes.ecp_rle || modes.bounded_ecp) {
    EcpConfig ecp;
    ecp.response = config.response;
    ecp.request_without_data = ecp_request_without_data;
    auto channel = std::make_unique<EcpChannel>(parts.printer->side(), ecp);
    parts.ecp = channel.get();
    parts.printer->set_ecp_channel(std::move(channel));
  }
  if (modes.epp) {
    auto channel = std::make_unique<EppChannel>(parts.printer->side(), EppConfig());
    parts.epp = channel.get();
    parts.printer->set_epp_channel(std::move(channel));
  }
  return parts;
}

void SimulatedPort::AttachPeripheral(Cable& cable) {
  switch (topology_.peripheral) {
    case PeripheralKind::kNone: return;
    case PeripheralKind::kLoopbackNorton:
      plug_ = std::make_unique<LoopbackPlug>(cable, LoopbackPlug::Wiring::kNorton);
      return;
    case PeripheralKind::kLoopbackIbm:
      plug_ = std::make_unique<LoopbackPlug>(cable, LoopbackPlug::Wiring::kIbm);
      return;
    case PeripheralKind::kPrinter: break;
  }
  PrinterParts parts =
      MakePrinter(cable, topology_.printer, topology_.faults.ecp_request_without_data);
  printer_ = std::move(parts.printer);
  printer_ecp_ = parts.ecp;
  printer_epp_ = parts.epp;
  printer_->set_condition(topology_.condition);
  const std::string& data = topology_.reverse_data;
  printer_->QueueReverse(std::span(reinterpret_cast<const uint8_t*>(data.data()), data.size()));
}

void SimulatedPort::ArmFaults() {
  const TopologyFaults& faults = topology_.faults;
  for (const auto& [line, level] : faults.stuck) cable_.SetStuck(line, level);
  if (printer_ == nullptr) return;
  printer_->side().faults() = faults.events;
  if (faults.vanish_at) {
    scheduler_.ScheduleAt(*faults.vanish_at, [this] { printer_->side().Vanish(); });
  }
}

}  // namespace parclass::sim
