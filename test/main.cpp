// The doctest runner shared by every test executable. Nothing else lives here.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
