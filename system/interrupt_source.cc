#include "parclass/system/interrupt_source.h"

#include <utility>

namespace parclass::system {

std::unique_ptr<InterruptSource> InterruptSource::Simulated(sim::SimulatedPort& simulated,
                                                            port::Port& port) {
  std::unique_ptr<InterruptSource> source(new InterruptSource(port));
  source->simulated_ = &simulated;
  simulated.chip().set_interrupt_handler([source = source.get()] { source->OnChipInterrupt(); });
  return source;
}

Result<std::unique_ptr<InterruptSource>> InterruptSource::Ppdev(backends::PpdevPort& ppdev,
                                                                port::Port& port) {
  std::unique_ptr<InterruptSource> source(new InterruptSource(port));
  source->ppdev_ = &ppdev;
  source->thread_ =
      std::jthread([source = source.get()](const std::stop_token& stop) { source->Run(stop); });
  return source;
}

InterruptSource::~InterruptSource() {
  if (simulated_ != nullptr) {
    simulated_->chip().set_interrupt_handler(nullptr);
    if (event_) simulated_->scheduler().Cancel(*event_);
  }
  if (thread_.joinable()) {
    thread_.request_stop();  // Ends the thread's wait, in poll() or at the ppdev port's gate.
    thread_.join();
  }
}

std::optional<Error> InterruptSource::failure() const {
  const MutexLock lock(mutex_);
  return failure_;
}

// Inside the chip's line update: the delivery is an event of its own at the same instant.
void InterruptSource::OnChipInterrupt() {
  ++pending_;
  if (event_) return;
  event_ = simulated_->scheduler().ScheduleAfter(Nanoseconds(0), [this] {
    event_.reset();
    const int count = std::exchange(pending_, 0);
    for (int i = 0; i < count; ++i) Deliver();
  });
}

void InterruptSource::Deliver() {
  ++delivered_;
  (void)port_.OnInterrupt();
}

void InterruptSource::Run(const std::stop_token& stop) {
  while (!stop.stop_requested()) {
    const Result<int> count = ppdev_->WaitForInterrupts(stop);
    if (stop.stop_requested()) return;
    if (!count) {
      const MutexLock lock(mutex_);
      failure_ = count.error();
      return;
    }
    for (int i = 0; i < *count; ++i) Deliver();
  }
}

}  // namespace parclass::system
