// Micro benchmark: serialize one ReleasePhoneNumber attempt (request line, then the headers
// around an already computed signature) into a reused buffer, as the client does on every
// attempt: begin_request + finish_request over the call's serialized input. Signing is
// measured apart (sigv4_sign_bench).
//
//   request_writer_bench [iterations]
#include "alloc_counter.hpp"

#include "client/request_writer.hpp"
#include "operation/release_phone_number.hpp"
#include "sigv4/sign_request.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace awsconnect;

int main(int argc, char** argv) {
    const long iterations = argc > 1 ? std::atol(argv[1]) : 2'000'000;
    const std::string id = "00000000-0000-4000-8000-000000000001";
    const std::string token = "3f1c7a2e-9b4d-4e8a-a1c2-5d6e7f809a1b";
    const std::string invocation_id = "6d3a1f0e-2b4c-4d8e-9f10-a2b3c4d5e6f7";
    const std::string user_agent = "awsconnect/0.1.0 lang/cpp#20 md/boost#1.81 os/linux";
    const detail::request_headers headers{"127.0.0.1:18443", {}, invocation_id, 1, 3, user_agent, {}, {}};
    operation::serialized_input in;
    operation::release_phone_number::serialize(release_phone_number_request{id}, token, in);

    // One real signature to serialize around.
    std::string wire;
    sigv4::signing_output sig;
    {
        const auto target =
            detail::begin_request(wire, "DELETE", "", in.path, in.query, detail::header_room(headers, 0));
        const sigv4::header_field signed_headers[] = {{"host", headers.host}};
        sigv4::signing_params p;
        p.credentials = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", {}};
        p.region = "us-east-1";
        p.service = "connect";
        p.time = std::chrono::system_clock::now();
        sigv4::sign({"DELETE", target.path, target.query, signed_headers, {}, {}}, p, sig);
    }
    auto once = [&] {
        detail::begin_request(wire, "DELETE", "", in.path, in.query, detail::header_room(headers, 0));
        detail::finish_request(wire, headers, &sig, {});
    };
    for (int i = 0; i < 1000; ++i) once();  // warm-up (the buffer reaches its capacity)

    const auto allocs0 = bench::this_thread_allocations();
    const auto t0 = std::chrono::steady_clock::now();
    std::size_t sink = 0;
    for (long i = 0; i < iterations; ++i) {
        once();
        sink += wire.size();
    }
    const auto t1 = std::chrono::steady_clock::now();
    const auto allocs = bench::this_thread_allocations() - allocs0;
    const double ns = std::chrono::duration<double, std::nano>(t1 - t0).count() / double(iterations);
    std::printf("{\"bench\":\"request_serialize\",\"iterations\":%ld,\"ns_per_op\":%.1f,"
                "\"allocations_per_op\":%.3f,\"request_bytes\":%zu,\"sink\":%zu}\n",
                iterations, ns, double(allocs.mallocs) / double(iterations), wire.size(), sink % 10);
    return 0;
}
