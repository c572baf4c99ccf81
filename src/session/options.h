/* Option values for every command (DESIGN.md §3). Precedence: flags > environment >
 * config file > site file > defaults; src/cli applies the first three. */
#ifndef HELSEID_OPTIONS_H
#define HELSEID_OPTIONS_H

#include <stdbool.h>

struct options {
    const char *site;               /* --site FILE, $HELSEID_SITE */
    const char *env;                /* --env prod|test|demo */
    const char *authority;          /* --authority URL */
    const char *selvbetjening_api;  /* --selvbetjening-api URL */
    const char *selvbetjening_web;  /* --selvbetjening-web URL */
    const char *brreg;              /* --brreg URL */
    const char *ca_file;            /* --ca-file FILE (adds a CA; never disables checks) */
    const char *browser;            /* --browser auto|open|print */
    const char *lang;               /* --lang nb|nn|en */
    const char *diff_file;          /* units --diff FILE */
    const char *api_key_file;       /* --api-key-file FILE ($HELSEID_API_KEY_FILE) */
    int port;                       /* --port N, 0 = default */
    int timeout;                    /* --timeout S, 0 = default */
    bool no_input;
    bool json;
    bool plain;
    int verbose;
    /* Options of one or two commands (cli/commands.c lists which). */
    const char *key_alg;            /* --key-alg ES256|PS256: wizard, apply, rotate-key */
    const char *password_file;      /* import --password-file FILE */
    int if_expires_within;          /* rotate-key --if-expires-within DAYS ... */
    bool if_expires_within_set;     /* ... when given */
    bool discard_pending;           /* apply --discard-pending */
    bool prune_retired;             /* rotate-key --prune-retired */
};

#endif
