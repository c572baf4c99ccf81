/* plan FILE / apply FILE: the shared part (see plan_session.h). */
#include "config.h"
#include "session/plan_session.h"
#include "session/json_doc.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "session/recover.h"
#include "net/selvbetjening.h"
#include "session/resolve.h"
#include "store/catalog_file.h"


static enum rules_envkind env_kind(const char *env)
{
    if (strcmp(env, "prod") == 0)
        return RULES_ENV_PROD;
    return strcmp(env, "demo") == 0 ? RULES_ENV_DEMO : RULES_ENV_TEST;
}

void plan_session_clear(struct session *s)
{
    plan_clear(&s->plan);
    client_status_clear(&s->live);
    desired_clear(&s->want);
    catalog_clear(&s->cat);
    if (s->have_ctx)
        client_ctx_close(&s->c);
    free(s->env);
    s->env = NULL;
}

/* The environment: --env, else the saved configuration's, else the file's; a file
 * naming another environment is refused (a prod plan must not run on a test site). */
/* The site's env as a string that outlives the site (it is freed before s->opt is
 * used: issue 10's use-after-free); the schema allows only these three. */
static const char *lasting_env(const char *env)
{
    static const char *const names[] = { "prod", "test", "demo" };

    for (size_t i = 0; env && i < 3; i++)
        if (strcmp(env, names[i]) == 0)
            return names[i];
    return NULL;
}

static int pick_env(struct session *s, const struct site *site, struct error *e)
{
    const char *env = s->opt.env;

    if (!env && site->config && site->config->env)
        env = lasting_env(site->config->env);
    if (env && s->want.env && strcmp(env, s->want.env) != 0)
        return error_set(e, ERR_INVALID,
                         _("the desired configuration is for environment \"%s\", but this run is for \"%s\""),
                         s->want.env, env);
    if (!env && !s->want.env)
        /* A new configuration in the wrong environment would be made for real. */
        return error_set(e, ERR_USAGE, "%s",
                         _("no environment: give --env prod|test|demo or \"env\" in the file"));
    /* A copy: apply replaces the site's configuration (and its env string). */
    if (!(s->env = strdup(env ? env : s->want.env)))
        return error_nomem(e);
    s->opt.env = s->env;
    return 0;
}

int plan_session_open(struct session *s, const struct options *o, const char *file, bool lock,
                      struct error *e)
{
    const struct helseid_config *cfg;
    unsigned flags = 0;

    memset(s, 0, sizeof *s);
    s->opt = *o;
    catalog_init(&s->cat);
    desired_init(&s->want);
    client_status_init(&s->live);
    plan_init(&s->plan);
    if (!o->site || !*o->site)
        return error_set(e, ERR_USAGE, "%s", _("no site file: give --site FILE or set $HELSEID_SITE"));
    if (catalog_load_dir(&s->cat, NULL, e) < 0 || desired_load(&s->want, file, &s->cat, e) < 0)
        return -1;
    /* --key-alg over the file's key_alg (flags first). */
    if (o->key_alg && str_replace(&s->want.key_alg, o->key_alg) < 0)
        return error_nomem(e);
    /* apply: the lock from before the site is read until the end. */
    s->have_ctx = true;
    if (client_ctx_open(&s->c, &s->opt, lock ? CTX_LOCK : 0, e) < 0)
        return -1;
    if (lock && o->discard_pending && session_discard_pending(s->c.sf, "apply", e) < 0)
        return -1;
    if (pick_env(s, s->c.site, e) < 0)
        return -1;
    cfg = s->c.site->config;
    /* Which of the client's parts the command can use decides how it connects. A
     * pending client gets no token until it is confirmed: nothing live to read. */
    if (cfg && cfg->client_id && cfg->key_file && cfg->state == CONFIG_ACTIVE)
        flags = CTX_NEED_CLIENT | CTX_NET;
    else if (lock)
        flags = CTX_NET;
    if (flags == CTX_NET) {
        if (client_ctx_connect(&s->c, &s->opt, flags, e) < 0)
            return -1;
    } else if (flags && client_ctx_connect(&s->c, &s->opt, flags, &s->live_err) == 0) {
        struct selvbetjening sb;

        selvbetjening_init(&sb, &s->c.ts, s->c.ep.selvbetjening_api);
        s->have_live = sb_get_client(&sb, &s->live, &s->live_err) == 0;
        selvbetjening_clear(&sb);
    }
    if ((flags & CTX_NEED_CLIENT) && !s->have_live) {
        if (lock)       /* apply changes the live client: it must be known */
            return error_set(e, s->live_err.code, _("cannot read the live client: %s"),
                             s->live_err.msg);
        fprintf(stderr, _("%s: warning: cannot read the live client (%s); comparing with the saved configuration only\n"),
                PACKAGE, s->live_err.msg);
    }
    rules_env_init(&s->renv);
    s->renv.env = env_kind(s->opt.env);
    s->renv.today = cli_rules_today(s->today, sizeof s->today);
    s->in = (struct plan_input){
        .site = s->c.site,
        .want = &s->want,
        .live = s->have_live ? &s->live : NULL,
        .cat = &s->cat,
        .env = &s->renv,
        .env_name = s->opt.env,
        .lang = cli_catalog_lang(o),
    };
    return plan_build(&s->plan, &s->in, e);
}

void plan_session_emit(const struct session *s, cJSON *extra_result)
{
    if (s->opt.json) {
        cJSON *root = plan_json(&s->plan, &s->in);

        if (root && !s->have_live && s->live_err.msg[0]) {
            cJSON *err = cJSON_AddObjectToObject(root, "live_error");
            cJSON_AddStringToObject(err, "code", error_code_name(s->live_err.code));
            cJSON_AddStringToObject(err, "message", s->live_err.msg);
        }
        if (root && extra_result)
            cJSON_AddItemToObject(root, "result", extra_result);
        else
            cJSON_Delete(extra_result);
        json_doc_set_body(root);        /* printed once, by main, with the envelope */
        return;
    }
    cJSON_Delete(extra_result);
    plan_print(&s->plan, &s->in, stdout);
}


int plan_session_fail(const struct options *o, const struct error *e)
{
    (void)o;                    /* --json: main prints the error document */
    return client_ctx_fail(e);
}
