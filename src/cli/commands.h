/* The command table: one entry per sub-command, one file per command (cli/cmd-*.c). */
#ifndef HELSEID_COMMANDS_H
#define HELSEID_COMMANDS_H

#include "session/options.h"

/* argv[0] is the command name; returns the process exit status. */
typedef int command_fn(const struct options *o, int argc, char **argv);

struct command {
    const char *name;
    command_fn *run;
    const char *usage;      /* N_() text: the operands */
    const char *summary;    /* N_() text: one line */
};

extern const struct command commands[];

const struct command *command_find(const char *name);

/* A usage error: "helseid-admin: <message>" and the hint to --help on stderr. Returns 2,
 * the exit status of a usage error. */
__attribute__((format(printf, 1, 2)))
int cli_usage_error(const char *fmt, ...);

command_fn cmd_validate;
command_fn cmd_units;
command_fn cmd_check;
command_fn cmd_status;
command_fn cmd_test_token;
command_fn cmd_rotate_key;
command_fn cmd_import;
command_fn cmd_wizard;
command_fn cmd_plan;
command_fn cmd_apply;

#endif
