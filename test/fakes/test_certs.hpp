// Certificates for TLS tests, generated at run time with OpenSSL (EC P-256): a CA, a
// server certificate it signed for 127.0.0.1 and localhost, one for another host name,
// an expired one, and a self-signed one nobody trusts; and, on demand, CA-signed ones for
// any subjectAltName (`issue`). Written as PEM files to a fresh temporary directory,
// removed when the object goes away.
#pragma once

#include <awsconnect/error.hpp>

#include <array>
#include <filesystem>
#include <memory>
#include <string>

namespace awsconnect::test {

struct cert_files {
    std::string cert;  ///< PEM certificate (chain)
    std::string key;   ///< PEM private key
};

/// A certificate the client must reject, and the code it must reject it with.
struct bad_certificate {
    const cert_files* cert;
    errc expected;
};

class test_certs {
public:
    test_certs();
    ~test_certs();
    test_certs(const test_certs&) = delete;
    test_certs& operator=(const test_certs&) = delete;

    const std::string& ca_file() const { return ca_file_; }
    const cert_files& good() const { return good_; }         ///< CA-signed, SAN 127.0.0.1, localhost
    const cert_files& wrong_host() const { return wrong_host_; }  ///< CA-signed, SAN wrong.example
    const cert_files& expired() const { return expired_; }   ///< CA-signed, 127.0.0.1, expired
    const cert_files& untrusted() const { return untrusted_; }  ///< self-signed, 127.0.0.1
    const std::filesystem::path& dir() const { return dir_; }
    /// A new certificate signed by the CA, valid now, with subjectAltName `san` in OpenSSL's
    /// syntax ("DNS:*.example.test,IP:127.0.0.1"); `name` names its files (unique per call).
    cert_files issue(const std::string& name, const std::string& san) const;
    /// wrong_host, expired and untrusted, each with its distinct TLS error code.
    std::array<bad_certificate, 3> bad_certificates() const {
        return {{{&wrong_host_, errc::tls_hostname_mismatch},
                 {&expired_, errc::tls_certificate_expired},
                 {&untrusted_, errc::tls_certificate_untrusted}}};
    }

private:
    struct authority;  // the CA's key and certificate, kept for `issue`
    std::unique_ptr<authority> ca_;
    std::filesystem::path dir_;
    std::string ca_file_;
    cert_files good_, wrong_host_, expired_, untrusted_;
};

}  // namespace awsconnect::test
