// Client interrupt routines: connection order, disconnection, deferred routines, and routines
// that change the list while it is being dispatched.

#include "parclass/port/interrupts.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace parclass::port {
namespace {

struct Recorder {
  std::vector<std::string> calls;
  bool handles = true;
};

struct Client {
  Recorder* recorder;
  std::string name;
};

bool Service(void* interrupt, void* context) {
  auto* client = static_cast<Client*>(context);
  client->recorder->calls.push_back(client->name + (interrupt != nullptr ? " isr" : " isr?"));
  return client->recorder->handles;
}

void Deferred(void* context) {
  auto* client = static_cast<Client*>(context);
  client->recorder->calls.push_back(client->name + " deferred");
}

InterruptRoutine RoutineOf(Client& client, bool deferred = true) {
  return {.service = &Service,
          .service_context = &client,
          .deferred = deferred ? &Deferred : nullptr,
          .deferred_context = deferred ? &client : nullptr};
}

int interrupt_object = 0;

TEST(InterruptRoutinesTest, ServiceRoutinesRunInConnectionOrder) {
  Recorder recorder;
  Client a{&recorder, "a"};
  Client b{&recorder, "b"};
  InterruptRoutines routines(&interrupt_object);
  EXPECT_FALSE(routines.Service());  // Nobody connected: nobody handled it.
  ASSERT_EQ(routines.Connect(RoutineOf(b)), NtStatus::kSuccess);
  ASSERT_EQ(routines.Connect(RoutineOf(a, /*deferred=*/false)), NtStatus::kSuccess);
  EXPECT_TRUE(routines.Service());
  routines.RunDeferred();
  EXPECT_EQ(recorder.calls, (std::vector<std::string>{"b isr", "a isr", "b deferred"}));
  recorder.handles = false;
  EXPECT_FALSE(routines.Service());
}

TEST(InterruptRoutinesTest, ConnectAndDisconnectCheckTheRoutine) {
  Recorder recorder;
  Client a{&recorder, "a"};
  InterruptRoutines routines;
  EXPECT_EQ(routines.Connect(InterruptRoutine{}), NtStatus::kInvalidParameter);
  EXPECT_EQ(routines.Disconnect(RoutineOf(a)), NtStatus::kInvalidParameter);
  ASSERT_EQ(routines.Connect(RoutineOf(a)), NtStatus::kSuccess);
  EXPECT_EQ(routines.Connect(RoutineOf(a)), NtStatus::kInvalidParameter);  // Already there.
  // Disconnecting takes the same four values the routine was connected with.
  EXPECT_EQ(routines.Disconnect(RoutineOf(a, /*deferred=*/false)), NtStatus::kInvalidParameter);
  EXPECT_EQ(routines.Disconnect(RoutineOf(a)), NtStatus::kSuccess);
  EXPECT_EQ(routines.size(), 0u);
  routines.Service();
  EXPECT_TRUE(recorder.calls.empty());
}

// A routine that disconnects itself (as a client's unload path may) does not disturb the
// dispatch it runs in; the next interrupt no longer reaches it.
struct SelfRemover {
  InterruptRoutines* routines;
  InterruptRoutine self;
  int calls = 0;
};

bool RemoveSelf(void* /*interrupt*/, void* context) {
  auto* remover = static_cast<SelfRemover*>(context);
  ++remover->calls;
  EXPECT_EQ(remover->routines->Disconnect(remover->self), NtStatus::kSuccess);
  return true;
}

TEST(InterruptRoutinesTest, ARoutineMayDisconnectItself) {
  InterruptRoutines routines;
  SelfRemover remover{&routines, {}};
  remover.self = {.service = &RemoveSelf, .service_context = &remover};
  Recorder recorder;
  Client after{&recorder, "after"};
  ASSERT_EQ(routines.Connect(remover.self), NtStatus::kSuccess);
  ASSERT_EQ(routines.Connect(RoutineOf(after)), NtStatus::kSuccess);
  routines.Service();
  routines.Service();
  EXPECT_EQ(remover.calls, 1);
  EXPECT_EQ(recorder.calls, (std::vector<std::string>{"after isr?", "after isr?"}));
}

}  // namespace
}  // namespace parclass::port
