#include "config.h"
#include "session/client_ctx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session/json_doc.h"
#include "session/resolve.h"
#include "core/i18n.h"
#include "store/keyfile.h"

#define DEFAULT_TIMEOUT_S 300

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
    const char *slash = strrchr(c->site_path, '/');
    char *p;

    if (file[0] == '/' || !slash)
        return strdup(file);
    if (asprintf(&p, "%.*s/%s", (int)(slash - c->site_path), c->site_path, file) < 0)
        return NULL;
    return p;
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

int client_ctx_open(struct client_ctx *c, const struct options *o, unsigned flags, struct error *e)
{
    const char *site = o->site;
    struct http_config hc = { 0 };

    memset(c, 0, sizeof *c);
    c->lock = (struct site_lock)SITE_LOCK_INIT;
    endpoints_init(&c->ep);
    jwk_init(&c->key);
    if (!site || !*site)
        return error_set(e, ERR_USAGE, "%s", _("no site file: give --site FILE or set $HELSEID_SITE"));
    if (!(c->site_path = strdup(site)))
        return error_set(e, ERR_NOMEM, _("out of memory"));
    if ((flags & CTX_LOCK) && site_lock_acquire(&c->lock, site, e) < 0)
        return -1;
    if (site_file_load(&c->sf, site, e) < 0)
        return -1;
    c->site = site_file_site(c->sf);
    if (flags & CTX_NEED_CLIENT) {
        const struct helseid_config *cfg = c->site->config;
        if (!cfg || !cfg->client_id || !cfg->key_file)
            return error_set(e, ERR_INVALID, _("\"%s\" has no HelseID client yet: run the wizard or 'import' first"),
                             site);
        if (!(c->key_path = client_ctx_path(c, cfg->key_file)))
            return error_set(e, ERR_NOMEM, _("out of memory"));
        if (client_ctx_load_key(c->key_path, &c->key, e) < 0)
            return -1;
    }
    if (!(flags & CTX_NET))
        return 0;
    if (cli_resolve_endpoints(o, c->site, &c->ep, &c->demo, e) < 0)
        return -1;
    hc.ca_file = c->ep.ca_file;
    hc.max_attempts = 1;    /* DPoP proofs must not be resent by the HTTP layer */
    hc.trace = o->verbose ? stderr : NULL;
    if (http_client_new(&c->http, &hc, e) < 0)
        return -1;
    if (oidc_init(&c->oidc, c->http, c->ep.authority, e) < 0)
        return -1;
    c->have_oidc = true;
    token_session_init(&c->ts, c->http, &c->oidc,
                       c->site->config ? c->site->config->client_id : NULL,
                       (flags & CTX_NEED_CLIENT) ? &c->key : NULL);
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
