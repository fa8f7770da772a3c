# STRATA_FUZZ=ON: libFuzzer binaries fuzz_<target> for the targets listed in
# tests/fuzz/targets.cmake, built with clang and -fsanitize=fuzzer,address,undefined.
# The modules they link are instrumented too (fuzzer-no-link), so coverage
# guides the fuzzer through strata's own code. `make fuzz` builds and runs them.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "STRATA_FUZZ=ON needs clang (libFuzzer); configure a fresh build "
    "directory with CC=clang-14 CXX=clang++-14 (found ${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER})")
endif()

set(STRATA_FUZZ_SANITIZERS address,undefined)
# -O1 and line tables only: much quicker to build than -O2 -g, still fast to
# run, and stack traces keep file:line. They come after the build type's flags.
set(STRATA_FUZZ_FLAGS -fno-sanitize-recover=all -fno-omit-frame-pointer -O1 -gline-tables-only)
get_property(strata_fuzz_modules GLOBAL PROPERTY STRATA_MODULES)
foreach(m IN LISTS strata_fuzz_modules)
  target_compile_options(${m} PRIVATE -fsanitize=fuzzer-no-link,${STRATA_FUZZ_SANITIZERS}
    ${STRATA_FUZZ_FLAGS})
endforeach()

add_custom_target(strata_fuzzers)

# strata_fuzz_target(NAME MODULES m1 m2 ...): the binary fuzz_NAME from
# tests/fuzz/fuzz_NAME.cpp.
function(strata_fuzz_target name)
  cmake_parse_arguments(F "" "" "MODULES" ${ARGN})
  # The dialects implement lint rules: they need the lint module when there is one.
  if(TARGET strata_lint AND ("sqlite" IN_LIST F_MODULES OR "postgres" IN_LIST F_MODULES OR "mysql" IN_LIST F_MODULES))
    list(APPEND F_MODULES lint)
  endif()
  set(target fuzz_${name})
  add_executable(${target} ${PROJECT_SOURCE_DIR}/tests/fuzz/fuzz_${name}.cpp)
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/tests/fuzz)
  target_compile_options(${target} PRIVATE -fsanitize=fuzzer,${STRATA_FUZZ_SANITIZERS}
    ${STRATA_FUZZ_FLAGS})
  target_link_options(${target} PRIVATE -fsanitize=fuzzer,${STRATA_FUZZ_SANITIZERS})
  foreach(m IN LISTS F_MODULES)
    target_link_libraries(${target} PRIVATE strata_${m})
  endforeach()
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/fuzz)
  add_dependencies(strata_fuzzers ${target})
endfunction()

include(${PROJECT_SOURCE_DIR}/tests/fuzz/targets.cmake)
