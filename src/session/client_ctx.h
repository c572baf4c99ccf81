/* The one way every command and the wizard open a session on a site: the site file
 * (its real path: a symlink is resolved once, here; locked, with its folder proven
 * writable, when the command writes; an earlier run's journal entry finished or
 * reported, session/recover.h), the service URLs (flags > environment > site file >
 * defaults), one HTTP client, the STS discovery cache, the client's private key and a
 * token session. */
#ifndef HELSEID_CLIENT_CTX_H
#define HELSEID_CLIENT_CTX_H

#include <stdbool.h>

#include "session/demo_sim.h"
#include "session/options.h"
#include "core/error.h"
#include "core/site.h"
#include "net/endpoints.h"
#include "net/http.h"
#include "jose/jwk.h"
#include "net/oidc.h"
#include "net/token.h"
#include "store/lock.h"
#include "store/site_file.h"

enum {
    CTX_LOCK = 1u,          /* take the session lock: the command saves the site file */
    CTX_NEED_CLIENT = 2u,   /* a saved client id and key are required */
    CTX_NET = 4u,           /* resolve URLs and open the HTTP client */
    CTX_KEY_JOURNAL = 8u,   /* the command finishes a rotate-key journal entry itself */
    CTX_CREATE = 16u,       /* no site file at the path yet: start an empty one (import);
                               c->created says so, nothing is written until a save */
    CTX_ENDPOINTS = 32u,    /* resolve the URLs only (CTX_NET includes it): for the
                               preflight, which runs its own transfers (http_config) */
    CTX_SITE_OPTIONAL = 64u,    /* without --site no site is opened (c->sf NULL): the URLs
                                   come from flags, environment and defaults (check) */
    CTX_DEMO_ON_REQUEST = 128u, /* the simulator starts only for --env demo given: a demo
                                   site alone stays offline (the wizard's look-ups) */
    CTX_SHORT_WAITS = 256u, /* requests give up within seconds: a look-up must not hold
                               the screen (the wizard) */
};

struct client_ctx {
    char *site_path;
    struct site_lock lock;
    struct site_file *sf;           /* NULL only with CTX_SITE_OPTIONAL and no --site */
    struct site *site;              /* borrowed from sf */
    struct endpoints ep;
    bool resolved;                  /* ep holds the URLs */
    struct demo_sim demo;           /* --env demo: the simulator, when started */
    struct http_client *http;
    struct oidc oidc;
    bool have_oidc;
    struct jwk key;                 /* the client's current key (when CTX_NEED_CLIENT) */
    char *key_path;                 /* resolved against the site file's folder */
    struct token_session ts;
    bool created;                   /* CTX_CREATE made a new, empty site */
};

/* Without CTX_LOCK the site is read as it is: no lock is taken or waited for, and an
 * earlier run's journal entry is only reported. The context is set up even when this
 * fails: close it. */
int client_ctx_open(struct client_ctx *c, const struct options *o, unsigned flags, struct error *e);
/* The rest of an open: CTX_NEED_CLIENT, CTX_ENDPOINTS and CTX_NET (with
 * CTX_DEMO_ON_REQUEST, CTX_SHORT_WAITS) on a context opened without them, after the
 * command has read the site. What is open stays; a failed try can be made again. */
int client_ctx_connect(struct client_ctx *c, const struct options *o, unsigned flags, struct error *e);
/* The HTTP settings every client of a session shares (the environment's CA, no
 * resent requests: DPoP proofs are single-use, -v's trace), after the URLs resolved. */
void client_ctx_http_config(const struct client_ctx *c, const struct options *o,
                            struct http_config *hc);
void client_ctx_close(struct client_ctx *c);

/* `file` relative to the site file's folder unless absolute (a new string). */
char *client_ctx_path(const struct client_ctx *c, const char *file);
/* Load a key file (mode 0600 enforced by store/keyfile) into k. */
int client_ctx_load_key(const char *path, struct jwk *k, struct error *e);
/* The timeout for waits: --timeout or the default. */
int client_ctx_timeout_s(const struct options *o);
/* Print "helseid-admin: <message>" on stderr and return the exit status. */
int client_ctx_fail(const struct error *e);

#endif
