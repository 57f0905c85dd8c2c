#include "emulator/tls_certificate.hpp"

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>

#include <memory>

namespace awsconnect::emulator {
namespace {

template <class T, void (*Free)(T*)>
struct openssl_deleter {
    void operator()(T* p) const noexcept { Free(p); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, openssl_deleter<EVP_PKEY, EVP_PKEY_free>>;
using x509_ptr = std::unique_ptr<X509, openssl_deleter<X509, X509_free>>;
using bio_ptr = std::unique_ptr<BIO, openssl_deleter<BIO, BIO_free_all>>;
using bn_ptr = std::unique_ptr<BIGNUM, openssl_deleter<BIGNUM, BN_free>>;

error tls_error(std::string_view what) {
    return make_error(errc::invalid_configuration,
                      "cannot generate the emulator's TLS certificate: " + std::string(what));
}

bool add_extension(X509* cert, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    if (ext == nullptr) return false;
    const bool ok = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return ok;
}

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(n));
}

bool is_ip(std::string_view s) {
    unsigned char buf[16];
    const std::string z(s);
    return inet_pton(AF_INET, z.c_str(), buf) == 1 || inet_pton(AF_INET6, z.c_str(), buf) == 1;
}

}  // namespace

result<pem_identity> generate_self_signed_identity(std::string_view extra_ip) {
    pkey_ptr key(EVP_EC_gen("P-256"));
    if (!key) return tls_error("EC P-256 key generation failed");

    x509_ptr cert(X509_new());
    if (!cert || X509_set_version(cert.get(), 2) != 1) return tls_error("X509_new failed");
    bn_ptr serial(BN_new());
    if (!serial || BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
        BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())) == nullptr)
        return tls_error("serial number");
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 90L * 24 * 3600);
    if (X509_set_pubkey(cert.get(), key.get()) != 1) return tls_error("public key");

    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("awsconnect"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("awsconnect emulator"),
                               -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);

    // It is its own CA (clients trust this very certificate) and a server certificate.
    std::string san = "IP:127.0.0.1,IP:::1,DNS:localhost";
    if (!extra_ip.empty() && extra_ip != "127.0.0.1" && extra_ip != "::1" &&
        extra_ip != "0.0.0.0" && extra_ip != "::" && is_ip(extra_ip))
        san += ",IP:" + std::string(extra_ip);
    if (!add_extension(cert.get(), NID_basic_constraints, "critical,CA:TRUE") ||
        !add_extension(cert.get(), NID_key_usage, "critical,digitalSignature,keyCertSign") ||
        !add_extension(cert.get(), NID_ext_key_usage, "serverAuth") ||
        !add_extension(cert.get(), NID_subject_alt_name, san) ||
        !add_extension(cert.get(), NID_subject_key_identifier, "hash") ||
        !add_extension(cert.get(), NID_authority_key_identifier, "keyid:always"))
        return tls_error("certificate extensions");
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) return tls_error("signing");

    pem_identity out;
    bio_ptr cert_bio(BIO_new(BIO_s_mem()));
    bio_ptr key_bio(BIO_new(BIO_s_mem()));
    if (!cert_bio || !key_bio || PEM_write_bio_X509(cert_bio.get(), cert.get()) != 1 ||
        PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                 nullptr) != 1)
        return tls_error("PEM encoding");
    out.certificate = bio_text(cert_bio.get());
    out.private_key = bio_text(key_bio.get());
    return out;
}

}  // namespace awsconnect::emulator
