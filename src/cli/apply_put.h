/* `apply` on an existing active client: PUT /v1/client with the plan's sub-units,
 * scopes and claims (starting from the live client: the PUT replaces it whole), then
 * wait until the client still gets a token (it must not have locked itself out) and
 * read the result back. Kept apart so that the wizard's hand-off module can take it
 * over (its WIZARD_HANDOFF_UPDATED path does the same request). */
#ifndef HELSEID_APPLY_PUT_H
#define HELSEID_APPLY_PUT_H

#include "cli/client_ctx.h"
#include "cli/plan.h"
#include "core/catalog.h"
#include "core/client_status.h"

/* On success p->cfg.sfm_id holds the SFM-ID sent (a generated one included) and
 * *after (initialised by the caller) the client as read back. */
int apply_put(struct client_ctx *c, struct plan *p, const struct catalog *cat,
              const struct client_status *live, int timeout_s, struct client_status *after,
              struct error *e);

#endif
