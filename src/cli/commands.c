#include "config.h"
#include "cli/commands.h"
#include "core/i18n.h"

#include <stddef.h>
#include <string.h>

const struct command commands[] = {
    { "units", cmd_units, N_("[--diff FILE]"),
      N_("list the org numbers of the unit tree, or compare them with HelseID's list") },
    { "validate", cmd_validate, N_("orgnr|fnr|hpr|herid VALUE..."),
      N_("check organisation, personal, HPR or HER numbers offline") },
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
