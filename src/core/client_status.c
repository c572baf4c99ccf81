#include "config.h"
#include "core/client_status.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/strv.h"

void client_status_init(struct client_status *cs)
{
    memset(cs, 0, sizeof *cs);
}

void client_status_clear(struct client_status *cs)
{
    for (size_t i = 0; i < cs->n_scopes; i++) {
        struct scope_state *sc = &cs->scopes[i];

        free_strings(&sc->scope, &sc->status_raw, &sc->reason);
    }
    free(cs->scopes);
    for (size_t i = 0; i < cs->n_claims; i++) {
        struct claim_state *c = &cs->claims[i];

        free_strings(&c->type, &c->active, &c->pending, &c->status_raw, &c->reason);
    }
    free(cs->claims);
    strv_clear(&cs->redirect_uris);
    strv_clear(&cs->post_logout_redirect_uris);
    strv_clear(&cs->child_orgnrs);
    client_status_init(cs);
}

enum item_status item_status_parse(const char *s)
{
    if (!s)
        return ITEM_UNKNOWN;
    if (strcasecmp(s, "ok") == 0)
        return ITEM_OK;
    if (strcasecmp(s, "pending") == 0)
        return ITEM_PENDING;
    if (strcasecmp(s, "updatePending") == 0)
        return ITEM_UPDATE_PENDING;
    return ITEM_UNKNOWN;
}

const struct scope_state *client_status_scope(const struct client_status *cs, const char *scope)
{
    for (size_t i = 0; cs && i < cs->n_scopes; i++)
        if (strcmp(cs->scopes[i].scope, scope) == 0)
            return &cs->scopes[i];
    return NULL;
}

const struct claim_state *client_status_claim(const struct client_status *cs, const char *type)
{
    for (size_t i = 0; cs && i < cs->n_claims; i++)
        if (strcmp(cs->claims[i].type, type) == 0)
            return &cs->claims[i];
    return NULL;
}

bool client_status_ready(const struct client_status *cs)
{
    for (size_t i = 0; i < cs->n_scopes; i++)
        if (cs->scopes[i].status != ITEM_OK)
            return false;
    for (size_t i = 0; i < cs->n_claims; i++)
        if (cs->claims[i].status != ITEM_OK)
            return false;
    return true;
}

static bool push(struct waiting_item **v, size_t *n, size_t *cap, struct waiting_item it)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        struct waiting_item *nv = realloc(*v, nc * sizeof *nv);

        if (!nv)
            return false;
        *v = nv;
        *cap = nc;
    }
    (*v)[(*n)++] = it;
    return true;
}

int client_status_waiting(const struct client_status *cs, const struct strv *requested,
                          struct waiting_item **out, size_t *n)
{
    struct waiting_item *v = NULL;
    size_t cap = 0;

    *out = NULL;
    *n = 0;
    for (size_t i = 0; i < cs->n_scopes; i++) {
        const struct scope_state *s = &cs->scopes[i];

        if (s->status != ITEM_OK &&
            !push(&v, n, &cap, (struct waiting_item){ s->scope, false, false, s->status,
                                                       s->status_raw, s->reason }))
            goto nomem;
    }
    for (size_t i = 0; requested && i < requested->n; i++)
        if (!client_status_scope(cs, requested->v[i]) &&
            !push(&v, n, &cap, (struct waiting_item){ requested->v[i], false, true, ITEM_UNKNOWN,
                                                       NULL, NULL }))
            goto nomem;
    for (size_t i = 0; i < cs->n_claims; i++) {
        const struct claim_state *c = &cs->claims[i];

        if (c->status != ITEM_OK &&
            !push(&v, n, &cap, (struct waiting_item){ c->type, true, false, c->status,
                                                       c->status_raw, c->reason }))
            goto nomem;
    }
    *out = v;
    return 0;
nomem:
    free(v);
    *n = 0;
    return -1;
}

enum err_code client_status_verdict(const struct client_status *cs, const struct strv *requested)
{
    if (!client_status_ready(cs))
        return ERR_PENDING;
    for (size_t i = 0; requested && i < requested->n; i++)
        if (!client_status_scope(cs, requested->v[i]))
            return ERR_PENDING;
    return ERR_OK;
}

const char *client_status_claim_value(const struct client_status *cs, const char *type)
{
    const struct claim_state *c = type ? client_status_claim(cs, type) : NULL;

    if (!c)
        return NULL;
    return c->pending && *c->pending ? c->pending : c->active && *c->active ? c->active : NULL;
}
