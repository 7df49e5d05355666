// Fuzz target: IEEE 1284 Device IDs (parclass/ieee1284/device_id.h), the bytes a peripheral sends
// when asked who it is. The input is everything a reader got, two length bytes first: it goes
// through the candidate lengths, the split and the parse, as the bus's enumeration takes it, and
// a parsed ID is described and named as Windows names it. The input is also parsed whole, as text
// without length bytes.
//
// Seeds (device_id_corpus/): the Device IDs of the tests and the topologies, in each length form.

#include <cstddef>
#include <cstdint>
#include <span>

#include "parclass/base/assert.h"
#include "parclass/ieee1284/device_id.h"

namespace parclass::ieee1284 {
namespace {

void ParseAndName(std::span<const uint8_t> text) {
  Result<DeviceId> id = ParseDeviceId(text);
  if (!id) return;
  (void)id->Describe();
  (void)HardwareIds(*id);
}

void Fuzz(std::span<const uint8_t> raw) {
  if (raw.size() >= kDeviceIdLengthBytes) {
    (void)DeviceIdCandidateLengths(raw[0], raw[1]);
    (void)RecogniseDeviceIdLength(raw[0], raw[1], raw.size() - kDeviceIdLengthBytes);
  }
  if (Result<DeviceIdText> split = SplitDeviceId(raw)) {
    PARCLASS_ASSERT(split->text.data() >= raw.data() + kDeviceIdLengthBytes &&
                        split->text.data() + split->text.size() <= raw.data() + raw.size(),
                    "the text lies within the bytes read");
    ParseAndName(split->text);
  }
  ParseAndName(raw);
}

}  // namespace
}  // namespace parclass::ieee1284

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  parclass::ieee1284::Fuzz({data, size});
  return 0;
}
