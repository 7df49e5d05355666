#include "parclass/sim/chip_config.h"

namespace parclass::sim {

hw::ChipFeatures ChipConfig::Features() const {
  // The simulated bus takes 32-bit accesses to the EPP registers as four cycles on every chip.
  return {.bidirectional = bidirectional,
          .ecp = ecr && fifo_depth > 0,
          .ecr = ecr,
          .fifo_depth = ecr ? fifo_depth : 0,
          .pword_bytes = hw::CnfgA::Get().set_pword_size(pword).pword_bytes(),
          .epp = epp,
          .epp32 = epp};
}

ChipConfig ChipConfig::SppOnly() {
  ChipConfig config;
  config.name = "spp";
  config.bidirectional = false;
  config.epp = false;
  config.ecr = false;
  return config;
}

ChipConfig ChipConfig::Ps2() {
  ChipConfig config = SppOnly();
  config.name = "ps2";
  config.bidirectional = true;
  return config;
}

ChipConfig ChipConfig::EppOnly() {
  ChipConfig config = Ps2();
  config.name = "epp";
  config.epp = true;
  return config;
}

ChipConfig ChipConfig::Ecp() {
  ChipConfig config;
  config.name = "ecp";
  config.epp = false;
  return config;
}

ChipConfig ChipConfig::EcpEpp() { return {}; }

}  // namespace parclass::sim
