// A C++ program built outside the parclass tree, against the installed C++ layers
// (parclass::parclass): it opens a system from a backend spec and lists its devices with their
// Device IDs.
//
//   list_devices                        # the built-in simulated topology
//   list_devices ppdev:/dev/parport0    # a real port
//
// Exit status 0 if the system opened, 1 otherwise.

#include <cstdio>

#include "parclass/system/system.h"

int main(int argc, char** argv) {
  const char* spec = argc > 1 ? argv[1] : "sim";
  auto system = parclass::system::System::Open(spec);
  if (!system) {
    std::fprintf(stderr, "list_devices: %s\n", system.error().Format().c_str());
    return 1;
  }
  for (const parclass::bus::Device* device : (*system)->bus().devices()) {
    std::printf("%s %s", device->name().c_str(), device->location().c_str());
    if (device->device_id()) std::printf(": %s", device->device_id()->Describe().c_str());
    std::printf("\n");
  }
  return 0;
}
