// scripts/demo's program while the client stack is being built: it takes a PhoneNumberId,
// builds the ReleasePhoneNumber request and signs it with SigV4 (the AWS example
// credentials, us-east-1), then prints the request that would be sent.
#include "operation/release_phone_number_http.hpp"
#include "sigv4/sign_request.hpp"

#include <chrono>
#include <cstdio>
#include <string>

using namespace awsconnect;

int main(int argc, char** argv) {
    const std::string id = argc > 1 ? argv[1] : "00000000-0000-4000-8000-000000000001";
    const std::string token = argc > 2 ? argv[2] : "3f1c7a2e-9b4d-4e8a-a1c2-5d6e7f809a1b";
    std::string path, query;
    operation::append_release_phone_number_path(path, id);
    operation::append_release_phone_number_query(query, token);
    const sigv4::header_field headers[] = {{"Host", "connect.us-east-1.amazonaws.com"}};
    sigv4::signing_params p;
    p.credentials = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", {}};
    p.region = "us-east-1";
    p.service = "connect";
    p.time = std::chrono::system_clock::now();
    sigv4::signing_output out;
    sigv4::sign({"DELETE", path, query, headers, {}, {}}, p, out);
    std::printf("DELETE %s?%s HTTP/1.1\r\nHost: connect.us-east-1.amazonaws.com\r\n"
                "X-Amz-Date: %s\r\nAuthorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/... "
                "SignedHeaders=%s, Signature=<%zu hex digits>\r\n\r\n",
                path.c_str(), query.c_str(), out.amz_date.c_str(), out.signed_headers.c_str(),
                out.signature.size());
    return 0;
}
