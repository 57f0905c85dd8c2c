#include "fakes/test_certs.hpp"

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <unistd.h>

namespace awsconnect::test {
namespace {

struct pkey_free { void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); } };
struct x509_free { void operator()(X509* p) const { X509_free(p); } };
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_free>;
using x509_ptr = std::unique_ptr<X509, x509_free>;

pkey_ptr make_key() {
    EVP_PKEY* k = EVP_EC_gen("P-256");
    if (k == nullptr) throw std::runtime_error("EVP_EC_gen failed");
    return pkey_ptr(k);
}

void add_ext(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (ext == nullptr) throw std::runtime_error("X509V3_EXT_conf_nid failed");
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

x509_ptr make_cert(EVP_PKEY* key, const char* cn, EVP_PKEY* issuer_key, X509* issuer,
                   const char* san, bool is_ca, long not_before_s, long not_after_s, long serial) {
    x509_ptr c(X509_new());
    X509_set_version(c.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(c.get()), serial);
    X509_gmtime_adj(X509_getm_notBefore(c.get()), not_before_s);
    X509_gmtime_adj(X509_getm_notAfter(c.get()), not_after_s);
    X509_set_pubkey(c.get(), key);
    X509_NAME* name = X509_get_subject_name(c.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn), -1, -1, 0);
    X509_set_issuer_name(c.get(), issuer ? X509_get_subject_name(issuer) : name);
    X509* iss = issuer ? issuer : c.get();
    if (is_ca) {
        add_ext(c.get(), iss, NID_basic_constraints, "critical,CA:TRUE");
        add_ext(c.get(), iss, NID_key_usage, "critical,keyCertSign,cRLSign");
    } else {
        add_ext(c.get(), iss, NID_basic_constraints, "critical,CA:FALSE");
        add_ext(c.get(), iss, NID_ext_key_usage, "serverAuth");
    }
    if (san) add_ext(c.get(), iss, NID_subject_alt_name, san);
    if (X509_sign(c.get(), issuer_key ? issuer_key : key, EVP_sha256()) == 0)
        throw std::runtime_error("X509_sign failed");
    return c;
}

void write_pem(const std::filesystem::path& p, X509* cert, EVP_PKEY* key) {
    FILE* f = std::fopen(p.c_str(), "w");
    if (f == nullptr) throw std::runtime_error("cannot write " + p.string());
    if (cert) PEM_write_X509(f, cert);
    if (key) PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(f);
}

}  // namespace

struct test_certs::authority {
    pkey_ptr key;
    x509_ptr cert;
    mutable long next_serial = 100;
};

test_certs::test_certs() : ca_(std::make_unique<authority>()) {
    char tmpl[] = "/tmp/awsconnect-certs-XXXXXX";
    if (::mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
    const long day = 24 * 3600;
    ca_->key = make_key();
    ca_->cert = make_cert(ca_->key.get(), "awsconnect test CA", nullptr, nullptr, nullptr, true, -day, 30 * day, 1);
    auto& ca_key = ca_->key;
    auto& ca = ca_->cert;
    ca_file_ = (dir_ / "ca.pem").string();
    write_pem(ca_file_, ca.get(), nullptr);

    auto make = [&](const char* name, const char* san, long nb, long na, bool self_signed, long serial) {
        auto key = make_key();
        auto cert = self_signed ? make_cert(key.get(), "127.0.0.1", nullptr, nullptr, san, false, nb, na, serial)
                                : make_cert(key.get(), "127.0.0.1", ca_key.get(), ca.get(), san, false, nb, na, serial);
        cert_files f{(dir_ / (std::string(name) + ".pem")).string(), (dir_ / (std::string(name) + ".key")).string()};
        write_pem(f.cert, cert.get(), nullptr);
        write_pem(f.key, nullptr, key.get());
        return f;
    };
    good_ = make("good", "IP:127.0.0.1,DNS:localhost", -day, 30 * day, false, 2);
    wrong_host_ = make("wrong-host", "DNS:wrong.example", -day, 30 * day, false, 3);
    expired_ = make("expired", "IP:127.0.0.1,DNS:localhost", -10 * day, -day, false, 4);
    untrusted_ = make("untrusted", "IP:127.0.0.1,DNS:localhost", -day, 30 * day, true, 5);
}

cert_files test_certs::issue(const std::string& name, const std::string& san) const {
    const long day = 24 * 3600;
    auto key = make_key();
    auto cert = make_cert(key.get(), "awsconnect test server", ca_->key.get(), ca_->cert.get(), san.c_str(), false,
                          -day, 30 * day, ca_->next_serial++);
    cert_files f{(dir_ / (name + ".pem")).string(), (dir_ / (name + ".key")).string()};
    write_pem(f.cert, cert.get(), nullptr);
    write_pem(f.key, nullptr, key.get());
    return f;
}

test_certs::~test_certs() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

}  // namespace awsconnect::test
