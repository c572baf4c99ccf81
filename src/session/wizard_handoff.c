/* The network side of the hand-off (see wizard_handoff.h): begin (send or resume),
 * the browser, and after the wait finish, status and the probe. The requests live in
 * handoff_send.c, what they carry in handoff_payload.c, the wait in handoff_wait.c. */
#include "config.h"
#include "session/wizard_handoff_int.h"
#include "session/readiness_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/i18n.h"
#include "store/audit.h"
#include "store/journal.h"

bool wizard_handoff_resumable(const struct site *s)
{
    const struct helseid_config *c = s ? s->config : NULL;

    return c && c->state == CONFIG_PENDING && c->client_id && *c->client_id && c->key_file &&
           *c->key_file;
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

/* Where a person's browser opens the confirmation page. */
const char *handoff_portal(const struct wizard_handoff *hs)
{
    return hs->o.ep->portal_browser ? hs->o.ep->portal_browser : hs->o.ep->selvbetjening_web;
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
        if (handoff_key_load(hs, e) < 0)
            goto fail;
    } else if (cfg->client_id && cfg->key_file) {
        hs->kind = WIZARD_HANDOFF_UPDATED;
        if (handoff_key_load(hs, e) < 0 || start_session(hs, e) < 0 || handoff_send_update(hs, e) < 0)
            goto fail;
        *out = hs;
        return 0;
    } else {
        hs->kind = WIZARD_HANDOFF_NEW;
        if (handoff_send_draft(hs, e) < 0)
            goto fail;
    }
    if (start_session(hs, e) < 0 || handoff_wait_start(hs, h, e) < 0)
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
    if (!(url = sb_confirm_url(handoff_portal(hs), hs->site->config->client_id, &e)))
        return _("no browser started");
    rc = browser_open(hs->o.browser, &hs->benv, url, &hs->browser_pid, &why, &e);
    free(url);
    if (rc > 0 && hs->tfd >= 0 && hs->multi)
        handoff_wait_rearm(hs);          /* its timer reaps the launcher when it ends */
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
    if (hs->kind != WIZARD_HANDOFF_UPDATED) {
        struct error je;

        /* Confirmed: the draft's entry (its loopback) goes first, so no entry outlives
         * the active save; a run stopped in between resumes a client that works. */
        if (journal_clear(site_file_path(hs->o.sf), &je) < 0)
            fprintf(stderr, "%s: %s\n", PACKAGE, je.msg);
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
