// Micro benchmark: SigV4-sign one ReleasePhoneNumber request (header signing, signing key
// cached, output buffers reused), as the client does on every attempt.
//
//   sigv4_sign_bench [iterations]
#include "alloc_counter.hpp"

#include "operation/release_phone_number.hpp"
#include "sigv4/sign_request.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace awsconnect;

int main(int argc, char** argv) {
    const long iterations = argc > 1 ? std::atol(argv[1]) : 1'000'000;
    std::string path, query;
    operation::append_release_phone_number_path(path, "00000000-0000-4000-8000-000000000001");
    operation::append_release_phone_number_query(query, "3f1c7a2e-9b4d-4e8a-a1c2-5d6e7f809a1b");
    // The client signs Host and the x-amz-* headers the signer adds, as boto3 and Go v1 do;
    // amz-sdk-invocation-id, amz-sdk-request and User-Agent travel unsigned.
    const sigv4::header_field headers[] = {
        {"host", "connect.us-east-1.amazonaws.com"},
    };
    const sigv4::signable_request req{"DELETE", path, query, headers, {}, {}};
    sigv4::signing_params p;
    p.credentials = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", {}};
    p.region = "us-east-1";
    p.service = "connect";
    p.time = std::chrono::system_clock::now();
    sigv4::signing_key_cache cache;
    sigv4::signing_output out;
    for (int i = 0; i < 1000; ++i) sigv4::sign(req, p, out, &cache);  // warm-up

    const auto allocs0 = bench::this_thread_allocations();
    const auto t0 = std::chrono::steady_clock::now();
    std::size_t sink = 0;
    for (long i = 0; i < iterations; ++i) {
        sigv4::sign(req, p, out, &cache);
        sink += static_cast<unsigned char>(out.signature[0]);
    }
    const auto t1 = std::chrono::steady_clock::now();
    const auto allocs = bench::this_thread_allocations() - allocs0;
    const double ns = std::chrono::duration<double, std::nano>(t1 - t0).count() / double(iterations);
    std::printf("{\"bench\":\"sigv4_sign\",\"iterations\":%ld,\"ns_per_signature\":%.1f,"
                "\"allocations_per_signature\":%.3f,\"sink\":%zu}\n",
                iterations, ns, double(allocs.mallocs) / double(iterations), sink % 10);
    return 0;
}
