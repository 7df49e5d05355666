#include "parclass/sim/loopback_plug.h"

namespace parclass::sim {
namespace {

constexpr std::array<LoopbackPlug::Wire, 5> kIbmWires = {{
    {Line::kNStrobe, Line::kSelect},
    {Line::kD0, Line::kNFault},
    {Line::kNInit, Line::kNAck},
    {Line::kNSelectIn, Line::kBusy},
    {Line::kNAutoFd, Line::kPError},
}};

constexpr std::array<LoopbackPlug::Wire, 5> kNortonWires = {{
    {Line::kD0, Line::kNFault},
    {Line::kD1, Line::kSelect},
    {Line::kD2, Line::kPError},
    {Line::kD3, Line::kNAck},
    {Line::kD4, Line::kBusy},
}};

}  // namespace

std::span<const LoopbackPlug::Wire> LoopbackPlug::WiresOf(Wiring wiring) {
  return wiring == Wiring::kIbm ? std::span<const Wire>(kIbmWires)
                                : std::span<const Wire>(kNortonWires);
}

LoopbackPlug::LoopbackPlug(Cable& cable, Wiring wiring) : cable_(cable), wires_(WiresOf(wiring)) {
  LineSet sources;
  for (const Wire& wire : wires_) sources = sources.with(wire.from);
  observer_ = cable_.Observe(sources, [this](const Delta& /*delta*/) { Follow(); });
  Follow();
  cable_.Settle();
}

LoopbackPlug::~LoopbackPlug() {
  cable_.StopObserving(observer_);
  for (const Wire& wire : wires_) cable_.Drive(Side::kPeripheral, wire.to, Drive::kRelease);
}

void LoopbackPlug::Follow() {
  for (const Wire& wire : wires_) {
    cable_.Drive(Side::kPeripheral, wire.to, DriveFor(cable_.level(wire.from)));
  }
}

}  // namespace parclass::sim
