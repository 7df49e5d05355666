// Transfers as write, read and bench run them: through a device handle opened in its mode, with
// the port locked for the whole transfer (LOCK_PORT ... UNLOCK_PORT, as a client driver does), and
// what the transfer cost.
//
// A transfer is one request, unless a person may be watching (stderr is a terminal and there is
// no --json): then it runs as requests of kChunkBytes through the same handle, and once it has
// taken longer than kProgressAfter of wall-clock time a progress bar on stderr shows how far it
// got. The lock held across the chunks keeps the link negotiated, so the chunks cost one
// negotiation and one termination, as one request does; bytes done and the status stay exact
// (a chunk that fails ends the transfer with its status and the bytes of every chunk before it).
//
//   const Progress progress = ProgressFor(options);
//   CostMeter meter(system.PortOf(handle->device()));
//   const port::RequestResult sent = WriteAll(*handle, bytes, progress);
//   const TransferCost cost = meter.Stop(sent.information);
//   fmt::print("{:.2f} register accesses per byte\n", cost.accesses_per_byte);

#ifndef PARCLASS_TOOLS_PARCTL_TRANSFER_H_
#define PARCLASS_TOOLS_PARCTL_TRANSFER_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "commands.h"
#include "parclass/base/clock.h"
#include "parclass/bus/device.h"
#include "system.h"

namespace parclass::tools {

// The size of each request of a transfer that may show progress.
inline constexpr size_t kChunkBytes = 4096;
// How long, in wall-clock time, a transfer runs before its progress bar appears. Wall-clock
// rather than the backend's clock: the bar is for a person waiting, and the simulator's virtual
// time says nothing about how long they wait.
inline constexpr std::chrono::seconds kProgressAfter{1};

enum class Progress : uint8_t {
  kNone,    // One request, nothing drawn: --json, or stderr is no terminal.
  kIfSlow,  // Chunked requests; a bar on stderr once the transfer is slow.
};

// kIfSlow when stderr is a terminal and the output is not JSON.
Progress ProgressFor(const SystemOptions& options);

// Writes `bytes`, or reads up to `buffer.size()` bytes (a read stops at the first request that
// finds no more data), in the device's protocol for that direction. Information is the bytes
// moved over every request, exact also when the status is an error.
port::RequestResult WriteAll(bus::DeviceHandle& handle, std::span<const uint8_t> bytes,
                             Progress progress);
port::RequestResult ReadAll(bus::DeviceHandle& handle, std::span<uint8_t> buffer,
                            Progress progress);

// What a transfer cost, per byte moved (per one byte when none moved).
struct TransferCost {
  uint64_t accesses = 0;      // Register accesses (RegisterIo's counters).
  uint64_t system_calls = 0;  // backends::SystemSyscalls()' counters.
  // The rates over the bytes moved (at least one: a transfer that moved nothing shows the
  // totals, not rates; see Describe).
  double accesses_per_byte = 0;
  double system_calls_per_kib = 0;  // backends::SystemSyscalls()' counters.
  double time_us = 0;               // On the backend's clock.
  std::string clock;                // "simulated" (the simulator's virtual time) or "real".
  double host_time_us = 0;          // The machine's time (the simulator's cost, on sim).

  // "4.00 register accesses per byte, 0.00 system calls per KiB, 12.0 us (simulated)", or, for
  // a transfer that moved nothing, "24 register accesses, 0 system calls, 12.0 us (simulated)".
  std::string Describe(size_t bytes) const;
};

// Counts from construction to Stop: resets the port's register counters and the system call
// counters and notes the backend's time.
class CostMeter {
 public:
  explicit CostMeter(system::SystemPort& port);
  TransferCost Stop(size_t bytes) const;

 private:
  system::SystemPort& port_;
  Nanoseconds start_;
  std::chrono::steady_clock::time_point host_start_;
};

// "[#####.....] 45% 29.3 KiB of 64.0 KiB 12.1 KiB/s".
std::string FormatProgress(size_t done, size_t total, double kib_per_second);

}  // namespace parclass::tools

#endif  // PARCLASS_TOOLS_PARCTL_TRANSFER_H_
