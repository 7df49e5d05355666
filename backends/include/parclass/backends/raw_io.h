// RawPortIo: a parallel port reached directly through the CPU's I/O-port instructions.
//
// Registers map straight onto I/O ports: the SPP/EPP block at base + 0..7 and the ECP block
// (FIFO/cnfgA, cnfgB, ECR) at the ECP base + 0..2. On an ISA or motherboard port the ECP block
// sits at base + 0x400; a PCI card puts it wherever its second I/O BAR lies (see pci.h), and a
// card with one I/O BAR has none. Nothing stands between parclass and the chip: no kernel driver
// shares the port, so the kernel's lp and parport_pc must be kept off it (unload them, or leave
// the port to ppdev instead).
//
// Open asks the kernel for the ports with ioperm(2), which takes root or CAP_SYS_RAWIO and a
// kernel not in lockdown; the destructor gives them back. The instructions themselves sit behind
// PortBus, so that every register access can be checked against a fake bus in tests.
//
//   Result<std::unique_ptr<RawPortIo>> opened =
//       RawPortIo::Open(SystemSyscalls(), X86PortBus(), {.base = 0x378});
//   if (!opened) return opened.error();        // kPermissionDenied names the fix
//   RawPortIo& io = **opened;
//   io.Read(hw::Dsr::kAddress);                // port 0x379
//   io.Write(hw::Ecr::kAddress, 0x34);         // 0x34 to port 0x77a
//   io.WriteBlock(hw::EcpDFifo::kAddress, hw::Width::k8, bytes);   // rep outsb to 0x778
//
// Errors name the cause and the fix: kPermissionDenied (run as root, or use ppdev),
// kNotSupported (no I/O ports on this machine, or a kernel built without ioperm, as
// CONFIG_X86_IOPL_IOPERM allows since Linux 5.5: use ppdev), kInvalidArgument (addresses that do
// not fit the 64 KiB I/O space).

#ifndef PARCLASS_BACKENDS_RAW_IO_H_
#define PARCLASS_BACKENDS_RAW_IO_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "parclass/backends/syscalls.h"
#include "parclass/base/result.h"
#include "parclass/hw/register_io.h"

namespace parclass::backends {

// The CPU's I/O-port instructions, one interface so that tests can record every access.
class PortBus {
 public:
  virtual ~PortBus() = default;

  virtual uint8_t In(uint16_t port) = 0;
  virtual void Out(uint16_t port, uint8_t value) = 0;
  // Repeated accesses to one port, as a FIFO or EPP data transfer does. By default one In or Out
  // per byte; the x86 bus uses rep insb / rep outsb.
  virtual void InBlock(uint16_t port, std::span<uint8_t> bytes);
  virtual void OutBlock(uint16_t port, std::span<const uint8_t> bytes);
};

// The machine's own I/O ports (x86_port_bus.cc). Only usable after ioperm has granted the ports,
// which RawPortIo::Open does; on a machine without I/O ports an access is a bug (Open refuses
// first, since ioperm gives ENOSYS there).
PortBus& X86PortBus();

// An ECP base meaning "this port has no ECP block": as Linux parport_pc's base_hi = 0. Port 0 is
// the DMA controller's, never a parallel port's.
inline constexpr uint16_t kNoEcpBlock = 0;

struct RawPortOptions {
  uint16_t base = 0x378;  // The SPP/EPP registers: base + 0..7.
  // The ECP registers: ecp_base + 0..2. Unset is the ISA rule, base + 0x400; kNoEcpBlock is none
  // (the ECP registers then read as a floating bus, 0xff, and take no writes).
  std::optional<uint16_t> ecp_base = std::nullopt;
};

class RawPortIo final : public hw::RegisterIo {
 public:
  // Checks the addresses and asks the kernel for the ports (ioperm). `os` and `bus` must outlive
  // the port.
  static Result<std::unique_ptr<RawPortIo>> Open(Syscalls& os, PortBus& bus,
                                                 RawPortOptions options);
  ~RawPortIo() override;  // Gives the ports back (ioperm off).
  RawPortIo(const RawPortIo&) = delete;
  RawPortIo& operator=(const RawPortIo&) = delete;

  uint16_t base() const { return base_; }
  // Where the ECP block is, as resolved by Open; unset when the port has none.
  std::optional<uint16_t> ecp_base() const { return ecp_base_; }

 protected:
  uint8_t DoRead(hw::RegisterAddress address) override;
  void DoWrite(hw::RegisterAddress address, uint8_t value) override;
  // Byte blocks are the bus's block form; 16- and 32-bit blocks are split over consecutive
  // ports, byte k of each access to offset + k, as RegisterIo does by default.
  void DoReadBlock(hw::RegisterAddress address, hw::Width width, std::span<uint8_t> bytes) override;
  void DoWriteBlock(hw::RegisterAddress address, hw::Width width,
                    std::span<const uint8_t> bytes) override;

 private:
  RawPortIo(Syscalls& os, PortBus& bus, uint16_t base, std::optional<uint16_t> ecp_base);

  // The I/O port of a register; unset for the ECP block of a port that has none.
  std::optional<uint16_t> PortOf(hw::RegisterAddress address) const;

  Syscalls& os_;
  PortBus& bus_;
  const uint16_t base_;
  const std::optional<uint16_t> ecp_base_;
};

}  // namespace parclass::backends

#endif  // PARCLASS_BACKENDS_RAW_IO_H_
