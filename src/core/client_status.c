#include "config.h"
#include "core/client_status.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void client_status_init(struct client_status *cs)
{
    memset(cs, 0, sizeof *cs);
}

void client_status_clear(struct client_status *cs)
{
    for (size_t i = 0; i < cs->n_scopes; i++) {
        free(cs->scopes[i].scope);
        free(cs->scopes[i].status_raw);
        free(cs->scopes[i].reason);
    }
    free(cs->scopes);
    for (size_t i = 0; i < cs->n_claims; i++) {
        free(cs->claims[i].type);
        free(cs->claims[i].active);
        free(cs->claims[i].pending);
        free(cs->claims[i].status_raw);
        free(cs->claims[i].reason);
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
