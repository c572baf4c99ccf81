#include "config.h"
#include "session/client_ctx.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "session/recover.h"
#include "session/json_doc.h"
#include "session/resolve.h"
#include "core/i18n.h"
#include "store/keyfile.h"

#define DEFAULT_TIMEOUT_S 300
/* CTX_SHORT_WAITS: Enhetsregisteret answers in well under a second; a dead network
 * fails at the connect timeout. */
#define SHORT_CONNECT_MS 3000L
#define SHORT_TIMEOUT_MS 8000L

int client_ctx_timeout_s(const struct options *o)
{
    return o->timeout > 0 ? o->timeout : DEFAULT_TIMEOUT_S;
}

int client_ctx_fail(const struct error *e)
{
    json_doc_set_error(e);
    fprintf(stderr, "%s: %s\n", PACKAGE, e->msg);
    return error_exit_status(e->code);
}

char *client_ctx_path(const struct client_ctx *c, const char *file)
{
    return site_file_beside(c->site_path, file);
}

int client_ctx_load_key(const char *path, struct jwk *k, struct error *e)
{
    unsigned char *data = NULL;
    size_t len = 0;
    int rc;

    if (keyfile_read(path, &data, &len, e) < 0)
        return -1;
    rc = jwk_parse(k, (const char *)data, len, e);
    keyfile_free(data, len);
    if (rc < 0)
        return error_prefix(e, _("key file \"%s\""), path);
    if (!k->has_private) {
        jwk_clear(k);
        return error_set(e, ERR_CRYPTO, _("key file \"%s\" holds no private key"), path);
    }
    return 0;
}

/* The site file as the file itself: a symlink is followed once, here, so the lock,
 * the journal, the key files, the audit log and the atomic save (which never writes
 * through a link) all name the same folder. */
static int real_site_path(const char *site, char **out, struct error *e)
{
    struct stat st;

    if ((*out = realpath(site, NULL)))
        return 0;
    if (errno == ENOENT && lstat(site, &st) == 0)
        return error_set(e, ERR_IO, _("site file \"%s\" is a symlink to a file that does not exist"), site);
    if (errno == ENOENT || errno == ENOTDIR) {
        /* Missing: the load says so, naming the path as given. */
        return (*out = strdup(site)) ? 0 : error_nomem(e);
    }
    return error_set(e, ERR_IO, _("cannot read site file \"%s\": %s"), site, strerror(errno));
}

/* A command that saves must be able to: proven by making (and removing) a file in
 * the site's folder before anything is sent. */
static int folder_writable(const char *site_path, struct error *e)
{
    const char *slash = strrchr(site_path, '/');
    char *probe;
    int fd;

    if (asprintf(&probe, "%.*s/.%s.probe-XXXXXX", slash ? (int)(slash - site_path) : 1,
                 slash ? site_path : ".", slash ? slash + 1 : site_path) < 0)
        return error_nomem(e);
    fd = mkostemp(probe, O_CLOEXEC);
    if (fd < 0) {
        error_set(e, ERR_IO, _("cannot write in the folder of \"%s\" (%s): nothing was sent or saved"),
                  site_path, strerror(errno));
        free(probe);
        return -1;
    }
    close(fd);
    unlink(probe);
    free(probe);
    return 0;
}

int client_ctx_open(struct client_ctx *c, const struct options *o, unsigned flags, struct error *e)
{
    const char *site = o->site;

    memset(c, 0, sizeof *c);
    c->lock = (struct site_lock)SITE_LOCK_INIT;
    endpoints_init(&c->ep);
    jwk_init(&c->key);
    if ((!site || !*site) && (flags & CTX_SITE_OPTIONAL))
        return client_ctx_connect(c, o, flags, e);
    if (!site || !*site)
        return error_set(e, ERR_USAGE, "%s", _("no site file: give --site FILE or set $HELSEID_SITE"));
    if (real_site_path(site, &c->site_path, e) < 0)
        return -1;
    if ((flags & CTX_LOCK) && (folder_writable(c->site_path, e) < 0 ||
                               site_lock_acquire(&c->lock, c->site_path, e) < 0))
        return -1;
    if ((flags & CTX_CREATE) && access(c->site_path, F_OK) < 0 && errno == ENOENT) {
        struct site empty;
        int rc;

        site_init(&empty);
        rc = site_file_create(&c->sf, c->site_path, &empty, e);
        site_clear(&empty);
        if (rc < 0)
            return -1;
        c->created = true;
    } else if (site_file_load(&c->sf, c->site_path, e) < 0) {
        return -1;
    }
    c->site = site_file_site(c->sf);
    if (session_recover(c->sf, flags & CTX_LOCK, flags & CTX_KEY_JOURNAL, e) < 0)
        return -1;
    return client_ctx_connect(c, o, flags, e);
}

void client_ctx_http_config(const struct client_ctx *c, const struct options *o,
                            struct http_config *hc)
{
    memset(hc, 0, sizeof *hc);
    hc->ca_file = c->ep.ca_file;
    hc->max_attempts = 1;       /* DPoP proofs must not be resent by the HTTP layer */
    hc->trace = o->verbose ? stderr : NULL;
}

/* The service URLs, from scratch (again after a failed try: the wizard offline, then
 * its hand-off). */
static int resolve(struct client_ctx *c, const struct options *o, unsigned flags, struct error *e)
{
    bool demo = !(flags & CTX_DEMO_ON_REQUEST) || (o->env && strcmp(o->env, "demo") == 0);

    endpoints_clear(&c->ep);
    endpoints_init(&c->ep);
    demo_sim_stop(&c->demo);
    if (cli_resolve_endpoints(o, c->site, &c->ep, demo ? &c->demo : NULL, e) < 0)
        return -1;
    c->resolved = true;
    return 0;
}

static int load_client_key(struct client_ctx *c, struct error *e)
{
    const struct helseid_config *cfg = c->site ? c->site->config : NULL;

    if (!cfg || !cfg->client_id || !cfg->key_file)
        return error_set(e, ERR_INVALID, _("\"%s\" has no HelseID client yet: run the wizard or 'import' first"),
                         c->site_path);
    if (!c->key_path && !(c->key_path = client_ctx_path(c, cfg->key_file)))
        return error_nomem(e);
    return client_ctx_load_key(c->key_path, &c->key, e);
}

int client_ctx_connect(struct client_ctx *c, const struct options *o, unsigned flags, struct error *e)
{
    struct http_config hc;

    if ((flags & CTX_NEED_CLIENT) && !c->key.has_private && load_client_key(c, e) < 0)
        return -1;
    if (!(flags & (CTX_ENDPOINTS | CTX_NET)))
        return 0;
    if (!c->resolved && resolve(c, o, flags, e) < 0)
        return -1;
    if (!(flags & CTX_NET))
        return 0;
    if (!c->http) {
        client_ctx_http_config(c, o, &hc);
        if (flags & CTX_SHORT_WAITS) {
            hc.connect_timeout_ms = SHORT_CONNECT_MS;
            hc.timeout_ms = SHORT_TIMEOUT_MS;
        }
        if (http_client_new(&c->http, &hc, e) < 0)
            return -1;
    }
    if (!c->have_oidc) {
        if (oidc_init(&c->oidc, c->http, c->ep.authority, e) < 0)
            return -1;
        c->have_oidc = true;
    }
    /* A key loaded after the session opened (CTX_NEED_CLIENT later) signs from now on. */
    if (!c->ts.http || (!c->ts.key && c->key.has_private)) {
        token_session_clear(&c->ts);
        token_session_init(&c->ts, c->http, &c->oidc,
                           c->site && c->site->config ? c->site->config->client_id : NULL,
                           c->key.has_private ? &c->key : NULL);
    }
    return 0;
}

void client_ctx_close(struct client_ctx *c)
{
    token_session_clear(&c->ts);
    if (c->have_oidc)
        oidc_clear(&c->oidc);
    http_client_free(c->http);
    jwk_clear(&c->key);
    endpoints_clear(&c->ep);
    demo_sim_stop(&c->demo);
    site_file_free(c->sf);
    site_lock_release(&c->lock);
    free(c->key_path);
    free(c->site_path);
    memset(c, 0, sizeof *c);
}
