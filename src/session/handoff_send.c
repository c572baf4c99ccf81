/* The requests that change HelseID (see wizard_handoff_int.h): a new draft with a new
 * key, or an update of the active client; each journaled before it is sent, and the
 * answer recorded before anything else. */
#include "config.h"
#include "session/wizard_handoff_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/i18n.h"
#include "jose/rand.h"
#include "session/client_ctx.h"
#include "store/journal.h"
#include "store/keyfile.h"
#include "store/util.h"

int handoff_key_load(struct wizard_handoff *hs, struct error *e)
{
    if (!(hs->key_path = site_file_beside(site_file_path(hs->o.sf), hs->site->config->key_file)))
        return error_nomem(e);
    return client_ctx_load_key(hs->key_path, &hs->key, e);
}

/* A new key (in memory) and its file name beside the site file, client-<kid>.jwk:
 * ES256, or PS256 (RSA 4096) when the configuration asks for it (--key-alg, desired
 * key_alg). The file is written by store_key once the journal names it. */
static int new_key(struct wizard_handoff *hs, char **name, struct error *e)
{
    const char *want = hs->site->config->key_alg;
    bool ps = want && strcmp(want, "PS256") == 0;

    if (jwk_generate(&hs->key, ps ? JOSE_ALG_PS256 : JOSE_ALG_ES256, ps ? 4096 : 0, e) < 0)
        return -1;
    if (asprintf(name, "client-%.12s.jwk", hs->key.kid) < 0) {
        *name = NULL;
        return error_nomem(e);
    }
    if (!(hs->key_path = site_file_beside(site_file_path(hs->o.sf), *name))) {
        free(*name);
        *name = NULL;
        return error_nomem(e);
    }
    return 0;
}

/* The private key to its file (0600, exclusive, fsync'd with its folder). */
static int store_key(struct wizard_handoff *hs, struct error *e)
{
    char *priv = jwk_to_string(&hs->key, JWK_EXPORT_PRIVATE | JWK_EXPORT_META, e);
    int rc;

    if (!priv)
        return -1;
    rc = keyfile_create(hs->key_path, priv, strlen(priv), e);
    secret_free_str(priv);
    return rc;
}

static int draft_claims(const struct wizard_handoff *hs, struct sb_claims *out, struct error *e)
{
    return handoff_config_claims(hs->o.cat, hs->site->config, out, e);
}

static int children(const struct wizard_handoff *hs, struct strv *out, struct error *e)
{
    return handoff_config_children(hs->site, hs->site->config, out, e);
}

/* The journal's intent for a request about to change HelseID. */
static int journal_intent(struct wizard_handoff *hs, struct journal_entry *j, enum journal_op op,
                          const char *key_file, const char *digest, struct error *e)
{
    char now[64], port[16];

    store_iso_time(now, sizeof now);
    snprintf(port, sizeof port, "%d", hs->expect.port);
    journal_entry_init(j);
    j->op = op;
    j->stage = JOURNAL_INTENT;
    if (str_replace(&j->command, hs->o.command ? hs->o.command : "wizard") < 0 ||
        str_replace(&j->started, now) < 0 || str_replace(&j->digest, digest) < 0 ||
        str_replace(&j->client_id, op == JOURNAL_DRAFT ? NULL : hs->site->config->client_id) < 0 ||
        str_replace(&j->key_file, key_file) < 0 ||
        str_replace(&j->kid, key_file ? hs->key.kid : NULL) < 0 ||
        str_replace(&j->alg, key_file ? jose_alg_name(hs->key.alg) : NULL) < 0)
        return error_nomem(e);
    /* A draft carries the loopback's redirect URI: a resumed hand-off listens there. */
    if (op == JOURNAL_DRAFT && hs->lb && (str_replace(&j->loopback_port, port) < 0 ||
                                          str_replace(&j->loopback_secret, hs->expect.secret) < 0))
        return error_nomem(e);
    return journal_write(site_file_path(hs->o.sf), j, e);
}

/* After HelseID answered a draft: the client id first into the journal, then the site
 * file (pending), then the journal entry is done. A failure here still knows the
 * client: the message names it and its key file, and the next run resumes it. */
static int record_answer(struct wizard_handoff *hs, struct journal_entry *j, const char *id,
                         const char *key_name, const struct strv *kids, struct error *e)
{
    struct helseid_config *cfg = hs->site->config;
    const char *path = site_file_path(hs->o.sf);
    struct error je, se;
    bool journaled;

    j->stage = JOURNAL_ANSWERED;
    journaled = str_replace(&j->client_id, id) == 0 && journal_write(path, j, &je) == 0;
    strv_clear(&cfg->child_orgnrs);
    if (str_replace(&cfg->client_id, id) < 0 || str_replace(&cfg->key_file, key_name) < 0 ||
        str_replace(&cfg->key_alg, jose_alg_name(hs->key.alg)) < 0 || strv_copy(&cfg->child_orgnrs, kids) < 0)
        return error_set(e, ERR_NOMEM, _("HelseID made client %s (key file \"%s\"), but: out of memory"),
                         id, hs->key_path);
    cfg->state = CONFIG_PENDING;
    if (site_file_save(hs->o.sf, &se) < 0) {
        if (journaled)
            return error_set(e, se.code, _("HelseID made client %s (key file \"%s\"), but the site file "
                                           "was not saved (%s): run the same command again to resume it"),
                             id, hs->key_path, se.msg);
        /* Neither file took the answer: keep the key (the intent would have it removed)
         * and name both, so the client can be put into the site file by hand. */
        journal_clear(path, &je);
        return error_set(e, se.code, _("HelseID made client %s (key file \"%s\"), but neither the "
                                       "journal nor the site file could record it (%s): note both"),
                         id, hs->key_path, se.msg);
    }
    /* The entry stays while the draft waits, for its loopback (handoff_wait.c); without
     * it a resumed hand-off listens on a new path and only the STS tells. */
    j->stage = JOURNAL_WAITING;
    if (journal_write(path, j, &je) < 0 && journal_clear(path, &je) < 0)
        fprintf(stderr, "%s: %s\n", PACKAGE, je.msg);     /* the next run finds the site saved */
    return 0;
}

int handoff_send_draft(struct wizard_handoff *hs, struct error *e)
{
    struct helseid_config *cfg = hs->site->config;
    struct strv scopes = STRV_INIT, kids = STRV_INIT, none = STRV_INIT;
    struct sb_claims claims;
    struct sb_draft d = { 0 };
    struct journal_entry j;
    char redirect[256], digest[65], *pub = NULL, *key_name = NULL, *id = NULL;
    bool journaled = false;
    int rc = -1;

    journal_entry_init(&j);
    sb_claims_init(&claims);
    if (!hs->o.api_key) {
        error_set(e, ERR_USAGE, "%s", _("no api key for the Selvbetjening API: give --api-key-file "
                                        "FILE or set $HELSEID_API_KEY_FILE"));
        goto out;
    }
    if (!cfg->owner_orgnr) {
        error_set(e, ERR_INVALID, "%s", _("the configuration has no owner organisation number"));
        goto out;
    }
    /* The port first: the draft carries the redirect URI. */
    if (handoff_loopback_open(hs, e) < 0 || loopback_redirect_uri(hs->lb, redirect, sizeof(redirect)) < 0)
        goto out;
    if (catalog_scopes(hs->o.cat, cfg, &scopes, e) < 0 || draft_claims(hs, &claims, e) < 0 ||
        children(hs, &kids, e) < 0 || new_key(hs, &key_name, e) < 0)
        goto out;
    if (!(pub = jwk_to_string(&hs->key, JWK_EXPORT_META, e)))
        goto out;
    d.organization_number = cfg->owner_orgnr;
    d.public_jwk = pub;
    d.api_scopes = &scopes;
    d.claims = &claims;
    d.redirect_uris = &none;
    d.post_logout_redirect_uris = &none;
    d.child_orgnrs = &kids;
    d.post_confirmation_redirect_uri = redirect;
    /* Before anything is sent: the answers saved as a draft (no client, no key named
     * yet), so every save this hand-off needs is proven to work; then the intent. */
    free(cfg->client_id);
    free(cfg->key_file);
    cfg->client_id = cfg->key_file = NULL;
    cfg->state = CONFIG_DRAFT;
    if (wizard_handoff_digest(hs->o.cat, hs->site, cfg, digest, e) < 0 ||
        site_file_save(hs->o.sf, e) < 0 || journal_intent(hs, &j, JOURNAL_DRAFT, key_name, digest, e) < 0)
        goto out;
    journaled = true;
    /* The key file only once the journal names it: a run stopped from here on has its
     * key removed by the next one unless HelseID's answer was recorded. */
    if (store_key(hs, e) < 0)
        goto out;
    if (sb_create_draft(hs->o.http, hs->o.ep->selvbetjening_api, hs->o.api_key, &d, &id, e) < 0)
        goto out;
    /* Saved before any browser opens: a crash or Esc from here on resumes. */
    if (record_answer(hs, &j, id, key_name, &kids, e) < 0) {
        if (hs->o.made) {
            snprintf(hs->o.made->client_id, sizeof hs->o.made->client_id, "%s", id);
            snprintf(hs->o.made->key_file, sizeof hs->o.made->key_file, "%s", hs->key_path);
        }
        goto out;
    }
    rc = 0;
out:
    if (rc < 0 && journaled && !id) {
        struct error je;

        unlink(hs->key_path);       /* never got an id: no orphan key files */
        if (journaled)
            journal_clear(site_file_path(hs->o.sf), &je);
    }
    journal_entry_clear(&j);
    strv_clear(&scopes);
    strv_clear(&kids);
    sb_claims_clear(&claims);
    free(pub);
    free(key_name);
    free(id);
    return rc;
}

/* PUT /v1/client: the live client plus the configuration's scopes, claims and the unit
 * tree's org numbers (how sub-unit changes reach HelseID). */
int handoff_send_update(struct wizard_handoff *hs, struct error *e)
{
    struct selvbetjening sb;
    struct client_status cs;
    struct sb_client_update u;
    struct strv scopes = STRV_INIT, kids = STRV_INIT;
    struct sb_claims claims;
    struct journal_entry j;
    struct error je_put;
    char digest[65];
    int rc = -1;

    journal_entry_init(&j);
    client_status_init(&cs);
    sb_client_update_init(&u);
    sb_claims_init(&claims);
    selvbetjening_init(&sb, &hs->ts, hs->o.ep->selvbetjening_api);
    if (catalog_scopes(hs->o.cat, hs->site->config, &scopes, e) < 0 ||
        draft_claims(hs, &claims, e) < 0 || children(hs, &kids, e) < 0 ||
        sb_get_client(&sb, &cs, e) < 0 || sb_client_update_from_status(&u, &cs) < 0)
        goto out;
    /* Scopes: exactly the configuration's (the self scope is always kept). */
    for (size_t i = u.api_scopes.n; i-- > 0;)
        if (!strv_contains(&scopes, u.api_scopes.v[i]))
            sb_client_update_remove_scope(&u, u.api_scopes.v[i]);
    for (size_t i = 0; i < scopes.n; i++)
        if (sb_client_update_add_scope(&u, scopes.v[i]) < 0)
            goto nomem;
    for (size_t i = 0; i < claims.n; i++)
        if (sb_claims_set(&u.claims, claims.v[i].key, claims.v[i].value) < 0)
            goto nomem;
    if (sb_client_update_set_children(&u, &kids) < 0)
        goto nomem;
    /* The save after the PUT must not be the first to find a problem. */
    if (wizard_handoff_digest(hs->o.cat, hs->site, hs->site->config, digest, e) < 0 ||
        site_file_check(hs->o.sf, e) < 0 || journal_intent(hs, &j, JOURNAL_UPDATE, NULL, digest, e) < 0)
        goto out;
    if (sb_put_client(&sb, &u, e) < 0) {
        struct error je;

        journal_clear(site_file_path(hs->o.sf), &je);   /* refused: nothing changed */
        goto out;
    }
    /* Best effort: the intent alone already tells the next run to compare again. */
    j.stage = JOURNAL_ANSWERED;
    journal_write(site_file_path(hs->o.sf), &j, &je_put);
    strv_clear(&hs->site->config->child_orgnrs);
    if (strv_copy(&hs->site->config->child_orgnrs, &kids) < 0)
        goto nomem;
    rc = 0;
    goto out;
nomem:
    error_nomem(e);
out:
    journal_entry_clear(&j);
    selvbetjening_clear(&sb);
    client_status_clear(&cs);
    sb_client_update_clear(&u);
    sb_claims_clear(&claims);
    strv_clear(&scopes);
    strv_clear(&kids);
    return rc;
}
