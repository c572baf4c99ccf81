/* Preflight: can this machine reach the configured hosts? (DESIGN.md §2, step 0)
 * DNS, TCP, TLS with certificate verification and an HTTP answer, for every host in
 * parallel (curl multi), each failure with a cause the user can act on; plus the clock
 * skew against the STS's Date header. */
#ifndef HELSEID_PREFLIGHT_H
#define HELSEID_PREFLIGHT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "net/http.h"

#define PREFLIGHT_CONNECT_TIMEOUT_MS 5000L
#define PREFLIGHT_TIMEOUT_MS 10000L

struct endpoints;

struct preflight_target {
    const char *label;      /* translated service name, e.g. "HelseID STS" */
    const char *url;        /* what to GET */
    bool clock_source;      /* take the clock skew from this answer (the STS) */
};

/* How far the connection got. */
enum preflight_stage { PREFLIGHT_STAGE_DNS, PREFLIGHT_STAGE_TCP, PREFLIGHT_STAGE_TLS,
                       PREFLIGHT_STAGE_HTTP, PREFLIGHT_STAGE_DONE };

struct preflight_result {
    char label[64];
    char host[256];
    int port;               /* from the URL; 0 = unknown (443 assumed) */
    bool ok;
    enum http_cause cause;  /* HTTP_CAUSE_OK when an answer came */
    long status;            /* HTTP status, 0 without an answer */
    bool connected;         /* a TCP connection was made */
    enum preflight_stage failed_at;     /* PREFLIGHT_STAGE_DONE when ok */
    long elapsed_ms;
    char message[512];      /* translated, actionable; "" when ok */
};

struct preflight_report {
    struct preflight_result *v;
    size_t n;
    bool clock_known;
    long clock_skew_s;      /* local minus server (positive: this clock is ahead) */
    long wall_ms;           /* the whole preflight */
};

void preflight_report_init(struct preflight_report *r);
void preflight_report_clear(struct preflight_report *r);

/* The targets for a resolved set of endpoints (STS discovery document, Selvbetjening
 * API and portal, Enhetsregisteret, Persontjenesten if set). targets must hold 5;
 * strings point into urls (cap 5 entries of 1024 bytes). Returns the count. */
size_t preflight_targets(const struct endpoints *ep, struct preflight_target *targets,
                         char urls[][1024]);

/* Run every target (parallel = one curl multi; otherwise one after another, for the
 * benchmark). cfg: ca_file/trace/user agent; timeouts default to the PREFLIGHT ones
 * and nothing is retried. Returns 0 when it ran (look at each result), -1 on internal
 * failure. */
int preflight_run(const struct http_config *cfg, const struct preflight_target *t, size_t n,
                  bool parallel, struct preflight_report *out, struct error *e);

/* Pure: fill r->ok, r->failed_at and r->message from cause/status/connected/host. */
void preflight_classify(struct preflight_result *r);
/* Clock skew from a Date header and the local receive time; false if unusable. */
bool preflight_clock_skew(time_t server_date, time_t local_received, long *skew_s);
/* "dns", "tcp", "tls", "http", "ok" (for --json). */
const char *preflight_stage_name(enum preflight_stage s);

#endif
