/* Selvbetjening's view of the client itself: GET /v1/client into struct client_status
 * (core/client_status.h) and the full-replacement body of PUT /v1/client. Pure. */
#ifndef HELSEID_SB_CLIENT_H
#define HELSEID_SB_CLIENT_H

#include <stddef.h>

#include "core/client_status.h"
#include "core/error.h"
#include "core/strv.h"
#include "net/sb_draft.h"

/* Parse GET /v1/client. Enum values compare case-insensitively; remote strings are
 * kept as sent (display code sanitises them); absent arrays are empty. */
int sb_client_status_parse(const char *body, size_t len, struct client_status *out,
                           struct error *e);

/* The body of PUT /v1/client. The API replaces the whole client with it (a missing
 * field empties that field), so it always starts from the current client. */
struct sb_client_update {
    struct strv api_scopes;
    struct sb_claims claims;            /* {key, value} */
    struct strv redirect_uris;
    struct strv post_logout_redirect_uris;
    struct strv child_orgnrs;
};

void sb_client_update_init(struct sb_client_update *u);
void sb_client_update_clear(struct sb_client_update *u);

/* Start from the current client: every scope, each claim with value = pending ??
 * active (a claim with neither is dropped), the URIs and sub-units as they are. */
int sb_client_update_from_status(struct sb_client_update *u, const struct client_status *cs);

/* The user's changes. */
int sb_client_update_add_scope(struct sb_client_update *u, const char *scope);
int sb_client_update_remove_scope(struct sb_client_update *u, const char *scope); /* 1 if removed */
int sb_client_update_set_children(struct sb_client_update *u, const struct strv *orgnrs);

/* The JSON (new string). Every field is written, arrays possibly empty: the PUT is a
 * full replacement and an omitted field would be emptied anyway. SB_SELF_SCOPE is
 * kept even if removed (without it the client can never update itself again). */
char *sb_client_update_to_json(const struct sb_client_update *u, struct error *e);

#endif
