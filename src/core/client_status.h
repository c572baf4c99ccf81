/* The live HelseID client as GET /v1/client reports it (spec/protocol.md,
 * "Current client"). Pure data: src/net fills it, the rules and the diff read it. */
#ifndef HELSEID_CLIENT_STATUS_H
#define HELSEID_CLIENT_STATUS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
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

/* One thing HelseID has not approved yet. The strings point into the client_status
 * (remote text: sanitise before showing it) or are NULL. */
struct waiting_item {
    const char *name;           /* scope, or claim type */
    bool claim;
    bool missing;               /* requested, but HelseID does not list it */
    enum item_status status;
    const char *status_raw;     /* for ITEM_UNKNOWN */
    const char *reason;         /* statusReason, or NULL */
};

/* Everything not ok: every scope and claim HelseID lists that is not ok, and each
 * `requested` scope (may be NULL) it does not list at all. *out is malloc'd (NULL when
 * nothing waits). -1 only when out of memory. */
int client_status_waiting(const struct client_status *cs, const struct strv *requested,
                          struct waiting_item **out, size_t *n);
/* Truthful readiness for a client HelseID has confirmed: ERR_OK when every requested
 * scope and claim is ok, else ERR_PENDING (exit status 7). */
enum err_code client_status_verdict(const struct client_status *cs, const struct strv *requested);
/* The claim's value as the configuration holds it (pending ?? active), or NULL. */
const char *client_status_claim_value(const struct client_status *cs, const char *type);

#endif
