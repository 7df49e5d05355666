// SimChip: a register-exact PC parallel-port chip on the simulated cable.
//
// It implements hw::RegisterIo, so every layer above drives it exactly as it drives a real port.
// Each access costs the configured bus time in virtual time; what the chip does on the cable
// (lines, EPP cycles, FIFO handshakes) happens in virtual time too, interleaved with the
// peripheral's reactions. A variant (ChipConfig) chooses SPP-only, PS/2, EPP, ECP or ECP+EPP and
// the details in which real chips differ. Software mistakes (an access the variant does not
// decode, a write to a read-only register, an illegal ECR mode change) are recorded in the trace
// as guest errors and never abort, as on hardware.
//
//   Scheduler scheduler;
//   Trace trace;
//   Cable cable(scheduler, trace);
//   SimChip chip(cable, ChipConfig::EcpEpp());
//   LoopbackPlug plug(cable);
//   hw::Dcr::Get().set_n_init(true).WriteTo(chip);
//   LineLevels status = hw::Dsr::Get().ReadFrom(chip).lines();
//
// Modes and where their behaviour lives: register dispatch, SPP/PS/2 lines and the ECR in
// chip.cc; EPP cycles in chip_epp.cc; the FIFO handshakes of ECR modes 010 and 011 in
// chip_fifo.cc.

#ifndef PARCLASS_SIM_CHIP_H_
#define PARCLASS_SIM_CHIP_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "parclass/hw/ecp_regs.h"
#include "parclass/hw/register_io.h"
#include "parclass/hw/spp_regs.h"
#include "parclass/sim/cable.h"
#include "parclass/sim/chip_config.h"
#include "parclass/sim/fifo.h"

namespace parclass::sim {

class SimChip final : public hw::RegisterIo {
 public:
  // Host-side timings of the FIFO handshakes (SMSC Parallel Port FIFO figures, shared spec
  // ieee1284.md section 6.2); the ECP handshake uses the same.
  static constexpr Nanoseconds kFifoDataSetup = std::chrono::nanoseconds(600);
  static constexpr Nanoseconds kFifoStrobeWidth = std::chrono::nanoseconds(600);
  static constexpr Nanoseconds kFifoDataHold = std::chrono::nanoseconds(450);
  static constexpr Nanoseconds kFifoBusyToData = std::chrono::nanoseconds(80);
  static constexpr Nanoseconds kFifoBusyToStrobe = std::chrono::nanoseconds(680);

  SimChip(Cable& cable, ChipConfig config);
  ~SimChip() override;
  SimChip(const SimChip&) = delete;
  SimChip& operator=(const SimChip&) = delete;

  const ChipConfig& config() const { return config_; }

  // Power-on state: data 0x00, DCR 0x0c (compatibility idle), ECR 0x15, FIFO empty.
  void Reset();

  // Called on every interrupt the chip raises (nAck edge, serviceIntr, nFault), if it has an IRQ.
  void set_interrupt_handler(std::function<void()> handler) { on_interrupt_ = std::move(handler); }
  uint64_t interrupts() const { return interrupts_; }

  // For tests: the chip's state, without the side effects and cost of a register access.
  hw::Ecr ecr() const;
  const Fifo& fifo() const { return fifo_; }
  bool epp_timeout() const { return epp_timeout_; }

 protected:
  uint8_t DoRead(hw::RegisterAddress address) override;
  void DoWrite(hw::RegisterAddress address, uint8_t value) override;
  // One bus access per `width` of bytes: its byte lanes go to consecutive registers (the FIFO
  // takes all of them), and the access ends (the cable settles, bus time is charged) after its
  // last lane.
  void DoReadBlock(hw::RegisterAddress address, hw::Width width, std::span<uint8_t> bytes) override;
  void DoWriteBlock(hw::RegisterAddress address, hw::Width width,
                    std::span<const uint8_t> bytes) override;

 private:
  enum class EngineState : uint8_t {
    kIdle,        // Nothing in the transmitter; waiting for a byte and a ready peripheral.
    kSetup,       // Forward: data driven, strobe about to fall.
    kStrobeHeld,  // Forward: data driven, the peripheral went busy; the strobe waits.
    kStrobe,      // Forward: strobe low.
    kWaitAck,     // ECP forward: strobe low, waiting for PeriphAck high (event 36).
    kHold,        // Forward: strobe high, data held.
    kWaitReady,   // Forward: waiting for Busy / PeriphAck low before the next byte.
    kReadyGap,    // Forward: Busy fell; the next byte's data may change after a short gap.
    kReverseAck,  // ECP reverse: HostAck high, waiting for PeriphClk high (event 45).
  };

  // One byte's worth of an access, traced; EndAccess() settles the cable and charges the bus time.
  uint8_t ReadByte(hw::RegisterAddress address);
  void WriteByte(hw::RegisterAddress address, uint8_t value);
  void EndAccess();
  hw::RegisterAddress Lane(hw::RegisterAddress address, size_t lane) const;

  // Register dispatch, one function per block and direction.
  uint8_t ReadBase(uint8_t offset);
  void WriteBase(uint8_t offset, uint8_t value);
  uint8_t ReadEcpBlock(uint8_t offset);
  void WriteEcpBlock(uint8_t offset, uint8_t value);

  uint8_t ReadStatus();
  void WriteStatus(uint8_t value);
  uint8_t ReadControl() const;
  void WriteControl(uint8_t value);
  void WriteEcr(uint8_t value);
  uint8_t ReadFifo();
  void WriteFifo(EcpByte entry);
  uint8_t ReadCnfgA() const;
  uint8_t ReadCnfgB() const;

  hw::EcrMode mode() const { return config_.ecr ? ecr_.mode() : hw::EcrMode::kPs2; }
  bool reverse() const;
  bool epp_active() const;
  bool engine_owns_lines() const;

  // Drives the host's side of the cable from the latches, the mode and the FIFO engine.
  void UpdateLines();
  void GuestMistake(std::string what);
  void RaiseInterrupt();
  void OnLines(const Delta& delta);

  // EPP (chip_epp.cc): one address or data cycle, 8 bits.
  uint8_t EppRead(Line strobe);
  void EppWrite(Line strobe, uint8_t value);
  bool EppWaitForWait(Level level);
  void EppTimedOut();

  // FIFO engines (chip_fifo.cc). Each step is one event of the handshake.
  void EngineReset();
  void EngineKick();
  void EngineStep();
  void ForwardStart();
  void ForwardStrobe();
  void ForwardRelease();
  void ForwardDone();
  void ForwardReady();
  void ReverseTake();
  void ReverseDone();
  void StoreReceived(EcpByte entry);
  void DrainRepeats();
  void ScheduleStep(Nanoseconds delay, void (SimChip::*step)());
  void CancelEngine();
  void CheckServiceThreshold();

  Cable& cable_;
  ChipConfig config_;
  Fifo fifo_;
  ObserverId observer_;

  uint8_t data_ = 0;
  hw::Dcr dcr_;
  hw::Ecr ecr_;  // Mode and control bits; full and empty come from the FIFO.
  bool epp_timeout_ = false;
  bool irq_line_ = false;
  uint64_t interrupts_ = 0;
  std::function<void()> on_interrupt_;

  EngineState engine_ = EngineState::kIdle;
  // The byte the engine took from the FIFO and the peripheral has not yet taken (compatibility:
  // before the strobe; ECP: before event 36). cnfgA bit 2 reads 0 while there is one.
  std::optional<EcpByte> transmitter_;
  uint8_t output_byte_ = 0;  // What the engine keeps on the data lines between bytes.
  std::optional<EventId> engine_event_;
  Level hw_strobe_ = Level::kHigh;   // nStrobe / HostClk while the engine owns it.
  Level hw_auto_fd_ = Level::kHigh;  // nAutoFd / HostAck while the engine owns it.
  // ECP reverse run-length decompression: the pending count, and copies still to store.
  std::optional<uint8_t> rle_count_;
  int rle_repeats_ = 0;
  uint8_t rle_byte_ = 0;
};

}  // namespace parclass::sim

#endif  // PARCLASS_SIM_CHIP_H_
