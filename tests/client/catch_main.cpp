// Catch2 main for client_unit_tests (client/CMakeLists.txt), which builds the
// tests/unit/client_*_test.cpp files against dynamo_items_client.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
