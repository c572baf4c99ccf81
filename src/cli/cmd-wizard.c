/* helseid-admin [wizard]: the configuration wizard (DESIGN.md §2). Takes the session
 * lock, loads the site and the service catalog, runs the steps with the full-screen
 * frontend (or the line mode: --plain, TERM=dumb, or no terminal); Save on the confirm
 * step starts the hand-off (step 7, cli/wizard_handoff.h): the draft or the update is
 * sent, the site saved `pending`, and the wait runs in the same frontend. A site left
 * `pending` resumes at the waiting screen on the next start. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <termios.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/commands.h"
#include "session/readiness_report.h"
#include "session/resolve.h"
#include "session/client_ctx.h"
#include "session/handoff_run.h"
#include "session/recover.h"
#include "session/wizard_handoff.h"
#include "core/catalog.h"
#include "core/decimal.h"
#include "core/error.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/strv.h"
#include "line/line.h"
#include "net/http.h"
#include "jose/rand.h"
#include "net/selvbetjening.h"
#include "store/audit.h"
#include "store/catalog_file.h"
#include "store/lock.h"
#include "store/site_file.h"
#include "store/site_xml.h"
#include "tui/handoff_screen.h"
#include "tui/tui.h"
#include "session/wizard_remote.h"
#include "wizard/rules_core.h"
#include "wizard/wizard.h"

static bool want_plain(const struct options *o)
{
    const char *term = getenv("TERM");

    return o->plain || !term || !*term || strcmp(term, "dumb") == 0 || !isatty(STDIN_FILENO) ||
           !isatty(STDOUT_FILENO);
}

/* Put the wizard's working copy into the site as its configuration. */
static int store_config(struct site *s, const struct wizard *w, struct error *e)
{
    struct helseid_config *c = calloc(1, sizeof(*c));
    char now[64];

    if (!c || helseid_config_copy(c, &w->cfg) < 0) {
        free(c);
        return error_nomem(e);
    }
    /* Nothing has been sent: HelseID has not seen this version yet. The hand-off
     * (step 7) sends it and moves it to pending, then active. */
    c->state = CONFIG_DRAFT;
    c->epj_version = s->epj_version;
    {
        time_t t = time(NULL);
        struct tm tm;

        size_t n;

        /* ISO 8601 with a colon in the offset: 2026-11-25T14:03:27+01:00. */
        if (!localtime_r(&t, &tm) ||
            (n = strftime(now, sizeof(now) - 1, "%Y-%m-%dT%H:%M:%S%z", &tm)) < 5)
            return error_set(e, ERR_IO, _("cannot read the clock"));
        memmove(now + n - 1, now + n - 2, 3);
        now[n - 2] = ':';
    }
    if (str_replace(&c->updated, now) < 0) {
        helseid_config_clear(c);
        free(c);
        return error_nomem(e);
    }
    if (s->config) {
        helseid_config_clear(s->config);
        free(s->config);
    }
    s->config = c;
    return 0;
}

static void audit(const char *site_path, const struct wizard *w)
{
    char *log = audit_default_path(site_path), summary[512];
    struct error e;

    if (!log)
        return;
    snprintf(summary, sizeof(summary), "env=%s owner=%s %s services=%zu sub-units=%zu sfm-id=%s",
             w->cfg.env ? w->cfg.env : "-", w->cfg.owner_orgnr ? w->cfg.owner_orgnr : "-",
             w->create_new ? "new" : "change", w->cfg.n_services, w->cfg.child_orgnrs.n,
             w->cfg.sfm_id ? "set" : "none");
    if (audit_append(log, NULL, "wizard-save", summary, &e) < 0)
        fprintf(stderr, "%s: %s\n", PACKAGE, e.msg);
    free(log);
}

static const char *status_word(const struct scope_state *s)
{
    switch (s->status) {
    case ITEM_OK:
        return _("ok");
    case ITEM_PENDING:
    case ITEM_UPDATE_PENDING:
        return _("pending");
    case ITEM_UNKNOWN:
    default:
        return s->status_raw ? s->status_raw : "?";
    }
}

/* Remote text on one line, made safe by the one sanitiser. */
static void print_remote(FILE *out, const char *s)
{
    char buf[SANITIZE_DEFAULT_MAX + 1];

    fputs(sanitize_into(buf, sizeof buf, s, (size_t)-1, SANITIZE_SPACES), out);
}

/* The final lines (after the full screen has closed, or in line mode). "Works" and
 * "start the journal system again" only when HelseID has approved every requested
 * scope and claim (session/readiness_report.h). To `out`: stdout, or stderr when
 * stdout holds the --json document. Returns the exit status. */
static int print_outcome(FILE *out, struct wizard_handoff *hs, const struct handoff *h,
                         const struct client_status *live, bool have_live,
                         const struct catalog *cat, const struct helseid_config *cfg)
{
    bool updated = wizard_handoff_kind(hs) == WIZARD_HANDOFF_UPDATED;
    double ready = wizard_handoff_ready_seconds(hs);
    struct readiness_report rr;
    struct error e;
    enum err_code verdict;
    bool judged;
    char num[32];

    if (!updated && h->state != HANDOFF_CONFIRMED) {
        struct view v;

        view_init(&v);
        handoff_describe(h, &v);
        for (size_t i = 0; i < v.n_paragraphs; i++)
            fprintf(out, "%s\n", v.paragraphs[i]);
        view_clear(&v);
        return wizard_handoff_exit_status(h);
    }
    judged = have_live && readiness_report_make(&rr, live, cat, cfg, &e) == 0;
    if (!judged && have_live)
        fprintf(stderr, "%s: %s\n", PACKAGE, e.msg);
    if (updated)
        fprintf(out, _("Updated HelseID client %s.\n"), wizard_handoff_client_id(hs));
    else if (judged && rr.verdict == ERR_OK)
        fprintf(out, _("HelseID confirmed client %s and it works.\n"), wizard_handoff_client_id(hs));
    else
        fprintf(out, _("HelseID confirmed client %s.\n"), wizard_handoff_client_id(hs));
    if (ready >= 0)
        /* TRANSLATORS: how long the STS needed after the confirmation. */
        fprintf(out, P_("HelseID issued a token %s seconds after the confirmation (%d try).\n",
                  "HelseID issued a token %s seconds after the confirmation (%d tries).\n",
                  wizard_handoff_attempts(hs)), ui_decimal(num, sizeof num, ready, 1),
               wizard_handoff_attempts(hs));
    if (have_live) {
        fprintf(out, "%s\n", _("Access per scope:"));
        for (size_t i = 0; i < live->n_scopes; i++) {
            const struct scope_state *s = &live->scopes[i];

            fprintf(out, "  %-8s ", status_word(s));
            print_remote(out, s->scope);
            if (s->reason) {
                fputs(" (", out);
                print_remote(out, s->reason);
                fputc(')', out);
            }
            fputc('\n', out);
        }
        fprintf(out, P_("%zu sub-unit registered in HelseID\n", "%zu sub-units registered in HelseID\n",
                  live->child_orgnrs.n), live->child_orgnrs.n);
        if (cfg && cfg->sfm_id && client_status_claim_value(live, catalog_sfm_claim_key(cat)))
            fprintf(out, _("SFM-ID: %s\n"), cfg->sfm_id);
    }
    if (!judged) {
        fprintf(out, "%s\n", _("Could not read what HelseID has approved: run \"helseid-admin status\" "
                         "before starting the journal system again."));
        return error_exit_status(ERR_PENDING);
    }
    if (rr.verdict != ERR_OK) {
        fprintf(out, "%s\n", _("HelseID has not approved everything yet:"));
        readiness_report_print(&rr, out);
    }
    readiness_report_print_next(&rr, out);
    verdict = rr.verdict;
    readiness_report_clear(&rr);
    return error_exit_status(verdict);
}

/* The frontend's wait: the line mode or the full screen. */
struct wait_ctx {
    bool plain;
    bool json;              /* --json: stdout holds the document, the dialogue goes to stderr */
};

static int wait_frontend(void *ctx, struct wizard_handoff *hs, struct handoff *h, struct error *e)
{
    const struct wait_ctx *w = ctx;
    struct line_ui line = { stdin, w->json ? stderr : stdout };
    struct handoff_io io;
    struct tui *tui;
    int rc;

    wizard_handoff_io(hs, &io);
    wizard_handoff_defer_browser(hs);
    if (w->plain) {
        if (wizard_handoff_kind(hs) == WIZARD_HANDOFF_RESUME)
            fprintf(line.out, _("Resuming the confirmation of client %s.\n"), wizard_handoff_client_id(hs));
        return line_handoff(&line, h, &io, NULL, e);
    }
    if (!(tui = tui_open(e)))
        return -1;
    rc = tui_handoff(tui, h, &io, e);
    tui_close(tui);
    return rc;
}

/* Step 7 (session/handoff_run.h) in this frontend, then the last words. When the
 * steps went online, the hand-off uses the same URLs, HTTP client and simulator (the
 * session's); otherwise (offline, a resumed draft) the session connects now. */
static int hand_off(const struct options *o, struct client_ctx *ctx, const struct catalog *cat,
                    bool plain)
{
    struct site_file *sf = ctx->sf;
    struct handoff_run r;
    struct wait_ctx w = { plain, o->json };
    struct error e;
    int status;

    error_clear(&e);
    handoff_run_init(&r);
    r.o = o;
    r.command = "wizard";
    r.ctx = ctx;
    r.cat = cat;
    r.prompt_api_key = true;
    r.remember_browser = true;
    r.keep_draft = true;
    r.wait = wait_frontend;
    r.wait_ctx = &w;
    {
        struct helseid_config *cfg = site_file_site(sf)->config;

        if (cfg && !cfg->client_id && o->key_alg && str_replace(&cfg->key_alg, o->key_alg) < 0)
            return error_exit_status(ERR_NOMEM);    /* a new client's key: --key-alg */
    }
    status = handoff_run(&r, &e);
    if (r.hs && (status == 0 || (!handoff_run_updated(&r) && e.msg[0] == '\0'))) {
        if (r.status_failure[0])
            fprintf(stderr, _("%s: cannot show the client's status: %s\n"), PACKAGE, r.status_failure);
        status = print_outcome(o->json ? stderr : stdout, r.hs, &r.h, &r.live, r.have_live, cat, site_file_site(sf)->config);
    } else {
        fprintf(stderr, "%s: %s\n", PACKAGE, e.msg);
    }
    handoff_run_clear(&r);
    return status;
}

/* A draft waits for confirmation: wait for it again (the default), or drop it and
 * start over ("Forkast ventende utkast og start på nytt"). 1 to discard, 0 to resume,
 * -1 with e (cancelled). */
static int pending_choice(const struct frontend *fe, const struct site *site, struct error *e)
{
    struct view v;
    struct answer a;
    struct field *f;
    int rc;

    view_init(&v);
    answer_init(&a);
    view_set_title(&v, _("Pending draft"));
    view_add_paragraph(&v, _("Client %s was sent to HelseID and waits for the confirmation in the "
                             "Selvbetjening portal."), site->config->client_id);
    if ((f = view_add_field(&v, FIELD_CHECK, "resume", _("Wait for the confirmation again")))) {
        f->radio = true;
        f->checked = true;
    }
    if ((f = view_add_field(&v, FIELD_CHECK, "discard", _("Discard the pending draft and start over"))))
        f->radio = true;
    rc = answer_from_view(&a, &v) < 0 ? error_nomem(e)
                                       : fe->ask(fe->ctx, &v, 0, 1, NULL, &a, e);
    if (rc >= 0)
        rc = answer_checked(&a, "discard") ? 1 : 0;
    answer_clear(&a);
    view_clear(&v);
    return rc;
}

/* The line mode or the full screen as the wizard's frontend. */
static int open_frontend(bool plain, struct line_ui *line, struct frontend *fe, struct tui **tui,
                         struct error *e)
{
    if (plain) {
        line_frontend(line, fe);
        return 0;
    }
    if (!(*tui = tui_open(e)))
        return -1;
    tui_frontend(*tui, fe);
    return 0;
}

/* What the wizard cannot run without; 0, or 2 (a usage error: on stderr, and with
 * --json the document's error). */
static int check_invocation(const struct options *o, int argc)
{
    struct error e;

    if (argc > 1)
        error_set(&e, ERR_USAGE, "%s", _("the wizard takes no operands"));
    else if (!o->site)
        error_set(&e, ERR_USAGE, "%s", _("no site file given (use --site FILE or $HELSEID_SITE)"));
    else if (o->no_input)
        error_set(&e, ERR_USAGE, "%s", _("the wizard needs input; use 'apply FILE' with --no-input"));
    else
        return 0;
    return cli_fail(&e);
}

/* A draft created earlier and not yet confirmed: resume it (the waiting screen), or
 * drop it on purpose and start over. 1 to resume, 0 to run the steps, -1 with e. */
static int pending_draft(struct site_file *sf, bool plain, struct line_ui *line, struct error *e)
{
    struct frontend fe;
    struct tui *tui = NULL;
    int r;

    if (!wizard_handoff_resumable(site_file_site(sf)))
        return 0;
    if (open_frontend(plain, line, &fe, &tui, e) < 0)
        return -1;
    r = pending_choice(&fe, site_file_site(sf), e);
    tui_close(tui);
    if (r < 0 || (r == 1 && session_discard_pending(sf, "wizard", e) < 0))
        return -1;
    return r == 0;
}

/* The environment the steps work in: --env, else the site's, else demo. */
static const char *wizard_env(const struct options *o, const struct site *site)
{
    if (o->env)
        return o->env;
    return site->config && site->config->env ? site->config->env : "demo";
}

/* What the steps hold until the command ends (the hand-off runs while they exist). */
struct steps {
    struct wizard_core core;
    struct wizard_remote remote;
    struct wizard w;
    bool have_core, have_wizard;
};

static void steps_clear(struct steps *st)
{
    if (st->have_wizard)
        wizard_clear(&st->w);
    if (st->have_core)
        wizard_core_clear(&st->core);
    wizard_remote_clear(&st->remote);
}

/* Steps 0-6 in the chosen frontend, their remote look-ups (session/wizard_remote.c)
 * in its poll loop; the answers stored in the site and audited. 0, or -1 with e. */
static int run_steps(struct steps *st, const struct options *o, struct client_ctx *ctx,
                     struct catalog *cat, bool plain, struct line_ui *line, struct error *e)
{
    struct site *site = site_file_site(ctx->sf);
    const char *env = wizard_env(o, site);
    struct frontend fe;
    struct tui *tui = NULL;
    int r;

    if (wizard_core_init(&st->core, cat, env, cli_catalog_lang(o), e) < 0)
        return -1;
    st->have_core = true;
    st->core.env.today = cli_rules_today(st->core.today, sizeof st->core.today);
    if (wizard_remote_start(&st->remote, o, ctx, cat, &st->core, e) < 0)
        return -1;
    if (wizard_init(&st->w, site, wizard_remote_live(&st->remote), &st->core.rules, env, e) < 0)
        return -1;
    st->have_wizard = true;
    if (open_frontend(plain, line, &fe, &tui, e) < 0)
        return -1;
    /* Look-ups in the screen's poll loop: keys stay live while they run. */
    if (tui && wizard_remote_fd(&st->remote) >= 0)
        tui_add_source(tui, wizard_remote_fd(&st->remote), wizard_remote_step, &st->remote);
    r = wizard_run(&st->w, &fe, e);
    tui_close(tui);
    if (r < 0 || store_config(site, &st->w, e) < 0)
        return -1;
    audit(ctx->site_path, &st->w);
    return 0;
}

int cmd_wizard(const struct options *o, int argc, char **argv)
{
    struct client_ctx ctx;
    struct catalog cat;
    struct steps st = { 0 };
    struct line_ui line = { stdin, o->json ? stderr : stdout };     /* --json: stdout holds the document */
    struct error e;
    int status = check_invocation(o, argc), r = 0;
    bool plain = want_plain(o);

    if (status)
        return status;
    error_clear(&e);
    catalog_init(&cat);
    /* The line mode polls stdin beside the network while waiting: no read-ahead. */
    if (plain)
        setvbuf(stdin, NULL, _IONBF, 0);
    /* The context is set up even when opening fails (the lock may be held): close it. */
    if (client_ctx_open(&ctx, o, CTX_LOCK, &e) < 0 || catalog_load_dir(&cat, NULL, &e) < 0 ||
        (r = pending_draft(ctx.sf, plain, &line, &e)) < 0 ||
        (r == 0 && run_steps(&st, o, &ctx, &cat, plain, &line, &e) < 0)) {
        fprintf(stderr, "%s: %s\n", PACKAGE, e.msg);
        status = error_exit_status(e.code);
    } else {
        status = hand_off(o, &ctx, &cat, plain);
    }
    steps_clear(&st);
    catalog_clear(&cat);
    client_ctx_close(&ctx);
    site_xml_cleanup();
    return status;
}
