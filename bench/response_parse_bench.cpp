// Micro benchmark: interpret one ReleasePhoneNumber response (lib/protocol), as the client
// does after every attempt: a 200 with `{}` (success: nothing to parse) and a 404
// ResourceNotFoundException (error type from X-Amzn-ErrorType, message from the JSON body,
// mapped to an errc). The response object is built once, as the transport would hand it
// over; the transport's own HTTP parser is not measured here (it lives in an anonymous
// namespace of lib/transport/connection.cpp).
//
//   response_parse_bench [iterations]
#include "alloc_counter.hpp"

#include "protocol/service_error.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace awsconnect;

namespace {

void run(const char* name, const http::response& r, long iterations) {
    std::size_t sink = 0;
    for (int i = 0; i < 1000; ++i) sink += protocol::service_failure_of(r).has_value();  // warm-up
    const auto allocs0 = bench::this_thread_allocations();
    const auto t0 = std::chrono::steady_clock::now();
    for (long i = 0; i < iterations; ++i) {
        const auto out = protocol::service_failure_of(r);
        sink += out ? static_cast<std::size_t>(out->code) : 1;
    }
    const auto t1 = std::chrono::steady_clock::now();
    const auto allocs = bench::this_thread_allocations() - allocs0;
    const double ns = std::chrono::duration<double, std::nano>(t1 - t0).count() / double(iterations);
    std::printf("{\"bench\":\"%s\",\"iterations\":%ld,\"ns_per_op\":%.1f,\"allocations_per_op\":%.3f,"
                "\"sink\":%zu}\n",
                name, iterations, ns, double(allocs.mallocs) / double(iterations), sink % 10);
}

}  // namespace

int main(int argc, char** argv) {
    const long iterations = argc > 1 ? std::atol(argv[1]) : 1'000'000;

    http::response ok;
    ok.status = 200;
    ok.reason = "OK";
    ok.request_id = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    ok.body = "{}";
    run("response_parse_200", ok, iterations * 10);

    http::response nf;
    nf.status = 404;
    nf.reason = "Not Found";
    nf.request_id = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    nf.error_type = "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.connect/";
    nf.body = R"({"message":"PhoneNumberId 00000000-0000-4000-8000-000000000001 not found"})";
    run("response_parse_404", nf, iterations);
    return 0;
}
