// The entries a forward transfer puts on the wire: data bytes, and for ECP with RLE the run-length
// counts (ieee1284.md 9.5). Shared by the software and FIFO writers. Private to the engine.

#ifndef PARCLASS_IEEE1284_TRANSFER_STREAM_H_
#define PARCLASS_IEEE1284_TRANSFER_STREAM_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "parclass/base/requests.h"

namespace parclass::ieee1284 {

inline constexpr size_t kLongestRun = 128;  // An RLE count of 127 repeats the next byte 128 times.
inline constexpr size_t kShortestEncodedRun = 3;  // A count for two bytes gains nothing.

// What goes on the wire (or through the FIFO), entry by entry, and how many of the caller's bytes
// are done once the peripheral has taken each entry.
struct WireStream {
  struct Entry {
    uint8_t byte;
    EcpKind kind;  // kCommand for an ECP run-length count: HostAck low, or through ecpAFifo.
    size_t done_after;
  };
  bool ecp = false;
  std::vector<Entry> entries;

  static WireStream Compatibility(std::span<const uint8_t> bytes) {
    WireStream stream;
    stream.entries.reserve(bytes.size());
    for (size_t i = 0; i < bytes.size(); ++i)
      stream.entries.push_back({bytes[i], EcpKind::kData, i + 1});
    return stream;
  }

  // ECP data; with RLE, runs of three or more equal bytes as a count and one byte (9.5).
  static WireStream Ecp(std::span<const uint8_t> bytes, bool rle) {
    WireStream stream;
    stream.ecp = true;
    for (size_t done = 0; done < bytes.size();) {
      size_t run = 1;
      while (rle && done + run < bytes.size() && run < kLongestRun &&
             bytes[done + run] == bytes[done]) {
        ++run;
      }
      if (run < kShortestEncodedRun) run = 1;
      if (run > 1) {
        stream.entries.push_back({static_cast<uint8_t>(run - 1), EcpKind::kCommand, done});
      }
      done += run;
      stream.entries.push_back({bytes[done - run], EcpKind::kData, done});
    }
    return stream;
  }

  size_t DoneAfter(size_t taken) const { return taken == 0 ? 0 : entries[taken - 1].done_after; }
};

}  // namespace parclass::ieee1284

#endif  // PARCLASS_IEEE1284_TRANSFER_STREAM_H_
