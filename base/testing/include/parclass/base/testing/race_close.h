// RaceClose: a stream of calls on something in one thread while another closes it, for the tests
// that a close racing a call is safe (the C API's handles, PARCLASS_CONNECT's callbacks).
//
//   const std::vector<Round<NTSTATUS>> rounds = RaceClose<NTSTATUS>(
//       [&](int round) { return ParclassWrite(printer, "x", 1, nullptr); },
//       [&] { ParclassClose(printer); });
//   // Each round says whether the close had returned when it began, and what the call returned.

#ifndef PARCLASS_BASE_TESTING_RACE_CLOSE_H_
#define PARCLASS_BASE_TESTING_RACE_CLOSE_H_

#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

namespace parclass::testing {

// One round of a stream of calls: whether the close had returned when it began, and its status.
template <typename Status>
struct Round {
  bool after_close;
  Status status;
};

// Runs `call` round after round in another thread while this one runs `close` once
// kRoundsBeforeClose rounds have begun; the rounds go on until kRoundsAfterClose have begun after
// `close` returned.
inline constexpr int kRoundsBeforeClose = 100;
inline constexpr int kRoundsAfterClose = 100;

template <typename Status>
std::vector<Round<Status>> RaceClose(const std::function<Status(int round)>& call,
                                     const std::function<void()>& close) {
  std::vector<Round<Status>> rounds;
  std::atomic<int> started = 0;
  std::atomic<bool> closed = false;
  std::thread stream([&] {
    for (int after = 0; after < kRoundsAfterClose; ++started) {
      const bool after_close = closed;
      rounds.push_back({after_close, call(static_cast<int>(rounds.size()))});
      if (after_close) ++after;
    }
  });
  while (started < kRoundsBeforeClose) std::this_thread::yield();
  close();
  closed = true;
  stream.join();
  EXPECT_GE(rounds.size(), size_t{kRoundsBeforeClose + kRoundsAfterClose});
  return rounds;
}

}  // namespace parclass::testing

#endif  // PARCLASS_BASE_TESTING_RACE_CLOSE_H_
