// What a parallel-port chip does beyond driving lines: its FIFO and its EPP cycles, as capability
// detection finds them (or a caller knows them). Drivers take a chip path only where this says
// the chip has one; the default is a chip with nothing but its SPP/PS/2 registers.
//
//   ChipFeatures chip{.ecr = true, .fifo_depth = 16};
//   chip.fifo();   // true: ECR modes 010 and 011 are there

#ifndef PARCLASS_HW_CHIP_FEATURES_H_
#define PARCLASS_HW_CHIP_FEATURES_H_

namespace parclass::hw {

struct ChipFeatures {
  bool ecr = false;     // An ECR and a FIFO: ECR modes 010 (compatibility) and 011 (ECP).
  int fifo_depth = 0;   // In bytes.
  int pword_bytes = 1;  // Bytes per FIFO access.
  bool epp = false;     // EPP cycles at base+3..7 (in ECR mode 100 when there is an ECR).
  bool epp32 = false;   // A 32-bit access to the EPP data register runs four cycles.
  // The ECR takes a write only with bit 0 set (Linux's ecr_writable; detection's "ecr-bit0").
  bool ecr_write_bit0 = false;

  bool fifo() const { return ecr && fifo_depth > 0; }
};

}  // namespace parclass::hw

#endif  // PARCLASS_HW_CHIP_FEATURES_H_
