#include "config.h"
#include "session/wizard_remote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "session/client_ctx.h"
#include "session/resolve.h"
#include "core/catalog.h"
#include "core/i18n.h"
#include "core/org_entity.h"
#include "core/strv.h"
#include "net/get_queue.h"
#include "net/selvbetjening.h"
#include "store/site_file.h"

static void note(char *buf, size_t cap, const char *msg)
{
    snprintf(buf, cap, "%s", msg);
}

static bool starts_with(const char *s, const char *prefix)
{
    return s && prefix && *prefix && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The session's URLs and HTTP client (client_ctx), with look-up timeouts. */
static int open_net(struct wizard_remote *r, const struct options *o)
{
    struct error e = { 0 };

    if (client_ctx_connect(r->ctx, o, CTX_NET | CTX_DEMO_ON_REQUEST | CTX_SHORT_WAITS, &e) < 0) {
        /* A demo site without --env demo has no remote side: stay quietly offline. */
        if (r->ep->env != ENDPOINT_ENV_DEMO || (o->env && strcmp(o->env, "demo") == 0))
            note(r->offline_cause, sizeof r->offline_cause, e.msg);
        return -1;
    }
    if (get_queue_new(&r->q, r->ctx->http, BRREG_MAX_BODY, &e) < 0) {
        note(r->offline_cause, sizeof r->offline_cause, e.msg);
        return -1;
    }
    get_queue_set_blocking(r->q, true);     /* until a frontend polls (wizard_remote_fd) */
    r->online = true;
    return 0;
}

/* The hosts in parallel (one curl multi) and the clock against the STS, once, before
 * the full screen starts; the terminal says what it is waiting for. */
static int run_preflight(struct wizard_remote *r, const struct options *o, struct wizard_core *c)
{
    struct preflight_target t[5];
    char urls[5][1024];
    struct http_config cfg;
    struct error e = { 0 };
    size_t n = preflight_targets(r->ep, t, urls);

    client_ctx_http_config(r->ctx, o, &cfg);
    if (isatty(STDERR_FILENO)) {
        /* TRANSLATORS: shown while the preflight runs, before the wizard's screen. */
        fprintf(stderr, P_("checking the connection to %zu service…",
                           "checking the connection to %zu services…", n), n);
        fflush(stderr);
    }
    if (preflight_run(&cfg, t, n, true, &r->rep, &e) < 0) {
        note(r->offline_cause, sizeof r->offline_cause, e.msg);
        goto out;
    }
    if (!(r->reach = cli_rules_reach(&r->rep, &c->env)))
        return -1;
    for (size_t i = 0; i < r->rep.n; i++) {
        const struct preflight_result *x = &r->rep.v[i];

        if (x->ok || i >= n)
            continue;
        if (starts_with(t[i].url, r->ep->brreg))
            r->brreg_down = x->message;
        else if (starts_with(t[i].url, r->ep->authority) ||
                 starts_with(t[i].url, r->ep->selvbetjening_api))
            r->helseid_down = x->message;
    }
out:
    if (isatty(STDERR_FILENO))
        fputc('\n', stderr);
    return 0;
}

/* The live client as the steps read it: its sub-units and the SFM-ID it carries. */
static int live_to_config(struct wizard_remote *r, const struct site *site,
                          const struct catalog *cat)
{
    const char *sfm = rules_sfm_live_id(cat, &r->live);

    r->live_cfg.state = site->config->state;
    if (strv_copy(&r->live_cfg.child_orgnrs, &r->live.child_orgnrs) < 0 ||
        (sfm && *sfm && str_replace(&r->live_cfg.sfm_id, sfm) < 0) ||
        str_replace(&r->live_cfg.client_id, site->config->client_id) < 0)
        return -1;
    return 0;
}

/* GET /v1/client as the saved client (its key, a DPoP-bound token). Only for a site
 * whose client HelseID already knows: active, or pending confirmation. */
static int fetch_live(struct wizard_remote *r, const struct options *o, const struct catalog *cat)
{
    const struct site *site = r->ctx->site;
    const struct helseid_config *cfg = site->config;
    struct selvbetjening sb;
    struct error e = { 0 };
    int rc = 0;

    if (!cfg || !cfg->client_id || !*cfg->client_id || !cfg->key_file || !*cfg->key_file ||
        (cfg->state != CONFIG_ACTIVE && cfg->state != CONFIG_PENDING))
        return 0;
    if (r->helseid_down) {
        note(r->live_failure, sizeof r->live_failure, r->helseid_down);
        return 0;
    }
    if (client_ctx_connect(r->ctx, o, CTX_NEED_CLIENT | CTX_NET, &e) < 0) {
        note(r->live_failure, sizeof r->live_failure, e.msg);
        return 0;
    }
    selvbetjening_init(&sb, &r->ctx->ts, r->ep->selvbetjening_api);
    if (sb_get_client(&sb, &r->live, &e) == 0) {
        r->have_live = true;
        rc = live_to_config(r, site, cat);
    } else {
        note(r->live_failure, sizeof r->live_failure, e.msg);
    }
    selvbetjening_clear(&sb);
    return rc;
}

/* A number whose answer is on its way: one slot, read at once by the rules. */
static struct remote_org *pending_org(struct wizard_remote *r, const char *orgnr)
{
    org_entity_clear(&r->pending.e);
    r->pending.e.lookup = ORG_LOOKUP_PENDING;
    r->pending.e.orgnr = strdup(orgnr);
    return &r->pending;
}

/* Enhetsregisteret's answer for one number through the queue: 1 while on its way,
 * else 0 with o filled (FAILED carries the cause). */
static int fetch_org(struct wizard_remote *r, const char *orgnr, struct org_entity *o)
{
    char url[1024];
    struct error e = { 0 };

    for (int step = 0; step < 2; step++) {
        const struct get_answer *a;

        if (brreg_lookup_url(url, sizeof url, r->ep->brreg, step, orgnr, &e) < 0) {
            o->lookup = ORG_LOOKUP_FAILED;
            o->failure = strdup(e.msg);
            return 0;
        }
        if (!(a = get_queue_get(r->q, url)))
            return 1;
        if (brreg_lookup_answer(step, orgnr, a->rc, &a->res, &a->err, o, &e) != 1)
            return 0;
    }
    return 0;
}

/* The cached answer for one number, asked once; pending_org() while it is on its way.
 * The owner to offer for a sub-unit or organisasjonsledd is the top legal entity, not
 * the next level up: its parent is looked up too (which climbs in turn, a few hops
 * at most). Never NULL. */
static struct remote_org *remote_org(struct wizard_remote *r, const char *orgnr, int depth)
{
    static struct remote_org oom = { .e = { .lookup = ORG_LOOKUP_NOT_DONE } };
    struct remote_org *c, **grown;
    struct org_entity *o;

    for (size_t i = 0; i < r->n_orgs; i++)
        if (strcmp(r->orgs[i]->e.orgnr, orgnr) == 0)
            return r->orgs[i];
    if (!(c = calloc(1, sizeof *c)))
        return &oom;
    o = &c->e;
    org_entity_init(o);
    if (!r->q || !r->ep->brreg) {
        /* Offline: nothing is known, and nothing is claimed. */
        o->lookup = ORG_LOOKUP_NOT_DONE;
    } else if (r->brreg_down) {
        o->lookup = ORG_LOOKUP_FAILED;
        o->failure = strdup(r->brreg_down);
    } else if (fetch_org(r, orgnr, o) == 1) {
        free(c);
        return pending_org(r, orgnr);
    }
    if (o->lookup == ORG_LOOKUP_FOUND && o->kind != ORG_KIND_MAIN && o->parent_orgnr &&
        depth < 4) {
        const struct remote_org *p = remote_org(r, o->parent_orgnr, depth + 1);

        if (p->e.lookup == ORG_LOOKUP_PENDING) {
            org_entity_clear(o);
            free(c);
            return pending_org(r, orgnr);
        }
        if (!(c->direct_parent = strdup(o->parent_orgnr)) ||
            (p->e.lookup == ORG_LOOKUP_FOUND && p->e.kind != ORG_KIND_MAIN &&
             p->e.parent_orgnr && str_replace(&o->parent_orgnr, p->e.parent_orgnr) < 0)) {
            org_entity_clear(o);
            free(c->direct_parent);
            free(c);
            return &oom;
        }
    } else if (o->parent_orgnr && !(c->direct_parent = strdup(o->parent_orgnr))) {
        org_entity_clear(o);
        free(c);
        return &oom;
    }
    /* The key is the number asked about, whatever the answer says. */
    if (str_replace(&o->orgnr, orgnr) < 0 ||
        !(grown = realloc(r->orgs, (r->n_orgs + 1) * sizeof *r->orgs))) {
        org_entity_clear(o);
        free(c->direct_parent);
        free(c);
        return &oom;
    }
    r->orgs = grown;
    r->orgs[r->n_orgs++] = c;
    return c;
}

static const struct org_entity *lookup_org(void *ctx, const char *orgnr)
{
    return &remote_org(ctx, orgnr, 0)->e;
}

static bool known_unit(const struct wizard_remote *r, const char *orgnr)
{
    for (size_t i = 0; i < r->n_units_view; i++)
        if (r->units_view[i].orgnr && strcmp(r->units_view[i].orgnr, orgnr) == 0)
            return true;
    return false;
}

/* Rebuild the flat view the rules read (shallow copies: strings stay owned by the
 * lists and the look-up cache). */
static int rebuild_view(struct wizard_remote *r)
{
    size_t n = 0;
    struct org_entity *v;

    for (size_t i = 0; i < r->n_lists; i++)
        n += r->lists[i].n;
    if (!(v = realloc(r->units_view, (n ? n : 1) * sizeof *v)))
        return -1;
    r->units_view = v;
    r->n_units_view = 0;
    for (size_t i = 0; i < r->n_lists; i++)
        for (size_t j = 0; j < r->lists[i].n; j++)
            v[r->n_units_view++] = r->lists[i].v[j];
    for (size_t i = 0; i < r->n_orgs; i++)
        if (r->orgs[i]->e.lookup == ORG_LOOKUP_FOUND && r->orgs[i]->e.kind == ORG_KIND_SUB_UNIT &&
            !known_unit(r, r->orgs[i]->e.orgnr)) {
            if (!(v = realloc(r->units_view, (r->n_units_view + 1) * sizeof *v)))
                return -1;
            r->units_view = v;
            v[r->n_units_view++] = r->orgs[i]->e;
        }
    return 0;
}

/* One parent's sub-unit list, every page: 0 read into *out, 1 on its way, -1 failed
 * (e). Page 0 says how many pages there are; the rest are asked for at once. */
static int fetch_list(struct wizard_remote *r, const char *parent, struct org_entity_list *out,
                      struct error *e)
{
    struct org_entity_list l;
    char url[1024];
    int total = 1, rc = -1;
    bool waiting = false;

    org_entity_list_init(&l);
    for (int page = 0; page < total; page++) {
        const struct get_answer *a;

        if (page >= BRREG_MAX_PAGES) {
            error_set(e, ERR_PARSE, "%s", _("Enhetsregisteret list is too long"));
            goto out;
        }
        if (brreg_list_url(url, sizeof url, r->ep->brreg, parent, page) < 0) {
            error_set(e, ERR_INVALID, "%s", _("Enhetsregisteret URL is too long"));
            goto out;
        }
        if (!(a = get_queue_get(r->q, url))) {
            if (page == 0) {
                rc = 1;
                goto out;
            }
            waiting = true;
            continue;
        }
        if (waiting)
            continue;
        if (a->rc < 0) {
            *e = a->err;
            goto out;
        }
        if (http_status_error(&a->res, _("Enhetsregisteret"), e) < 0 ||
            brreg_parse_page(a->res.body, a->res.body_len, &l, &total, e) < 0)
            goto out;
    }
    if (waiting) {
        rc = 1;
        goto out;
    }
    for (size_t i = 0; i < l.n; i++)
        if (l.v[i].kind == ORG_KIND_UNKNOWN)
            l.v[i].kind = ORG_KIND_SUB_UNIT;
    *out = l;
    org_entity_list_init(&l);
    rc = 0;
out:
    org_entity_list_clear(&l);
    return rc;
}

static bool have_list(const struct wizard_remote *r, const char *parent)
{
    for (size_t i = 0; i < r->n_lists; i++)
        if (strcmp(r->list_parent[i], parent) == 0)
            return true;
    return false;
}

/* Read parent's list unless it is read, failed before, or there is no room; sets
 * *pending while it is on its way. -1 (e) when it failed now. */
static int need_list(struct wizard_remote *r, const char *parent, bool *pending,
                     struct error *e)
{
    struct org_entity_list *l = &r->lists[r->n_lists];
    int rc;

    if (have_list(r, parent) || strv_contains(&r->lists_failed, parent) ||
        r->n_lists >= WIZARD_REMOTE_MAX_LISTS)
        return 0;
    org_entity_list_init(l);
    rc = fetch_list(r, parent, l, e);
    if (rc == 1)
        *pending = true;
    if (rc < 0)
        strv_push(&r->lists_failed, parent);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    if (!(r->list_parent[r->n_lists] = strdup(parent))) {
        org_entity_list_clear(l);
        return error_nomem(e);
    }
    r->n_lists++;
    return 0;
}

/* The owner's sub-units in one paged list; units of the tree still unknown are then
 * found through their parent (an organisasjonsledd): one look-up finds the parent,
 * one list brings all its sub-units. 2,000 units cost a handful of requests. Asked
 * again until it returns 0: 1 while answers are on their way. */
static int fill_units(struct wizard_remote *r, const char *owner)
{
    struct strv local = STRV_INIT, parents = STRV_INIT;
    struct error e = { 0 };
    size_t lookups = 0;
    bool pending = false;

    if (r->brreg_down) {
        r->units_failed = true;
        note(r->units_failure, sizeof r->units_failure, r->brreg_down);
        return 0;
    }
    if (need_list(r, owner, &pending, &e) < 0 || (!pending && !have_list(r, owner))) {
        r->units_failed = true;
        note(r->units_failure, sizeof r->units_failure, e.msg[0] ? e.msg : _("look-up failed"));
        return 0;
    }
    if (pending)
        return 1;
    if (rebuild_view(r) < 0 || site_distinct_orgnrs(r->site, &local) < 0 ||
        strv_push(&parents, owner) < 0)
        goto out;
    for (size_t i = 0; i < local.n && r->n_lists < WIZARD_REMOTE_MAX_LISTS &&
                       lookups < WIZARD_REMOTE_MAX_LISTS; i++) {
        const struct remote_org *o;

        if (strcmp(local.v[i], owner) == 0 || known_unit(r, local.v[i]))
            continue;
        o = remote_org(r, local.v[i], 0);
        lookups++;
        if (o->e.lookup == ORG_LOOKUP_PENDING) {
            pending = true;
            continue;
        }
        if (o->e.lookup == ORG_LOOKUP_FOUND && o->direct_parent &&
            !strv_contains(&parents, o->direct_parent)) {
            if (strv_push(&parents, o->direct_parent) < 0)
                break;
            (void)need_list(r, o->direct_parent, &pending, &e);  /* a missing hint is no failure */
        }
        if (rebuild_view(r) < 0)
            break;
    }
out:
    strv_clear(&local);
    strv_clear(&parents);
    return pending ? 1 : 0;
}

static void clear_lists(struct wizard_remote *r)
{
    for (size_t i = 0; i < r->n_lists; i++) {
        org_entity_list_clear(&r->lists[i]);
        free(r->list_parent[i]);
        r->list_parent[i] = NULL;
    }
    r->n_lists = 0;
    r->n_units_view = 0;
    strv_clear(&r->lists_failed);
}

static int list_units(void *ctx, const char *owner, const struct org_entity **v, size_t *n,
                      const char **failure)
{
    struct wizard_remote *r = ctx;

    *v = NULL;
    *n = 0;
    if (!r->q || !r->ep->brreg)
        return 0;
    if (!r->units_owner || strcmp(r->units_owner, owner) != 0) {
        clear_lists(r);
        r->units_failed = false;
        r->units_done = false;
        if (str_replace(&r->units_owner, owner) < 0) {
            *failure = _("out of memory");
            return -1;
        }
    }
    if (!r->units_done) {
        if (fill_units(r, owner) == 1)
            return 1;
        r->units_done = true;
    }
    if (r->units_failed) {
        *failure = r->units_failure;
        return -1;
    }
    *v = r->units_view;
    *n = r->n_units_view;
    return 0;
}

/* Whether the saved client's key can be read at all, online or not: the wizard can
 * change that client only with it (step 1 says so and offers a new configuration). */
static int check_saved_key(struct wizard_remote *r)
{
    const struct helseid_config *cfg = r->site->config;
    struct error e = { 0 };
    struct jwk key;
    char *path;

    if (!cfg || !cfg->client_id || !*cfg->client_id || !cfg->key_file || !*cfg->key_file ||
        !r->ctx->sf)
        return 0;
    if (!(path = site_file_beside(site_file_path(r->ctx->sf), cfg->key_file)))
        return -1;
    jwk_init(&key);
    if (client_ctx_load_key(path, &key, &e) < 0)
        note(r->key_problem, sizeof r->key_problem, e.msg);
    jwk_clear(&key);
    free(path);
    return 0;
}

int wizard_remote_start(struct wizard_remote *r, const struct options *o, struct client_ctx *ctx,
                        const struct catalog *cat, struct wizard_core *core, struct error *e)
{
    memset(r, 0, sizeof *r);
    preflight_report_init(&r->rep);
    client_status_init(&r->live);
    r->ctx = ctx;
    r->ep = &ctx->ep;
    r->site = ctx->site;
    if (check_saved_key(r) < 0)
        return error_nomem(e);
    if (open_net(r, o) == 0) {
        if (run_preflight(r, o, core) < 0 || fetch_live(r, o, cat) < 0)
            return error_nomem(e);
        core->lookups = (struct wizard_lookups){ r, lookup_org, list_units };
        if (r->have_live)
            core->live = &r->live;
    }
    core->offline_cause = r->offline_cause[0] ? r->offline_cause : NULL;
    core->live_failure = r->live_failure[0] ? r->live_failure : NULL;
    core->saved_key_problem = r->key_problem[0] ? r->key_problem : NULL;
    return 0;
}

int wizard_remote_fd(struct wizard_remote *r)
{
    if (!r->q)
        return -1;
    get_queue_set_blocking(r->q, false);
    return get_queue_fd(r->q);
}

bool wizard_remote_step(void *ctx)
{
    struct wizard_remote *r = ctx;

    return r->q && get_queue_step(r->q);
}

const struct helseid_config *wizard_remote_live(const struct wizard_remote *r)
{
    return r->have_live ? &r->live_cfg : NULL;
}

void wizard_remote_clear(struct wizard_remote *r)
{
    for (size_t i = 0; i < r->n_orgs; i++) {
        org_entity_clear(&r->orgs[i]->e);
        free(r->orgs[i]->direct_parent);
        free(r->orgs[i]);
    }
    free(r->orgs);
    free(r->units_owner);
    clear_lists(r);
    org_entity_clear(&r->pending.e);
    get_queue_free(r->q);
    free(r->units_view);
    client_status_clear(&r->live);
    helseid_config_clear(&r->live_cfg);
    free(r->reach);
    preflight_report_clear(&r->rep);
    memset(r, 0, sizeof *r);
}
