// awsconnect: result<T>, a value or an awsconnect::error.
//
// Expected failures never throw: calls return `result<T>`. `value()` on an error throws
// `awsconnect::exception`; test with `has_value()` / `operator bool` and read `error()`.
#pragma once

#include <awsconnect/error.hpp>

#include <boost/system/result.hpp>

namespace awsconnect {

template <class T>
using result = boost::system::result<T, error>;

}  // namespace awsconnect
