// What a compatibility-mode printer's status lines say when it is busy (ieee1284.md 6.1): shared
// by every compatibility writer, the engine's software and FIFO paths and the kernel loop a
// backend runs (backends::PpdevPort).
//
//   if (!PrinterHealthy(status)) return PrinterComplaint(status).set_bytes_done(done);

#ifndef PARCLASS_BASE_PRINTER_STATUS_H_
#define PARCLASS_BASE_PRINTER_STATUS_H_

#include "parclass/base/error.h"
#include "parclass/base/lines.h"

namespace parclass {

// A busy printer that is healthy: Select high, nFault high, PError low (Linux's 0x18 check).
inline bool PrinterHealthy(LineLevels status) {
  return status.level(Line::kSelect) == Level::kHigh &&
         status.level(Line::kNFault) == Level::kHigh && status.level(Line::kPError) == Level::kLow;
}

// The kPeripheralError for a printer that is not healthy, naming what its lines say.
inline Error PrinterComplaint(LineLevels status) {
  const char* what = status.level(Line::kPError) == Level::kHigh ? "the printer is out of paper"
                     : status.level(Line::kSelect) == Level::kLow
                         ? "the printer is off-line"
                         : "the printer reports a fault (nFault low)";
  return Error(Errc::kPeripheralError, what)
      .set_lines(LineLevels()
                     .with(Line::kSelect, Level::kHigh)
                     .with(Line::kNFault, Level::kHigh)
                     .with(Line::kPError, Level::kLow),
                 status);
}

}  // namespace parclass

#endif  // PARCLASS_BASE_PRINTER_STATUS_H_
