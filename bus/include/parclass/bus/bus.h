// Bus: the devices on each port, found by their IEEE 1284 Device IDs, as Parport's LPT
// enumerator finds them (shared spec windows-parallel-interface.md 1.3-1.5): a raw device for
// every port, each IEEE 1284.3 daisy-chain device, and the end-of-chain device if one answers
// with a Device ID. Names follow Windows: ports \Device\ParallelPort<m>, devices Parallel<m>
// (LPT<m+1>), Parallel<m>.<x> (LPT<m+1>.<x>) and Parallel<m>.4 (LPT<m+1>.4).
//
//   Bus bus;
//   bus.AddPort(*port);                        // enumerates its devices
//   Device* printer = bus.Find("LPT1.4");      // or "Parallel0.4"
//   auto handle = printer->Open().value();
//   BusChanges changes = bus.Rescan().value(); // devices added and removed since
//
// Enumeration reads each Device ID in nibble mode, taking the port through the arbiter like any
// client; a device that answers nothing is not created (the raw device always is).

#ifndef PARCLASS_BUS_BUS_H_
#define PARCLASS_BUS_BUS_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parclass/base/result.h"
#include "parclass/bus/device.h"
#include "parclass/port/port.h"

namespace parclass::bus {

// The devices a change brought and took; a removed one stays alive (marked removed) as long as
// the bus, for handles that may still be open on it.
struct BusChanges {
  std::vector<Device*> added;
  std::vector<Device*> removed;
};

class Bus {
 public:
  explicit Bus(DeviceConfig config = {}) : config_(config) {}

  // Adds a port and enumerates its devices.
  Result<BusChanges> AddPort(port::Port& port);
  // Enumerates every port again (IOCTL_INTERNAL_INIT_1284_3_BUS first, with the port held): a
  // device whose Device ID changed is replaced; one no longer there is removed (its open handles
  // fail their requests with STATUS_DEVICE_REMOVED, and it is kept until they close). Each time
  // it takes a port it waits at most DeviceConfig::lock_timeout for a client that holds it, so
  // that one keeping the port stalls a rescan no longer; then kPortBusy, and the port's devices
  // stay as they were.
  Result<BusChanges> Rescan();
  // The same for one port of the bus.
  Result<BusChanges> Rescan(port::Port& port);
  // The port is gone (its backend vanished): every device on it is removed, as a rescan removes
  // one no longer there, and the port is enumerated no more. The port must outlive the devices'
  // handles, which the bus keeps until it is destroyed.
  BusChanges RemovePort(port::Port& port);

  // The devices present, by port and then raw, daisy-chain ids, end of chain.
  std::vector<Device*> devices() const;
  // Those of one port, in the same order.
  std::vector<Device*> devices(const port::Port& port) const;
  // By device name ("Parallel0.4") or symbolic link ("LPT1.4"); null if there is none.
  Device* Find(std::string_view name) const;

 private:
  struct Found {
    DeviceKind kind;
    uint8_t id;
    std::vector<uint8_t> raw_device_id;
  };
  Result<std::vector<Found>> Enumerate(port::Port& port) const;
  Result<BusChanges> Update(port::Port& port);
  // Moves the devices of `port` that `gone` says are gone to gone_, marked removed.
  template <typename Gone>
  void RemoveDevices(const port::Port& port, BusChanges& changes, Gone gone);

  DeviceConfig config_;
  std::vector<port::Port*> ports_;
  std::vector<std::unique_ptr<Device>> devices_;  // Present ones.
  std::vector<std::unique_ptr<Device>> gone_;     // Removed, kept while handles may be open.
};

}  // namespace parclass::bus

#endif  // PARCLASS_BUS_BUS_H_
