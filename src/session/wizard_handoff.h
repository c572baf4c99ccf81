/* The network side of the wizard's step 7, the hand-off (DESIGN.md §2 item 7). No
 * curses: the full-screen wizard, the line mode and `apply` share it.
 *
 *     wizard_handoff_begin()   new client: loopback port first, then a new ES256 key
 *                              (0600, beside the site file), POST the draft, save the
 *                              site `pending` with the client id, confirmation URL;
 *                              existing active client: PUT /v1/client, nothing to wait
 *                              for; `pending` with a client id: resume (key exists).
 *     wizard_handoff_open_browser()   after the URL was shown: --browser auto|open|print
 *     wizard_handoff_io()      the pollable hook for the frontend (struct handoff_io):
 *                              loopback redirect + STS readiness (client_credentials
 *                              with DPoP, backoff) behind ONE fd, paste-back, check now
 *     wizard_handoff_wait()    the same without a frontend (apply --no-input)
 *     wizard_handoff_finish()  confirmed: GET /v1/client, per-scope status, save
 *                              `active`, audit line; otherwise the site stays pending
 *
 * The caller holds the session lock on the site file for the whole hand-off. */
#ifndef HELSEID_CLI_WIZARD_HANDOFF_H
#define HELSEID_CLI_WIZARD_HANDOFF_H

#include <stdbool.h>
#include <stdio.h>

#include "core/catalog.h"
#include "core/client_status.h"
#include "core/error.h"
#include "net/browser.h"
#include "net/endpoints.h"
#include "net/http.h"
#include "net/readiness.h"
#include "store/site_file.h"
#include "wizard/handoff.h"

/* A client HelseID made whose recording failed: named in --json output too. */
struct wizard_handoff_made {
    char client_id[64];
    char key_file[4096];
};

struct wizard_handoff_opts {
    struct site_file *sf;           /* locked; its config is what gets sent */
    const struct catalog *cat;      /* scopes and claims (catalog_scopes/_claims) */
    const struct endpoints *ep;     /* authority, selvbetjening_api, selvbetjening_web */
    struct http_client *http;       /* max_attempts = 1 (DPoP) */
    const char *api_key;            /* vendor api key: needed only for a new draft */
    enum browser_mode browser;
    int port;                       /* --port, 0 = 47190 and its two fallbacks */
    int timeout_s;                  /* --timeout, 0 = HANDOFF_DEFAULT_TIMEOUT */
    const char *user;               /* for the audit line, or NULL */
    const char *command;            /* for the journal: "apply", "wizard" */
    struct wizard_handoff_made *made;   /* filled when begin fails after the answer, or NULL */
    bool demo_auto_confirm;         /* the demo simulator confirms drafts by itself: say
                                       so instead of opening a browser */
};

enum wizard_handoff_kind {
    WIZARD_HANDOFF_NEW,             /* draft created: wait for the confirmation */
    WIZARD_HANDOFF_RESUME,          /* pending draft from an earlier run: wait again */
    WIZARD_HANDOFF_UPDATED,         /* PUT /v1/client on the active client: no wait */
};

struct wizard_handoff;

/* True when the site's configuration should resume a pending hand-off (state pending
 * with a client id and a key file). */
bool wizard_handoff_resumable(const struct site *s);

/* Send (or resume). On success *out is ready and, unless UPDATED, h is initialised
 * with the confirmation URL, the port and the countdown. The site file has been saved
 * (pending) before this returns, so a crash afterwards resumes. */
int wizard_handoff_begin(struct wizard_handoff **out, const struct wizard_handoff_opts *o,
                         struct handoff *h, struct error *e);
enum wizard_handoff_kind wizard_handoff_kind(const struct wizard_handoff *hs);
/* SHA-256 (hex) of what a draft or an update for cfg sends: environment, owner,
 * scopes, claims, sub-units. The same desired configuration gives the same digest. */
int wizard_handoff_digest(const struct catalog *cat, const struct site *site,
                          const struct helseid_config *cfg, char out[65], struct error *e);
const char *wizard_handoff_client_id(const struct wizard_handoff *hs);

/* Launch a graphical browser if --browser and the environment allow it. Returns a
 * translated sentence for the user (what was done, or why not), never NULL. Call it
 * only after the URL is on screen. */
const char *wizard_handoff_open_browser(struct wizard_handoff *hs);
/* For frontends: open the browser (as above, the sentence going to h->note) on the
 * first network event, i.e. after the frontend has drawn the link. */
void wizard_handoff_defer_browser(struct wizard_handoff *hs);
/* Over SSH: "ssh -L PORT:127.0.0.1:PORT host" into buf; -1 when not over SSH. */
int wizard_handoff_ssh_line(const struct wizard_handoff *hs, char *buf, size_t cap);

/* The frontend's hook (valid while hs lives; io->fd may change between calls, so
 * frontends read it each time round their poll loop). */
void wizard_handoff_io(struct wizard_handoff *hs, struct handoff_io *io);

/* Wait without a frontend until h is final (countdown on `progress` once every 10 s
 * when not NULL). 0, or -1 on a local failure. */
int wizard_handoff_wait(struct wizard_handoff *hs, struct handoff *h, FILE *progress,
                        struct error *e);

/* After h is final. CONFIRMED (or UPDATED): GET /v1/client into *live (may be NULL),
 * save the site `active` with the client id, append an audit line, 0. Other states:
 * the site stays pending, 0. -1 on failure (the site stays pending). */
int wizard_handoff_finish(struct wizard_handoff *hs, const struct handoff *h,
                          struct client_status *live, struct error *e);

/* GET /v1/client into *live (after finish). */
int wizard_handoff_status(struct wizard_handoff *hs, struct client_status *live, struct error *e);
/* After an update: a token for the client, retried with backoff for at most timeout_s
 * (a PUT replaces the client whole: it must still work). */
int wizard_handoff_probe(struct wizard_handoff *hs, int timeout_s, struct readiness *r, struct error *e);

/* Seconds from the Success redirect (or the first "check now") to the first token, or
 * -1; and the readiness attempts made. For reports and tests. */
double wizard_handoff_ready_seconds(const struct wizard_handoff *hs);
int wizard_handoff_attempts(const struct wizard_handoff *hs);

void wizard_handoff_free(struct wizard_handoff *hs);

/* Exit status for a final state: 0 confirmed/updated, 5 rejected by the portal,
 * 3 cancelled or timed out (the draft stays pending). */
int wizard_handoff_exit_status(const struct handoff *h);

#endif
