/* Test CA + server certificate generation (EC P-256, valid for one day). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "core/i18n.h"
#include "core/strv.h"
#include "sim/tls.h"

static char *bio_to_string(BIO *bio)
{
    char *data = NULL;
    long len = BIO_get_mem_data(bio, &data);
    char *out = len >= 0 ? malloc((size_t)len + 1) : NULL;
    if (out) {
        memcpy(out, data, (size_t)len);
        out[len] = '\0';
    }
    return out;
}

static int add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509_EXTENSION *ext;
    int ok;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
    ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    if (!ext)
        return 0;
    ok = X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    return ok;
}

static X509 *make_cert(EVP_PKEY *key, const char *cn, X509 *issuer, EVP_PKEY *issuer_key)
{
    X509 *cert = X509_new();
    X509_NAME *name = X509_NAME_new();
    unsigned char serial[16];
    BIGNUM *bn = NULL;
    int ok = 0;

    if (!cert || !name || RAND_bytes(serial, sizeof serial) != 1)
        goto out;
    serial[0] &= 0x7f;
    bn = BN_bin2bn(serial, sizeof serial, NULL);
    ok = bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) &&
         X509_set_version(cert, 2) &&
         X509_gmtime_adj(X509_getm_notBefore(cert), -3600) &&
         X509_gmtime_adj(X509_getm_notAfter(cert), 86400) &&
         X509_set_pubkey(cert, key) &&
         X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                    (const unsigned char *)"helseid-sim", -1, -1, 0) &&
         X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn,
                                    -1, -1, 0) &&
         X509_set_subject_name(cert, name) &&
         X509_set_issuer_name(cert, issuer ? X509_get_subject_name(issuer) : name);
    if (!ok)
        goto out;
    if (!issuer)
        ok = add_ext(cert, cert, NID_basic_constraints, "critical,CA:TRUE") &&
             add_ext(cert, cert, NID_key_usage, "critical,keyCertSign,cRLSign") &&
             add_ext(cert, cert, NID_subject_key_identifier, "hash");
    else
        ok = add_ext(cert, issuer, NID_basic_constraints, "critical,CA:FALSE") &&
             add_ext(cert, issuer, NID_key_usage, "critical,digitalSignature") &&
             add_ext(cert, issuer, NID_ext_key_usage, "serverAuth") &&
             add_ext(cert, issuer, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost") &&
             add_ext(cert, issuer, NID_authority_key_identifier, "keyid:always");
    ok = ok && X509_sign(cert, issuer_key ? issuer_key : key, EVP_sha256()) > 0;
out:
    BN_free(bn);
    X509_NAME_free(name);
    if (!ok) {
        X509_free(cert);
        cert = NULL;
    }
    return cert;
}

int sim_tls_generate(struct sim_tls *tls, struct error *err)
{
    EVP_PKEY *ca_key = EVP_EC_gen("P-256");
    EVP_PKEY *key = EVP_EC_gen("P-256");
    X509 *ca = NULL, *cert = NULL;
    BIO *b_ca = BIO_new(BIO_s_mem()), *b_cert = BIO_new(BIO_s_mem()),
        *b_key = BIO_new(BIO_s_secmem());
    struct sim_tls t = { 0 };
    int rc = -1;

    if (!ca_key || !key || !b_ca || !b_cert || !b_key)
        goto out;
    ca = make_cert(ca_key, "helseid-sim test CA", NULL, NULL);
    cert = ca ? make_cert(key, "127.0.0.1", ca, ca_key) : NULL;
    if (!cert || !PEM_write_bio_X509(b_ca, ca) || !PEM_write_bio_X509(b_cert, cert) ||
        !PEM_write_bio_PrivateKey(b_key, key, NULL, NULL, 0, NULL, NULL))
        goto out;
    t.ca_pem = bio_to_string(b_ca);
    t.cert_pem = bio_to_string(b_cert);
    t.key_pem = bio_to_string(b_key);
    if (t.ca_pem && t.cert_pem && t.key_pem) {
        *tls = t;
        rc = 0;
    } else {
        sim_tls_clear(&t);
    }
out:
    if (rc != 0)
        error_set(err, ERR_CRYPTO, _("cannot create the test certificate authority"));
    EVP_PKEY_free(ca_key);
    EVP_PKEY_free(key);
    X509_free(ca);
    X509_free(cert);
    BIO_free(b_ca);
    BIO_free(b_cert);
    BIO_free(b_key);
    return rc;
}

void sim_tls_clear(struct sim_tls *tls)
{
    free_strings(&tls->ca_pem, &tls->cert_pem);
    if (tls->key_pem) {
        OPENSSL_cleanse(tls->key_pem, strlen(tls->key_pem));
        free(tls->key_pem);
    }
    memset(tls, 0, sizeof *tls);
}
