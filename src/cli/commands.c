#include "config.h"
#include "cli/commands.h"
#include "core/i18n.h"

#include <stddef.h>
#include <string.h>

const struct command commands[] = {
    { "check", cmd_check, N_("[--json]"),
      N_("check that this machine reaches HelseID, Selvbetjening and Enhetsregisteret") },
    { NULL, NULL, NULL, NULL },
};

const struct command *command_find(const char *name)
{
    for (const struct command *c = commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}
