// Fuzz target: system specs (parclass/system/system.h), the text a user gives parctl's --backend,
// ParclassCreateSystem and the preload library: specs joined by ';', "all", and the raw form's
// addresses. Each spec that parses formats to text that parses to it again. The machine is one
// with nothing in it, so "all" finds no port and nothing is opened.
//
// Seeds (system_spec_corpus/): each form, and lists of them.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "parclass/backends/pci.h"
#include "parclass/base/assert.h"
#include "parclass/system/system.h"

namespace parclass::system {
namespace {

Machine EmptyMachine() { return {.dev = "/nonexistent/dev", .sysfs = "/nonexistent/sys"}; }

void Fuzz(std::string_view text) {
  const Machine machine = EmptyMachine();
  const Result<std::vector<BackendSpec>> specs = ParseSystemSpecs(text, machine);
  if (!specs) return;
  for (const BackendSpec& spec : *specs) {
    const Result<BackendSpec> again = BackendSpec::Parse(spec.Format());
    PARCLASS_ASSERT(again && *again == spec, "a spec formats to text that parses to it");
    if (spec.kind == BackendSpec::Kind::kRaw) {
      (void)backends::ParseRawSpec(spec.argument, machine.sysfs);
    }
  }
}

}  // namespace
}  // namespace parclass::system

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  parclass::system::Fuzz(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
