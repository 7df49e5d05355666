// A simulated port for chip tests: scheduler, trace, cable and chip, built from a ChipConfig.

#ifndef PARCLASS_SIM_TEST_CHIP_FIXTURE_H_
#define PARCLASS_SIM_TEST_CHIP_FIXTURE_H_

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "parclass/hw/ecp_regs.h"
#include "parclass/hw/spp_regs.h"
#include "parclass/sim/cable.h"
#include "parclass/sim/chip.h"
#include "parclass/sim/scheduler.h"
#include "parclass/sim/trace.h"

namespace parclass::sim {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;

struct SimPort {
  explicit SimPort(ChipConfig config) : cable(scheduler, trace), chip(cable, std::move(config)) {}

  uint8_t Read(hw::RegisterAddress address) { return chip.Read(address); }
  void Write(hw::RegisterAddress address, uint8_t value) { chip.Write(address, value); }
  template <typename R>
  R Read() {
    return R::Get().ReadFrom(chip);
  }
  void SetEcrMode(hw::EcrMode mode) {
    hw::Ecr::Get().set_mode(mode).set_n_err_intr_en(true).set_service_intr(true).WriteTo(chip);
  }
  // Guest errors and contentions so far, joined, for failure messages.
  std::string Errors() const {
    std::string text;
    for (const std::string& error : trace.errors()) text += error + "\n";
    return text;
  }
  bool HasErrorContaining(std::string_view needle) const {
    for (const std::string& error : trace.errors()) {
      if (error.find(needle) != std::string::npos) return true;
    }
    return false;
  }

  Scheduler scheduler;
  Trace trace;
  Cable cable;
  SimChip chip;
};

}  // namespace parclass::sim

#endif  // PARCLASS_SIM_TEST_CHIP_FIXTURE_H_
