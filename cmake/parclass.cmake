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
