/* The extra CA (see http_ca.h). */
#include "config.h"
#include "net/http_ca.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>
#include <openssl/ssl.h>

#include "core/i18n.h"
#include "core/strv.h"
#include "store/util.h"

/* The extra CA must hold at least one PEM certificate; say so now rather than as a
 * confusing TLS failure later. */
static int load_pem_certs(struct http_ca *c, const char *pem, size_t len, struct error *e)
{
    BIO *bio = BIO_new_mem_buf(pem, (int)len);
    X509 *x;

    c->certs = sk_X509_new_null();
    if (!bio || !c->certs) {
        BIO_free(bio);
        return error_nomem(e);
    }
    while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL)
        if (!sk_X509_push(c->certs, x)) {
            X509_free(x);
            BIO_free(bio);
            return error_nomem(e);
        }
    BIO_free(bio);
    if (sk_X509_num(c->certs) == 0)
        return error_set(e, ERR_INVALID, _("no PEM certificate in CA file '%s'"), c->path);
    return 0;
}

static int load_extra_ca(struct http_ca *c, struct error *e)
{
    char *pem = NULL;
    size_t len = 0;
    int rc;

    if (store_load_file(c->path, HTTP_CA_FILE_MAX, &pem, &len, e) < 0)
        return -1;
    rc = load_pem_certs(c, pem, len, e);
    free(pem);
    return rc;
}

/* Trust the extra CA in addition to the default store: libcurl (OpenSSL) has loaded and
 * cached the system bundle into the SSL_CTX's store; add ours to it. */
static CURLcode on_ssl_ctx(CURL *h, void *ssl_ctx, void *ud)
{
    struct http_ca *c = ud;
    X509_STORE *store = SSL_CTX_get_cert_store((SSL_CTX *)ssl_ctx);

    for (int i = 0; store && i < sk_X509_num(c->certs); i++)
        if (!X509_STORE_add_cert(store, sk_X509_value(c->certs, i)))
            return CURLE_SSL_CACERT_BADFILE;
    return CURLE_OK;
}

/* Fallback when CURLOPT_SSL_CTX_FUNCTION is not available: CURLOPT_CAINFO and
 * CURLOPT_CAINFO_BLOB each *replace* the default bundle, so build one blob holding the
 * system bundle and the extra CA: both are trusted. */
static int build_ca_blob(struct http_ca *c, struct error *e)
{
    char *sys = NULL, *extra = NULL, *blob = NULL;
    size_t sys_len = 0, extra_len = 0;
    const char *sys_path = NULL;
    CURL *probe;
    int rc = -1;

    if (store_load_file(c->path, HTTP_CA_FILE_MAX, &extra, &extra_len, e) < 0)
        goto out;
    probe = curl_easy_init();
    if (probe) {
        curl_easy_getinfo(probe, CURLINFO_CAINFO, &sys_path);
        if (sys_path && store_load_file(sys_path, HTTP_CA_FILE_MAX, &sys, &sys_len, NULL) < 0)
            sys_len = 0;
        curl_easy_cleanup(probe);
    }
    blob = malloc(sys_len + extra_len + 2);
    if (!blob) {
        error_nomem(e);
        goto out;
    }
    if (sys_len)
        memcpy(blob, sys, sys_len);
    blob[sys_len] = '\n';
    memcpy(blob + sys_len + 1, extra, extra_len);
    c->blob_len = sys_len + 1 + extra_len;
    blob[c->blob_len] = '\0';
    c->blob = blob;
    rc = 0;
out:
    free(sys);
    free(extra);
    return rc;
}

int http_ca_load(struct http_ca *ca, const char *path, struct error *e)
{
    memset(ca, 0, sizeof *ca);
    ca->path = strdup(path);
    if (!ca->path)
        return error_nomem(e);
    if (load_extra_ca(ca, e) < 0) {
        http_ca_clear(ca);
        return -1;
    }
    return 0;
}

int http_ca_apply(struct http_ca *ca, CURL *h, struct error *e)
{
    struct curl_blob blob;

    if (!ca->certs)
        return 0;
    if (!ca->blob && curl_easy_setopt(h, CURLOPT_SSL_CTX_FUNCTION, on_ssl_ctx) == CURLE_OK &&
        curl_easy_setopt(h, CURLOPT_SSL_CTX_DATA, ca) == CURLE_OK)
        return 0;
    curl_easy_setopt(h, CURLOPT_SSL_CTX_FUNCTION, NULL);
    if (!ca->blob && build_ca_blob(ca, e) < 0)
        return -1;
    blob.data = ca->blob;
    blob.len = ca->blob_len;
    blob.flags = CURL_BLOB_NOCOPY;
    if (curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &blob) != CURLE_OK)
        return error_set(e, ERR_NET, _("cannot use CA file '%s'"), ca->path);
    return 0;
}

void http_ca_clear(struct http_ca *ca)
{
    free_strings(&ca->path, &ca->blob);
    sk_X509_pop_free(ca->certs, X509_free);
    memset(ca, 0, sizeof *ca);
}
