/* JWT claim helpers (RFC 7519): numeric dates, exp/nbf/iat, iss, aud. */
#ifndef HELSEID_JOSE_JWT_H
#define HELSEID_JOSE_JWT_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "core/error.h"

/* Seconds since the epoch (time(NULL)). */
int64_t jwt_now(void);

/* Add/replace a string or NumericDate claim; -1 on out of memory. */
int jwt_set_string(cJSON *claims, const char *name, const char *value);
int jwt_set_date(cJSON *claims, const char *name, int64_t t);

/* Read a NumericDate (integer JSON number, 0..2^53); 0 if present and valid,
 * 1 if absent, -1 (ERR_INVALID) if present but not a date. */
int jwt_get_date(const cJSON *claims, const char *name, int64_t *out, struct error *e);
/* The claim's string, or NULL when absent or not a string. */
const char *jwt_get_string(const cJSON *claims, const char *name);
/* True when "aud" is aud or an array containing aud. */
bool jwt_aud_contains(const cJSON *claims, const char *aud);

struct jwt_expect {
    const char *iss;        /* required value, NULL = not checked */
    const char *aud;        /* must be in aud, NULL = not checked */
    int64_t now;            /* 0 = jwt_now() */
    int64_t leeway;         /* seconds of clock skew allowed (e.g. 60) */
    bool require_exp;
    bool require_iat;
    int64_t max_age;        /* > 0: iat must be no older than this (plus leeway) */
};
/* exp > now - leeway, nbf <= now + leeway, iat <= now + leeway, then iss/aud.
 * ERR_INVALID with a message naming the claim. */
int jwt_validate(const cJSON *claims, const struct jwt_expect *x, struct error *e);

#endif
