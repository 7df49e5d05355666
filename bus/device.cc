// Device and DeviceHandle: a device's names, Device ID and exclusive open, and the handle's
// entry points (shared spec windows-parallel-interface.md 1.3-1.6).

#include "parclass/bus/device.h"

#include <fmt/format.h>

#include <utility>

namespace parclass::bus {
namespace {

std::string NameOf(const port::Port& port, DeviceKind kind, uint8_t id) {
  const std::string base = fmt::format("Parallel{}", port.device_name().substr(12));
  return kind == DeviceKind::kRaw ? base : fmt::format("{}.{}", base, id);
}

std::string LocationOf(const port::Port& port, DeviceKind kind, uint8_t id) {
  return kind == DeviceKind::kRaw ? port.config().name
                                  : fmt::format("{}.{}", port.config().name, id);
}

}  // namespace

Device::Device(port::Port& port, DeviceKind kind, uint8_t id, std::vector<uint8_t> raw_device_id,
               DeviceConfig config)
    : port_(port),
      kind_(kind),
      id_(id),
      config_(config),
      name_(NameOf(port, kind, id)),
      location_(LocationOf(port, kind, id)),
      raw_device_id_(std::move(raw_device_id)) {
  if (raw_device_id_.empty()) return;
  const Result<ieee1284::DeviceIdText> text = ieee1284::SplitDeviceId(raw_device_id_);
  if (!text) return;
  Result<ieee1284::DeviceId> parsed = ieee1284::ParseDeviceId(text->text);
  if (!parsed) return;
  device_id_ = std::move(*parsed);
  Result<std::vector<std::string>> ids = ieee1284::HardwareIds(*device_id_);
  if (ids) hardware_ids_ = std::move(*ids);
}

Result<std::unique_ptr<DeviceHandle>> Device::Open() {
  if (removed_) return Error(Errc::kNoSuchDevice, fmt::format("{} was removed", name_));
  if (open_.exchange(true)) {
    return Error(Errc::kPermissionDenied, fmt::format("{} is open already", name_));
  }
  Result<std::unique_ptr<port::PortHandle>> port_handle = port_.Open();
  if (!port_handle) {
    open_ = false;
    return port_handle.error();
  }
  return std::unique_ptr<DeviceHandle>(
      new DeviceHandle(*this, std::move(*port_handle), OpenToken(&open_)));
}

DeviceHandle::DeviceHandle(Device& device, std::unique_ptr<port::PortHandle> port_handle,
                           Device::OpenToken open)
    : open_(std::move(open)),
      session_(device, std::move(port_handle)),
      connection_(session_),
      decoder_(session_, connection_) {}

// Members go in reverse: the connection (disconnected, waiting for a running callback), the
// session (unlocked, terminating any IEEE 1284 mode; its port handle closed), then the open.
DeviceHandle::~DeviceHandle() = default;

RequestResult DeviceHandle::Read(std::span<uint8_t> buffer, const RequestOptions& options) {
  return session_.Read(buffer, options);
}

RequestResult DeviceHandle::Write(std::span<const uint8_t> bytes, const RequestOptions& options) {
  return session_.Write(bytes, options);
}

RequestResult DeviceHandle::QueryInformation(FileInformationClass information_class,
                                             std::span<std::byte> output) {
  return decoder_.QueryInformation(information_class, output);
}

RequestResult DeviceHandle::DeviceControl(const port::PortRequest& request,
                                          const RequestOptions& options) {
  return decoder_.DeviceControl(request, options);
}

RequestResult DeviceHandle::InternalDeviceControl(const port::PortRequest& request,
                                                  const RequestOptions& options) {
  return decoder_.InternalDeviceControl(request, options);
}

}  // namespace parclass::bus
