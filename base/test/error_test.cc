#include "parclass/base/error.h"

#include <gtest/gtest.h>

#include <sstream>

namespace parclass {
namespace {

constexpr LineLevels kEvent2 = LineLevels()
                                   .with(Line::kNAck, Level::kLow)
                                   .with(Line::kPError, Level::kHigh)
                                   .with(Line::kSelect, Level::kHigh)
                                   .with(Line::kNFault, Level::kHigh);

TEST(ErrorTest, CodeAndDetailOnly) {
  const Error error(Errc::kPortBusy, "the port is held by another client");
  EXPECT_EQ(error.Format(), "port busy: the port is held by another client");
  EXPECT_EQ(error.phase(), Phase::kUnknown);
  EXPECT_FALSE(error.event().has_value());
  EXPECT_FALSE(error.bytes_done().has_value());
}

TEST(ErrorTest, CarriesWhereAProtocolStepFailed) {
  const LineLevels seen = kEvent2.with(Line::kNAck, Level::kHigh).with(Line::kBusy, Level::kLow);
  Error error(Errc::kNotIeee1284, "peripheral did not answer the negotiation request");
  error.set_phase(Phase::kNegotiation).set_event(2).set_lines(kEvent2, seen).set_bytes_done(0);

  EXPECT_EQ(error.code(), Errc::kNotIeee1284);
  EXPECT_EQ(error.phase(), Phase::kNegotiation);
  EXPECT_EQ(error.event(), 2);
  EXPECT_EQ(error.expected_lines(), kEvent2);
  EXPECT_EQ(error.seen_lines(), seen);
  EXPECT_EQ(error.bytes_done(), 0u);
  EXPECT_EQ(error.Format(),
            "not IEEE 1284: peripheral did not answer the negotiation request (negotiation, "
            "event 2; expected nAck low, PError high, Select high, nFault high; seen nAck high, "
            "Busy low, PError high, Select high, nFault high; 0 bytes done)");
}

TEST(ErrorTest, BytesDoneOfAPartialTransfer) {
  const Error error = Error(Errc::kTimeout, "printer stayed busy")
                          .set_phase(Phase::kForwardTransfer)
                          .set_bytes_done(1);
  EXPECT_EQ(error.Format(), "timeout: printer stayed busy (forward transfer; 1 byte done)");
  EXPECT_EQ(Error(Errc::kTimeout, "x").set_bytes_done(4096).Format(),
            "timeout: x (4096 bytes done)");
}

TEST(ErrorTest, EventWithoutPhase) {
  EXPECT_EQ(Error(Errc::kProtocolError, "nAck fell early").set_event(6).Format(),
            "protocol error: nAck fell early (event 6)");
}

TEST(ErrorTest, StreamsAsItsFormat) {
  std::ostringstream stream;
  stream << Error(Errc::kCancelled, "client closed the device");
  EXPECT_EQ(stream.str(), "cancelled: client closed the device");
}

TEST(ErrorTest, RewordedKeepsWhereItHappened) {
  const Error timeout = Error(Errc::kTimeout, "no answer")
                            .set_phase(Phase::kNegotiation)
                            .set_event(2)
                            .set_lines(kEvent2, kEvent2.with(Line::kNAck, Level::kHigh))
                            .set_bytes_done(0);
  const Error reworded = timeout.Reworded(Errc::kNotIeee1284, "not an IEEE 1284 peripheral");
  EXPECT_EQ(reworded.code(), Errc::kNotIeee1284);
  EXPECT_EQ(reworded.detail(), "not an IEEE 1284 peripheral");
  EXPECT_EQ(reworded.event(), 2);
  EXPECT_EQ(reworded.phase(), Phase::kNegotiation);
  EXPECT_EQ(reworded.expected_lines(), kEvent2);
  EXPECT_EQ(reworded.bytes_done(), 0u);
}

TEST(ErrorTest, EveryCodeAndPhaseHasAName) {
  for (int code = 0; code <= static_cast<int>(Errc::kIoError); ++code) {
    EXPECT_NE(ErrcName(static_cast<Errc>(code)), "invalid error code") << code;
  }
  for (int phase = 0; phase <= static_cast<int>(Phase::kInterruptHost); ++phase) {
    EXPECT_NE(PhaseName(static_cast<Phase>(phase)), "invalid phase") << phase;
  }
  EXPECT_EQ(PhaseName(Phase::kSetup), "ECP setup");
  EXPECT_EQ(static_cast<int>(Phase::kReverseIdle), 6);  // P1284_PHASE value.
}

}  // namespace
}  // namespace parclass
