#include "request_queue.h"

#include <algorithm>
#include <set>
#include <utility>

namespace parclass::capi {
namespace {

thread_local const RequestQueue* worker_of = nullptr;

// The requests submitted and not yet completed, in every queue.
class Taken {
 public:
  static Taken& Get() {
    static auto* taken = new Taken;  // Never destroyed: a queue may complete at exit.
    return *taken;
  }
  bool Take(const PARCLASS_REQUEST* request) {
    const MutexLock lock(mutex_);
    return requests_.insert(request).second;
  }
  void Give(const PARCLASS_REQUEST* request) {
    const MutexLock lock(mutex_);
    requests_.erase(request);
  }

 private:
  Mutex mutex_;
  std::set<const PARCLASS_REQUEST*> requests_ PARCLASS_GUARDED_BY(mutex_);
};

}  // namespace

bool RequestQueue::OnWorker(const RequestQueue& queue) { return worker_of == &queue; }

void RequestQueue::Complete(PARCLASS_REQUEST& request, PARCLASS_IO_STATUS status) {
  request.IoStatus = status;
  Taken::Get().Give(&request);
  if (request.CompletionRoutine != nullptr) request.CompletionRoutine(&request);
}

RequestQueue::Submitted RequestQueue::Submit(PARCLASS_REQUEST& request) {
  const MutexLock lock(mutex_);
  if (closing_) return Submitted::kClosing;
  if (!Taken::Get().Take(&request)) return Submitted::kPendingAlready;
  queued_.push_back({&request, std::stop_source()});
  if (!worker_.joinable()) {
    worker_ = std::jthread([this](const std::stop_token& stop) { Work(stop); });
  }
  changed_.NotifyAll();
  return Submitted::kQueued;
}

bool RequestQueue::Cancel(const PARCLASS_REQUEST& request) {
  Pending cancelled;
  {
    const MutexLock lock(mutex_);
    if (running_ != nullptr && running_->request == &request) {
      running_->cancel.request_stop();
      return true;
    }
    const auto found = std::find_if(queued_.begin(), queued_.end(), [&](const Pending& pending) {
      return pending.request == &request;
    });
    if (found == queued_.end()) return false;
    cancelled = std::move(*found);
    queued_.erase(found);
  }
  Complete(*cancelled.request, {.Status = STATUS_CANCELLED, .Information = 0});
  return true;
}

void RequestQueue::CancelAll() {
  std::deque<Pending> cancelled;
  {
    const MutexLock lock(mutex_);
    if (running_ != nullptr) running_->cancel.request_stop();
    cancelled.swap(queued_);
  }
  for (Pending& pending : cancelled) {
    Complete(*pending.request, {.Status = STATUS_CANCELLED, .Information = 0});
  }
}

void RequestQueue::Close() {
  std::jthread worker;
  {
    const MutexLock lock(mutex_);
    PARCLASS_ASSERT(worker_of != this, "a queue closed from its own worker would wait for itself");
    closing_ = true;
    worker = std::move(worker_);
  }
  CancelAll();
  if (worker.joinable()) {
    worker.request_stop();
    {
      const MutexLock lock(mutex_);
      changed_.NotifyAll();
    }
    worker.join();
  }
}

void RequestQueue::Work(const std::stop_token& stop) {
  worker_of = this;
  for (;;) {
    Pending pending;
    {
      const MutexLock lock(mutex_);
      while (queued_.empty() && !stop.stop_requested()) changed_.Wait(mutex_, stop);
      if (queued_.empty()) return;
      pending = std::move(queued_.front());
      queued_.pop_front();
      running_ = &pending;
    }
    const PARCLASS_IO_STATUS status = dispatch_(*pending.request, pending.cancel.get_token());
    {
      const MutexLock lock(mutex_);
      running_ = nullptr;
    }
    Complete(*pending.request, status);
  }
}

}  // namespace parclass::capi
