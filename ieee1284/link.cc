// Link: the public transfers, each a call of the current mode's operation (transfer_ops.h); the
// link's state as its callers see it; the waits every handshake shares.

#include "parclass/ieee1284/link.h"

#include "link_state.h"

namespace parclass::ieee1284 {

Result<LineLevels> Await(LinkState& link, int event, LineLevels want, Deadline deadline) {
  Result<LineLevels> seen = link.port.WaitStatus(want, deadline);
  if (!seen) return Error(seen.error()).set_phase(link.phase).set_event(event);
  return seen;
}

bool DataAvailable(LinkState& link) {
  return link.port.Status().level(Line::kNFault) == Level::kLow;
}

Link::Link(HostPort& port, Timing timing) : state_(std::make_unique<LinkState>(port, timing)) {
  ChooseOperations(*state_);
}

Link::~Link() = default;
Link::Link(Link&&) noexcept = default;
Link& Link::operator=(Link&&) noexcept = default;

LinkMode Link::mode() const { return state_->mode; }
Phase Link::phase() const { return state_->phase; }
const Timing& Link::timing() const { return state_->timing; }
TransferPath Link::last_path() const { return state_->last_path; }
const AllowedPaths& Link::allowed_paths() const { return state_->allowed; }
std::optional<uint8_t> Link::reverse_channel() const { return state_->reverse_channel; }
bool Link::ecp_reverse() const { return state_->ecp_reverse; }
size_t Link::reverse_pending() const { return state_->reverse_pending.size(); }

void Link::set_allowed_paths(AllowedPaths paths) {
  state_->allowed = paths;
  ChooseOperations(*state_);
}

Result<Negotiated> Link::Negotiate(Ieee1284Request request) {
  return NegotiateMode(*state_, request);
}

Result<Negotiated> Link::NegotiateExtended(Ieee1284Request request) {
  return NegotiateExtendedMode(*state_, request);
}

Result<void> Link::Terminate() { return TerminateMode(*state_); }

Result<size_t> Link::WriteCompatibility(std::span<const uint8_t> bytes, Deadline deadline) {
  if (state_->mode != LinkMode::kCompatibility) PARCLASS_TRY(Terminate());
  return Run(*state_, state_->ops.write, bytes, deadline);
}

Result<size_t> Link::ReadNibble(std::span<uint8_t> buffer, Deadline deadline) {
  PARCLASS_ASSERT(state_->mode == LinkMode::kNibble, "ReadNibble needs a negotiated nibble link");
  return Run(*state_, state_->ops.read, buffer, deadline);
}

Result<size_t> Link::ReadByteMode(std::span<uint8_t> buffer, Deadline deadline) {
  PARCLASS_ASSERT(state_->mode == LinkMode::kByte, "ReadByteMode needs a negotiated byte link");
  return Run(*state_, state_->ops.read, buffer, deadline);
}

Result<size_t> Link::WriteEcp(std::span<const uint8_t> bytes, Deadline deadline) {
  PARCLASS_ASSERT(state_->mode == LinkMode::kEcp, "ECP transfers need a negotiated ECP link");
  return Run(*state_, state_->ops.write, bytes, deadline);
}

Result<void> Link::WriteEcpChannel(uint8_t channel, Deadline deadline) {
  PARCLASS_ASSERT(state_->mode == LinkMode::kEcp, "ECP transfers need a negotiated ECP link");
  return Run(*state_, state_->ops.write_address, channel, deadline);
}

Result<size_t> Link::ReadEcp(std::span<uint8_t> buffer, Deadline deadline) {
  PARCLASS_ASSERT(state_->mode == LinkMode::kEcp, "ECP transfers need a negotiated ECP link");
  return Run(*state_, state_->ops.read, buffer, deadline);
}

Result<size_t> Link::WriteEpp(std::span<const uint8_t> bytes, Deadline deadline) {
  PARCLASS_ASSERT(state_->mode == LinkMode::kEpp, "EPP transfers need a negotiated EPP link");
  return Run(*state_, state_->ops.write, bytes, deadline);
}

Result<size_t> Link::ReadEpp(std::span<uint8_t> buffer, Deadline deadline) {
  PARCLASS_ASSERT(state_->mode == LinkMode::kEpp, "EPP transfers need a negotiated EPP link");
  return Run(*state_, state_->ops.read, buffer, deadline);
}

Result<void> Link::WriteEppAddress(uint8_t address, Deadline deadline) {
  PARCLASS_ASSERT(state_->mode == LinkMode::kEpp, "EPP transfers need a negotiated EPP link");
  return Run(*state_, state_->ops.write_address, address, deadline);
}

Result<uint8_t> Link::ReadEppAddress(Deadline deadline) {
  PARCLASS_ASSERT(state_->mode == LinkMode::kEpp, "EPP transfers need a negotiated EPP link");
  return Run(*state_, state_->ops.read_address, deadline);
}

Result<size_t> Link::ReadReverse(ReverseMode mode, std::span<uint8_t> buffer, Deadline deadline) {
  switch (mode) {
    case ReverseMode::kNibble: return ReadNibble(buffer, deadline);
    case ReverseMode::kByte: return ReadByteMode(buffer, deadline);
    case ReverseMode::kEcp: return ReadEcp(buffer, deadline);
  }
  return Error(Errc::kInvalidArgument, "unknown reverse mode");
}

Result<void> Link::TurnEcpToReverse(Deadline deadline) {
  LinkState& link = *state_;
  PARCLASS_ASSERT(link.mode == LinkMode::kEcp, "ECP turnarounds need a negotiated ECP link");
  // A link the kernel runs is turned around by the kernel's loops, which track its direction.
  if (link.ecp_reverse || link.in_kernel) return Ok();
  Result<void> turned = ForwardToReverse(link, deadline);
  if (!turned) return TerminatedWith(link, turned.error());
  return Ok();
}

Result<void> Link::TurnEcpToForward() {
  LinkState& link = *state_;
  PARCLASS_ASSERT(link.mode == LinkMode::kEcp, "ECP turnarounds need a negotiated ECP link");
  if (!link.ecp_reverse || link.in_kernel) return Ok();
  Result<void> turned = ReverseToForward(link);
  if (!turned) return TerminatedWith(link, turned.error());
  return Ok();
}

}  // namespace parclass::ieee1284
