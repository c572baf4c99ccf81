/* Selvbetjening client drafts (spec/protocol.md, "Create draft"): the JSON body of
 * POST {api}/v1/client-drafts, its answer {clientId}, and the portal's confirmation
 * URL. Pure: no I/O. */
#ifndef HELSEID_SB_DRAFT_H
#define HELSEID_SB_DRAFT_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "core/catalog.h"
#include "core/error.h"
#include "core/strv.h"

/* The scope every client needs to read and update itself (one home: core/catalog.h). */
#define SB_SELF_SCOPE CATALOG_SELF_SCOPE

struct sb_claim {
    char *key;      /* claim type, e.g. "e-helse:sfm.api/client/claims/sfm-id" */
    char *value;
};

struct sb_claims {
    struct sb_claim *v;
    size_t n;
};

void sb_claims_init(struct sb_claims *c);
void sb_claims_clear(struct sb_claims *c);
/* Set (replace or append) key = value (copies). */
int sb_claims_set(struct sb_claims *c, const char *key, const char *value);
/* Remove key; 1 when it was there. */
int sb_claims_remove(struct sb_claims *c, const char *key);
const char *sb_claims_get(const struct sb_claims *c, const char *key);

/* The lists both request bodies carry, a draft and a client update (NULL: none). */
struct sb_client_lists {
    const struct strv *api_scopes;         /* SB_SELF_SCOPE is added when missing */
    const struct sb_claims *claims;        /* audienceSpecificClientClaims {key, value} */
    const struct strv *redirect_uris;
    const struct strv *post_logout_redirect_uris;
    const struct strv *child_orgnrs;       /* made distinct, sorted */
};

/* Adds the lists to o in the API's order. An empty list is left out unless keep_empty:
 * a client update writes each, since the PUT replaces the whole client. -1 when out
 * of memory. */
int sb_json_add_client_lists(cJSON *o, const struct sb_client_lists *l, bool keep_empty);

/* Everything a draft carries; NULL / empty members are omitted from the JSON. */
struct sb_draft {
    const char *organization_number;       /* konfigurasjonseier */
    const char *public_jwk;                /* the public JWK's JSON text: sent AS A STRING */
    const struct strv *api_scopes;         /* SB_SELF_SCOPE is added when missing */
    const struct sb_claims *claims;        /* audienceSpecificClientClaims {key, value} */
    const struct strv *redirect_uris;
    const struct strv *post_logout_redirect_uris;
    const struct strv *child_orgnrs;       /* made distinct, sorted */
    const char *post_confirmation_redirect_uri;  /* our loopback URI */
};

/* The JSON body (a new string, unformatted). ERR_INVALID when the organization
 * number, the key or the redirect URI is missing. */
char *sb_draft_to_json(const struct sb_draft *d, struct error *e);

/* The answer {"clientId": "<guid>"}: the id must be 1..64 characters of
 * [0-9A-Za-z-] (it goes into a URL path). *client_id is a new string. */
int sb_draft_answer_parse(const char *body, size_t len, char **client_id, struct error *e);

/* {portal}/confirm-client/<clientId> (a new string). */
char *sb_confirm_url(const char *portal, const char *client_id, struct error *e);

/* True when s is a client id we accept (see sb_draft_answer_parse). */
int sb_client_id_valid(const char *s);

#endif
