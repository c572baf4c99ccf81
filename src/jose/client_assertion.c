#include "config.h"
#include "jose/client_assertion.h"

#include <stdlib.h>

#include "core/i18n.h"
#include "jose/jwt.h"
#include "jose/rand.h"

#define JTI_BYTES 16   /* 128 bits */

char *client_assertion_create(const struct jwk *key, const struct client_assertion_params *p,
                              struct error *e)
{
    char *jti, *out;
    int64_t now = p->now ? p->now : jwt_now();
    int life = p->lifetime ? p->lifetime : CLIENT_ASSERTION_MAX_LIFETIME;

    if (!p->client_id || !*p->client_id || !p->audience || !*p->audience) {
        error_set(e, ERR_INVALID, _("client assertion needs a client id and an audience"));
        return NULL;
    }
    if (life < 1 || life > CLIENT_ASSERTION_MAX_LIFETIME) {
        error_set(e, ERR_INVALID, _("client assertion lifetime must be 1 to 60 seconds"));
        return NULL;
    }
    if (!key || !(JOSE_ALGS_SIGN & JOSE_ALG_BIT(key->alg))) {
        error_set(e, ERR_CRYPTO, _("client assertion needs an ES256 or PS256 key"));
        return NULL;
    }
    if (!(jti = rand_b64url(JTI_BYTES, e)))
        return NULL;

    const struct jwt_member header[] = {
        JWT_STRING("kid", key->kid), JWT_STRING("typ", CLIENT_ASSERTION_TYP),
    };
    const struct jwt_member claims[] = {
        JWT_STRING("iss", p->client_id), JWT_STRING("sub", p->client_id),
        JWT_STRING("aud", p->audience), JWT_DATE("iat", now), JWT_DATE("nbf", now),
        JWT_DATE("exp", now + life), JWT_STRING("jti", jti),
        JWT_OBJECT("assertion_details", p->assertion_details),
    };
    out = jwt_sign(key, header, sizeof header / sizeof *header, claims,
                   sizeof claims / sizeof *claims, e);
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
