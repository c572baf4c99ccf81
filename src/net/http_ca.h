/* The extra CA of --ca-file, trusted in addition to the system store (internal to
 * net/http.c). With libcurl's OpenSSL backend the certificates are added to each
 * connection's store from CURLOPT_SSL_CTX_FUNCTION, so libcurl keeps loading (and
 * caching) the system bundle itself; elsewhere a combined PEM blob (system bundle +
 * extra CA) replaces the default, which then holds both. */
#ifndef HELSEID_HTTP_CA_H
#define HELSEID_HTTP_CA_H

#include <curl/curl.h>
#include <openssl/x509.h>
#include <stddef.h>

#include "core/error.h"

#define HTTP_CA_FILE_MAX ((size_t)8 << 20)

struct http_ca {
    char *path;
    STACK_OF(X509) *certs;
    char *blob;             /* fallback only, built on first need */
    size_t blob_len;
};

/* Read and check path (at least one PEM certificate). */
int http_ca_load(struct http_ca *ca, const char *path, struct error *e);
/* Configure one easy handle to trust the extra CA as well. */
int http_ca_apply(struct http_ca *ca, CURL *h, struct error *e);
void http_ca_clear(struct http_ca *ca);

#endif
