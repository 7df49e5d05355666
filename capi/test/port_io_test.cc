// Port I/O through the C API (parclass/c/hal.h): the HAL's names on the addresses the information
// structures hand out, with the port held through a port handle (ALLOCATE) or a device handle
// (LOCK_PORT); every refusal answered with its status, reading as a floating bus and touching no
// register, which the simulated backend's access counters show.

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <vector>

#include "parclass/c/hal.h"
#include "parclass/c/parclass.h"
#include "parclass/capi/testing/system_of.h"
#include "parclass/hw/ecp_regs.h"
#include "parclass/hw/epp_regs.h"
#include "parclass/hw/spp_regs.h"

namespace {

using parclass::capi::testing::FirstPortOf;

class CPortIoTest : public ::testing::Test {
 protected:
  CPortIoTest() {
    EXPECT_EQ(ParclassCreateSimulatedSystem(nullptr, &system_), STATUS_SUCCESS);
    EXPECT_EQ(ParclassOpen(system_, "ParallelPort0", &port_), STATUS_SUCCESS);
    ULONG returned = 0;
    EXPECT_EQ(ParclassInternalDeviceIoControl(port_, IOCTL_INTERNAL_GET_PARALLEL_PORT_INFO, nullptr,
                                              0, &info_, sizeof info_, &returned),
              STATUS_SUCCESS);
    EXPECT_EQ(ParclassInternalDeviceIoControl(port_, IOCTL_INTERNAL_GET_PARALLEL_PNP_INFO, nullptr,
                                              0, &pnp_, sizeof pnp_, &returned),
              STATUS_SUCCESS);
  }
  ~CPortIoTest() override { ParclassDestroySystem(system_); }

  NTSTATUS Internal(PARCLASS_HANDLE handle, ULONG code) {
    return ParclassInternalDeviceIoControl(handle, code, nullptr, 0, nullptr, 0, nullptr);
  }
  // Register accesses on the backend since the last call.
  uint64_t Accesses() {
    parclass::hw::RegisterIo& io = FirstPortOf(system_).port().io();
    const uint64_t total = io.counters().total();
    io.ResetCounters();
    return total;
  }
  parclass::sim::SimulatedPort& sim() { return *FirstPortOf(system_).backend().simulated(); }

  PARCLASS_SYSTEM* system_ = nullptr;
  PARCLASS_HANDLE port_ = nullptr;
  PARALLEL_PORT_INFORMATION info_{};
  PARALLEL_PNP_INFORMATION pnp_{};
};

TEST_F(CPortIoTest, TheHalNamesReachTheHeldPort) {
  ASSERT_EQ(Internal(port_, IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE), STATUS_SUCCESS);
  (void)Accesses();
  EXPECT_EQ(READ_PORT_UCHAR(info_.Controller + 1) & 0x20, 0);  // PError low: paper.
  sim().printer()->set_condition(parclass::sim::Condition::kPaperOut);
  sim().scheduler().SleepFor(std::chrono::microseconds(1));
  EXPECT_EQ(READ_PORT_UCHAR(info_.Controller + 1) & 0x20, 0x20);
  EXPECT_EQ(ParclassGetLastPortStatus(), STATUS_SUCCESS);
  WRITE_PORT_UCHAR(info_.Controller, 0xa5);
  sim().scheduler().SleepFor(std::chrono::microseconds(1));
  EXPECT_EQ(sim().cable().data(), 0xa5);
  EXPECT_EQ(Accesses(), 3u);
  // A control write is the port's soft copy.
  WRITE_PORT_UCHAR(info_.Controller + 2, 0x0e);
  EXPECT_EQ(FirstPortOf(system_).port().registers().control().reg_value(), 0x0e);
  EXPECT_EQ(Accesses(), 1u);
}

// The ECP FIFO in test mode, a string each way; a 32-bit EPP data access is one access.
TEST_F(CPortIoTest, BufferAndWideForms) {
  ASSERT_EQ(Internal(port_, IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE), STATUS_SUCCESS);
  (void)Accesses();
  WRITE_PORT_UCHAR(pnp_.EcpController + 2,
                   parclass::hw::QuietEcr(parclass::hw::EcrMode::kTest).reg_value());
  std::array<UCHAR, 5> bytes = {1, 2, 3, 4, 5};
  WRITE_PORT_BUFFER_UCHAR(pnp_.EcpController, bytes.data(), bytes.size());
  std::array<UCHAR, 5> back{};
  READ_PORT_BUFFER_UCHAR(pnp_.EcpController, back.data(), back.size());
  EXPECT_EQ(back, bytes);
  EXPECT_EQ(ParclassGetLastPortStatus(), STATUS_SUCCESS);
  EXPECT_EQ(Accesses(), 11u);
  WRITE_PORT_UCHAR(pnp_.EcpController + 2,
                   parclass::hw::QuietEcr(parclass::hw::EcrMode::kEpp).reg_value());
  (void)Accesses();
  (void)READ_PORT_ULONG(reinterpret_cast<PULONG>(info_.Controller + 4));
  EXPECT_EQ(ParclassGetLastPortStatus(), STATUS_SUCCESS);
  EXPECT_EQ(FirstPortOf(system_).port().io().counters().reads(parclass::hw::EppData<0>::kAddress),
            1u);
  EXPECT_EQ(Accesses(), 1u);
  // 16 bits at the status register, or at the FIFO of an 8-bit PWord: nothing there.
  EXPECT_EQ(READ_PORT_USHORT(reinterpret_cast<PUSHORT>(info_.Controller + 1)), 0xffff);
  EXPECT_EQ(ParclassGetLastPortStatus(), STATUS_INVALID_PARAMETER);
  std::array<USHORT, 2> words = {0x0102, 0x0304};
  WRITE_PORT_BUFFER_USHORT(reinterpret_cast<PUSHORT>(pnp_.EcpController), words.data(),
                           words.size());
  EXPECT_EQ(ParclassGetLastPortStatus(), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(Accesses(), 0u);
}

TEST_F(CPortIoTest, RefusedWithoutThePort) {
  (void)Accesses();
  EXPECT_EQ(READ_PORT_UCHAR(info_.Controller + 1), 0xff);  // Never allocated.
  EXPECT_EQ(ParclassGetLastPortStatus(), STATUS_INVALID_DEVICE_STATE);
  UCHAR value = 0;
  EXPECT_EQ(ParclassReadPort(port_, info_.Controller + 1, 1, &value, 1),
            STATUS_INVALID_DEVICE_STATE);
  EXPECT_EQ(value, 0xff);
  ASSERT_EQ(Internal(port_, IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE), STATUS_SUCCESS);
  (void)Accesses();
  EXPECT_NE(READ_PORT_UCHAR(info_.Controller + 1), 0xff);
  EXPECT_EQ(Accesses(), 1u);
  ASSERT_EQ(Internal(port_, IOCTL_INTERNAL_PARALLEL_PORT_FREE), STATUS_SUCCESS);
  (void)Accesses();
  WRITE_PORT_UCHAR(info_.Controller, 0x42);  // Freed.
  EXPECT_EQ(ParclassGetLastPortStatus(), STATUS_INVALID_DEVICE_STATE);
  std::array<UCHAR, 4> bytes{};
  READ_PORT_BUFFER_UCHAR(pnp_.EcpController, bytes.data(), bytes.size());
  EXPECT_EQ(bytes, (std::array<UCHAR, 4>{0xff, 0xff, 0xff, 0xff}));
  EXPECT_EQ(ParclassGetLastPortStatus(), STATUS_INVALID_DEVICE_STATE);
  // Another handle holds it: not this one's to touch.
  PARCLASS_HANDLE other = nullptr;
  ASSERT_EQ(ParclassOpen(system_, "ParallelPort0", &other), STATUS_SUCCESS);
  ASSERT_EQ(Internal(other, IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE), STATUS_SUCCESS);
  (void)Accesses();
  EXPECT_EQ(ParclassWritePort(port_, info_.Controller, 1, &value, 1), STATUS_INVALID_DEVICE_STATE);
  EXPECT_EQ(Accesses(), 0u);
  // Closed: the handle is no more, and then nobody holds the port.
  EXPECT_EQ(ParclassClose(other), STATUS_SUCCESS);
  (void)Accesses();
  EXPECT_EQ(ParclassReadPort(other, info_.Controller + 1, 1, &value, 1), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(READ_PORT_UCHAR(info_.Controller + 1), 0xff);
  EXPECT_EQ(ParclassGetLastPortStatus(), STATUS_INVALID_DEVICE_STATE);
  EXPECT_EQ(Accesses(), 0u);
}

TEST_F(CPortIoTest, RefusesWhatNoPortHas) {
  ASSERT_EQ(Internal(port_, IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE), STATUS_SUCCESS);
  (void)Accesses();
  const parclass::hw::Dcr control = FirstPortOf(system_).port().registers().control();
  EXPECT_EQ(READ_PORT_UCHAR(info_.Controller + 8), 0xff);
  EXPECT_EQ(ParclassGetLastPortStatus(), STATUS_INVALID_PARAMETER);
  WRITE_PORT_UCHAR(pnp_.EcpController + 3, 0x00);
  EXPECT_EQ(ParclassGetLastPortStatus(), STATUS_INVALID_PARAMETER);
  WRITE_PORT_UCHAR(nullptr, 0x00);
  EXPECT_EQ(ParclassGetLastPortStatus(), STATUS_INVALID_PARAMETER);
  UCHAR value = 0;
  EXPECT_EQ(ParclassReadPort(port_, info_.Controller + 8, 1, &value, 1), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassReadPort(port_, info_.Controller, 3, &value, 1), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassReadPort(port_, info_.Controller, 1, nullptr, 1), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassWritePort(port_, info_.Controller, 1, nullptr, 1), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassGetLastPortStatus(), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassWritePort(port_, info_.Controller, 1, nullptr, 0), STATUS_SUCCESS);
  EXPECT_EQ(ParclassGetLastPortStatus(), STATUS_SUCCESS);
  EXPECT_EQ(Accesses(), 0u);
  EXPECT_EQ(FirstPortOf(system_).port().registers().control(), control);
  // The refusals left the port held, as it was.
  EXPECT_EQ(Internal(port_, IOCTL_INTERNAL_PARALLEL_PORT_FREE), STATUS_SUCCESS);
}

// A device handle holds the port through LOCK_PORT, at PARCLASS_INFORMATION's addresses.
TEST_F(CPortIoTest, ADeviceLockHoldsThePort) {
  PARCLASS_HANDLE printer = nullptr;
  ASSERT_EQ(ParclassOpen(system_, "LPT1.4", &printer), STATUS_SUCCESS);
  PARCLASS_INFORMATION info{};
  ULONG returned = 0;
  ASSERT_EQ(ParclassInternalDeviceIoControl(printer, IOCTL_INTERNAL_PARCLASS_CONNECT, nullptr, 0,
                                            &info, sizeof info, &returned),
            STATUS_SUCCESS);
  EXPECT_EQ(info.Controller, info_.Controller);
  EXPECT_EQ(info.EcrController, pnp_.EcpController);
  EXPECT_EQ(READ_PORT_UCHAR(info.Controller + 1), 0xff);
  EXPECT_EQ(ParclassGetLastPortStatus(), STATUS_INVALID_DEVICE_STATE);
  ASSERT_EQ(Internal(printer, IOCTL_INTERNAL_LOCK_PORT), STATUS_SUCCESS);
  (void)Accesses();
  const UCHAR dsr = READ_PORT_UCHAR(info.Controller + 1);
  EXPECT_EQ(ParclassGetLastPortStatus(), STATUS_SUCCESS);
  EXPECT_EQ(dsr & 0x80, 0x80);  // Not busy.
  UCHAR through_handle = 0;
  EXPECT_EQ(ParclassReadPort(printer, info.Controller + 1, 1, &through_handle, 1), STATUS_SUCCESS);
  EXPECT_EQ(through_handle, dsr);
  EXPECT_EQ(Accesses(), 2u);
  ASSERT_EQ(Internal(printer, IOCTL_INTERNAL_UNLOCK_PORT), STATUS_SUCCESS);
  (void)READ_PORT_UCHAR(info.Controller + 1);
  EXPECT_EQ(ParclassGetLastPortStatus(), STATUS_INVALID_DEVICE_STATE);
  EXPECT_EQ(ParclassClose(printer), STATUS_SUCCESS);
}

// Two systems at one address: the HAL names reach the one whose port is held, and refuse when
// both are.
TEST_F(CPortIoTest, AnAddressNamesOneHeldPort) {
  PARCLASS_SYSTEM* second = nullptr;
  ASSERT_EQ(ParclassCreateSimulatedSystem(nullptr, &second), STATUS_SUCCESS);
  PARCLASS_HANDLE second_port = nullptr;
  ASSERT_EQ(ParclassOpen(second, "ParallelPort0", &second_port), STATUS_SUCCESS);
  ASSERT_EQ(Internal(second_port, IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE), STATUS_SUCCESS);
  WRITE_PORT_UCHAR(info_.Controller, 0x5a);
  EXPECT_EQ(ParclassGetLastPortStatus(), STATUS_SUCCESS);
  EXPECT_EQ(FirstPortOf(second).backend().simulated()->cable().data(), 0x5a);
  ASSERT_EQ(Internal(port_, IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE), STATUS_SUCCESS);
  (void)Accesses();
  WRITE_PORT_UCHAR(info_.Controller, 0x00);
  EXPECT_EQ(ParclassGetLastPortStatus(), STATUS_INVALID_DEVICE_STATE);
  EXPECT_EQ(Accesses(), 0u);
  ParclassDestroySystem(second);
  WRITE_PORT_UCHAR(info_.Controller, 0x33);
  EXPECT_EQ(ParclassGetLastPortStatus(), STATUS_SUCCESS);
  EXPECT_EQ(Accesses(), 1u);
}

}  // namespace
