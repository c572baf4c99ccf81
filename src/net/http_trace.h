/* The -v trace of HTTP transfers (CURLOPT_DEBUGFUNCTION), redacted: the values of
 * Authorization, Proxy-Authorization, DPoP, api-key, Cookie and Set-Cookie headers are
 * never written, nor request bodies that are secret or form-encoded (token requests),
 * nor any response body (it may hold tokens): only their sizes. */
#ifndef HELSEID_HTTP_TRACE_H
#define HELSEID_HTTP_TRACE_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct http_trace {
    FILE *out;
    bool body_secret;
};

void http_trace_init(struct http_trace *t, FILE *out, bool body_secret, const char *content_type);
/* The curl debug callback (CURLOPT_DEBUGFUNCTION); ud is a struct http_trace. */
int http_trace_cb(CURL *handle, curl_infotype type, char *data, size_t size, void *ud);
/* Is this header's value never to be shown? (name without the colon) */
bool http_trace_header_is_secret(const char *name, size_t len);
/* Write one header block (lines separated by CRLF/LF) with prefix, redacting secrets. */
void http_trace_headers(FILE *out, const char *prefix, const char *data, size_t size);

#endif
