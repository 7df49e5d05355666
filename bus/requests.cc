#include "parclass/bus/requests.h"

#include <array>
#include <utility>

namespace parclass::bus {
namespace {

using Named = std::pair<uint32_t, std::string_view>;

constexpr std::array<Named, 7> kInternal = {{
    {kIoctlParclassConnect, "IOCTL_INTERNAL_PARCLASS_CONNECT"},
    {kIoctlParclassDisconnect, "IOCTL_INTERNAL_PARCLASS_DISCONNECT"},
    {kIoctlDisconnectIdle, "IOCTL_INTERNAL_DISCONNECT_IDLE"},
    {kIoctlLockPort, "IOCTL_INTERNAL_LOCK_PORT"},
    {kIoctlUnlockPort, "IOCTL_INTERNAL_UNLOCK_PORT"},
    {kIoctlLockPortNoSelect, "IOCTL_INTERNAL_LOCK_PORT_NO_SELECT"},
    {kIoctlUnlockPortNoDeselect, "IOCTL_INTERNAL_UNLOCK_PORT_NO_DESELECT"},
}};

constexpr std::array<Named, 20> kExternal = {{
    {kIoctlParQueryInformation, "IOCTL_PAR_QUERY_INFORMATION"},
    {kIoctlParSetInformation, "IOCTL_PAR_SET_INFORMATION"},
    {kIoctlParQueryDeviceId, "IOCTL_PAR_QUERY_DEVICE_ID"},
    {kIoctlParQueryDeviceIdSize, "IOCTL_PAR_QUERY_DEVICE_ID_SIZE"},
    {kIoctlIeee1284GetMode, "IOCTL_IEEE1284_GET_MODE"},
    {kIoctlIeee1284Negotiate, "IOCTL_IEEE1284_NEGOTIATE"},
    {kIoctlParSetWriteAddress, "IOCTL_PAR_SET_WRITE_ADDRESS"},
    {kIoctlParSetReadAddress, "IOCTL_PAR_SET_READ_ADDRESS"},
    {kIoctlParGetDeviceCaps, "IOCTL_PAR_GET_DEVICE_CAPS"},
    {kIoctlParGetDefaultModes, "IOCTL_PAR_GET_DEFAULT_MODES"},
    {kIoctlParPing, "IOCTL_PAR_PING"},
    {kIoctlParQueryRawDeviceId, "IOCTL_PAR_QUERY_RAW_DEVICE_ID"},
    {kIoctlParEcpHostRecovery, "IOCTL_PAR_ECP_HOST_RECOVERY"},
    {kIoctlParGetReadAddress, "IOCTL_PAR_GET_READ_ADDRESS"},
    {kIoctlParGetWriteAddress, "IOCTL_PAR_GET_WRITE_ADDRESS"},
    {kIoctlParTest, "IOCTL_PAR_TEST"},
    {kIoctlParIsPortFree, "IOCTL_PAR_IS_PORT_FREE"},
    {kIoctlParQueryLocation, "IOCTL_PAR_QUERY_LOCATION"},
    {kIoctlSerialSetTimeouts, "IOCTL_SERIAL_SET_TIMEOUTS"},
    {kIoctlSerialGetTimeouts, "IOCTL_SERIAL_GET_TIMEOUTS"},
}};

template <size_t kSize>
std::string_view Find(const std::array<Named, kSize>& table, uint32_t code) {
  for (const auto& [known, name] : table) {
    if (known == code) return name;
  }
  return {};
}

}  // namespace

std::string_view DeviceInternalIoctlName(uint32_t code) { return Find(kInternal, code); }
std::string_view DeviceIoctlName(uint32_t code) { return Find(kExternal, code); }

}  // namespace parclass::bus
