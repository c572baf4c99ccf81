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
#include "session/resolve.h"
#include "session/wizard_handoff.h"
#include "core/catalog.h"
#include "core/error.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/strv.h"
#include "line/line.h"
#include "net/http.h"
#include "net/rand.h"
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

/* The catalog's texts follow the message language. */
static const char *catalog_lang(const struct options *o)
{
    const char *l;

    if (o->lang)
        return o->lang;
    l = setlocale(LC_MESSAGES, NULL);
    return l ? l : "en";
}

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
        return error_set(e, ERR_NOMEM, _("out of memory"));
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
        return error_set(e, ERR_NOMEM, _("out of memory"));
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

/* The vendor api key for a new draft: --api-key-file, $HELSEID_API_KEY_FILE, the
 * simulator's built-in key in the demo environment, else one line of stdin (typed
 * without echo on a terminal). */
static int read_api_key(const struct options *o, const struct endpoints *ep, char **key,
                        struct error *e)
{
    struct termios old, quiet;
    bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
    const char *env_file = getenv("HELSEID_API_KEY_FILE");
    int rc;

    if (!o->api_key_file && !(env_file && *env_file) && ep->env == ENDPOINT_ENV_DEMO) {
        if (!(*key = strdup(DEMO_SIM_API_KEY)))
            return error_set(e, ERR_NOMEM, _("out of memory"));
        return 0;
    }
    if (!o->api_key_file && !(env_file && *env_file)) {
        if (o->no_input)
            return error_set(e, ERR_USAGE, "%s", _("no api key for the Selvbetjening API: give "
                                                    "--api-key-file FILE or set $HELSEID_API_KEY_FILE"));
        fprintf(stderr, "%s ", _("Api key for the Selvbetjening API (not shown):"));
        fflush(stderr);
        if (tty) {
            quiet = old;
            quiet.c_lflag &= ~(tcflag_t)ECHO;
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        }
    }
    rc = sb_api_key_read(o->api_key_file, 1, key, e);
    if (tty && !o->api_key_file && !(env_file && *env_file)) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    return rc;
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
static void print_remote(const char *s)
{
    char buf[SANITIZE_DEFAULT_MAX + 1];

    fputs(sanitize_into(buf, sizeof buf, s, (size_t)-1, SANITIZE_SPACES), stdout);
}

static void print_outcome(struct wizard_handoff *hs, const struct handoff *h,
                          const struct client_status *live, bool have_live)
{
    bool updated = wizard_handoff_kind(hs) == WIZARD_HANDOFF_UPDATED;
    double ready = wizard_handoff_ready_seconds(hs);

    if (!updated && h->state != HANDOFF_CONFIRMED) {
        struct view v;

        view_init(&v);
        handoff_describe(h, &v);
        for (size_t i = 0; i < v.n_paragraphs; i++)
            printf("%s\n", v.paragraphs[i]);
        view_clear(&v);
        return;
    }
    if (updated)
        printf(_("Updated HelseID client %s.\n"), wizard_handoff_client_id(hs));
    else
        printf(_("HelseID confirmed client %s and it works.\n"), wizard_handoff_client_id(hs));
    if (ready >= 0)
        /* TRANSLATORS: how long the STS needed after the confirmation. */
        printf(P_("HelseID issued a token %.1f seconds after the confirmation (%d try).\n",
                  "HelseID issued a token %.1f seconds after the confirmation (%d tries).\n",
                  wizard_handoff_attempts(hs)), ready, wizard_handoff_attempts(hs));
    if (have_live) {
        printf("%s\n", _("Access per scope:"));
        for (size_t i = 0; i < live->n_scopes; i++) {
            const struct scope_state *s = &live->scopes[i];

            printf("  %-8s ", status_word(s));
            print_remote(s->scope);
            if (s->reason) {
                fputs(" (", stdout);
                print_remote(s->reason);
                putchar(')');
            }
            putchar('\n');
        }
        printf(P_("%zu sub-unit registered in HelseID\n", "%zu sub-units registered in HelseID\n",
                  live->child_orgnrs.n), live->child_orgnrs.n);
    }
    printf("%s\n", _("Next: start the journal system again. After changes to the unit tree, "
                     "run the wizard again and press Save."));
}

/* Step 7: send, wait in the frontend, finish. Returns the exit status. When the
 * steps went online (remote), the hand-off uses the same URLs, HTTP client and
 * simulator; otherwise (a resumed draft) it resolves its own. */
static int hand_off(const struct options *o, struct site_file *sf, const struct catalog *cat,
                    bool plain, const char *user, struct wizard_remote *remote)
{
    struct endpoints own_ep, *ep = &own_ep;
    struct demo_sim demo = { 0 };
    struct http_client *own_http = NULL, *http = NULL;
    struct http_config hc = { 0 };
    struct wizard_handoff_opts ho = { 0 };
    struct wizard_handoff *hs = NULL;
    struct handoff h;
    struct handoff_io io;
    struct client_status live;
    struct helseid_config *cfg = site_file_site(sf)->config;
    struct line_ui line = { stdin, stdout };
    struct tui *tui = NULL;
    struct error e;
    char *api_key = NULL;
    bool have_live = false;
    int status = 1;

    error_clear(&e);
    endpoints_init(&own_ep);
    client_status_init(&live);
    memset(&h, 0, sizeof(h));
    if (remote && remote->online) {
        ep = &remote->ep;
        http = remote->http;
    } else {
        if (cli_resolve_endpoints(o, site_file_site(sf), &own_ep, &demo, &e) < 0)
            goto fail;
        hc.ca_file = own_ep.ca_file;
        hc.max_attempts = 1;    /* DPoP proofs must not be resent by the HTTP layer */
        hc.trace = o->verbose ? stderr : NULL;
        if (http_client_new(&own_http, &hc, &e) < 0)
            goto fail;
        http = own_http;
    }
    ho.browser = BROWSER_MODE_AUTO;
    if (o->browser) {
        if (browser_mode_parse(o->browser, &ho.browser) < 0) {
            error_set(&e, ERR_USAGE, _("unknown browser mode \"%s\" (auto, open or print)"), o->browser);
            goto fail;
        }
        str_replace(&cfg->browser, o->browser);     /* remembered per site */
    } else if (cfg->browser) {
        browser_mode_parse(cfg->browser, &ho.browser);
    }
    if (!cfg->client_id && read_api_key(o, ep, &api_key, &e) < 0)
        goto fail;
    ho.sf = sf;
    ho.cat = cat;
    ho.ep = ep;
    ho.http = http;
    ho.api_key = api_key;
    ho.port = o->port;
    ho.timeout_s = o->timeout;
    ho.user = user;
    ho.demo_auto_confirm = remote && remote->online ? remote->demo.auto_confirm : demo.auto_confirm;
    if (wizard_handoff_begin(&hs, &ho, &h, &e) < 0) {
        /* Nothing reached HelseID: keep the answers as a draft to start from next time. */
        if (!cfg->client_id && cfg->state == CONFIG_DRAFT) {
            struct error se;

            if (site_file_save(sf, &se) == 0)
                fprintf(stderr, _("%s: saved the answers in \"%s\" as a draft; nothing was sent\n"),
                        PACKAGE, site_file_path(sf));
        }
        goto fail;
    }
    if (wizard_handoff_kind(hs) != WIZARD_HANDOFF_UPDATED) {
        wizard_handoff_io(hs, &io);
        wizard_handoff_defer_browser(hs);
        if (plain) {
            if (wizard_handoff_kind(hs) == WIZARD_HANDOFF_RESUME)
                printf(_("Resuming the confirmation of client %s.\n"), wizard_handoff_client_id(hs));
            if (line_handoff(&line, &h, &io, NULL, &e) < 0)
                goto fail;
        } else {
            if (!(tui = tui_open(&e)) || tui_handoff(tui, &h, &io, &e) < 0)
                goto fail;
            tui_close(tui);
            tui = NULL;
        }
    }
    if (wizard_handoff_finish(hs, &h, &live, &e) < 0) {
        /* Confirmed and saved, but the status could not be read: say so, not fail. */
        if (h.state == HANDOFF_CONFIRMED || wizard_handoff_kind(hs) == WIZARD_HANDOFF_UPDATED)
            fprintf(stderr, _("%s: cannot show the client's status: %s\n"), PACKAGE, e.msg);
        else
            goto fail;
    } else {
        have_live = h.state == HANDOFF_CONFIRMED || wizard_handoff_kind(hs) == WIZARD_HANDOFF_UPDATED;
    }
    print_outcome(hs, &h, &live, have_live);
    status = wizard_handoff_kind(hs) == WIZARD_HANDOFF_UPDATED ? 0 : wizard_handoff_exit_status(&h);
    goto out;
fail:
    tui_close(tui);
    fprintf(stderr, "%s: %s\n", PACKAGE, e.msg);
    status = error_exit_status(e.code);
out:
    wizard_handoff_free(hs);
    client_status_clear(&live);
    secret_free_str(api_key);
    http_client_free(own_http);
    endpoints_clear(&own_ep);
    demo_sim_stop(&demo);
    return status;
}

int cmd_wizard(const struct options *o, int argc, char **argv)
{
    struct site_lock lock = SITE_LOCK_INIT;
    struct site_file *sf = NULL;
    struct catalog cat;
    struct wizard_core core;
    struct wizard_remote remote = { 0 };
    struct wizard w;
    struct frontend fe;
    struct line_ui line = { stdin, stdout };
    struct tui *tui = NULL;
    struct error e;
    const char *env;
    int status = 1, r;
    bool have_core = false, have_wizard = false, plain = want_plain(o);

    error_clear(&e);
    catalog_init(&cat);
    if (argc > 1) {
        fprintf(stderr, _("%s: the wizard takes no operands\n"), PACKAGE);
        return 2;
    }
    if (!o->site) {
        fprintf(stderr, _("%s: no site file given (use --site FILE or $HELSEID_SITE)\n"), PACKAGE);
        return 2;
    }
    if (o->no_input) {
        fprintf(stderr, _("%s: the wizard needs input; use 'apply FILE' with --no-input\n"),
                PACKAGE);
        return 2;
    }
    /* The line mode polls stdin beside the network while waiting: no read-ahead. */
    if (plain)
        setvbuf(stdin, NULL, _IONBF, 0);
    if (site_lock_acquire(&lock, o->site, &e) < 0 || site_file_load(&sf, o->site, &e) < 0 ||
        catalog_load_dir(&cat, NULL, &e) < 0)
        goto fail;
    /* A draft created earlier and not yet confirmed: straight to the waiting screen. */
    if (wizard_handoff_resumable(site_file_site(sf))) {
        status = hand_off(o, sf, &cat, plain, NULL, NULL);
        goto out;
    }
    env = o->env ? o->env : site_file_site(sf)->config && site_file_site(sf)->config->env
        ? site_file_site(sf)->config->env : "demo";
    if (wizard_core_init(&core, &cat, env, catalog_lang(o), &e) < 0)
        goto fail;
    have_core = true;
    /* ---- remote facts for steps 0-4 (cli/wizard_remote.c) ---- */
    if (wizard_remote_start(&remote, o, site_file_site(sf), o->site, &cat, &core, &e) < 0)
        goto fail;
    /* ---- */
    if (wizard_init(&w, site_file_site(sf), wizard_remote_live(&remote), &core.rules, env, &e) < 0)
        goto fail;
    have_wizard = true;
    if (plain) {
        line_frontend(&line, &fe);
    } else {
        if (!(tui = tui_open(&e)))
            goto fail;
        tui_frontend(tui, &fe);
    }
    r = wizard_run(&w, &fe, &e);
    tui_close(tui);
    tui = NULL;
    if (r < 0)
        goto fail;
    if (store_config(site_file_site(sf), &w, &e) < 0)
        goto fail;
    audit(o->site, &w);
    status = hand_off(o, sf, &cat, plain, NULL, &remote);
    goto out;
fail:
    tui_close(tui);
    fprintf(stderr, "%s: %s\n", PACKAGE, e.msg);
    status = error_exit_status(e.code);
out:
    if (have_wizard)
        wizard_clear(&w);
    if (have_core)
        wizard_core_clear(&core);
    wizard_remote_clear(&remote);
    catalog_clear(&cat);
    site_file_free(sf);
    site_lock_release(&lock);
    site_xml_cleanup();
    return status;
}
