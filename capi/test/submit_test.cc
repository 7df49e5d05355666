// Requests that complete later (ParclassSubmit): completion routines with IoStatus, the order of
// a handle's requests, pending behind another client's lock, cancelling one request, all of
// them, and by closing; what a completion routine may and may not do; and misuse.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "parclass/c/parclass.h"

namespace {

using ::testing::ElementsAre;

// What the completion routines saw, and a wait for them.
struct Completions {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::string> order;  // Each request's Context, a name, as it completed.
  std::thread::id thread;

  void Add(const PARCLASS_REQUEST& request) {
    const std::lock_guard lock(mutex);
    order.emplace_back(static_cast<const char*>(request.Context));
    thread = std::this_thread::get_id();
    changed.notify_all();
  }
  void AwaitCount(size_t count) {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return order.size() >= count; });
  }
  size_t count() {
    const std::lock_guard lock(mutex);
    return order.size();
  }
};

Completions* completions = nullptr;  // The test's, for the routines.

void Completed(PARCLASS_REQUEST* request) { completions->Add(*request); }

class SubmitTest : public ::testing::Test {
 protected:
  SubmitTest() {
    completions = &seen_;
    EXPECT_EQ(ParclassCreateSystem("sim", &system_), STATUS_SUCCESS);
    EXPECT_EQ(ParclassOpen(system_, "LPT1.4", &printer_), STATUS_SUCCESS);
  }
  ~SubmitTest() override {
    ParclassDestroySystem(system_);
    completions = nullptr;
  }

  static PARCLASS_REQUEST Write(const char* data, const char* name) {
    PARCLASS_REQUEST request{};
    request.Size = sizeof request;
    request.MajorFunction = IRP_MJ_WRITE;
    request.InputBuffer = data;
    request.InputBufferLength = static_cast<ULONG>(std::string(data).size());
    request.CompletionRoutine = &Completed;
    request.Context = const_cast<char*>(name);
    return request;
  }

  // Another client takes the port through ParallelPort0, and the PARALLEL_PORT_INFORMATION whose
  // QueryNumWaiters shows who waits.
  PARCLASS_HANDLE HoldThePort(PARALLEL_PORT_INFORMATION& info) {
    PARCLASS_HANDLE holder = nullptr;
    EXPECT_EQ(ParclassOpen(system_, "ParallelPort0", &holder), STATUS_SUCCESS);
    EXPECT_EQ(ParclassInternalDeviceIoControl(holder, IOCTL_INTERNAL_GET_PARALLEL_PORT_INFO,
                                              nullptr, 0, &info, sizeof info, nullptr),
              STATUS_SUCCESS);
    EXPECT_EQ(ParclassInternalDeviceIoControl(holder, IOCTL_INTERNAL_PARALLEL_PORT_ALLOCATE,
                                              nullptr, 0, nullptr, 0, nullptr),
              STATUS_SUCCESS);
    return holder;
  }
  static void AwaitWaiters(const PARALLEL_PORT_INFORMATION& info, ULONG count) {
    while (info.QueryNumWaiters(info.Context) != count) std::this_thread::yield();
  }
  // Another client takes the port, then `first` and `second` are submitted: the first waits for
  // the port, the second behind it in the printer's queue. The other client's handle.
  PARCLASS_HANDLE PendBehindHolder(PARCLASS_REQUEST& first, PARCLASS_REQUEST& second,
                                   PARALLEL_PORT_INFORMATION& info) {
    PARCLASS_HANDLE holder = HoldThePort(info);
    EXPECT_EQ(ParclassSubmit(printer_, &first), STATUS_PENDING);
    EXPECT_EQ(ParclassSubmit(printer_, &second), STATUS_PENDING);
    AwaitWaiters(info, 1);
    return holder;
  }

  Completions seen_;
  PARCLASS_SYSTEM* system_ = nullptr;
  PARCLASS_HANDLE printer_ = nullptr;
};

TEST_F(SubmitTest, RequestsCompleteLaterInTheOrderSubmitted) {
  PARCLASS_REQUEST first = Write("first job\f", "first");
  PARCLASS_REQUEST second = Write("second job\f", "second");
  char id[256] = {};
  PARCLASS_REQUEST query{};
  query.Size = sizeof query;
  query.MajorFunction = IRP_MJ_DEVICE_CONTROL;
  query.IoControlCode = IOCTL_PAR_QUERY_DEVICE_ID;
  query.OutputBuffer = id;
  query.OutputBufferLength = sizeof id;
  query.CompletionRoutine = &Completed;
  query.Context = const_cast<char*>("query");
  EXPECT_EQ(ParclassSubmit(printer_, &first), STATUS_PENDING);
  EXPECT_EQ(ParclassSubmit(printer_, &second), STATUS_PENDING);
  EXPECT_EQ(ParclassSubmit(printer_, &query), STATUS_PENDING);
  seen_.AwaitCount(3);
  EXPECT_THAT(seen_.order, ElementsAre("first", "second", "query"));
  EXPECT_NE(seen_.thread, std::this_thread::get_id());  // The library's thread.
  EXPECT_EQ(first.IoStatus.Status, STATUS_SUCCESS);
  EXPECT_EQ(first.IoStatus.Information, first.InputBufferLength);
  EXPECT_EQ(second.IoStatus.Information, second.InputBufferLength);
  EXPECT_EQ(query.IoStatus.Status, STATUS_SUCCESS);
  EXPECT_EQ(std::string(id).substr(0, 13), "MFG:parclass;");
  // Completed: the request is the caller's again, and may be submitted again.
  EXPECT_EQ(ParclassCancelRequest(printer_, &first), STATUS_NOT_FOUND);
  EXPECT_EQ(ParclassSubmit(printer_, &first), STATUS_PENDING);
  seen_.AwaitCount(4);
}

TEST_F(SubmitTest, ARequestWaitsBehindAnotherClientAndIsCancelledOrServed) {
  PARALLEL_PORT_INFORMATION info{};
  PARCLASS_REQUEST waiting = Write("behind the holder\f", "waiting");
  PARCLASS_REQUEST queued = Write("behind that\f", "queued");
  PARCLASS_HANDLE holder = PendBehindHolder(waiting, queued, info);
  EXPECT_EQ(seen_.count(), 0u);

  // Not begun: completed at once, on this thread.
  EXPECT_EQ(ParclassCancelRequest(printer_, &queued), STATUS_SUCCESS);
  EXPECT_THAT(seen_.order, ElementsAre("queued"));
  EXPECT_EQ(seen_.thread, std::this_thread::get_id());
  EXPECT_EQ(queued.IoStatus.Status, STATUS_CANCELLED);
  EXPECT_EQ(queued.IoStatus.Information, 0u);
  EXPECT_EQ(ParclassCancelRequest(printer_, &queued), STATUS_NOT_FOUND);

  // Waiting for the port: it stops waiting, and completes on the library's thread.
  EXPECT_EQ(ParclassCancelRequest(printer_, &waiting), STATUS_SUCCESS);
  seen_.AwaitCount(2);
  EXPECT_EQ(waiting.IoStatus.Status, STATUS_CANCELLED);
  EXPECT_EQ(waiting.IoStatus.Information, 0u);
  AwaitWaiters(info, 0);

  // Submitted again, it is served once the holder frees the port.
  EXPECT_EQ(ParclassSubmit(printer_, &waiting), STATUS_PENDING);
  AwaitWaiters(info, 1);
  EXPECT_EQ(ParclassClose(holder), STATUS_SUCCESS);
  seen_.AwaitCount(3);
  EXPECT_EQ(waiting.IoStatus.Status, STATUS_SUCCESS);
  EXPECT_EQ(waiting.IoStatus.Information, waiting.InputBufferLength);
}

TEST_F(SubmitTest, CancelIoAndCloseCompleteEveryPendingRequest) {
  PARALLEL_PORT_INFORMATION info{};
  PARCLASS_REQUEST a = Write("a", "a");
  PARCLASS_REQUEST b = Write("b", "b");
  PARCLASS_HANDLE holder = PendBehindHolder(a, b, info);
  EXPECT_EQ(ParclassCancelIo(printer_), STATUS_SUCCESS);
  seen_.AwaitCount(2);
  EXPECT_EQ(a.IoStatus.Status, STATUS_CANCELLED);
  EXPECT_EQ(b.IoStatus.Status, STATUS_CANCELLED);

  // Closing the handle completes what it still has.
  EXPECT_EQ(ParclassSubmit(printer_, &a), STATUS_PENDING);
  EXPECT_EQ(ParclassSubmit(printer_, &b), STATUS_PENDING);
  AwaitWaiters(info, 1);
  EXPECT_EQ(ParclassClose(printer_), STATUS_SUCCESS);
  EXPECT_EQ(seen_.count(), 4u);  // Before the close returned.
  EXPECT_EQ(a.IoStatus.Status, STATUS_CANCELLED);
  EXPECT_EQ(b.IoStatus.Status, STATUS_CANCELLED);
  EXPECT_EQ(ParclassSubmit(printer_, &a), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassClose(holder), STATUS_SUCCESS);
}

// A completion routine submits the next request and tries to close its handle.
struct Chain {
  PARCLASS_HANDLE handle = nullptr;
  PARCLASS_REQUEST next{};
  NTSTATUS close_from_routine = STATUS_SUCCESS;
  NTSTATUS submit_from_routine = STATUS_SUCCESS;
};

void SubmitNext(PARCLASS_REQUEST* request) {
  auto& chain = *static_cast<Chain*>(request->Context);
  chain.close_from_routine = ParclassClose(chain.handle);
  chain.submit_from_routine = ParclassSubmit(chain.handle, &chain.next);
}

TEST_F(SubmitTest, ACompletionRoutineMaySubmitButNotClose) {
  Chain chain;
  chain.handle = printer_;
  chain.next = Write("next", "next");
  PARCLASS_REQUEST first = Write("first", "first");
  first.CompletionRoutine = &SubmitNext;
  first.Context = &chain;
  EXPECT_EQ(ParclassSubmit(printer_, &first), STATUS_PENDING);
  seen_.AwaitCount(1);
  EXPECT_THAT(seen_.order, ElementsAre("next"));
  EXPECT_EQ(chain.close_from_routine, STATUS_INVALID_DEVICE_STATE);
  EXPECT_EQ(chain.submit_from_routine, STATUS_PENDING);
  EXPECT_EQ(chain.next.IoStatus.Status, STATUS_SUCCESS);
}

TEST_F(SubmitTest, AFailingRequestCompletesWithItsStatus) {
  PARCLASS_HANDLE port = nullptr;
  ASSERT_EQ(ParclassOpen(system_, "ParallelPort0", &port), STATUS_SUCCESS);
  char buffer[4];
  PARCLASS_REQUEST read{};
  read.Size = sizeof read;
  read.MajorFunction = IRP_MJ_READ;  // A port takes internal requests only.
  read.OutputBuffer = buffer;
  read.OutputBufferLength = sizeof buffer;
  read.CompletionRoutine = &Completed;
  read.Context = const_cast<char*>("read");
  EXPECT_EQ(ParclassSubmit(port, &read), STATUS_PENDING);
  PARCLASS_REQUEST unknown{};
  unknown.Size = sizeof unknown;
  unknown.MajorFunction = IRP_MJ_INTERNAL_DEVICE_CONTROL;
  unknown.IoControlCode = 0xdead;
  unknown.CompletionRoutine = &Completed;
  unknown.Context = const_cast<char*>("unknown");
  EXPECT_EQ(ParclassSubmit(port, &unknown), STATUS_PENDING);
  seen_.AwaitCount(2);
  EXPECT_EQ(read.IoStatus.Status, STATUS_INVALID_DEVICE_REQUEST);
  EXPECT_EQ(unknown.IoStatus.Status, STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassClose(port), STATUS_SUCCESS);
}

TEST_F(SubmitTest, MisuseIsRefusedWithoutTakingTheRequest) {
  PARCLASS_REQUEST request = Write("x", "x");
  EXPECT_EQ(ParclassSubmit(printer_, nullptr), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassSubmit(nullptr, &request), STATUS_INVALID_PARAMETER);
  PARCLASS_REQUEST wrong = request;
  wrong.Size = sizeof wrong - 1;
  EXPECT_EQ(ParclassSubmit(printer_, &wrong), STATUS_INVALID_PARAMETER);
  wrong = request;
  wrong.MajorFunction = 0x0e + 7;
  EXPECT_EQ(ParclassSubmit(printer_, &wrong), STATUS_INVALID_PARAMETER);
  wrong = request;
  wrong.InputBuffer = nullptr;
  EXPECT_EQ(ParclassSubmit(printer_, &wrong), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassCancelRequest(printer_, nullptr), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(ParclassCancelRequest(nullptr, &request), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(seen_.count(), 0u);

  // The same request twice while it is pending.
  PARALLEL_PORT_INFORMATION info{};
  PARCLASS_HANDLE holder = HoldThePort(info);
  EXPECT_EQ(ParclassSubmit(printer_, &request), STATUS_PENDING);
  EXPECT_EQ(ParclassSubmit(printer_, &request), STATUS_INVALID_DEVICE_STATE);
  AwaitWaiters(info, 1);
  EXPECT_EQ(ParclassClose(holder), STATUS_SUCCESS);
  seen_.AwaitCount(1);
  EXPECT_EQ(request.IoStatus.Status, STATUS_SUCCESS);
}

}  // namespace
