// The one translation unit that compiles Asio's, Asio SSL's and Beast's non-template code
// (separate compilation): every other file that includes them only declares it, which
// saves seconds per file on a 2-core machine.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
