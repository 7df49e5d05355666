// Register access by the port's holder at the addresses the port hands out (READ_PORT_UCHAR and
// its kin): what each access reaches on the simulated cable, the soft copies it keeps right, the
// wide forms where the chip takes them, and every refusal, which touches nothing.

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <vector>

#include "parclass/base/testing/result_matchers.h"
#include "parclass/hw/ecp_regs.h"
#include "parclass/hw/epp_regs.h"
#include "parclass/hw/spp_regs.h"
#include "parclass/port/port.h"
#include "parclass/sim/simulated_port.h"

namespace parclass::port {
namespace {

using hw::Width;

class RegisterAccessTest : public ::testing::Test {
 protected:
  explicit RegisterAccessTest(sim::Topology topology = sim::DefaultTopology())
      : sim_(std::move(topology)) {
    Result<std::unique_ptr<Port>> started = Port::Start(sim_.chip(), sim_.scheduler(), {});
    EXPECT_OK(started);
    port_ = std::move(*started);
    handle_ = port_->Open().value();
  }

  // Holds the port, with the counters from zero.
  PortClaim Hold() {
    Result<PortClaim> claim = handle_->TryAllocate();
    EXPECT_OK(claim);
    port_->io().ResetCounters();
    return std::move(*claim);
  }

  // Controller + offset and EcpController + offset, as the information structures give them.
  BusAddress Base(uintptr_t offset) const { return {port_->register_map().base() + offset}; }
  BusAddress Ecp(uintptr_t offset) const {
    return {port_->register_map().ecp_controller() + offset};
  }
  const hw::AccessCounters& counters() { return port_->io().counters(); }

  sim::SimulatedPort sim_;
  std::unique_ptr<Port> port_;
  std::unique_ptr<PortHandle> handle_;
};

TEST_F(RegisterAccessTest, TheStatusRegisterShowsThePrinter) {
  const PortClaim claim = Hold();
  const hw::Dsr ready =
      hw::Dsr::FromValue(static_cast<uint8_t>(handle_->ReadRegister(Base(1)).value()));
  EXPECT_FALSE(ready.p_error());
  EXPECT_TRUE(ready.not_busy());
  sim_.printer()->set_condition(sim::Condition::kPaperOut);
  sim_.scheduler().SleepFor(std::chrono::microseconds(1));
  const hw::Dsr paper_out =
      hw::Dsr::FromValue(static_cast<uint8_t>(handle_->ReadRegister(Base(1)).value()));
  EXPECT_TRUE(paper_out.p_error());
  EXPECT_EQ(counters().reads(hw::Dsr::kAddress), 2u);
  EXPECT_EQ(counters().total(), 2u);
}

TEST_F(RegisterAccessTest, TheDataRegisterDrivesTheCable) {
  const PortClaim claim = Hold();
  EXPECT_OK(handle_->WriteRegister(Base(0), 0b1010'0101));
  sim_.scheduler().SleepFor(std::chrono::microseconds(1));
  EXPECT_EQ(sim_.cable().data(), 0b1010'0101);
  EXPECT_EQ(handle_->ReadRegister(Base(0)).value(), 0b1010'0101u);
  EXPECT_EQ(counters().writes(hw::Data::kAddress), 1u);
  EXPECT_EQ(counters().reads(hw::Data::kAddress), 1u);
  EXPECT_EQ(counters().total(), 2u);
}

// A control write is one write, and the soft copy; it is this client's state at the next grant.
TEST_F(RegisterAccessTest, AControlWriteIsTheSoftCopy) {
  const hw::Dcr control = hw::Dcr(hw::kIdleControl).set_auto_fd(true);
  {
    const PortClaim claim = Hold();
    EXPECT_OK(handle_->WriteRegister(Base(2), control.reg_value()));
    EXPECT_EQ(counters().writes(hw::Dcr::kAddress), 1u);
    EXPECT_EQ(counters().total(), 1u);
    EXPECT_EQ(port_->registers().control().reg_value(), control.reg_value());
    sim_.scheduler().SleepFor(std::chrono::microseconds(1));
    EXPECT_EQ(sim_.cable().level(Line::kNAutoFd), Level::kLow);
  }
  std::unique_ptr<PortHandle> other = port_->Open().value();
  {
    const PortClaim claim = other->TryAllocate().value();
    EXPECT_FALSE(port_->registers().control().auto_fd());  // Parked in between.
  }
  const PortClaim claim = Hold();
  EXPECT_EQ(port_->registers().control().reg_value(), control.reg_value());
  EXPECT_EQ(handle_->ReadRegister(Base(2)).value() & hw::PortRegisters::kControlWritable,
            control.reg_value());
}

// ECR test mode (110): the FIFO is written and read by software, a string per call, one access
// per byte; the ECR write is its soft copy, and the port's next owner finds the port parked.
TEST_F(RegisterAccessTest, TheFifoInTestModeTakesStrings) {
  const PortClaim claim = Hold();
  EXPECT_OK(handle_->WriteRegister(Ecp(2), hw::QuietEcr(hw::EcrMode::kTest).reg_value()));
  EXPECT_EQ(port_->registers().ecr_mode(), hw::EcrMode::kTest);
  const std::vector<uint8_t> bytes = {0x5a, 0xa5, 0x0f, 0xf0, 0x11, 0x22};
  EXPECT_OK(handle_->WriteRegisterBuffer(Ecp(0), Width::k8, bytes));
  std::vector<uint8_t> back(bytes.size());
  EXPECT_OK(handle_->ReadRegisterBuffer(Ecp(0), Width::k8, back));
  EXPECT_EQ(back, bytes);
  EXPECT_EQ(counters().writes(hw::Ecr::kAddress), 1u);
  EXPECT_EQ(counters().writes(hw::TFifo::kAddress), bytes.size());
  EXPECT_EQ(counters().reads(hw::TFifo::kAddress), bytes.size());
  EXPECT_EQ(counters().total(), 1 + 2 * bytes.size());
  EXPECT_TRUE(sim_.trace().errors().empty()) << sim_.trace().errors().front();
}

// ECR 010: a string written to the FIFO goes to the printer by the chip's own handshake.
TEST_F(RegisterAccessTest, TheCompatibilityFifoPrints) {
  const PortClaim claim = Hold();
  EXPECT_OK(handle_->WriteRegister(Ecp(2), hw::QuietEcr(hw::EcrMode::kFifo).reg_value()));
  const std::vector<uint8_t> job = {'f', 'i', 'f', 'o'};
  EXPECT_OK(handle_->WriteRegisterBuffer(Ecp(0), Width::k8, job));
  sim_.scheduler().SleepFor(std::chrono::milliseconds(1));
  EXPECT_EQ(sim_.printer()->received(), job);
  EXPECT_EQ(counters().writes(hw::CFifo::kAddress), job.size());
  EXPECT_EQ(counters().total(), 1 + job.size());
}

// A string to the control register is byte after byte: the soft copy is its last byte.
TEST_F(RegisterAccessTest, AControlStringLeavesItsLastByte) {
  const PortClaim claim = Hold();
  const std::array<uint8_t, 3> strobe = {
      hw::Dcr(hw::kIdleControl).reg_value(), hw::Dcr(hw::kIdleControl).set_strobe(true).reg_value(),
      hw::Dcr(hw::kIdleControl).set_ack_int_en(true).reg_value()};
  EXPECT_OK(handle_->WriteRegisterBuffer(Base(2), Width::k8, strobe));
  EXPECT_EQ(counters().writes(hw::Dcr::kAddress), strobe.size());
  EXPECT_EQ(port_->registers().control().reg_value(), strobe.back());
}

TEST_F(RegisterAccessTest, RefusedWithoutThePort) {
  EXPECT_ERRC(handle_->ReadRegister(Base(1)), Errc::kInvalidState);  // Never allocated.
  std::unique_ptr<PortHandle> other = port_->Open().value();
  {
    const PortClaim held = other->TryAllocate().value();
    port_->io().ResetCounters();
    EXPECT_ERRC(handle_->WriteRegister(Base(0), 0x42), Errc::kInvalidState);  // Another's.
    EXPECT_EQ(counters().total(), 0u);
  }
  PortClaim claim = Hold();
  EXPECT_OK(handle_->ReadRegister(Base(1)));
  claim.Free();
  port_->io().ResetCounters();
  EXPECT_ERRC(handle_->ReadRegister(Base(1)), Errc::kInvalidState);  // Freed.
  std::array<uint8_t, 4> bytes{};
  EXPECT_ERRC(handle_->WriteRegisterBuffer(Ecp(0), Width::k8, bytes), Errc::kInvalidState);
  EXPECT_ERRC(handle_->ReadRegisterBuffer(Ecp(0), Width::k8, bytes), Errc::kInvalidState);
  EXPECT_EQ(counters().total(), 0u);
}

// Outside the spans, or a width that means nothing at the register: refused, nothing touched.
TEST_F(RegisterAccessTest, RefusesAddressesAndWidthsThePortDoesNotHave) {
  const PortClaim claim = Hold();
  const hw::Dcr control_before = port_->registers().control();
  for (const BusAddress outside : {Base(8), BusAddress{Base(0).value - 1}, Ecp(3),
                                   BusAddress{Ecp(0).value - 1}, BusAddress{0}}) {
    EXPECT_ERRC(handle_->ReadRegister(outside), Errc::kInvalidArgument) << outside.value;
    EXPECT_ERRC(handle_->WriteRegister(outside, 0xff), Errc::kInvalidArgument) << outside.value;
  }
  EXPECT_ERRC(handle_->ReadRegister(Base(1), Width::k16), Errc::kInvalidArgument);
  EXPECT_ERRC(handle_->WriteRegister(Base(2), 0x0404, Width::k16), Errc::kInvalidArgument);
  EXPECT_ERRC(handle_->ReadRegister(Ecp(0), Width::k16), Errc::kInvalidArgument);  // 8-bit PWord.
  EXPECT_ERRC(handle_->ReadRegister(Ecp(2), Width::k32), Errc::kInvalidArgument);
  EXPECT_ERRC(handle_->ReadRegister(Base(5), Width::k32), Errc::kInvalidArgument);  // EPP data 1.
  std::array<uint8_t, 3> odd{};
  EXPECT_ERRC(handle_->WriteRegisterBuffer(Base(4), Width::k32, odd), Errc::kInvalidArgument);
  EXPECT_EQ(counters().total(), 0u);
  EXPECT_EQ(port_->registers().control(), control_before);
  EXPECT_TRUE(handle_->holds_port());  // A refusal leaves the holding as it was.
}

TEST_F(RegisterAccessTest, TheMapIsWhatTheInformationStructuresSay) {
  const RegisterMap& map = port_->register_map();
  EXPECT_EQ(map.base(), 0x378u);
  EXPECT_EQ(map.span(), 8u);
  EXPECT_EQ(map.ecp_controller(), 0x778u);
  EXPECT_EQ(map.ecp_span(), 3u);
  EXPECT_EQ(map.Resolve(Base(1), Width::k8).value(), hw::Dsr::kAddress);
  EXPECT_EQ(map.Resolve(Ecp(2), Width::k8).value(), hw::Ecr::kAddress);
  EXPECT_EQ(map.Resolve(Base(4), Width::k32).value(), hw::EppData<0>::kAddress);  // 32-bit EPP.
  EXPECT_TRUE(map.Contains(Ecp(2)));
  EXPECT_FALSE(map.Contains(Ecp(3)));
}

sim::Topology WithChip(sim::ChipConfig chip) {
  sim::Topology topology = sim::DefaultTopology();
  topology.chip = chip;
  return topology;
}

// An SPP chip has no ECP block: its addresses are the port's, and refused as such.
class SppRegisterAccessTest : public RegisterAccessTest {
 protected:
  SppRegisterAccessTest() : RegisterAccessTest(WithChip(sim::ChipConfig::SppOnly())) {}
};

TEST_F(SppRegisterAccessTest, TheEcpBlockIsNotThere) {
  const PortClaim claim = Hold();
  EXPECT_EQ(port_->register_map().ecp_controller(), 0u);
  const BusAddress ecr{0x778 + 2};
  EXPECT_TRUE(port_->register_map().Contains(ecr));
  EXPECT_ERRC(handle_->ReadRegister(ecr), Errc::kNotSupported);
  EXPECT_ERRC(handle_->WriteRegister(ecr, 0x34), Errc::kNotSupported);
  EXPECT_ERRC(handle_->ReadRegister(Base(4), Width::k32), Errc::kInvalidArgument);  // No EPP.
  EXPECT_EQ(counters().total(), 0u);
  EXPECT_OK(handle_->ReadRegister(Base(1)));
}

// A FIFO with a 16-bit PWord takes one word per access, and refuses bytes strings of odd length.
class WideFifoRegisterAccessTest : public RegisterAccessTest {
 protected:
  static sim::ChipConfig WideChip() {
    sim::ChipConfig chip = sim::ChipConfig::EcpEpp();
    chip.pword = hw::PWordSize::k16Bit;
    return chip;
  }
  WideFifoRegisterAccessTest() : RegisterAccessTest(WithChip(WideChip())) {}
};

TEST_F(WideFifoRegisterAccessTest, TheFifoTakesWords) {
  const PortClaim claim = Hold();
  ASSERT_EQ(port_->detection().features.pword_bytes, 2);
  EXPECT_OK(handle_->WriteRegister(Ecp(2), hw::QuietEcr(hw::EcrMode::kTest).reg_value()));
  const std::vector<uint8_t> words = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06};
  EXPECT_OK(handle_->WriteRegisterBuffer(Ecp(0), Width::k16, words));
  EXPECT_EQ(handle_->ReadRegister(Ecp(0), Width::k16).value(), 0x0201u);
  std::vector<uint8_t> rest(4);
  EXPECT_OK(handle_->ReadRegisterBuffer(Ecp(0), Width::k16, rest));
  EXPECT_EQ(rest, std::vector<uint8_t>(words.begin() + 2, words.end()));
  EXPECT_EQ(counters().writes(hw::TFifo::kAddress), 3u);  // Accesses, not bytes.
  EXPECT_EQ(counters().reads(hw::TFifo::kAddress), 3u);
  std::array<uint8_t, 3> odd{};
  EXPECT_ERRC(handle_->WriteRegisterBuffer(Ecp(0), Width::k16, odd), Errc::kInvalidArgument);
  EXPECT_ERRC(handle_->ReadRegister(Ecp(0), Width::k32), Errc::kInvalidArgument);
  EXPECT_EQ(counters().total(), 7u);
}

}  // namespace
}  // namespace parclass::port
