#include "config.h"
#include "cli/help.h"

#include <errno.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/i18n.h"
#include "session/json_doc.h"

extern char **environ;

static void print_option(FILE *f, const struct cli_option *o)
{
    char flags[64];

    snprintf(flags, sizeof flags, "%c%c%c --%s%s%s", o->short_name ? '-' : ' ',
             o->short_name ? o->short_name : ' ', o->short_name ? ',' : ' ', o->name,
             o->arg ? "=" : "", o->arg ? o->arg : "");
    fprintf(f, "  %-30s %s\n", flags, _(o->help));
}

static void print_exits(FILE *f)
{
    fprintf(f, "\n%s\n", _("Exit status:"));
    for (const struct cli_exit *x = cli_exits; x->status >= 0; x++)
        fprintf(f, "  %-4d %s\n", x->status, _(x->meaning));
}

static void print_globals(FILE *f, const char *title)
{
    fprintf(f, "\n%s\n", title);
    for (const enum cli_opt *g = cli_global_options; *g != OPT_END; g++)
        print_option(f, cli_option_by_id(*g));
}

void cli_help(FILE *f, const struct command *c)
{
    if (c) {
        fprintf(f, _("Usage: %s %s [OPTION]... %s\n"), PACKAGE, c->name, *c->usage ? _(c->usage) : "");
        fprintf(f, "%s\n", _(c->summary));
        if (c->options && *c->options != OPT_END) {
            fprintf(f, "\n%s\n", _("Options:"));
            for (const enum cli_opt *p = c->options; *p != OPT_END; p++)
                print_option(f, cli_option_by_id(*p));
        }
        print_globals(f, _("Global options:"));
        print_exits(f);
        fprintf(f, "\n");
        fprintf(f, _("The manual: %s help %s (man 8 %s-%s)\n"), PACKAGE, c->name, PACKAGE, c->name);
        return;
    }
    fprintf(f, _("Usage: %s [OPTION]... [COMMAND [OPTION]... [ARG]...]\n"), PACKAGE);
    fprintf(f, "%s\n%s\n\n", _("Set up and maintain a clinic's HelseID client configuration."),
            _("Without a command, the configuration wizard starts."));
    fprintf(f, "%s\n", _("Commands:"));
    for (const struct command *p = commands; p->name; p++) {
        fprintf(f, "  %-10s %s\n", p->name, *p->usage ? _(p->usage) : "");
        fprintf(f, "  %-10s   %s\n", "", _(p->summary));
    }
    print_globals(f, _("Options:"));
    print_exits(f);
    fprintf(f, "\n");
    fprintf(f, _("A command's own options: %s COMMAND --help; its manual: %s help COMMAND\n"),
            PACKAGE, PACKAGE);
}

void cli_version(FILE *f)
{
    fprintf(f, "%s %s\n", PACKAGE, VERSION);
    fprintf(f, "Copyright (C) 2026 the helseid-admin authors\n");
    fprintf(f, "%s\n", _("License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>."));
    fprintf(f, "%s\n", _("This is free software: you are free to change and redistribute it."));
    fprintf(f, "%s\n", _("There is NO WARRANTY, to the extent permitted by law."));
}

/* man(1) on the page; its exit status, or -1 when man cannot run. */
static int run_man(const char *page)
{
    char *argv[] = { "man", "8", (char *)page, NULL };
    pid_t pid;
    int st;

    fflush(stdout);
    if (posix_spawnp(&pid, "man", NULL, NULL, argv, environ) != 0)
        return -1;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* --json: the page's name and the options, for tools that build their own help. */
static int help_json(const struct command *c, const char *page)
{
    cJSON *body = cJSON_CreateObject(), *opts = cJSON_AddArrayToObject(body, "options");
    char name[64];

    cJSON_AddItemToObject(body, "topic", c ? cJSON_CreateString(c->name) : cJSON_CreateNull());
    cJSON_AddStringToObject(body, "manual", page);
    for (const struct cli_option *p = cli_options; opts && p->id != OPT_END; p++) {
        if (c ? command_takes(c, p->id) : command_takes(command_find("help"), p->id)) {
            snprintf(name, sizeof name, "--%s", p->name);
            cJSON_AddItemToArray(opts, cJSON_CreateString(name));
        }
    }
    json_doc_set_body(body);
    return 0;
}

/* helseid-admin help [COMMAND]: the manual page, as git help does; when no page is
 * installed (an uninstalled build, a system without man), the --help text. */
int cmd_help(const struct options *o, int argc, char **argv)
{
    const struct command *c = NULL;
    char page[64];

    if (argc > 1 && !(c = command_find(argv[1])))
        return cli_usage_error(_("unknown command '%s'"), argv[1]);
    snprintf(page, sizeof page, c ? "%s-%s" : "%s", PACKAGE, c ? c->name : "");
    if (o->json)
        return help_json(c, page);
    if (run_man(page) == 0)
        return 0;
    fprintf(stderr, _("%s: no manual page %s(8) here; its --help follows\n"), PACKAGE, page);
    cli_help(stdout, c);
    return 0;
}
