/* Confirmation-to-ready: how late the hand-off sees a confirmed client work, polling
 * the STS with net/readiness.h, for two policies measured in the same run against the
 * same simulator: the baseline (backoff 1 s growing by 1.5 to a 5 s cap, what main
 * did) and the default (a try every second from the start of the one before).
 * helseid-sim runs with --auto-confirm and a --propagation delay (bench/readiness.sh);
 * the overshoot is the time from the moment the simulator made the client active
 * (its activeAt, to the millisecond) to the token answer.
 *   bench-readiness URLS.json ROUNDS [WORKERS]
 * Prints p50/p95 overshoot, token requests per round and the shortest gap between
 * two tries, per policy, and the ratios new/baseline. No pass/fail: figures only. */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "net/http.h"
#include "jose/jwk.h"
#include "net/oidc.h"
#include "net/readiness.h"
#include "net/selvbetjening.h"
#include "net/token.h"

enum { BASELINE, PERIOD, N_POLICIES };
static const char *const policy_name[N_POLICIES] = { "baseline backoff 1 s x1.5 cap 5 s",
                                                     "a try a second (default)" };

struct sample {
    double overshoot_s, propagation_s;
    int requests;
    int64_t min_gap_ms;
};

struct bench {
    cJSON *urls;
    int rounds;                 /* per policy */
    int next;                   /* next job (round * N_POLICIES + policy) */
    pthread_mutex_t lock;
    struct sample s[N_POLICIES][1000];
    int n[N_POLICIES];
    int failed;
};

struct probe {
    struct token_session *ts;
    int64_t last_try_ms, min_gap_ms;
};

static const char *url(const struct bench *b, const char *name)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(b->urls, name));
}

static int try_token(void *ud, struct error *e)
{
    struct probe *p = ud;
    struct token_answer t;
    int64_t now = readiness_now_ms();
    int rc;

    if (p->last_try_ms && (p->min_gap_ms < 0 || now - p->last_try_ms < p->min_gap_ms))
        p->min_gap_ms = now - p->last_try_ms;
    p->last_try_ms = now;
    token_answer_init(&t);
    rc = token_client_credentials(p->ts, SB_SELF_SCOPE, NULL, &t, e);
    token_answer_clear(&t);
    return rc;
}

static double realtime_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The simulator's activeAt and confirmedAt for the client (GET {admin}/state). */
static int sim_times(struct bench *b, struct http_client *h, const char *id, double *active,
                     double *confirmed, struct error *e)
{
    char state_url[512];
    struct http_request req = { .method = HTTP_GET, .url = state_url };
    struct http_response res;
    cJSON *doc, *clients, *c = NULL;
    int rc = -1;

    snprintf(state_url, sizeof state_url, "%s/state", url(b, "admin"));
    if (http_request(h, &req, &res, e) < 0 || res.status != 200 || !(doc = cJSON_Parse(res.body))) {
        http_response_clear(&res);
        return error_set(e, ERR_API, "cannot read the simulator's state");
    }
    clients = cJSON_GetObjectItem(doc, "clients");
    if (cJSON_IsObject(clients)) {
        c = cJSON_GetObjectItem(clients, id);
    } else {
        cJSON *it;
        cJSON_ArrayForEach(it, clients)
        {
            const char *cid = cJSON_GetStringValue(cJSON_GetObjectItem(it, "clientId"));

            if (cid && strcmp(cid, id) == 0)
                c = it;
        }
    }
    if (c && cJSON_IsNumber(cJSON_GetObjectItem(c, "activeAt"))) {
        *active = cJSON_GetObjectItem(c, "activeAt")->valuedouble;
        *confirmed = cJSON_GetNumberValue(cJSON_GetObjectItem(c, "confirmedAt"));
        rc = 0;
    } else {
        error_set(e, ERR_API, "client %s not in the simulator's state", id);
    }
    cJSON_Delete(doc);
    http_response_clear(&res);
    return rc;
}

static int one_round(struct bench *b, struct http_client *h, struct oidc *o, int policy,
                     struct sample *out, struct error *e)
{
    struct jwk k;
    struct sb_draft d = { .organization_number = "315260183",
                          .post_confirmation_redirect_uri = "http://127.0.0.1:47190/helseid-admin/confirmed" };
    struct token_session s;
    struct readiness r;
    struct readiness_config rc = { .timeout_ms = 120000 };
    struct probe p = { .min_gap_ms = -1 };
    char *pub = NULL, *id = NULL;
    double ready, created, active = 0, confirmed = 0;
    int ret = -1;

    if (policy == BASELINE)
        rc = (struct readiness_config){ .growth_percent = 150, .first_delay_ms = 1000,
                                        .max_delay_ms = 5000, .timeout_ms = 120000 };
    jwk_init(&k);
    if (jwk_generate(&k, JOSE_ALG_ES256, 0, e) < 0 || !(pub = jwk_to_string(&k, JWK_EXPORT_META, e)))
        goto out;
    d.public_jwk = pub;
    /* --auto-confirm: the draft is confirmed when created, the propagation starts. */
    if (sb_create_draft(h, url(b, "selvbetjening_api"), "demo-api-key", &d, &id, e) < 0)
        goto out;
    created = realtime_s();
    token_session_init(&s, h, o, id, &k);
    p.ts = &s;
    rc.retry_after_ms = &s.retry_after_ms;
    if (readiness_run(&r, &rc, try_token, &p, e) == 0) {
        ready = realtime_s();
        if (sim_times(b, h, id, &active, &confirmed, e) == 0) {
            out->overshoot_s = ready - active;
            out->propagation_s = active - created;     /* confirmedAt is whole seconds */
            (void)confirmed;
            out->requests = s.requests;
            out->min_gap_ms = p.min_gap_ms;
            ret = 0;
        }
    }
    token_session_clear(&s);
out:
    free(pub);
    free(id);
    jwk_clear(&k);
    return ret;
}

static void *worker(void *ud)
{
    struct bench *b = ud;
    struct http_config hc = { .max_attempts = 1 };
    struct http_client *h = NULL;
    struct oidc o;
    struct error e = { 0 };

    hc.ca_file = url(b, "ca_file");
    if (http_client_new(&h, &hc, &e) < 0 || oidc_init(&o, h, url(b, "authority"), &e) < 0 ||
        oidc_discover(&o, &e) < 0) {
        fprintf(stderr, "bench-readiness: %s\n", e.msg);
        pthread_mutex_lock(&b->lock);
        b->failed++;
        pthread_mutex_unlock(&b->lock);
        http_client_free(h);
        return NULL;
    }
    for (;;) {
        struct sample smp;
        int job, policy;

        pthread_mutex_lock(&b->lock);
        job = b->next < b->rounds * N_POLICIES ? b->next++ : -1;
        pthread_mutex_unlock(&b->lock);
        if (job < 0)
            break;
        policy = job % N_POLICIES;      /* interleaved: both policies see the same load */
        if (one_round(b, h, &o, policy, &smp, &e) < 0) {
            fprintf(stderr, "bench-readiness: %s\n", e.msg);
            pthread_mutex_lock(&b->lock);
            b->failed++;
            pthread_mutex_unlock(&b->lock);
            continue;
        }
        pthread_mutex_lock(&b->lock);
        b->s[policy][b->n[policy]++] = smp;
        pthread_mutex_unlock(&b->lock);
    }
    oidc_clear(&o);
    http_client_free(h);
    return NULL;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of n sorted values. */
static double pct(const double *v, int n, int p)
{
    int i = (p * n + 99) / 100 - 1;

    return v[i < 0 ? 0 : i >= n ? n - 1 : i];
}

int main(int argc, char **argv)
{
    static struct bench b;
    char buf[2048];
    FILE *f;
    size_t len;
    int workers = argc > 3 ? atoi(argv[3]) : 4;
    pthread_t th[32];
    double p50[N_POLICIES], p95[N_POLICIES], req[N_POLICIES];

    b.rounds = argc > 2 ? atoi(argv[2]) : 10;
    if (argc < 2 || !(f = fopen(argv[1], "r")) || b.rounds < 1 || b.rounds > 1000 ||
        workers < 1 || workers > 32) {
        fprintf(stderr, "usage: bench-readiness URLS.json [ROUNDS [WORKERS]]\n");
        return 2;
    }
    len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[len] = '\0';
    b.urls = cJSON_Parse(buf);
    pthread_mutex_init(&b.lock, NULL);
    for (int i = 0; i < workers; i++)
        pthread_create(&th[i], NULL, worker, &b);
    for (int i = 0; i < workers; i++)
        pthread_join(th[i], NULL);
    for (int p = 0; p < N_POLICIES; p++) {
        double over[1000], prop_min = 1e9, prop_max = 0;
        int64_t gap = -1;
        long total = 0;
        int n = b.n[p];

        if (n == 0) {
            fprintf(stderr, "bench-readiness: no round finished for %s\n", policy_name[p]);
            return 1;
        }
        for (int i = 0; i < n; i++) {
            over[i] = b.s[p][i].overshoot_s;
            total += b.s[p][i].requests;
            if (b.s[p][i].min_gap_ms >= 0 && (gap < 0 || b.s[p][i].min_gap_ms < gap))
                gap = b.s[p][i].min_gap_ms;
            if (b.s[p][i].propagation_s < prop_min)
                prop_min = b.s[p][i].propagation_s;
            if (b.s[p][i].propagation_s > prop_max)
                prop_max = b.s[p][i].propagation_s;
        }
        qsort(over, (size_t)n, sizeof *over, cmp_double);
        p50[p] = pct(over, n, 50);
        p95[p] = pct(over, n, 95);
        req[p] = (double)total / n;
        printf("  %-34s %3d rounds (propagation %.0f-%.0f s): overshoot p50 %.2f s, p95 %.2f s, "
               "max %.2f s; token requests %.1f a round, shortest gap between tries %.2f s\n",
               policy_name[p], n, prop_min, prop_max, p50[p], p95[p], over[n - 1], req[p],
               gap / 1000.0);
    }
    printf("  ratios default/baseline: overshoot p50 %.2f, p95 %.2f; requests %.2f%s\n",
           p50[PERIOD] / p50[BASELINE], p95[PERIOD] / p95[BASELINE], req[PERIOD] / req[BASELINE],
           b.failed ? " (some rounds failed, see above)" : "");
    cJSON_Delete(b.urls);
    return b.failed ? 1 : 0;
}
