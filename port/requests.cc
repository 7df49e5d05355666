#include "parclass/port/requests.h"

#include <array>
#include <utility>

namespace parclass::port {
namespace {

constexpr std::array<std::pair<uint32_t, std::string_view>, 23> kPortIoctls = {{
    {kIoctlParallelPortAllocate, "IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE"},
    {kIoctlGetParallelPortInfo, "IOCTL_INTERNAL_GET_PARALLEL_PORT_INFO"},
    {kIoctlParallelConnectInterrupt, "IOCTL_INTERNAL_PARALLEL_CONNECT_INTERRUPT"},
    {kIoctlParallelDisconnectInterrupt, "IOCTL_INTERNAL_PARALLEL_DISCONNECT_INTERRUPT"},
    {kIoctlReleaseParallelPortInfo, "IOCTL_INTERNAL_RELEASE_PARALLEL_PORT_INFO"},
    {kIoctlGetMoreParallelPortInfo, "IOCTL_INTERNAL_GET_MORE_PARALLEL_PORT_INFO"},
    {kIoctlParchipConnect, "IOCTL_INTERNAL_PARCHIP_CONNECT"},
    {kIoctlParallelSetChipMode, "IOCTL_INTERNAL_PARALLEL_SET_CHIP_MODE"},
    {kIoctlParallelClearChipMode, "IOCTL_INTERNAL_PARALLEL_CLEAR_CHIP_MODE"},
    {kIoctlGetParallelPnpInfo, "IOCTL_INTERNAL_GET_PARALLEL_PNP_INFO"},
    {kIoctlInit12843Bus, "IOCTL_INTERNAL_INIT_1284_3_BUS"},
    {kIoctlSelectDevice, "IOCTL_INTERNAL_SELECT_DEVICE"},
    {kIoctlDeselectDevice, "IOCTL_INTERNAL_DESELECT_DEVICE"},
    {kIoctlGetParportFdo, "IOCTL_INTERNAL_GET_PARPORT_FDO"},
    {kIoctlParallelPortFree, "IOCTL_INTERNAL_PARALLEL_PORT_FREE"},
    {kIoctlPardot3Connect, "IOCTL_INTERNAL_PARDOT3_CONNECT"},
    {kIoctlPardot3Disconnect, "IOCTL_INTERNAL_PARDOT3_DISCONNECT"},
    {kIoctlPardot3Reset, "IOCTL_INTERNAL_PARDOT3_RESET"},
    {kIoctlPardot3Signal, "IOCTL_INTERNAL_PARDOT3_SIGNAL"},
    {kIoctlRegisterForRemovalRelations, "IOCTL_INTERNAL_REGISTER_FOR_REMOVAL_RELATIONS"},
    {kIoctlUnregisterForRemovalRelations, "IOCTL_INTERNAL_UNREGISTER_FOR_REMOVAL_RELATIONS"},
    {kIoctlDisableEndOfChainBusRescan, "IOCTL_INTERNAL_DISABLE_END_OF_CHAIN_BUS_RESCAN"},
    {kIoctlEnableEndOfChainBusRescan, "IOCTL_INTERNAL_ENABLE_END_OF_CHAIN_BUS_RESCAN"},
}};

}  // namespace

std::optional<DeviceTarget> TargetOf(const Parallel1284Command& command) {
  constexpr uint32_t kLegacyZip =
      kParLegacyZipDrive | kParLegacyZipDriveStdMode | kParLegacyZipDriveEppMode;
  if (command.id == kDot3LegacyZipId || (command.command_flags & kLegacyZip) != 0) {
    return std::nullopt;
  }
  if (command.id == kDot3EndOfChainId || (command.command_flags & kParEndOfChainDevice) != 0) {
    return DeviceTarget::EndOfChain();
  }
  return DeviceTarget::DaisyChain(command.id);
}

std::string_view PortIoctlName(uint32_t code) {
  for (const auto& [known, name] : kPortIoctls) {
    if (known == code) return name;
  }
  return {};
}

}  // namespace parclass::port
