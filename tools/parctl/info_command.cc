// parctl info: what a client learns about the port. The port's resources, capabilities, FIFO and
// chip mode come from the three structures a client asks the port for through a PortHandle
// (PARALLEL_PORT_INFORMATION, PARALLEL_PNP_INFORMATION, MORE_PARALLEL_PORT_INFORMATION); what
// they do not carry (the DMA channel, the FIFO thresholds) from the port's detection, the
// arbiter's counts from the arbiter, and each device's modes from IOCTL_PAR_GET_DEVICE_CAPS.

#include <fmt/format.h>

#include <array>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "client.h"
#include "commands.h"
#include "parclass/port/chip_mode.h"
#include "parclass/port/requests.h"
#include "system.h"

namespace parclass::tools {
namespace {

// The structures a client asks the port for.
struct PortStructures {
  port::ParallelPortInformation port;
  port::ParallelPnpInformation pnp;
  port::MoreParallelPortInformation more;
};

template <typename Structure>
Result<Structure> Ask(port::PortHandle& handle, uint32_t code) {
  std::array<std::byte, sizeof(Structure)> buffer{};
  const port::RequestResult result = handle.InternalDeviceControl(
      {.code = code, .buffer = buffer, .output_length = buffer.size()});
  if (result.status != port::NtStatus::kSuccess) {
    return Error(Errc::kIoError, fmt::format("{} ended with {}", port::PortIoctlName(code),
                                             port::NtStatusName(result.status)));
  }
  Structure structure{};
  std::memcpy(&structure, buffer.data(), sizeof(structure));
  return structure;
}

Result<PortStructures> AskPort(port::Port& port) {
  std::unique_ptr<port::PortHandle> handle = PARCLASS_TRY(port.Open());
  PortStructures structures{};
  structures.port =
      PARCLASS_TRY(Ask<port::ParallelPortInformation>(*handle, port::kIoctlGetParallelPortInfo));
  structures.pnp =
      PARCLASS_TRY(Ask<port::ParallelPnpInformation>(*handle, port::kIoctlGetParallelPnpInfo));
  structures.more = PARCLASS_TRY(
      Ask<port::MoreParallelPortInformation>(*handle, port::kIoctlGetMoreParallelPortInfo));
  // As a client does once done with PARALLEL_PORT_INFORMATION (a no-op, spec 2.4).
  (void)handle->InternalDeviceControl({.code = port::kIoctlReleaseParallelPortInfo});
  return structures;
}

// PnP's PortName, a UTF-16 "LPTn".
std::string PortName(const char16_t* name) {
  std::string text;
  for (; name != nullptr && *name != u'\0'; ++name) text += static_cast<char>(*name);
  return text;
}

std::string InterfaceName(port::InterfaceType type) {
  switch (type) {
    case port::InterfaceType::kInternal: return "Internal";
    case port::InterfaceType::kIsa: return "Isa";
    case port::InterfaceType::kPciBus: return "PCIBus";
    case port::InterfaceType::kPnpBus: return "PNPBus";
  }
  return "?";
}

// "PPT_ECP_PRESENT|PPT_BYTE_PRESENT", as parallel.h names the flags.
std::string PptNames(uint32_t bits) {
  static constexpr std::array<std::pair<hw::HardwareCapability, const char*>, 5> kNames = {{
      {hw::HardwareCapability::kEcp, "PPT_ECP_PRESENT"},
      {hw::HardwareCapability::kEpp, "PPT_EPP_PRESENT"},
      {hw::HardwareCapability::kEpp32, "PPT_EPP_32_PRESENT"},
      {hw::HardwareCapability::kByte, "PPT_BYTE_PRESENT"},
      {hw::HardwareCapability::kDot3, "PPT_1284_3_PRESENT"},
  }};
  std::vector<std::string> names;
  for (const auto& [capability, name] : kNames) {
    if ((bits & static_cast<uint32_t>(capability)) != 0) names.emplace_back(name);
  }
  return names.empty() ? "PPT_NO_HARDWARE_PRESENT" : fmt::format("{}", fmt::join(names, "|"));
}

// PARALLEL_PNP_INFORMATION.CurrentMode by its parallel.h name.
std::string ChipModeName(uint32_t mode) {
  if (mode == port::kInitialChipMode) return "INITIAL_MODE";
  switch (static_cast<hw::ChipMode>(mode)) {
    case hw::ChipMode::kByte: return "ECR_BYTE_MODE";
    case hw::ChipMode::kFastCentronics: return "ECR_FASTCENT_MODE";
    case hw::ChipMode::kEcp: return "ECR_ECP_MODE";
    case hw::ChipMode::kEpp: return "ECR_EPP_MODE";
    case hw::ChipMode::kTest: return "ECR_TEST_MODE";
    case hw::ChipMode::kConfig: return "ECR_CONFIG_MODE";
    case hw::ChipMode::kBytePio: return "ECR_BYTE_PIO_MODE";
    case hw::ChipMode::kEcpPio: return "ECR_ECP_PIO_MODE";
    case hw::ChipMode::kEppPio: return "ECR_EPP_PIO_MODE";
    default: return fmt::format("{:#04x}", mode);
  }
}

// Everything info reports, gathered once for both outputs.
struct PortFacts {
  PortStructures structures{};
  std::string name;  // PnP PortName.
  std::string device;
  std::string backend;
  std::optional<std::string> kernel_modes;  // ppdev's PPGETMODES.
  bool address_known = true;                // ppdev does not tell the port's address.
  std::optional<int> irq;
  std::optional<int> dma;
  int write_threshold = 0;
  int read_threshold = 0;
  port::AllocFreeCounts arbiter;
  std::optional<std::string> simulated_chip;
  std::optional<std::string> topology;
  std::vector<std::pair<std::string, std::optional<ProtocolModes>>> devices;  // Location, modes.

  uint32_t fifo_bytes() const { return structures.pnp.fifo_depth * structures.pnp.fifo_width / 8; }
  bool has_ecp_block() const { return structures.pnp.span_of_ecp_controller != 0; }
};

// The arbiter's counts are taken first, before the device probes below add claims of their own:
// what they show is the port's start and enumeration.
Result<PortFacts> Gather(System& system, system::SystemPort& gathered) {
  port::Port& port = gathered.port();
  system::Backend& backend = gathered.backend();
  PortFacts facts;
  facts.structures = PARCLASS_TRY(AskPort(port));
  facts.arbiter = port.arbiter().alloc_free_counts();
  const port::MoreParallelPortInformation& more = facts.structures.more;
  facts.name = PortName(facts.structures.pnp.port_name);
  facts.device = port.device_name();
  facts.backend = backend.Describe();
  if (backend.ppdev() != nullptr) {
    facts.kernel_modes = backend.ppdev()->kernel_modes().Format();
    facts.address_known = false;
  }
  if (more.interrupt_affinity != 0) facts.irq = static_cast<int>(more.interrupt_level);
  facts.dma = port.detection().dma;
  facts.write_threshold = port.detection().write_threshold;
  facts.read_threshold = port.detection().read_threshold;
  if (sim::SimulatedPort* simulated = backend.simulated(); simulated != nullptr) {
    facts.simulated_chip = simulated->chip().config().name;
    facts.topology = simulated->topology().name;
  }
  for (bus::Device* device : system.bus().devices(port)) {
    facts.devices.emplace_back(device->location(), SharedModes(*device));
  }
  return facts;
}

template <typename T>
Json OrNull(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json InfoJson(const PortFacts& facts) {
  const PortStructures& s = facts.structures;
  Json json = {{"name", facts.name}, {"device", facts.device}, {"backend", facts.backend}};
  if (facts.kernel_modes) json["kernel_modes"] = *facts.kernel_modes;
  json.update(Json{
      {"base", s.port.original_controller},
      {"span", s.port.span_of_controller},
      {"address_known", facts.address_known},
      {"ecp_base", facts.has_ecp_block() ? Json(s.pnp.original_ecp_controller) : Json(nullptr)},
      {"ecp_span", s.pnp.span_of_ecp_controller},
      {"interface_type", InterfaceName(s.more.interface_type)},
      {"bus_number", s.more.bus_number},
      {"irq", OrNull(facts.irq)},
      {"interrupt_mode",
       s.more.interrupt_mode == port::InterruptMode::kLatched ? "latched" : "level"},
      {"dma", OrNull(facts.dma)},
      {"capabilities", PptNames(s.pnp.hardware_capabilities)},
      {"capability_bits", s.pnp.hardware_capabilities},
      {"fifo_depth", facts.fifo_bytes()},
      {"pword_bytes", s.pnp.fifo_width / 8},
      {"write_threshold", facts.write_threshold},
      {"read_threshold", facts.read_threshold},
      {"chip_mode", ChipModeName(s.pnp.current_mode)},
      {"daisy_chain_devices", s.pnp.ieee1284_3_device_count},
      {"port_allocates", facts.arbiter.port_allocates},
      {"port_frees", facts.arbiter.port_frees}});
  if (facts.simulated_chip) json["simulated_chip"] = *facts.simulated_chip;
  if (facts.topology) json["topology"] = *facts.topology;
  Json devices = Json::array();
  for (const auto& [location, modes] : facts.devices) {
    devices.push_back({{"location", location},
                       {"modes", modes ? Json(bus::ProtocolNames(*modes)) : Json(nullptr)}});
  }
  json["devices"] = devices;
  return json;
}

// The human form: one (label, value) row each.
std::vector<std::pair<std::string, std::string>> InfoRows(const PortFacts& facts) {
  const PortStructures& s = facts.structures;
  std::vector<std::pair<std::string, std::string>> rows = {{"backend", facts.backend}};
  if (facts.kernel_modes) rows.emplace_back("kernel modes", *facts.kernel_modes);
  rows.emplace_back(
      "base", fmt::format("{:#x}, span {}{}", s.port.original_controller, s.port.span_of_controller,
                          facts.address_known ? "" : " (assumed: ppdev has none)"));
  rows.emplace_back("ecp base", facts.has_ecp_block()
                                    ? fmt::format("{:#x}, span {}", s.pnp.original_ecp_controller,
                                                  s.pnp.span_of_ecp_controller)
                                    : "none");
  rows.emplace_back("interface", fmt::format("{}, bus {}", InterfaceName(s.more.interface_type),
                                             s.more.bus_number));
  rows.emplace_back("irq", facts.irq
                               ? fmt::format("{}, {}", *facts.irq,
                                             s.more.interrupt_mode == port::InterruptMode::kLatched
                                                 ? "latched"
                                                 : "level-sensitive")
                               : "none known");
  rows.emplace_back("dma", facts.dma ? fmt::format("{}", *facts.dma) : "none known");
  rows.emplace_back("capabilities",
                    fmt::format("{} ({:#04x})", PptNames(s.pnp.hardware_capabilities),
                                s.pnp.hardware_capabilities));
  rows.emplace_back(
      "fifo",
      s.pnp.fifo_depth == 0
          ? "none"
          : fmt::format("{} bytes, PWord {} bits; thresholds write {}, read {}", facts.fifo_bytes(),
                        s.pnp.fifo_width, facts.write_threshold, facts.read_threshold));
  rows.emplace_back("chip mode", ChipModeName(s.pnp.current_mode));
  rows.emplace_back("1284.3 devices", fmt::format("{}", s.pnp.ieee1284_3_device_count));
  rows.emplace_back("arbiter", fmt::format("{} allocates, {} frees", facts.arbiter.port_allocates,
                                           facts.arbiter.port_frees));
  if (facts.simulated_chip) rows.emplace_back("simulated chip", *facts.simulated_chip);
  if (facts.topology) rows.emplace_back("topology", *facts.topology);
  for (const auto& [location, modes] : facts.devices) {
    rows.emplace_back(location, modes ? bus::ProtocolNames(*modes) : "- (cannot be asked)");
  }
  return rows;
}

}  // namespace

int Info(const SystemOptions& options) {
  return WithSelectedPort(options, [&](System& system, system::SystemPort& selected) {
    const Result<PortFacts> facts = Gather(system, selected);
    if (!facts) return Fail("port information", facts.error());
    if (options.json) {
      fmt::print("{}\n", InfoJson(*facts).dump(2));
      return kExitOk;
    }
    fmt::print("{} ({})\n", facts->name, facts->device);
    for (const auto& [label, value] : InfoRows(*facts)) fmt::print("  {:<16} {}\n", label, value);
    return kExitOk;
  });
}

}  // namespace parclass::tools
