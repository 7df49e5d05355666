#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <string_view>

#include "parclass/qemu/guest.h"

namespace parclass::qemu {

void Mark(std::string_view name) {
  std::fflush(stdout);
  fmt::print("@@MARK {}\n", name);
  std::fflush(stdout);
  // The console is the guest's serial port: tcdrain returns once the UART has shifted the line
  // out, that is once QEMU has written it to its log. Off a terminal it fails, harmlessly.
  tcdrain(STDOUT_FILENO);
}

PhaseMarker::PhaseMarker(std::string_view name) : name_(name) { Mark(name_); }

PhaseMarker::~PhaseMarker() { Mark(name_ + "-end"); }

}  // namespace parclass::qemu
