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
#include "session/handoff_run.h"
#include "session/json_doc.h"
#include "session/readiness_report.h"
#include "session/wizard_handoff.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "net/browser.h"
#include "jose/rand.h"
#include "net/readiness.h"
#include "net/selvbetjening.h"
#include "session/recover.h"
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
        return error_nomem(e);
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

/* The link first, always (DESIGN.md §2 item 7), then the wait without a frontend;
 * on stderr with --json. */
static int wait_plain(void *ctx, struct wizard_handoff *hs, struct handoff *h, struct error *e)
{
    FILE *out = ctx;
    char ssh[512];

    if (wizard_handoff_kind(hs) == WIZARD_HANDOFF_RESUME)
        fprintf(out, _("Resuming the confirmation of client %s.\n"), wizard_handoff_client_id(hs));
    fprintf(out, "%s\n%s\n", _("Open this link in a browser, on any machine:"), h->url);
    if (wizard_handoff_ssh_line(hs, ssh, sizeof ssh) == 0)
        fprintf(out, _("Over SSH, to let the browser's redirect reach this machine: %s\n"), ssh);
    fprintf(out, "%s\n", wizard_handoff_open_browser(hs));
    fflush(out);
    return wizard_handoff_wait(hs, h, out, e);
}

/* Truthful readiness (session/readiness_report.h), after the headline `rr` chose:
 * what waits on `out`, "ready" (and "waiting") in the result, the advice, and the
 * exit status: 0, or 7 (ERR_PENDING, in e). */
static int report_readiness(const struct readiness_report *rr, const char *client_id, FILE *out,
                            cJSON *result, struct error *e)
{
    cJSON_AddBoolToObject(result, "ready", rr->verdict == ERR_OK);
    if (rr->verdict != ERR_OK) {
        cJSON_AddItemToObject(result, "waiting", readiness_report_json(rr));
        fprintf(out, "%s\n", _("HelseID has not approved everything yet:"));
        readiness_report_print(rr, out);
        error_set(e, ERR_PENDING, _("client %s is confirmed, but HelseID has not approved everything yet"),
                  client_id);
    }
    readiness_report_print_next(rr, out);
    return error_exit_status(rr->verdict);
}

/* Send the plan through the hand-off (session/handoff_run.h). 0, or the exit status
 * with e filled. */
static int hand_off(struct session *s, const struct options *o, cJSON *result, struct error *e)
{
    struct handoff_run r;
    struct readiness_report rr = { 0 };
    char shown[SANITIZE_DEFAULT_MAX + 1];   /* the site path as printed */
    FILE *out = o->json ? stderr : stdout;
    const char *id;
    int status;

    handoff_run_init(&r);
    if (put_config(s, s->plan.new_client ? CONFIG_DRAFT : s->plan.cfg.state, e) < 0) {
        status = error_exit_status(e->code);
        goto out;
    }
    r.o = o;
    r.command = "apply";
    r.ctx = &s->c;
    r.cat = &s->cat;
    r.wait = wait_plain;
    r.wait_ctx = out;
    status = handoff_run(&r, e);
    if (r.made.client_id[0]) {      /* HelseID made it; no file could say so */
        cJSON_AddStringToObject(result, "client_id", r.made.client_id);
        cJSON_AddStringToObject(result, "key_file", r.made.key_file);
    }
    if (!r.hs)
        goto out;
    id = wizard_handoff_client_id(r.hs);
    if (!r.made.client_id[0] && id)
        cJSON_AddStringToObject(result, "client_id", id);
    if (!handoff_run_updated(&r)) {
        if (status == 0) {
            cJSON_AddStringToObject(result, "status", "confirmed");
            if (readiness_report_make(&rr, &r.live, &s->cat, &s->plan.cfg, e) < 0) {
                status = error_exit_status(e->code);
                goto out;
            }
            sanitize_into(shown, sizeof shown, s->c.site_path, (size_t)-1, 0);
            if (rr.verdict == ERR_OK)
                fprintf(out, _("HelseID confirmed client %s and it works; saved \"%s\"\n"), id, shown);
            else
                fprintf(out, _("HelseID confirmed client %s; saved \"%s\"\n"), id, shown);
            status = report_readiness(&rr, id, out, result, e);
        } else if (r.h.state == HANDOFF_REJECTED || r.h.state == HANDOFF_TIMED_OUT ||
                   r.h.state == HANDOFF_CANCELLED) {
            cJSON_AddStringToObject(result, "status", "pending");
            error_set(e, r.h.state == HANDOFF_REJECTED ? ERR_NOT_CONFIRMED : ERR_TIMEOUT,
                      _("client %s is not confirmed (%s); it stays pending: run apply again to resume"),
                      id, r.h.state == HANDOFF_REJECTED ? r.h.status : _("timed out"));
        }
        goto out;
    }
    if (status != 0)
        goto out;
    cJSON_AddStringToObject(result, "status", "updated");
    fprintf(out, _("Updated client %s in HelseID and saved \"%s\"\n"), id,
            sanitize_into(shown, sizeof shown, s->c.site_path, (size_t)-1, 0));
    if (readiness_report_make(&rr, &r.live, &s->cat, &s->plan.cfg, e) < 0) {
        status = error_exit_status(e->code);
        goto out;
    }
    status = report_readiness(&rr, id, out, result, e);
out:
    readiness_report_clear(&rr);
    handoff_run_clear(&r);
    return status;
}

/* apply --discard-pending without a file: only drop the pending draft. */
static int discard_only(const struct options *o)
{
    struct client_ctx c;
    struct error e = { 0 };
    char shown[SANITIZE_DEFAULT_MAX + 1];
    int rc;

    if (client_ctx_open(&c, o, CTX_LOCK, &e) < 0 || (rc = session_discard_pending(c.sf, "apply", &e)) < 0) {
        client_ctx_close(&c);
        return plan_session_fail(o, &e);
    }
    if (rc == 0)
        fprintf(stderr, _("%s: \"%s\" has no pending draft to discard\n"), PACKAGE,
                sanitize_into(shown, sizeof shown, c.site_path, (size_t)-1, 0));
    if (o->json) {              /* printed once, by main, with the envelope */
        cJSON *body = cJSON_CreateObject();

        cJSON_AddBoolToObject(body, "discarded", rc != 0);
        json_doc_set_body(body);
    }
    client_ctx_close(&c);
    return 0;
}

/* A draft waits for confirmation: the same desired configuration resumes it (even
 * with "create_new"), another one is refused rather than making a second client. */
static int check_pending(struct session *s, struct error *e)
{
    const struct helseid_config *saved = s->c.site->config;
    char have[65], want[65];

    if (!saved || saved->state != CONFIG_PENDING || !saved->client_id || !saved->key_file)
        return 0;
    if (wizard_handoff_digest(&s->cat, s->c.site, saved, have, e) < 0 ||
        wizard_handoff_digest(&s->cat, s->c.site, &s->plan.cfg, want, e) < 0)
        return -1;
    if (strcmp(have, want) != 0)
        return error_set(e, ERR_INVALID,
                         _("client %s waits for confirmation with another configuration than this file's: "
                           "run the file it was made from again to resume it, or give --discard-pending "
                           "to drop it and start over"), saved->client_id);
    if (s->plan.new_client) {       /* "create_new": this file's client is the pending one */
        if (str_replace(&s->plan.cfg.client_id, saved->client_id) < 0 ||
            str_replace(&s->plan.cfg.key_file, saved->key_file) < 0 ||
            str_replace(&s->plan.cfg.key_alg, saved->key_alg) < 0)
            return error_nomem(e);
        s->plan.new_client = s->plan.create_new = false;
    }
    s->plan.cfg.state = CONFIG_PENDING;
    s->plan.resume_pending = true;
    if (s->plan.n_remote_changes == 0)
        s->plan.n_remote_changes = s->plan.n_changes = 1;
    return 0;
}

/* Nothing to send: still truthful about readiness when the client is live (exit 7
 * while HelseID has not approved everything). */
static int unchanged(struct session *s, const struct options *o)
{
    struct readiness_report rr = { 0 };
    struct error e = { 0 };
    cJSON *result = cJSON_CreateObject();
    FILE *out = o->json ? stderr : stdout;
    int status = 0;

    if (!o->json)
        plan_session_emit(s, NULL);
    if (!o->json)
        printf("%s\n", _("Nothing to change: HelseID and the site file already match"));
    if (result)
        cJSON_AddStringToObject(result, "status", "unchanged");
    if (s->have_live && s->c.site->config && s->c.site->config->state == CONFIG_ACTIVE) {
        if (readiness_report_make(&rr, &s->live, &s->cat, &s->plan.cfg, &e) < 0)
            status = error_exit_status(e.code);
        else if (rr.verdict != ERR_OK)
            status = report_readiness(&rr, s->c.site->config->client_id, out, result, &e);
        else
            cJSON_AddBoolToObject(result, "ready", true);
        readiness_report_clear(&rr);
        if (status)
            fprintf(stderr, "%s: %s\n", PACKAGE, e.msg);
    }
    if (o->json)
        plan_session_emit(s, result);
    else
        cJSON_Delete(result);
    return status;
}

int cmd_apply(const struct options *o, int argc, char **argv)
{
    struct session s;
    struct error e = { 0 };
    cJSON *result = NULL;
    char summary[600], shown[SANITIZE_DEFAULT_MAX + 1];
    int status = 1;

    if (argc == 1 && o->discard_pending)
        return discard_only(o);
    if (argc != 2)
        return cli_usage_error(_("missing operand for '%s' (usage: %s %s [OPTION]... %s)"), "apply",
                               PACKAGE, "apply", _("FILE"));
    if (plan_session_open(&s, o, argv[1], true, &e) < 0 || check_pending(&s, &e) < 0)
        goto fail;
    if (!s.plan.rules_ok) {
        plan_session_emit(&s, NULL);
        error_set(&e, ERR_INVALID, "%s", _("the checks found errors: nothing was sent or saved"));
        status = cli_fail(&e);
        goto out;
    }
    if (s.plan.n_changes == 0) {
        status = unchanged(&s, o);
        goto out;
    }
    if (!o->json)
        plan_session_emit(&s, NULL);
    if (!(result = cJSON_CreateObject())) {
        error_nomem(&e);
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
            printf(_("Saved \"%s\"; HelseID needed no change\n"),
                   sanitize_into(shown, sizeof shown, s.c.site_path, (size_t)-1, 0));
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
