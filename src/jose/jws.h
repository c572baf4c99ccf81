/* Compact JWS (RFC 7515) sign and verify. Signs with ES256/PS256 only; verifies
 * ES256, PS256 and RS256 (HelseID's tokens). alg "none", HMAC and unknown algs,
 * alg/key mismatches and unknown "crit" members are rejected. */
#ifndef HELSEID_JOSE_JWS_H
#define HELSEID_JOSE_JWS_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "core/error.h"
#include "jose/jwk.h"

#define JWS_MAX_SIZE (64 * 1024)  /* compact serialisation cap */

/* Sign: header is copied and gets "alg" from the key (any "alg" given is replaced);
 * add typ, kid, jwk there. payload is a JSON object. Returns a new compact string
 * (free with free; it is a credential: secret_free_str). */
char *jws_sign(const struct jwk *key, const cJSON *header, const cJSON *payload,
               struct error *e);

/* A parsed (not yet verified) compact JWS. */
struct jws {
    cJSON *header;            /* decoded protected header (object) */
    cJSON *payload;           /* decoded payload (object) */
    enum jose_alg alg;        /* from the header */
    char *signing_input;      /* "b64header.b64payload" */
    unsigned char *sig;       /* raw signature (ES256: r||s) */
    size_t sig_len;
};
void jws_init(struct jws *j);
void jws_clear(struct jws *j);

/* Split and decode into j (initialised with jws_init; replaced only on success).
 * Rejects alg outside allowed_algs (JOSE_ALG_BIT mask), "none",
 * crit, duplicate header members, non-object header/payload, size over JWS_MAX_SIZE.
 * No signature check: read nothing from j but the header before jws_check_signature. */
int jws_parse(struct jws *j, const char *compact, unsigned allowed_algs, struct error *e);
/* Check the signature of a parsed JWS with key; the key type must fit the alg. */
int jws_check_signature(const struct jws *j, const struct jwk *key, struct error *e);
/* Both: parse then check. j is filled only on success. */
int jws_verify(struct jws *j, const char *compact, const struct jwk *key,
               unsigned allowed_algs, struct error *e);

/* ES256 signature form conversion (exposed for tests). raw is 64 bytes. */
int jws_ecdsa_der_to_raw(const unsigned char *der, size_t der_len, unsigned char raw[64]);
/* *der is new (OPENSSL_free); -1 on bad input. */
int jws_ecdsa_raw_to_der(const unsigned char raw[64], unsigned char **der, size_t *der_len);

#endif
