#include "config.h"
#include "net/sb_draft.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/i18n.h"
#include "core/strv.h"
#include "net/remote.h"

void sb_claims_init(struct sb_claims *c)
{
    c->v = NULL;
    c->n = 0;
}

void sb_claims_clear(struct sb_claims *c)
{
    for (size_t i = 0; i < c->n; i++)
        free_strings(&c->v[i].key, &c->v[i].value);
    free(c->v);
    sb_claims_init(c);
}

int sb_claims_set(struct sb_claims *c, const char *key, const char *value)
{
    char *v = strdup(value ? value : "");
    struct sb_claim *nv;

    if (!v)
        return -1;
    for (size_t i = 0; i < c->n; i++) {
        if (strcmp(c->v[i].key, key) == 0) {
            free(c->v[i].value);
            c->v[i].value = v;
            return 0;
        }
    }
    if (!(nv = realloc(c->v, (c->n + 1) * sizeof *nv))) {
        free(v);
        return -1;
    }
    c->v = nv;
    if (!(nv[c->n].key = strdup(key))) {
        free(v);
        return -1;
    }
    nv[c->n++].value = v;
    return 0;
}

int sb_claims_remove(struct sb_claims *c, const char *key)
{
    for (size_t i = 0; i < c->n; i++) {
        if (strcmp(c->v[i].key, key) == 0) {
            free(c->v[i].key);
            free(c->v[i].value);
            memmove(&c->v[i], &c->v[i + 1], (c->n - i - 1) * sizeof *c->v);
            c->n--;
            return 1;
        }
    }
    return 0;
}

const char *sb_claims_get(const struct sb_claims *c, const char *key)
{
    for (size_t i = 0; c && i < c->n; i++)
        if (strcmp(c->v[i].key, key) == 0)
            return c->v[i].value;
    return NULL;
}

/* The scopes a client asks for: a copy of `in` (may be NULL) with SB_SELF_SCOPE added
 * when missing. -1 on out of memory (out then holds what was copied). */
static int scopes_with_self(struct strv *out, const struct strv *in)
{
    if (in && strv_copy(out, in) < 0)
        return -1;
    if (!strv_contains(out, SB_SELF_SCOPE) && strv_push(out, SB_SELF_SCOPE) < 0)
        return -1;
    return 0;
}

/* "name": [strings] (NULL sv: an empty list). */
static int add_string_array(cJSON *o, const char *name, const struct strv *sv)
{
    cJSON *a = cJSON_AddArrayToObject(o, name);

    if (!a)
        return -1;
    for (size_t i = 0; sv && i < sv->n; i++) {
        cJSON *s = cJSON_CreateString(sv->v[i]);
        if (!s || !cJSON_AddItemToArray(a, s)) {
            cJSON_Delete(s);
            return -1;
        }
    }
    return 0;
}

/* "name": [strings]; an empty list only with keep_empty. With `distinct`, sorted and
 * unique. */
static int add_strings(cJSON *o, const char *name, const struct strv *sv, bool distinct,
                       bool keep_empty)
{
    struct strv copy = STRV_INIT;
    int rc;

    if (!sv || sv->n == 0)
        return keep_empty ? add_string_array(o, name, NULL) : 0;
    if (!distinct)
        return add_string_array(o, name, sv);
    if (strv_copy(&copy, sv) < 0)
        return -1;
    strv_sort_unique(&copy);
    rc = add_string_array(o, name, &copy);
    strv_clear(&copy);
    return rc;
}

/* "audienceSpecificClientClaims": [{key, value}]; an empty list only with keep_empty. */
static int add_claims(cJSON *o, const struct sb_claims *c, bool keep_empty)
{
    size_t n = c ? c->n : 0;
    cJSON *a;

    if (n == 0 && !keep_empty)
        return 0;
    if (!(a = cJSON_AddArrayToObject(o, "audienceSpecificClientClaims")))
        return -1;
    for (size_t i = 0; i < n; i++) {
        cJSON *item = cJSON_CreateObject();
        if (!item || !cJSON_AddItemToArray(a, item)) {
            cJSON_Delete(item);
            return -1;
        }
        if (!cJSON_AddStringToObject(item, "key", c->v[i].key) ||
            !cJSON_AddStringToObject(item, "value", c->v[i].value))
            return -1;
    }
    return 0;
}

int sb_json_add_client_lists(cJSON *o, const struct sb_client_lists *l, bool keep_empty)
{
    struct strv scopes = STRV_INIT;
    int rc = -1;

    if (scopes_with_self(&scopes, l->api_scopes) == 0 &&
        add_strings(o, "apiScopes", &scopes, false, keep_empty) == 0 &&
        add_claims(o, l->claims, keep_empty) == 0 &&
        add_strings(o, "redirectUris", l->redirect_uris, false, keep_empty) == 0 &&
        add_strings(o, "postLogoutRedirectUris", l->post_logout_redirect_uris, false,
                    keep_empty) == 0 &&
        add_strings(o, "childOrganizationNumbers", l->child_orgnrs, true, keep_empty) == 0)
        rc = 0;
    strv_clear(&scopes);
    return rc;
}

char *sb_draft_to_json(const struct sb_draft *d, struct error *e)
{
    const struct sb_client_lists lists = {
        .api_scopes = d->api_scopes, .claims = d->claims, .redirect_uris = d->redirect_uris,
        .post_logout_redirect_uris = d->post_logout_redirect_uris,
        .child_orgnrs = d->child_orgnrs,
    };
    cJSON *o = NULL;
    char *json = NULL;

    if (!d->organization_number || !*d->organization_number)
        return error_set(e, ERR_INVALID, _("the client draft has no organization number")), NULL;
    if (!d->public_jwk || !*d->public_jwk)
        return error_set(e, ERR_INVALID, _("the client draft has no public key")), NULL;
    if (!d->post_confirmation_redirect_uri || !*d->post_confirmation_redirect_uri)
        return error_set(e, ERR_INVALID, _("the client draft has no confirmation redirect URI")),
               NULL;
    if ((o = cJSON_CreateObject()) &&
        cJSON_AddStringToObject(o, "organizationNumber", d->organization_number) &&
        /* The API takes the JWK as a JSON string, not as an object. */
        cJSON_AddStringToObject(o, "publicJwk", d->public_jwk) &&
        sb_json_add_client_lists(o, &lists, false) == 0 &&
        cJSON_AddStringToObject(o, "postClientConfirmationRedirectUri",
                                d->post_confirmation_redirect_uri))
        json = cJSON_PrintUnformatted(o);
    if (!json)
        error_nomem(e);     /* every other failure returned before */
    cJSON_Delete(o);
    return json;
}

int sb_client_id_valid(const char *s)
{
    size_t n = s ? strlen(s) : 0;

    if (n == 0 || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!isascii((unsigned char)s[i]) || !(isalnum((unsigned char)s[i]) || s[i] == '-'))
            return 0;
    return 1;
}

int sb_draft_answer_parse(const char *body, size_t len, char **client_id, struct error *e)
{
    const char *what = _("client draft answer");
    cJSON *root = remote_json_object(body, len, what, e);
    const char *id;
    int rc = -1;

    if (!root)
        return -1;
    id = remote_str(root, "clientId");
    if (!id) {
        error_set(e, ERR_PARSE, _("%s has no \"%s\""), what, "clientId");
        goto out;
    }
    if (!sb_client_id_valid(id)) {
        char *shown = remote_text(id, (size_t)-1);
        error_set(e, ERR_PARSE, _("Selvbetjening sent an invalid client id \"%s\""),
                  shown ? shown : "?");
        free(shown);
        goto out;
    }
    if (!(*client_id = strdup(id))) {
        error_nomem(e);
        goto out;
    }
    rc = 0;
out:
    cJSON_Delete(root);
    return rc;
}

char *sb_confirm_url(const char *portal, const char *client_id, struct error *e)
{
    size_t plen, need;
    char *url;

    if (!portal || !*portal || !sb_client_id_valid(client_id))
        return error_set(e, ERR_INVALID, _("cannot build the confirmation link")), NULL;
    plen = strlen(portal);
    while (plen > 0 && portal[plen - 1] == '/')
        plen--;
    need = plen + sizeof "/confirm-client/" + strlen(client_id);
    if (!(url = malloc(need)))
        return error_nomem(e), NULL;
    snprintf(url, need, "%.*s/confirm-client/%s", (int)plen, portal, client_id);
    return url;
}
