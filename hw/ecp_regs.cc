#include "parclass/hw/ecp_regs.h"

namespace parclass::hw {

std::string_view EcrModeName(EcrMode mode) { return kEcrModeNames[static_cast<size_t>(mode)]; }

}  // namespace parclass::hw
