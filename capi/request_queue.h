// RequestQueue: the requests a C client submitted on one handle (ParclassSubmit), run one at a
// time in the order submitted on a thread of their own, as Parclass runs a device's queued IRPs on
// the device's worker thread (spec 1.3). Each request has its own stop source, so that one can be
// cancelled (IoCancelIrp), all of them (CancelIoEx), or the queue closed with the handle.
//
//   RequestQueue queue([&](PARCLASS_REQUEST& request, std::stop_token cancel) {
//     return Dispatch(handle, request, cancel);    // the request's IO_STATUS_BLOCK
//   });
//   queue.Submit(request);       // the worker starts on the first submission
//   queue.Cancel(request);       // not begun: completed here with STATUS_CANCELLED
//   queue.Close();               // the rest cancelled, the worker joined
//
// Completion: IoStatus is set, then the routine called, once per request, on the worker's thread,
// or on the cancelling thread for a request cancelled before it began.

#ifndef PARCLASS_CAPI_REQUEST_QUEUE_H_
#define PARCLASS_CAPI_REQUEST_QUEUE_H_

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <stop_token>
#include <thread>

#include "parclass/base/assert.h"
#include "parclass/base/mutex.h"
#include "parclass/c/parclass.h"

namespace parclass::capi {

class RequestQueue {
 public:
  using Dispatch = std::function<PARCLASS_IO_STATUS(PARCLASS_REQUEST&, std::stop_token)>;

  explicit RequestQueue(Dispatch dispatch) : dispatch_(std::move(dispatch)) {}
  ~RequestQueue() { Close(); }
  RequestQueue(const RequestQueue&) = delete;
  RequestQueue& operator=(const RequestQueue&) = delete;

  enum class Submitted : uint8_t {
    kQueued,
    kPendingAlready,  // In this queue or another: a request is the library's once at a time.
    kClosing,         // The queue takes no more.
  };
  // Queues `request`, unless it says otherwise (then the request is not taken).
  Submitted Submit(PARCLASS_REQUEST& request) PARCLASS_EXCLUDES(mutex_);
  // False if `request` is not pending here.
  bool Cancel(const PARCLASS_REQUEST& request) PARCLASS_EXCLUDES(mutex_);
  // Every pending request; later submissions run as before.
  void CancelAll() PARCLASS_EXCLUDES(mutex_);
  // Cancels every pending request and takes no more; returns once the worker has ended (not
  // from the worker itself).
  void Close() PARCLASS_EXCLUDES(mutex_);
  // Whether this thread is the worker of some queue, running a completion routine or a request.
  static bool OnWorker(const RequestQueue& queue);

 private:
  struct Pending {
    PARCLASS_REQUEST* request;
    std::stop_source cancel;
  };
  void Work(const std::stop_token& stop) PARCLASS_EXCLUDES(mutex_);
  // Gives the request back (it may be submitted again), sets IoStatus and calls the completion
  // routine.
  static void Complete(PARCLASS_REQUEST& request, PARCLASS_IO_STATUS status);

  const Dispatch dispatch_;
  Mutex mutex_;
  CondVar changed_;
  std::deque<Pending> queued_ PARCLASS_GUARDED_BY(mutex_);
  Pending* running_ PARCLASS_GUARDED_BY(mutex_) = nullptr;  // Into the worker's frame.
  bool closing_ PARCLASS_GUARDED_BY(mutex_) = false;
  std::jthread worker_ PARCLASS_GUARDED_BY(mutex_);  // Started by the first submission.
};

}  // namespace parclass::capi

#endif  // PARCLASS_CAPI_REQUEST_QUEUE_H_
