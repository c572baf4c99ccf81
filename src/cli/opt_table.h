/* Every option of helseid-admin, once: its names, its value and its help line. Which
 * command takes which is said by the global list here and by each command's own list in
 * cli/commands.c (as tmux's and git's commands own theirs). --help, the parser and
 * tests/docs (man pages, completions) all read these tables. */
#ifndef HELSEID_OPT_TABLE_H
#define HELSEID_OPT_TABLE_H

#include <stddef.h>

#include "core/error.h"

enum cli_opt {
    OPT_END = 0,
    OPT_SITE = 's', OPT_VERBOSE = 'v', OPT_HELP = 'h',
    OPT_ENV = 256, OPT_AUTHORITY, OPT_SB_API, OPT_SB_WEB, OPT_BRREG, OPT_CA_FILE,
    OPT_NO_INPUT, OPT_LANG, OPT_JSON, OPT_VERSION,
    /* options of some commands only */
    OPT_BROWSER, OPT_PORT, OPT_TIMEOUT, OPT_API_KEY_FILE, OPT_PLAIN, OPT_DIFF, OPT_KEY_ALG,
    OPT_DISCARD_PENDING, OPT_IF_EXPIRES_WITHIN, OPT_PRUNE_RETIRED, OPT_PASSWORD_FILE,
};

struct cli_option {
    enum cli_opt id;
    const char *name;       /* long name, without "--" */
    char short_name;        /* 0: none */
    const char *arg;        /* NULL: takes no value; else its name in --help ("FILE") */
    const char *help;       /* marked for translation */
};

extern const struct cli_option cli_options[];      /* ends with id OPT_END */
extern const enum cli_opt cli_global_options[];    /* every command takes these; OPT_END ends */

const struct cli_option *cli_option_by_id(enum cli_opt id);
/* Exact match only: abbreviations are never accepted (a secret must not pass for the
 * name of a file option). len: the name's length (up to a '='). */
const struct cli_option *cli_option_by_name(const char *name, size_t len);

/* Check value v of option id, for the command line and the config file alike: one of
 * the option's words or a whole number in its range (*number then holds it; options
 * without a rule take any value). -1 (ERR_USAGE, naming the value) when it may not be. */
int cli_option_check(enum cli_opt id, const char *v, int *number, struct error *e);

/* One row of the exit-status table (--help, man pages, --json's "exit"). */
struct cli_exit {
    int status;
    const char *meaning;    /* marked for translation */
};
extern const struct cli_exit cli_exits[];           /* ends with status -1 */
const char *cli_exit_meaning(int status);          /* translated; never NULL */

#endif
