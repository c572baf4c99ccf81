/* A small libcurl wrapper: every HTTPS request of the program goes through here.
 *
 * Invariants: TLS verification is always on (an extra CA file is trusted *in addition*
 * to the system store, never instead of it); proxies come from the environment
 * (HTTPS_PROXY, NO_PROXY; libcurl's default, never disabled); every transfer has a
 * connect and a total timeout and a response size cap; only GETs are retried.
 * The -v trace never shows Authorization, DPoP, api-key or Cookie values, nor request
 * bodies marked secret.
 *
 * Two ways to run requests:
 *  - http_request(): blocking, one request (retries included);
 *  - struct http_multi: several requests at once, driven either by http_multi_run()
 *    (blocking, for preflight) or from the caller's poll() loop with
 *    http_multi_pollfds() + http_multi_step() (the TUI's single event loop).
 */
#ifndef HELSEID_HTTP_H
#define HELSEID_HTTP_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "core/error.h"
#include "core/strv.h"

#define HTTP_DEFAULT_CONNECT_TIMEOUT_MS 10000L
#define HTTP_DEFAULT_TIMEOUT_MS         30000L
#define HTTP_DEFAULT_MAX_BODY           ((size_t)4 << 20)   /* 4 MiB */
#define HTTP_DEFAULT_MAX_ATTEMPTS       3                   /* GET only */
#define HTTP_DEFAULT_RETRY_BASE_MS      500L
#define HTTP_DEFAULT_RETRY_AFTER_MAX_S  30L  /* a longer Retry-After is not waited for */
#define HTTP_MAX_HEADER_VALUE           4096 /* captured response header values are capped */

enum http_method { HTTP_GET, HTTP_POST, HTTP_PUT, HTTP_DELETE };

/* Why a transfer ended. HTTP_CAUSE_OK means an HTTP answer arrived (any status);
 * everything else is a transport failure with its own actionable message. */
#define HTTP_CAUSES(X)          \
    X(HTTP_CAUSE_OK)            \
    X(HTTP_CAUSE_DNS)           /* host name unknown */ \
    X(HTTP_CAUSE_REFUSED)       /* connection refused / reset */ \
    X(HTTP_CAUSE_TIMEOUT)       /* no answer in time: blocked by a firewall? */ \
    X(HTTP_CAUSE_TLS_VERIFY)    /* certificate not trusted: TLS intercepted? */ \
    X(HTTP_CAUSE_TLS_NAME)      /* trusted certificate, but for another host name */ \
    X(HTTP_CAUSE_TLS)           /* other TLS handshake failure */ \
    X(HTTP_CAUSE_PROXY)         /* the proxy failed or refused */ \
    X(HTTP_CAUSE_TOO_LARGE)     /* the answer exceeded the size cap */ \
    X(HTTP_CAUSE_BAD_URL)       /* the URL is malformed or not https */ \
    X(HTTP_CAUSE_NETWORK)       /* any other network failure */ \
    X(HTTP_CAUSE_NOMEM)         \
    X(HTTP_CAUSE_CANCELLED)

enum http_cause {
#define HTTP_CAUSE_ENUM(c) c,
    HTTP_CAUSES(HTTP_CAUSE_ENUM)
#undef HTTP_CAUSE_ENUM
};

/* Settings shared by all requests of a client; zero fields take the defaults above.
 * A client is used from one thread; blocking requests share one connection cache. */
struct http_config {
    const char *ca_file;        /* extra CA (PEM), added to the system store; NULL = none */
    const char *user_agent;     /* NULL = "helseid-admin/VERSION" */
    long connect_timeout_ms;
    long timeout_ms;            /* whole transfer */
    size_t max_body;
    int max_attempts;           /* for GET; 1 = no retry */
    long retry_base_ms;         /* backoff: base, 2*base, 4*base ... (+ jitter) */
    long retry_after_max_s;
    FILE *trace;                /* -v: redacted trace here; NULL = none */
};

struct http_client;             /* opaque; owns the curl share state and the CA bundle */

/* A request. The caller owns every pointer until the request is finished. */
struct http_request {
    enum http_method method;
    const char *url;
    const struct strv *headers; /* "Name: value" lines, may be NULL */
    const char *body;           /* POST/PUT body, may be NULL */
    size_t body_len;
    const char *content_type;   /* of the body, e.g. "application/json" */
    bool body_secret;           /* never trace the body (tokens, assertions, keys) */
    size_t max_body;            /* 0 = the client's cap */
    long timeout_ms;            /* 0 = the client's */
};

struct http_response {
    enum http_cause cause;      /* HTTP_CAUSE_OK when an answer arrived */
    long status;                /* HTTP status, 0 without an answer */
    char *body;                 /* NUL-terminated (body_len excludes the NUL) */
    size_t body_len;
    char *content_type;         /* captured headers, NULL when absent */
    char *location;
    char *dpop_nonce;
    char *www_authenticate;
    char *retry_after;
    char *date;
    time_t date_epoch;          /* parsed Date header, (time_t)-1 when absent/invalid */
    time_t received_at;         /* local clock when the headers arrived */
    int attempts;               /* 1 + retries */
    long elapsed_ms;            /* wall time of the last attempt */
    char *primary_ip;           /* the address finally connected to, for diagnostics */
    bool connected;             /* a TCP connection was made (a timeout after it is not a
                                   firewall: the service or a proxy is slow) */
};

int http_client_new(struct http_client **out, const struct http_config *cfg, struct error *e);
void http_client_free(struct http_client *c);

/* Blocking request with retries (GET only). Returns 0 when an HTTP answer arrived
 * (look at res->status), -1 on a transport failure (e filled with the cause's message,
 * res->cause set). res is always initialised; free with http_response_clear(). */
int http_request(struct http_client *c, const struct http_request *req,
                 struct http_response *res, struct error *e);
void http_response_init(struct http_response *res);
void http_response_clear(struct http_response *res);

/* Room for `more` bytes and a NUL after the `len` bytes of *buf (*cap bytes, 0 when
 * *buf is NULL), the capacity doubling from 256. Bodies carry tokens and client
 * assertions, so it copies instead of realloc and wipes the old block. -1 when out of
 * memory (*buf unchanged). */
int http_buffer_reserve(char **buf, size_t len, size_t *cap, size_t more);

/* Turn a non-2xx answer into an error "<what>: server answered 503 Service Unavailable"
 * with a sanitised excerpt of the body; returns 0 for 2xx. */
int http_status_error(const struct http_response *res, const char *what, struct error *e);

/* Classification, exposed for tests and for preflight. curl_code is a CURLcode;
 * os_errno the socket errno libcurl saw (CURLINFO_OS_ERRNO), 0 if unknown. */
enum http_cause http_cause_from_curl(int curl_code, long os_errno);
/* Whether curl's error text says the certificate names another host (OpenSSL and
 * GnuTLS wordings): HTTP_CAUSE_TLS_NAME rather than HTTP_CAUSE_TLS_VERIFY. */
bool http_tls_name_mismatch(const char *curl_error);
/* The translated, actionable message for a cause, naming host (may be NULL). */
int http_cause_error(enum http_cause cause, const char *host, const char *detail,
                     struct error *e);
/* The same, knowing whether a connection was made (HTTP_CAUSE_TIMEOUT differs). */
int http_outcome_error(enum http_cause cause, bool connected, const char *host,
                       const char *detail, struct error *e);
const char *http_cause_name(enum http_cause cause);  /* "HTTP_CAUSE_DNS" -> "dns" */
/* Was the answer worth another GET? (5xx, 429, 408, or a connect-level failure; the
 * transfer also skips a timeout that happened after the connection was made.) */
bool http_should_retry(enum http_cause cause, long status);
/* Retry-After: delta seconds or an HTTP-date; -1 if absent or invalid. */
long http_parse_retry_after(const char *value, time_t now);
/* RFC 7231 IMF-fixdate (and the two obsolete forms); (time_t)-1 if invalid. */
time_t http_parse_date(const char *value);
/* The proxy libcurl takes from the environment for this https URL (https_proxy,
 * HTTPS_PROXY, all_proxy, ALL_PROXY, minus no_proxy/NO_PROXY), or NULL. Used to blame a
 * failed connection on the proxy rather than on the host. */
const char *http_env_proxy(const char *url);
/* Remove control characters and cap the length, for showing remote text. */
void http_sanitise(char *s, size_t max_len);

/* ---- several requests at once ---- */
struct http_multi;

/* Called once per request when it is finished (res filled; rc 0 answer / -1 failure).
 * It may add new requests to the same multi, but must not free it. */
typedef void http_done_fn(void *ud, const struct http_request *req,
                          struct http_response *res, int rc, const struct error *e);

int http_multi_new(struct http_multi **out, struct http_client *c, struct error *e);
/* Free; running transfers are cancelled (their callbacks are not called). */
void http_multi_free(struct http_multi *m);
/* Start a request; req and res must stay valid until done is called. */
int http_multi_add(struct http_multi *m, const struct http_request *req,
                   struct http_response *res, http_done_fn *done, void *ud, struct error *e);
/* Number of requests not yet finished (running or waiting to retry). */
size_t http_multi_pending(const struct http_multi *m);

/* For a poll() loop: copy the sockets to wait on into fds (at most cap; *n set) and
 * return the longest wait in ms before http_multi_step() must be called anyway
 * (-1 = no timer; 0 = call now). */
int http_multi_pollfds(struct http_multi *m, struct pollfd *fds, size_t cap, size_t *n);
/* Do the work that is due: fds as returned by poll() (revents set; may be NULL/0 after a
 * timeout). Finished requests get their callbacks here. Returns -1 only on internal
 * failure (e filled). */
int http_multi_step(struct http_multi *m, const struct pollfd *fds, size_t n, struct error *e);
/* Blocking: run until every request is finished. */
int http_multi_run(struct http_multi *m, struct error *e);

#endif
