// Every peripheral fault the simulator models, run through the engine in every mode and on every
// path that can meet it: each gives its own error (code, phase, IEEE event, bytes done), the link
// is left in compatibility mode, and the link recovers: once the peripheral behaves again, a
// fresh negotiation and transfer work.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "link_fixture.h"

namespace parclass::ieee1284 {
namespace {

using std::chrono::milliseconds;
using ::testing::ElementsAreArray;

constexpr size_t kLength = 40;  // More than a 16-byte FIFO holds.

std::vector<uint8_t> Pattern() {
  std::vector<uint8_t> bytes;
  for (size_t i = 0; i < kLength; ++i) bytes.push_back(static_cast<uint8_t>('A' + i % 26));
  return bytes;
}

// A transfer in one mode, set up by negotiating `request` first (none: compatibility mode).
enum class Transfer : uint8_t {
  kCompatWrite,
  kNibbleRead,
  kByteRead,
  kEcpWrite,
  kEcpRead,
  kEppWrite,
  kEppRead
};

struct FaultCase {
  std::string name;
  Transfer transfer;
  int never;  // The event the peripheral never produces.
  Errc code;
  int event;  // The event the error names.
  // Bytes done through the FIFO: 1 where the chip stores a byte before the missing event.
  size_t fifo_bytes_done = 0;
};

void PrintTo(const FaultCase& fault, std::ostream* out) { *out << fault.name; }

// The protocol faults: one missing event in each handshake. Events 2, 6 and 31 belong to the
// negotiation before the transfer; 24 and 27 to the termination after a failed one.
const std::vector<FaultCase>& ProtocolFaults() {
  static const std::vector<FaultCase> faults = {
      {"nibble_no_event2", Transfer::kNibbleRead, 2, Errc::kNotIeee1284, 2},
      {"nibble_no_event6", Transfer::kNibbleRead, 6, Errc::kTimeout, 6},
      {"nibble_no_event9", Transfer::kNibbleRead, 9, Errc::kTimeout, 9},
      {"nibble_no_event11", Transfer::kNibbleRead, 11, Errc::kTimeout, 11},
      {"byte_no_event9", Transfer::kByteRead, 9, Errc::kTimeout, 9},
      {"byte_no_event11", Transfer::kByteRead, 11, Errc::kTimeout, 11},
      {"ecp_no_event31", Transfer::kEcpWrite, 31, Errc::kTimeout, 31},
      {"ecp_write_no_event36", Transfer::kEcpWrite, 36, Errc::kTimeout, 36},
      {"ecp_read_no_event40", Transfer::kEcpRead, 40, Errc::kTimeout, 40},
      {"ecp_read_no_event43", Transfer::kEcpRead, 43, Errc::kTimeout, 43},
      {"ecp_read_no_event45", Transfer::kEcpRead, 45, Errc::kTimeout, 45, 1},
      {"epp_write_no_event58", Transfer::kEppWrite, 58, Errc::kTimeout, 58},
      {"epp_read_no_event58", Transfer::kEppRead, 58, Errc::kTimeout, 58},
  };
  return faults;
}

class FaultTest : public LinkFixture,
                  public ::testing::WithParamInterface<std::tuple<ChipCase, FaultCase>> {
 protected:
  FaultTest() : LinkFixture(std::get<0>(GetParam())) {}

  const FaultCase& fault() const { return std::get<1>(GetParam()); }

  // Negotiates the transfer's mode and runs it over the pattern.
  Result<size_t> Run(Transfer transfer, std::vector<uint8_t>& buffer) {
    const Deadline deadline = Within(milliseconds(200));
    switch (transfer) {
      case Transfer::kCompatWrite: return link_.WriteCompatibility(Pattern(), deadline);
      case Transfer::kNibbleRead:
        PARCLASS_TRY(link_.Negotiate(kNibbleRequest));
        return link_.ReadNibble(buffer, deadline);
      case Transfer::kByteRead:
        PARCLASS_TRY(link_.Negotiate(kByteRequest));
        return link_.ReadByteMode(buffer, deadline);
      case Transfer::kEcpWrite:
        PARCLASS_TRY(link_.Negotiate(kEcpRequest));
        return link_.WriteEcp(Pattern(), deadline);
      case Transfer::kEcpRead:
        PARCLASS_TRY(link_.Negotiate(kEcpRequest));
        return link_.ReadEcp(buffer, deadline);
      case Transfer::kEppWrite:
        PARCLASS_TRY(link_.Negotiate(kEppRequest));
        return link_.WriteEpp(Pattern(), deadline);
      case Transfer::kEppRead:
        PARCLASS_TRY(link_.Negotiate(kEppRequest));
        return link_.ReadEpp(buffer, deadline);
    }
    return Error(Errc::kInvalidArgument, "no such transfer");
  }

  // After a fault: the link is in compatibility mode, and once the peripheral behaves, a
  // negotiation and a nibble read work again (what the fault left queued comes first).
  void ExpectRecovered() {
    EXPECT_EQ(link_.mode(), LinkMode::kCompatibility);
    printer().side().faults() = {};
    port_.scheduler().SleepFor(milliseconds(1));
    printer().QueueReverse(Bytes("again"));
    ASSERT_OK(link_.Negotiate(kNibbleRequest));
    std::vector<uint8_t> buffer(2 * kLength);
    const Result<size_t> got = link_.ReadNibble(buffer, Within(milliseconds(100)));
    ASSERT_OK(got);
    ASSERT_GE(*got, 5u);
    EXPECT_EQ(std::vector<uint8_t>(buffer.begin() + static_cast<long>(*got) - 5,
                                   buffer.begin() + static_cast<long>(*got)),
              Bytes("again"));
    ASSERT_OK(link_.Terminate());
  }
};

TEST_P(FaultTest, MissingEventGivesItsErrorAndTheLinkRecovers) {
  printer().QueueReverse(Pattern());
  printer().side().faults().never.insert(fault().never);
  std::vector<uint8_t> buffer(kLength);
  const Result<size_t> result = Run(fault().transfer, buffer);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), fault().code) << result.error().Format();
  EXPECT_EQ(result.error().event(), fault().event) << result.error().Format();
  if (result.error().bytes_done()) {
    // The event is missing from the first byte on: nothing was moved, except a byte the chip's
    // reverse FIFO stored at event 43, which is in the caller's buffer.
    const bool fifo = link_.last_path() == TransferPath::kFifo;
    EXPECT_EQ(*result.error().bytes_done(), fifo ? fault().fifo_bytes_done : 0u)
        << result.error().Format();
  }
  ExpectRecovered();
  check_conformance_ = false;  // The missing event is the peripheral's violation.
}

// Which chip cases can run a transfer.
bool CanRun(const ChipCase& chip, Transfer transfer) {
  const sim::ChipConfig config = chip.config();
  switch (transfer) {
    case Transfer::kCompatWrite:
    case Transfer::kNibbleRead: return true;
    default: return config.bidirectional;
  }
}

std::vector<std::tuple<ChipCase, FaultCase>> ProtocolCases() {
  std::vector<std::tuple<ChipCase, FaultCase>> cases;
  for (const ChipCase& chip :
       SoftwareAndChip({&sim::ChipConfig::SppOnly, &sim::ChipConfig::Ps2, &sim::ChipConfig::EppOnly,
                        &sim::ChipConfig::Ecp, &sim::ChipConfig::EcpEpp})) {
    for (const FaultCase& fault : ProtocolFaults()) {
      if (CanRun(chip, fault.transfer)) cases.emplace_back(chip, fault);
    }
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(
    Faults, FaultTest, ::testing::ValuesIn(ProtocolCases()), [](const auto& info) {
      return CaseName({std::get<0>(info.param), info.index}) + "_" + std::get<1>(info.param).name;
    });

// Faults in the middle of a transfer, where the count is the point: on each path, the bytes done
// are exactly the bytes the peripheral took (forward) or the caller received (reverse).
class MidTransferFaultTest : public LinkFixture, public ::testing::WithParamInterface<ChipCase> {
 protected:
  MidTransferFaultTest() : LinkFixture(GetParam()) {}
  sim::EcpChannel& device() { return *port_.printer_ecp(); }
};

// The ECP device stops taking bytes after 21: in software the error comes at the 22nd byte's
// event 36; through the FIFO the chip has queued more, and the frozen FIFO and cnfgA account for
// every one of them.
TEST_P(MidTransferFaultTest, EcpDeviceStopsTakingBytes) {
  ASSERT_OK(link_.Negotiate(kEcpRequest));
  port_.cable().Observe({Line::kBusy}, [&](const sim::Delta& delta) {
    if (delta.Rose(Line::kBusy) && device().received_on(0).size() == 21) {
      printer().side().faults().never.insert(36);
    }
  });
  const Result<size_t> sent = link_.WriteEcp(Pattern(), Within(milliseconds(200)));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code(), Errc::kTimeout);
  EXPECT_EQ(sent.error().event(), 36);
  EXPECT_EQ(sent.error().bytes_done(), 21u) << sent.error().Format();
  EXPECT_EQ(device().received_on(0).size(), 21u);
  EXPECT_EQ(link_.mode(), LinkMode::kCompatibility);
  check_conformance_ = false;
}

// The printer goes off-line after 13 bytes: the FIFO path sees the printer stall, reports it,
// and counts what the FIFO still held.
TEST_P(MidTransferFaultTest, PrinterGoesOfflineMidWrite) {
  port_.cable().Observe({Line::kNAck}, [&](const sim::Delta& delta) {
    if (delta.Rose(Line::kNAck) && printer().received().size() == 13) {
      printer().set_condition(sim::Condition::kOffline);
    }
  });
  const Result<size_t> sent = link_.WriteCompatibility(Pattern(), Within(milliseconds(50)));
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().code(), Errc::kPeripheralError);
  EXPECT_EQ(sent.error().bytes_done(), 13u) << sent.error().Format();
  EXPECT_EQ(printer().received().size(), 13u);
}

// The ECP device vanishes (unplugged) part way through a reverse transfer: whatever the path,
// the caller gets a prefix of what was sent and the count says exactly how long it is.
TEST_P(MidTransferFaultTest, EcpDeviceVanishesMidRead) {
  ASSERT_OK(link_.Negotiate(kEcpRequest));
  printer().QueueReverse(Pattern());
  int presented = 0;
  port_.cable().Observe({Line::kNAck}, [&](const sim::Delta& delta) {
    if (delta.Fell(Line::kNAck) && ++presented == 17) printer().side().Vanish();
  });
  std::vector<uint8_t> buffer(kLength);
  const Result<size_t> got = link_.ReadEcp(buffer, Within(milliseconds(100)));
  size_t done = 0;
  if (got) {
    done = *got;  // A vanished peripheral's lines float high: "no more data".
  } else {
    ASSERT_TRUE(got.error().bytes_done().has_value()) << got.error().Format();
    done = *got.error().bytes_done();
  }
  EXPECT_GT(done, 0u);
  EXPECT_LT(done, kLength);
  const std::vector<uint8_t> sent = Pattern();
  EXPECT_TRUE(std::equal(buffer.begin(), buffer.begin() + static_cast<long>(done), sent.begin()));
  check_conformance_ = false;
}

INSTANTIATE_TEST_SUITE_P(Chips, MidTransferFaultTest,
                         ::testing::ValuesIn(SoftwareAndChip({&sim::ChipConfig::Ecp,
                                                              &sim::ChipConfig::EcpEpp})),
                         CaseName);

}  // namespace
}  // namespace parclass::ieee1284
