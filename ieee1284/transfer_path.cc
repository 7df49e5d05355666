#include "parclass/ieee1284/transfer_path.h"

namespace parclass::ieee1284 {

std::string_view TransferPathName(TransferPath path) {
  switch (path) {
    case TransferPath::kSoftware: return "software";
    case TransferPath::kFifo: return "fifo";
    case TransferPath::kEpp: return "epp";
    case TransferPath::kKernel: return "kernel";
  }
  return "unknown";
}

std::optional<TransferPath> ChipPathOf(Lane lane, const hw::ChipFeatures& chip) {
  switch (lane) {
    case Lane::kCompatibility:
    case Lane::kEcpForward:
    case Lane::kEcpReverse:
      if (chip.fifo()) return TransferPath::kFifo;
      return std::nullopt;
    case Lane::kEpp:
      if (chip.epp) return TransferPath::kEpp;
      return std::nullopt;
    case Lane::kNibble:
    case Lane::kByte: return std::nullopt;
  }
  return std::nullopt;
}

TransferPath EnginePathOf(const AllowedPaths& allowed, Lane lane, const hw::ChipFeatures& chip) {
  const std::optional<TransferPath> chip_path = ChipPathOf(lane, chip);
  if (chip_path && allowed.allows(lane, *chip_path)) return *chip_path;
  return TransferPath::kSoftware;
}

}  // namespace parclass::ieee1284
