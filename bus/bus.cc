#include "parclass/bus/bus.h"

#include <algorithm>
#include <chrono>
#include <tuple>

#include "parclass/ieee1284/link.h"

namespace parclass::bus {
namespace {

using std::chrono::milliseconds;

// Reading one Device ID: the negotiation and the text, however long the peripheral's field form.
constexpr Nanoseconds kDeviceIdTimeout = milliseconds(500);

}  // namespace

Result<std::vector<Bus::Found>> Bus::Enumerate(port::Port& port) const {
  std::unique_ptr<port::PortHandle> handle = PARCLASS_TRY(port.Open());
  std::vector<Found> found = {{DeviceKind::kRaw, port::kDot3EndOfChainId, {}}};
  const int chain = port.daisy_chain_devices();
  // Each daisy-chain id, then the end of the chain.
  for (int id = 0; id <= chain; ++id) {
    const bool end = id == chain;
    const port::DeviceTarget target =
        end ? port::DeviceTarget::EndOfChain()
            : port::DeviceTarget::DaisyChain(static_cast<uint8_t>(id));
    Result<port::PortClaim> claim = handle->AllocateSelected(
        target, {.deadline = Deadline::After(port.clock(), config_.lock_timeout)});
    // A port that was not had says nothing of its devices; one that would not select says they
    // are not there.
    if (!claim && claim.error().code() == Errc::kPortBusy) return claim.error();
    if (!claim) continue;
    std::vector<uint8_t> raw;
    {
      ieee1284::HostPort host(port.registers(), port.clock());
      ieee1284::Link link(host);
      Result<std::vector<uint8_t>> id_bytes = link.ReadDeviceId(
          ieee1284::ReverseMode::kNibble, Deadline::After(port.clock(), kDeviceIdTimeout));
      if (id_bytes) raw = std::move(*id_bytes);
      (void)link.Terminate();
    }
    (void)handle->Deselect(target);
    claim->Free();
    // A daisy-chain device is there whether or not its function answers; the end of the chain
    // only if a device answers there.
    if (!end) {
      found.push_back({DeviceKind::kDaisyChain, target.id(), std::move(raw)});
    } else if (!raw.empty()) {
      found.push_back({DeviceKind::kEndOfChain, target.id(), std::move(raw)});
    }
  }
  return found;
}

Result<BusChanges> Bus::Update(port::Port& port) {
  const std::vector<Found> found = PARCLASS_TRY(Enumerate(port));
  BusChanges changes;
  // Devices of this port that are gone, or whose Device ID changed.
  RemoveDevices(port, changes, [&](const Device& device) {
    return std::ranges::none_of(found, [&](const Found& candidate) {
      return candidate.kind == device.kind() && candidate.id == device.id() &&
             candidate.raw_device_id == device.raw_device_id();
    });
  });
  for (const Found& candidate : found) {
    const bool known = std::ranges::any_of(devices_, [&](const std::unique_ptr<Device>& device) {
      return &device->port() == &port && device->kind() == candidate.kind &&
             device->id() == candidate.id;
    });
    if (known) continue;
    devices_.push_back(std::make_unique<Device>(port, candidate.kind, candidate.id,
                                                candidate.raw_device_id, config_));
    changes.added.push_back(devices_.back().get());
  }
  return changes;
}

template <typename Gone>
void Bus::RemoveDevices(const port::Port& port, BusChanges& changes, Gone gone) {
  for (auto it = devices_.begin(); it != devices_.end();) {
    Device& device = **it;
    if (&device.port() != &port || !gone(device)) {
      ++it;
      continue;
    }
    changes.removed.push_back(&device);
    device.MarkRemoved();
    gone_.push_back(std::move(*it));
    it = devices_.erase(it);
  }
}

BusChanges Bus::RemovePort(port::Port& port) {
  std::erase(ports_, &port);
  BusChanges changes;
  RemoveDevices(port, changes, [](const Device&) { return true; });
  return changes;
}

Result<BusChanges> Bus::AddPort(port::Port& port) {
  if (std::ranges::find(ports_, &port) == ports_.end()) ports_.push_back(&port);
  return Update(port);
}

Result<BusChanges> Bus::Rescan(port::Port& port) {
  PARCLASS_ASSERT(std::ranges::find(ports_, &port) != ports_.end(), "a port of this bus");
  {
    // The chain's addresses are given again with the port held, as any client drives it.
    std::unique_ptr<port::PortHandle> handle = PARCLASS_TRY(port.Open());
    const port::PortClaim claim = PARCLASS_TRY(
        handle->Allocate({.deadline = Deadline::After(port.clock(), config_.lock_timeout)}));
    (void)handle->InitialiseChain();
  }
  return Update(port);
}

Result<BusChanges> Bus::Rescan() {
  BusChanges all;
  for (port::Port* port : ports_) {
    BusChanges changes = PARCLASS_TRY(Rescan(*port));
    all.added.insert(all.added.end(), changes.added.begin(), changes.added.end());
    all.removed.insert(all.removed.end(), changes.removed.begin(), changes.removed.end());
  }
  return all;
}

std::vector<Device*> Bus::devices() const {
  std::vector<Device*> present;
  for (const std::unique_ptr<Device>& device : devices_) present.push_back(device.get());
  // A rescan appends what it found; the list keeps the ports' order, then the kinds' and ids'.
  const auto order = [this](const Device* device) {
    const auto port = std::ranges::find(ports_, &device->port());
    return std::tuple(port - ports_.begin(), device->kind(), device->id());
  };
  std::ranges::sort(present, {}, order);
  return present;
}

std::vector<Device*> Bus::devices(const port::Port& port) const {
  std::vector<Device*> on_port = devices();
  std::erase_if(on_port, [&](const Device* device) { return &device->port() != &port; });
  return on_port;
}

Device* Bus::Find(std::string_view name) const {
  for (const std::unique_ptr<Device>& device : devices_) {
    if (device->name() == name || device->location() == name) return device.get();
  }
  return nullptr;
}

}  // namespace parclass::bus
