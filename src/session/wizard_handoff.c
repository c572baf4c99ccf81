/* The network side of the hand-off (see wizard_handoff.h). The two signals the
 * frontend waits on, the loopback listener and the STS readiness poll (an async token
 * request on an http_multi), sit behind one epoll fd; a timerfd in the same set wakes
 * it when curl, the listener or the backoff want to run, so the frontend's poll loop
 * needs only that one fd. */
#include "config.h"
#include "session/wizard_handoff.h"
#include "session/readiness_report.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "core/i18n.h"
#include "core/interrupt.h"
#include "core/strv.h"
#include "jose/jwk.h"
#include "net/loopback.h"
#include "net/oidc.h"
#include "jose/rand.h"
#include "net/readiness.h"
#include "net/selvbetjening.h"
#include "net/token.h"
#include "net/token_async.h"
#include "store/audit.h"
#include "store/journal.h"
#include "store/keyfile.h"
#include "store/util.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

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

bool wizard_handoff_resumable(const struct site *s)
{
    const struct helseid_config *c = s ? s->config : NULL;

    return c && c->state == CONFIG_PENDING && c->client_id && *c->client_id && c->key_file &&
           *c->key_file;
}

static int load_key(struct wizard_handoff *hs, struct error *e)
{
    unsigned char *data = NULL;
    size_t len = 0;
    int rc;

    if (!(hs->key_path = site_file_beside(site_file_path(hs->o.sf), hs->site->config->key_file)))
        return error_nomem(e);
    if (keyfile_read(hs->key_path, &data, &len, e) < 0)
        return -1;
    rc = jwk_parse(&hs->key, (const char *)data, len, e);
    keyfile_free(data, len);
    if (rc < 0)
        return error_prefix(e, _("key file \"%s\""), hs->key_path);
    if (!hs->key.has_private)
        return error_set(e, ERR_CRYPTO, _("key file \"%s\" holds no private key"), hs->key_path);
    return 0;
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

/* The configuration's claims as sb_claims; claims the API generates are left out. */
static int config_claims(const struct catalog *cat, const struct helseid_config *cfg,
                         struct sb_claims *out, struct error *e)
{
    struct claim_value *v = NULL;
    size_t n = 0;
    int rc = 0;

    if (catalog_claims(cat, cfg, &v, &n, e) < 0)
        return -1;
    for (size_t i = 0; i < n && rc == 0; i++)
        if (!v[i].generate && v[i].value && sb_claims_set(out, v[i].key, v[i].value) < 0)
            rc = error_nomem(e);
    claim_values_free(v, n);
    return rc;
}

/* Distinct org numbers of the unit tree (what the sub-units step put in the config). */
static int config_children(const struct site *site, const struct helseid_config *cfg,
                           struct strv *out, struct error *e)
{
    const struct strv *c = &cfg->child_orgnrs;

    if (c->n ? strv_copy(out, c) < 0 : site_distinct_orgnrs(site, out) < 0)
        return error_nomem(e);
    strv_sort_unique(out);
    return 0;
}

static int draft_claims(const struct wizard_handoff *hs, struct sb_claims *out, struct error *e)
{
    return config_claims(hs->o.cat, hs->site->config, out, e);
}

static int children(const struct wizard_handoff *hs, struct strv *out, struct error *e)
{
    return config_children(hs->site, hs->site->config, out, e);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int wizard_handoff_digest(const struct catalog *cat, const struct site *site,
                          const struct helseid_config *cfg, char out[65], struct error *e)
{
    struct strv scopes = STRV_INIT, kids = STRV_INIT, lines = STRV_INIT;
    struct sb_claims claims;
    unsigned char md[SHA256_DIGEST_LENGTH];
    EVP_MD_CTX *ctx = NULL;
    char *l;
    int rc = -1;

    sb_claims_init(&claims);
    if (catalog_scopes(cat, cfg, &scopes, e) < 0 || config_claims(cat, cfg, &claims, e) < 0 ||
        config_children(site, cfg, &kids, e) < 0)
        goto out;
    strv_sort_unique(&scopes);
    for (size_t i = 0; i < claims.n; i++) {
        if (asprintf(&l, "%s=%s", claims.v[i].key, claims.v[i].value) < 0)
            goto nomem;
        if (strv_push(&lines, l) < 0) {
            free(l);
            goto nomem;
        }
        free(l);
    }
    if (lines.n)
        qsort(lines.v, lines.n, sizeof *lines.v, cmp_str);
    if (!(ctx = EVP_MD_CTX_new()) || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
        goto nomem;
    /* One field per line, each list sorted: the same request gives the same digest. */
#define PUT(s) (EVP_DigestUpdate(ctx, (s) ? (s) : "", (s) ? strlen(s) : 0) && EVP_DigestUpdate(ctx, "\n", 1))
    if (!PUT("helseid-admin configuration 1") || !PUT(cfg->env) || !PUT(cfg->owner_orgnr))
        goto nomem;
    for (size_t i = 0; i < scopes.n; i++)
        if (!PUT(scopes.v[i]))
            goto nomem;
    if (!PUT("--"))
        goto nomem;
    for (size_t i = 0; i < lines.n; i++)
        if (!PUT(lines.v[i]))
            goto nomem;
    if (!PUT("--"))
        goto nomem;
    for (size_t i = 0; i < kids.n; i++)
        if (!PUT(kids.v[i]))
            goto nomem;
#undef PUT
    if (!EVP_DigestFinal_ex(ctx, md, NULL))
        goto nomem;
    for (size_t i = 0; i < sizeof md; i++)
        sprintf(out + 2 * i, "%02x", md[i]);
    rc = 0;
    goto out;
nomem:
    error_nomem(e);
out:
    EVP_MD_CTX_free(ctx);
    strv_clear(&scopes);
    strv_clear(&kids);
    strv_clear(&lines);
    sb_claims_clear(&claims);
    return rc;
}

static int open_loopback(struct wizard_handoff *hs, struct error *e)
{
    hs->expect.kind = LOOPBACK_CONFIRM;
    hs->expect.path = LOOPBACK_PATH_CONFIRM;
    if (loopback_expect_new_secret(&hs->expect, e) < 0 || loopback_open(&hs->lb, &hs->expect, hs->o.port, e) < 0)
        return -1;
    hs->expect.port = loopback_port(hs->lb);
    return 0;
}

static int start_session(struct wizard_handoff *hs, struct error *e)
{
    if (oidc_init(&hs->oidc, hs->o.http, hs->o.ep->authority, e) < 0)
        return -1;
    hs->have_oidc = true;
    token_session_init(&hs->ts, hs->o.http, &hs->oidc, hs->site->config->client_id, &hs->key);
    hs->have_ts = true;
    return 0;
}

/* The journal's intent for a request about to change HelseID. */
static int journal_intent(struct wizard_handoff *hs, struct journal_entry *j, enum journal_op op,
                          const char *key_file, const char *digest, struct error *e)
{
    char now[64];

    store_iso_time(now, sizeof now);
    journal_entry_init(j);
    j->op = op;
    j->stage = JOURNAL_INTENT;
    if (str_replace(&j->command, hs->o.command ? hs->o.command : "wizard") < 0 ||
        str_replace(&j->started, now) < 0 || str_replace(&j->digest, digest) < 0 ||
        str_replace(&j->client_id, op == JOURNAL_DRAFT ? NULL : hs->site->config->client_id) < 0 ||
        str_replace(&j->key_file, key_file) < 0 ||
        str_replace(&j->kid, key_file ? hs->key.kid : NULL) < 0 ||
        str_replace(&j->alg, key_file ? "ES256" : NULL) < 0)
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
    if (journal_clear(path, &je) < 0)
        fprintf(stderr, "%s: %s\n", PACKAGE, je.msg);     /* the next run finds the site saved */
    return 0;
}

static int create_draft(struct wizard_handoff *hs, struct error *e)
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
    if (open_loopback(hs, e) < 0 || loopback_redirect_uri(hs->lb, redirect, sizeof(redirect)) < 0)
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
static int update_client(struct wizard_handoff *hs, struct error *e)
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

/* ---- the waiting machinery ---- */

static int start_try(struct wizard_handoff *hs)
{
    struct error e;

    if (hs->in_flight)
        return 0;
    readiness_begin(&hs->rd, readiness_now_ms());     /* the period counts from here */
    if (token_async_start(&hs->ta, &hs->ts, hs->multi, &hs->req, &e) < 0) {
        readiness_record(&hs->rd, readiness_now_ms(), false, &e);
        return -1;
    }
    hs->in_flight = true;
    return 0;
}

/* Register the current fds in the epoll set and arm the timer for the earliest
 * deadline among curl, the listener and the backoff. */
static void rearm(struct wizard_handoff *hs)
{
    struct pollfd fds[MAX_FDS];
    size_t nl = 0, nh = 0;
    int64_t now = readiness_now_ms();
    int t_lb = -1, t_http, t_rd = -1, t = -1;
    struct itimerspec its = { 0 };

    for (size_t i = 0; i < hs->n_reg; i++)
        epoll_ctl(hs->epfd, EPOLL_CTL_DEL, hs->reg[i], NULL);   /* closed fds are gone anyway */
    hs->n_reg = 0;
    if (hs->lb)
        t_lb = loopback_pollfds(hs->lb, fds, MAX_FDS / 2, &nl);
    t_http = http_multi_pollfds(hs->multi, fds + nl, MAX_FDS / 2, &nh);
    if (!hs->in_flight && readiness_state(&hs->rd) == READINESS_WAITING)
        t_rd = readiness_wait_ms(&hs->rd, now);
    for (size_t i = 0; i < nl + nh; i++) {
        struct epoll_event ev = { .data.fd = fds[i].fd };

        ev.events = (fds[i].events & POLLIN ? EPOLLIN : 0u) | (fds[i].events & POLLOUT ? EPOLLOUT : 0u);
        if (fds[i].fd >= 0 && epoll_ctl(hs->epfd, EPOLL_CTL_ADD, fds[i].fd, &ev) == 0)
            hs->reg[hs->n_reg++] = fds[i].fd;
    }
    if (!hs->in_flight)
        t_http = -1;        /* no transfer: curl's idle timers are not ours to wake for */
    if (hs->browser_pid > 0 && (t_rd < 0 || t_rd > 1000))
        t_rd = 1000;        /* a launched browser (xdg-open) is reaped when it ends */
    for (int c = 0; c < 3; c++) {
        int v = c == 0 ? t_lb : c == 1 ? t_http : t_rd;

        if (v >= 0 && (t < 0 || v < t))
            t = v;
    }
    if (t >= 0) {
        long long ns = t > 0 ? (long long)t * 1000000LL : 1;    /* 0 would disarm */

        its.it_value.tv_sec = (time_t)(ns / 1000000000LL);
        its.it_value.tv_nsec = (long)(ns % 1000000000LL);
    }
    timerfd_settime(hs->tfd, 0, &its, NULL);
}

/* Where a person's browser opens the confirmation page. */
static const char *portal(const struct wizard_handoff *hs)
{
    return hs->o.ep->portal_browser ? hs->o.ep->portal_browser : hs->o.ep->selvbetjening_web;
}

static enum handoff_action feed(struct handoff *h, enum handoff_event_kind k, const char *status)
{
    struct handoff_event ev = { k, time(NULL), status };

    return handoff_event(h, &ev);
}

static void check_now(void *ctx)
{
    struct wizard_handoff *hs = ctx;

    if (!hs->check_from_ms)
        hs->check_from_ms = readiness_now_ms();
    if (hs->in_flight)
        hs->again = true;   /* one more right after the one in flight */
    else
        start_try(hs);
    rearm(hs);
}

static enum handoff_action on_readable(void *ctx, struct handoff *h)
{
    struct wizard_handoff *hs = ctx;
    struct pollfd fds[MAX_FDS];
    size_t nl = 0, nh = 0;
    enum handoff_action act = HANDOFF_NONE;
    uint64_t ticks;
    struct error e;

    if (read(hs->tfd, &ticks, sizeof(ticks)) < 0 && errno != EAGAIN)
        ticks = 0;
    if (hs->browser_pid > 0 && browser_reap(hs->browser_pid))
        hs->browser_pid = 0;
    if (hs->browser_deferred) {
        hs->browser_deferred = false;
        snprintf(h->note, sizeof(h->note), "%s", wizard_handoff_open_browser(hs));
        act = HANDOFF_REDRAW;
    }
    if (hs->lb)
        loopback_pollfds(hs->lb, fds, MAX_FDS / 2, &nl);
    http_multi_pollfds(hs->multi, fds + nl, MAX_FDS / 2, &nh);
    if (poll(fds, nl + nh, 0) < 0)
        nl = nh = 0;
    if (hs->lb) {
        struct loopback_result r;
        int got;

        loopback_result_init(&r);
        got = loopback_step(hs->lb, fds, nl, &r, &e);
        if (got == 1) {
            bool success = r.outcome == LOOPBACK_SUCCESS;

            act = feed(h, HANDOFF_LOOPBACK, success ? "Success" : r.status);
            if (success)
                snprintf(h->note, sizeof(h->note), "%s",
                         _("The portal says the configuration is confirmed; asking HelseID"));
            loopback_free(hs->lb);      /* one-shot: the answer is in */
            hs->lb = NULL;
            if (act == HANDOFF_CHECK_NOW) {
                check_now(hs);
                act = HANDOFF_REDRAW;
            }
        }
        loopback_result_clear(&r);
    }
    http_multi_step(hs->multi, fds + nl, nh, &e);
    token_async_poll(&hs->ta);
    if (hs->in_flight && token_async_done(&hs->ta)) {
        struct token_answer t;
        int rc;

        token_answer_init(&t);
        rc = token_async_result(&hs->ta, &t, &e);
        token_answer_clear(&t);
        hs->in_flight = false;
        readiness_hold(&hs->rd, hs->ts.retry_after_ms);
        readiness_record(&hs->rd, readiness_now_ms(), rc == 0, &e);
        if (rc == 0) {
            int64_t from = hs->check_from_ms ? hs->check_from_ms : hs->rd.started_ms;

            hs->ready_s = (double)(readiness_now_ms() - from) / 1000.0;
            if (feed(h, HANDOFF_READY, NULL) == HANDOFF_FINISHED)
                act = HANDOFF_FINISHED;
        } else {
            feed(h, HANDOFF_NOT_READY, NULL);
            if (hs->again) {
                hs->again = false;
                start_try(hs);
            }
        }
    }
    if (h->state == HANDOFF_WAITING && !hs->in_flight &&
        readiness_state(&hs->rd) == READINESS_WAITING && readiness_due(&hs->rd, readiness_now_ms()))
        start_try(hs);
    if (h->state != HANDOFF_WAITING)
        act = HANDOFF_FINISHED;
    rearm(hs);
    return act;
}

static int paste(void *ctx, const char *url, char *status, size_t n, struct error *e)
{
    struct wizard_handoff *hs = ctx;
    struct loopback_result r;
    int rc;

    loopback_result_init(&r);
    rc = loopback_parse_pasted(&hs->expect, url, &r, e);
    if (rc == 0)
        snprintf(status, n, "%s", r.outcome == LOOPBACK_SUCCESS ? "Success" : r.status);
    loopback_result_clear(&r);
    return rc;
}

void wizard_handoff_io(struct wizard_handoff *hs, struct handoff_io *io)
{
    memset(io, 0, sizeof(*io));
    io->ctx = hs;
    io->fd = hs->epfd;
    io->on_readable = on_readable;
    io->check_now = check_now;
    io->paste = paste;
}

static int start_wait(struct wizard_handoff *hs, struct handoff *h, struct error *e)
{
    struct readiness_config rc = { 0 };
    char *url;
    int timeout = hs->o.timeout_s > 0 ? hs->o.timeout_s : HANDOFF_DEFAULT_TIMEOUT;

    if (!hs->lb && open_loopback(hs, e) < 0)
        return -1;
    if (!(url = sb_confirm_url(portal(hs), hs->site->config->client_id, e)))
        return -1;
    if (handoff_init(h, url, hs->expect.port, hs->benv.ssh_connection || hs->benv.ssh_tty,
                     time(NULL), timeout) < 0) {
        free(url);
        return error_set(e, ERR_INVALID, "%s", _("the confirmation link is too long"));
    }
    free(url);
    if (h->over_ssh && browser_ssh_forward_line(&hs->benv, h->port, h->ssh_line,
                                                sizeof(h->ssh_line)) < 0)
        h->ssh_line[0] = '\0';
    if ((hs->epfd = epoll_create1(EPOLL_CLOEXEC)) < 0 ||
        (hs->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)) < 0)
        return error_set(e, ERR_IO, _("cannot wait for the confirmation: %s"), strerror(errno));
    {
        struct epoll_event ev = { .events = EPOLLIN, .data.fd = hs->tfd };

        if (epoll_ctl(hs->epfd, EPOLL_CTL_ADD, hs->tfd, &ev) < 0)
            return error_set(e, ERR_IO, _("cannot wait for the confirmation: %s"), strerror(errno));
    }
    if (http_multi_new(&hs->multi, hs->o.http, e) < 0)
        return -1;
    /* The countdown decides when to give up; the backoff only paces the tries. */
    rc.timeout_ms = (int64_t)timeout * 1000 + 60000;
    hs->req.grant = TOKEN_GRANT_CLIENT_CREDENTIALS;
    hs->req.scope = SB_SELF_SCOPE;
    readiness_start(&hs->rd, &rc, readiness_now_ms());
    start_try(hs);
    rearm(hs);
    return 0;
}

int wizard_handoff_begin(struct wizard_handoff **out, const struct wizard_handoff_opts *o,
                         struct handoff *h, struct error *e)
{
    struct wizard_handoff *hs = calloc(1, sizeof(*hs));
    struct helseid_config *cfg;

    if (!hs)
        return error_nomem(e);
    hs->o = *o;
    hs->epfd = hs->tfd = -1;
    hs->ready_s = -1;
    jwk_init(&hs->key);
    token_async_init(&hs->ta);
    browser_env_from_environ(&hs->benv);
    hs->site = site_file_site(o->sf);
    cfg = hs->site->config;
    if (!cfg) {
        error_set(e, ERR_INVALID, "%s", _("there is no configuration to send"));
        goto fail;
    }
    if (audit_before_send(site_file_path(o->sf), o->user, "handoff-start",
                          cfg->client_id ? cfg->client_id : "new client", e) < 0)
        goto fail;
    if (wizard_handoff_resumable(hs->site)) {
        hs->kind = WIZARD_HANDOFF_RESUME;
        if (load_key(hs, e) < 0)
            goto fail;
    } else if (cfg->client_id && cfg->key_file) {
        hs->kind = WIZARD_HANDOFF_UPDATED;
        if (load_key(hs, e) < 0 || start_session(hs, e) < 0 || update_client(hs, e) < 0)
            goto fail;
        *out = hs;
        return 0;
    } else {
        hs->kind = WIZARD_HANDOFF_NEW;
        if (create_draft(hs, e) < 0)
            goto fail;
    }
    if (start_session(hs, e) < 0 || start_wait(hs, h, e) < 0)
        goto fail;
    *out = hs;
    return 0;
fail:
    wizard_handoff_free(hs);
    return -1;
}

enum wizard_handoff_kind wizard_handoff_kind(const struct wizard_handoff *hs)
{
    return hs->kind;
}

const char *wizard_handoff_client_id(const struct wizard_handoff *hs)
{
    return hs->site->config->client_id;
}

const char *wizard_handoff_open_browser(struct wizard_handoff *hs)
{
    enum browser_decision why = BROWSER_LAUNCH;
    struct error e;
    char *url;
    int rc;

    if (hs->o.demo_auto_confirm)
        return _("Demo: the simulator confirms by itself (HELSEID_DEMO_AUTO_CONFIRM); no browser is needed.");
    if (!(url = sb_confirm_url(portal(hs), hs->site->config->client_id, &e)))
        return _("no browser started");
    rc = browser_open(hs->o.browser, &hs->benv, url, &hs->browser_pid, &why, &e);
    free(url);
    if (rc > 0 && hs->tfd >= 0 && hs->multi)
        rearm(hs);          /* its timer reaps the launcher when it ends */
    if (rc > 0)
        return _("Opened the link in a browser.");
    if (rc == 0) {
        snprintf(hs->msg, sizeof(hs->msg), "%s", browser_decision_text(why));
        return hs->msg;
    }
    /* TRANSLATORS: %s says why no browser could be started. */
    snprintf(hs->msg, sizeof(hs->msg), _("no browser started: %s"), e.msg);
    return hs->msg;
}

void wizard_handoff_defer_browser(struct wizard_handoff *hs)
{
    hs->browser_deferred = true;
}

int wizard_handoff_ssh_line(const struct wizard_handoff *hs, char *buf, size_t cap)
{
    return browser_ssh_forward_line(&hs->benv, hs->expect.port, buf, cap);
}

int wizard_handoff_wait(struct wizard_handoff *hs, struct handoff *h, FILE *progress,
                        struct error *e)
{
    struct handoff_io io;
    time_t last = 0;

    wizard_handoff_io(hs, &io);
    while (h->state == HANDOFF_WAITING) {
        struct pollfd p = { .fd = io.fd, .events = POLLIN };
        time_t now;

        if (poll(&p, 1, 1000) < 0 && errno != EINTR)
            return error_set(e, ERR_IO, _("cannot wait for the confirmation: %s"), strerror(errno));
        if (interrupt_signal())         /* the draft stays pending: the next run resumes it */
            return interrupt_error(e);
        if (p.revents & POLLIN)
            on_readable(hs, h);
        now = time(NULL);
        feed(h, HANDOFF_TICK, NULL);
        if (progress && h->state == HANDOFF_WAITING && now - last >= 10) {
            int left = handoff_seconds_left(h);

            fprintf(progress, P_("Waiting for the confirmation: %d second left\n",
                                 "Waiting for the confirmation: %d seconds left\n", left), left);
            fflush(progress);
            last = now;
        }
    }
    return 0;
}

static void audit_line(struct wizard_handoff *hs, const char *action)
{
    const struct helseid_config *c = hs->site->config;
    char *log = audit_default_path(site_file_path(hs->o.sf)), summary[512];
    struct error e;

    if (!log)
        return;
    snprintf(summary, sizeof(summary), "client=%s owner=%s sub-units=%zu services=%zu",
             c->client_id, c->owner_orgnr ? c->owner_orgnr : "-", c->child_orgnrs.n, c->n_services);
    audit_append(log, hs->o.user, action, summary, &e);
    free(log);
}

int wizard_handoff_finish(struct wizard_handoff *hs, const struct handoff *h,
                          struct client_status *live, struct error *e)
{
    if (hs->kind != WIZARD_HANDOFF_UPDATED && h->state != HANDOFF_CONFIRMED) {
        if (h->state == HANDOFF_REJECTED)
            audit_line(hs, "handoff-rejected");
        return 0;
    }
    hs->site->config->state = CONFIG_ACTIVE;
    if (site_file_save(hs->o.sf, e) < 0) {
        if (hs->kind == WIZARD_HANDOFF_UPDATED)
            return error_prefix(e, _("client %s was updated in HelseID, but the site file was not saved: "
                                     "run the same command again"), hs->site->config->client_id);
        return error_prefix(e, _("client %s is confirmed, but the site file was not saved: run the same "
                                 "command again"), hs->site->config->client_id);
    }
    if (hs->kind == WIZARD_HANDOFF_UPDATED) {
        struct error je;

        if (journal_clear(site_file_path(hs->o.sf), &je) < 0)
            fprintf(stderr, "%s: %s\n", PACKAGE, je.msg);
    }
    audit_line(hs, hs->kind == WIZARD_HANDOFF_UPDATED ? "handoff-updated" : "handoff-confirmed");
    if (!live)
        return 0;
    return wizard_handoff_status(hs, live, e);
}

int wizard_handoff_status(struct wizard_handoff *hs, struct client_status *live, struct error *e)
{
    struct selvbetjening sb;
    int rc;

    selvbetjening_init(&sb, &hs->ts, hs->o.ep->selvbetjening_api);
    rc = sb_get_client(&sb, live, e);
    selvbetjening_clear(&sb);
    /* readiness: a new SFM-ID HelseID made is the site's from now on. */
    if (rc == 0 && readiness_adopt_sfm_id(hs->site->config, live, hs->o.cat) > 0)
        rc = site_file_save(hs->o.sf, e);
    return rc;
}

int wizard_handoff_probe(struct wizard_handoff *hs, int timeout_s, struct readiness *r, struct error *e)
{
    struct readiness_config rc = { .timeout_ms = (int64_t)timeout_s * 1000 };

    return readiness_run(r, &rc, sb_probe_token, &hs->ts, e);
}

double wizard_handoff_ready_seconds(const struct wizard_handoff *hs)
{
    return hs->ready_s;
}

int wizard_handoff_attempts(const struct wizard_handoff *hs)
{
    return readiness_attempts(&hs->rd);
}

void wizard_handoff_free(struct wizard_handoff *hs)
{
    if (!hs)
        return;
    http_multi_free(hs->multi);     /* cancels a transfer in flight first */
    token_async_clear(&hs->ta);
    if (hs->have_ts)
        token_session_clear(&hs->ts);
    if (hs->have_oidc)
        oidc_clear(&hs->oidc);
    loopback_free(hs->lb);
    if (hs->tfd >= 0)
        close(hs->tfd);
    if (hs->epfd >= 0)
        close(hs->epfd);
    if (hs->browser_pid > 0)
        browser_reap(hs->browser_pid);
    jwk_clear(&hs->key);
    free(hs->key_path);
    free(hs);
}

int wizard_handoff_exit_status(const struct handoff *h)
{
    switch (h->state) {
    case HANDOFF_CONFIRMED:
        return 0;
    case HANDOFF_REJECTED:
        return error_exit_status(ERR_NOT_CONFIRMED);
    case HANDOFF_TIMED_OUT:
        return error_exit_status(ERR_TIMEOUT);
    case HANDOFF_CANCELLED:
    case HANDOFF_WAITING:
    default:
        return error_exit_status(ERR_CANCELLED);
    }
}
