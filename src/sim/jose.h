/* The simulator's own JOSE verifier and signer, written from RFC 7515/7517/7518/7638
 * with OpenSSL EVP. Deliberately independent of src/net: the simulator judges what
 * our client sends, so it must not share the client's mistakes. */
#ifndef HELSEID_SIM_JOSE_H
#define HELSEID_SIM_JOSE_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>
#include <openssl/evp.h>

char *sim_b64url_encode(const unsigned char *data, size_t len);
/* Strict: only the URL-safe alphabet, no padding. Returns NULL on bad input. */
unsigned char *sim_b64url_decode(const char *in, size_t inlen, size_t *outlen);

/* A parsed compact JWS: header and payload as JSON objects. */
struct sim_jws {
    cJSON *header;
    cJSON *claims;
    unsigned char *sig;
    size_t sig_len;
    char *signing_input;     /* "<b64 header>.<b64 payload>" */
};

/* Parse "h.p.s"; fails (returns -1, `why` filled) unless both parts are JSON objects. */
int sim_jws_parse(const char *compact, struct sim_jws *out, char *why, size_t why_len);
void sim_jws_clear(struct sim_jws *jws);

/* True if `alg` names an asymmetric JWS algorithm this verifier knows. */
bool sim_alg_known(const char *alg);
/* Verify the signature with `key` for `alg`; checks the key type fits the algorithm. */
int sim_jws_verify(const struct sim_jws *jws, EVP_PKEY *key, const char *alg,
                   char *why, size_t why_len);

/* Public JWK (EC P-256/384/521 or RSA) to a key; refuses private members. */
EVP_PKEY *sim_jwk_to_pkey(const cJSON *jwk, char *why, size_t why_len);
/* True if the JWK carries any private or symmetric member (d, p, q, dp, dq, qi, oth, k). */
bool sim_jwk_has_private(const cJSON *jwk);
/* RFC 7638 SHA-256 thumbprint, base64url; NULL if required members are missing. */
char *sim_jwk_thumbprint(const cJSON *jwk);
/* The public JWK of an EC P-256 key (for the JWKS). */
cJSON *sim_pkey_to_jwk(EVP_PKEY *key);

/* Sign `claims` with an EC P-256 key as ES256; returns the compact JWS. */
char *sim_jws_sign_es256(EVP_PKEY *key, const char *kid, const char *typ, const cJSON *claims);

/* base64url(SHA-256(text)) — for PKCE S256 and DPoP ath. */
char *sim_sha256_b64url(const char *text, size_t len);

#endif
