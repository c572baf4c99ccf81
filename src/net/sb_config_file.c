#include "config.h"
#include "net/sb_config_file.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "core/i18n.h"
#include "core/strv.h"
#include "jose/rand.h"
#include "net/remote.h"

void sb_config_file_init(struct sb_config_file *c)
{
    memset(c, 0, sizeof *c);
}

void sb_config_file_clear(struct sb_config_file *c)
{
    free_strings(&c->client_name, &c->authority, &c->client_id, &c->secret_type);
    strv_clear(&c->grant_types);
    strv_clear(&c->scopes);
    strv_clear(&c->redirect_uris);
    secret_free_str(c->private_jwk);
    sb_config_file_init(c);
}

char *sb_authority_normalise(const char *authority, struct error *e)
{
    static const char *const suffixes[] = {
        "/connect/token", "/connect/authorize", "/connect/par",
        "/.well-known/openid-configuration",
    };
    char *a;
    size_t n;
    bool again = true;

    if (!authority || strncasecmp(authority, "https://", 8) != 0 || !authority[8] ||
        strpbrk(authority, "?# \t\r\n"))
        return error_set(e, ERR_INVALID, _("the authority is not an https URL")), NULL;
    if (!(a = strdup(authority)))
        return error_nomem(e), NULL;
    n = strlen(a);
    while (again) {
        again = false;
        while (n > 8 && a[n - 1] == '/')
            a[--n] = '\0', again = true;
        for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
            size_t sl = strlen(suffixes[i]);
            if (n > 8 + sl && strcasecmp(a + n - sl, suffixes[i]) == 0) {
                n -= sl;
                a[n] = '\0';
                again = true;
            }
        }
    }
    if (n <= 8 || a[8] == '/') {
        free(a);
        return error_set(e, ERR_INVALID, _("the authority is not an https URL")), NULL;
    }
    return a;
}

int sb_config_file_parse(const char *text, size_t len, struct sb_config_file *out,
                         struct error *e)
{
    const char *what = _("configuration file");
    struct sb_config_file c;
    cJSON *root;
    const cJSON *v;
    char *authority = NULL;
    long long bits = 0;
    int rc = -1;

    sb_config_file_init(&c);
    if (len > SB_CONFIG_FILE_MAX)
        return error_set(e, ERR_PARSE, _("%s too large (%zu bytes)"), what, len);
    if (!(root = remote_json_object(text, len, what, e)))
        return -1;
    if (remote_str_copy(root, "clientName", &c.client_name) < 0 ||
        remote_str_copy(root, "authority", &authority) < 0 ||
        remote_str_copy(root, "clientId", &c.client_id) < 0 ||
        remote_strv(root, "grantTypes", &c.grant_types) < 0 ||
        remote_strv(root, "scopes", &c.scopes) < 0 ||
        remote_strv(root, "redirectUris", &c.redirect_uris) < 0 ||
        remote_str_copy(root, "secretType", &c.secret_type) < 0 ||
        remote_str_copy(root, "privateJwk", &c.private_jwk) < 0 ||
        remote_int(root, "rsaKeySizeBits", 0, 65536, &bits) < 0) {
        error_set(e, ERR_PARSE, _("%s has a member of the wrong type"), what);
        goto out;
    }
    c.rsa_key_size_bits = (long)bits;
    v = cJSON_GetObjectItemCaseSensitive(root, "pkceRequired");
    c.pkce_required = cJSON_IsTrue(v);
    if (!c.client_id || !*c.client_id) {
        error_set(e, ERR_PARSE, _("%s has no \"%s\""), what, "clientId");
        goto out;
    }
    if (!authority) {
        error_set(e, ERR_PARSE, _("%s has no \"%s\""), what, "authority");
        goto out;
    }
    if (!c.private_jwk || !*c.private_jwk) {
        error_set(e, ERR_PARSE, _("%s has no \"%s\""), what, "privateJwk");
        goto out;
    }
    if (!(c.authority = sb_authority_normalise(authority, e))) {
        error_prefix(e, "%s", what);
        goto out;
    }
    *out = c;
    sb_config_file_init(&c);
    rc = 0;
out:
    free(authority);
    sb_config_file_clear(&c);
    remote_json_delete_wiped(root);
    return rc;
}
