#include "config.h"
#include "net/sb_client.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/i18n.h"
#include "net/remote.h"

static int parse_scopes(const cJSON *a, struct client_status *cs)
{
    const cJSON *it;
    int n = cJSON_GetArraySize(a);

    if (n == 0)
        return 0;
    if (!(cs->scopes = calloc((size_t)n, sizeof *cs->scopes)))
        return -1;
    cJSON_ArrayForEach(it, a) {
        struct scope_state *s = &cs->scopes[cs->n_scopes];
        if (!cJSON_IsObject(it))
            return -1;
        cs->n_scopes++;
        if (remote_str_copy(it, "scope", &s->scope) < 0 || !s->scope ||
            remote_str_copy(it, "status", &s->status_raw) < 0 ||
            remote_str_copy(it, "statusReason", &s->reason) < 0)
            return -1;
        s->status = item_status_parse(s->status_raw);
    }
    return 0;
}

static int parse_claims(const cJSON *a, struct client_status *cs)
{
    const cJSON *it;
    int n = cJSON_GetArraySize(a);

    if (n == 0)
        return 0;
    if (!(cs->claims = calloc((size_t)n, sizeof *cs->claims)))
        return -1;
    cJSON_ArrayForEach(it, a) {
        struct claim_state *c = &cs->claims[cs->n_claims];
        if (!cJSON_IsObject(it))
            return -1;
        cs->n_claims++;
        if (remote_str_copy(it, "claimType", &c->type) < 0 || !c->type ||
            remote_str_copy(it, "activeClaimValue", &c->active) < 0 ||
            remote_str_copy(it, "pendingClaimValue", &c->pending) < 0 ||
            remote_str_copy(it, "status", &c->status_raw) < 0 ||
            remote_str_copy(it, "statusReason", &c->reason) < 0)
            return -1;
        c->status = item_status_parse(c->status_raw);
    }
    return 0;
}

int sb_client_status_parse(const char *body, size_t len, struct client_status *out,
                           struct error *e)
{
    const char *what = _("client status answer");
    struct client_status cs;
    cJSON *root;
    const cJSON *a;
    int rc = -1;

    client_status_init(&cs);
    if (!(root = remote_json_object(body, len, what, e)))
        return -1;
    a = cJSON_GetObjectItemCaseSensitive(root, "apiScopes");
    if (a && !cJSON_IsNull(a) && (!cJSON_IsArray(a) || parse_scopes(a, &cs) < 0))
        goto bad;
    a = cJSON_GetObjectItemCaseSensitive(root, "audienceSpecificClientClaims");
    if (a && !cJSON_IsNull(a) && (!cJSON_IsArray(a) || parse_claims(a, &cs) < 0))
        goto bad;
    if (remote_strv(root, "redirectUris", &cs.redirect_uris) < 0 ||
        remote_strv(root, "postLogoutRedirectUris", &cs.post_logout_redirect_uris) < 0 ||
        remote_strv(root, "childOrganizationNumbers", &cs.child_orgnrs) < 0)
        goto bad;
    *out = cs;
    client_status_init(&cs);
    rc = 0;
    goto out;
bad:
    /* Out of memory lands here too; with a 256 KiB cap that is vanishingly rare. */
    error_set(e, ERR_PARSE, _("%s has a member of the wrong type"), what);
out:
    client_status_clear(&cs);
    cJSON_Delete(root);
    return rc;
}

void sb_client_update_init(struct sb_client_update *u)
{
    u->api_scopes = (struct strv)STRV_INIT;
    sb_claims_init(&u->claims);
    u->redirect_uris = (struct strv)STRV_INIT;
    u->post_logout_redirect_uris = (struct strv)STRV_INIT;
    u->child_orgnrs = (struct strv)STRV_INIT;
}

void sb_client_update_clear(struct sb_client_update *u)
{
    strv_clear(&u->api_scopes);
    sb_claims_clear(&u->claims);
    strv_clear(&u->redirect_uris);
    strv_clear(&u->post_logout_redirect_uris);
    strv_clear(&u->child_orgnrs);
}

int sb_client_update_from_status(struct sb_client_update *u, const struct client_status *cs)
{
    struct sb_client_update n;

    sb_client_update_init(&n);
    for (size_t i = 0; i < cs->n_scopes; i++)
        if (!strv_contains(&n.api_scopes, cs->scopes[i].scope) &&
            strv_push(&n.api_scopes, cs->scopes[i].scope) < 0)
            goto fail;
    for (size_t i = 0; i < cs->n_claims; i++) {
        const struct claim_state *c = &cs->claims[i];
        /* pending ?? active: a pending value is what the owner last asked for. */
        const char *value = c->pending ? c->pending : c->active;
        if (value && sb_claims_set(&n.claims, c->type, value) < 0)
            goto fail;
    }
    if (strv_copy(&n.redirect_uris, &cs->redirect_uris) < 0 ||
        strv_copy(&n.post_logout_redirect_uris, &cs->post_logout_redirect_uris) < 0 ||
        strv_copy(&n.child_orgnrs, &cs->child_orgnrs) < 0)
        goto fail;
    sb_client_update_clear(u);
    *u = n;
    return 0;
fail:
    sb_client_update_clear(&n);
    return -1;
}

int sb_client_update_add_scope(struct sb_client_update *u, const char *scope)
{
    if (strv_contains(&u->api_scopes, scope))
        return 0;
    return strv_push(&u->api_scopes, scope);
}

int sb_client_update_remove_scope(struct sb_client_update *u, const char *scope)
{
    for (size_t i = 0; i < u->api_scopes.n; i++) {
        if (strcmp(u->api_scopes.v[i], scope) == 0) {
            free(u->api_scopes.v[i]);
            memmove(&u->api_scopes.v[i], &u->api_scopes.v[i + 1],
                    (u->api_scopes.n - i - 1) * sizeof *u->api_scopes.v);
            u->api_scopes.n--;
            return 1;
        }
    }
    return 0;
}

int sb_client_update_set_children(struct sb_client_update *u, const struct strv *orgnrs)
{
    struct strv copy = STRV_INIT;

    if (orgnrs && strv_copy(&copy, orgnrs) < 0)
        return -1;
    strv_sort_unique(&copy);
    strv_clear(&u->child_orgnrs);
    u->child_orgnrs = copy;
    return 0;
}

char *sb_client_update_to_json(const struct sb_client_update *u, struct error *e)
{
    const struct sb_client_lists lists = {
        .api_scopes = &u->api_scopes, .claims = &u->claims, .redirect_uris = &u->redirect_uris,
        .post_logout_redirect_uris = &u->post_logout_redirect_uris,
        .child_orgnrs = &u->child_orgnrs,
    };
    cJSON *o = cJSON_CreateObject();
    char *json = NULL;

    if (o && sb_json_add_client_lists(o, &lists, true) == 0)
        json = cJSON_PrintUnformatted(o);
    if (!json)
        error_nomem(e);     /* building the body can fail on nothing else */
    cJSON_Delete(o);
    return json;
}
