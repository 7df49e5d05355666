# Helpers that give every layer the same shape: a library `parclass_<name>` (alias
# `parclass::<name>`) whose public headers live in `<layer>/include/parclass/<layer>/`, and test
# executables registered with ctest one test case at a time.

include(GoogleTest)

# parclass_add_library(<name> SOURCES <files...> DEPS <libraries...>)
# DEPS are public: a layer's headers may use the layers it links.
function(parclass_add_library name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "" "SOURCES;DEPS")
  add_library(parclass_${name} ${ARG_SOURCES})
  add_library(parclass::${name} ALIAS parclass_${name})
  target_include_directories(parclass_${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
  target_link_libraries(parclass_${name} PUBLIC ${ARG_DEPS})
endfunction()

# parclass_add_test(<name> SOURCES <files...> DEPS <libraries...>)
function(parclass_add_test name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "" "SOURCES;DEPS")
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST)
endfunction()

# parclass_add_fuzzer(<name> DEPS <libraries...> RUNS <count>)
# With PARCLASS_FUZZ: the libFuzzer target <name>_fuzzer from fuzz/<name>_fuzzer.cc, and the ctest
# test fuzz.<name>, which runs <count> inputs mutated from the seed corpus fuzz/<name>_corpus/
# with a fixed seed (cmake/run_fuzzer.cmake). Without it, nothing.
function(parclass_add_fuzzer name)
  if(NOT PARCLASS_FUZZ)
    return()
  endif()
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "RUNS" "DEPS")
  add_executable(${name}_fuzzer fuzz/${name}_fuzzer.cc)
  target_link_libraries(${name}_fuzzer PRIVATE ${ARG_DEPS} parclass::base_testing)
  target_link_options(${name}_fuzzer PRIVATE -fsanitize=fuzzer)
  add_test(NAME fuzz.${name}
           COMMAND ${CMAKE_COMMAND} -DFUZZER=$<TARGET_FILE:${name}_fuzzer>
                   -DCORPUS=${CMAKE_CURRENT_SOURCE_DIR}/fuzz/${name}_corpus
                   -DWORK=${CMAKE_CURRENT_BINARY_DIR}/fuzz-${name} -DRUNS=${ARG_RUNS}
                   -P ${PROJECT_SOURCE_DIR}/cmake/run_fuzzer.cmake)
endfunction()
