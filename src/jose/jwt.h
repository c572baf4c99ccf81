/* JWT claim helpers (RFC 7519): numeric dates, exp/nbf/iat, iss, aud. */
#ifndef HELSEID_JOSE_JWT_H
#define HELSEID_JOSE_JWT_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "core/error.h"
#include "jose/jwk.h"

/* Seconds since the epoch (time(NULL)). */
int64_t jwt_now(void);

/* Add/replace a string or NumericDate claim; -1 on out of memory. */
int jwt_set_string(cJSON *claims, const char *name, const char *value);
int jwt_set_date(cJSON *claims, const char *name, int64_t t);

/* One member of a JWT header or claim set being made, for jwt_sign's tables. */
enum jwt_member_kind {
    JWT_MEMBER_STRING,
    JWT_MEMBER_OPTIONAL,    /* a string left out when NULL (DPoP's nonce and ath) */
    JWT_MEMBER_DATE,
    JWT_MEMBER_OBJECT,      /* a copy of a JSON value; left out when NULL */
};
struct jwt_member {
    enum jwt_member_kind kind;
    const char *name;
    const char *string;
    int64_t date;
    const cJSON *object;
};
#define JWT_STRING(name, s)   { JWT_MEMBER_STRING, (name), (s), 0, NULL }
#define JWT_OPTIONAL(name, s) { JWT_MEMBER_OPTIONAL, (name), (s), 0, NULL }
#define JWT_DATE(name, t)     { JWT_MEMBER_DATE, (name), NULL, (t), NULL }
#define JWT_OBJECT(name, o)   { JWT_MEMBER_OBJECT, (name), NULL, 0, (o) }

/* Sign a JWT whose header and claims are the members of the two tables, in order
 * (jws_sign puts "alg" first). A new compact string, a credential (secret_free_str);
 * NULL with e set. */
char *jwt_sign(const struct jwk *key, const struct jwt_member *header, size_t n_header,
               const struct jwt_member *claims, size_t n_claims, struct error *e);

/* Read a NumericDate (integer JSON number, 0..2^53); 0 if present and valid,
 * 1 if absent, -1 (ERR_INVALID) if present but not a date. */
int jwt_get_date(const cJSON *claims, const char *name, int64_t *out, struct error *e);
/* The member's string (a claim, or a header's), or NULL when absent or not a string. */
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
