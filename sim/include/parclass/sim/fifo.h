// The ECP chip's FIFO: one queue behind cFifo, ecpDFifo and tFifo. Each entry remembers whether
// it is data or an ECP command (written through ecpAFifo, or received with PeriphAck low).
//
//   Fifo fifo(16);
//   fifo.Push({0x41, EcpKind::kData});
//   fifo.free();   // 15

#ifndef PARCLASS_SIM_FIFO_H_
#define PARCLASS_SIM_FIFO_H_

#include <cstdint>
#include <deque>

#include "parclass/base/assert.h"
#include "parclass/base/requests.h"

namespace parclass::sim {

class Fifo {
 public:
  explicit Fifo(int depth) : depth_(depth) { PARCLASS_ASSERT(depth > 0, "a FIFO has room"); }

  int depth() const { return depth_; }
  int level() const { return static_cast<int>(entries_.size()); }
  int free() const { return depth_ - level(); }
  bool empty() const { return entries_.empty(); }
  bool full() const { return level() == depth_; }

  void Push(EcpByte entry) {
    PARCLASS_ASSERT(!full(), "push onto a full FIFO");
    entries_.push_back(entry);
  }
  EcpByte Pop() {
    PARCLASS_ASSERT(!empty(), "pop from an empty FIFO");
    const EcpByte entry = entries_.front();
    entries_.pop_front();
    return entry;
  }
  const EcpByte& front() const { return entries_.front(); }
  void Clear() { entries_.clear(); }

 private:
  int depth_;
  std::deque<EcpByte> entries_;
};

}  // namespace parclass::sim

#endif  // PARCLASS_SIM_FIFO_H_
