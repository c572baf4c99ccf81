#include "config.h"
#include "net/oidc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "jose/jwk.h"
#include "jose/jws.h"
#include "jose/jwt.h"

int oidc_init(struct oidc *o, struct http_client *http, const char *authority, struct error *e)
{
    size_t n = authority ? strlen(authority) : 0;

    memset(o, 0, sizeof *o);
    oidc_discovery_init(&o->disc);
    o->http = http;
    while (n > 0 && authority[n - 1] == '/')
        n--;
    if (n == 0)
        return error_set(e, ERR_INVALID, _("no HelseID authority is configured"));
    if (!(o->authority = strndup(authority, n)))
        return error_nomem(e);
    return 0;
}

void oidc_clear(struct oidc *o)
{
    free(o->authority);
    oidc_discovery_clear(&o->disc);
    cJSON_Delete(o->jwks);
    memset(o, 0, sizeof *o);
}

static int get_json(struct oidc *o, const char *url, const char *what, struct http_response *res,
                    struct error *e)
{
    struct http_request req = { .method = HTTP_GET, .url = url };

    if (http_request(o->http, &req, res, e) < 0)
        return error_prefix(e, _("fetching the %s"), what);
    if (http_status_error(res, what, e) != 0)
        return -1;
    return 0;
}

int oidc_discover(struct oidc *o, struct error *e)
{
    struct http_response res;
    char *url;
    size_t n;
    int rc = -1;

    if (o->have_disc)
        return 0;
    http_response_init(&res);
    n = strlen(o->authority) + sizeof "/.well-known/openid-configuration";
    if (!(url = malloc(n)))
        return error_nomem(e);
    snprintf(url, n, "%s/.well-known/openid-configuration", o->authority);
    if (get_json(o, url, _("discovery document"), &res, e) < 0)
        goto out;
    if (oidc_discovery_parse(res.body, res.body_len, o->authority, &o->disc, e) < 0)
        goto out;
    o->have_disc = true;
    rc = 0;
out:
    free(url);
    http_response_clear(&res);
    return rc;
}

int oidc_fetch_jwks(struct oidc *o, bool refresh, struct error *e)
{
    struct http_response res;
    cJSON *jwks;
    int rc = -1;

    if (o->jwks && !refresh)
        return 0;
    if (oidc_discover(o, e) < 0)
        return -1;
    http_response_init(&res);
    if (get_json(o, o->disc.jwks_uri, _("key set (JWKS)"), &res, e) < 0)
        goto out;
    if (!(jwks = oidc_jwks_parse(res.body, res.body_len, e)))
        goto out;
    cJSON_Delete(o->jwks);
    o->jwks = jwks;
    rc = 0;
out:
    http_response_clear(&res);
    return rc;
}

/* Everything but the signature. */
static int check_claims(const cJSON *claims, const char *issuer, const struct id_token_expect *x,
                        struct error *e)
{
    struct jwt_expect je = {
        .iss = issuer, .aud = x->client_id, .now = x->now,
        .leeway = x->leeway > 0 ? x->leeway : 60,
        .require_exp = true, .require_iat = true, .max_age = x->max_age,
    };
    const cJSON *aud = cJSON_GetObjectItemCaseSensitive(claims, "aud");
    const char *azp = jwt_get_string(claims, "azp");
    const char *nonce = jwt_get_string(claims, "nonce");

    if (jwt_validate(claims, &je, e) < 0)
        return error_prefix(e, _("ID token"));
    /* OpenID Connect Core 3.1.3.7: with several audiences, azp names us. */
    if ((cJSON_IsArray(aud) && cJSON_GetArraySize(aud) > 1 && !azp) ||
        (azp && strcmp(azp, x->client_id) != 0))
        return error_set(e, ERR_INVALID, _("ID token: issued to another client (azp)"));
    if (x->nonce && (!nonce || strcmp(nonce, x->nonce) != 0))
        return error_set(e, ERR_INVALID, _("ID token: the nonce does not match this login"));
    if (!jwt_get_string(claims, "sub"))
        return error_set(e, ERR_INVALID, _("ID token: no subject"));
    return 0;
}

/* 0 ok, 1 no key with this kid (caller may refetch), -1 failure. */
static int verify_with(const cJSON *jwks, const char *issuer, const char *id_token,
                       const struct id_token_expect *x, cJSON **claims, struct error *e)
{
    struct jws j;
    struct jwk key;
    const char *kid;
    int rc = -1;

    jws_init(&j);
    jwk_init(&key);
    if (!x || !x->client_id) {
        error_set(e, ERR_INVALID, _("ID token: no client id to check it against"));
        goto out;
    }
    if (jws_parse(&j, id_token, JOSE_ALGS_VERIFY, e) < 0) {
        error_prefix(e, _("ID token"));
        goto out;
    }
    kid = jwt_get_string(j.header, "kid");
    if (jwks_find(&key, jwks, kid, e) < 0) {
        rc = 1;
        goto out;
    }
    if (jws_check_signature(&j, &key, e) < 0) {
        error_prefix(e, _("ID token"));
        goto out;
    }
    if (check_claims(j.payload, issuer, x, e) < 0)
        goto out;
    if (claims) {
        *claims = j.payload;
        j.payload = NULL;
    }
    rc = 0;
out:
    jwk_clear(&key);
    jws_clear(&j);
    return rc;
}

int oidc_id_token_verify(const cJSON *jwks, const char *issuer, const char *id_token,
                         const struct id_token_expect *x, cJSON **claims, struct error *e)
{
    int rc = verify_with(jwks, issuer, id_token, x, claims, e);

    if (rc > 0)
        error_prefix(e, _("ID token"));
    return rc == 0 ? 0 : -1;
}

int oidc_validate_id_token(struct oidc *o, const char *id_token, const struct id_token_expect *x,
                           cJSON **claims, struct error *e)
{
    int rc;

    if (oidc_fetch_jwks(o, false, e) < 0)
        return -1;
    rc = verify_with(o->jwks, o->disc.issuer, id_token, x, claims, e);
    if (rc > 0) {
        if (oidc_fetch_jwks(o, true, e) < 0)
            return -1;
        rc = verify_with(o->jwks, o->disc.issuer, id_token, x, claims, e);
        if (rc > 0)
            error_prefix(e, _("ID token"));
    }
    return rc == 0 ? 0 : -1;
}
