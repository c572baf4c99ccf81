/* helseid-admin: entry point. Reads the defaults (config files, environment), parses
 * the command line against the command's own option table (cli/parse.c), runs the
 * command from cli/commands.c, and ends every run the same way: an interrupt becomes
 * exit 128 + signal, and --json prints its one document (session/json_doc.h). */
#include "config.h"

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/config_file.h"
#include "cli/locale_setup.h"
#include "cli/no_dumps.h"
#include "cli/parse.h"
#include "session/demo_site.h"
#include "core/i18n.h"
#include "core/interrupt.h"
#include "session/json_doc.h"
#include "session/options.h"

/* --lang must take effect before any message is printed, so look for it first. */
static const char *find_lang(int argc, char **argv)
{
    const char *lang = NULL;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strncmp(argv[i], "--lang=", 7) == 0)
            lang = argv[i] + 7;
        else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            lang = argv[i + 1];
    }
    return lang;
}

/* Environment over the config files, flags (parsed later) over both. */
static void from_environment(struct options *o)
{
    const char *v;

    if ((v = getenv("HELSEID_SITE")) && *v)
        o->site = v;
    if ((v = getenv("HELSEID_ENV")) && *v)
        o->env = v;
    if ((v = getenv("HELSEID_API_KEY_FILE")) && *v)
        o->api_key_file = v;
}

static int run(int argc, char **argv, struct config_file *cf)
{
    struct options o = { .expires_within = -1, .prune_retired_days = -1 };
    struct cli_args a;
    struct error e;
    bool json, demo_site = false;
    int at = cli_find_command(argc, argv, &json), status;

    json_doc_start(at > 0 ? (command_find(argv[at]) ? command_find(argv[at])->name : NULL) : "wizard",
                   json);
    if (interrupt_install(&e) < 0) {
        json_doc_set_error(&e);
        fprintf(stderr, "%s: %s\n", PACKAGE, e.msg);
        return 1;
    }
    if (config_file_load_defaults(cf, &e) < 0) {
        json_doc_set_error(&e);
        fprintf(stderr, "%s: %s\n", PACKAGE, e.msg);
        return 2;
    }
    config_file_apply(cf, &o);
    from_environment(&o);
    if ((status = cli_parse(argc, argv, &o, &a)) >= 0) {
        cli_args_clear(&a);
        return status;
    }
    json_doc_start(a.cmd->name, o.json);
    /* --env demo without a site: the demo's kept copy of the sample site. */
    if (demo_site_default(&o, a.cmd->name, &demo_site, &e) < 0) {
        json_doc_set_error(&e);
        fprintf(stderr, "%s: %s\n", PACKAGE, e.msg);
        cli_args_clear(&a);
        return 1;
    }
    status = a.cmd->run(&o, a.argc, a.argv);
    if (demo_site && strcmp(a.cmd->name, "wizard") == 0)
        demo_site_hint(o.site);
    cli_args_clear(&a);
    return status;
}

static void on_file_size_limit(int sig)
{
    (void)sig;
}

int main(int argc, char **argv)
{
    struct config_file cf;
    struct sigaction xfsz = { .sa_handler = on_file_size_limit };
    int status;

    no_dumps();
    /* A file size limit (ulimit -f) fails the write with EFBIG instead of killing the
     * run, so a save after HelseID's answer still names the client. Caught, not
     * ignored: what is started from here (the browser) gets the default again. */
    sigemptyset(&xfsz.sa_mask);
    sigaction(SIGXFSZ, &xfsz, NULL);
    locale_setup(find_lang(argc, argv));
    config_file_init(&cf);
    status = run(argc, argv, &cf);
    if (interrupt_signal()) {
        struct error e;

        interrupt_error(&e);
        json_doc_set_error(&e);
        status = interrupt_exit_status();
    }
    status = json_doc_finish(status, cli_exit_meaning(status));
    config_file_clear(&cf);
    return status;
}
