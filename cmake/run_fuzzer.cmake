# One fuzz target as a ctest test (parclass_add_fuzzer): RUNS inputs, mutated from the seed
# corpus CORPUS with a fixed seed, so that every run tries the same inputs. libFuzzer adds the
# inputs it finds new coverage with to the first corpus directory it is given: that is a scratch
# directory under WORK, emptied first, and the seed corpus in the source tree is only read. An
# input that crashes, leaks or runs over 60 s (a hang: the targets bound their inputs to a few
# seconds on a loaded machine) is written to WORK/ (crash-*, leak-*, timeout-*).
#
#   cmake -DFUZZER=build/clang/sim/topology_fuzzer -DCORPUS=sim/fuzz/topology_corpus \
#         -DWORK=/tmp/fuzz -DRUNS=20000 -P cmake/run_fuzzer.cmake

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK}/corpus)
execute_process(
  COMMAND ${FUZZER} -runs=${RUNS} -seed=1 -timeout=60 -artifact_prefix=${WORK}/
          -print_final_stats=1 ${WORK}/corpus ${CORPUS}
  RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${FUZZER} found a failing input (exit status ${status}); it is in ${WORK}/")
endif()
