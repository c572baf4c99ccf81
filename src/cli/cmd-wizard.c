/* helseid-admin [wizard]: the configuration wizard (DESIGN.md §2). Takes the session
 * lock, loads the site and the service catalog, runs the steps with the full-screen
 * frontend (or the line mode: --plain, TERM=dumb, or no terminal), and saves only when
 * the user presses Save on the confirm step, with an audit log entry. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/commands.h"
#include "core/catalog.h"
#include "core/error.h"
#include "core/i18n.h"
#include "core/strv.h"
#include "line/line.h"
#include "store/audit.h"
#include "store/catalog_file.h"
#include "store/lock.h"
#include "store/site_file.h"
#include "store/site_xml.h"
#include "tui/tui.h"
#include "cli/wizard_remote.h"
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
    bool have_core = false, have_wizard = false;

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
    if (site_lock_acquire(&lock, o->site, &e) < 0 || site_file_load(&sf, o->site, &e) < 0 ||
        catalog_load_dir(&cat, NULL, &e) < 0)
        goto fail;
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
    if (want_plain(o)) {
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
    if (store_config(site_file_site(sf), &w, &e) < 0 || site_file_save(sf, &e) < 0)
        goto fail;
    audit(o->site, &w);
    printf(_("Saved the configuration in \"%s\" as a draft; nothing has been sent to HelseID yet.\n"),
           o->site);
    status = 0;
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
