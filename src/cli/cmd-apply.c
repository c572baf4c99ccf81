/* helseid-admin apply FILE: make HelseID and the site file match a desired
 * configuration (DESIGN.md §3), through the wizard's own hand-off (cli/wizard_handoff.h):
 *   - a rule error: refused (exit 1), nothing sent or saved;
 *   - nothing to change: exit 0, nothing sent (so a second run after success is a no-op);
 *   - only the site file differs (e.g. the owner HelseID already has): saved;
 *   - an active client: PUT /v1/client, then a token proves the client still works;
 *   - a new client: draft, site saved `pending`, the confirmation URL (and the ssh -L
 *     line over SSH), then the wait for the loopback redirect or the STS (--timeout);
 *     a pending one is resumed. --no-input never prompts.
 * The session lock is held from before the site is read until the end. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "session/client_ctx.h"
#include "cli/commands.h"
#include "session/plan_session.h"
#include "session/wizard_handoff.h"
#include "core/i18n.h"
#include "net/browser.h"
#include "net/rand.h"
#include "net/readiness.h"
#include "net/selvbetjening.h"
#include "store/audit.h"

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

/* The plan's configuration becomes the site's (not saved yet: the hand-off saves). */
static int put_config(struct session *s, enum config_state state, struct error *e)
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
    return 0;
}

static void audit(const struct session *s, const char *summary)
{
    char *log = audit_default_path(s->c.site_path);
    struct error e;

    if (log && audit_append(log, NULL, "apply", summary, &e) < 0)
        fprintf(stderr, "%s: %s\n", PACKAGE, e.msg);
    free(log);
}

/* The vendor api key, only for a new draft: --api-key-file, $HELSEID_API_KEY_FILE,
 * the simulator's built-in key in the demo environment, else stdin unless --no-input. */
static int read_api_key(const struct options *o, const struct endpoints *ep, char **key,
                        struct error *e)
{
    const char *env_file = getenv("HELSEID_API_KEY_FILE");

    if (!o->api_key_file && !(env_file && *env_file)) {
        if (ep->env == ENDPOINT_ENV_DEMO)
            return (*key = strdup(DEMO_SIM_API_KEY)) ? 0 : error_set(e, ERR_NOMEM, _("out of memory"));
        if (o->no_input)
            return error_set(e, ERR_USAGE, "%s", _("no api key for the Selvbetjening API: give "
                                                    "--api-key-file FILE or set $HELSEID_API_KEY_FILE"));
    }
    return sb_api_key_read(o->api_key_file, !o->no_input, key, e);
}

/* The link first, always (DESIGN.md §2 item 7); on stderr with --json. */
static void show_link(struct wizard_handoff *hs, const struct handoff *h, FILE *out)
{
    char ssh[512];

    if (wizard_handoff_kind(hs) == WIZARD_HANDOFF_RESUME)
        fprintf(out, _("Resuming the confirmation of client %s.\n"), wizard_handoff_client_id(hs));
    fprintf(out, "%s\n%s\n", _("Open this link in a browser, on any machine:"), h->url);
    if (wizard_handoff_ssh_line(hs, ssh, sizeof ssh) == 0)
        fprintf(out, _("Over SSH, to let the browser's redirect reach this machine: %s\n"), ssh);
    fprintf(out, "%s\n", wizard_handoff_open_browser(hs));
    fflush(out);
}

/* Send the plan through the hand-off. 0, or the exit status with e filled. */
static int hand_off(struct session *s, const struct options *o, cJSON *result, struct error *e)
{
    struct wizard_handoff_opts ho = { 0 };
    struct wizard_handoff *hs = NULL;
    struct handoff h;
    struct client_status after;
    struct readiness r;
    struct readiness_config rcfg = { .timeout_ms = (int64_t)client_ctx_timeout_s(o) * 1000 };
    struct token_session ts;
    FILE *out = o->json ? stderr : stdout;
    char *api_key = NULL;
    enum browser_mode mode = BROWSER_MODE_AUTO;
    int status = -1;        /* -1: from e */

    client_status_init(&after);
    memset(&h, 0, sizeof h);
    /* The site's configuration is replaced below: borrow the plan's client id. */
    token_session_init(&ts, s->c.http, &s->c.oidc, s->plan.cfg.client_id, &s->c.key);
    if (o->browser && browser_mode_parse(o->browser, &mode) < 0) {
        error_set(e, ERR_USAGE, _("unknown browser mode \"%s\" (auto, open or print)"), o->browser);
        goto out;
    }
    if (put_config(s, s->plan.new_client ? CONFIG_DRAFT : s->plan.cfg.state, e) < 0)
        goto out;
    if (s->plan.new_client && read_api_key(o, &s->c.ep, &api_key, e) < 0)
        goto out;
    ho.sf = s->c.sf;
    ho.cat = &s->cat;
    ho.ep = &s->c.ep;
    ho.http = s->c.http;
    ho.api_key = api_key;
    ho.browser = mode;
    ho.port = o->port;
    ho.timeout_s = client_ctx_timeout_s(o);
    if (wizard_handoff_begin(&hs, &ho, &h, e) < 0)
        goto out;
    if (wizard_handoff_kind(hs) != WIZARD_HANDOFF_UPDATED) {
        show_link(hs, &h, out);
        if (wizard_handoff_wait(hs, &h, out, e) < 0)
            goto out;
    }
    if (wizard_handoff_finish(hs, &h, &after, e) < 0)
        goto out;
    cJSON_AddStringToObject(result, "client_id", wizard_handoff_client_id(hs));
    if (wizard_handoff_kind(hs) != WIZARD_HANDOFF_UPDATED) {
        status = wizard_handoff_exit_status(&h);
        cJSON_AddStringToObject(result, "status", status == 0 ? "confirmed" : "pending");
        if (status == 0)
            fprintf(out, _("HelseID confirmed client %s and it works; saved \"%s\"\n"),
                    wizard_handoff_client_id(hs), s->c.site_path);
        else
            error_set(e, h.state == HANDOFF_REJECTED ? ERR_NOT_CONFIRMED : ERR_TIMEOUT,
                      _("client %s is not confirmed (%s); it stays pending: run apply again to resume"),
                      wizard_handoff_client_id(hs), h.state == HANDOFF_REJECTED ? h.status : _("timed out"));
        goto out;
    }
    /* The PUT replaces the client whole: it must still get its own token. */
    if (readiness_run(&r, &rcfg, sb_probe_token, &ts, e) < 0) {
        error_prefix(e, "%s", _("the client was updated but gets no token yet"));
        goto out;
    }
    cJSON_AddStringToObject(result, "status", "updated");
    fprintf(out, _("Updated client %s in HelseID and saved \"%s\"\n"), wizard_handoff_client_id(hs),
            s->c.site_path);
    for (size_t i = 0; i < s->plan.scopes_add.n; i++) {
        const struct scope_state *st = client_status_scope(&after, s->plan.scopes_add.v[i]);

        if (st && st->status != ITEM_OK)
            fprintf(out, _("  %s: waiting for approval by Norsk helsenett\n"), s->plan.scopes_add.v[i]);
    }
    status = 0;
out:
    if (status < 0)
        status = error_exit_status(e->code) ? error_exit_status(e->code) : 1;
    client_status_clear(&after);
    token_session_clear(&ts);
    wizard_handoff_free(hs);
    secret_free_str(api_key);
    return status;
}

int cmd_apply(const struct options *o, int argc, char **argv)
{
    struct session s;
    struct error e = { 0 };
    cJSON *result = NULL;
    char summary[600];
    int status = 1;

    if (argc != 2) {
        fprintf(stderr, _("Usage: %s %s FILE\n"), PACKAGE, "apply");
        return 2;
    }
    if (plan_session_open(&s, o, argv[1], true, &e) < 0)
        goto fail;
    if (!s.plan.rules_ok) {
        plan_session_emit(&s, NULL);
        fprintf(stderr, "%s: %s\n", PACKAGE, _("the checks found errors: nothing was sent or saved"));
        goto out;
    }
    if (s.plan.n_changes == 0) {
        plan_session_emit(&s, NULL);
        if (!o->json)
            printf("%s\n", _("Nothing to change: HelseID and the site file already match"));
        status = 0;
        goto out;
    }
    if (!o->json)
        plan_session_emit(&s, NULL);
    if (!(result = cJSON_CreateObject())) {
        error_set(&e, ERR_NOMEM, _("out of memory"));
        goto fail;
    }
    snprintf(summary, sizeof summary, "%s: owner %s, sub-units +%zu -%zu, scopes +%zu -%zu, sfm-id %s",
             argv[1], s.plan.cfg.owner_orgnr ? s.plan.cfg.owner_orgnr : "-", s.plan.units.added.n,
             s.plan.units.removed.n, s.plan.scopes_add.n, s.plan.scopes_remove.n,
             s.plan.sfm_changed ? "changed" : "unchanged");
    if (s.plan.n_remote_changes == 0) {
        if (put_config(&s, s.c.site->config ? s.c.site->config->state : CONFIG_DRAFT, &e) < 0 ||
            site_file_save(s.c.sf, &e) < 0)
            goto fail;
        audit(&s, summary);
        cJSON_AddStringToObject(result, "status", "saved");
        if (!o->json)
            printf(_("Saved \"%s\"; HelseID needed no change\n"), s.c.site_path);
        status = 0;
    } else {
        audit(&s, summary);
        status = hand_off(&s, o, result, &e);
        if (status != 0)
            goto fail_status;
    }
    if (o->json) {
        plan_session_emit(&s, result);
        result = NULL;
    }
    goto out;
fail:
    status = plan_session_fail(o, &e);
    goto out;
fail_status:
    json_doc_set_error(&e);
    fprintf(stderr, "%s: %s\n", PACKAGE, e.msg);
    if (o->json) {
        plan_session_emit(&s, result);
        result = NULL;
    }
out:
    cJSON_Delete(result);
    plan_session_clear(&s);
    return status;
}
