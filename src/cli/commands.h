/* The command table: one entry per sub-command, one file per command (cli/cmd-*.c).
 * Each entry owns its options (besides the global ones) and says how many operands it
 * takes, so the parser (cli/parse.c) refuses anything else before the command runs. */
#ifndef HELSEID_COMMANDS_H
#define HELSEID_COMMANDS_H

#include "cli/opt_table.h"
#include "session/json_doc.h"
#include "session/options.h"

/* argv[0] is the command name; returns the process exit status. */
typedef int command_fn(const struct options *o, int argc, char **argv);

struct command {
    const char *name;
    command_fn *run;
    const char *usage;              /* N_() text: the operands */
    const char *summary;            /* N_() text: one line */
    const enum cli_opt *options;    /* its own options, OPT_END-terminated */
    int min_args, max_args;         /* operands after the name; max -1: no limit */
};

extern const struct command commands[];

const struct command *command_find(const char *name);
/* Whether the command takes this option (its own or a global one). */
int command_takes(const struct command *c, enum cli_opt id);

/* A usage error: "helseid-admin: <message>" and the hint to --help on stderr, and the
 * error recorded for --json. Returns 2, the exit status of a usage error. */
__attribute__((format(printf, 1, 2)))
int cli_usage_error(const char *fmt, ...);

/* A failed command: "helseid-admin: <message>" on stderr, the error recorded for --json.
 * Returns the exit status for e's code. */
int cli_fail(const struct error *e);

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
command_fn cmd_help;

#endif
