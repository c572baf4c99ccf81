#include "config.h"
#include "cli/commands.h"
#include "core/i18n.h"
#include "session/json_doc.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* Each command's own options; the global ones (cli/opt_table.c) come on top. */
static const enum cli_opt no_options[] = { OPT_END };
static const enum cli_opt units_options[] = { OPT_DIFF, OPT_END };
static const enum cli_opt net_options[] = { OPT_TIMEOUT, OPT_END };
static const enum cli_opt plan_options[] = { OPT_TIMEOUT, OPT_KEY_ALG, OPT_END };
static const enum cli_opt rotate_options[] = {
    OPT_TIMEOUT, OPT_KEY_ALG, OPT_IF_EXPIRES_WITHIN, OPT_PRUNE_RETIRED, OPT_END,
};
static const enum cli_opt import_options[] = { OPT_PASSWORD_FILE, OPT_END };
static const enum cli_opt apply_options[] = {
    OPT_BROWSER, OPT_PORT, OPT_TIMEOUT, OPT_API_KEY_FILE, OPT_KEY_ALG, OPT_DISCARD_PENDING, OPT_END,
};
static const enum cli_opt wizard_options[] = {
    OPT_PLAIN, OPT_BROWSER, OPT_PORT, OPT_TIMEOUT, OPT_API_KEY_FILE, OPT_KEY_ALG, OPT_END,
};

const struct command commands[] = {
    { "validate", cmd_validate, N_("orgnr|fnr|hpr|herid VALUE..."),
      N_("check organisation, personal, HPR or HER numbers offline"), no_options, 0, -1 },
    { "units", cmd_units, "",
      N_("list the org numbers of the unit tree, or compare them with HelseID's list"),
      units_options, 0, 0 },
    { "check", cmd_check, "",
      N_("check that this machine reaches HelseID, Selvbetjening and Enhetsregisteret"),
      net_options, 0, 0 },
    { "status", cmd_status, "",
      N_("show the saved configuration and the live client status per scope"), net_options, 0, 0 },
    { "test-token", cmd_test_token, N_("[SCOPE|AUDIENCE [SUB-UNIT]]"),
      N_("fetch a DPoP token for the saved client and show its claims (never the token)"),
      net_options, 0, 2 },
    { "rotate-key", cmd_rotate_key, "",
      N_("make a new key, upload it, and retire the old one once the new one works"),
      rotate_options, 0, 0 },
    { "import", cmd_import, N_("FILE"),
      N_("import a client configuration downloaded from Selvbetjening"), import_options, 1, 1 },
    { "plan", cmd_plan, N_("FILE"),
      N_("show what applying a desired configuration file would change (exit 6: changes)"),
      plan_options, 1, 1 },
    { "apply", cmd_apply, N_("[FILE]"),
      N_("make HelseID and the site file match a desired configuration file"), apply_options, 0, 1 },
    { "wizard", cmd_wizard, "",
      N_("set up or change the HelseID configuration step by step (the default)"),
      wizard_options, 0, 0 },
    { "help", cmd_help, N_("[COMMAND]"),
      N_("show the manual page of helseid-admin or of one command"), no_options, 0, 1 },
    { NULL, NULL, NULL, NULL, NULL, 0, 0 },
};

const struct command *command_find(const char *name)
{
    for (const struct command *c = commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

int command_takes(const struct command *c, enum cli_opt id)
{
    for (const enum cli_opt *g = cli_global_options; *g != OPT_END; g++)
        if (*g == id)
            return 1;
    for (const enum cli_opt *p = c->options; p && *p != OPT_END; p++)
        if (*p == id)
            return 1;
    return 0;
}

int cli_usage_error(const char *fmt, ...)
{
    struct error e;
    va_list ap;

    va_start(ap, fmt);
    error_setv(&e, ERR_USAGE, fmt, ap);
    va_end(ap);
    json_doc_set_error(&e);
    fprintf(stderr, "%s: %s\n", PACKAGE, e.msg);
    fprintf(stderr, _("Try '%s --help' for more information.\n"), PACKAGE);
    return 2;
}

int cli_fail(const struct error *e)
{
    json_doc_set_error(e);
    fprintf(stderr, "%s: %s\n", PACKAGE, e->msg);
    return error_exit_status(e->code) ? error_exit_status(e->code) : 1;
}
