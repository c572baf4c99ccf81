/* DPoP proofs (RFC 9449): create (client) and verify (simulator/server side). */
#ifndef HELSEID_JOSE_DPOP_H
#define HELSEID_JOSE_DPOP_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "jose/jwk.h"

#define DPOP_TYP "dpop+jwt"
#define DPOP_ATH_SIZE 44

struct dpop_params {
    const char *htm;           /* "POST", "GET" */
    const char *htu;           /* request URL; query and fragment are dropped */
    const char *nonce;         /* server-provided DPoP-Nonce, NULL = none */
    const char *access_token;  /* for resource requests: ath; NULL = none */
    int64_t now;               /* 0 = jwt_now() */
};

/* A proof signed with key (ES256/PS256), header typ dpop+jwt, alg, jwk (public
 * members only); claims jti (fresh), htm, htu (normalised), iat, nonce, ath.
 * New string; free with free (or secret_free_str). */
char *dpop_proof_create(const struct jwk *key, const struct dpop_params *p, struct error *e);

/* RFC 9449 §4.3 URI comparison form: scheme and host lower-cased, default port
 * (80/443) dropped, empty path -> "/", query and fragment removed. Only http/https.
 * New string or NULL (ERR_INVALID / ERR_NOMEM). */
char *dpop_htu_normalize(const char *url, struct error *e);

/* ath = base64url(SHA-256(ASCII access token)). */
int dpop_ath(const char *access_token, char out[DPOP_ATH_SIZE], struct error *e);

/* Replay cache for jti values, kept by the verifier's caller. Entries expire. */
struct dpop_replay {
    struct dpop_replay_entry *v;
    size_t n, alloc, max;
};
/* max entries (0 = 10000); when full, expired ones are dropped first, then -1. */
void dpop_replay_init(struct dpop_replay *r, size_t max);
void dpop_replay_clear(struct dpop_replay *r);
/* 0 and remember (jti until `until`) if not seen; -1 (ERR_INVALID) if seen. */
int dpop_replay_check_add(struct dpop_replay *r, const char *jti, int64_t now, int64_t until,
                          struct error *e);

enum dpop_verdict {
    DPOP_OK = 0,
    DPOP_INVALID,       /* invalid_dpop_proof */
    DPOP_NEED_NONCE,    /* nonce missing or stale: answer use_dpop_nonce + DPoP-Nonce */
};

struct dpop_verify_params {
    const char *htm;           /* method of the request */
    const char *htu;           /* URL of the request (normalised before comparing) */
    int64_t now;               /* 0 = jwt_now() */
    int64_t iat_window;        /* accepted |now - iat| in seconds; 0 = 300 */
    const char *nonce;         /* expected nonce; NULL = none required */
    const char *access_token;  /* if given, ath must match; NULL = ath not checked */
    unsigned allowed_algs;     /* JOSE_ALG_BIT mask; 0 = ES256|PS256 */
    struct dpop_replay *replay;/* jti cache; NULL = not checked */
};

struct dpop_verified {
    char jkt[JWK_THUMBPRINT_SIZE];   /* thumbprint of the proof's jwk: cnf.jkt */
    int64_t iat;
};

/* Verify one proof (the DPoP header value). *verdict is always set (DPOP_OK on
 * success); out is filled only on success. */
int dpop_proof_verify(const char *proof, const struct dpop_verify_params *p,
                      struct dpop_verified *out, enum dpop_verdict *verdict, struct error *e);

#endif
