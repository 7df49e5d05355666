// LineBridge: joins two cables as a pass-through port does. The host's drivers on the upstream
// cable (control and data lines) are copied to the host side of the downstream cable, and the
// peripheral's drivers downstream (status and data lines) to the peripheral side upstream, each
// direction switchable on its own. Drivers are copied, not values, so a released line stays
// released and contention still shows where it happens.
//
//   LineBridge pass(upstream, downstream);
//   pass.set_host_lines(kControlLines | kDataLines);  // everything the host drives goes down
//   pass.set_peripheral_lines({});  // a 1284.3 device answering a command packet itself

#ifndef PARCLASS_SIM_LINE_BRIDGE_H_
#define PARCLASS_SIM_LINE_BRIDGE_H_

#include "parclass/sim/cable.h"

namespace parclass::sim {

class LineBridge {
 public:
  LineBridge(Cable& upstream, Cable& downstream);
  ~LineBridge();
  LineBridge(const LineBridge&) = delete;
  LineBridge& operator=(const LineBridge&) = delete;

  // The host lines (control and data) forwarded downstream; the others are released there.
  void set_host_lines(LineSet lines);
  // The peripheral lines (status and data) forwarded upstream; the others are released there.
  void set_peripheral_lines(LineSet lines);
  LineSet host_lines() const { return host_lines_; }
  LineSet peripheral_lines() const { return peripheral_lines_; }

 private:
  void CopyHost();
  void CopyPeripheral();

  Cable& upstream_;
  Cable& downstream_;
  LineSet host_lines_;
  LineSet peripheral_lines_;
  ObserverId host_watch_;
  ObserverId peripheral_watch_;
};

}  // namespace parclass::sim

#endif  // PARCLASS_SIM_LINE_BRIDGE_H_
