/* OpenID Connect documents from the STS: the discovery document
 * (/.well-known/openid-configuration) and the JWKS. Pure parsers; net/oidc.h fetches. */
#ifndef HELSEID_OIDC_DOC_H
#define HELSEID_OIDC_DOC_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "core/error.h"

struct oidc_discovery {
    char *issuer;
    char *token_endpoint;
    char *authorization_endpoint;               /* NULL when absent */
    char *pushed_authorization_request_endpoint; /* NULL when the STS has no PAR */
    char *jwks_uri;
};

void oidc_discovery_init(struct oidc_discovery *d);
void oidc_discovery_clear(struct oidc_discovery *d);

/* Parse and check: issuer must equal `authority` (both without a trailing '/',
 * compared exactly: OpenID Connect Discovery §4.3), token_endpoint and jwks_uri are
 * required, and every endpoint must be an https URL. */
int oidc_discovery_parse(const char *body, size_t len, const char *authority,
                         struct oidc_discovery *out, struct error *e);

/* Parse a JWKS {"keys": [...]} and check its shape (an array of objects with "kty").
 * Returns the tree (cJSON_Delete it) or NULL. */
cJSON *oidc_jwks_parse(const char *body, size_t len, struct error *e);

#endif
