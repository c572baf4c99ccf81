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
    const char *key_alg;            /* --key-alg ES256|PS256: a new client's key */
    const char *password_file;      /* --password-file FILE: import FILE.zip's password */
    int expires_within;             /* rotate-key --if-expires-within=DAYS, -1 = not given */
    int port;                       /* --port N, 0 = default */
    int timeout;                    /* --timeout S, 0 = default */
    bool discard_pending;           /* apply --discard-pending: drop a pending draft first */
    int prune_retired_days;         /* rotate-key --prune-retired[=DAYS]; -1 = not asked */
    bool no_input;
    bool json;
    bool plain;
    int verbose;
};

#endif
