#include "config.h"
#include "cli/parse.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/help.h"
#include "core/i18n.h"

static const struct cli_option *short_option(char c)
{
    for (const struct cli_option *o = cli_options; o->id != OPT_END; o++)
        if (o->short_name && o->short_name == c)
            return o;
    return NULL;
}

/* A value in "[...]" is optional and only ever given as --name=VALUE. */
static bool separate_value(const struct cli_option *o)
{
    return o && o->arg && o->arg[0] != '[';
}

/* Whether argument a is an option whose value is the next argument. */
static bool value_follows(const char *a)
{
    if (a[1] == '-') {
        size_t len = strcspn(a + 2, "=");
        const struct cli_option *o = cli_option_by_name(a + 2, len);

        return separate_value(o) && !a[2 + len];
    }
    for (const char *p = a + 1; *p; p++) {
        const struct cli_option *o = short_option(*p);

        if (separate_value(o))
            return !p[1];
    }
    return false;
}

int cli_find_command(int argc, char **argv, bool *json)
{
    int at = -1;

    *json = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "--") == 0) {
            if (at < 0 && i + 1 < argc)
                at = i + 1;
            break;
        }
        if (a[0] != '-' || a[1] == '\0') {
            if (at < 0)
                at = i;
            continue;
        }
        if (strcmp(a, "--json") == 0)
            *json = true;
        if (value_follows(a))
            i++;
    }
    return at;
}

/* The first option among argv[1..end) that no command has, reported as a usage error;
 * 0 if there is none. Before the command word, "--api-key SECRET apply" would otherwise
 * take the secret for the command and name it. */
static int unknown_option_before(char **argv, int end)
{
    for (int i = 1; i < end; i++) {
        const char *a = argv[i];

        if (strcmp(a, "--") == 0)
            break;
        if (a[0] != '-' || a[1] == '\0')
            continue;
        if (a[1] == '-') {
            size_t len = strcspn(a + 2, "=");

            if (!cli_option_by_name(a + 2, len))
                return cli_usage_error(_("unknown option '--%.*s'"), (int)len, a + 2);
        } else {
            for (const char *p = a + 1; *p; p++) {
                const struct cli_option *o = short_option(*p);

                if (!o) {
                    char name[3] = { '-', *p, '\0' };

                    return cli_usage_error(_("unknown option '%s'"), name);
                }
                if (o->arg)
                    break;      /* the rest is its value */
            }
        }
        if (value_follows(a))
            i++;
    }
    return 0;
}

/* Every long option must be spelt out and belong to the command. getopt_long would
 * take "--api-key=SECRET" for --api-key-file and echo it: check the names first. */
static int check_long_names(int argc, char **argv, const struct command *c)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const struct cli_option *o;
        size_t len;

        if (strcmp(a, "--") == 0)
            break;
        if (a[0] != '-' || a[1] != '-') {
            if (a[0] == '-' && value_follows(a))
                i++;
            continue;
        }
        len = strcspn(a + 2, "=");
        if (!(o = cli_option_by_name(a + 2, len)))
            return cli_usage_error(_("unknown option '--%.*s'"), (int)len, a + 2);
        if (!command_takes(c, o->id))
            return cli_usage_error(_("option '--%s' does not apply to the '%s' command"), o->name, c->name);
        if (!o->arg && a[2 + len])
            return cli_usage_error(_("option '--%s' takes no value"), o->name);
        if (separate_value(o) && !a[2 + len])
            i++;
    }
    return 0;
}

/* Values are checked here, so that a command sees only valid ones. */
static int option_set(struct options *o, enum cli_opt id, const char *v)
{
    struct error e;
    int number = 0;

    if (v && cli_option_check(id, v, &number, &e) < 0)
        return cli_usage_error("%s", e.msg);
    switch (id) {
    case OPT_SITE: o->site = v; break;
    case OPT_ENV: o->env = v; break;
    case OPT_AUTHORITY: o->authority = v; break;
    case OPT_SB_API: o->selvbetjening_api = v; break;
    case OPT_SB_WEB: o->selvbetjening_web = v; break;
    case OPT_BRREG: o->brreg = v; break;
    case OPT_CA_FILE: o->ca_file = v; break;
    case OPT_NO_INPUT: o->no_input = true; break;
    case OPT_LANG: o->lang = v; break;
    case OPT_JSON: o->json = true; break;
    case OPT_VERBOSE: o->verbose++; break;
    case OPT_BROWSER: o->browser = v; break;
    case OPT_PORT: o->port = number; break;
    case OPT_TIMEOUT: o->timeout = number; break;
    case OPT_API_KEY_FILE: o->api_key_file = v; break;
    case OPT_PLAIN: o->plain = true; break;
    case OPT_DIFF: o->diff_file = v; break;
    case OPT_KEY_ALG: o->key_alg = v; break;
    case OPT_DISCARD_PENDING: o->discard_pending = true; break;
    case OPT_IF_EXPIRES_WITHIN: o->expires_within = number; break;
    case OPT_PRUNE_RETIRED: o->prune_retired_days = v ? number : 30; break;
    case OPT_PASSWORD_FILE: o->password_file = v; break;
    case OPT_HELP: case OPT_VERSION: case OPT_END: break;
    }
    return 0;
}

/* getopt_long's table for one command: the global options and its own. */
static struct option *long_table(const struct command *c)
{
    size_t n = 0, all = 1;
    struct option *t;

    for (const struct cli_option *o = cli_options; o->id != OPT_END; o++)
        all++;
    if (!(t = calloc(all, sizeof *t)))
        return NULL;

    for (const struct cli_option *o = cli_options; o->id != OPT_END; o++)
        if (command_takes(c, o->id))
            t[n++] = (struct option){ o->name,
                                      !o->arg ? no_argument
                                      : o->arg[0] == '[' ? optional_argument : required_argument,
                                      NULL, (int)o->id };
    return t;
}

/* The option getopt complained about. An unknown short option is named by optopt: in
 * a group ("-xv") optind still points at the argument before it. A missing value is
 * always at the end, so argv[optind - 1] holds the option ("--site" or "-vs"). */
static const char *option_named(char **argv, int opt, bool missing_value, char *buf)
{
    const char *arg = argv[optind - 1];

    if (opt <= 0 || opt >= 256 || (missing_value && strncmp(arg, "--", 2) == 0))
        return arg;
    buf[0] = '-';
    buf[1] = (char)opt;
    buf[2] = '\0';
    return buf;
}

static int check_operands(const struct cli_args *a)
{
    const struct command *c = a->cmd;
    int n = a->argc - 1;

    if (n < c->min_args)
        return cli_usage_error(_("missing operand for '%s' (usage: %s %s [OPTION]... %s)"), c->name,
                               PACKAGE, c->name, *c->usage ? _(c->usage) : "");
    if (c->max_args >= 0 && n > c->max_args)
        return cli_usage_error(_("unexpected operand '%s' for '%s'"), a->argv[1 + c->max_args], c->name);
    return 0;
}

int cli_parse(int argc, char **argv, struct options *o, struct cli_args *a)
{
    struct option *table = NULL;
    char shortopts[16] = "-:", named[3];
    bool help = false, version = false, json;
    int at = cli_find_command(argc, argv, &json), c, rc = 2;

    memset(a, 0, sizeof *a);
    a->named = at > 0;
    if (!(a->cmd = command_find(a->named ? argv[at] : "wizard")))
        return unknown_option_before(argv, at) ? 2 : cli_usage_error(_("unknown command '%s'"), argv[at]);
    if (check_long_names(argc, argv, a->cmd) != 0)
        return 2;
    if (!(table = long_table(a->cmd)) || !(a->argv = calloc((size_t)argc + 1, sizeof *a->argv))) {
        free(table);
        return cli_usage_error("%s", _("out of memory"));
    }
    for (const struct cli_option *p = cli_options; p->id != OPT_END; p++) {
        if (p->short_name && command_takes(a->cmd, p->id)) {
            size_t len = strlen(shortopts);

            shortopts[len] = p->short_name;
            strcpy(shortopts + len + 1, p->arg ? ":" : "");
        }
    }
    a->argv[a->argc++] = (char *)a->cmd->name;
    opterr = 0;
    optind = 0;                 /* GNU: start afresh (main may parse twice in tests) */
    while ((c = getopt_long(argc, argv, shortopts, table, NULL)) != -1) {
        switch (c) {
        case 1:
            if (a->named && optind - 1 == at)   /* the command word itself */
                break;
            a->argv[a->argc++] = optarg;
            break;
        case ':':
            cli_usage_error(_("option '%s' needs a value"), option_named(argv, optopt, true, named));
            goto out;
        case '?':
            cli_usage_error(_("unknown option '%s'"), option_named(argv, optopt, false, named));
            goto out;
        case OPT_HELP: help = true; break;
        case OPT_VERSION: version = true; break;
        default:
            if (option_set(o, (enum cli_opt)c, optarg) != 0)
                goto out;
        }
    }
    for (; optind < argc; optind++)
        if (!(a->named && optind == at))
            a->argv[a->argc++] = argv[optind];
    if (help || version) {
        json_doc_start(a->cmd->name, false);    /* the text asked for, alone on stdout */
        if (help)
            cli_help(stdout, a->named ? a->cmd : NULL);
        else
            cli_version(stdout);
        rc = 0;
        goto out;
    }
    if (check_operands(a) != 0)
        goto out;
    rc = -1;
out:
    free(table);
    return rc;
}

void cli_args_clear(struct cli_args *a)
{
    free(a->argv);
    memset(a, 0, sizeof *a);
}
