/* The command line: which command, its options and operands (DESIGN.md §3). Options may
 * stand before or after the command word; each must be a global one or one the command
 * owns (cli/commands.c), spelt out in full: no abbreviations, and an error names only
 * the option, never its value. */
#ifndef HELSEID_PARSE_H
#define HELSEID_PARSE_H

#include <stdbool.h>

#include "cli/commands.h"
#include "session/options.h"

struct cli_args {
    const struct command *cmd;  /* never NULL once parsed: the wizard by default */
    bool named;                 /* the command line named the command */
    int argc;
    char **argv;                /* [command name, operands...]; owned (free the array) */
};

/* Where the command word stands, or -1 (none); *json: --json is among the options.
 * main uses this before parsing, so that even a usage error gets its JSON document. */
int cli_find_command(int argc, char **argv, bool *json);
/* -1: run a->cmd; otherwise the exit status (help or version printed, or a usage
 * error reported). Values are set in o over what it holds (environment, config file). */
int cli_parse(int argc, char **argv, struct options *o, struct cli_args *a);
void cli_args_clear(struct cli_args *a);

#endif
