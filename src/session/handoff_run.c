/* Step 7 for both frontends (see handoff_run.h). */
#include "config.h"
#include "session/handoff_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "jose/rand.h"
#include "session/api_key.h"
#include "session/client_ctx.h"

void handoff_run_init(struct handoff_run *r)
{
    memset(r, 0, sizeof *r);
    client_status_init(&r->live);
}

void handoff_run_clear(struct handoff_run *r)
{
    wizard_handoff_free(r->hs);
    r->hs = NULL;
    client_status_clear(&r->live);
}

bool handoff_run_updated(const struct handoff_run *r)
{
    return r->hs && wizard_handoff_kind(r->hs) == WIZARD_HANDOFF_UPDATED;
}

static int browser_mode(struct handoff_run *r, enum browser_mode *mode, struct error *e)
{
    struct helseid_config *cfg = r->ctx->site->config;

    *mode = BROWSER_MODE_AUTO;
    if (r->o->browser) {
        if (browser_mode_parse(r->o->browser, mode) < 0)
            return error_set(e, ERR_USAGE, _("unknown browser mode \"%s\" (auto, open or print)"),
                             r->o->browser);
        if (r->remember_browser && str_replace(&cfg->browser, r->o->browser) < 0)
            return error_nomem(e);
    } else if (cfg->browser) {
        browser_mode_parse(cfg->browser, mode);
    }
    return 0;
}

int handoff_run(struct handoff_run *r, struct error *e)
{
    struct helseid_config *cfg = r->ctx->site->config;
    struct wizard_handoff_opts ho = { 0 };
    char *api_key = NULL;
    int rc = -1;

    if (!cfg) {
        error_set(e, ERR_INVALID, "%s", _("there is no configuration to send"));
        goto fail;
    }
    if (client_ctx_connect(r->ctx, r->o, CTX_NET, e) < 0 || browser_mode(r, &ho.browser, e) < 0)
        goto fail;
    if (!cfg->client_id && session_api_key(r->o, &r->ctx->ep, r->prompt_api_key, &api_key, e) < 0)
        goto fail;
    ho.sf = r->ctx->sf;
    ho.cat = r->cat;
    ho.ep = &r->ctx->ep;
    ho.http = r->ctx->http;
    ho.api_key = api_key;
    ho.port = r->o->port;
    ho.timeout_s = client_ctx_timeout_s(r->o);
    ho.command = r->command;
    ho.made = &r->made;
    ho.demo_auto_confirm = r->ctx->demo.auto_confirm;
    if (wizard_handoff_begin(&r->hs, &ho, &r->h, e) < 0)
        goto fail;
    secret_free_str(api_key);
    api_key = NULL;
    if (!handoff_run_updated(r) && r->wait(r->wait_ctx, r->hs, &r->h, e) < 0)
        return error_exit_status(e->code);
    if (wizard_handoff_finish(r->hs, &r->h, NULL, e) < 0)
        return error_exit_status(e->code);
    if (!handoff_run_updated(r) && r->h.state != HANDOFF_CONFIRMED)
        return wizard_handoff_exit_status(&r->h);
    {
        struct error se;

        r->have_live = wizard_handoff_status(r->hs, &r->live, &se) == 0;
        if (!r->have_live)
            snprintf(r->status_failure, sizeof r->status_failure, "%s", se.msg);
    }
    if (handoff_run_updated(r) &&
        wizard_handoff_probe(r->hs, client_ctx_timeout_s(r->o), &r->ready, e) < 0) {
        error_prefix(e, "%s", _("the client was updated but gets no token yet"));
        return error_exit_status(e->code);
    }
    return 0;
fail:
    secret_free_str(api_key);
    /* Nothing reached HelseID: keep the answers as a draft to start from next time. */
    if (r->keep_draft && cfg && !cfg->client_id && cfg->state == CONFIG_DRAFT && !r->made.client_id[0]) {
        struct error se;

        if (site_file_save(r->ctx->sf, &se) == 0)
            fprintf(stderr, _("%s: saved the answers in \"%s\" as a draft; nothing was sent\n"), PACKAGE,
                    site_file_path(r->ctx->sf));
    }
    rc = error_exit_status(e->code);
    return rc ? rc : 1;
}
