# strata's revision graph against Alembic's own (Debian's python3-alembic),
# offline: heads, history order, upgrade and downgrade orders, expressions on
# seeded random graphs. Exit 77 (skipped) when Alembic is not installed.
# Under the sanitizers each strata process starts slowly: fewer graphs there.
find_program(STRATA_SYSTEM_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(STRATA_SYSTEM_PYTHON)
  if(STRATA_SANITIZE)
    set(alembic_graphs 15)
  else()
    set(alembic_graphs 200)
  endif()
  add_test(NAME alembic_diff
    COMMAND ${STRATA_SYSTEM_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/alembic/alembic_diff.py
      $<TARGET_FILE:strata_cli> --graphs ${alembic_graphs} --seed 1)
  set_tests_properties(alembic_diff PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
endif()
