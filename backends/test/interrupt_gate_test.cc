// InterruptGate, and PpdevPort's use of it: no thread waits in poll() on the file while a kernel
// loop runs on it, a loop takes the waiter out first, and a stop ends the wait wherever it is.
// (What the gate prevents, a kernel slowed to 10 ms a byte, needs a real kernel: the QEMU stage's
// ppdev-interrupts phase.)

#include "parclass/backends/interrupt_gate.h"

#include <gtest/gtest.h>
#include <linux/parport.h>
#include <linux/ppdev.h>
#include <poll.h>
#include <sys/ioctl.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <optional>
#include <thread>
#include <vector>

#include "parclass/backends/ppdev.h"
#include "parclass/base/clock.h"

namespace parclass::backends {
namespace {

using namespace std::chrono_literals;

std::unique_ptr<InterruptGate> MakeGate() { return InterruptGate::Create().value(); }

// Blocks until `fd` is readable.
void AwaitReadable(int fd) {
  pollfd entry{.fd = fd, .events = POLLIN, .revents = 0};
  while (::poll(&entry, 1, -1) < 0 && errno == EINTR) {
  }
}

TEST(InterruptGateTest, ALoopWithNobodyPollingGoesAtOnce) {
  const std::unique_ptr<InterruptGate> gate = MakeGate();
  const InterruptGate::Loop outer(*gate);
  const InterruptGate::Loop nested(*gate);
}

TEST(InterruptGateTest, ALoopKicksThePollerOutAndWaitsUntilItHasLeft) {
  const std::unique_ptr<InterruptGate> gate = MakeGate();
  std::atomic<bool> polling = false;
  std::atomic<bool> left = false;
  std::jthread poller([&](const std::stop_token& stop) {
    const std::optional<int> kick = gate->EnterPoll(stop);
    ASSERT_TRUE(kick.has_value());
    polling = true;
    AwaitReadable(*kick);
    left = true;
    gate->LeavePoll();
  });
  while (!polling) std::this_thread::yield();
  const InterruptGate::Loop loop(*gate);
  EXPECT_TRUE(left);
}

TEST(InterruptGateTest, NoPollStartsWhileALoopRuns) {
  const std::unique_ptr<InterruptGate> gate = MakeGate();
  std::atomic<bool> entered = false;
  gate->EnterLoop();
  std::jthread poller([&](const std::stop_token& stop) {
    const std::optional<int> kick = gate->EnterPoll(stop);
    entered = kick.has_value();
    if (kick) gate->LeavePoll();
  });
  std::this_thread::sleep_for(20ms);  // Time to get past the gate, if it let the poller by.
  EXPECT_FALSE(entered);
  gate->LeaveLoop();
  poller.join();
  EXPECT_TRUE(entered);
}

TEST(InterruptGateTest, AStopEndsAWaitAtTheGate) {
  const std::unique_ptr<InterruptGate> gate = MakeGate();
  const InterruptGate::Loop loop(*gate);
  std::atomic<bool> stopped = false;
  std::jthread poller(
      [&](const std::stop_token& stop) { stopped = !gate->EnterPoll(stop).has_value(); });
  poller.request_stop();
  poller.join();
  EXPECT_TRUE(stopped);
}

TEST(InterruptGateTest, AStopRequestedBeforeLeavesNothingToPoll) {
  const std::unique_ptr<InterruptGate> gate = MakeGate();
  std::stop_source stop;
  stop.request_stop();
  EXPECT_FALSE(gate->EnterPoll(stop.get_token()).has_value());
}

TEST(InterruptGateTest, AKickLeftFromAnEarlierLoopDoesNotEndTheNextPoll) {
  const std::unique_ptr<InterruptGate> gate = MakeGate();
  gate->Kick();
  const std::stop_source stop;
  const std::optional<int> kick = gate->EnterPoll(stop.get_token());
  ASSERT_TRUE(kick.has_value());
  pollfd entry{.fd = *kick, .events = POLLIN, .revents = 0};
  EXPECT_EQ(::poll(&entry, 1, 0), 0);
  gate->LeavePoll();
}

// A ppdev node whose poll() blocks until the waiter's kick, and whose write() notes whether a
// thread was in poll() meanwhile.
class BlockingPollKernel final : public Syscalls {
 public:
  std::atomic<bool> in_poll = false;
  std::atomic<int> writes_beside_a_poll = 0;
  std::atomic<int> writes = 0;

 protected:
  int DoOpen(const std::string&, int) override { return 7; }
  int DoClose(int) override { return 0; }
  int DoIoctl(int, unsigned long request, void* argument) override {
    if (request == PPGETMODES) *static_cast<unsigned int*>(argument) = PARPORT_MODE_PCSPP;
    if (request == PPCLRIRQ) *static_cast<int*>(argument) = 0;
    return 0;
  }
  ssize_t DoRead(int, void*, size_t) override { return -EAGAIN; }
  ssize_t DoWrite(int, const void*, size_t size) override {
    if (in_poll) ++writes_beside_a_poll;
    ++writes;
    return static_cast<ssize_t>(std::min<size_t>(size, 1024));
  }
  int DoPoll(int, short, int) override { return 0; }
  int DoPollOrWake(int, short, int wake_fd) override {
    in_poll = true;
    AwaitReadable(wake_fd);
    in_poll = false;
    return 0;
  }
  int DoFcntl(int, int, int) override { return 0; }
  int DoIoperm(unsigned long, unsigned long, bool) override { return -ENOSYS; }
  int DoFlock(int, int) override { return 0; }
};

TEST(PpdevInterruptWaitTest, TheKernelsLoopRunsWithNoThreadInPoll) {
  BlockingPollKernel kernel;
  SteadyClock clock;
  const std::unique_ptr<PpdevPort> port = PpdevPort::Open(kernel, clock, {}).value();
  std::jthread waiter([&](const std::stop_token& stop) {
    while (!stop.stop_requested()) ASSERT_TRUE(port->WaitForInterrupts(stop));
  });
  const std::vector<uint8_t> job(4096, 0x5a);
  for (int round = 0; round < 20; ++round) {
    while (!kernel.in_poll) std::this_thread::yield();
    const Result<size_t> wrote = port->Write(job, Deadline::After(clock, 1s));
    ASSERT_TRUE(wrote);
    EXPECT_EQ(*wrote, job.size());
  }
  EXPECT_EQ(kernel.writes, 80);
  EXPECT_EQ(kernel.writes_beside_a_poll, 0);
  waiter.request_stop();  // Ends the wait in poll(): the stop kicks it.
  waiter.join();
  EXPECT_FALSE(kernel.in_poll);
}

}  // namespace
}  // namespace parclass::backends
