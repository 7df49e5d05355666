// libparclass_ppdev_preload.so: an unmodified ppdev program on a simulated topology.
//
//   PARCLASS_PPDEV=/tmp/parport-sim PARCLASS_TOPOLOGY=printer.json
//     LD_PRELOAD=libparclass_ppdev_preload.so  some-ppdev-program /tmp/parport-sim
//
// The library takes the C library's open, close, ioctl, read, write, poll and fcntl. A call on
// the path PARCLASS_PPDEV names (default /dev/parport-sim), or on a descriptor opened from it,
// goes to a PpdevEmulator over a SimulatedPort built from PARCLASS_TOPOLOGY (the built-in
// topology if unset); every other call goes to the C library untouched. An emulated file's
// descriptor is a real one, reserved by opening /dev/null, so the program's other descriptors
// never collide with it.
//
// PARCLASS_PPDEV_RECEIVED names a file that gets, at exit, every byte the topology's printer
// received. PARCLASS_PPDEV_REPORT names a file that gets, at exit, what the session looked like on
// the port's cable (SessionMonitor): the IEEE 1284 conformance checker's verdict on every line
// change the program caused, the EPP cycles the topology's printer took, and the simulator's
// errors (bus contention, accesses the chip does not decode). PARCLASS_PPDEV_VCD names a file that
// gets the session's line changes on the port's cable as a VCD (sim/vcd.h), written as they
// happen, for GTKWave or sigrok. The simulator keeps no trace of its own (a long session would
// fill memory with it): the checker and the VCD take each change as it happens.
//
// Virtual time follows the program: each register access costs the simulated chip's access
// time, and before every call the port's time is brought up to the wall-clock time since the
// library loaded, so that a program that sleeps while a slow peripheral works sees it answer.

#include <dlfcn.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "parclass/base/mutex.h"
#include "parclass/ppdev_sim/ppdev_emulator.h"
#include "parclass/ppdev_sim/session_monitor.h"
#include "parclass/sim/topology.h"
#include "parclass/sim/vcd.h"
#include "parclass/system/system.h"

namespace parclass::ppdev_sim {
namespace {

constexpr int kMaxDescriptors = 4096;

template <typename Function>
Function Next(const char* name) {
  return reinterpret_cast<Function>(dlsym(RTLD_NEXT, name));
}

using OpenFunction = int (*)(const char*, int, ...);
using OpenAtFunction = int (*)(int, const char*, int, ...);
using CloseFunction = int (*)(int);
using IoctlFunction = int (*)(int, unsigned long, ...);
using ReadFunction = ssize_t (*)(int, void*, size_t);
using WriteFunction = ssize_t (*)(int, const void*, size_t);
using PollFunction = int (*)(pollfd*, nfds_t, int);
using FcntlFunction = int (*)(int, int, ...);

// When the program started, as near as the library can tell: when it was loaded.
const std::chrono::steady_clock::time_point g_loaded = std::chrono::steady_clock::now();

// The emulated node: its path, the emulator, and which descriptors are its files.
class Node {
 public:
  Node() { Build(); }

  const std::string& path() const { return path_; }
  bool Owns(int fd) const { return fd >= 0 && fd < kMaxDescriptors && owned_[fd].load(); }
  PpdevEmulator* emulator() { return emulator_.get(); }

  // Open: reserve a real descriptor, then open the emulated file on its number.
  int Open(int flags) {
    static const auto real_open = Next<OpenFunction>("open");
    const int fd = real_open("/dev/null", O_RDWR | (flags & O_CLOEXEC));
    if (fd < 0) return -1;
    if (emulator_ == nullptr || fd >= kMaxDescriptors) return Fail(fd, emulator_ ? EMFILE : EIO);
    CatchUp();
    const int opened = emulator_->OpenAt(fd, path_, flags);
    if (opened < 0) return Fail(fd, -opened);
    owned_[fd] = true;
    return fd;
  }

  int Close(int fd) {
    static const auto real_close = Next<CloseFunction>("close");
    owned_[fd] = false;
    const int closed = emulator_->Close(fd);
    real_close(fd);
    return ReturnOf(closed);
  }

  // Brings the port's virtual time up to the wall-clock time since the library loaded.
  void CatchUp() {
    const Nanoseconds wall = std::chrono::steady_clock::now() - g_loaded;
    Nanoseconds now{};
    emulator_->WithPort(path_, [&](sim::SimulatedPort& port) {
      now = port.scheduler().Now();
      if (monitor_ != nullptr && now < wall) monitor_->Stalled(wall - now);
    });
    if (now < wall) emulator_->AdvanceTime(path_, wall - now);
  }

  // A call's result as the C library gives it: -1 with errno.
  static int ReturnOf(long result) {
    if (result >= 0) return static_cast<int>(result);
    errno = static_cast<int>(-result);
    return -1;
  }

 private:
  void Build() {
    const char* path = std::getenv("PARCLASS_PPDEV");
    path_ = path != nullptr && *path != '\0' ? path : "/dev/parport-sim";
    // The simulator spec the library reads: "sim", or "sim:FILE" for PARCLASS_TOPOLOGY=FILE.
    const char* file = std::getenv("PARCLASS_TOPOLOGY");
    const system::BackendSpec spec{.kind = system::BackendSpec::Kind::kSim,
                                   .argument = file != nullptr ? file : ""};
    Result<sim::Topology> topology = system::TopologyOf(spec);
    if (!topology) {
      std::fprintf(stderr, "parclass preload: %s: %s\n", spec.Format().c_str(),
                   topology.error().Format().c_str());
      return;  // Opens of the path fail with EIO.
    }
    emulator_ = std::make_unique<PpdevEmulator>();
    sim::SimulatedPort& port = emulator_->AddPort(path_, std::move(*topology));
    port.trace().set_recording(false);
    if (const char* out = std::getenv("PARCLASS_PPDEV_RECEIVED"); out != nullptr && *out != '\0') {
      received_path_ = out;
    }
    if (const char* out = std::getenv("PARCLASS_PPDEV_REPORT"); out != nullptr && *out != '\0') {
      report_path_ = out;
      monitor_ = std::make_unique<SessionMonitor>(port);
    }
    if (const char* out = std::getenv("PARCLASS_PPDEV_VCD"); out != nullptr && *out != '\0') {
      vcd_file_ = std::make_unique<std::ofstream>(out, std::ios::trunc);
      vcd_ = std::make_unique<sim::VcdRecorder>(*vcd_file_, port.cable());
    }
    if (!received_path_.empty() || monitor_ != nullptr || vcd_ != nullptr) std::atexit(AtExit);
  }

  // At exit, the files asked for: what the printer at the end of the topology received
  // (PARCLASS_PPDEV_RECEIVED), the session report (PARCLASS_PPDEV_REPORT), the end of the VCD
  // (PARCLASS_PPDEV_VCD).
  static void AtExit();

  int Fail(int fd, int error) {
    static const auto real_close = Next<CloseFunction>("close");
    real_close(fd);
    errno = error;
    return -1;
  }

  std::string path_;
  std::unique_ptr<PpdevEmulator> emulator_;
  std::atomic<bool> owned_[kMaxDescriptors] = {};
  std::string received_path_;                // PARCLASS_PPDEV_RECEIVED.
  std::string report_path_;                  // PARCLASS_PPDEV_REPORT.
  std::unique_ptr<SessionMonitor> monitor_;  // PARCLASS_PPDEV_REPORT's: watches the port.
  std::unique_ptr<std::ofstream> vcd_file_;  // PARCLASS_PPDEV_VCD.
  std::unique_ptr<sim::VcdRecorder> vcd_;
};

// The node, built on the first open of its path: a program that never opens it pays for a string
// comparison per open and an atomic load per call. Built under a lock, never destroyed (other
// threads may be inside it at exit). While it is being built its own reads (of the topology file)
// go to the C library, as g_node is still null.
std::atomic<Node*> g_node = nullptr;
Mutex g_build;

Node& BuiltNode() {
  if (Node* node = g_node.load(); node != nullptr) return *node;
  const MutexLock lock(g_build);
  if (g_node.load() == nullptr) g_node = new Node();
  return *g_node.load();
}

void Node::AtExit() {
  Node* node = g_node.load();
  if (node == nullptr || node->emulator_ == nullptr) return;
  std::vector<uint8_t> received;
  std::string report;
  node->emulator_->WithPort(node->path_, [&](sim::SimulatedPort& port) {
    if (port.printer() != nullptr) received = port.printer()->received();
    if (node->monitor_ != nullptr) report = node->monitor_->Finish();
    if (node->vcd_ != nullptr) node->vcd_->Finish();
  });
  if (!node->received_path_.empty()) {
    std::ofstream(node->received_path_, std::ios::binary)
        .write(reinterpret_cast<const char*>(received.data()),
               static_cast<std::streamsize>(received.size()));
  }
  if (node->monitor_ != nullptr) std::ofstream(node->report_path_) << report;
  if (node->vcd_file_ != nullptr) node->vcd_file_->flush();
}

Node* NodeOf(int fd) {
  Node* node = g_node.load();
  return node != nullptr && node->Owns(fd) && node->emulator() != nullptr ? node : nullptr;
}

bool IsNodePath(const char* path) {
  const char* wanted = std::getenv("PARCLASS_PPDEV");
  return path != nullptr && std::string_view(path) == (wanted != nullptr && *wanted != '\0'
                                                           ? std::string_view(wanted)
                                                           : std::string_view("/dev/parport-sim"));
}

mode_t ModeArgument(int flags, va_list arguments) {
  return (flags & (O_CREAT | O_TMPFILE)) != 0 ? va_arg(arguments, mode_t) : 0;
}

int OpenWith(const char* name, const char* path, int flags, mode_t mode) {
  if (IsNodePath(path)) return BuiltNode().Open(flags);
  static const auto real_open = Next<OpenFunction>(name);
  return real_open(path, flags, mode);
}

int OpenAtWith(const char* name, int directory, const char* path, int flags, mode_t mode) {
  if (IsNodePath(path)) return BuiltNode().Open(flags);
  static const auto real_openat = Next<OpenAtFunction>(name);
  return real_openat(directory, path, flags, mode);
}

}  // namespace
}  // namespace parclass::ppdev_sim

using parclass::ppdev_sim::Next;
using parclass::ppdev_sim::Node;
using parclass::ppdev_sim::NodeOf;

// The C library's entry points. A program built with _FILE_OFFSET_BITS=64 calls open64, one built
// with _FORTIFY_SOURCE the __open_2 family; each is taken. They have the C library's names, which
// are reserved or not in the project's style, and their own parameter names.
// NOLINTBEGIN(readability-inconsistent-declaration-parameter-name, bugprone-reserved-identifier,
// readability-identifier-naming)
extern "C" {

int open(const char* path, int flags, ...) {
  va_list arguments;
  va_start(arguments, flags);
  const mode_t mode = parclass::ppdev_sim::ModeArgument(flags, arguments);
  va_end(arguments);
  return parclass::ppdev_sim::OpenWith("open", path, flags, mode);
}

int open64(const char* path, int flags, ...) {
  va_list arguments;
  va_start(arguments, flags);
  const mode_t mode = parclass::ppdev_sim::ModeArgument(flags, arguments);
  va_end(arguments);
  return parclass::ppdev_sim::OpenWith("open64", path, flags, mode);
}

int openat(int directory, const char* path, int flags, ...) {
  va_list arguments;
  va_start(arguments, flags);
  const mode_t mode = parclass::ppdev_sim::ModeArgument(flags, arguments);
  va_end(arguments);
  return parclass::ppdev_sim::OpenAtWith("openat", directory, path, flags, mode);
}

int openat64(int directory, const char* path, int flags, ...) {
  va_list arguments;
  va_start(arguments, flags);
  const mode_t mode = parclass::ppdev_sim::ModeArgument(flags, arguments);
  va_end(arguments);
  return parclass::ppdev_sim::OpenAtWith("openat64", directory, path, flags, mode);
}

int __open_2(const char* path, int flags) {
  return parclass::ppdev_sim::OpenWith("open", path, flags, 0);
}

int __open64_2(const char* path, int flags) {
  return parclass::ppdev_sim::OpenWith("open64", path, flags, 0);
}

int close(int fd) {
  if (Node* node = NodeOf(fd)) return node->Close(fd);
  static const auto real_close = Next<parclass::ppdev_sim::CloseFunction>("close");
  return real_close(fd);
}

int ioctl(int fd, unsigned long request, ...) {
  va_list arguments;
  va_start(arguments, request);
  void* argument = va_arg(arguments, void*);
  va_end(arguments);
  if (Node* node = NodeOf(fd)) {
    node->CatchUp();
    return Node::ReturnOf(node->emulator()->Ioctl(fd, request, argument));
  }
  static const auto real_ioctl = Next<parclass::ppdev_sim::IoctlFunction>("ioctl");
  return real_ioctl(fd, request, argument);
}

ssize_t read(int fd, void* buffer, size_t size) {
  if (Node* node = NodeOf(fd)) {
    node->CatchUp();
    const ssize_t got = node->emulator()->Read(fd, buffer, size);
    return got < 0 ? Node::ReturnOf(got) : got;
  }
  static const auto real_read = Next<parclass::ppdev_sim::ReadFunction>("read");
  return real_read(fd, buffer, size);
}

ssize_t write(int fd, const void* buffer, size_t size) {
  if (Node* node = NodeOf(fd)) {
    node->CatchUp();
    const ssize_t wrote = node->emulator()->Write(fd, buffer, size);
    return wrote < 0 ? Node::ReturnOf(wrote) : wrote;
  }
  static const auto real_write = Next<parclass::ppdev_sim::WriteFunction>("write");
  return real_write(fd, buffer, size);
}

// One emulated descriptor alone is the emulator's poll; beside one real descriptor without a
// timeout (a thread waiting for the port's interrupts or its owner's wakeup, as parclass's
// interrupt thread does), the emulator's PollOrWake; in any other set with others, the emulated
// ones are looked at first without waiting, then the others are polled with the caller's timeout.
int poll(pollfd* fds, nfds_t count, int timeout_ms) {
  static const auto real_poll = Next<parclass::ppdev_sim::PollFunction>("poll");
  if (count == 2 && timeout_ms < 0) {
    for (nfds_t i = 0; i < 2; ++i) {
      Node* node = NodeOf(fds[i].fd);
      pollfd& other = fds[1 - i];
      if (node == nullptr || NodeOf(other.fd) != nullptr) continue;
      node->CatchUp();
      const int revents = node->emulator()->PollOrWake(fds[i].fd, fds[i].events, other.fd);
      if (revents < 0) return Node::ReturnOf(revents);
      fds[i].revents = static_cast<short>(revents);
      other.revents = static_cast<short>(revents == 0 ? POLLIN : 0);
      return 1;
    }
  }
  int ready = 0;
  bool any = false;
  for (nfds_t i = 0; i < count; ++i) {
    Node* node = NodeOf(fds[i].fd);
    if (node == nullptr) continue;
    any = true;
    node->CatchUp();
    const int revents =
        node->emulator()->Poll(fds[i].fd, fds[i].events, count == 1 ? timeout_ms : 0);
    if (revents < 0) return Node::ReturnOf(revents);
    fds[i].revents = static_cast<short>(revents);
    ready += revents != 0 ? 1 : 0;
  }
  if (!any) return real_poll(fds, count, timeout_ms);
  if (count == 1 || ready > 0) return ready;
  const int others = real_poll(fds, count, timeout_ms);  // Emulated ones read as /dev/null.
  return others;
}

int fcntl(int fd, int command, ...) {
  va_list arguments;
  va_start(arguments, command);
  const long argument = va_arg(arguments, long);
  va_end(arguments);
  Node* node = NodeOf(fd);
  if (node != nullptr && (command == F_GETFL || command == F_SETFL)) {
    return Node::ReturnOf(node->emulator()->Fcntl(fd, command, static_cast<int>(argument)));
  }
  static const auto real_fcntl = Next<parclass::ppdev_sim::FcntlFunction>("fcntl");
  return real_fcntl(fd, command, argument);  // Descriptor flags, dup: the reserved real one's.
}

}  // extern "C"
// NOLINTEND(readability-inconsistent-declaration-parameter-name, bugprone-reserved-identifier,
// readability-identifier-naming)
