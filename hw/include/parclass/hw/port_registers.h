// PortRegisters: the one owner of a port's register state, in the shape of Linux's parport_pc
// soft copies (parport_pc.h `__parport_pc_frob_control`, `priv->ctr`, `ctr_writable`;
// parport_pc.c `ecr_write`, `change_mode`, `parport_pc_save_state`/`restore_state`).
//
// The control register and the ECR read back unreliably (reserved bits, bits the chip changes by
// itself), so their values live here, as soft copies, and every write of either goes through this
// object: masked updates of the control register, ECR mode changes by the ISA rule (between two
// modes other than 000 and 001, through 001), the freeze into test mode, save and restore, and
// the park at compatibility idle. Everything that drives a port — detection, the protocol
// engine's HostPort, the chip-mode state machine, the IEEE 1284.3 bus, a client's own register
// accesses — is a view of one PortRegisters, so no copy can go stale behind another.
//
//   hw::PortRegisters registers(io, {.ecr = true, .fifo_depth = 16});
//   registers.Park();                                   // ECR 0x34, control 0x0c
//   registers.UpdateControl(Dcr::Get().set_strobe(true),
//                           Dcr::Get().set_strobe(true));  // nStrobe low: one write
//   registers.SetEcrMode(EcrMode::kEcp);                // 001 -> 011: one write
//   registers.SetEcrMode(EcrMode::kFifo);               // 011 -> 001 -> 010: two writes
//   SavedRegisters saved = registers.Save();            // no access for control and ECR
//   registers.Restore(saved);
//
// Not thread-safe: the port's holder (or the arbiter, at a handover) is its only user at a time.

#ifndef PARCLASS_HW_PORT_REGISTERS_H_
#define PARCLASS_HW_PORT_REGISTERS_H_

#include <cstdint>
#include <optional>
#include <span>

#include "parclass/base/lines.h"
#include "parclass/hw/chip_features.h"
#include "parclass/hw/ecp_regs.h"
#include "parclass/hw/register_io.h"
#include "parclass/hw/spp_regs.h"

namespace parclass::hw {

// Whether a control update that changes nothing still goes out (Linux's frob_control always
// writes; the protocol engine saves the access).
enum class ControlWrite : uint8_t { kIfChanged, kAlways };

// What a client leaves in the registers when it gives up the port, put back when it next gets it.
struct SavedRegisters {
  uint8_t data = 0;        // The data latch, as read back.
  Dcr control;             // The control register's soft copy.
  std::optional<Ecr> ecr;  // The ECR's soft copy, on a chip with one.
};

// ECR mode 000 and 001 are the ISA rule's parking modes: any mode may be entered from them, and
// they may be entered from any mode (ieee1284.md 2.4).
constexpr bool IsParkingMode(EcrMode mode) {
  return mode == EcrMode::kSpp || mode == EcrMode::kPs2;
}

// An ECR value for `mode` with the nFault and service interrupts off: 0x34 in mode 001, the value
// Linux and Windows leave a port in.
constexpr Ecr QuietEcr(EcrMode mode) {
  return Ecr::Get().set_mode(mode).set_n_err_intr_en(true).set_service_intr(true);
}

// Compatibility idle in the control register: forward, nStrobe and nAutoFd high, nInit high (low
// would reset the peripheral or a 1284.3 chain), nSelectIn low; interrupts off (Linux's 0x0c).
inline constexpr Dcr kIdleControl = Dcr::Get().set_n_init(true).set_select_in(true);

class PortRegisters {
 public:
  // Every control bit but the reserved 7:6.
  static constexpr uint8_t kControlWritable = 0b0011'1111;

  // Takes the port as it is: nothing is read or written, and each soft copy is unknown until its
  // register is first written (that write goes out whatever it holds). `control_writable`: the
  // control bits this port drives (Linux's ctr_writable); the others are written as 0.
  explicit PortRegisters(RegisterIo& io, ChipFeatures chip = {},
                         uint8_t control_writable = kControlWritable);
  PortRegisters(const PortRegisters&) = delete;
  PortRegisters& operator=(const PortRegisters&) = delete;

  RegisterIo& io() const { return io_; }
  const ChipFeatures& chip() const { return chip_; }
  // What the chip is, once detection knows it (detection starts from the default: no ECR).
  void set_chip(ChipFeatures chip) { chip_ = chip; }

  // The control register: the soft copy, and updates of the bits `mask` sets to `value`'s.
  Dcr control() const { return control_; }
  void UpdateControl(Dcr mask, Dcr value, ControlWrite when = ControlWrite::kIfChanged);
  void WriteControl(Dcr value, ControlWrite when = ControlWrite::kIfChanged);
  // Reads the control register once and takes it, writable bits only, as the soft copy: for
  // detection, which must find a port as it was.
  Dcr AdoptControl();

  // The ECR (chips with one): the soft copy of its writable bits, and its mode.
  Ecr ecr() const { return ecr_; }
  EcrMode ecr_mode() const { return ecr_.mode(); }
  // Writes `value` as it is (the caller knows the mode change is allowed: probing, a freeze).
  void WriteEcr(Ecr value);
  // Writes `value`, through 001 first if the ISA rule asks for it.
  void SetEcr(Ecr value);
  // QuietEcr(mode), unless the ECR is in `mode` already.
  void SetEcrMode(EcrMode mode);
  // From a FIFO mode straight to test mode (110): the handshake stops and the FIFO keeps what the
  // peripheral has not taken, for software to count (Linux's stuck-FIFO recovery).
  void FreezeFifo();
  // serviceIntr to 0: the chip sets it again when its threshold is reached.
  void ArmService();

  // A register access by whoever holds the port (READ_PORT_UCHAR and WRITE_PORT_UCHAR on the
  // addresses the port hands out): the access goes out as asked, and a write of the control
  // register or the ECR becomes the soft copy, so the next owner's view is the truth. The control
  // register's reserved bits (7:6) and the bits this port does not drive go out as 0, and the ECR
  // takes the `ecr-bit0` quirk, as every write of theirs does. Reads go to the chip, never to the
  // soft copies: one access each.
  uint8_t Read(RegisterAddress address) { return io_.Read(address); }
  void Write(RegisterAddress address, uint8_t value);
  // The string forms (READ_PORT_BUFFER_UCHAR ... WRITE_PORT_BUFFER_ULONG): `bytes.size()` /
  // width accesses of `width` to one register. A string written to the control register or the
  // ECR goes out byte by byte through Write, so the soft copy is its last byte.
  void ReadBlock(RegisterAddress address, Width width, std::span<uint8_t> bytes) {
    io_.ReadBlock(address, width, bytes);
  }
  void WriteBlock(RegisterAddress address, Width width, std::span<const uint8_t> bytes);

  // Compatibility idle: on a chip with an ECR, mode 001 with interrupts off (0x34), where the data
  // and control registers drive the lines; the data lines driven; kIdleControl. Only what
  // differs from the soft copies is written.
  void Park();
  SavedRegisters Save();
  // Puts `saved` back in the order that makes each write mean what it meant: data and control in
  // mode 001 (where the data register is the latch and the direction may change), then the ECR.
  void Restore(const SavedRegisters& saved);

 private:
  RegisterIo& io_;
  ChipFeatures chip_;
  const uint8_t control_writable_;
  Dcr control_;
  Ecr ecr_;
  bool control_known_ = false;
  bool ecr_known_ = false;
};

}  // namespace parclass::hw

#endif  // PARCLASS_HW_PORT_REGISTERS_H_
