// The JSON documents credential sources return, parsed into `credentials`.
//
//   credential_process (Version 1): {"Version": 1, "AccessKeyId", "SecretAccessKey",
//                                    "SessionToken"?, "Expiration"?}
//   container endpoint:             {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"}
//   IMDS security-credentials/role: {"Code": "Success", "AccessKeyId", "SecretAccessKey",
//                                    "Token", "Expiration", ...}
//
// Failures say what is wrong ("AccessKeyId is missing", "not valid JSON", "Version 2 is not
// supported", "credentials expired at 2024-05-06T07:08:09Z") and never quote a value other
// than a numeric Version or a one-word IMDS Code. Pure: `now` is passed in.
#pragma once

#include <awsconnect/credentials.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <variant>

namespace awsconnect::creds {

enum class credentials_document {
    process_v1,  ///< credential_process output
    container,   ///< ECS/EKS container endpoint
    imds,        ///< EC2 instance metadata
};

/// Why a document cannot be used (a message without a secret).
struct document_error {
    std::string why;
    bool expired = false;  ///< well-formed, but the credentials have expired
};

/// The credentials, or why not.
using parsed_credentials = std::variant<credentials, document_error>;

parsed_credentials parse_credentials_document(std::string_view json, credentials_document kind,
                                              std::chrono::system_clock::time_point now);

}  // namespace awsconnect::creds
