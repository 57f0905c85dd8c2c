// The main of every doctest executable: the tests run in an environment isolated from the
// developer's (support/test_environment.hpp). Nothing else lives here.
#include "support/test_environment.hpp"

int main(int argc, char** argv) { return awsconnect::test::run_tests(argc, argv); }
