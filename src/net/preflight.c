/* Preflight reachability and clock checks (see preflight.h). */
#include "config.h"
#include "net/preflight.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/i18n.h"
#include "net/endpoints.h"

void preflight_report_init(struct preflight_report *r)
{
    memset(r, 0, sizeof *r);
}

void preflight_report_clear(struct preflight_report *r)
{
    free(r->v);
    preflight_report_init(r);
}

const char *preflight_stage_name(enum preflight_stage s)
{
    switch (s) {
    case PREFLIGHT_STAGE_DNS: return "dns";
    case PREFLIGHT_STAGE_TCP: return "tcp";
    case PREFLIGHT_STAGE_TLS: return "tls";
    case PREFLIGHT_STAGE_HTTP: return "http";
    default: return "ok";
    }
}

size_t preflight_targets(const struct endpoints *ep, struct preflight_target *t,
                         char urls[][1024])
{
    size_t n = 0;

#define ADD(base, suffix, lbl, clock) \
    if (base) { \
        snprintf(urls[n], 1024, "%s%s", base, suffix); \
        t[n].label = lbl; t[n].url = urls[n]; t[n].clock_source = clock; n++; \
    }
    ADD(ep->authority, "/.well-known/openid-configuration", _("HelseID STS"), true)
    ADD(ep->selvbetjening_api, "/", _("Selvbetjening API"), false)
    ADD(ep->selvbetjening_web, "/", _("Selvbetjening portal"), false)
    ADD(ep->brreg, "/", _("Enhetsregisteret"), false)
    ADD(ep->persontjenesten, "/", _("Persontjenesten API"), false)
#undef ADD
    return n;
}

bool preflight_clock_skew(time_t server_date, time_t local_received, long *skew_s)
{
    if (server_date == (time_t)-1 || local_received <= 0)
        return false;
    *skew_s = (long)(local_received - server_date);
    return true;
}

void preflight_classify(struct preflight_result *r)
{
    struct error e = { 0 };

    r->message[0] = '\0';
    switch (r->cause) {
    case HTTP_CAUSE_OK:
        if (r->status >= 500) {
            r->ok = false;
            r->failed_at = PREFLIGHT_STAGE_HTTP;
            /* TRANSLATORS: host, HTTP status. */
            snprintf(r->message, sizeof r->message,
                     _("'%s' answered HTTP %ld: the service has a problem, try again later"),
                     r->host, r->status);
        } else {
            r->ok = true;   /* any other answer proves DNS, TCP, TLS and HTTP work */
            r->failed_at = PREFLIGHT_STAGE_DONE;
        }
        return;
    case HTTP_CAUSE_DNS:
        r->failed_at = PREFLIGHT_STAGE_DNS;
        break;
    case HTTP_CAUSE_TIMEOUT:
        r->failed_at = r->connected ? PREFLIGHT_STAGE_HTTP : PREFLIGHT_STAGE_TCP;
        break;
    case HTTP_CAUSE_REFUSED:
    case HTTP_CAUSE_PROXY:
    case HTTP_CAUSE_NETWORK:
        r->failed_at = PREFLIGHT_STAGE_TCP;
        break;
    case HTTP_CAUSE_TLS_VERIFY:
    case HTTP_CAUSE_TLS_NAME:
    case HTTP_CAUSE_TLS:
        r->failed_at = PREFLIGHT_STAGE_TLS;
        break;
    default:
        r->failed_at = PREFLIGHT_STAGE_HTTP;
        break;
    }
    r->ok = false;
    if (r->port > 0 && r->port != 443) {
        /* The messages name the port: say which one it really is. */
        char hp[sizeof r->host + 16];

        snprintf(hp, sizeof hp, "%s:%d", r->host, r->port);
        http_outcome_error(r->cause, r->connected, hp, NULL, &e);
    } else {
        http_outcome_error(r->cause, r->connected, r->host, NULL, &e);
    }
    snprintf(r->message, sizeof r->message, "%s", e.msg);
}

struct run_slot {
    struct preflight_report *rep;
    size_t i;
    bool clock;
    struct http_request req;
    struct http_response res;
};

static void slot_done(void *ud, const struct http_request *req, struct http_response *res,
                      int rc, const struct error *e)
{
    struct run_slot *s = ud;
    struct preflight_result *r = &s->rep->v[s->i];

    r->cause = res->cause;
    r->status = res->status;
    r->elapsed_ms = res->elapsed_ms;
    r->connected = res->connected;
    preflight_classify(r);
    if (s->clock && res->cause == HTTP_CAUSE_OK &&
        preflight_clock_skew(res->date_epoch, res->received_at, &s->rep->clock_skew_s))
        s->rep->clock_known = true;
    http_response_clear(res);
}

static long mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)(ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

int preflight_run(const struct http_config *cfg, const struct preflight_target *t, size_t n,
                  bool parallel, struct preflight_report *out, struct error *e)
{
    struct http_config c = { 0 };
    struct http_client *client = NULL;
    struct http_multi *m = NULL;
    struct preflight_report rep;
    struct run_slot *slots = NULL;
    long start = mono_ms();
    int rc = -1;

    preflight_report_init(&rep);
    if (cfg)
        c = *cfg;
    if (!c.connect_timeout_ms)
        c.connect_timeout_ms = PREFLIGHT_CONNECT_TIMEOUT_MS;
    if (!c.timeout_ms)
        c.timeout_ms = PREFLIGHT_TIMEOUT_MS;
    c.max_attempts = 1;             /* a check reports what it sees, once */
    c.max_body = 256 * 1024;
    rep.v = calloc(n ? n : 1, sizeof *rep.v);
    slots = calloc(n ? n : 1, sizeof *slots);
    if (!rep.v || !slots) {
        error_nomem(e);
        goto out;
    }
    if (http_client_new(&client, &c, e) < 0)
        goto out;
    rep.n = n;
    for (size_t i = 0; i < n; i++) {
        struct preflight_result *r = &rep.v[i];
        snprintf(r->label, sizeof r->label, "%s", t[i].label);
        if (endpoint_url_host(t[i].url, r->host, sizeof r->host, &r->port) < 0)
            snprintf(r->host, sizeof r->host, "%s", t[i].url);
        slots[i].rep = &rep;
        slots[i].i = i;
        slots[i].clock = t[i].clock_source;
        slots[i].req.method = HTTP_GET;
        slots[i].req.url = t[i].url;
    }
    for (size_t i = 0; i < n; i++) {
        struct error ae = { 0 };
        if (!m && http_multi_new(&m, client, e) < 0)
            goto out;
        if (http_multi_add(m, &slots[i].req, &slots[i].res, slot_done, &slots[i], &ae) < 0) {
            /* Not even started (bad URL): a result like any other. */
            rep.v[i].cause = slots[i].res.cause ? slots[i].res.cause : HTTP_CAUSE_BAD_URL;
            preflight_classify(&rep.v[i]);
            snprintf(rep.v[i].message, sizeof rep.v[i].message, "%s", ae.msg);
            continue;
        }
        if (!parallel && http_multi_run(m, e) < 0)
            goto out;
    }
    if (m && http_multi_run(m, e) < 0)
        goto out;
    rep.wall_ms = mono_ms() - start;
    preflight_report_clear(out);
    *out = rep;
    preflight_report_init(&rep);
    rc = 0;
out:
    http_multi_free(m);
    http_client_free(client);
    if (slots)
        for (size_t i = 0; i < n; i++)
            http_response_clear(&slots[i].res);
    free(slots);
    preflight_report_clear(&rep);
    return rc;
}
