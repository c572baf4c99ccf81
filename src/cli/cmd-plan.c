/* helseid-admin plan FILE / apply FILE: a desired configuration in (cli/desired.h),
 * the rules and the diff against the saved configuration and the live client out
 * (cli/plan.h). `apply` then carries the change out, non-interactively:
 *   - rule errors: refused (exit 1), nothing sent;
 *   - nothing to change: exit 0, nothing sent (a second run after success);
 *   - site file only (owner, services already in HelseID): saved, audit line;
 *   - an active client: PUT /v1/client (cli/apply_put.h), saved, audit line;
 *   - a new client (or a pending one): the wizard's hand-off (cli/wizard_handoff.h).
 * The session lock is held from before the site is read until the end. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/apply_put.h"
#include "cli/client_ctx.h"
#include "cli/commands.h"
#include "cli/desired.h"
#include "cli/plan.h"
#include "cli/resolve.h"
#include "core/i18n.h"
#include "net/remote.h"
#include "net/selvbetjening.h"
#include "store/audit.h"
#include "store/catalog_file.h"
#include "store/lock.h"

struct session {
    struct options opt;             /* the command's options, env filled from the file */
    struct site_lock lock;
    struct client_ctx c;
    bool have_ctx;
    struct catalog cat;
    struct desired want;
    struct client_status live;
    bool have_live;
    struct error live_err;
    struct rules_env renv;
    struct plan plan;
    struct plan_input in;
};

static const char *catalog_lang(const struct options *o)
{
    const char *l;

    if (o->lang)
        return o->lang;
    l = setlocale(LC_MESSAGES, NULL);
    return l ? l : "en";
}

static enum rules_envkind env_kind(const char *env)
{
    if (strcmp(env, "prod") == 0)
        return RULES_ENV_PROD;
    return strcmp(env, "demo") == 0 ? RULES_ENV_DEMO : RULES_ENV_TEST;
}

static void session_clear(struct session *s)
{
    plan_clear(&s->plan);
    client_status_clear(&s->live);
    desired_clear(&s->want);
    catalog_clear(&s->cat);
    if (s->have_ctx)
        client_ctx_close(&s->c);
    site_lock_release(&s->lock);
}

/* The environment: --env, else the saved configuration's, else the file's; a file
 * naming another environment is refused (a prod plan must not run on a test site). */
static int pick_env(struct session *s, const struct site *site, struct error *e)
{
    const char *env = s->opt.env;

    if (!env && site->config && site->config->env)
        env = site->config->env;
    if (env && s->want.env && strcmp(env, s->want.env) != 0)
        return error_set(e, ERR_INVALID,
                         _("the desired configuration is for environment \"%s\", but this run is for \"%s\""),
                         s->want.env, env);
    s->opt.env = env ? env : s->want.env ? s->want.env : "demo";
    return 0;
}

/* Load everything and build the plan. `lock`: apply. `need_live`: apply must read
 * the live client; plan goes on without it (and says so). */
static int session_open(struct session *s, const struct options *o, const char *file, bool lock,
                        struct error *e)
{
    struct site_file *peek = NULL;
    const struct helseid_config *cfg;
    unsigned flags = 0;
    int rc;

    memset(s, 0, sizeof *s);
    s->opt = *o;
    s->lock = (struct site_lock)SITE_LOCK_INIT;
    catalog_init(&s->cat);
    desired_init(&s->want);
    client_status_init(&s->live);
    plan_init(&s->plan);
    if (!o->site || !*o->site)
        return error_set(e, ERR_USAGE, "%s", _("no site file: give --site FILE or set $HELSEID_SITE"));
    if (lock && site_lock_acquire(&s->lock, o->site, e) < 0)
        return -1;
    if (catalog_load_dir(&s->cat, NULL, e) < 0 || desired_load(&s->want, file, &s->cat, e) < 0)
        return -1;
    /* Which of the client's parts the command can use decides how it opens. */
    if (site_file_load(&peek, o->site, e) < 0)
        return -1;
    cfg = site_file_site(peek)->config;
    if (cfg && cfg->client_id && cfg->key_file && cfg->state != CONFIG_DRAFT)
        flags = CTX_NEED_CLIENT | CTX_NET;
    rc = pick_env(s, site_file_site(peek), e);
    site_file_free(peek);
    if (rc < 0)
        return -1;
    s->have_ctx = true;
    if (flags && client_ctx_open(&s->c, &s->opt, flags, &s->live_err) == 0) {
        struct selvbetjening sb;

        selvbetjening_init(&sb, &s->c.ts, s->c.ep.selvbetjening_api);
        s->have_live = sb_get_client(&sb, &s->live, &s->live_err) == 0;
        selvbetjening_clear(&sb);
    } else if (flags) {
        client_ctx_close(&s->c);
        if (client_ctx_open(&s->c, &s->opt, 0, e) < 0)
            return -1;
    } else if (client_ctx_open(&s->c, &s->opt, 0, e) < 0) {
        return -1;
    }
    if (flags && !s->have_live) {
        if (lock)       /* apply changes the live client: it must be known */
            return error_set(e, s->live_err.code, _("cannot read the live client: %s"),
                             s->live_err.msg);
        fprintf(stderr, _("%s: warning: cannot read the live client (%s); comparing with the saved configuration only\n"),
                PACKAGE, s->live_err.msg);
    }
    rules_env_init(&s->renv);
    s->renv.env = env_kind(s->opt.env);
    s->in = (struct plan_input){
        .site = s->c.site,
        .want = &s->want,
        .live = s->have_live ? &s->live : NULL,
        .cat = &s->cat,
        .env = &s->renv,
        .env_name = s->opt.env,
        .lang = catalog_lang(o),
    };
    return plan_build(&s->plan, &s->in, e);
}

static void emit(const struct session *s, cJSON *extra_result)
{
    if (s->opt.json) {
        cJSON *root = plan_json(&s->plan, &s->in);
        char *text;

        if (root && !s->have_live && s->live_err.msg[0]) {
            cJSON *err = cJSON_AddObjectToObject(root, "live_error");
            cJSON_AddStringToObject(err, "code", error_code_name(s->live_err.code));
            cJSON_AddStringToObject(err, "message", s->live_err.msg);
        }
        if (root && extra_result)
            cJSON_AddItemToObject(root, "result", extra_result);
        else
            cJSON_Delete(extra_result);
        if (root && (text = cJSON_Print(root))) {
            puts(text);
            free(text);
        }
        cJSON_Delete(root);
        return;
    }
    cJSON_Delete(extra_result);
    plan_print(&s->plan, &s->in, stdout);
}

static int usage(const char *cmd)
{
    fprintf(stderr, _("Usage: %s %s FILE\n"), PACKAGE, cmd);
    return 2;
}

int cmd_plan(const struct options *o, int argc, char **argv)
{
    struct session s;
    struct error e = { 0 };
    int status;

    if (argc != 2)
        return usage("plan");
    if (session_open(&s, o, argv[1], false, &e) < 0) {
        status = client_ctx_fail(&e);
        session_clear(&s);
        return status;
    }
    emit(&s, NULL);
    status = !s.plan.rules_ok ? 1 : s.plan.n_changes ? error_exit_status(ERR_CHANGES) : 0;
    session_clear(&s);
    return status;
}

/* ---- apply ---- */

static int now_iso(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    size_t len;

    /* ISO 8601 with a colon in the offset, as the wizard writes it. */
    if (n < 32 || !localtime_r(&t, &tm) || (len = strftime(buf, n - 1, "%Y-%m-%dT%H:%M:%S%z", &tm)) < 5)
        return -1;
    memmove(buf + len - 1, buf + len - 2, 3);
    buf[len - 2] = ':';
    return 0;
}

/* Put the plan's configuration into the site (state given) and save it. */
static int save_config(struct session *s, enum config_state state, struct error *e)
{
    struct site *site = s->c.site;
    struct helseid_config *c = calloc(1, sizeof *c);
    char now[64];

    if (!c || helseid_config_copy(c, &s->plan.cfg) < 0) {
        free(c);
        return error_set(e, ERR_NOMEM, _("out of memory"));
    }
    c->state = state;
    c->epj_version = site->epj_version;
    if (now_iso(now, sizeof now) < 0 || str_replace(&c->updated, now) < 0) {
        helseid_config_clear(c);
        free(c);
        return error_set(e, ERR_IO, "%s", _("cannot read the clock"));
    }
    if (site->config) {
        helseid_config_clear(site->config);
        free(site->config);
    }
    site->config = c;
    return site_file_save(s->c.sf, e);
}

static void audit(const struct session *s, const char *what)
{
    const struct plan *p = &s->plan;
    char *log = audit_default_path(s->c.site_path), summary[600];
    struct error e;

    if (!log)
        return;
    snprintf(summary, sizeof summary,
             "%s: client %s, owner %s, sub-units +%zu -%zu, scopes +%zu -%zu, sfm-id %s",
             what, p->cfg.client_id ? p->cfg.client_id : "-",
             p->cfg.owner_orgnr ? p->cfg.owner_orgnr : "-", p->units.added.n,
             p->units.removed.n, p->scopes_add.n, p->scopes_remove.n,
             p->sfm_changed ? "changed" : "unchanged");
    if (audit_append(log, NULL, "apply", summary, &e) < 0)
        fprintf(stderr, "%s: %s\n", PACKAGE, e.msg);
    free(log);
}

static void report_live(const struct client_status *cs, const struct plan *p)
{
    for (size_t i = 0; i < p->scopes_add.n; i++) {
        const struct scope_state *st = client_status_scope(cs, p->scopes_add.v[i]);
        char *why = st && st->reason ? remote_text(st->reason, (size_t)-1) : NULL;

        if (!st)
            printf(_("  %s: not listed by HelseID\n"), p->scopes_add.v[i]);
        else if (st->status == ITEM_OK)
            printf(_("  %s: ok\n"), p->scopes_add.v[i]);
        else
            printf(_("  %s: waiting for approval%s%s\n"), p->scopes_add.v[i], why ? " - " : "",
                   why ? why : "");
        free(why);
    }
}

int cmd_apply(const struct options *o, int argc, char **argv)
{
    struct session s;
    struct client_status after;
    struct error e = { 0 };
    int status = 1;

    if (argc != 2)
        return usage("apply");
    client_status_init(&after);
    if (session_open(&s, o, argv[1], true, &e) < 0)
        goto fail;
    if (!s.plan.rules_ok) {
        emit(&s, NULL);
        fprintf(stderr, "%s: %s\n", PACKAGE, _("the checks found errors: nothing was sent or saved"));
        status = 1;
        goto out;
    }
    if (s.plan.n_changes == 0) {
        emit(&s, NULL);
        if (!o->json)
            printf("%s\n", _("Nothing to change: HelseID and the site file already match"));
        status = 0;
        goto out;
    }
    if (!o->json)
        plan_print(&s.plan, &s.in, stdout);
    if (s.plan.n_remote_changes == 0) {
        if (save_config(&s, s.c.site->config ? s.c.site->config->state : CONFIG_DRAFT, &e) < 0)
            goto fail;
        audit(&s, "site file");
        if (!o->json)
            printf(_("Saved \"%s\"; HelseID needed no change\n"), s.c.site_path);
    } else if (!s.plan.new_client && !s.plan.resume_pending) {
        if (apply_put(&s.c, &s.plan, &s.cat, &s.live, client_ctx_timeout_s(o), &after, &e) < 0)
            goto fail;
        if (save_config(&s, CONFIG_ACTIVE, &e) < 0)
            goto fail;
        audit(&s, "updated");
        if (!o->json) {
            printf(_("Updated client %s in HelseID and saved \"%s\"\n"), s.plan.cfg.client_id,
                   s.c.site_path);
            report_live(&after, &s.plan);
        }
    } else {
        error_set(&e, ERR_INVALID, "%s",
                  _("a new client must be confirmed in the Self-service portal: run the wizard"));
        goto fail;
    }
    if (o->json) {
        cJSON *r = cJSON_CreateObject();

        if (r)
            cJSON_AddStringToObject(r, "status", "applied");
        emit(&s, r);
    }
    status = 0;
    goto out;
fail:
    status = client_ctx_fail(&e);
out:
    client_status_clear(&after);
    session_clear(&s);
    return status;
}
