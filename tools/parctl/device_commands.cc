// parctl's port and device commands: list, probe, id, status, chain, negotiate, write, read. Each
// works on a System (the built-in simulated topology, or --topology FILE) as a client of the port
// and bus layers does, and prints for people or, with --json, one JSON document
// (docs/parctl.md).

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "client.h"
#include "commands.h"
#include "parclass/bus/protocol.h"
#include "parclass/conformance/sim_trace.h"
#include "parclass/hw/spp_regs.h"
#include "parclass/sim/vcd.h"
#include "system.h"
#include "transfer.h"

namespace parclass::tools {
namespace {

Json DeviceJson(bus::Device& device, std::optional<ProtocolModes> modes) {
  Json entry = {
      {"name", device.name()}, {"location", device.location()}, {"kind", KindName(device.kind())}};
  if (device.device_id()) {
    entry["device_id"] = device.device_id()->Describe();
    entry["hardware_ids"] = device.hardware_ids();
  }
  if (modes) entry["modes"] = bus::ProtocolNames(*modes);
  return entry;
}

// The chain's devices beyond the port's limit, which have no address and no device object: a
// line saying so and how to reach them, or nothing.
void PrintDevicesBeyondLimit(const port::Port& port) {
  if (!port.daisy_chain_devices_beyond_limit()) return;
  fmt::print(
      "  the IEEE 1284.3 chain has more than {} device{}; those behind them have no "
      "address: --max-chain-devices {} addresses up to {}\n",
      port.config().max_daisy_chain_devices, port.config().max_daisy_chain_devices == 1 ? "" : "s",
      port::kMaxDaisyChainDevices, port::kMaxDaisyChainDevices);
}

// The port and its devices as list's JSON has them; `rows` gets a line per device for the text
// (location, kind, Device ID summary, modes).
Json ListPort(System& system, system::SystemPort& listed,
              std::vector<std::array<std::string, 4>>& rows) {
  const port::Port& port = listed.port();
  Json devices = Json::array();
  for (bus::Device* device : system.bus().devices(port)) {
    const std::optional<ProtocolModes> modes = SharedModes(*device);
    devices.push_back(DeviceJson(*device, modes));
    rows.push_back({device->location(), KindName(device->kind()),
                    device->device_id() ? device->device_id()->Describe() : "-",
                    modes ? bus::ProtocolNames(*modes) : "-"});
  }
  return {{"name", port.config().name},
          {"device", port.device_name()},
          {"spec", listed.backend().spec().Format()},
          {"base", port.config().base},
          {"ecp_base", port.config().ecp_base},
          {"capabilities", CapabilityNames(port.capabilities())},
          {"daisy_chain_devices", port.daisy_chain_devices()},
          {"max_daisy_chain_devices", port.config().max_daisy_chain_devices},
          {"daisy_chain_devices_beyond_limit", port.daisy_chain_devices_beyond_limit()},
          {"backend", listed.backend().Describe()},
          {"devices", devices}};
}

}  // namespace

int List(const SystemOptions& options) {
  return WithSystem(options, [&](System& system) {
    std::vector<system::SystemPort*> ports = system.ports();
    if (!options.port.empty()) {
      const Result<system::SystemPort*> selected = SelectedPort(system, options);
      if (!selected) return Fail("--port", selected.error());
      ports = {*selected};
    }
    Json json_ports = Json::array();
    for (system::SystemPort* listed : ports) {
      std::vector<std::array<std::string, 4>> rows;
      Json json = ListPort(system, *listed, rows);
      if (options.json) {
        json_ports.push_back(std::move(json));
        continue;
      }
      const port::Port& port = listed->port();
      fmt::print("{} ({}) at {:#x}, ECP block {:#x}: {}; {}\n", port.config().name,
                 port.device_name(), port.config().base, port.config().ecp_base,
                 CapabilityNames(port.capabilities()), listed->backend().Describe());
      fmt::print("  {:<8} {:<13} {:<45} {}\n", "device", "kind", "Device ID", "modes");
      for (const auto& row : rows) {
        fmt::print("  {:<8} {:<13} {:<45} {}\n", row[0], row[1], row[2], row[3]);
      }
      PrintDevicesBeyondLimit(port);
    }
    if (options.json) fmt::print("{}\n", Json{{"ports", json_ports}}.dump(2));
    return kExitOk;
  });
}

int Probe(const SystemOptions& options) {
  return WithSelectedPort(options, [&](System&, system::SystemPort& selected) {
    const port::Detection& detection = selected.port().detection();
    const hw::ChipFeatures& chip = detection.features;
    if (options.json) {
      Json verdicts = Json::array();
      for (const port::Verdict& verdict : detection.verdicts) {
        verdicts.push_back({{"feature", std::string(port::FeatureName(verdict.feature))},
                            {"present", verdict.present},
                            {"reason", verdict.reason}});
      }
      fmt::print("{}\n", Json{{"capabilities", CapabilityNames(detection.capabilities())},
                              {"fifo_depth", chip.fifo() ? chip.fifo_depth : 0},
                              {"pword_bytes", chip.ecr ? chip.pword_bytes : 0},
                              {"verdicts", verdicts}}
                             .dump(2));
      return kExitOk;
    }
    fmt::print("{}: {}\n", selected.name(), CapabilityNames(detection.capabilities()));
    for (const port::Verdict& verdict : detection.verdicts) {
      fmt::print("  {:<16} {:<4} {}\n", port::FeatureName(verdict.feature),
                 verdict.present ? "yes" : "no", verdict.reason);
    }
    return kExitOk;
  });
}

int Id(const SystemOptions& options, const std::string& name) {
  return WithSystem(options, [&](System& system) {
    Result<std::unique_ptr<bus::DeviceHandle>> handle = OpenDevice(system, name);
    if (!handle) return Fail(fmt::format("cannot open {}", name), handle.error());
    std::array<std::byte, 4096> buffer{};
    const port::RequestResult raw = (*handle)->DeviceControl(
        {.code = bus::kIoctlParQueryRawDeviceId, .buffer = buffer, .output_length = buffer.size()});
    if (raw.status != port::NtStatus::kSuccess)
      return Fail(fmt::format("{}: Device ID", name), raw);
    const std::vector<uint8_t> bytes(
        reinterpret_cast<const uint8_t*>(buffer.data()),
        reinterpret_cast<const uint8_t*>(buffer.data()) + raw.information - 1);
    const Result<ieee1284::DeviceIdText> text = ieee1284::SplitDeviceId(bytes);
    Result<ieee1284::DeviceId> parsed =
        text ? ieee1284::ParseDeviceId(text->text) : Result<ieee1284::DeviceId>(text.error());
    if (options.json) {
      Json fields = Json::array();
      if (parsed) {
        for (const ieee1284::DeviceIdField& field : parsed->fields) {
          fields.push_back({{"key", field.key}, {"value", field.value}});
        }
      }
      fmt::print(
          "{}\n",
          Json{{"device", (*handle)->device().location()},
               {"raw_hex", fmt::format("{:02x}", fmt::join(bytes, ""))},
               {"length_form",
                text ? std::string(ieee1284::DeviceIdLengthFormName(text->length.form)) : ""},
               {"fields", fields},
               {"hardware_ids", (*handle)->device().hardware_ids()}}
              .dump(2));
      return parsed ? kExitOk : kExitFailed;
    }
    fmt::print(
        "{}: {} bytes, length bytes {:02x} {:02x}{}\n", (*handle)->device().location(),
        bytes.size(), !bytes.empty() ? bytes[0] : 0, bytes.size() > 1 ? bytes[1] : 0,
        text ? fmt::format(" ({})", ieee1284::DeviceIdLengthFormName(text->length.form)) : "");
    if (!parsed) return Fail("the Device ID does not parse", parsed.error());
    for (const ieee1284::DeviceIdField& field : parsed->fields) {
      fmt::print("  {:<14} {}\n", field.key, field.value);
    }
    for (const std::string& id : (*handle)->device().hardware_ids()) fmt::print("  id: {}\n", id);
    return kExitOk;
  });
}

int Status(const SystemOptions& options) {
  return WithSelectedPort(options, [&](System&, system::SystemPort& selected) {
    hw::RegisterIo& io = selected.port().io();
    const hw::Dsr dsr = hw::Dsr::Get().ReadFrom(io);
    const hw::Dcr dcr = hw::Dcr::Get().ReadFrom(io);
    const LineLevels status = dsr.lines();
    const LineLevels control = dcr.lines();
    const auto level = [&](Line line) {
      return status.knows(line) ? status.level(line) : control.level(line);
    };
    const uint8_t data = hw::Data::Get().ReadFrom(io).data();
    if (options.json) {
      Json levels = Json::object();
      (kStatusLines | kControlLines).ForEach([&](Line line) {
        levels[std::string(LineName(line))] = level(line) == Level::kHigh ? 1 : 0;
      });
      fmt::print("{}\n", Json{{"data", data}, {"lines", levels}}.dump(2));
      return kExitOk;
    }
    fmt::print("{} lines (pin levels):\n", selected.name());
    fmt::print("  data {:#04x}\n", data);
    (kStatusLines | kControlLines).ForEach([&](Line line) {
      fmt::print("  {:<10} pin {:>2}  {}\n", LineName(line), static_cast<int>(line),
                 LevelName(level(line)));
    });
    return kExitOk;
  });
}

int Chain(const SystemOptions& options) {
  return WithSelectedPort(options, [&](System& system, system::SystemPort& selected) {
    port::Port& port = selected.port();
    std::unique_ptr<port::PortHandle> handle = port.Open().value();
    const port::RequestResult init =
        handle->InternalDeviceControl({.code = port::kIoctlInit12843Bus});
    if (init.status != port::NtStatus::kSuccess) return Fail("IEEE 1284.3 initialisation", init);
    handle.reset();
    const int count = port.daisy_chain_devices();
    Json devices = Json::array();
    for (bus::Device* device : system.bus().devices(port)) {
      if (device->kind() == bus::DeviceKind::kDaisyChain)
        devices.push_back(DeviceJson(*device, {}));
    }
    if (options.json) {
      fmt::print("{}\n", Json{{"devices_found", count},
                              {"beyond_limit", port.daisy_chain_devices_beyond_limit()},
                              {"devices", devices}}
                             .dump(2));
      return kExitOk;
    }
    fmt::print("IEEE 1284.3 chain on {}: {} device{}\n", selected.name(), count,
               count == 1 ? "" : "s");
    for (const Json& device : devices) {
      fmt::print("  {:<8} address {}  {}\n", device["location"].get<std::string>(),
                 device["location"].get<std::string>().back(),
                 device.contains("device_id") ? device["device_id"].get<std::string>() : "-");
    }
    PrintDevicesBeyondLimit(port);
    return kExitOk;
  });
}

int Negotiate(const SystemOptions& options, const std::string& name) {
  return WithSystem(options, [&](System& system) {
    Result<std::unique_ptr<bus::DeviceHandle>> handle = OpenDevice(system, name);
    if (!handle) return Fail(fmt::format("cannot open {}", name), handle.error());
    const Result<ProtocolModes> modes = SharedModes(**handle);
    if (!modes) return Fail(fmt::format("{}: modes", name), modes.error());
    const std::optional<ProtocolMode> forward = bus::FastestForward(*modes);
    const std::optional<ProtocolMode> reverse = bus::FastestReverse(*modes);
    const std::string fastest_forward = forward ? bus::ProtocolNames(*forward) : "NONE";
    const std::string fastest_reverse = reverse ? bus::ProtocolNames(*reverse) : "NONE";
    if (options.json) {
      fmt::print("{}\n", Json{{"device", (*handle)->device().location()},
                              {"modes", bus::ProtocolNames(*modes)},
                              {"fastest_forward", fastest_forward},
                              {"fastest_reverse", fastest_reverse}}
                             .dump(2));
      return kExitOk;
    }
    fmt::print("{}: host and device share {}\n  fastest forward {}, fastest reverse {}\n",
               (*handle)->device().location(), bus::ProtocolNames(*modes), fastest_forward,
               fastest_reverse);
    return kExitOk;
  });
}

namespace {

// The data a write sends: the file, or stdin for "-"; none if the file cannot be read.
std::optional<std::vector<uint8_t>> ReadInput(const std::string& path) {
  if (path == "-") {
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(std::cin),
                                std::istreambuf_iterator<char>());
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(file),
                              std::istreambuf_iterator<char>());
}

// Runs `body(system, handle, bytes, mode)` with the write's data read, its mode parsed (CENTRONICS
// by default) and the device open in that mode, or prints why one of them failed.
template <typename Body>
int WithWrite(const SystemOptions& options, const TransferOptions& transfer, Body body) {
  const std::optional<std::vector<uint8_t>> bytes = ReadInput(transfer.file);
  if (!bytes) {
    fmt::print(stderr, "parctl: cannot read '{}'\n", transfer.file);
    return kExitUsage;
  }
  const Result<ProtocolMode> mode = ModeOf(transfer.mode.empty() ? "centronics" : transfer.mode);
  if (!mode) return Fail("--mode", mode.error());
  return WithSystem(options, [&](System& system) {
    Result<std::unique_ptr<bus::DeviceHandle>> handle =
        OpenInMode(system, transfer.device, *mode, Direction::kForward);
    if (!handle) return Fail(fmt::format("write to {}", transfer.device), handle.error());
    return body(system, *handle, *bytes, *mode);
  });
}

}  // namespace

int Trace(const SystemOptions& options, const TransferOptions& transfer,
          const std::string& vcd_path) {
  return WithWrite(
      options, transfer,
      [&](System& system, std::unique_ptr<bus::DeviceHandle>& handle,
          const std::vector<uint8_t>& bytes, ProtocolMode mode) {
        const port::RequestResult written = handle->Write(bytes);
        sim::SimulatedPort* simulated_port = system.PortOf(handle->device()).backend().simulated();
        handle.reset();
        // The whole session: detection, enumeration, negotiation, the transfer, termination.
        if (simulated_port == nullptr) {
          return Fail("trace", Error(Errc::kNotSupported,
                                     "the line-level trace is the simulator's: use --backend sim"));
        }
        sim::SimulatedPort& simulated = *simulated_port;
        const std::string violations =
            conformance::CheckSession(simulated.trace(), simulated.cable());
        const size_t count =
            static_cast<size_t>(std::count(violations.begin(), violations.end(), '\n'));
        if (!vcd_path.empty()) {
          std::ofstream file(vcd_path);
          sim::WriteVcd(file, simulated.trace(), simulated.cable());
          if (!file) {
            fmt::print(stderr, "parctl: cannot write '{}'\n", vcd_path);
            return kExitFailed;
          }
        }
        if (options.json) {
          Json json = TransferJson(transfer.device, mode, written);
          json["events"] = simulated.trace().events().size();
          json["violations"] = count;
          json["vcd"] = vcd_path;
          fmt::print("{}\n", json.dump(2));
        } else {
          fmt::print(
              "wrote {} bytes to {} in {}; the session's trace has {} events, {} IEEE 1284 "
              "violation{}{}\n",
              written.information, transfer.device, bus::ProtocolNames(mode),
              simulated.trace().events().size(), count, count == 1 ? "" : "s",
              vcd_path.empty() ? "" : fmt::format("; written to {}", vcd_path));
          fmt::print("{}", violations);
        }
        return count == 0 && written.status == port::NtStatus::kSuccess ? kExitOk : kExitFailed;
      });
}

int Write(const SystemOptions& options, const TransferOptions& transfer) {
  return WithWrite(
      options, transfer,
      [&](System& system, std::unique_ptr<bus::DeviceHandle>& handle,
          const std::vector<uint8_t>& bytes, ProtocolMode mode) {
        CostMeter meter(system.PortOf(handle->device()));
        const port::RequestResult written = WriteAll(*handle, bytes, ProgressFor(options));
        const TransferCost cost = meter.Stop(written.information);
        if (options.json) {
          Json json = TransferJson(transfer.device, mode, written);
          json["accesses"] = cost.accesses;
          json["system_calls"] = cost.system_calls;
          // Rates over no bytes are none.
          json["accesses_per_byte"] =
              written.information > 0 ? Json(cost.accesses_per_byte) : Json(nullptr);
          json["system_calls_per_kib"] =
              written.information > 0 ? Json(cost.system_calls_per_kib) : Json(nullptr);
          json["time_us"] = cost.time_us;
          json["clock"] = cost.clock;
          fmt::print("{}\n", json.dump(2));
        } else {
          fmt::print("wrote {} of {} bytes to {} in {}: {}\n", written.information, bytes.size(),
                     transfer.device, bus::ProtocolNames(mode), cost.Describe(written.information));
        }
        if (written.status != port::NtStatus::kSuccess) {
          return Fail(fmt::format("write to {}", transfer.device), written);
        }
        return kExitOk;
      });
}

int Read(const SystemOptions& options, const TransferOptions& transfer) {
  const Result<ProtocolMode> mode = ModeOf(transfer.mode.empty() ? "nibble" : transfer.mode);
  if (!mode) return Fail("--mode", mode.error());
  return WithSystem(options, [&](System& system) {
    Result<std::unique_ptr<bus::DeviceHandle>> handle =
        OpenInMode(system, transfer.device, *mode, Direction::kReverse);
    if (!handle) return Fail(fmt::format("read from {}", transfer.device), handle.error());
    std::vector<uint8_t> buffer(transfer.count);
    const port::RequestResult read = ReadAll(**handle, buffer, ProgressFor(options));
    buffer.resize(read.information);
    if (!transfer.file.empty() && transfer.file != "-") {
      std::ofstream file(transfer.file, std::ios::binary);
      file.write(reinterpret_cast<const char*>(buffer.data()),
                 static_cast<std::streamsize>(buffer.size()));
      if (!file) {
        fmt::print(stderr, "parctl: cannot write '{}'\n", transfer.file);
        return kExitFailed;
      }
    }
    if (options.json) {
      Json json = TransferJson(transfer.device, *mode, read);
      json["data_hex"] = fmt::format("{:02x}", fmt::join(buffer, ""));
      fmt::print("{}\n", json.dump(2));
    } else if (transfer.file.empty() || transfer.file == "-") {
      std::fwrite(buffer.data(), 1, buffer.size(), stdout);
      fmt::print(stderr, "read {} bytes from {} in {}\n", buffer.size(), transfer.device,
                 bus::ProtocolNames(*mode));
    } else {
      fmt::print("read {} bytes from {} in {} into {}\n", buffer.size(), transfer.device,
                 bus::ProtocolNames(*mode), transfer.file);
    }
    if (read.status != port::NtStatus::kSuccess) {
      return Fail(fmt::format("read from {}", transfer.device), read);
    }
    return kExitOk;
  });
}

}  // namespace parclass::tools
