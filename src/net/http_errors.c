/* HTTP outcome classification and actionable messages, Retry-After and Date parsing,
 * sanitising remote text (see http.h). Pure functions. */
#include "config.h"
#include "net/http.h"

#include <curl/curl.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/i18n.h"
#include "core/sanitize.h"

static const char *const cause_names[] = {
#define HTTP_CAUSE_NAME(c) #c,
    HTTP_CAUSES(HTTP_CAUSE_NAME)
#undef HTTP_CAUSE_NAME
};

const char *http_cause_name(enum http_cause cause)
{
    static char lower[HTTP_CAUSE_CANCELLED + 1][24];
    const char *n;
    char *l;

    if ((unsigned)cause > HTTP_CAUSE_CANCELLED)
        return "unknown";
    l = lower[cause];
    if (!*l) {
        n = cause_names[cause] + strlen("HTTP_CAUSE_");
        for (size_t i = 0; n[i] && i + 1 < sizeof lower[0]; i++)
            l[i] = (char)(n[i] >= 'A' && n[i] <= 'Z' ? n[i] - 'A' + 'a' : n[i]);
    }
    return l;
}

enum http_cause http_cause_from_curl(int curl_code, long os_errno)
{
    switch ((CURLcode)curl_code) {
    case CURLE_OK:
        return HTTP_CAUSE_OK;
    case CURLE_COULDNT_RESOLVE_HOST:
        return HTTP_CAUSE_DNS;
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_PROXY:
        return HTTP_CAUSE_PROXY;
    case CURLE_COULDNT_CONNECT:
        if (os_errno == ETIMEDOUT)
            return HTTP_CAUSE_TIMEOUT;
        if (os_errno == ECONNREFUSED || os_errno == ECONNRESET || os_errno == 0)
            return HTTP_CAUSE_REFUSED;
        return HTTP_CAUSE_NETWORK;
    case CURLE_OPERATION_TIMEDOUT:
        return HTTP_CAUSE_TIMEOUT;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        return HTTP_CAUSE_TLS_VERIFY;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_USE_SSL_FAILED:
        return HTTP_CAUSE_TLS;
    case CURLE_FILESIZE_EXCEEDED:
        return HTTP_CAUSE_TOO_LARGE;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
        return HTTP_CAUSE_BAD_URL;
    case CURLE_OUT_OF_MEMORY:
        return HTTP_CAUSE_NOMEM;
    case CURLE_ABORTED_BY_CALLBACK:
        return HTTP_CAUSE_CANCELLED;
    default:
        return HTTP_CAUSE_NETWORK;
    }
}

bool http_tls_name_mismatch(const char *s)
{
    return s && (strstr(s, "does not match target host") || strstr(s, "no alternative certificate subject name") ||
                 strstr(s, "certificate subject name") || strstr(s, "does not match the server name") ||
                 strstr(s, "Hostname mismatch") || strstr(s, "hostname mismatch"));
}

/* The port in "host:port" (IPv6 in brackets), else HTTPS's 443. */
static int port_of(const char *host)
{
    const char *c = strrchr(host, ':'), *b = strrchr(host, ']');
    char *end;
    long p;

    if (!c || (b && c < b) || (!b && strchr(host, ':') != c))
        return 443;
    p = strtol(c + 1, &end, 10);
    return *end || p < 1 || p > 65535 ? 443 : (int)p;
}

/* Sets e to the message, then adds the library's detail in parentheses when there is one. */
__attribute__((format(printf, 4, 5)))
static int set_with_detail(struct error *e, enum err_code code, const char *detail,
                           const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    error_setv(e, code, fmt, ap);
    va_end(ap);
    if (e && detail && *detail) {
        char msg[sizeof e->msg];
        memcpy(msg, e->msg, sizeof msg);
        error_set(e, code, "%s (%s)", msg, detail);
    }
    return -1;
}

int http_cause_error(enum http_cause cause, const char *host, const char *detail,
                     struct error *e)
{
    if (!host)
        host = "?";
    switch (cause) {
    case HTTP_CAUSE_OK:
        return 0;
    case HTTP_CAUSE_DNS:
        /* TRANSLATORS: %s is a host name. */
        return set_with_detail(e, ERR_NET, detail, _("host '%s' not found (DNS): check the name and this network's DNS"), host);
    case HTTP_CAUSE_REFUSED:
        /* TRANSLATORS: a host (with :port unless 443), then its port. */
        return set_with_detail(e, ERR_NET, detail, _("connection to '%s' refused: a firewall rejects port %d, or the service is down"),
                               host, port_of(host));
    case HTTP_CAUSE_TIMEOUT:
        return set_with_detail(e, ERR_NET, detail, _("no answer from '%s' in time: blocked by a firewall? port %d must be open to it"),
                               host, port_of(host));
    case HTTP_CAUSE_TLS_VERIFY:
        return set_with_detail(e, ERR_NET, detail, _("certificate of '%s' not trusted: TLS intercepted by a proxy? add its CA with --ca-file"), host);
    case HTTP_CAUSE_TLS_NAME:
        /* A trusted certificate for another name: a wrong address, not interception. */
        return set_with_detail(e, ERR_NET, detail, _("the certificate of '%s' is for another host name: check the address (a typing error, or a server that answers for another name?)"), host);
    case HTTP_CAUSE_TLS:
        return set_with_detail(e, ERR_NET, detail, _("TLS handshake with '%s' failed"), host);
    case HTTP_CAUSE_PROXY:
        return set_with_detail(e, ERR_NET, detail, _("the proxy could not reach '%s': check HTTPS_PROXY and NO_PROXY"), host);
    case HTTP_CAUSE_TOO_LARGE:
        return set_with_detail(e, ERR_NET, detail, _("answer from '%s' too large: transfer stopped"), host);
    case HTTP_CAUSE_BAD_URL:
        return set_with_detail(e, ERR_INVALID, detail, _("invalid URL for '%s' (only https:// is allowed)"), host);
    case HTTP_CAUSE_NOMEM:
        return error_nomem(e);
    case HTTP_CAUSE_CANCELLED:
        return error_set(e, ERR_CANCELLED, _("request to '%s' cancelled"), host);
    case HTTP_CAUSE_NETWORK:
    default:
        return set_with_detail(e, ERR_NET, detail, _("network error talking to '%s'"), host);
    }
}

int http_outcome_error(enum http_cause cause, bool connected, const char *host,
                       const char *detail, struct error *e)
{
    if (cause == HTTP_CAUSE_TIMEOUT && connected)
        /* TRANSLATORS: %s is a host name. */
        return set_with_detail(e, ERR_NET, detail, _("'%s' accepted the connection but did not answer in time: the service or a proxy is slow, try again later"),
                               host ? host : "?");
    return http_cause_error(cause, host, detail, e);
}

bool http_should_retry(enum http_cause cause, long status)
{
    switch (cause) {
    case HTTP_CAUSE_OK:
        return status == 408 || status == 429 || (status >= 500 && status <= 599);
    case HTTP_CAUSE_REFUSED:
    case HTTP_CAUSE_TIMEOUT:
    case HTTP_CAUSE_NETWORK:
        return true;
    default:
        return false;   /* DNS, TLS, proxy, size: another try gives the same answer */
    }
}

time_t http_parse_date(const char *value)
{
    time_t t;

    if (!value || !*value)
        return (time_t)-1;
    t = curl_getdate(value, NULL);
    return t < 0 ? (time_t)-1 : t;
}

long http_parse_retry_after(const char *value, time_t now)
{
    const char *p = value;
    long v = 0;
    time_t t;

    if (!value || !*value)
        return -1;
    if (*p >= '0' && *p <= '9') {
        for (; *p >= '0' && *p <= '9'; p++) {
            if (v > LONG_MAX / 10 - 10)
                return -1;
            v = v * 10 + (*p - '0');
        }
        while (*p == ' ' || *p == '\t')
            p++;
        return *p ? -1 : v;
    }
    t = http_parse_date(value);
    if (t == (time_t)-1)
        return -1;
    return t <= now ? 0 : (long)(t - now);
}

void http_sanitise(char *s, size_t max_len)
{
    size_t i;

    if (!s)
        return;
    for (i = 0; s[i] && i < max_len; i++)
        ;
    s[i] = '\0';   /* a character cut here is a bad sequence: it becomes '?' */
    sanitize_inplace(s, SANITIZE_SPACES);
}

int http_status_error(const struct http_response *res, const char *what, struct error *e)
{
    char excerpt[201] = "";
    enum err_code code = ERR_API;

    if (res->status >= 200 && res->status <= 299)
        return 0;
    if (res->body && res->body_len) {
        snprintf(excerpt, sizeof excerpt, "%s", res->body);
        http_sanitise(excerpt, sizeof excerpt - 1);
    }
    if (res->status == 401 || res->status == 403)
        code = ERR_AUTH;
    if (*excerpt)
        /* TRANSLATORS: "<what>: the server answered HTTP 503: <body excerpt>" */
        return error_set(e, code, _("%s: the server answered HTTP %ld: %s"), what, res->status, excerpt);
    return error_set(e, code, _("%s: the server answered HTTP %ld"), what, res->status);
}

/* Does one NO_PROXY list name host? ("*", exact names, or domain suffixes with or
 * without a leading dot; as libcurl reads it.) */
static bool no_proxy_match(const char *list, const char *host)
{
    size_t hl = strlen(host);

    while (*list) {
        size_t n;
        const char *tok;

        list += strspn(list, ", \t");
        tok = list;
        n = strcspn(list, ", \t");
        list += n;
        if (n == 1 && tok[0] == '*')
            return true;
        if (n && tok[0] == '.') {
            tok++;
            n--;
        }
        if (n == 0)
            continue;
        if (n == hl && strncasecmp(tok, host, n) == 0)
            return true;
        if (hl > n && host[hl - n - 1] == '.' && strncasecmp(host + hl - n, tok, n) == 0)
            return true;
    }
    return false;
}

const char *http_env_proxy(const char *url)
{
    static const char *const vars[] = { "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY" };
    const char *proxy = NULL, *np, *h;
    char host[256];
    size_t n;

    for (size_t i = 0; i < sizeof vars / sizeof vars[0] && !proxy; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            proxy = v;
    }
    if (!proxy || !url)
        return NULL;
    h = strstr(url, "://");
    h = h ? h + 3 : url;
    if (*h == '[') {
        h++;
        n = strcspn(h, "]");
    } else {
        n = strcspn(h, ":/?#");
    }
    if (n == 0 || n >= sizeof host)
        return proxy;
    memcpy(host, h, n);
    host[n] = '\0';
    np = getenv("no_proxy");
    if (!np || !*np)
        np = getenv("NO_PROXY");
    return np && no_proxy_match(np, host) ? NULL : proxy;
}
