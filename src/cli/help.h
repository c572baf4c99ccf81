/* --help, --version and `helseid-admin help [COMMAND]`, all from the tables in
 * cli/opt_table.c and cli/commands.c (so they and the man pages cannot drift apart:
 * tests/docs/help-man-sync.sh compares them). */
#ifndef HELSEID_HELP_H
#define HELSEID_HELP_H

#include <stdio.h>

#include "cli/commands.h"

/* The program's help (c NULL) or one command's. */
void cli_help(FILE *f, const struct command *c);
void cli_version(FILE *f);

#endif
