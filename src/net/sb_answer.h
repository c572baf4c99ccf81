/* Smaller Selvbetjening answers: key rotation (POST/GET /v1/client-secret) and the
 * API's error bodies (400 {property, message}, RFC 7807 problem+json). Pure. */
#ifndef HELSEID_SB_ANSWER_H
#define HELSEID_SB_ANSWER_H

#include <stddef.h>
#include <time.h>

#include "core/error.h"

/* ISO 8601 date-time ("2027-01-11T12:00:00Z", fraction and offset allowed) to
 * epoch seconds; -1 when invalid. */
int sb_parse_iso8601(const char *s, time_t *out);

/* POST /v1/client-secret answer {expiration}: the new key's expiry. */
int sb_secret_answer_parse(const char *body, size_t len, time_t *expiration, struct error *e);

struct sb_key_info {
    char *kid;              /* may be NULL */
    char *thumbprint;       /* jwkThumbprint, may be NULL */
    char *origin;           /* may be NULL */
    time_t expiration;      /* -1 when absent */
};

struct sb_key_list {
    struct sb_key_info *v;
    size_t n;
};

void sb_key_list_init(struct sb_key_list *l);
void sb_key_list_clear(struct sb_key_list *l);
/* GET /v1/client-secret: an array of keys (or an object with such an array under
 * "keys"/"secrets", as some versions send). */
int sb_key_list_parse(const char *body, size_t len, struct sb_key_list *out, struct error *e);

/* Fill e from a Selvbetjening error answer: 401/403 -> ERR_AUTH; 400 with
 * {property, message} (one, or an array) or problem+json (title, detail,
 * errors{field: [messages]}) -> ERR_API naming the field and the reason; anything
 * else -> ERR_API with the status and a sanitised excerpt. `what` names the call
 * ("creating the client draft"). Always returns -1. */
int sb_api_error(long status, const char *body, size_t len, const char *what, struct error *e);

#endif
