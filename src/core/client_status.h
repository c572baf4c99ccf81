/* The live HelseID client as GET /v1/client reports it (spec/protocol.md,
 * "Current client"). Pure data: src/net fills it, the rules and the diff read it. */
#ifndef HELSEID_CLIENT_STATUS_H
#define HELSEID_CLIENT_STATUS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/strv.h"

enum item_status {
    ITEM_UNKNOWN = 0,       /* a value we do not know: shown verbatim */
    ITEM_OK,
    ITEM_PENDING,
    ITEM_UPDATE_PENDING,    /* claims only: tokens keep the active value */
};

struct scope_state {
    char *scope;
    enum item_status status;
    char *status_raw;       /* the value as sent, for display when unknown */
    char *reason;           /* statusReason, or NULL */
};

struct claim_state {
    char *type;             /* claimType, e.g. "e-helse:sfm.api/client/claims/sfm-id" */
    char *active;           /* activeClaimValue, or NULL */
    char *pending;          /* pendingClaimValue, or NULL */
    enum item_status status;
    char *status_raw;
    char *reason;
};

struct client_status {
    struct scope_state *scopes;
    size_t n_scopes;
    struct claim_state *claims;
    size_t n_claims;
    struct strv redirect_uris;
    struct strv post_logout_redirect_uris;
    struct strv child_orgnrs;
};

void client_status_init(struct client_status *cs);
void client_status_clear(struct client_status *cs);

/* Case-insensitive parse of "ok", "pending", "updatePending". */
enum item_status item_status_parse(const char *s);

const struct scope_state *client_status_scope(const struct client_status *cs, const char *scope);
const struct claim_state *client_status_claim(const struct client_status *cs, const char *type);
/* Ready = every scope and every claim ok (spec: "Ready"). */
bool client_status_ready(const struct client_status *cs);

#endif
