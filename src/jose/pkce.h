/* PKCE (RFC 7636, S256 only) and OAuth state/nonce values. */
#ifndef HELSEID_JOSE_PKCE_H
#define HELSEID_JOSE_PKCE_H

#include "core/error.h"

#define PKCE_VERIFIER_MAX 128
#define PKCE_CHALLENGE_SIZE 44   /* 43 characters + NUL */
#define OAUTH_RANDOM_SIZE 44     /* state / nonce: 32 random bytes, base64url + NUL */

struct pkce {
    char verifier[PKCE_VERIFIER_MAX + 1];    /* secret */
    char challenge[PKCE_CHALLENGE_SIZE];     /* S256 */
};

/* Fresh verifier (32 random bytes -> 43 chars) and its S256 challenge. */
int pkce_generate(struct pkce *p, struct error *e);
/* Wipe the verifier. */
void pkce_clear(struct pkce *p);
/* S256 challenge of a verifier; ERR_INVALID if the verifier is not 43..128
 * characters of [A-Za-z0-9-._~]. */
int pkce_challenge_s256(const char *verifier, char out[PKCE_CHALLENGE_SIZE], struct error *e);
/* Random state or nonce (256 bits, base64url). */
int oauth_random_value(char out[OAUTH_RANDOM_SIZE], struct error *e);

#endif
