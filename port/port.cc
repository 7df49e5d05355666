// Port: start, ownership hooks and the 1284.3 bus; PortHandle: the internal requests and the port
// callbacks (shared spec windows-parallel-interface.md 1.2, 1.6, 2.4, 4.1).

#include "parclass/port/port.h"

#include <fmt/format.h>

#include <charconv>
#include <cstring>
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

// The structures a request carries are copied in and out of its byte buffer, which need not be
// aligned for them.
template <typename T>
T ReadInput(const PortRequest& request) {
  T value;
  std::memcpy(&value, request.buffer.data(), sizeof(T));
  return value;
}

template <typename T>
RequestResult WriteOutput(const PortRequest& request, const T& value) {
  if (request.output_length < sizeof(T)) return {NtStatus::kBufferTooSmall, 0};
  std::memcpy(request.buffer.data(), &value, sizeof(T));
  return {NtStatus::kSuccess, sizeof(T)};
}

bool IsEndOfChain(const Parallel1284Command& command) {
  return command.id == kDot3EndOfChainId || (command.command_flags & kParEndOfChainDevice) != 0;
}

bool IsLegacyZip(const Parallel1284Command& command) {
  return command.id == kDot3LegacyZipId ||
         (command.command_flags &
          (kParLegacyZipDrive | kParLegacyZipDriveStdMode | kParLegacyZipDriveEppMode)) != 0;
}

uint8_t TargetOf(const Parallel1284Command& command) {
  return IsEndOfChain(command) ? kEndOfChainId : command.id;
}

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
  return Handles().Call(context, Boolean{0},
                        [](PortHandle& handle) -> Boolean { return handle.TryAllocate() ? 1 : 0; });
}
void FreeCallback(void* context) {
  (void)Handles().Call(context, [](PortHandle& handle) { handle.Free(); });
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
      host_(*registers_, clock),
      chain_(host_, config_.max_daisy_chain_devices),
      chip_modes_(*registers_, detection_.capabilities),
      interrupts_(this),
      arbiter_(clock, Hooks()) {}

Port::~Port() {
  PARCLASS_ASSERT(open_handles_ == 0, "a port destroyed before its handles were closed");
}

ArbiterHooks Port::Hooks() {
  return {
      // Parport selects the end-of-chain device before it grants any plain allocation (6.2).
      .before_plain_grant = [this](ClientId) { (void)SelectDevice(kEndOfChainId); },
      .on_grant = [this](ClientId client) { RestoreState(client); },
      .on_free = [this](ClientId client) { SaveState(client); },
      .on_idle = [this] { interrupts_.RunDeferred(); },
  };
}

Result<std::unique_ptr<PortHandle>> Port::Open() {
  if (removing_) return Error(Errc::kInvalidState, "the port is being removed");
  return std::unique_ptr<PortHandle>(new PortHandle(*this, NextClient()));
}

hw::HardwareCapabilities Port::capabilities() const {
  hw::HardwareCapabilities capabilities = detection_.capabilities;
  if (daisy_chain_devices() > 0) capabilities = capabilities | hw::HardwareCapability::kDot3;
  return capabilities;
}

int Port::daisy_chain_devices() const {
  const MutexLock lock(chain_mutex_);
  return chain_.device_count();
}

uint8_t Port::chip_mode() const {
  const MutexLock lock(chip_mutex_);
  return chip_modes_.current();
}

Result<int> Port::InitialiseChain() {
  const MutexLock lock(chain_mutex_);
  return chain_.Initialise();
}

Result<void> Port::SelectDevice(uint8_t id) {
  const MutexLock lock(chain_mutex_);
  return chain_.Select(id);
}

Result<void> Port::DeselectDevice(uint8_t id) {
  const MutexLock lock(chain_mutex_);
  return chain_.Deselect(id);
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

bool PortHandle::holds_port() const {
  const MutexLock lock(mutex_);
  return claim_.has_value() && claim_->holds();
}

void PortHandle::Keep(PortClaim claim) {
  const MutexLock lock(mutex_);
  claim_ = std::move(claim);
}

bool PortHandle::TryAllocate() {
  Result<PortClaim> claim = port_.arbiter_.TryAllocate(client_);
  if (!claim) return false;
  Keep(std::move(*claim));
  return true;
}

void PortHandle::Free() {
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

// A command's target must be the end of the chain or a device the chain has; the legacy Iomega
// Zip selection (header only) is not supported.
NtStatus PortHandle::CheckCommand(const Parallel1284Command& command) const {
  if (IsLegacyZip(command)) return NtStatus::kNotSupported;
  if (IsEndOfChain(command)) return NtStatus::kSuccess;
  if (command.id >= port_.daisy_chain_devices()) return NtStatus::kInvalidParameter;
  return NtStatus::kSuccess;
}

NtStatus PortHandle::TrySelectDevice(const Parallel1284Command& command) {
  if (const NtStatus checked = CheckCommand(command); checked != NtStatus::kSuccess) {
    return checked;
  }
  const uint8_t target = TargetOf(command);
  if ((command.command_flags & kParHavePortKeepPort) != 0) {
    if (!holds_port()) return NtStatus::kInvalidDeviceState;
    return port_.SelectDevice(target) ? NtStatus::kSuccess : NtStatus::kUnsuccessful;
  }
  Result<PortClaim> claim =
      port_.arbiter_.TrySelect(client_, [this, target] { return port_.SelectDevice(target); });
  if (!claim) {
    // Busy: nothing was queued, the caller retries or sends the request (4.1).
    return claim.error().code() == Errc::kPortBusy ? NtStatus::kPending : NtStatus::kUnsuccessful;
  }
  Keep(std::move(*claim));
  return NtStatus::kSuccess;
}

NtStatus PortHandle::DeselectDevice(const Parallel1284Command& command) {
  if (const NtStatus checked = CheckCommand(command); checked != NtStatus::kSuccess) {
    return checked;
  }
  if (!holds_port()) return NtStatus::kInvalidDeviceState;
  const Result<void> deselected = port_.DeselectDevice(TargetOf(command));
  if ((command.command_flags & kParHavePortKeepPort) == 0) Free();
  return deselected ? NtStatus::kSuccess : NtStatus::kUnsuccessful;
}

RequestResult PortHandle::InternalDeviceControl(const PortRequest& request,
                                                const RequestOptions& options) {
  if (request.input_length > request.buffer.size() ||
      request.output_length > request.buffer.size()) {
    return {NtStatus::kInvalidParameter, 0};
  }
  switch (request.code) {
    case kIoctlParallelPortAllocate: return Allocate(options);
    case kIoctlParallelPortFree: Free(); return {};
    case kIoctlGetParallelPortInfo: return WriteOutput(request, PortInformation());
    case kIoctlGetMoreParallelPortInfo: return WriteOutput(request, MorePortInformation());
    case kIoctlGetParallelPnpInfo: return WriteOutput(request, PnpInformation());
    case kIoctlReleaseParallelPortInfo: return {};  // A no-op that always succeeds (2.4).
    case kIoctlParallelConnectInterrupt: return ConnectInterrupt(request);
    case kIoctlParallelDisconnectInterrupt: return DisconnectInterrupt(request);
    case kIoctlParallelSetChipMode: return ChipModeRequest(request, /*set=*/true);
    case kIoctlParallelClearChipMode: return ChipModeRequest(request, /*set=*/false);
    case kIoctlInit12843Bus: {
      const Result<int> count = port_.InitialiseChain();
      return {count ? NtStatus::kSuccess : StatusOf(count.error()), 0};
    }
    case kIoctlSelectDevice: return SelectDevice(request, options);
    case kIoctlDeselectDevice: return DeselectDeviceRequest(request);
    default: break;
  }
  // Requests the headers name and no documentation describes (2.4, 6.3).
  if (!PortIoctlName(request.code).empty()) return {NtStatus::kNotSupported, 0};
  return {NtStatus::kInvalidParameter, 0};
}

RequestResult PortHandle::Allocate(const RequestOptions& options) {
  if (holds_port()) return {NtStatus::kSuccess, 0};  // Already this client's.
  Result<PortClaim> claim = port_.arbiter_.Allocate(client_, options.deadline, options.cancel);
  if (!claim) return {StatusOf(claim.error()), 0};
  Keep(std::move(*claim));
  return {};
}

RequestResult PortHandle::SelectDevice(const PortRequest& request, const RequestOptions& options) {
  if (request.input_length < sizeof(Parallel1284Command)) return {NtStatus::kBufferTooSmall, 0};
  const auto command = ReadInput<Parallel1284Command>(request);
  if (const NtStatus checked = CheckCommand(command); checked != NtStatus::kSuccess) {
    return {checked, 0};
  }
  const uint8_t target = TargetOf(command);
  if ((command.command_flags & kParHavePortKeepPort) != 0) {
    if (!holds_port()) return {NtStatus::kInvalidDeviceState, 0};
    const Result<void> selected = port_.SelectDevice(target);
    return {selected ? NtStatus::kSuccess : StatusOf(selected.error()), 0};
  }
  if (holds_port()) return {NtStatus::kInvalidDeviceState, 0};  // It would wait for itself.
  Result<PortClaim> claim = port_.arbiter_.Select(
      client_, [this, target] { return port_.SelectDevice(target); }, options.deadline,
      options.cancel);
  if (!claim) return {StatusOf(claim.error()), 0};
  Keep(std::move(*claim));
  return {};
}

RequestResult PortHandle::DeselectDeviceRequest(const PortRequest& request) {
  if (request.input_length < sizeof(Parallel1284Command)) return {NtStatus::kBufferTooSmall, 0};
  return {DeselectDevice(ReadInput<Parallel1284Command>(request)), 0};
}

RequestResult PortHandle::ConnectInterrupt(const PortRequest& request) {
  if (request.input_length < sizeof(ParallelInterruptServiceRoutine) ||
      request.output_length < sizeof(ParallelInterruptInformation)) {
    return {NtStatus::kBufferTooSmall, 0};
  }
  // Disabled unless the port's configuration enables it (EnableConnectInterruptIoctl, 1.7).
  if (!port_.config_.enable_connect_interrupt) return {NtStatus::kUnsuccessful, 0};
  const auto routine = ReadInput<ParallelInterruptServiceRoutine>(request);
  const NtStatus connected = port_.interrupts_.Connect(routine);
  if (connected != NtStatus::kSuccess) return {connected, 0};
  {
    const MutexLock lock(mutex_);
    routines_.push_back(routine);
  }
  // The routines an ISR may call: ours never block, so they are the ordinary ones.
  return WriteOutput(request, ParallelInterruptInformation{
                                  .interrupt_object = &port_,
                                  .try_allocate_port_at_interrupt_level = &TryAllocateCallback,
                                  .free_port_from_interrupt_level = &FreeCallback,
                                  .context = context_});
}

RequestResult PortHandle::DisconnectInterrupt(const PortRequest& request) {
  if (request.input_length < sizeof(ParallelInterruptServiceRoutine)) {
    return {NtStatus::kBufferTooSmall, 0};
  }
  const auto routine = ReadInput<ParallelInterruptServiceRoutine>(request);
  const NtStatus disconnected = port_.interrupts_.Disconnect(routine);
  if (disconnected == NtStatus::kSuccess) {
    const MutexLock lock(mutex_);
    std::erase(routines_, routine);
  }
  return {disconnected, 0};
}

RequestResult PortHandle::ChipModeRequest(const PortRequest& request, bool set) {
  if (request.input_length < sizeof(ParallelChipMode)) return {NtStatus::kBufferTooSmall, 0};
  const uint8_t mode = ReadInput<ParallelChipMode>(request).mode_flags;
  return {set ? TrySetChipMode(mode) : ClearChipMode(mode), 0};
}

ParallelPortInformation PortHandle::PortInformation() {
  const PortConfig& config = port_.config_;
  return {.original_controller = config.base,
          .controller = static_cast<uintptr_t>(config.base),
          .span_of_controller = config.span,
          .try_allocate_port = &TryAllocateCallback,
          .free_port = &FreeCallback,
          .query_num_waiters = &QueryWaitersCallback,
          .context = context_};
}

ParallelPnpInformation PortHandle::PnpInformation() {
  const Detection& detection = port_.detection_;
  const PortConfig& config = port_.config_;
  const bool ecr = detection.features.ecr;
  const int pword = ecr ? detection.pword_bytes : 0;
  return {.original_ecp_controller = ecr ? config.ecp_base : 0,
          .ecp_controller = ecr ? static_cast<uintptr_t>(config.ecp_base) : 0,
          .span_of_ecp_controller = ecr ? 3u : 0u,  // ECP_SPAN.
          .port_number = 0,
          .hardware_capabilities = port_.capabilities().bits(),
          .try_set_chip_mode = &SetChipModeCallback,
          .clear_chip_mode = &ClearChipModeCallback,
          .fifo_depth = pword > 0 ? static_cast<uint32_t>(detection.fifo_depth / pword) : 0,
          .fifo_width = static_cast<uint32_t>(pword * 8),
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
