#include "parclass/sim/line_bridge.h"

namespace parclass::sim {
namespace {

constexpr LineSet kHostDriven = kControlLines | kDataLines;
constexpr LineSet kPeripheralDriven = kStatusLines | kDataLines;

// Copies `side`'s drivers of `lines` from `from` to `to`, releasing the rest of `all` on `to`.
void Mirror(const Cable& from, Cable& to, Side side, LineSet lines, LineSet all) {
  all.ForEach([&](Line line) {
    to.Drive(side, line, lines.contains(line) ? from.driver(side, line) : Drive::kRelease);
  });
  to.Settle();
}

}  // namespace

LineBridge::LineBridge(Cable& upstream, Cable& downstream)
    : upstream_(upstream), downstream_(downstream) {
  host_watch_ = upstream_.ObserveDrivers(Side::kHost, kHostDriven, [this](const Delta& delta) {
    if (!(delta.redriven_by(Side::kHost) & host_lines_).empty()) CopyHost();
  });
  peripheral_watch_ =
      downstream_.ObserveDrivers(Side::kPeripheral, kPeripheralDriven, [this](const Delta& delta) {
        if (!(delta.redriven_by(Side::kPeripheral) & peripheral_lines_).empty()) CopyPeripheral();
      });
}

LineBridge::~LineBridge() {
  upstream_.StopObserving(host_watch_);
  downstream_.StopObserving(peripheral_watch_);
}

void LineBridge::set_host_lines(LineSet lines) {
  host_lines_ = lines & kHostDriven;
  CopyHost();
}

void LineBridge::set_peripheral_lines(LineSet lines) {
  peripheral_lines_ = lines & kPeripheralDriven;
  CopyPeripheral();
}

void LineBridge::CopyHost() {
  Mirror(upstream_, downstream_, Side::kHost, host_lines_, kHostDriven);
}

void LineBridge::CopyPeripheral() {
  Mirror(downstream_, upstream_, Side::kPeripheral, peripheral_lines_, kPeripheralDriven);
}

}  // namespace parclass::sim
