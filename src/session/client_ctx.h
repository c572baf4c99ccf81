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
};

struct client_ctx {
    char *site_path;
    struct site_lock lock;
    struct site_file *sf;
    struct site *site;              /* borrowed from sf */
    struct endpoints ep;
    struct demo_sim demo;           /* --env demo: the simulator, when started */
    struct http_client *http;
    struct oidc oidc;
    bool have_oidc;
    struct jwk key;                 /* the client's current key (when CTX_NEED_CLIENT) */
    char *key_path;                 /* resolved against the site file's folder */
    struct token_session ts;
    bool created;                   /* CTX_CREATE made a new, empty site */
};

int client_ctx_open(struct client_ctx *c, const struct options *o, unsigned flags, struct error *e);
/* The rest of an open: CTX_NEED_CLIENT and CTX_NET on a context opened without them
 * (after the command has read the site). */
int client_ctx_connect(struct client_ctx *c, const struct options *o, unsigned flags, struct error *e);
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
