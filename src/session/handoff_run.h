/* Step 7, the hand-off, for the wizard and `apply` alike (DESIGN.md §2 item 7): the
 * service URLs and HTTP client (the session's: client_ctx_connect), the browser mode
 * (remembered per site by the wizard), the vendor api key for a new draft
 * (session/api_key.h), the draft or update (journaled, session/wizard_handoff.h), the
 * frontend's wait, the save, the client's status, and after an update a token to
 * prove the client still works. Only showing the link, waiting and the last words
 * differ between the frontends. */
#ifndef HELSEID_HANDOFF_RUN_H
#define HELSEID_HANDOFF_RUN_H

#include <stdbool.h>

#include "core/catalog.h"
#include "core/client_status.h"
#include "core/error.h"
#include "net/readiness.h"
#include "session/client_ctx.h"
#include "session/options.h"
#include "session/wizard_handoff.h"
#include "store/site_file.h"
#include "wizard/handoff.h"

struct handoff_run {
    /* in */
    const struct options *o;
    const char *command;            /* "apply" or "wizard": journal and audit */
    struct client_ctx *ctx;         /* opened with CTX_LOCK; its site's configuration is
                                       what gets sent; connected here if it is not yet */
    const struct catalog *cat;
    bool prompt_api_key;            /* the wizard asks on a terminal */
    bool remember_browser;          /* the wizard keeps --browser in the site file */
    bool keep_draft;                /* nothing reached HelseID: save the answers as a draft */
    /* The frontend: show the link and wait until h is final. 0, or -1 with e. */
    int (*wait)(void *ctx, struct wizard_handoff *hs, struct handoff *h, struct error *e);
    void *wait_ctx;
    /* out */
    struct wizard_handoff *hs;      /* NULL when nothing was started */
    struct handoff h;
    struct client_status live;
    bool have_live;
    char status_failure[512];       /* why `live` could not be read, or "" */
    struct readiness ready;         /* after an update */
    struct wizard_handoff_made made;
};

void handoff_run_init(struct handoff_run *r);
/* Run it. Returns the exit status: 0 (confirmed or updated), 3 (timed out or
 * cancelled: the client stays pending), 5 (not confirmed in the portal), or the status
 * of e. r->hs tells what was done, r->made a client no file could record. */
int handoff_run(struct handoff_run *r, struct error *e);
bool handoff_run_updated(const struct handoff_run *r);
void handoff_run_clear(struct handoff_run *r);

#endif
