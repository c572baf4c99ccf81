#include "config.h"
#include "jose/jwt.h"

#include <string.h>
#include <time.h>

#include "core/i18n.h"
#include "jose/jws.h"

#define MAX_DATE 9007199254740992.0   /* 2^53: exact in a double */

int64_t jwt_now(void)
{
    return (int64_t)time(NULL);
}

/* Replace the claim `name` with item (taken over; NULL: out of memory). */
static int set_claim(cJSON *claims, const char *name, cJSON *item)
{
    if (!item)
        return -1;
    cJSON_DeleteItemFromObjectCaseSensitive(claims, name);
    if (!cJSON_AddItemToObject(claims, name, item)) {
        cJSON_Delete(item);
        return -1;
    }
    return 0;
}

int jwt_set_string(cJSON *claims, const char *name, const char *value)
{
    return set_claim(claims, name, cJSON_CreateString(value));
}

int jwt_set_date(cJSON *claims, const char *name, int64_t t)
{
    return set_claim(claims, name, cJSON_CreateNumber((double)t));
}

/* A new object holding the members; NULL on out of memory. */
static cJSON *object_new(const struct jwt_member *m, size_t n)
{
    cJSON *o = cJSON_CreateObject();

    for (size_t i = 0; o && i < n; i++) {
        cJSON *item = NULL;

        switch (m[i].kind) {
        case JWT_MEMBER_OPTIONAL:
            if (!m[i].string)
                continue;
            /* fall through */
        case JWT_MEMBER_STRING:
            item = cJSON_CreateString(m[i].string);
            break;
        case JWT_MEMBER_DATE:
            item = cJSON_CreateNumber((double)m[i].date);
            break;
        case JWT_MEMBER_OBJECT:
            if (!m[i].object)
                continue;
            item = cJSON_Duplicate(m[i].object, 1);
            break;
        }
        if (set_claim(o, m[i].name, item) < 0) {
            cJSON_Delete(o);
            o = NULL;
        }
    }
    return o;
}

char *jwt_sign(const struct jwk *key, const struct jwt_member *header, size_t n_header,
               const struct jwt_member *claims, size_t n_claims, struct error *e)
{
    cJSON *h = object_new(header, n_header), *c = object_new(claims, n_claims);
    char *out = NULL;

    if (!h || !c)
        error_nomem(e);
    else
        out = jws_sign(key, h, c, e);
    cJSON_Delete(h);
    cJSON_Delete(c);
    return out;
}

int jwt_get_date(const cJSON *claims, const char *name, int64_t *out, struct error *e)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(claims, name);
    double v;

    if (!m)
        return 1;
    if (!cJSON_IsNumber(m))
        return error_set(e, ERR_INVALID, _("invalid token: claim \"%s\" is not a number"), name);
    v = m->valuedouble;
    /* Fractions are allowed by RFC 7519 but we only compare whole seconds. */
    if (!(v >= 0 && v <= MAX_DATE))   /* also catches NaN */
        return error_set(e, ERR_INVALID, _("invalid token: claim \"%s\" is out of range"), name);
    *out = (int64_t)v;   /* v >= 0: truncation is floor */
    return 0;
}

const char *jwt_get_string(const cJSON *claims, const char *name)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(claims, name);

    return cJSON_IsString(m) ? m->valuestring : NULL;
}

bool jwt_aud_contains(const cJSON *claims, const char *aud)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(claims, "aud"), *it;

    if (!aud)
        return false;
    if (cJSON_IsString(a))
        return strcmp(a->valuestring, aud) == 0;
    if (cJSON_IsArray(a))
        cJSON_ArrayForEach(it, a)
            if (cJSON_IsString(it) && strcmp(it->valuestring, aud) == 0)
                return true;
    return false;
}

int jwt_validate(const cJSON *claims, const struct jwt_expect *x, struct error *e)
{
    int64_t now = x->now ? x->now : jwt_now(), leeway = x->leeway < 0 ? 0 : x->leeway, t;
    int r;

    if (!cJSON_IsObject(claims))
        return error_set(e, ERR_INVALID, _("invalid token: claims are not a JSON object"));
    if ((r = jwt_get_date(claims, "exp", &t, e)) < 0)
        return -1;
    if (r == 1 && x->require_exp)
        return error_set(e, ERR_INVALID, _("invalid token: claim \"%s\" is missing"), "exp");
    if (r == 0 && t <= now - leeway)
        return error_set(e, ERR_INVALID, _("token has expired"));
    if ((r = jwt_get_date(claims, "nbf", &t, e)) < 0)
        return -1;
    if (r == 0 && t > now + leeway)
        return error_set(e, ERR_INVALID, _("token is not valid yet"));
    if ((r = jwt_get_date(claims, "iat", &t, e)) < 0)
        return -1;
    if (r == 1 && (x->require_iat || x->max_age > 0))
        return error_set(e, ERR_INVALID, _("invalid token: claim \"%s\" is missing"), "iat");
    if (r == 0 && t > now + leeway)
        return error_set(e, ERR_INVALID, _("token was issued in the future"));
    if (r == 0 && x->max_age > 0 && t < now - x->max_age - leeway)
        return error_set(e, ERR_INVALID, _("token is too old"));
    if (x->iss) {
        const char *iss = jwt_get_string(claims, "iss");
        if (!iss || strcmp(iss, x->iss) != 0)
            return error_set(e, ERR_INVALID, _("token issuer does not match"));
    }
    if (x->aud && !jwt_aud_contains(claims, x->aud))
        return error_set(e, ERR_INVALID, _("token audience does not match"));
    return 0;
}
