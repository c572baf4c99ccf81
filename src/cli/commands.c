#include "config.h"
#include "cli/commands.h"
#include "core/i18n.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

const struct command commands[] = {
    { "validate", cmd_validate, N_("orgnr|fnr|hpr|herid VALUE..."),
      N_("check organisation, personal, HPR or HER numbers offline") },
    { "units", cmd_units, N_("[--diff FILE]"),
      N_("list the org numbers of the unit tree, or compare them with HelseID's list") },
    { "check", cmd_check, N_("[--json]"),
      N_("check that this machine reaches HelseID, Selvbetjening and Enhetsregisteret") },
    { "status", cmd_status, N_("[--json]"),
      N_("show the saved configuration and the live client status per scope") },
    { "test-token", cmd_test_token, N_("[SCOPE|AUDIENCE [SUB-UNIT]]"),
      N_("fetch a DPoP token for the saved client and show its claims (never the token)") },
    { "rotate-key", cmd_rotate_key, N_("[--timeout=S] [--prune-retired[=DAYS]]"),
      N_("make a new key, upload it, and retire the old one once the new one works") },
    { "import", cmd_import, N_("FILE"),
      N_("import a client configuration downloaded from Selvbetjening") },
    { "plan", cmd_plan, N_("FILE"),
      N_("show what applying a desired configuration file would change (exit 6: changes)") },
    { "apply", cmd_apply, N_("[--discard-pending] [FILE]"),
      N_("make HelseID and the site file match a desired configuration file") },
    { "wizard", cmd_wizard, N_("[--plain]"),
      N_("set up or change the HelseID configuration step by step (the default)") },
    { NULL, NULL, NULL, NULL },
};

const struct command *command_find(const char *name)
{
    for (const struct command *c = commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s: ", PACKAGE);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fprintf(stderr, _("Try '%s --help' for more information.\n"), PACKAGE);
    return 2;
}
