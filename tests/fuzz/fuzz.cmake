# Replay tests of the fuzz targets in the normal build: one ctest fuzz_NAME per
# target runs its LLVMFuzzerTestOneInput (without libFuzzer, through
# replay_main.cpp) on every file of tests/fuzz/corpus/NAME and
# tests/fuzz/regressions/NAME.
set(STRATA_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})
function(strata_fuzz_target name)
  cmake_parse_arguments(F "" "" "MODULES" ${ARGN})
  if(TARGET strata_lint AND ("sqlite" IN_LIST F_MODULES OR "postgres" IN_LIST F_MODULES OR "mysql" IN_LIST F_MODULES))
    list(APPEND F_MODULES lint)
  endif()
  set(dir ${STRATA_FUZZ_DIR})
  set(target fuzz_${name}_replay)
  add_executable(${target} ${dir}/fuzz_${name}.cpp ${dir}/replay_main.cpp)
  target_include_directories(${target} PRIVATE ${dir})
  foreach(m IN LISTS F_MODULES)
    target_link_libraries(${target} PRIVATE strata_${m})
  endforeach()
  add_test(NAME fuzz_${name} COMMAND ${target} ${dir}/corpus/${name} ${dir}/regressions/${name})
endfunction()

include(${STRATA_FUZZ_DIR}/targets.cmake)
