// Port: start, ownership hooks and the 1284.3 bus; PortHandle: its typed API, the port callbacks
// and the information structures that hand them out (shared spec windows-parallel-interface.md
// 1.2, 1.6, 2.4, 4.1). The internal requests are decoded in request_decoder.cc.

#include "parclass/port/port.h"

#include <fmt/format.h>

#include <charconv>
#include <utility>

#include "parclass/base/context_registry.h"

namespace parclass::port {
namespace {

// "LPTn" (n >= 1) gives n - 1, the x of \Device\ParallelPort<x>.
std::optional<int> PortNumberOf(std::string_view name) {
  constexpr std::string_view kPrefix = "LPT";
  if (!name.starts_with(kPrefix) || name.size() == kPrefix.size()) return std::nullopt;
  int number = 0;
  const std::string_view digits = name.substr(kPrefix.size());
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  if (error != std::errc() || end != digits.data() + digits.size() || number < 1) {
    return std::nullopt;
  }
  return number - 1;
}

std::u16string Utf16Of(std::string_view ascii) { return {ascii.begin(), ascii.end()}; }

// The callbacks' context is a handle's number in this registry, so that a callback after the
// handle closed finds nothing instead of freed memory. Callbacks on one handle may run at once and
// nest (an interrupt or deferred routine may call back into its handle). Never destroyed: a handle
// may be closed while statics are destroyed.
ContextRegistry<PortHandle>& Handles() {
  static auto* registry = new ContextRegistry<PortHandle>;
  return *registry;
}

// The C callbacks of the information structures. For a context that names no open handle they
// answer as for a client that does not hold the port, and do nothing: not allocated, nothing to
// free, no waiters it can see (the count is the port's, which it no longer reaches), and
// STATUS_INVALID_DEVICE_STATE, the chip-mode callbacks' status for a caller without the port and
// the device callbacks' for a closed connection.
constexpr NtStatus kNotOpen = NtStatus::kInvalidDeviceState;

Boolean TryAllocateCallback(void* context) {
  return Handles().Call(context, Boolean{0}, [](PortHandle& handle) -> Boolean {
    return handle.TryAllocatePort() ? 1 : 0;
  });
}
void FreeCallback(void* context) {
  (void)Handles().Call(context, [](PortHandle& handle) { handle.FreePort(); });
}
uint32_t QueryWaitersCallback(void* context) {
  return Handles().Call(context, uint32_t{0},
                        [](PortHandle& handle) { return handle.QueryNumWaiters(); });
}
NtStatus SetChipModeCallback(void* context, uint8_t mode) {
  return Handles().Call(context, kNotOpen,
                        [mode](PortHandle& handle) { return handle.TrySetChipMode(mode); });
}
NtStatus ClearChipModeCallback(void* context, uint8_t mode) {
  return Handles().Call(context, kNotOpen,
                        [mode](PortHandle& handle) { return handle.ClearChipMode(mode); });
}
NtStatus TrySelectCallback(void* context, void* command) {
  return Handles().Call(context, kNotOpen, [command](PortHandle& handle) {
    if (command == nullptr) return NtStatus::kInvalidParameter;
    return handle.TrySelectDevice(*static_cast<const Parallel1284Command*>(command));
  });
}
NtStatus DeselectCallback(void* context, void* command) {
  return Handles().Call(context, kNotOpen, [command](PortHandle& handle) {
    if (command == nullptr) return NtStatus::kInvalidParameter;
    return handle.DeselectDevice(*static_cast<const Parallel1284Command*>(command));
  });
}

}  // namespace

Result<std::unique_ptr<Port>> Port::Start(hw::RegisterIo& io, Clock& clock, PortConfig config) {
  if (!PortNumberOf(config.name)) {
    return Error(Errc::kInvalidArgument,
                 fmt::format("port name \"{}\" is not LPTn: no port is created", config.name));
  }
  PARCLASS_ASSERT(config.max_daisy_chain_devices >= 0 &&
                      config.max_daisy_chain_devices <= kMaxDaisyChainDevices,
                  "a daisy chain holds 0 to 4 devices");
  auto registers = std::make_unique<hw::PortRegisters>(io);
  Detection detection = PARCLASS_TRY(Detect(*registers, clock, config.detect));
  // A backend that failed under detection's accesses read as a floating bus: no verdict stands.
  if (const std::optional<Error>& failure = io.failure()) return *failure;
  std::unique_ptr<Port> port(
      new Port(std::move(registers), clock, std::move(config), std::move(detection)));
  // A chain that cannot be counted leaves the port usable without it, as on Windows.
  (void)port->InitialiseChain();
  return port;
}

Port::Port(std::unique_ptr<hw::PortRegisters> registers, Clock& clock, PortConfig config,
           Detection detection)
    : registers_(std::move(registers)),
      clock_(clock),
      config_(std::move(config)),
      detection_(std::move(detection)),
      device_name_(fmt::format("ParallelPort{}", *PortNumberOf(config_.name))),
      port_name_(Utf16Of(config_.name)),
      register_map_(config_.base, config_.span, config_.ecp_base, detection_.features,
                    config_.detect.probe_ecr ? EcpReach::kReachable : EcpReach::kOutOfReach),
      host_(*registers_, clock),
      chain_(host_, config_.max_daisy_chain_devices),
      chip_modes_(*registers_, detection_.capabilities()),
      interrupts_(this),
      arbiter_(clock, Hooks()) {}

Port::~Port() {
  PARCLASS_ASSERT(open_handles_ == 0, "a port destroyed before its handles were closed");
}

ArbiterHooks Port::Hooks() {
  return {
      // Parport selects the end-of-chain device before it grants any plain allocation (6.2).
      .before_plain_grant = [this](ClientId) { (void)SelectDevice(DeviceTarget::EndOfChain()); },
      .on_grant = [this](ClientId client) { RestoreState(client); },
      .on_free = [this](ClientId client) { SaveState(client); },
      .on_idle = [this] { OnIdle(); },
  };
}

// The port OnInterrupt is dispatching on this thread, if any.
thread_local const Port* t_interrupted_port = nullptr;

bool Port::OnInterrupt() {
  const Port* outer = std::exchange(t_interrupted_port, this);
  const bool handled = interrupts_.Service();
  t_interrupted_port = outer;
  if (deferred_pending_.exchange(false)) interrupts_.RunDeferred();
  return handled;
}

// A free that left nobody waiting: the deferred routines run now, or, for a free at interrupt
// level, once the service routines have returned.
void Port::OnIdle() {
  if (t_interrupted_port == this) {
    deferred_pending_ = true;
    return;
  }
  interrupts_.RunDeferred();
}

Result<std::unique_ptr<PortHandle>> Port::Open() {
  if (removing_) return Error(Errc::kInvalidState, "the port is being removed");
  return std::unique_ptr<PortHandle>(new PortHandle(*this, NextClient()));
}

hw::HardwareCapabilities Port::capabilities() const {
  hw::HardwareCapabilities capabilities = detection_.capabilities();
  if (daisy_chain_devices() > 0) capabilities = capabilities | hw::HardwareCapability::kDot3;
  return capabilities;
}

int Port::daisy_chain_devices() const {
  const MutexLock lock(chain_mutex_);
  return chain_.device_count();
}

bool Port::daisy_chain_devices_beyond_limit() const {
  const MutexLock lock(chain_mutex_);
  return chain_.devices_beyond_limit();
}

uint8_t Port::chip_mode() const {
  const MutexLock lock(chip_mutex_);
  return chip_modes_.current();
}

Result<int> Port::InitialiseChain() {
  const MutexLock lock(chain_mutex_);
  return chain_.Initialise();
}

Result<void> Port::SelectDevice(DeviceTarget target) {
  const MutexLock lock(chain_mutex_);
  return chain_.Select(target.id());
}

Result<void> Port::DeselectDevice(DeviceTarget target) {
  const MutexLock lock(chain_mutex_);
  return chain_.Deselect(target.id());
}

// The registers a client had when it freed the port; then the port is parked, so that the next
// grant's 1284.3 packet and the next client find compatibility idle whatever this one left.
void Port::SaveState(ClientId client) {
  const hw::SavedRegisters state = registers_->Save();
  registers_->Park();
  const MutexLock lock(state_mutex_);
  saved_[client.value] = state;
}

// Puts back what the client had; a client that never held the port gets the port parked, its
// chain selection already made.
void Port::RestoreState(ClientId client) {
  std::optional<hw::SavedRegisters> state;
  {
    const MutexLock lock(state_mutex_);
    const auto found = saved_.find(client.value);
    if (found != saved_.end()) state = found->second;
  }
  if (state) registers_->Restore(*state);
}

PortHandle::PortHandle(Port& port, ClientId client)
    : port_(port), client_(client), context_(Handles().Add(*this)) {
  ++port_.open_handles_;
}

PortHandle::~PortHandle() {
  (void)Handles().Remove(context_);  // Later callbacks find nothing; running ones have returned.
  std::vector<InterruptRoutine> routines;
  std::optional<PortClaim> claim;
  {
    const MutexLock lock(mutex_);
    routines.swap(routines_);
    claim.swap(claim_);
  }
  for (const InterruptRoutine& routine : routines) (void)port_.interrupts_.Disconnect(routine);
  claim.reset();  // A client that goes away with the port frees it.
  {
    const MutexLock lock(port_.state_mutex_);
    port_.saved_.erase(client_.value);
  }
  --port_.open_handles_;
}

bool PortHandle::holds_port() const { return port_.arbiter_.owner() == client_; }

void PortHandle::Keep(PortClaim claim) {
  const MutexLock lock(mutex_);
  claim_ = std::move(claim);
}

// The typed API.

Result<PortClaim> PortHandle::Allocate(const RequestOptions& options) {
  return port_.arbiter_.Allocate(client_, options.deadline, options.cancel);
}

Result<PortClaim> PortHandle::TryAllocate() { return port_.arbiter_.TryAllocate(client_); }

// A target must be the end of the chain or a device the chain has.
Result<void> PortHandle::CheckTarget(DeviceTarget target) const {
  if (target.end_of_chain() || target.id() < port_.daisy_chain_devices()) return Ok();
  return Error(Errc::kInvalidArgument,
               fmt::format("the daisy chain has no device {}", static_cast<int>(target.id())));
}

// A holder's select or deselect: the target checked first, then the holding.
Result<void> PortHandle::CheckSelection(DeviceTarget target) const {
  PARCLASS_TRY(CheckTarget(target));
  if (!holds_port()) return Error(Errc::kInvalidState, "the client does not hold the port");
  return Ok();
}

Result<PortClaim> PortHandle::AllocateSelected(DeviceTarget target, const RequestOptions& options) {
  PARCLASS_TRY(CheckTarget(target));
  return port_.arbiter_.Select(
      client_, [this, target] { return port_.SelectDevice(target); }, options.deadline,
      options.cancel);
}

Result<PortClaim> PortHandle::TryAllocateSelected(DeviceTarget target) {
  PARCLASS_TRY(CheckTarget(target));
  return port_.arbiter_.TrySelect(client_, [this, target] { return port_.SelectDevice(target); });
}

Result<void> PortHandle::Select(DeviceTarget target) {
  PARCLASS_TRY(CheckSelection(target));
  return port_.SelectDevice(target);
}

Result<void> PortHandle::Deselect(DeviceTarget target) {
  PARCLASS_TRY(CheckSelection(target));
  return port_.DeselectDevice(target);
}

Result<int> PortHandle::InitialiseChain() { return port_.InitialiseChain(); }

// The callbacks (4.1): the claim they take is the handle's.

bool PortHandle::TryAllocatePort() {
  Result<PortClaim> claim = TryAllocate();
  if (!claim) return false;
  Keep(std::move(*claim));
  return true;
}

void PortHandle::FreePort() {
  std::optional<PortClaim> claim;
  {
    const MutexLock lock(mutex_);
    claim.swap(claim_);
  }
  claim.reset();
}

uint32_t PortHandle::QueryNumWaiters() const {
  return static_cast<uint32_t>(port_.arbiter_.QueryNumWaiters());
}

NtStatus PortHandle::TrySetChipMode(uint8_t mode) {
  // The caller must own the port (4.1).
  if (!holds_port()) return NtStatus::kInvalidDeviceState;
  const MutexLock lock(port_.chip_mutex_);
  return port_.chip_modes_.TrySet(mode);
}

NtStatus PortHandle::ClearChipMode(uint8_t mode) {
  if (!holds_port()) return NtStatus::kInvalidDeviceState;
  const MutexLock lock(port_.chip_mutex_);
  return port_.chip_modes_.Clear(mode);
}

// The callbacks answer a failed selection with STATUS_UNSUCCESSFUL, and a refused one with the
// status of the check that refused it.
NtStatus PortHandle::TrySelectDevice(const Parallel1284Command& command) {
  const std::optional<DeviceTarget> target = TargetOf(command);
  if (!target) return NtStatus::kNotSupported;
  if (KeepsPort(command)) return SelectionStatus(Select(*target));
  if (const Result<void> checked = CheckTarget(*target); !checked) {
    return StatusOf(checked.error());
  }
  Result<PortClaim> claim = TryAllocateSelected(*target);
  if (!claim) {
    // Busy: nothing was queued, the caller retries or sends the request (4.1).
    return claim.error().code() == Errc::kPortBusy ? NtStatus::kPending : NtStatus::kUnsuccessful;
  }
  Keep(std::move(*claim));
  return NtStatus::kSuccess;
}

NtStatus PortHandle::DeselectDevice(const Parallel1284Command& command) {
  const std::optional<DeviceTarget> target = TargetOf(command);
  if (!target) return NtStatus::kNotSupported;
  const Result<void> deselected = Deselect(*target);
  const NtStatus status = SelectionStatus(deselected);
  // A refused deselect changed nothing; one the chain failed still ends the holding it asked to.
  if (!KeepsPort(command) && (deselected || status == NtStatus::kUnsuccessful)) FreePort();
  return status;
}

Result<ParallelInterruptInformation> PortHandle::ConnectInterrupt(const InterruptRoutine& routine) {
  if (port_.config_.interrupts_unavailable) {
    return Error(Errc::kNotSupported, *port_.config_.interrupts_unavailable);
  }
  if (!port_.config_.enable_connect_interrupt) {
    return Error(Errc::kInvalidState,
                 "client interrupt routines are disabled (EnableConnectInterruptIoctl is 0)");
  }
  if (port_.interrupts_.Connect(routine) != NtStatus::kSuccess) {
    return Error(Errc::kInvalidArgument, routine.service == nullptr
                                             ? "an interrupt routine needs a service routine"
                                             : "this interrupt routine is connected already");
  }
  const MutexLock lock(mutex_);
  routines_.push_back(routine);
  return InterruptInformation();
}

Result<void> PortHandle::DisconnectInterrupt(const InterruptRoutine& routine) {
  {
    const MutexLock lock(mutex_);
    if (std::erase(routines_, routine) == 0) {
      return Error(Errc::kInvalidArgument, "this client connected no such interrupt routine");
    }
  }
  (void)port_.interrupts_.Disconnect(routine);
  return {};
}

// The information structures.

ParallelInterruptInformation PortHandle::InterruptInformation() {
  // The routines an ISR may call: ours never block, so they are the ordinary ones.
  return {.interrupt_object = &port_,
          .try_allocate_port_at_interrupt_level = &TryAllocateCallback,
          .free_port_from_interrupt_level = &FreeCallback,
          .context = context_};
}

ParallelPortInformation PortHandle::PortInformation() {
  const RegisterMap& map = port_.register_map_;
  return {.original_controller = port_.config_.base,
          .controller = map.base(),
          .span_of_controller = map.span(),
          .try_allocate_port = &TryAllocateCallback,
          .free_port = &FreeCallback,
          .query_num_waiters = &QueryWaitersCallback,
          .context = context_};
}

ParallelPnpInformation PortHandle::PnpInformation() {
  const Detection& detection = port_.detection_;
  const PortConfig& config = port_.config_;
  const hw::ChipFeatures& chip = detection.features;
  const RegisterMap& map = port_.register_map_;
  return {.original_ecp_controller = map.ecp_controller() != 0 ? config.ecp_base : 0,
          .ecp_controller = map.ecp_controller(),
          .span_of_ecp_controller = map.ecp_span(),
          .port_number = 0,
          .hardware_capabilities = port_.capabilities().bits(),
          .try_set_chip_mode = &SetChipModeCallback,
          .clear_chip_mode = &ClearChipModeCallback,
          .fifo_depth = static_cast<uint32_t>(chip.fifo_pwords()),
          .fifo_width = static_cast<uint32_t>(chip.pword_bits()),
          .epp_controller_physical_address = 0,
          .span_of_epp_controller = 0,
          .ieee1284_3_device_count = static_cast<uint32_t>(port_.daisy_chain_devices()),
          .try_select_device = &TrySelectCallback,
          .deselect_device = &DeselectCallback,
          .context = context_,
          .current_mode = port_.chip_mode(),
          .port_name = port_.port_name_.c_str()};
}

MoreParallelPortInformation PortHandle::MorePortInformation() const {
  const PortConfig& config = port_.config_;
  const std::optional<int> irq = config.irq ? config.irq : port_.detection_.irq;
  return {.interface_type = config.interface_type,
          .bus_number = config.bus_number,
          .interrupt_level = static_cast<uint32_t>(irq.value_or(0)),
          .interrupt_vector = static_cast<uint32_t>(irq.value_or(0)),
          .interrupt_affinity = irq ? 1u : 0u,
          .interrupt_mode = port_.detection_.level_interrupts ? InterruptMode::kLevelSensitive
                                                              : InterruptMode::kLatched};
}

}  // namespace parclass::port
