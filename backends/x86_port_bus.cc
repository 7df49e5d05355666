// X86PortBus: the in and out instructions. This is the only file of parclass that executes them;
// everything else reaches the ports through PortBus.
//
// Each access is one bus cycle of the width of the instruction (here always 8 bits): a string
// instruction (rep insb / rep outsb) makes one cycle per byte to the same port, which is what an
// ECP FIFO or an EPP data transfer wants, without a call per byte. The ports must have been
// granted with ioperm first (RawPortIo::Open), or the first access faults.

#include <cstddef>
#include <cstdint>
#include <span>

#include "parclass/backends/raw_io.h"
#include "parclass/base/assert.h"

namespace parclass::backends {
namespace {

#if defined(__x86_64__) || defined(__i386__)

class X86Bus final : public PortBus {
 public:
  uint8_t In(uint16_t port) override {
    uint8_t value = 0;
    // inb: "=a" the byte arrives in AL; "Nd" the port is an 8-bit immediate or in DX.
    asm volatile("inb %w1, %b0" : "=a"(value) : "Nd"(port));
    return value;
  }

  void Out(uint16_t port, uint8_t value) override {
    // outb: "a" the byte leaves from AL; "Nd" the port is an 8-bit immediate or in DX.
    asm volatile("outb %b0, %w1" : : "a"(value), "Nd"(port));
  }

  // The direction flag is clear on entry to any function (System V ABI), so the string
  // instructions walk the buffer upwards.
  void InBlock(uint16_t port, std::span<uint8_t> bytes) override {
    uint8_t* destination = bytes.data();
    size_t count = bytes.size();
    // rep insb: "+D" the buffer in (R/E)DI, advanced per byte; "+c" the count in (R/E)CX, down to
    // 0; "d" the port in DX; "memory" because the buffer is written behind the compiler's back.
    asm volatile("rep insb" : "+D"(destination), "+c"(count) : "d"(port) : "memory");
  }

  void OutBlock(uint16_t port, std::span<const uint8_t> bytes) override {
    const uint8_t* source = bytes.data();
    size_t count = bytes.size();
    // rep outsb: "+S" the buffer in (R/E)SI, advanced per byte; "+c" the count in (R/E)CX, down
    // to 0; "d" the port in DX; "memory" because the buffer is read behind the compiler's back.
    asm volatile("rep outsb" : "+S"(source), "+c"(count) : "d"(port) : "memory");
  }
};

#else

// No I/O ports: ioperm gives ENOSYS, so RawPortIo::Open refuses before any access.
class X86Bus final : public PortBus {
 public:
  uint8_t In(uint16_t /*port*/) override {
    PARCLASS_ASSERT(false, "port I/O on a machine without I/O ports");
    return 0xff;
  }
  void Out(uint16_t /*port*/, uint8_t /*value*/) override {
    PARCLASS_ASSERT(false, "port I/O on a machine without I/O ports");
  }
};

#endif

}  // namespace

PortBus& X86PortBus() {
  static X86Bus bus;
  return bus;
}

}  // namespace parclass::backends
