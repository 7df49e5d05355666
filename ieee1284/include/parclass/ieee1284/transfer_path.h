// Transfer paths: the ways a transfer's bytes can go, which of them a caller allows for each of
// the link's transfers, and the path the engine takes where the chip has one.
//
// A path is the engine line by line (software, always allowed), the chip's FIFO, the chip's EPP
// cycles, or the operating system's loop (hw::KernelLink). A caller allows paths lane by lane: a
// lane is one of the link's transfers, a mode one way (the ECP FIFO can carry data forward and
// not back). The link chooses from what is allowed when it enters a mode and when the allowed
// paths change, and says which path a transfer took (Link::last_path()).
//
//   AllowedPaths paths = AllowedPaths::SoftwareOnly()
//                            .With(TransferPath::kKernel)                       // every lane
//                            .With(Lane::kEcpForward, TransferPath::kFifo);     // ECP out only
//   link.set_allowed_paths(paths);
//   EnginePathOf(paths, Lane::kEcpForward, chip);  // kFifo if the chip has a FIFO
//   EnginePathOf(paths, Lane::kEcpReverse, chip);  // kSoftware
//
// The kernel's loops are allowed lane by lane too, but they run a whole mode: its negotiation,
// its termination and every transfer in it (see Link). A mode is the kernel's where every lane
// of it allows the kernel.

#ifndef PARCLASS_IEEE1284_TRANSFER_PATH_H_
#define PARCLASS_IEEE1284_TRANSFER_PATH_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "parclass/base/flags.h"
#include "parclass/hw/chip_features.h"

namespace parclass::ieee1284 {

// Which way a transfer's bytes go.
enum class TransferPath : uint8_t {
  kSoftware = 0x01,  // The engine, line by line through the data, status and control registers.
  kFifo = 0x02,      // The chip's FIFO and its handshake engine (ECR mode 010 or 011).
  kEpp = 0x04,       // The chip's EPP cycles (base+3..7).
  kKernel = 0x08,  // The operating system's own loop (hw::KernelLink: ppdev's read() and write()).
};
using TransferPaths = Flags<TransferPath>;

// "software", "fifo", "epp", "kernel".
std::string_view TransferPathName(TransferPath path);

// The link's transfers, each a mode one way: what a path is allowed and chosen for.
enum class Lane : uint8_t {
  kCompatibility,  // Forward. Chip path: the Parallel Port FIFO (ECR 010).
  kNibble,         // Reverse. No chip path.
  kByte,           // Reverse. No chip path.
  kEcpForward,     // Data and run-length counts. Chip path: the ECP FIFO (ECR 011).
  kEcpReverse,     // Chip path: the ECP FIFO, which stores channel addresses as data.
  kEpp,            // Data and address cycles both ways. Chip path: the chip's EPP cycles.
};
inline constexpr size_t kLaneCount = 6;

// The paths a caller allows, lane by lane. Software is allowed everywhere: it is where a transfer
// goes when no other path is allowed or there.
class AllowedPaths {
 public:
  // Every path on every lane, each taken where the chip or the backend has it: a link's default.
  static constexpr AllowedPaths All() {
    return SoftwareOnly().With(TransferPaths(TransferPath::kFifo) | TransferPath::kEpp |
                               TransferPath::kKernel);
  }
  // The engine's own handshakes, line by line.
  static constexpr AllowedPaths SoftwareOnly() { return {}; }

  // `paths` allowed as well, on `lane` or on every lane.
  constexpr AllowedPaths With(Lane lane, TransferPaths paths) const {
    AllowedPaths allowed = *this;
    allowed.lanes_[Index(lane)] |= paths;
    return allowed;
  }
  constexpr AllowedPaths With(TransferPaths paths) const {
    AllowedPaths allowed = *this;
    for (TransferPaths& lane : allowed.lanes_) lane |= paths;
    return allowed;
  }
  // `paths` no longer allowed on `lane`; software stays.
  constexpr AllowedPaths Without(Lane lane, TransferPaths paths) const {
    AllowedPaths allowed = *this;
    allowed.lanes_[Index(lane)] = lanes_[Index(lane)].without(paths) | TransferPath::kSoftware;
    return allowed;
  }

  constexpr TransferPaths on(Lane lane) const { return lanes_[Index(lane)]; }
  constexpr bool allows(Lane lane, TransferPath path) const { return on(lane).contains(path); }

  friend constexpr bool operator==(const AllowedPaths&, const AllowedPaths&) = default;

 private:
  constexpr AllowedPaths() { lanes_.fill(TransferPath::kSoftware); }
  static constexpr size_t Index(Lane lane) { return static_cast<size_t>(lane); }

  std::array<TransferPaths, kLaneCount> lanes_{};
};

// The chip's own path for `lane` (the FIFO, or the EPP cycles), if `chip` has one there: the path
// whatever the caller allows. Nibble and byte mode have none.
std::optional<TransferPath> ChipPathOf(Lane lane, const hw::ChipFeatures& chip);
// The path the engine takes for `lane`: the chip's where it is allowed and the chip has it, else
// software. (Whether the kernel takes the lane instead is decided when the link enters a mode.)
TransferPath EnginePathOf(const AllowedPaths& allowed, Lane lane, const hw::ChipFeatures& chip);

}  // namespace parclass::ieee1284

#endif  // PARCLASS_IEEE1284_TRANSFER_PATH_H_
