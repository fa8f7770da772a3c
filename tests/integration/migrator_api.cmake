# The public library (include/strata) as an application uses it, on SQLite
# files: linked against libstrata itself, not the modules.
add_executable(migrator_api_test integration/migrator_api_test.cpp)
target_link_libraries(migrator_api_test PRIVATE strata GTest::gtest GTest::gtest_main)
add_test(NAME migrator_api_test COMMAND migrator_api_test)
