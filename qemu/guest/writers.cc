// The writers a phase can name (phases.h). Each writes the whole buffer or returns an Error with
// the bytes it did write.

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <span>
#include <string>
#include <vector>

#include "parclass/qemu/guest.h"
#include "project_writers.h"

namespace parclass::qemu {
namespace {

Error OsError(int error, std::string_view what) {
  return {Errc::kIoError, fmt::format("{}: {}", what, std::strerror(error))};
}

// write() to the device until every byte is taken: the kernel's driver moves the bytes.
Result<size_t> WriteDevice(const std::string& path, std::span<const uint8_t> bytes) {
  const int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return OsError(errno, fmt::format("open {}", path));
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t written = write(fd, bytes.data() + done, bytes.size() - done);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) {
      const int error = written < 0 ? errno : EIO;
      close(fd);
      return OsError(error, fmt::format("write {}", path)).set_bytes_done(done);
    }
    done += static_cast<size_t>(written);
  }
  if (close(fd) != 0) return OsError(errno, fmt::format("close {}", path)).set_bytes_done(done);
  return done;
}

}  // namespace

Result<size_t> WritePhase(const Phase& phase, const KernelPort& port) {
  const std::vector<uint8_t> bytes = PhaseBytes(phase);
  switch (phase.writer) {
    case Writer::kLpDriver: return WriteDevice(port.lp, bytes);
    default: return WriteProjectPhase(phase, port);
  }
}

}  // namespace parclass::qemu
