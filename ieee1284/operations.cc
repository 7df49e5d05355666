// Choosing the link's transfer operations when it enters a mode (transfer_ops.h): the one place
// that asks which path a transfer takes.

#include "link_state.h"
#include "transfer_ops.h"

namespace parclass::ieee1284 {
namespace {

// The operation on `path`, from the paths' implementations of it.
template <typename Function>
Operation<Function> On(TransferPath path, Function* software, Function* chip, Function* kernel) {
  switch (path) {
    case TransferPath::kSoftware: return {software, path};
    case TransferPath::kFifo:
    case TransferPath::kEpp: return {chip, path};
    case TransferPath::kKernel: return {kernel, path};
  }
  return {software, TransferPath::kSoftware};
}

// The path of the mode's transfers on `lane`: the kernel's for a mode it negotiated, and for
// compatibility mode (which has no negotiation) wherever it runs it; else the engine's.
TransferPath PathOf(const LinkState& link, Lane lane) {
  if (link.in_kernel ||
      (link.mode == LinkMode::kCompatibility && KernelRuns(link, LinkMode::kCompatibility))) {
    return TransferPath::kKernel;
  }
  return EnginePathOf(link.allowed, lane, link.port.chip());
}

TransferOps EcpOperations(const LinkState& link) {
  TransferOps ops;
  ops.write =
      On(PathOf(link, Lane::kEcpForward), &software::WriteEcp, &fifo::WriteEcp, &kernel::Write);
  ops.read = On(PathOf(link, Lane::kEcpReverse), &software::ReadEcp, &fifo::ReadEcp, &kernel::Read);
  // The chip's ecpAFifo could take channel commands; the engine sends them itself, as Linux's
  // parport_ieee1284_ecp_write_addr does.
  ops.write_address = {&software::WriteEcpChannel, TransferPath::kSoftware};
  return ops;
}

TransferOps EppOperations(const LinkState& link) {
  TransferOps ops;
  const TransferPath data = PathOf(link, Lane::kEpp);
  ops.write = On(data, &software::WriteEpp, &chip_epp::Write, &kernel::Write);
  ops.read = On(data, &software::ReadEpp, &chip_epp::Read, &kernel::Read);
  // The kernel's loops move data only: address cycles stay on the engine's path.
  const TransferPath addresses = EnginePathOf(link.allowed, Lane::kEpp, link.port.chip());
  ops.write_address = On<WriteAddressFunction>(addresses, &software::WriteEppAddress,
                                               &chip_epp::WriteAddress, nullptr);
  ops.read_address = On<ReadAddressFunction>(addresses, &software::ReadEppAddress,
                                             &chip_epp::ReadAddress, nullptr);
  return ops;
}

TransferOps OperationsOf(const LinkState& link) {
  TransferOps ops;
  switch (link.mode) {
    case LinkMode::kCompatibility:
      ops.write = On(PathOf(link, Lane::kCompatibility), &software::WriteCompatibility,
                     &fifo::WriteCompatibility, &kernel::Write);
      return ops;
    case LinkMode::kNibble:
      ops.read = On<ReadFunction>(PathOf(link, Lane::kNibble), &software::ReadNibble, nullptr,
                                  &kernel::Read);
      return ops;
    case LinkMode::kByte:
      ops.read = On<ReadFunction>(PathOf(link, Lane::kByte), &software::ReadByteMode, nullptr,
                                  &kernel::Read);
      return ops;
    case LinkMode::kEcp: return EcpOperations(link);
    case LinkMode::kEpp: return EppOperations(link);
    case LinkMode::kExtensibilityLink: return ops;  // No transfers until the extended request.
  }
  return ops;
}

}  // namespace

void ChooseOperations(LinkState& link) { link.ops = OperationsOf(link); }

void EnterMode(LinkState& link, LinkMode mode) {
  link.mode = mode;
  ChooseOperations(link);
}

bool KernelRuns(const LinkState& link, LinkMode mode) {
  return link.port.kernel() != nullptr &&
         link.allowed.allows(LaneOf(mode, Direction::kForward), TransferPath::kKernel) &&
         link.allowed.allows(LaneOf(mode, Direction::kReverse), TransferPath::kKernel);
}

}  // namespace parclass::ieee1284
