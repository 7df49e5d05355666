#include "loopback.h"

#include "parclass/hw/spp_regs.h"

namespace parclass::tools {
namespace {

// Idle: data 0x00, nStrobe, nAutoFd and nSelectIn high, nInit high, port forward.
constexpr hw::Dcr kIdleControl = hw::Dcr::Get().set_n_init(true);

void DriveOutput(hw::RegisterIo& io, Line line, Level level) {
  if (kDataLines.contains(line)) {
    const int bit = static_cast<int>(line) - static_cast<int>(Line::kD0);
    const uint8_t data = level == Level::kHigh ? static_cast<uint8_t>(1u << bit) : 0x00;
    hw::Data::Get().set_data(data).WriteTo(io);
    kIdleControl.WriteTo(io);
  } else {
    hw::Data::Get().set_data(0x00).WriteTo(io);
    hw::Dcr(kIdleControl).set_line(line, level).WriteTo(io);
  }
}

Level Sense(hw::RegisterIo& io, Line line) {
  return hw::Dsr::Get().ReadFrom(io).lines().level(line);
}

}  // namespace

std::vector<WireResult> RunLoopbackTest(hw::RegisterIo& io,
                                        std::span<const sim::LoopbackPlug::Wire> wires) {
  std::vector<WireResult> results;
  for (const sim::LoopbackPlug::Wire& wire : wires) {
    WireResult result{wire, Level::kHigh, Level::kLow};
    DriveOutput(io, wire.from, Level::kLow);
    result.seen_when_low = Sense(io, wire.to);
    DriveOutput(io, wire.from, Level::kHigh);
    result.seen_when_high = Sense(io, wire.to);
    results.push_back(result);
  }
  hw::Data::Get().set_data(0x00).WriteTo(io);
  kIdleControl.WriteTo(io);
  return results;
}

}  // namespace parclass::tools
