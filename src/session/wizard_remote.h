/* The remote facts the wizard's steps 0-4 show (DESIGN.md §2): the preflight's reach
 * and clock checks, Enhetsregisteret look-ups of the owner (cached per number) and of
 * the owner's sub-units (one paged list), and the live client (GET /v1/client) when
 * the site has a client with a key. Every fact is optional: a failure becomes a
 * warning with its cause, never an error, and never costs typed input.
 *
 * The preflight runs once before the full screen starts, its hosts in parallel, with
 * a "checking" line on stderr. Look-ups run when a step needs them, with a short
 * timeout: on the full screen without blocking (the TUI polls wizard_remote_fd and
 * the steps say what is being asked until the answer arrives), in the line mode
 * waiting for the answer. */
#ifndef HELSEID_WIZARD_REMOTE_H
#define HELSEID_WIZARD_REMOTE_H

#include <stdbool.h>

#include "session/client_ctx.h"
#include "session/options.h"
#include "core/client_status.h"
#include "core/error.h"
#include "core/site.h"
#include "core/strv.h"
#include "net/brreg.h"
#include "net/get_queue.h"
#include "net/endpoints.h"
#include "net/preflight.h"
#include "wizard/rules_core.h"

/* Sub-units of a municipality often hang under its organisasjonsledd: besides the
 * owner's list, the lists of at most this many parents found by looking up one unit
 * each are read. */
#define WIZARD_REMOTE_MAX_LISTS 9

/* One cached look-up. For a sub-unit or organisasjonsledd, e.parent_orgnr is the top
 * legal entity (what the owner step offers); `direct_parent` is the next level up
 * (whose sub-unit list holds its siblings). */
struct remote_org {
    struct org_entity e;
    char *direct_parent;
};

struct wizard_remote {
    bool online;                    /* endpoints resolved, HTTP client open */
    char offline_cause[512];        /* why not online ("" when online or by choice) */
    struct client_ctx *ctx;         /* borrowed: the session's site, URLs and HTTP client */
    const struct endpoints *ep;     /* &ctx->ep */
    struct preflight_report rep;
    struct reach_result *reach;
    /* Set from the preflight: a host that cannot be reached is not asked again (a
     * black-holed network would hold the screen at every look-up). */
    const char *brreg_down;         /* the preflight's message, borrowed from rep */
    const char *helseid_down;
    struct get_queue *q;            /* Enhetsregisteret's GETs (net/get_queue.h) */
    struct remote_org pending;      /* what a look-up on its way returns */
    struct remote_org **orgs;       /* look-up cache, one per number */
    size_t n_orgs;
    const struct site *site;        /* borrowed: the unit tree to find facts for */
    char *units_owner;              /* the owner whose sub-units are in `lists` */
    struct org_entity_list lists[WIZARD_REMOTE_MAX_LISTS];  /* owner's, then parents' */
    char *list_parent[WIZARD_REMOTE_MAX_LISTS];             /* whose list each is */
    size_t n_lists;
    struct strv lists_failed;       /* parents whose list could not be read */
    bool units_done;                /* every answer for units_owner is in */
    struct org_entity *units_view;  /* every known unit, borrowed from lists and orgs */
    size_t n_units_view;
    bool units_failed;
    char units_failure[512];
    struct client_status live;
    bool have_live;
    struct helseid_config live_cfg; /* the live client as the wizard's steps read it */
    char live_failure[512];
    char key_problem[512];          /* the saved client's key cannot be read: why */
};

/* Connect the session (client_ctx_connect: its URLs, one HTTP client with look-up
 * timeouts, the client's key for the live client) and fetch what the steps start with
 * (preflight, live client), then point `core` at the facts. The demo environment goes
 * online only when asked for on the command line (--env demo starts the simulator) or
 * URLs are given; a demo site alone has nothing remote. ctx outlives r. Returns -1
 * only when out of memory. */
int wizard_remote_start(struct wizard_remote *r, const struct options *o, struct client_ctx *ctx,
                        const struct catalog *cat, struct wizard_core *core, struct error *e);
/* Look-ups stop blocking: the fd to poll (-1 when there is none: they keep
 * blocking), and the step to run when it is readable (a tui_source_fn: true when
 * answers arrived and the screen should ask the steps again). */
int wizard_remote_fd(struct wizard_remote *r);
bool wizard_remote_step(void *ctx);
/* The live client as a configuration (sub-units, SFM-ID), or NULL. */
const struct helseid_config *wizard_remote_live(const struct wizard_remote *r);
void wizard_remote_clear(struct wizard_remote *r);

#endif
