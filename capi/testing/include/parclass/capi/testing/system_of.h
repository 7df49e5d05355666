// The C++ system behind a C API system, for the C API's tests and benchmarks: what a C client
// cannot see (the backend's access counters, the simulated cable) they read through it.
//
//   PARCLASS_SYSTEM* system;
//   ParclassCreateSimulatedSystem(NULL, &system);
//   parclass::capi::testing::FirstPortOf(system).port().io().counters().total();

#ifndef PARCLASS_CAPI_TESTING_SYSTEM_OF_H_
#define PARCLASS_CAPI_TESTING_SYSTEM_OF_H_

#include "parclass/c/parclass.h"
#include "parclass/system/system.h"

namespace parclass::capi::testing {

system::System& SystemOf(PARCLASS_SYSTEM* system);
// Its first port, LPT1.
inline system::SystemPort& FirstPortOf(PARCLASS_SYSTEM* system) {
  return *SystemOf(system).ports().front();
}

}  // namespace parclass::capi::testing

#endif  // PARCLASS_CAPI_TESTING_SYSTEM_OF_H_
