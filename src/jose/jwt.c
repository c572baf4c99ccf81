#include "config.h"
#include "jose/jwt.h"

#include <string.h>
#include <time.h>

#include "core/i18n.h"

#define MAX_DATE 9007199254740992.0   /* 2^53: exact in a double */

int64_t jwt_now(void)
{
    return (int64_t)time(NULL);
}

int jwt_set_string(cJSON *claims, const char *name, const char *value)
{
    cJSON *s = cJSON_CreateString(value);

    if (!s)
        return -1;
    cJSON_DeleteItemFromObjectCaseSensitive(claims, name);
    if (!cJSON_AddItemToObject(claims, name, s)) {
        cJSON_Delete(s);
        return -1;
    }
    return 0;
}

int jwt_set_date(cJSON *claims, const char *name, int64_t t)
{
    cJSON *n = cJSON_CreateNumber((double)t);

    if (!n)
        return -1;
    cJSON_DeleteItemFromObjectCaseSensitive(claims, name);
    if (!cJSON_AddItemToObject(claims, name, n)) {
        cJSON_Delete(n);
        return -1;
    }
    return 0;
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
