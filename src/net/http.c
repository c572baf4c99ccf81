/* The libcurl wrapper (see http.h for the invariants). Every request, blocking or not,
 * runs through one curl multi handle driven by the socket/timer callbacks, so the same
 * code serves http_request(), preflight and the TUI's poll() loop. */
#include "config.h"
#include "net/http.h"

#include <curl/curl.h>
#include <openssl/crypto.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/i18n.h"
#include "core/interrupt.h"
#include "core/strv.h"
#include "net/http_ca.h"
#include "net/http_trace.h"

struct http_client {
    char *user_agent;
    char *ca_file;
    long connect_timeout_ms, timeout_ms, retry_base_ms, retry_after_max_s;
    size_t max_body;
    int max_attempts;
    FILE *trace;
    struct http_ca ca;          /* --ca-file, trusted in addition to the system store */
    struct http_multi *sync;    /* for http_request: keeps connections and the CA cache */
};

struct xfer {
    struct http_multi *m;
    CURL *easy;
    struct curl_slist *hdrs;
    const struct http_request *req;
    struct http_response *res;
    http_done_fn *done;
    void *ud;
    size_t cap, body_alloc;
    bool too_large, in_multi;
    int64_t retry_at;       /* monotonic ms; 0 = not waiting */
    struct http_trace trace;
    char errbuf[CURL_ERROR_SIZE];
    struct xfer *next;
};

struct sock {
    curl_socket_t fd;
    short events;
};

struct http_multi {
    struct http_client *c;
    CURLM *cm;
    struct xfer *xfers;
    struct sock *socks;
    size_t nsocks, socks_alloc;
    int64_t timer_at;       /* monotonic ms; -1 = none */
};

static int64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- the client ---- */

int http_client_new(struct http_client **out, const struct http_config *cfg, struct error *e)
{
    static const struct http_config none;
    struct http_client *c;

    if (!cfg)
        cfg = &none;
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return error_set(e, ERR_NET, "%s", _("cannot initialise libcurl"));
    c = calloc(1, sizeof *c);
    if (!c)
        return error_nomem(e);
    c->user_agent = strdup(cfg->user_agent ? cfg->user_agent : PACKAGE "/" VERSION);
    c->ca_file = cfg->ca_file ? strdup(cfg->ca_file) : NULL;
    if (!c->user_agent || (cfg->ca_file && !c->ca_file)) {
        http_client_free(c);
        return error_nomem(e);
    }
    c->connect_timeout_ms = cfg->connect_timeout_ms > 0 ? cfg->connect_timeout_ms : HTTP_DEFAULT_CONNECT_TIMEOUT_MS;
    c->timeout_ms = cfg->timeout_ms > 0 ? cfg->timeout_ms : HTTP_DEFAULT_TIMEOUT_MS;
    c->max_body = cfg->max_body > 0 ? cfg->max_body : HTTP_DEFAULT_MAX_BODY;
    c->max_attempts = cfg->max_attempts > 0 ? cfg->max_attempts : HTTP_DEFAULT_MAX_ATTEMPTS;
    c->retry_base_ms = cfg->retry_base_ms > 0 ? cfg->retry_base_ms : HTTP_DEFAULT_RETRY_BASE_MS;
    c->retry_after_max_s = cfg->retry_after_max_s > 0 ? cfg->retry_after_max_s : HTTP_DEFAULT_RETRY_AFTER_MAX_S;
    c->trace = cfg->trace;
    if (c->ca_file && http_ca_load(&c->ca, c->ca_file, e) < 0) {
        http_client_free(c);
        return -1;
    }
    *out = c;
    return 0;
}

void http_client_free(struct http_client *c)
{
    if (!c)
        return;
    free_strings(&c->user_agent, &c->ca_file);
    http_multi_free(c->sync);
    http_ca_clear(&c->ca);
    free(c);
    curl_global_cleanup();
}

/* ---- responses ---- */

void http_response_init(struct http_response *res)
{
    memset(res, 0, sizeof *res);
    res->date_epoch = (time_t)-1;
}

static void response_reset(struct http_response *res)
{
    int attempts = res->attempts;

    http_response_clear(res);
    res->attempts = attempts;
}

void http_response_clear(struct http_response *res)
{
    if (!res)
        return;
    if (res->body)
        OPENSSL_cleanse(res->body, res->body_len);
    free_strings(&res->body, &res->content_type, &res->location, &res->dpop_nonce,
                 &res->www_authenticate, &res->retry_after, &res->date, &res->primary_ip);
    http_response_init(res);
}

int http_buffer_reserve(char **buf, size_t len, size_t *cap, size_t more)
{
    size_t want = *cap ? *cap : 256;
    char *nb;

    if (more > SIZE_MAX / 2 || len > SIZE_MAX / 2 - more)
        return -1;
    if (len + more + 1 <= *cap)
        return 0;
    while (want < len + more + 1)
        want *= 2;
    /* Not realloc: the old block is wiped before it goes. */
    if (!(nb = malloc(want)))
        return -1;
    if (*buf) {
        memcpy(nb, *buf, len + 1);
        OPENSSL_cleanse(*buf, *cap);
        free(*buf);
    }
    *buf = nb;
    *cap = want;
    return 0;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *ud)
{
    struct xfer *x = ud;
    struct http_response *res = x->res;
    size_t n = size * nmemb;

    if (n > x->cap || res->body_len > x->cap - n) {
        x->too_large = true;
        return 0;               /* aborts the transfer: CURLE_WRITE_ERROR */
    }
    if (http_buffer_reserve(&res->body, res->body_len, &x->body_alloc, n) < 0)
        return 0;
    memcpy(res->body + res->body_len, data, n);
    res->body_len += n;
    res->body[res->body_len] = '\0';
    return n;
}

static char **captured_header(struct http_response *res, const char *name, size_t len)
{
    static const struct { const char *name; size_t off; } map[] = {
        { "content-type", offsetof(struct http_response, content_type) },
        { "location", offsetof(struct http_response, location) },
        { "dpop-nonce", offsetof(struct http_response, dpop_nonce) },
        { "www-authenticate", offsetof(struct http_response, www_authenticate) },
        { "retry-after", offsetof(struct http_response, retry_after) },
        { "date", offsetof(struct http_response, date) },
    };

    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strlen(map[i].name) == len && strncasecmp(map[i].name, name, len) == 0)
            return (char **)((char *)res + map[i].off);
    return NULL;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *ud)
{
    struct xfer *x = ud;
    struct http_response *res = x->res;
    size_t n = size * nmemb, name_len, vlen;
    const char *colon, *v, *end = data + n;
    char **slot;

    /* A new status line (proxy CONNECT answer, 100 Continue): forget earlier headers. */
    if (n >= 5 && strncmp(data, "HTTP/", 5) == 0) {
        response_reset(res);
        x->body_alloc = 0;
        res->received_at = time(NULL);
        return n;
    }
    colon = memchr(data, ':', n);
    if (!colon)
        return n;
    name_len = (size_t)(colon - data);
    slot = captured_header(res, data, name_len);
    if (!slot)
        return n;
    v = colon + 1;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
        end--;
    vlen = (size_t)(end - v);
    if (vlen > HTTP_MAX_HEADER_VALUE)
        vlen = HTTP_MAX_HEADER_VALUE;
    free(*slot);
    *slot = strndup(v, vlen);
    if (!*slot)
        return 0;
    http_sanitise(*slot, vlen);
    if (slot == &res->date)
        res->date_epoch = http_parse_date(res->date);
    return n;
}

/* ---- one transfer ---- */

static void host_of(const char *url, char *host, size_t cap)
{
    const char *p = strstr(url ? url : "", "://");
    size_t n;

    p = p ? p + 3 : (url ? url : "");
    n = strcspn(p, "/?#");
    if (n >= cap)
        n = cap - 1;
    memcpy(host, p, n);
    host[n] = '\0';
    http_sanitise(host, cap - 1);
}

static int xfer_setup(struct xfer *x, struct error *e)
{
    struct http_client *c = x->m->c;
    const struct http_request *r = x->req;
    CURL *h = curl_easy_init();
    char ct[256];
    int bad = 0;

    if (!h)
        return error_nomem(e);
    x->easy = h;
    x->cap = r->max_body ? r->max_body : c->max_body;
    if (r->headers)
        for (size_t i = 0; i < r->headers->n; i++) {
            struct curl_slist *nl = curl_slist_append(x->hdrs, r->headers->v[i]);
            if (!nl)
                return error_nomem(e);
            x->hdrs = nl;
        }
    if (r->content_type) {
        struct curl_slist *nl;
        snprintf(ct, sizeof ct, "Content-Type: %s", r->content_type);
        nl = curl_slist_append(x->hdrs, ct);
        if (!nl)
            return error_nomem(e);
        x->hdrs = nl;
    }
    /* No "Expect: 100-continue" round trip on small bodies. */
    {
        struct curl_slist *nl = curl_slist_append(x->hdrs, "Expect:");
        if (!nl)
            return error_nomem(e);
        x->hdrs = nl;
    }
    bad |= curl_easy_setopt(h, CURLOPT_URL, r->url);
    bad |= curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https");
    bad |= curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    bad |= curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    bad |= curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    bad |= curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    bad |= curl_easy_setopt(h, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
    /* The system bundle (CAINFO, compiled-in default) holds the same CAs as Debian's
     * CApath; without CApath libcurl caches the parsed store in the multi handle
     * instead of parsing ~140 certificates for every connection (OpenSSL 3: ~70 ms). */
    curl_easy_setopt(h, CURLOPT_CAPATH, NULL);
    if (http_ca_apply(&c->ca, h, e) < 0)
        return -1;
    bad |= curl_easy_setopt(h, CURLOPT_USERAGENT, c->user_agent);
    bad |= curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms);
    bad |= curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, r->timeout_ms > 0 ? r->timeout_ms : c->timeout_ms);
    bad |= curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->cap);
    bad |= curl_easy_setopt(h, CURLOPT_HTTPHEADER, x->hdrs);
    bad |= curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    bad |= curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
    bad |= curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    bad |= curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
    bad |= curl_easy_setopt(h, CURLOPT_ERRORBUFFER, x->errbuf);
    bad |= curl_easy_setopt(h, CURLOPT_PRIVATE, x);
    switch (r->method) {
    case HTTP_GET:
        bad |= curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
        break;
    case HTTP_POST:
    case HTTP_PUT:
    case HTTP_DELETE:
        if (r->body || r->method == HTTP_POST) {
            bad |= curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)r->body_len);
            bad |= curl_easy_setopt(h, CURLOPT_POSTFIELDS, r->body ? r->body : "");
        }
        if (r->method != HTTP_POST)
            bad |= curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, r->method == HTTP_PUT ? "PUT" : "DELETE");
        break;
    }
    if (c->trace) {
        http_trace_init(&x->trace, c->trace, r->body_secret, r->content_type);
        bad |= curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, http_trace_cb);
        bad |= curl_easy_setopt(h, CURLOPT_DEBUGDATA, &x->trace);
        bad |= curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
    }
    if (bad)
        return error_set(e, ERR_NET, "%s", _("cannot set up the HTTP request"));
    return 0;
}

static void xfer_free(struct xfer *x)
{
    if (!x)
        return;
    if (x->easy) {
        if (x->in_multi)
            curl_multi_remove_handle(x->m->cm, x->easy);
        curl_easy_cleanup(x->easy);
    }
    /* Authorization and DPoP headers are credentials. */
    for (struct curl_slist *h = x->hdrs; h; h = h->next)
        OPENSSL_cleanse(h->data, strlen(h->data));
    curl_slist_free_all(x->hdrs);
    free(x);
}

static void xfer_unlink(struct xfer *x)
{
    for (struct xfer **p = &x->m->xfers; *p; p = &(*p)->next)
        if (*p == x) {
            *p = x->next;
            return;
        }
}

static int xfer_start(struct xfer *x, struct error *e)
{
    response_reset(x->res);
    x->body_alloc = 0;
    x->too_large = false;
    x->errbuf[0] = '\0';
    x->res->attempts++;
    x->retry_at = 0;
    if (curl_multi_add_handle(x->m->cm, x->easy) != CURLM_OK)
        return error_set(e, ERR_NET, "%s", _("cannot start the HTTP request"));
    x->in_multi = true;
    return 0;
}

static long retry_delay_ms(struct xfer *x)
{
    struct http_client *c = x->m->c;
    struct http_response *res = x->res;
    long ra, base, jitter;

    if (res->cause == HTTP_CAUSE_OK && res->retry_after) {
        ra = http_parse_retry_after(res->retry_after, time(NULL));
        if (ra > c->retry_after_max_s)
            return -1;          /* the server asks for more patience than is reasonable */
        if (ra >= 0)
            return ra * 1000;
    }
    base = c->retry_base_ms << (res->attempts - 1 < 10 ? res->attempts - 1 : 10);
    jitter = (long)(((uint64_t)now_ms() * 2654435761u) % (uint64_t)(c->retry_base_ms / 2 + 1));
    return base + jitter;
}

static void xfer_finished(struct xfer *x, CURLcode code)
{
    struct http_response *res = x->res;
    struct error err = { 0 };
    long os_errno = 0, connect_code = 0, ms;
    char host[256];
    char *ip = NULL;
    curl_off_t connect_us = 0;
    double t = 0;
    int rc = 0;

    curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &res->status);
    curl_easy_getinfo(x->easy, CURLINFO_OS_ERRNO, &os_errno);
    curl_easy_getinfo(x->easy, CURLINFO_HTTP_CONNECTCODE, &connect_code);
    curl_easy_getinfo(x->easy, CURLINFO_TOTAL_TIME, &t);
    curl_easy_getinfo(x->easy, CURLINFO_CONNECT_TIME_T, &connect_us);
    if (curl_easy_getinfo(x->easy, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip && *ip) {
        free(res->primary_ip);
        res->primary_ip = strdup(ip);
    }
    res->elapsed_ms = (long)(t * 1000);
    curl_multi_remove_handle(x->m->cm, x->easy);
    x->in_multi = false;

    if (x->too_large)
        res->cause = HTTP_CAUSE_TOO_LARGE;
    else if (code != CURLE_OK && connect_code != 0 && connect_code != 200)
        res->cause = HTTP_CAUSE_PROXY;
    else
        res->cause = http_cause_from_curl(code, os_errno);
    if ((res->cause == HTTP_CAUSE_REFUSED || res->cause == HTTP_CAUSE_NETWORK ||
         (res->cause == HTTP_CAUSE_TIMEOUT && connect_us == 0)) && http_env_proxy(x->req->url))
        res->cause = HTTP_CAUSE_PROXY;  /* the connection that failed was the proxy's */
    if (res->cause == HTTP_CAUSE_TLS_VERIFY && http_tls_name_mismatch(x->errbuf))
        res->cause = HTTP_CAUSE_TLS_NAME;
    if (res->cause != HTTP_CAUSE_OK)
        res->status = 0;
    res->connected = connect_us > 0;

    if (x->req->method == HTTP_GET && res->attempts < x->m->c->max_attempts &&
        http_should_retry(res->cause, res->status) &&
        !(res->cause == HTTP_CAUSE_TIMEOUT && connect_us > 0) &&    /* slow, not unreachable */
        (ms = retry_delay_ms(x)) >= 0) {
        if (x->m->c->trace)
            fprintf(x->m->c->trace, "* retrying in %ld ms (attempt %d)\n", ms, res->attempts + 1);
        x->retry_at = now_ms() + ms;
        return;
    }
    if (res->cause != HTTP_CAUSE_OK) {
        host_of(x->req->url, host, sizeof host);
        if (res->cause == HTTP_CAUSE_TOO_LARGE) {
            char detail[64];
            snprintf(detail, sizeof detail, _("limit %zu bytes"), x->cap);
            http_cause_error(res->cause, host, detail, &err);
        } else {
            http_sanitise(x->errbuf, sizeof x->errbuf - 1);
            http_outcome_error(res->cause, res->connected, host, x->errbuf, &err);
        }
        rc = -1;
    }
    xfer_unlink(x);
    if (x->done)
        x->done(x->ud, x->req, res, rc, &err);
    xfer_free(x);
}

/* ---- the multi handle ---- */

static int on_socket(CURL *easy, curl_socket_t fd, int what, void *ud, void *sockp)
{
    struct http_multi *m = ud;
    size_t i;

    for (i = 0; i < m->nsocks && m->socks[i].fd != fd; i++)
        ;
    if (what == CURL_POLL_REMOVE) {
        if (i < m->nsocks)
            m->socks[i] = m->socks[--m->nsocks];
        return 0;
    }
    if (i == m->nsocks) {
        if (m->nsocks == m->socks_alloc) {
            size_t na = m->socks_alloc ? m->socks_alloc * 2 : 8;
            struct sock *ns = realloc(m->socks, na * sizeof *ns);
            if (!ns)
                return -1;
            m->socks = ns;
            m->socks_alloc = na;
        }
        m->socks[m->nsocks++].fd = fd;
    }
    m->socks[i].events = (short)((what & CURL_POLL_IN ? POLLIN : 0) | (what & CURL_POLL_OUT ? POLLOUT : 0));
    return 0;
}

static int on_timer(CURLM *cm, long timeout_ms, void *ud)
{
    struct http_multi *m = ud;

    m->timer_at = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
    return 0;
}

int http_multi_new(struct http_multi **out, struct http_client *c, struct error *e)
{
    struct http_multi *m = calloc(1, sizeof *m);

    if (!m)
        return error_nomem(e);
    m->c = c;
    m->timer_at = -1;
    m->cm = curl_multi_init();
    if (!m->cm) {
        free(m);
        return error_nomem(e);
    }
    curl_multi_setopt(m->cm, CURLMOPT_SOCKETFUNCTION, on_socket);
    curl_multi_setopt(m->cm, CURLMOPT_SOCKETDATA, m);
    curl_multi_setopt(m->cm, CURLMOPT_TIMERFUNCTION, on_timer);
    curl_multi_setopt(m->cm, CURLMOPT_TIMERDATA, m);
    *out = m;
    return 0;
}

void http_multi_free(struct http_multi *m)
{
    if (!m)
        return;
    while (m->xfers) {
        struct xfer *x = m->xfers;
        m->xfers = x->next;
        xfer_free(x);
    }
    curl_multi_cleanup(m->cm);
    free(m->socks);
    free(m);
}

size_t http_multi_pending(const struct http_multi *m)
{
    size_t n = 0;

    for (const struct xfer *x = m->xfers; x; x = x->next)
        n++;
    return n;
}

int http_multi_add(struct http_multi *m, const struct http_request *req,
                   struct http_response *res, http_done_fn *done, void *ud, struct error *e)
{
    struct xfer *x;

    http_response_init(res);
    if (!req->url || strncasecmp(req->url, "https://", 8) != 0) {
        char host[256];
        host_of(req->url, host, sizeof host);
        res->cause = HTTP_CAUSE_BAD_URL;
        return http_cause_error(HTTP_CAUSE_BAD_URL, host, NULL, e);
    }
    x = calloc(1, sizeof *x);
    if (!x)
        return error_nomem(e);
    x->m = m;
    x->req = req;
    x->res = res;
    x->done = done;
    x->ud = ud;
    if (xfer_setup(x, e) < 0 || xfer_start(x, e) < 0) {
        xfer_free(x);
        return -1;
    }
    x->next = m->xfers;
    m->xfers = x;
    return 0;
}

int http_multi_pollfds(struct http_multi *m, struct pollfd *fds, size_t cap, size_t *n)
{
    int64_t now = now_ms(), due = m->timer_at;
    size_t k = 0;

    for (size_t i = 0; i < m->nsocks && k < cap; i++) {
        fds[k].fd = m->socks[i].fd;
        fds[k].events = m->socks[i].events;
        fds[k].revents = 0;
        k++;
    }
    *n = k;
    for (const struct xfer *x = m->xfers; x; x = x->next)
        if (x->retry_at && (due < 0 || x->retry_at < due))
            due = x->retry_at;
    if (due < 0)
        return -1;
    if (due <= now)
        return 0;
    return due - now > INT_MAX ? INT_MAX : (int)(due - now);
}

static bool own_socket(const struct http_multi *m, int fd)
{
    for (size_t i = 0; i < m->nsocks; i++)
        if (m->socks[i].fd == fd)
            return true;
    return false;
}

int http_multi_step(struct http_multi *m, const struct pollfd *fds, size_t n, struct error *e)
{
    int running = 0, left;
    CURLMsg *msg;
    int64_t now;

    for (size_t i = 0; fds && i < n; i++) {
        int flags = 0;
        if (!fds[i].revents || !own_socket(m, fds[i].fd))
            continue;
        if (fds[i].revents & POLLIN)
            flags |= CURL_CSELECT_IN;
        if (fds[i].revents & POLLOUT)
            flags |= CURL_CSELECT_OUT;
        if (fds[i].revents & (POLLERR | POLLHUP | POLLNVAL))
            flags |= CURL_CSELECT_ERR;
        if (curl_multi_socket_action(m->cm, fds[i].fd, flags, &running) != CURLM_OK)
            return error_set(e, ERR_NET, "%s", _("internal HTTP error"));
    }
    now = now_ms();
    if (m->timer_at >= 0 && m->timer_at <= now) {
        m->timer_at = -1;
        if (curl_multi_socket_action(m->cm, CURL_SOCKET_TIMEOUT, 0, &running) != CURLM_OK)
            return error_set(e, ERR_NET, "%s", _("internal HTTP error"));
    }
    while ((msg = curl_multi_info_read(m->cm, &left)) != NULL) {
        struct xfer *x = NULL;
        if (msg->msg != CURLMSG_DONE)
            continue;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
        if (x)
            xfer_finished(x, msg->data.result);
    }
    now = now_ms();
    for (struct xfer *x = m->xfers; x; x = x->next)
        if (x->retry_at && x->retry_at <= now && xfer_start(x, e) < 0)
            return -1;
    return 0;
}

int http_multi_run(struct http_multi *m, struct error *e)
{
    struct pollfd *fds = NULL;
    size_t cap = 0, n;
    int timeout, rc = -1;

    while (m->xfers) {
        if (cap < m->nsocks + 1) {
            struct pollfd *nf = realloc(fds, (m->nsocks + 8) * sizeof *nf);
            if (!nf) {
                error_nomem(e);
                goto out;
            }
            fds = nf;
            cap = m->nsocks + 8;
        }
        timeout = http_multi_pollfds(m, fds, cap, &n);
        if (n == 0 && timeout < 0)
            timeout = 10;   /* nothing to wait on yet: let curl make progress */
        if (interrupt_fd() >= 0 && n < cap)     /* a signal wakes the wait (step skips it) */
            fds[n++] = (struct pollfd){ .fd = interrupt_fd(), .events = POLLIN };
        if (poll(fds, n, timeout) < 0 && errno != EINTR) {
            error_set(e, ERR_NET, _("poll failed: %s"), strerror(errno));
            goto out;
        }
        if (interrupt_signal()) {
            interrupt_error(e);
            goto out;
        }
        if (http_multi_step(m, fds, n, e) < 0)
            goto out;
    }
    rc = 0;
out:
    free(fds);
    return rc;
}

/* ---- blocking ---- */

struct sync_result {
    int rc;
    struct error err;
};

static void sync_done(void *ud, const struct http_request *req, struct http_response *res,
                      int rc, const struct error *e)
{
    struct sync_result *s = ud;

    s->rc = rc;
    if (rc < 0 && e)
        s->err = *e;
}

int http_request(struct http_client *c, const struct http_request *req,
                 struct http_response *res, struct error *e)
{
    struct sync_result s = { 0 };

    http_response_init(res);
    /* One multi handle for all blocking requests of a client: connections are kept
     * alive between calls and the CA store is loaded once. */
    if (!c->sync && http_multi_new(&c->sync, c, e) < 0)
        return -1;
    if (http_multi_add(c->sync, req, res, sync_done, &s, e) < 0)
        return -1;
    if (http_multi_run(c->sync, e) < 0) {
        http_multi_free(c->sync);   /* cancels the transfer */
        c->sync = NULL;
        return -1;
    }
    if (s.rc < 0) {
        if (e)
            *e = s.err;
        return -1;
    }
    return 0;
}
