/* The STS as an OpenID provider: discovery fetched once per run and cached, the JWKS
 * (fetched when first needed, once more when a token names an unknown kid), and
 * ID token validation (signature by the JWKS with PS256/ES256/RS256, iss, aud, azp,
 * exp, iat, nonce). */
#ifndef HELSEID_OIDC_H
#define HELSEID_OIDC_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "core/error.h"
#include "net/http.h"
#include "net/oidc_doc.h"

struct oidc {
    struct http_client *http;   /* borrowed */
    char *authority;            /* the configured issuer, no trailing '/' */
    struct oidc_discovery disc; /* valid when have_disc */
    bool have_disc;
    cJSON *jwks;                /* NULL until fetched */
};

/* authority is copied (trailing '/' removed). -1 on out of memory. */
int oidc_init(struct oidc *o, struct http_client *http, const char *authority, struct error *e);
void oidc_clear(struct oidc *o);

/* GET {authority}/.well-known/openid-configuration unless cached. */
int oidc_discover(struct oidc *o, struct error *e);
/* GET jwks_uri; `refresh` forces a new fetch. */
int oidc_fetch_jwks(struct oidc *o, bool refresh, struct error *e);

struct id_token_expect {
    const char *client_id;      /* aud must contain it; azp, when present, must equal it */
    const char *nonce;          /* must equal the nonce claim; NULL = no nonce sent */
    int64_t now;                /* 0 = now */
    int64_t leeway;             /* seconds; 0 = 60 */
    int64_t max_age;            /* > 0: iat no older than this */
};

/* Pure: check id_token against a JWKS and the issuer. On success *claims (if not NULL)
 * gets the payload (cJSON_Delete it). */
int oidc_id_token_verify(const cJSON *jwks, const char *issuer, const char *id_token,
                         const struct id_token_expect *x, cJSON **claims, struct error *e);
/* The same with the cached discovery and JWKS (fetched as needed; refetched once
 * when the token's kid is unknown: HelseID rotates its keys). */
int oidc_validate_id_token(struct oidc *o, const char *id_token, const struct id_token_expect *x,
                           cJSON **claims, struct error *e);

#endif
