#include "config.h"
#include "net/oidc_doc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/i18n.h"
#include "core/strv.h"
#include "net/remote.h"

void oidc_discovery_init(struct oidc_discovery *d)
{
    memset(d, 0, sizeof *d);
}

void oidc_discovery_clear(struct oidc_discovery *d)
{
    free_strings(&d->issuer, &d->token_endpoint, &d->authorization_endpoint,
                 &d->pushed_authorization_request_endpoint, &d->jwks_uri);
    oidc_discovery_init(d);
}

static bool https_url(const char *s)
{
    return strncasecmp(s, "https://", 8) == 0 && s[8] && s[8] != '/' &&
           !strpbrk(s, " \t\r\n\"<>\\");
}

static size_t trimmed_len(const char *s)
{
    size_t n = strlen(s);

    while (n > 0 && s[n - 1] == '/')
        n--;
    return n;
}

/* Copy an endpoint member; a present value must be an https URL. */
static int endpoint(const cJSON *root, const char *name, bool required, char **out,
                    struct error *e)
{
    const char *what = _("discovery document");
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, name);

    *out = NULL;
    if (!v || cJSON_IsNull(v)) {
        if (required)
            return error_set(e, ERR_PARSE, _("%s has no \"%s\""), what, name);
        return 0;
    }
    if (!cJSON_IsString(v) || !https_url(v->valuestring))
        return error_set(e, ERR_PARSE, _("%s: \"%s\" is not an https URL"), what, name);
    if (!(*out = strdup(v->valuestring)))
        return error_nomem(e);
    return 0;
}

int oidc_discovery_parse(const char *body, size_t len, const char *authority,
                         struct oidc_discovery *out, struct error *e)
{
    struct oidc_discovery d;
    cJSON *root;
    int rc = -1;

    oidc_discovery_init(&d);
    if (!(root = remote_json_object(body, len, _("discovery document"), e)))
        return -1;
    if (endpoint(root, "issuer", true, &d.issuer, e) < 0 ||
        endpoint(root, "token_endpoint", true, &d.token_endpoint, e) < 0 ||
        endpoint(root, "jwks_uri", true, &d.jwks_uri, e) < 0 ||
        endpoint(root, "authorization_endpoint", false, &d.authorization_endpoint, e) < 0 ||
        endpoint(root, "pushed_authorization_request_endpoint", false,
                 &d.pushed_authorization_request_endpoint, e) < 0)
        goto out;
    if (authority) {
        size_t a = trimmed_len(authority), i = trimmed_len(d.issuer);
        if (a != i || strncmp(authority, d.issuer, a) != 0) {
            char *shown = remote_text(d.issuer, (size_t)-1);
            /* TRANSLATORS: the first %s is the issuer the STS names, the second the
             * authority we are configured with. */
            error_set(e, ERR_API, _("the STS calls itself \"%s\", not \"%s\": check --authority"),
                      shown ? shown : "?", authority);
            free(shown);
            goto out;
        }
    }
    *out = d;
    oidc_discovery_init(&d);
    rc = 0;
out:
    oidc_discovery_clear(&d);
    cJSON_Delete(root);
    return rc;
}

cJSON *oidc_jwks_parse(const char *body, size_t len, struct error *e)
{
    const char *what = _("key set (JWKS)");
    cJSON *root = remote_json_object(body, len, what, e);
    const cJSON *keys, *k;

    if (!root)
        return NULL;
    keys = cJSON_GetObjectItemCaseSensitive(root, "keys");
    if (!cJSON_IsArray(keys) || cJSON_GetArraySize(keys) == 0) {
        error_set(e, ERR_PARSE, _("%s has no keys"), what);
        goto bad;
    }
    cJSON_ArrayForEach(k, keys) {
        if (!cJSON_IsObject(k) || !remote_str(k, "kty")) {
            error_set(e, ERR_PARSE, _("%s has a member of the wrong type"), what);
            goto bad;
        }
    }
    return root;
bad:
    cJSON_Delete(root);
    return NULL;
}
