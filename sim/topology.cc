#include "parclass/sim/topology.h"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <utility>

#include "parclass/hw/modes.h"

namespace parclass::sim {
namespace {

using Json = nlohmann::json;

template <typename E>
using Names = std::initializer_list<std::pair<std::string_view, E>>;

Error Invalid(std::string what) {
  return {Errc::kInvalidArgument, fmt::format("topology: {}", std::move(what))};
}

// Reads one JSON object field by field, with the field's path in every error, and rejects the
// fields nobody asked for.
class ObjectReader {
 public:
  ObjectReader(const Json& object, std::string path) : object_(object), path_(std::move(path)) {}

  std::string PathOf(std::string_view key) const {
    return path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key);
  }
  const Json* Find(std::string_view key) {
    used_.emplace(key);
    const auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
  }

  Result<void> Get(std::string_view key, bool& out) {
    const Json* value = Find(key);
    if (value == nullptr) return Ok();
    if (!value->is_boolean()) return Invalid(fmt::format("{} must be true or false", PathOf(key)));
    out = value->get<bool>();
    return Ok();
  }
  Result<void> Get(std::string_view key, std::string& out) {
    const Json* value = Find(key);
    if (value == nullptr) return Ok();
    if (!value->is_string()) return Invalid(fmt::format("{} must be a string", PathOf(key)));
    out = value->get<std::string>();
    return Ok();
  }
  Result<void> Get(std::string_view key, int64_t& out, int64_t min, int64_t max) {
    const Json* value = Find(key);
    if (value == nullptr) return Ok();
    if (!value->is_number_integer() || value->get<int64_t>() < min || value->get<int64_t>() > max) {
      return Invalid(fmt::format("{} must be an integer from {} to {}", PathOf(key), min, max));
    }
    out = value->get<int64_t>();
    return Ok();
  }
  template <typename T>
  Result<void> GetInt(std::string_view key, T& out, int64_t min, int64_t max) {
    auto value = static_cast<int64_t>(out);
    PARCLASS_TRY(Get(key, value, min, max));
    out = static_cast<T>(value);
    return Ok();
  }
  Result<void> GetNanoseconds(std::string_view key, Nanoseconds& out) {
    int64_t value = out.count();
    PARCLASS_TRY(Get(key, value, 0, int64_t{3'600'000'000'000}));
    out = Nanoseconds(value);
    return Ok();
  }
  template <typename E>
  Result<void> GetName(std::string_view key, E& out, Names<E> names) {
    std::string text;
    if (Find(key) == nullptr) return Ok();
    PARCLASS_TRY(Get(key, text));
    for (const auto& [name, value] : names) {
      if (name == text) {
        out = value;
        return Ok();
      }
    }
    std::vector<std::string_view> known;
    for (const auto& entry : names) known.push_back(entry.first);
    return Invalid(fmt::format("{} is \"{}\"; it must be one of: {}", PathOf(key), text,
                               fmt::join(known, ", ")));
  }
  Result<void> CheckNoUnknownFields() const {
    for (const auto& [key, value] : object_.items()) {
      if (!used_.contains(key)) return Invalid(fmt::format("unknown field {}", PathOf(key)));
    }
    return Ok();
  }

 private:
  const Json& object_;
  std::string path_;
  std::set<std::string, std::less<>> used_;
};

// A nested object, or an error if the field is there and not an object.
Result<const Json*> Object(ObjectReader& parent, std::string_view key) {
  const Json* value = parent.Find(key);
  if (value != nullptr && !value->is_object()) {
    return Invalid(fmt::format("{} must be an object", parent.PathOf(key)));
  }
  return value;
}

Result<void> ParseAddress(ObjectReader& reader, std::string_view key, uint16_t& out) {
  const Json* value = reader.Find(key);
  if (value == nullptr) return Ok();
  const std::string text = value->is_string() ? value->get<std::string>() : "";
  size_t used = 0;
  unsigned long parsed = 0;
  if (value->is_number_unsigned()) {
    parsed = value->get<unsigned long>();
    used = 1;
  } else if (!text.empty()) {
    std::istringstream stream(text);
    stream >> std::setbase(0) >> parsed;
    used = stream && stream.eof() ? text.size() : 0;
  }
  if (used == 0 || parsed > 0xffff) {
    return Invalid(fmt::format("{} must be an I/O address such as \"0x378\"", reader.PathOf(key)));
  }
  out = static_cast<uint16_t>(parsed);
  return Ok();
}

Result<void> ParseChip(const Json& object, ChipConfig& chip) {
  ObjectReader reader(object, "chip");
  std::string variant = chip.name;
  PARCLASS_TRY(reader.Get("variant", variant));
  if (variant == "spp")
    chip = ChipConfig::SppOnly();
  else if (variant == "ps2")
    chip = ChipConfig::Ps2();
  else if (variant == "epp")
    chip = ChipConfig::EppOnly();
  else if (variant == "ecp")
    chip = ChipConfig::Ecp();
  else if (variant == "ecp+epp")
    chip = ChipConfig::EcpEpp();
  else
    return Invalid(fmt::format(
        "chip.variant is \"{}\"; it must be one of: spp, ps2, epp, ecp, ecp+epp", variant));
  PARCLASS_TRY(ParseAddress(reader, "base", chip.base));
  chip.ecp_base = static_cast<uint16_t>(chip.base + 0x400);
  PARCLASS_TRY(ParseAddress(reader, "ecp_base", chip.ecp_base));
  if (const Json* irq = reader.Find("irq"); irq != nullptr && irq->is_null()) {
    chip.irq.reset();
  } else if (irq != nullptr) {
    int irq_line = 0;
    PARCLASS_TRY(reader.GetInt("irq", irq_line, 1, 15));
    chip.irq = irq_line;
  }
  PARCLASS_TRY(reader.GetInt("fifo_depth", chip.fifo_depth, 1, hw::kEcpMaxFifoDepth));
  PARCLASS_TRY(reader.GetInt("write_threshold", chip.write_threshold, 1, chip.fifo_depth));
  PARCLASS_TRY(reader.GetInt("read_threshold", chip.read_threshold, 1, chip.fifo_depth));
  PARCLASS_TRY(reader.GetName<hw::PWordSize>("pword", chip.pword,
                                             {{"8bit", hw::PWordSize::k8Bit},
                                              {"16bit", hw::PWordSize::k16Bit},
                                              {"32bit", hw::PWordSize::k32Bit}}));
  PARCLASS_TRY(reader.GetName<EppVersion>("epp_version", chip.epp_version,
                                          {{"1.7", EppVersion::k17}, {"1.9", EppVersion::k19}}));
  PARCLASS_TRY(
      reader.GetName<EppTimeoutClearing>("epp_timeout_clearing", chip.epp_timeout_clearing,
                                         {{"read", EppTimeoutClearing::kByRead},
                                          {"write-one", EppTimeoutClearing::kByWritingOne},
                                          {"write-zero", EppTimeoutClearing::kByWritingZero}}));
  PARCLASS_TRY(reader.GetNanoseconds("access_ns", chip.access_time));
  PARCLASS_TRY(reader.Get("dcr_reads_pins", chip.dcr_reads_pins));
  return reader.CheckNoUnknownFields();
}

Result<void> ParseModes(ObjectReader& reader, AcceptedModes& accepted) {
  const Json* modes = reader.Find("modes");
  if (modes == nullptr) return Ok();
  if (!modes->is_array()) {
    return Invalid(fmt::format("{} must be a list of mode names", reader.PathOf("modes")));
  }
  accepted = AcceptedModes{.byte = false,
                           .ecp = false,
                           .ecp_rle = false,
                           .bounded_ecp = false,
                           .epp = false,
                           .device_id = false,
                           .extensibility_link = false};
  const std::initializer_list<std::pair<std::string_view, bool AcceptedModes::*>> modes_by_name = {
      {"byte", &AcceptedModes::byte},
      {"ecp", &AcceptedModes::ecp},
      {"ecp-rle", &AcceptedModes::ecp_rle},
      {"bounded-ecp", &AcceptedModes::bounded_ecp},
      {"epp", &AcceptedModes::epp},
      {"device-id", &AcceptedModes::device_id},
      {"extensibility-link", &AcceptedModes::extensibility_link}};
  for (const Json& mode : *modes) {
    const auto* const known =
        std::find_if(modes_by_name.begin(), modes_by_name.end(), [&](const auto& entry) {
          return mode.is_string() && mode.get<std::string>() == entry.first;
        });
    if (known == modes_by_name.end()) {
      return Invalid(
          fmt::format("{} has {}; modes are byte, ecp, ecp-rle, "
                      "bounded-ecp, epp, device-id, extensibility-link (nibble is "
                      "always accepted)",
                      reader.PathOf("modes"), mode.dump()));
    }
    accepted.*(known->second) = true;
  }
  return Ok();
}

// The fields of a printer-class peripheral, for the peripheral and for each chain function.
Result<void> ParsePrinterFields(ObjectReader& reader, Ieee1284Config& printer) {
  PARCLASS_TRY(reader.Get("name", printer.name));
  PARCLASS_TRY(reader.Get("ieee1284", printer.ieee1284));
  PARCLASS_TRY(ParseModes(reader, printer.accepted));
  PARCLASS_TRY(reader.Get("device_id", printer.device_id));
  PARCLASS_TRY(
      reader.GetName<DeviceIdLength>("device_id_length", printer.device_id_length,
                                     {{"standard", DeviceIdLength::kStandard},
                                      {"little-endian", DeviceIdLength::kLittleEndian},
                                      {"excluding-itself", DeviceIdLength::kExcludingItself},
                                      {"off-by-two", DeviceIdLength::kOffByTwo},
                                      {"bogus", DeviceIdLength::kBogus}}));
  PARCLASS_TRY(reader.GetNanoseconds("response_ns", printer.response));
  PARCLASS_TRY(reader.GetInt("buffer_bytes", printer.buffer_bytes, 0, 1 << 24));
  return reader.GetNanoseconds("print_ns", printer.print_time);
}

Result<void> ParsePeripheral(const Json& object, Topology& topology) {
  ObjectReader reader(object, "peripheral");
  PARCLASS_TRY(reader.GetName<PeripheralKind>("kind", topology.peripheral,
                                              {{"none", PeripheralKind::kNone},
                                               {"printer", PeripheralKind::kPrinter},
                                               {"loopback-norton", PeripheralKind::kLoopbackNorton},
                                               {"loopback-ibm", PeripheralKind::kLoopbackIbm}}));
  PARCLASS_TRY(ParsePrinterFields(reader, topology.printer));
  PARCLASS_TRY(reader.GetName<Condition>("condition", topology.condition,
                                         {{"ready", Condition::kReady},
                                          {"paper-out", Condition::kPaperOut},
                                          {"offline", Condition::kOffline},
                                          {"powered-off", Condition::kPoweredOff}}));
  PARCLASS_TRY(reader.Get("reverse_data", topology.reverse_data));
  return reader.CheckNoUnknownFields();
}

Result<void> ParseChain(ObjectReader& root, std::vector<Ieee1284Config>& chain) {
  const Json* list = root.Find("chain");
  if (list == nullptr) return Ok();
  if (!list->is_array() || list->size() > kMaxChainDevices) {
    return Invalid(fmt::format("chain must be a list of at most {} devices", kMaxChainDevices));
  }
  chain.clear();
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string path = fmt::format("chain[{}]", i);
    if (!(*list)[i].is_object()) return Invalid(fmt::format("{} must be an object", path));
    ObjectReader reader((*list)[i], path);
    Ieee1284Config function;
    function.name = path;
    PARCLASS_TRY(ParsePrinterFields(reader, function));
    PARCLASS_TRY(reader.CheckNoUnknownFields());
    chain.push_back(std::move(function));
  }
  return Ok();
}

Result<void> ParseStuck(ObjectReader& reader, std::map<Line, Level>& stuck) {
  const Json* object = PARCLASS_TRY(Object(reader, "stuck"));
  if (object == nullptr) return Ok();
  for (const auto& [name, level] : object->items()) {
    const std::optional<Line> line = LineFromName(name);
    if (!line) return Invalid(fmt::format("faults.stuck has \"{}\", which is not a line", name));
    if (!level.is_number_integer() || (level.get<int>() != 0 && level.get<int>() != 1)) {
      return Invalid(fmt::format("faults.stuck.{} must be 0 or 1", name));
    }
    stuck[*line] = LevelOf(level.get<int>() == 1);
  }
  return Ok();
}

Result<void> ParseFaults(const Json& object, TopologyFaults& faults) {
  ObjectReader reader(object, "faults");
  PARCLASS_TRY(ParseStuck(reader, faults.stuck));
  if (const Json* never = reader.Find("never_events"); never != nullptr) {
    if (!never->is_array()) return Invalid("faults.never_events must be a list of event numbers");
    for (const Json& event : *never) {
      if (!event.is_number_integer()) return Invalid("faults.never_events must hold integers");
      faults.events.never.insert(event.get<int>());
    }
  }
  const Json* late = PARCLASS_TRY(Object(reader, "late_events_ns"));
  if (late != nullptr) {
    for (const auto& [event, delay] : late->items()) {
      int number = 0;
      const auto [end, error] = std::from_chars(event.data(), event.data() + event.size(), number);
      if (error != std::errc() || end != event.data() + event.size() ||
          !delay.is_number_unsigned()) {
        return Invalid(
            fmt::format("faults.late_events_ns.{} must map an event number to a "
                        "delay in ns",
                        event));
      }
      faults.events.late[number] = Nanoseconds(delay.get<int64_t>());
    }
  }
  PARCLASS_TRY(reader.Get("ecp_request_without_data", faults.ecp_request_without_data));
  if (reader.Find("vanish_at_ns") != nullptr) {
    Nanoseconds at{0};
    PARCLASS_TRY(reader.GetNanoseconds("vanish_at_ns", at));
    faults.vanish_at = at;
  }
  return reader.CheckNoUnknownFields();
}

}  // namespace

Topology DefaultTopology() {
  Topology topology;
  for (int id = 0; id < 2; ++id) {
    Ieee1284Config function;
    function.name = fmt::format("chain{}", id);
    function.accepted = AcceptedModes{.byte = true,
                                      .ecp = false,
                                      .ecp_rle = false,
                                      .bounded_ecp = false,
                                      .epp = false,
                                      .device_id = true,
                                      .extensibility_link = false};
    function.device_id = fmt::format(
        "MFG:parclass;MDL:Daisy Device {};CMD:SCL;CLS:SCANNER;DES:parclass simulated IEEE 1284.3 "
        "device {};",
        id, id);
    topology.chain.push_back(std::move(function));
  }
  return topology;
}

Result<Topology> ParseTopology(std::string_view json_text) {
  Json root;
  try {
    root = Json::parse(json_text);
  } catch (const Json::exception& error) {
    // parse_error, and out_of_range for a number no double holds (1E400).
    return Invalid(fmt::format("not valid JSON: {}", error.what()));
  }
  if (!root.is_object()) return Invalid("the file must hold one JSON object");
  Topology topology = DefaultTopology();
  ObjectReader reader(root, "");
  PARCLASS_TRY(reader.Get("name", topology.name));
  const Json* chip = PARCLASS_TRY(Object(reader, "chip"));
  if (chip != nullptr) PARCLASS_TRY(ParseChip(*chip, topology.chip));
  PARCLASS_TRY(ParseChain(reader, topology.chain));
  const Json* peripheral = PARCLASS_TRY(Object(reader, "peripheral"));
  if (peripheral != nullptr) PARCLASS_TRY(ParsePeripheral(*peripheral, topology));
  const Json* faults = PARCLASS_TRY(Object(reader, "faults"));
  if (faults != nullptr) PARCLASS_TRY(ParseFaults(*faults, topology.faults));
  PARCLASS_TRY(reader.CheckNoUnknownFields());
  return topology;
}

Result<Topology> LoadTopology(const std::string& path) {
  std::ifstream file(path);
  if (!file) {
    return Error(Errc::kNoSuchDevice, fmt::format("topology: cannot open {}", path));
  }
  std::ostringstream text;
  text << file.rdbuf();
  Result<Topology> topology = ParseTopology(text.str());
  if (!topology)
    return Error(topology.error().code(), fmt::format("{}: {}", path, topology.error().detail()));
  return topology;
}

}  // namespace parclass::sim
