#include "config.h"
#include "net/readiness.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "core/i18n.h"
#include "core/interrupt.h"

static bool backoff(const struct readiness_config *c)
{
    return c->growth_percent >= 100;
}

static void defaults(struct readiness_config *c)
{
    if (c->period_ms <= 0)
        c->period_ms = 1000;
    if (c->first_delay_ms <= 0)
        c->first_delay_ms = 1000;
    if (c->max_delay_ms <= 0)
        c->max_delay_ms = 5000;
    if (c->max_delay_ms < c->first_delay_ms)
        c->max_delay_ms = c->first_delay_ms;
    if (c->timeout_ms <= 0)
        c->timeout_ms = 300000;
}

int64_t readiness_delay_ms(const struct readiness_config *cfg, int attempt)
{
    struct readiness_config c = *cfg;
    int64_t d;

    defaults(&c);
    if (!backoff(&c))
        return c.period_ms;
    d = c.first_delay_ms;
    for (int i = 1; i < attempt && d < c.max_delay_ms; i++)
        d = d * c.growth_percent / 100;
    return d < c.max_delay_ms ? d : c.max_delay_ms;
}

void readiness_start(struct readiness *r, const struct readiness_config *cfg, int64_t now_ms)
{
    memset(r, 0, sizeof *r);
    if (cfg)
        r->cfg = *cfg;
    defaults(&r->cfg);
    r->started_ms = now_ms;
    r->next_ms = now_ms;
    r->try_ms = -1;
    r->state = READINESS_WAITING;
    error_clear(&r->last);
}

bool readiness_due(const struct readiness *r, int64_t now_ms)
{
    return r->state == READINESS_WAITING && now_ms >= r->next_ms;
}

int readiness_wait_ms(const struct readiness *r, int64_t now_ms)
{
    int64_t w;

    if (r->state != READINESS_WAITING)
        return -1;
    w = r->next_ms - now_ms;
    return w <= 0 ? 0 : (int)w;
}

void readiness_begin(struct readiness *r, int64_t now_ms)
{
    r->try_ms = now_ms;
}

void readiness_hold(struct readiness *r, int64_t ms)
{
    r->hold_ms = ms > 0 ? ms : 0;
}

void readiness_record(struct readiness *r, int64_t now_ms, bool issued, const struct error *why)
{
    int64_t deadline = r->started_ms + r->cfg.timeout_ms;
    int64_t from = r->try_ms >= 0 && r->try_ms <= now_ms ? r->try_ms : now_ms;

    if (r->state != READINESS_WAITING)
        return;
    r->try_ms = -1;
    r->attempts++;
    if (issued) {
        r->state = READINESS_READY;
        r->finished_ms = now_ms;
        return;
    }
    if (why)
        r->last = *why;
    r->delay_ms = readiness_delay_ms(&r->cfg, r->attempts);
    /* Backoff counts from the answer; the period from the try's start (a slow answer
     * does not push every later try back), never earlier than now. */
    r->next_ms = backoff(&r->cfg) ? now_ms + r->delay_ms : from + r->delay_ms;
    if (r->next_ms < now_ms)
        r->next_ms = now_ms;
    if (r->hold_ms > 0 && r->next_ms < now_ms + r->hold_ms)
        r->next_ms = now_ms + r->hold_ms;
    r->hold_ms = 0;
    if (now_ms >= deadline) {
        r->state = READINESS_TIMED_OUT;
        r->finished_ms = now_ms;
    } else if (r->next_ms > deadline) {
        /* One last try right at the deadline rather than giving up early. */
        r->next_ms = deadline;
    }
}

enum readiness_state readiness_state(const struct readiness *r)
{
    return r->state;
}

int readiness_attempts(const struct readiness *r)
{
    return r->attempts;
}

int64_t readiness_elapsed_ms(const struct readiness *r, int64_t now_ms)
{
    return (r->state == READINESS_WAITING ? now_ms : r->finished_ms) - r->started_ms;
}

int64_t readiness_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int64_t ms)
{
    struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };

    while (nanosleep(&ts, &ts) < 0 && errno == EINTR && !interrupt_signal())
        ;
}

static bool fatal(enum err_code c)
{
    return c == ERR_CRYPTO || c == ERR_NOMEM || c == ERR_CANCELLED || c == ERR_INTERRUPTED;
}

int readiness_run(struct readiness *r, const struct readiness_config *cfg,
                  readiness_try_fn *try_fn, void *ud, struct error *e)
{
    readiness_start(r, cfg, readiness_now_ms());
    for (;;) {
        struct error why = { ERR_OK, "" };
        int64_t now = readiness_now_ms();
        int rc;

        if (interrupt_signal())
            return interrupt_error(e);
        if (!readiness_due(r, now)) {
            sleep_ms(readiness_wait_ms(r, now));
            continue;
        }
        readiness_begin(r, now);
        rc = try_fn(ud, &why);
        now = readiness_now_ms();
        if (r->cfg.retry_after_ms)
            readiness_hold(r, *r->cfg.retry_after_ms);
        readiness_record(r, now, rc == 0, &why);
        if (rc < 0 && fatal(why.code)) {
            if (e)
                *e = why;
            return -1;
        }
        if (r->state == READINESS_READY)
            return 0;
        if (r->state == READINESS_TIMED_OUT) {
            int secs = (int)(readiness_elapsed_ms(r, now) / 1000);
            error_set(e, ERR_TIMEOUT,
                      P_("HelseID still issued no token after %d attempt in %d s: %s",
                         "HelseID still issued no token after %d attempts in %d s: %s",
                         r->attempts),
                      r->attempts, secs, r->last.msg[0] ? r->last.msg : _("no answer"));
            return -1;
        }
    }
}
