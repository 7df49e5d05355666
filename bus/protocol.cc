#include "parclass/bus/protocol.h"

#include <array>
#include <string_view>
#include <utility>

namespace parclass::bus {
namespace {

using hw::HardwareCapability;

// Fastest first.
constexpr std::array kForwardOrder = {ProtocolMode::kBoundedEcp,
                                      ProtocolMode::kEcpHwNoIrq,
                                      ProtocolMode::kEcpHwIrq,
                                      ProtocolMode::kEppHw,
                                      ProtocolMode::kEppSw,
                                      ProtocolMode::kEcpSw,
                                      ProtocolMode::kIeeeCompatibility,
                                      ProtocolMode::kCentronics};
constexpr std::array kReverseOrder = {
    ProtocolMode::kBoundedEcp, ProtocolMode::kEcpHwNoIrq,    ProtocolMode::kEcpHwIrq,
    ProtocolMode::kEppHw,      ProtocolMode::kEppSw,         ProtocolMode::kEcpSw,
    ProtocolMode::kByteBidir,  ProtocolMode::kChannelNibble, ProtocolMode::kNibble};

constexpr std::array<std::pair<ProtocolMode, std::string_view>, 11> kNames = {{
    {ProtocolMode::kCentronics, "CENTRONICS"},
    {ProtocolMode::kIeeeCompatibility, "IEEE_COMPATIBILITY"},
    {ProtocolMode::kNibble, "NIBBLE"},
    {ProtocolMode::kChannelNibble, "CHANNEL_NIBBLE"},
    {ProtocolMode::kByteBidir, "BYTE_BIDIR"},
    {ProtocolMode::kEppHw, "EPP_HW"},
    {ProtocolMode::kEppSw, "EPP_SW"},
    {ProtocolMode::kBoundedEcp, "BOUNDED_ECP"},
    {ProtocolMode::kEcpHwNoIrq, "ECP_HW_NOIRQ"},
    {ProtocolMode::kEcpHwIrq, "ECP_HW_IRQ"},
    {ProtocolMode::kEcpSw, "ECP_SW"},
}};

template <size_t kSize>
std::optional<ProtocolMode> FirstIn(const std::array<ProtocolMode, kSize>& order,
                                    ProtocolModes modes) {
  for (ProtocolMode mode : order) {
    if (modes.contains(mode)) return mode;
  }
  return std::nullopt;
}

}  // namespace

ProtocolModes HostProtocols(hw::HardwareCapabilities capabilities) {
  ProtocolModes modes = ProtocolModes(ProtocolMode::kCentronics) |
                        ProtocolMode::kIeeeCompatibility | ProtocolMode::kNibble;
  // Byte mode and the software EPP and ECP handshakes need data lines that turn around.
  if (capabilities.contains(HardwareCapability::kByte)) {
    modes = modes | ProtocolMode::kByteBidir | ProtocolMode::kEppSw | ProtocolMode::kEcpSw;
  }
  if (capabilities.contains(HardwareCapability::kEpp)) modes = modes | ProtocolMode::kEppHw;
  if (capabilities.contains(HardwareCapability::kEcp)) modes = modes | ProtocolMode::kEcpHwNoIrq;
  return modes;
}

std::optional<ProtocolMode> FastestForward(ProtocolModes modes) {
  return FirstIn(kForwardOrder, modes);
}

std::optional<ProtocolMode> FastestReverse(ProtocolModes modes) {
  return FirstIn(kReverseOrder, modes);
}

std::optional<Ieee1284Request> RequestOf(ProtocolMode protocol) {
  switch (protocol) {
    case ProtocolMode::kNibble: return kNibbleRequest;
    case ProtocolMode::kByteBidir: return kByteRequest;
    case ProtocolMode::kEppHw:
    case ProtocolMode::kEppSw: return kEppRequest;
    case ProtocolMode::kEcpHwNoIrq:
    case ProtocolMode::kEcpHwIrq:
    case ProtocolMode::kEcpSw:
    case ProtocolMode::kBoundedEcp: return kEcpRequest;
    default: return std::nullopt;
  }
}

ieee1284::AllowedPaths PathsOf(ProtocolMode protocol) {
  using ieee1284::AllowedPaths;
  using ieee1284::Lane;
  using ieee1284::TransferPath;
  // The kernel's loops (ppdev) run CENTRONICS (Linux's compatibility writer is that very
  // handshake), the hardware-assisted protocols, nibble and byte; ECP_SW and EPP_SW are the
  // engine's own handshakes, line by line.
  const AllowedPaths kernel = AllowedPaths::SoftwareOnly().With(TransferPath::kKernel);
  switch (protocol) {
    case ProtocolMode::kCentronics:
    case ProtocolMode::kNibble:
    case ProtocolMode::kByteBidir: return kernel;
    case ProtocolMode::kIeeeCompatibility:
      return kernel.With(Lane::kCompatibility, TransferPath::kFifo);
    case ProtocolMode::kEppHw: return kernel.With(Lane::kEpp, TransferPath::kEpp);
    case ProtocolMode::kEcpHwNoIrq:
    case ProtocolMode::kEcpHwIrq:
      return kernel.With(Lane::kEcpForward, TransferPath::kFifo)
          .With(Lane::kEcpReverse, TransferPath::kFifo);
    default: return AllowedPaths::SoftwareOnly();
  }
}

LinkMode LinkModeOf(ProtocolMode protocol) {
  switch (protocol) {
    case ProtocolMode::kNibble:
    case ProtocolMode::kChannelNibble: return LinkMode::kNibble;
    case ProtocolMode::kByteBidir: return LinkMode::kByte;
    case ProtocolMode::kEppHw:
    case ProtocolMode::kEppSw: return LinkMode::kEpp;
    case ProtocolMode::kBoundedEcp:
    case ProtocolMode::kEcpHwNoIrq:
    case ProtocolMode::kEcpHwIrq:
    case ProtocolMode::kEcpSw: return LinkMode::kEcp;
    default: return LinkMode::kCompatibility;
  }
}

std::string ProtocolNames(ProtocolModes modes) {
  std::string names;
  for (const auto& [mode, name] : kNames) {
    if (!modes.contains(mode)) continue;
    if (!names.empty()) names += '|';
    names += name;
  }
  return names.empty() ? "NONE" : names;
}

}  // namespace parclass::bus
