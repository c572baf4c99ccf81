/* Inside the hand-off's network side (wizard_handoff.h), shared by its files:
 *     wizard_handoff.c    begin, the browser, finish, status, free
 *     handoff_payload.c   what a draft or update sends (scopes, claims, sub-units), its digest
 *     handoff_send.c      the requests that change HelseID, journaled, and the client's key
 *     handoff_wait.c      the wait: loopback + STS readiness behind one fd */
#ifndef HELSEID_SESSION_WIZARD_HANDOFF_INT_H
#define HELSEID_SESSION_WIZARD_HANDOFF_INT_H

#include <stdint.h>
#include <sys/types.h>

#include "core/strv.h"
#include "jose/jwk.h"
#include "net/loopback.h"
#include "net/oidc.h"
#include "net/selvbetjening.h"
#include "net/token.h"
#include "net/token_async.h"
#include "session/wizard_handoff.h"

#define MAX_FDS 48

struct wizard_handoff {
    struct wizard_handoff_opts o;
    struct site *site;                  /* borrowed from o.sf */
    enum wizard_handoff_kind kind;
    char *key_path;
    struct jwk key;
    struct loopback *lb;
    struct loopback_expect expect;
    struct oidc oidc;
    bool have_oidc;
    struct token_session ts;
    bool have_ts;
    struct http_multi *multi;
    struct token_async ta;
    struct token_request req;
    bool in_flight, again;
    struct readiness rd;
    int epfd, tfd;
    int reg[MAX_FDS];
    size_t n_reg;
    int64_t check_from_ms;              /* the Success redirect or the first Enter */
    double ready_s;
    struct browser_env benv;
    pid_t browser_pid;
    bool browser_deferred;
    char msg[512];
};

/* handoff_payload.c: the configuration's claims (those the API generates left out) and
 * the unit tree's distinct org numbers, as a request sends them. */
int handoff_config_claims(const struct catalog *cat, const struct helseid_config *cfg,
                          struct sb_claims *out, struct error *e);
int handoff_config_children(const struct site *site, const struct helseid_config *cfg,
                            struct strv *out, struct error *e);

/* handoff_send.c */
int handoff_key_load(struct wizard_handoff *hs, struct error *e);
/* POST the draft (loopback port first: the draft carries its redirect URI). */
int handoff_send_draft(struct wizard_handoff *hs, struct error *e);
/* PUT /v1/client for the active client. */
int handoff_send_update(struct wizard_handoff *hs, struct error *e);

/* handoff_wait.c */
int handoff_loopback_open(struct wizard_handoff *hs, struct error *e);
/* The link, the countdown in h, the epoll set, the first readiness try. */
int handoff_wait_start(struct wizard_handoff *hs, struct handoff *h, struct error *e);
/* Arm the set's timer for the earliest of curl, the listener, the backoff, the browser. */
void handoff_wait_rearm(struct wizard_handoff *hs);

/* wizard_handoff.c: where a person's browser opens the confirmation page. */
const char *handoff_portal(const struct wizard_handoff *hs);

#endif
