#include "transfer.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

#include "parclass/backends/syscalls.h"

namespace parclass::tools {
namespace {

using port::NtStatus;
using port::RequestResult;

constexpr size_t kBarCells = 10;

// The bar, redrawn in place with '\r' after each chunk once the transfer has been slow.
class ProgressBar {
 public:
  ProgressBar(size_t total, Progress progress)
      : total_(total), progress_(progress), start_(wall_.Now()) {}

  void Update(size_t done) {
    if (progress_ == Progress::kNone) return;
    if (!shown_ && wall_.Now() - start_ < kProgressAfter) return;
    Draw(done);
  }
  // Ends the bar's line, which Update left at the last state; nothing if it never appeared.
  void Finish() const {
    if (shown_) std::fputc('\n', stderr);
  }

 private:
  void Draw(size_t done) {
    const double seconds = std::chrono::duration<double>(wall_.Now() - start_).count();
    const double rate = seconds > 0 ? static_cast<double>(done) / 1024.0 / seconds : 0.0;
    const std::string line = FormatProgress(done, total_, rate);
    // Spaces cover what a longer line drawn before left behind.
    fmt::print(stderr, "\r{:<{}}", line, std::max(line.size(), drawn_));
    std::fflush(stderr);
    drawn_ = line.size();
    shown_ = true;
  }

  // Wall-clock time whatever the backend: the bar is for the person waiting (kProgressAfter).
  SteadyClock wall_;
  const size_t total_;
  const Progress progress_;
  const Nanoseconds start_;
  size_t drawn_ = 0;  // The length of the line drawn last.
  bool shown_ = false;
};

// One request: `length` bytes from `offset` of the transfer.
using ChunkRequest = std::function<RequestResult(size_t offset, size_t length)>;

// The one place a transfer is split: `total` bytes in requests of kChunkBytes (kIfSlow) or in one
// request (kNone), with the port locked throughout. Stops at an error, or at a request that moved
// less than it asked for (a read that found no more data; a write that stops is an error).
RequestResult RunInChunks(bus::DeviceHandle& handle, size_t total, Progress progress,
                          const ChunkRequest& request) {
  const Deadline lock_deadline =
      Deadline::After(handle.device().port().clock(), bus::DeviceConfig{}.lock_timeout);
  const RequestResult locked =
      handle.InternalDeviceControl({.code = bus::kIoctlLockPort}, {.deadline = lock_deadline});
  if (locked.status != NtStatus::kSuccess) return {locked.status, 0};
  const size_t chunk = progress == Progress::kIfSlow ? kChunkBytes : std::max<size_t>(total, 1);
  ProgressBar bar(total, progress);
  RequestResult moved;
  do {
    const size_t length = std::min(chunk, total - moved.information);
    const RequestResult step = request(moved.information, length);
    moved = {step.status, moved.information + step.information};
    bar.Update(moved.information);
    if (step.status != NtStatus::kSuccess || step.information < length) break;
  } while (moved.information < total);
  bar.Finish();
  (void)handle.InternalDeviceControl({.code = bus::kIoctlUnlockPort});
  return moved;
}

}  // namespace

Progress ProgressFor(const SystemOptions& options) {
  return !options.json && isatty(STDERR_FILENO) != 0 ? Progress::kIfSlow : Progress::kNone;
}

RequestResult WriteAll(bus::DeviceHandle& handle, std::span<const uint8_t> bytes,
                       Progress progress) {
  return RunInChunks(handle, bytes.size(), progress, [&](size_t offset, size_t length) {
    return handle.Write(bytes.subspan(offset, length));
  });
}

RequestResult ReadAll(bus::DeviceHandle& handle, std::span<uint8_t> buffer, Progress progress) {
  return RunInChunks(handle, buffer.size(), progress, [&](size_t offset, size_t length) {
    return handle.Read(buffer.subspan(offset, length));
  });
}

CostMeter::CostMeter(system::SystemPort& port) : port_(port) {
  port.port().io().ResetCounters();
  backends::SystemSyscalls().ResetCounters();
  start_ = port.clock().Now();
  host_start_ = std::chrono::steady_clock::now();
}

TransferCost CostMeter::Stop(size_t bytes) const {
  const double done = static_cast<double>(std::max<size_t>(bytes, 1));
  const uint64_t accesses = port_.port().io().counters().total();
  const uint64_t calls = backends::SystemSyscalls().counters().total();
  return {.accesses = accesses,
          .system_calls = calls,
          .accesses_per_byte = static_cast<double>(accesses) / done,
          .system_calls_per_kib = static_cast<double>(calls) * 1024.0 / done,
          .time_us = static_cast<double>((port_.clock().Now() - start_).count()) / 1000.0,
          .clock = port_.backend().clock_kind(),
          .host_time_us = std::chrono::duration<double, std::micro>(
                              std::chrono::steady_clock::now() - host_start_)
                              .count()};
}

std::string TransferCost::Describe(size_t bytes) const {
  if (bytes == 0) {
    return fmt::format("{} register accesses, {} system calls, {:.1f} us ({})", accesses,
                       system_calls, time_us, clock);
  }
  return fmt::format(
      "{:.2f} register accesses per byte, {:.2f} system calls per KiB, {:.1f} us ({})",
      accesses_per_byte, system_calls_per_kib, time_us, clock);
}

std::string FormatProgress(size_t done, size_t total, double kib_per_second) {
  const double fraction =
      total == 0 ? 1.0 : std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
  const auto cells = static_cast<size_t>(std::lround(fraction * kBarCells));
  return fmt::format("[{}{}] {}% {:.1f} KiB of {:.1f} KiB {:.1f} KiB/s", std::string(cells, '#'),
                     std::string(kBarCells - cells, '.'), static_cast<int>(fraction * 100.0),
                     static_cast<double>(done) / 1024.0, static_cast<double>(total) / 1024.0,
                     kib_per_second);
}

}  // namespace parclass::tools
