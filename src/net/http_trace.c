/* Redacted HTTP trace for -v (see http_trace.h). */
#include "config.h"
#include "net/http_trace.h"

#include <curl/curl.h>
#include <string.h>
#include <strings.h>

#define TRACE_BODY_MAX 1024

void http_trace_init(struct http_trace *t, FILE *out, bool body_secret, const char *content_type)
{
    t->out = out;
    /* Form bodies are token requests: client assertions, codes, verifiers. */
    t->body_secret = body_secret ||
        (content_type && strncasecmp(content_type, "application/x-www-form-urlencoded", 33) == 0);
}

bool http_trace_header_is_secret(const char *name, size_t len)
{
    static const char *const secret[] = {
        "authorization", "proxy-authorization", "dpop", "api-key", "cookie", "set-cookie",
        "x-api-key",
    };

    for (size_t i = 0; i < sizeof secret / sizeof secret[0]; i++)
        if (strlen(secret[i]) == len && strncasecmp(secret[i], name, len) == 0)
            return true;
    return false;
}

static void put_clean(FILE *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        fputc(c < 0x20 || c == 0x7f ? '.' : c, out);
    }
}

void http_trace_headers(FILE *out, const char *prefix, const char *data, size_t size)
{
    const char *p = data, *end = data + size;

    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end, *colon;
        size_t n = (size_t)(le - p);

        if (n && p[n - 1] == '\r')
            n--;
        if (n) {
            fputs(prefix, out);
            colon = memchr(p, ':', n);
            if (colon && http_trace_header_is_secret(p, (size_t)(colon - p))) {
                put_clean(out, p, (size_t)(colon - p) + 1);
                fputs(" [redacted]", out);
            } else {
                put_clean(out, p, n);
            }
            fputc('\n', out);
        }
        p = nl ? nl + 1 : end;
    }
}

int http_trace_cb(CURL *handle, curl_infotype type, char *data, size_t size, void *ud)
{
    struct http_trace *t = ud;

    if (!t || !t->out)
        return 0;
    switch (type) {
    case CURLINFO_TEXT:
        fputs("* ", t->out);
        put_clean(t->out, data, size && data[size - 1] == '\n' ? size - 1 : size);
        fputc('\n', t->out);
        break;
    case CURLINFO_HEADER_OUT:
        http_trace_headers(t->out, "> ", data, size);
        break;
    case CURLINFO_HEADER_IN:
        http_trace_headers(t->out, "< ", data, size);
        break;
    case CURLINFO_DATA_OUT:
        if (t->body_secret || size > TRACE_BODY_MAX) {
            fprintf(t->out, "> [%zu bytes of request body not shown]\n", size);
        } else {
            fputs("> ", t->out);
            put_clean(t->out, data, size);
            fputc('\n', t->out);
        }
        break;
    case CURLINFO_DATA_IN:
        fprintf(t->out, "< [%zu bytes of response body]\n", size);
        break;
    default:
        break;          /* TLS records */
    }
    fflush(t->out);
    return 0;
}
