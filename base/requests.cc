#include "parclass/base/requests.h"

namespace parclass {

std::string_view LinkModeName(LinkMode mode) {
  switch (mode) {
    case LinkMode::kCompatibility: return "compatibility";
    case LinkMode::kNibble: return "nibble";
    case LinkMode::kByte: return "byte";
    case LinkMode::kEcp: return "ECP";
    case LinkMode::kEpp: return "EPP";
    case LinkMode::kExtensibilityLink: return "extensibility link";
  }
  return "invalid link mode";
}

}  // namespace parclass
