// The phases whose writer is one of the project's paths (see project_writers.cc).

#ifndef PARCLASS_QEMU_GUEST_PROJECT_WRITERS_H_
#define PARCLASS_QEMU_GUEST_PROJECT_WRITERS_H_

#include "parclass/base/result.h"
#include "parclass/qemu/guest.h"

namespace parclass::qemu {

Result<size_t> WriteProjectPhase(const Phase& phase, const KernelPort& port);

}  // namespace parclass::qemu

#endif  // PARCLASS_QEMU_GUEST_PROJECT_WRITERS_H_
