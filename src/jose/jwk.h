/* JSON Web Keys (RFC 7517/7518) on OpenSSL 3 EVP: generate, import, export,
 * RFC 7638 thumbprints. We sign with ES256 (P-256, default) or PS256 (RSA >= 3072);
 * RS256 keys are accepted only for verifying HelseID's own tokens. */
#ifndef HELSEID_JOSE_JWK_H
#define HELSEID_JOSE_JWK_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>
#include <openssl/evp.h>

#include "core/error.h"

enum jose_alg {
    JOSE_ALG_UNKNOWN = 0,
    JOSE_ALG_ES256,   /* ECDSA P-256 SHA-256, signature raw r||s (64 bytes) */
    JOSE_ALG_PS256,   /* RSASSA-PSS SHA-256, MGF1 SHA-256, salt 32 */
    JOSE_ALG_RS256,   /* RSASSA-PKCS1-v1_5 SHA-256: verify only */
};
#define JOSE_ALG_BIT(a) (1u << (a))
/* What we sign with, and what we accept from HelseID. */
#define JOSE_ALGS_SIGN (JOSE_ALG_BIT(JOSE_ALG_ES256) | JOSE_ALG_BIT(JOSE_ALG_PS256))
#define JOSE_ALGS_VERIFY (JOSE_ALGS_SIGN | JOSE_ALG_BIT(JOSE_ALG_RS256))

/* "ES256", "PS256", "RS256"; NULL for unknown. */
const char *jose_alg_name(enum jose_alg alg);
/* JOSE_ALG_UNKNOWN for anything else (including "none" and "HS256"). */
enum jose_alg jose_alg_from_name(const char *name);
/* A remote name (alg, kty, kid) made safe for a message: printable ASCII only (others
 * become '?'), cut to cap - 1 bytes. */
void jose_printable(char *dst, size_t cap, const char *src);
/* Parse len bytes that must hold exactly one JSON value (white space may follow):
 * cJSON alone stops after the first value and ignores what comes after. */
cJSON *jose_json_parse(const char *text, size_t len);

#define JWK_RSA_MIN_BITS 3072          /* new keys */
#define JWK_RSA_IMPORT_MIN_BITS 2048   /* keys from the portal and older downloads: used,
                                          with a warning to rotate */
#define JWK_RSA_MAX_BITS 8192
#define JWK_THUMBPRINT_SIZE 44   /* 43 base64url characters + NUL */
#define JWK_KID_SIZE 128         /* longest "kid" kept (HelseID's own may be long) */

struct jwk {
    EVP_PKEY *pkey;            /* owned */
    enum jose_alg alg;         /* algorithm this key is used with */
    bool has_private;
    char kid[JWK_KID_SIZE];    /* RFC 7638 thumbprint, or the JWK's own "kid" */
};

void jwk_init(struct jwk *k);
void jwk_clear(struct jwk *k);   /* frees the key (OpenSSL wipes private parts) */

/* New key pair. alg ES256 (rsa_bits ignored) or PS256 (rsa_bits 3072..8192, 0 = 3072).
 * kid is set to the thumbprint. k must be initialised; replaced only on success. */
int jwk_generate(struct jwk *k, enum jose_alg alg, int rsa_bits, struct error *e);

/* Import a JWK object (public or private). EC: kty, crv P-256, x, y (32 bytes each,
 * point on curve), d optional (32 bytes). RSA: n (>= 2048 bits, JWK_RSA_IMPORT_MIN_BITS;
 * new keys are >= 3072), e, and for private keys d, p, q, dp, dq, qi.
 * "alg" if present must fit the key (RSA: PS256 or RS256, EC: ES256); absent: EC ->
 * ES256, RSA -> PS256. "kid" if present is kept, else the thumbprint is used.
 * Private keys are checked (pairwise) before use. */
int jwk_from_json(struct jwk *k, const cJSON *obj, struct error *e);
/* Same from text (len bytes, capped at 64 KiB). */
int jwk_parse(struct jwk *k, const char *json, size_t len, struct error *e);

/* The Selvbetjening `privateJwk` value: a string of JWK JSON, possibly
 * URL-encoded (%7B...), without alg/kid. Requires a private key; derives alg
 * (EC -> ES256, RSA -> PS256) and kid (thumbprint, any kid present is replaced). */
int jwk_import_selvbetjening(struct jwk *k, const char *private_jwk, struct error *e);

/* Export flags. */
#define JWK_EXPORT_PRIVATE 1u   /* include d (and p, q, dp, dq, qi): a secret */
#define JWK_EXPORT_META    2u   /* include alg, kid, use "sig" */
/* Public-only, no meta, is what a DPoP header carries. A private export must be
 * freed with cJSON_Delete after wiping: use jwk_json_free_secret. */
cJSON *jwk_to_json(const struct jwk *k, unsigned flags, struct error *e);
/* Serialised (unformatted) JSON; free with secret_free_str (rand.h) when private. */
char *jwk_to_string(const struct jwk *k, unsigned flags, struct error *e);
/* Wipe every string value in a JWK object, then delete it. */
void jwk_json_free_secret(cJSON *obj);

/* RFC 7638 thumbprint (SHA-256 of the required members, base64url). */
/* An RSA key's size in bits; 0 for other keys. */
int jwk_rsa_bits(const struct jwk *k);
int jwk_thumbprint(const struct jwk *k, char out[JWK_THUMBPRINT_SIZE], struct error *e);

/* Public key only copy (for publishing / comparing). */
int jwk_public_copy(struct jwk *dst, const struct jwk *src, struct error *e);

/* From a JWKS ({"keys":[...]}) pick the key whose "kid" equals kid (kid NULL: the
 * only signing key). Keys with "use" other than "sig" and unsupported kty are skipped. */
int jwks_find(struct jwk *k, const cJSON *jwks, const char *kid, struct error *e);

#endif
