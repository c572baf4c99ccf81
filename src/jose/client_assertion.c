#include "config.h"
#include "jose/client_assertion.h"

#include <stdlib.h>

#include "core/i18n.h"
#include "jose/jws.h"
#include "jose/jwt.h"
#include "jose/rand.h"

#define JTI_BYTES 16   /* 128 bits */

char *client_assertion_create(const struct jwk *key, const struct client_assertion_params *p,
                              struct error *e)
{
    cJSON *hdr = NULL, *claims = NULL;
    char *jti = NULL, *out = NULL;
    int64_t now = p->now ? p->now : jwt_now();
    int life = p->lifetime ? p->lifetime : CLIENT_ASSERTION_MAX_LIFETIME;

    if (!p->client_id || !*p->client_id || !p->audience || !*p->audience) {
        error_set(e, ERR_INVALID, _("client assertion needs a client id and an audience"));
        goto out;
    }
    if (life < 1 || life > CLIENT_ASSERTION_MAX_LIFETIME) {
        error_set(e, ERR_INVALID, _("client assertion lifetime must be 1 to 60 seconds"));
        goto out;
    }
    if (!key || !(JOSE_ALGS_SIGN & JOSE_ALG_BIT(key->alg))) {
        error_set(e, ERR_CRYPTO, _("client assertion needs an ES256 or PS256 key"));
        goto out;
    }
    if (!(jti = rand_b64url(JTI_BYTES, e)))
        goto out;
    hdr = cJSON_CreateObject();
    claims = cJSON_CreateObject();
    if (!hdr || !claims || !cJSON_AddStringToObject(hdr, "kid", key->kid)
        || !cJSON_AddStringToObject(hdr, "typ", CLIENT_ASSERTION_TYP)
        || jwt_set_string(claims, "iss", p->client_id) < 0
        || jwt_set_string(claims, "sub", p->client_id) < 0
        || jwt_set_string(claims, "aud", p->audience) < 0
        || jwt_set_date(claims, "iat", now) < 0 || jwt_set_date(claims, "nbf", now) < 0
        || jwt_set_date(claims, "exp", now + life) < 0 || jwt_set_string(claims, "jti", jti) < 0) {
        error_nomem(e);
        goto out;
    }
    if (p->assertion_details) {
        cJSON *d = cJSON_Duplicate(p->assertion_details, 1);
        if (!d || !cJSON_AddItemToObject(claims, "assertion_details", d)) {
            cJSON_Delete(d);
            error_nomem(e);
            goto out;
        }
    }
    out = jws_sign(key, hdr, claims, e);
out:
    cJSON_Delete(hdr);
    cJSON_Delete(claims);
    free(jti);
    return out;
}

cJSON *client_assertion_subunit_details(const char *child_orgnr)
{
    cJSON *arr = cJSON_CreateArray(), *d = cJSON_CreateObject(), *role, *org, *id;

    if (!arr || !d || !cJSON_AddItemToArray(arr, d))
        goto fail;
    if (!cJSON_AddStringToObject(d, "type", "helseid_authorization")
        || !(role = cJSON_AddObjectToObject(d, "practitioner_role"))
        || !(org = cJSON_AddObjectToObject(role, "organization"))
        || !(id = cJSON_AddObjectToObject(org, "identifier"))
        || !cJSON_AddStringToObject(id, "system", "urn:oid:2.16.578.1.12.4.1.4.101")
        || !cJSON_AddStringToObject(id, "type", "ENH")
        || !cJSON_AddStringToObject(id, "value", child_orgnr))
        goto fail_arr;
    return arr;
fail:
    cJSON_Delete(d);
fail_arr:
    cJSON_Delete(arr);
    return NULL;
}
