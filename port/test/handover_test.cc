// What a client leaves in the registers when it frees the port cannot reach the next one: on every
// chip variant, a client leaves the ECR in each mode it has, the direction bit set, a control line
// at its non-idle level, or bytes in the FIFO; the next grant's IEEE 1284.3 packet and the next
// client's transfer still conform (the conformance checker, attached from the free on, finds
// nothing), the peripheral gets every byte, and the first client gets its registers back.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "parclass/base/testing/result_matchers.h"
#include "parclass/conformance/live_checker.h"
#include "parclass/hw/ecp_regs.h"
#include "parclass/hw/spp_regs.h"
#include "parclass/ieee1284/link.h"
#include "parclass/port/port.h"
#include "parclass/port/testing/request_buffer.h"
#include "parclass/sim/simulated_port.h"

namespace parclass::port {
namespace {

using hw::Dcr;
using hw::Ecr;
using hw::EcrMode;
using sim::ChipConfig;
using std::chrono::milliseconds;
using testing::Plain;

// What a client leaves behind: register writes it makes while it holds the port.
struct Leftover {
  std::string name;
  std::function<bool(const ChipConfig&)> applies;
  std::function<void(hw::PortRegisters&)> leave;
};

Leftover EcrLeftIn(EcrMode mode) {
  return {
      fmt::format("ecr_{}", hw::EcrModeName(mode)),
      [mode](const ChipConfig& chip) { return chip.ecr && (mode != EcrMode::kEpp || chip.epp); },
      [mode](hw::PortRegisters& registers) {
        registers.Write(Ecr::kAddress, hw::QuietEcr(mode).reg_value());
      }};
}

Leftover ControlLeft(std::string name, Dcr control) {
  return {std::move(name), [](const ChipConfig&) { return true; },
          [control](hw::PortRegisters& registers) {
            registers.Write(Dcr::kAddress, control.reg_value());
          }};
}

std::vector<Leftover> Leftovers() {
  std::vector<Leftover> leftovers;
  for (EcrMode mode : {EcrMode::kSpp, EcrMode::kFifo, EcrMode::kEcp, EcrMode::kEpp, EcrMode::kTest,
                       EcrMode::kConfig}) {
    leftovers.push_back(EcrLeftIn(mode));
  }
  leftovers.push_back(
      {"direction_reverse", [](const ChipConfig& chip) { return chip.bidirectional; },
       [](hw::PortRegisters& registers) {
         registers.Write(Dcr::kAddress, Dcr(hw::kIdleControl).set_direction(true).reg_value());
       }});
  leftovers.push_back(ControlLeft("n_strobe_low", Dcr(hw::kIdleControl).set_strobe(true)));
  leftovers.push_back(ControlLeft("n_auto_fd_low", Dcr(hw::kIdleControl).set_auto_fd(true)));
  leftovers.push_back(ControlLeft("n_init_low", Dcr(hw::kIdleControl).set_n_init(false)));
  leftovers.push_back(ControlLeft("n_select_in_high", Dcr(hw::kIdleControl).set_select_in(false)));
  leftovers.push_back(ControlLeft("ack_int_en", Dcr(hw::kIdleControl).set_ack_int_en(true)));
  leftovers.push_back({"fifo_not_empty",
                       [](const ChipConfig& chip) { return chip.ecr && chip.fifo_depth > 0; },
                       [](hw::PortRegisters& registers) {
                         registers.Write(Ecr::kAddress, hw::QuietEcr(EcrMode::kTest).reg_value());
                         const std::array<uint8_t, 3> bytes = {0x5a, 0xa5, 0x0f};
                         registers.io().WriteBlock(hw::TFifo::kAddress, hw::Width::k8, bytes);
                       }});
  return leftovers;
}

struct Case {
  std::string chip_name;
  ChipConfig chip;
  Leftover leftover;
};

void PrintTo(const Case& c, std::ostream* out) { *out << c.chip_name << "_" << c.leftover.name; }

std::vector<Case> Cases() {
  const std::vector<std::pair<std::string, ChipConfig>> chips = {{"spp", ChipConfig::SppOnly()},
                                                                 {"ps2", ChipConfig::Ps2()},
                                                                 {"epp", ChipConfig::EppOnly()},
                                                                 {"ecp", ChipConfig::Ecp()},
                                                                 {"ecp_epp", ChipConfig::EcpEpp()}};
  std::vector<Case> cases;
  for (const auto& [name, chip] : chips) {
    for (const Leftover& leftover : Leftovers()) {
      if (leftover.applies(chip)) cases.push_back({name, chip, leftover});
    }
  }
  return cases;
}

class HandoverTest : public ::testing::TestWithParam<Case> {
 protected:
  HandoverTest() : sim_(Topology()) {
    Result<std::unique_ptr<Port>> started = Port::Start(sim_.chip(), sim_.scheduler(), {});
    EXPECT_OK(started);
    port_ = std::move(*started);
    start_errors_ = sim_.trace().errors().size();  // Detection's probes of what a chip lacks.
  }
  static sim::Topology Topology() {
    sim::Topology topology = sim::DefaultTopology();
    topology.chip = GetParam().chip;
    return topology;
  }
  static NtStatus Send(PortHandle& handle, const PortRequest& request) {
    return handle.InternalDeviceControl(request).status;
  }
  // The first client holds the port, leaves the registers as the case says, and frees it.
  std::unique_ptr<PortHandle> LeaveAndFree() {
    std::unique_ptr<PortHandle> client = port_->Open().value();
    EXPECT_EQ(Send(*client, Plain(kIoctlParallelPortAllocate)), NtStatus::kSuccess);
    GetParam().leftover.leave(port_->registers());
    left_control_ = port_->registers().control();
    left_ecr_ = sim_.chip().ecr().mode();
    EXPECT_EQ(Send(*client, Plain(kIoctlParallelPortFree)), NtStatus::kSuccess);
    return client;
  }
  Deadline Soon() { return Deadline::After(sim_.scheduler(), milliseconds(500)); }
  void ExpectConforming(conformance::LiveChecker& checker) {
    checker.Finish(sim_.scheduler().Now());
    for (const conformance::Violation& violation : checker.violations()) {
      ADD_FAILURE() << violation.Format();
    }
    ExpectNoNewGuestErrors();
  }
  void ExpectNoNewGuestErrors() {
    const std::vector<std::string>& errors = sim_.trace().errors();
    for (size_t i = start_errors_; i < errors.size(); ++i) ADD_FAILURE() << errors[i];
  }

  sim::SimulatedPort sim_;
  std::unique_ptr<Port> port_;
  Dcr left_control_;
  EcrMode left_ecr_ = EcrMode::kPs2;
  size_t start_errors_ = 0;
};

// A plain allocation: the end-of-chain select (a deselect-all packet) and a compatibility write to
// the printer behind the chain.
TEST_P(HandoverTest, NextPlainGrantAndWriteConform) {
  const std::unique_ptr<PortHandle> first = LeaveAndFree();
  // A strobe the first client left pending ended when the port was parked: its byte is its own.
  const size_t before = sim_.printer()->received().size();
  conformance::LiveChecker checker(sim_.cable());
  const std::unique_ptr<PortHandle> next = port_->Open().value();
  ASSERT_EQ(Send(*next, Plain(kIoctlParallelPortAllocate)), NtStatus::kSuccess);
  const std::vector<uint8_t> job = {'h', 'a', 'n', 'd', 'o', 'v', 'e', 'r'};
  {
    ieee1284::HostPort host(port_->registers(), port_->clock());
    ieee1284::Link link(host);
    EXPECT_OK(link.WriteCompatibility(job, Soon()));
  }
  EXPECT_EQ(Send(*next, Plain(kIoctlParallelPortFree)), NtStatus::kSuccess);
  const std::vector<uint8_t>& received = sim_.printer()->received();
  EXPECT_EQ(std::vector(received.begin() + static_cast<ptrdiff_t>(before), received.end()), job);
  ExpectConforming(checker);
}

// A select of chain device 0 (a select packet) and its Device ID in nibble mode.
TEST_P(HandoverTest, NextSelectAndNibbleReadConform) {
  const std::unique_ptr<PortHandle> first = LeaveAndFree();
  conformance::LiveChecker checker(sim_.cable());
  const std::unique_ptr<PortHandle> next = port_->Open().value();
  testing::RequestBuffer buffer;
  const Parallel1284Command device0{0, 0, 0};
  ASSERT_EQ(Send(*next, buffer.In(kIoctlSelectDevice, device0)), NtStatus::kSuccess);
  EXPECT_TRUE(sim_.chain_device(0).selected());
  {
    ieee1284::HostPort host(port_->registers(), port_->clock());
    ieee1284::Link link(host);
    const Result<std::vector<uint8_t>> id =
        link.ReadDeviceId(ieee1284::ReverseMode::kNibble, Soon());
    EXPECT_OK(id);
    EXPECT_OK(link.Terminate());
  }
  EXPECT_EQ(Send(*next, buffer.In(kIoctlDeselectDevice, device0)), NtStatus::kSuccess);
  ExpectConforming(checker);
}

// The first client gets back what it left, once the other has been and gone.
TEST_P(HandoverTest, FirstClientGetsItsRegistersBack) {
  const std::unique_ptr<PortHandle> first = LeaveAndFree();
  const std::unique_ptr<PortHandle> next = port_->Open().value();
  ASSERT_EQ(Send(*next, Plain(kIoctlParallelPortAllocate)), NtStatus::kSuccess);
  EXPECT_EQ(port_->registers().control().reg_value(), hw::kIdleControl.reg_value());
  if (GetParam().chip.ecr) {
    EXPECT_EQ(sim_.chip().ecr().mode(), EcrMode::kPs2);
  }
  ASSERT_EQ(Send(*next, Plain(kIoctlParallelPortFree)), NtStatus::kSuccess);
  ASSERT_EQ(Send(*first, Plain(kIoctlParallelPortAllocate)), NtStatus::kSuccess);
  EXPECT_EQ(port_->registers().control().reg_value(), left_control_.reg_value());
  EXPECT_EQ(hw::Dcr::Get().ReadFrom(sim_.chip()).reg_value() & hw::PortRegisters::kControlWritable,
            left_control_.reg_value());
  if (GetParam().chip.ecr) {
    EXPECT_EQ(sim_.chip().ecr().mode(), left_ecr_);
  }
  ExpectNoNewGuestErrors();
}

INSTANTIATE_TEST_SUITE_P(EveryChip, HandoverTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.chip_name + "_" + info.param.leftover.name;
                         });

}  // namespace
}  // namespace parclass::port
