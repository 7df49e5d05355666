// Systems of several ports, enumeration and notification through the C API: the names and the
// interface classes, every property of a port and of each kind of device, buffers too small,
// names and properties there are not, arrivals and removals heard by registered callbacks, and
// the calls a callback may not make.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "parclass/c/parclass.h"
#include "parclass/capi/testing/system_of.h"

namespace {

using parclass::capi::testing::FirstPortOf;
using parclass::capi::testing::SystemOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

std::string TopologyFile(const char* name) {
  return std::string(PARCLASS_TOPOLOGY_DIR) + "/" + name;
}

// A list of NUL-terminated strings ended by an empty one, as strings.
std::vector<std::string> Strings(const std::vector<char>& list) {
  std::vector<std::string> strings;
  for (const char* text = list.data(); *text != '\0'; text += std::strlen(text) + 1) {
    strings.emplace_back(text);
  }
  return strings;
}

// "{97F76EF0-F883-11D0-AF1F-0000F800845C}", as the registry writes a GUID.
std::string Format(const GUID& guid) {
  char text[39];
  std::snprintf(text, sizeof text, "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}", guid.Data1,
                guid.Data2, guid.Data3, guid.Data4[0], guid.Data4[1], guid.Data4[2], guid.Data4[3],
                guid.Data4[4], guid.Data4[5], guid.Data4[6], guid.Data4[7]);
  return text;
}

TEST(InterfaceGuidTest, TheValuesOfNtddpar) {
  EXPECT_EQ(Format(GUID_DEVINTERFACE_PARALLEL), "{97F76EF0-F883-11D0-AF1F-0000F800845C}");
  EXPECT_EQ(Format(GUID_DEVINTERFACE_PARCLASS), "{811FC6A5-F728-11D0-A537-0000F8753ED1}");
  EXPECT_EQ(&GUID_PARALLEL_DEVICE, &GUID_DEVINTERFACE_PARALLEL);
  EXPECT_EQ(&GUID_PARCLASS_DEVICE, &GUID_DEVINTERFACE_PARCLASS);
}

class EnumerationTest : public ::testing::Test {
 protected:
  void Create(const std::string& spec) {
    ASSERT_EQ(ParclassCreateSystem(spec.c_str(), &system_), STATUS_SUCCESS) << spec;
  }
  ~EnumerationTest() override { ParclassDestroySystem(system_); }

  std::vector<std::string> List(const GUID* interface_class = nullptr) {
    ULONG required = 0;
    EXPECT_EQ(ParclassGetDeviceList(system_, interface_class, nullptr, 0, &required),
              STATUS_BUFFER_TOO_SMALL);
    std::vector<char> list(required);
    EXPECT_EQ(ParclassGetDeviceList(system_, interface_class, list.data(), required, &required),
              STATUS_SUCCESS);
    return Strings(list);
  }

  // A property as bytes; `status` what the call returned.
  // The property as a ULONG, as the C API takes it: a value outside the enumeration too.
  std::vector<char> Property(const char* name, ULONG property, NTSTATUS* status = nullptr) {
    std::vector<char> value(4096);
    ULONG required = 0;
    const NTSTATUS got = ParclassGetDeviceProperty(system_, name, property, value.data(),
                                                   static_cast<ULONG>(value.size()), &required);
    if (status != nullptr) *status = got;
    value.resize(got == STATUS_SUCCESS ? required : 0);
    return value;
  }
  std::string StringProperty(const char* name, PARCLASS_DEVICE_PROPERTY property) {
    const std::vector<char> value = Property(name, property);
    EXPECT_FALSE(value.empty()) << name;
    return value.empty() ? "" : std::string(value.data());
  }
  NTSTATUS StatusOf(const char* name, ULONG property) {
    NTSTATUS status = STATUS_SUCCESS;
    (void)Property(name, property, &status);
    return status;
  }

  PARCLASS_SYSTEM* system_ = nullptr;
};

TEST_F(EnumerationTest, SeveralSpecsAreSeveralPortsInOrder) {
  Create("sim;sim:" + TopologyFile("pci-card.json"));
  EXPECT_THAT(List(), ElementsAre("ParallelPort0", "LPT1", "LPT1.0", "LPT1.1", "LPT1.4",
                                  "ParallelPort1", "LPT2", "LPT2.0", "LPT2.1", "LPT2.4"));
  EXPECT_THAT(List(&GUID_DEVINTERFACE_PARALLEL), ElementsAre("ParallelPort0", "ParallelPort1"));
  EXPECT_THAT(List(&GUID_PARCLASS_DEVICE), ElementsAre("LPT1", "LPT2"));
  const GUID other = {0x12345678, 0, 0, {0}};
  EXPECT_THAT(List(&other), IsEmpty());

  // Each port is opened by its name, and its devices by theirs.
  PARCLASS_HANDLE port = nullptr;
  ASSERT_EQ(ParclassOpen(system_, "ParallelPort1", &port), STATUS_SUCCESS);
  PARALLEL_PORT_INFORMATION info{};
  ASSERT_EQ(ParclassInternalDeviceIoControl(port, IOCTL_INTERNAL_GET_PARALLEL_PORT_INFO, nullptr, 0,
                                            &info, sizeof info, nullptr),
            STATUS_SUCCESS);
  EXPECT_EQ(info.SpanOfController, 8u);
  EXPECT_NE(reinterpret_cast<uintptr_t>(info.Controller), 0x378u);  // The PCI card's address.
  PARCLASS_HANDLE printer = nullptr;
  ASSERT_EQ(ParclassOpen(system_, "LPT2.4", &printer), STATUS_SUCCESS);
  static const char kJob[] = "to the second port\f";
  ULONG written = 0;
  EXPECT_EQ(ParclassWrite(printer, kJob, sizeof kJob - 1, &written), STATUS_SUCCESS);
  EXPECT_EQ(written, sizeof kJob - 1);
  EXPECT_EQ(ParclassClose(printer), STATUS_SUCCESS);
  EXPECT_EQ(ParclassClose(port), STATUS_SUCCESS);
  EXPECT_THAT(FirstPortOf(system_).backend().simulated()->printer()->received(), IsEmpty());
  const std::vector<uint8_t>& received =
      SystemOf(system_).ports()[1]->backend().simulated()->printer()->received();
  EXPECT_EQ(std::string(received.begin(), received.end()), kJob);
}

TEST_F(EnumerationTest, AMalformedSpecOrAMachineWithoutThatPortIsRefused) {
  for (const char* spec : {"sim;", "sim;usb", ";", "ppdev:/dev/parport0;ppdev:/dev/parport0"}) {
    PARCLASS_SYSTEM* system = nullptr;
    EXPECT_EQ(ParclassCreateSystem(spec, &system), STATUS_INVALID_PARAMETER) << spec;
    EXPECT_EQ(system, nullptr);
  }
  for (const char* spec : {"sim;ppdev:/dev/parport-none", "sim;sim:/no/such/topology.json"}) {
    PARCLASS_SYSTEM* system = nullptr;
    EXPECT_EQ(ParclassCreateSystem(spec, &system), STATUS_NO_SUCH_DEVICE) << spec;
    EXPECT_EQ(system, nullptr);
  }
}

TEST_F(EnumerationTest, APortsProperties) {
  Create("sim");
  EXPECT_EQ(StringProperty("ParallelPort0", ParclassPropertyDeviceName), "\\Device\\ParallelPort0");
  EXPECT_EQ(StringProperty("ParallelPort0", ParclassPropertyPortName), "LPT1");
  EXPECT_EQ(StringProperty("ParallelPort0", ParclassPropertyLocation), "sim");
  EXPECT_THAT(StringProperty("ParallelPort0", ParclassPropertyDescription),
              HasSubstr("topology default"));
  const std::vector<char> guid = Property("ParallelPort0", ParclassPropertyInterfaceClass);
  ASSERT_EQ(guid.size(), sizeof(GUID));
  EXPECT_EQ(std::memcmp(guid.data(), &GUID_DEVINTERFACE_PARALLEL, sizeof(GUID)), 0);
  for (const PARCLASS_DEVICE_PROPERTY absent :
       {ParclassPropertySymbolicLink, ParclassPropertyDeviceId, ParclassPropertyHardwareIds,
        ParclassPropertyCompatibleIds, ParclassPropertyDaisyChainId}) {
    EXPECT_EQ(StatusOf("ParallelPort0", absent), STATUS_NOT_FOUND) << absent;
  }
}

TEST_F(EnumerationTest, EachKindOfDevicesProperties) {
  Create("sim:" + TopologyFile("default.json"));
  // The end-of-chain printer: its Device ID, IDs, and no interface.
  EXPECT_EQ(StringProperty("LPT1.4", ParclassPropertyDeviceName), "\\Device\\Parallel0.4");
  EXPECT_EQ(StringProperty("Parallel0.4", ParclassPropertySymbolicLink), "LPT1.4");
  EXPECT_EQ(StringProperty("LPT1.4", ParclassPropertyPortName), "LPT1");
  EXPECT_EQ(StringProperty("LPT1.4", ParclassPropertyLocation),
            "sim:" + TopologyFile("default.json"));
  EXPECT_THAT(StringProperty("LPT1.4", ParclassPropertyDescription),
              StartsWith("parclass Simulated Printer (PRINTER"));
  EXPECT_THAT(StringProperty("LPT1.4", ParclassPropertyDeviceId), StartsWith("MFG:parclass;"));
  EXPECT_THAT(
      Strings(Property("LPT1.4", ParclassPropertyHardwareIds)),
      ElementsAre(StartsWith("LPTENUM\\parclassSimulated_Pr"), StartsWith("parclassSimulated_Pr")));
  EXPECT_EQ(StatusOf("LPT1.4", ParclassPropertyInterfaceClass), STATUS_NOT_FOUND);
  const std::vector<char> end = Property("LPT1.4", ParclassPropertyDaisyChainId);
  ASSERT_EQ(end.size(), sizeof(ULONG));
  ULONG id = 0;
  std::memcpy(&id, end.data(), sizeof id);
  EXPECT_EQ(id, 4u);
  // A daisy-chain device: its 1284.3 id.
  std::memcpy(&id, Property("LPT1.1", ParclassPropertyDaisyChainId).data(), sizeof id);
  EXPECT_EQ(id, 1u);
  // The raw device: the PARCLASS interface, no Device ID.
  EXPECT_EQ(StringProperty("LPT1", ParclassPropertyDescription), "raw device on LPT1");
  const std::vector<char> guid = Property("LPT1", ParclassPropertyInterfaceClass);
  ASSERT_EQ(guid.size(), sizeof(GUID));
  EXPECT_EQ(std::memcmp(guid.data(), &GUID_DEVINTERFACE_PARCLASS, sizeof(GUID)), 0);
  for (const PARCLASS_DEVICE_PROPERTY absent :
       {ParclassPropertyDeviceId, ParclassPropertyHardwareIds, ParclassPropertyCompatibleIds,
        ParclassPropertyDaisyChainId}) {
    EXPECT_EQ(StatusOf("LPT1", absent), STATUS_NOT_FOUND) << absent;
  }
}

TEST_F(EnumerationTest, MisuseIsAnsweredWithAStatus) {
  Create("sim");
  char small[4] = {'x', 'x', 'x', 'x'};
  ULONG required = 0;
  EXPECT_EQ(ParclassGetDeviceList(system_, nullptr, small, sizeof small, &required),
            STATUS_BUFFER_TOO_SMALL);
  EXPECT_GT(required, sizeof small);
  EXPECT_EQ(small[0], 'x');  // Nothing written.
  EXPECT_EQ(ParclassGetDeviceProperty(system_, "LPT1.4", ParclassPropertyDeviceId, small,
                                      sizeof small, &required),
            STATUS_BUFFER_TOO_SMALL);
  EXPECT_EQ(small[0], 'x');
  EXPECT_EQ(StatusOf("LPT9", ParclassPropertyPortName), STATUS_NO_SUCH_DEVICE);
  EXPECT_EQ(StatusOf("LPT1", static_cast<PARCLASS_DEVICE_PROPERTY>(99)), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassGetDeviceList(nullptr, nullptr, small, sizeof small, &required),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassGetDeviceList(system_, nullptr, nullptr, 8, &required),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassGetDeviceProperty(system_, nullptr, 0, small, sizeof small, &required),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassRescan(nullptr), STATUS_INVALID_PARAMETER);
}

// What callbacks heard.
struct Heard {
  std::vector<std::string> events;  // "+LPT1.4", "-LPT1.4".
  std::vector<GUID> interfaces;
  PARCLASS_SYSTEM* system = nullptr;
  NTSTATUS rescan_from_callback = STATUS_SUCCESS;
  NTSTATUS unregister_from_callback = STATUS_SUCCESS;
  PARCLASS_NOTIFICATION_HANDLE self = nullptr;
};

void Record(const PARCLASS_DEVICE_NOTIFICATION* notification, PVOID context) {
  auto& heard = *static_cast<Heard*>(context);
  EXPECT_EQ(notification->Size, sizeof(PARCLASS_DEVICE_NOTIFICATION));
  std::string event(1, notification->Event == ParclassDeviceArrival ? '+' : '-');
  event.append(notification->Name);
  heard.events.push_back(event);
  heard.interfaces.push_back(notification->InterfaceClassGuid);
}

// Records, and tries what a callback may not do.
void Misbehave(const PARCLASS_DEVICE_NOTIFICATION* notification, PVOID context) {
  auto& heard = *static_cast<Heard*>(context);
  Record(notification, context);
  heard.rescan_from_callback = ParclassRescan(heard.system);
  heard.unregister_from_callback = ParclassUnregisterNotification(heard.self);
}

bool IsGuid(const GUID& guid, const GUID& expected) {
  return std::memcmp(&guid, &expected, sizeof(GUID)) == 0;
}

TEST_F(EnumerationTest, ARegistrationHearsWhatExistsThenEachChange) {
  Create("sim");
  Heard heard;
  PARCLASS_NOTIFICATION_HANDLE registration = nullptr;
  ASSERT_EQ(ParclassRegisterNotification(system_, PARCLASS_NOTIFY_INCLUDE_EXISTING, &Record, &heard,
                                         &registration),
            STATUS_SUCCESS);
  EXPECT_THAT(heard.events,
              ElementsAre("+ParallelPort0", "+LPT1", "+LPT1.0", "+LPT1.1", "+LPT1.4"));
  ASSERT_EQ(heard.interfaces.size(), 5u);
  EXPECT_TRUE(IsGuid(heard.interfaces[0], GUID_DEVINTERFACE_PARALLEL));
  EXPECT_TRUE(IsGuid(heard.interfaces[1], GUID_DEVINTERFACE_PARCLASS));
  EXPECT_TRUE(IsGuid(heard.interfaces[4], GUID{}));

  // Nothing changed: nothing heard.
  heard.events.clear();
  EXPECT_EQ(ParclassRescan(system_), STATUS_SUCCESS);
  EXPECT_THAT(heard.events, IsEmpty());

  // The printer is switched off: it is removed, and an open handle's requests fail.
  PARCLASS_HANDLE printer = nullptr;
  ASSERT_EQ(ParclassOpen(system_, "LPT1.4", &printer), STATUS_SUCCESS);
  FirstPortOf(system_).backend().simulated()->printer()->side().Vanish();
  EXPECT_EQ(ParclassRescan(system_), STATUS_SUCCESS);
  EXPECT_THAT(heard.events, ElementsAre("-LPT1.4"));
  ULONG written = 0;
  EXPECT_EQ(ParclassWrite(printer, "x", 1, &written), STATUS_DEVICE_REMOVED);
  EXPECT_EQ(written, 0u);
  EXPECT_EQ(ParclassClose(printer), STATUS_SUCCESS);
  EXPECT_EQ(StatusOf("LPT1.4", ParclassPropertyDeviceId), STATUS_NO_SUCH_DEVICE);

  // Unregistered: no more is heard.
  EXPECT_EQ(ParclassUnregisterNotification(registration), STATUS_SUCCESS);
  EXPECT_EQ(ParclassUnregisterNotification(registration), STATUS_INVALID_PARAMETER);
  heard.events.clear();
  EXPECT_EQ(ParclassRescan(system_), STATUS_SUCCESS);
  EXPECT_THAT(heard.events, IsEmpty());
}

TEST_F(EnumerationTest, ACallbackMayNotRescanNorUnregisterItself) {
  Create("sim");
  Heard heard;
  heard.system = system_;
  ASSERT_EQ(ParclassRegisterNotification(system_, 0, &Misbehave, &heard, &heard.self),
            STATUS_SUCCESS);
  EXPECT_THAT(heard.events, IsEmpty());  // Without PARCLASS_NOTIFY_INCLUDE_EXISTING.
  FirstPortOf(system_).backend().simulated()->printer()->side().Vanish();
  EXPECT_EQ(ParclassRescan(system_), STATUS_SUCCESS);
  EXPECT_THAT(heard.events, ElementsAre("-LPT1.4"));
  EXPECT_EQ(heard.rescan_from_callback, STATUS_INVALID_DEVICE_STATE);
  EXPECT_EQ(heard.unregister_from_callback, STATUS_INVALID_DEVICE_STATE);
  // Destroying the system ends the registration.
}

// Rescans another system from a callback.
struct Other {
  PARCLASS_SYSTEM* system = nullptr;
  NTSTATUS rescan = STATUS_PENDING;
};

void RescanOther(const PARCLASS_DEVICE_NOTIFICATION* /*notification*/, PVOID context) {
  auto& other = *static_cast<Other*>(context);
  other.rescan = ParclassRescan(other.system);
}

TEST_F(EnumerationTest, ACallbackMayRescanAnotherSystem) {
  Create("sim");
  Other other;
  ASSERT_EQ(ParclassCreateSystem("sim", &other.system), STATUS_SUCCESS);
  PARCLASS_NOTIFICATION_HANDLE registration = nullptr;
  ASSERT_EQ(ParclassRegisterNotification(system_, PARCLASS_NOTIFY_INCLUDE_EXISTING, &RescanOther,
                                         &other, &registration),
            STATUS_SUCCESS);
  EXPECT_EQ(other.rescan, STATUS_SUCCESS);
  ParclassDestroySystem(other.system);
}

TEST_F(EnumerationTest, RegistrationRefusesWhatIsNoRegistration) {
  Create("sim");
  PARCLASS_NOTIFICATION_HANDLE registration = nullptr;
  Heard heard;
  EXPECT_EQ(ParclassRegisterNotification(system_, 0x2, &Record, &heard, &registration),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassRegisterNotification(system_, 0, nullptr, &heard, &registration),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassRegisterNotification(nullptr, 0, &Record, &heard, &registration),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassRegisterNotification(system_, 0, &Record, &heard, nullptr),
            STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassUnregisterNotification(nullptr), STATUS_INVALID_PARAMETER);
  int not_a_registration = 0;
  EXPECT_EQ(ParclassUnregisterNotification(
                reinterpret_cast<PARCLASS_NOTIFICATION_HANDLE>(&not_a_registration)),
            STATUS_INVALID_PARAMETER);
}

}  // namespace
