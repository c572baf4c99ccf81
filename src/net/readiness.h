/* Waiting for a new client to work: after the portal confirmation HelseID needs a
 * while before it issues tokens for the client (the samples sleep 20-25 s). We ask
 * instead: client_credentials once a second (from the start of one try to the start
 * of the next, so at most one token request a second and at most a second late; a
 * server's Retry-After holds the next try back) until a token comes or a deadline
 * passes. Exponential backoff (growth_percent) is kept as an option: the bench's
 * baseline, and what issue 10 measured at 3 s late for a 10 s propagation.
 *
 * The state machine is pure (times are passed in, in milliseconds of any monotonic
 * clock), so the TUI drives it from its poll() loop:
 *     readiness_start(&r, &cfg, now);
 *     timeout = readiness_wait_ms(&r, now);          // for poll()
 *     if (readiness_due(&r, now)) { try a token; readiness_record(&r, now, ok, &err); }
 *     readiness_state(&r) says READY / WAITING / TIMED_OUT
 * and readiness_run() does the same blocking for commands. */
#ifndef HELSEID_READINESS_H
#define HELSEID_READINESS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"

struct readiness_config {
    int64_t period_ms;          /* 0 = 1000: from the start of one try to the next */
    /* Backoff instead of the period, when growth_percent >= 100: */
    int growth_percent;         /* each delay is this % of the one before */
    int64_t first_delay_ms;     /* 0 = 1000: delay after the first failed try */
    int64_t max_delay_ms;       /* 0 = 5000: the cap */
    int64_t timeout_ms;         /* 0 = 300000: give up after this long */
    /* Optional, for readiness_run: where a try leaves the server's Retry-After in
     * milliseconds (0 = none); the next try waits at least that long. */
    const int64_t *retry_after_ms;
};

enum readiness_state { READINESS_WAITING, READINESS_READY, READINESS_TIMED_OUT };

struct readiness {
    struct readiness_config cfg;
    int64_t started_ms, next_ms, delay_ms, finished_ms;
    int64_t try_ms;             /* when the try being recorded started, or -1 */
    int64_t hold_ms;            /* Retry-After for the next try, 0 = none */
    int attempts;
    enum readiness_state state;
    struct error last;          /* why the last try failed (shown while waiting) */
};

/* The delay after failed attempt number `attempt` (1-based): the period, or with
 * backoff first, first*g, ... capped. */
int64_t readiness_delay_ms(const struct readiness_config *cfg, int attempt);

void readiness_start(struct readiness *r, const struct readiness_config *cfg, int64_t now_ms);
/* True when a try should be made now (the first one is due at once). */
bool readiness_due(const struct readiness *r, int64_t now_ms);
/* Milliseconds until the next try is due (0 = now), -1 when finished: for poll(). */
int readiness_wait_ms(const struct readiness *r, int64_t now_ms);
/* A try starts now: the period counts from here (without this call, from the record). */
void readiness_begin(struct readiness *r, int64_t now_ms);
/* The server asked for patience (Retry-After, ms): the next try no sooner than that
 * after the record of this one. */
void readiness_hold(struct readiness *r, int64_t ms);
/* Record a try's outcome. A failure schedules the next try or, past the deadline,
 * ends with READINESS_TIMED_OUT. `why` may be NULL. */
void readiness_record(struct readiness *r, int64_t now_ms, bool issued, const struct error *why);
enum readiness_state readiness_state(const struct readiness *r);
int readiness_attempts(const struct readiness *r);
int64_t readiness_elapsed_ms(const struct readiness *r, int64_t now_ms);

/* One try: 0 token issued, -1 not (yet), e says why. A try that can never succeed
 * (ERR_CRYPTO, ERR_NOMEM, ERR_CANCELLED, ERR_INTERRUPTED) ends the wait at once. */
typedef int readiness_try_fn(void *ud, struct error *e);
/* Monotonic milliseconds (CLOCK_MONOTONIC). */
int64_t readiness_now_ms(void);

/* Blocking: tries until ready or the deadline; sleeps between tries with nanosleep.
 * 0 when ready (r tells attempts and elapsed time), -1 with e = ERR_TIMEOUT naming
 * the last reason, or the try's fatal error. */
int readiness_run(struct readiness *r, const struct readiness_config *cfg,
                  readiness_try_fn *try_fn, void *ud, struct error *e);

#endif
