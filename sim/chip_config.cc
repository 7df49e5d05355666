#include "parclass/sim/chip_config.h"

namespace parclass::sim {

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
