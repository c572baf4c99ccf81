#include "config.h"
#include "cli/opt_table.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"

const struct cli_option cli_options[] = {
    { OPT_SITE, "site", 's', "FILE", N_("the site file (default $HELSEID_SITE)") },
    { OPT_ENV, "env", 0, "ENV", N_("prod, test or demo (demo starts the simulator)") },
    { OPT_AUTHORITY, "authority", 0, "URL", N_("HelseID STS (the issuer)") },
    { OPT_SB_API, "selvbetjening-api", 0, "URL", N_("Selvbetjening API") },
    { OPT_SB_WEB, "selvbetjening-web", 0, "URL", N_("Selvbetjening portal") },
    { OPT_BRREG, "brreg", 0, "URL", N_("Enhetsregisteret API") },
    { OPT_CA_FILE, "ca-file", 0, "FILE", N_("trust this CA as well (never disables checks)") },
    { OPT_NO_INPUT, "no-input", 0, NULL, N_("never ask; fail naming the missing option") },
    { OPT_LANG, "lang", 0, "LANG", N_("nb, nn or en") },
    { OPT_JSON, "json", 0, NULL, N_("one JSON document on standard output") },
    { OPT_VERBOSE, "verbose", 'v', NULL, N_("say more (never secrets)") },
    { OPT_HELP, "help", 'h', NULL, N_("show this help and exit") },
    { OPT_VERSION, "version", 0, NULL, N_("show the version and exit") },
    { OPT_BROWSER, "browser", 0, "MODE", N_("auto, open or print") },
    { OPT_PORT, "port", 0, "N", N_("loopback port for the confirmation redirect") },
    { OPT_TIMEOUT, "timeout", 0, "S", N_("give up waiting after S seconds") },
    { OPT_API_KEY_FILE, "api-key-file", 0, "FILE", N_("the vendor api key (never on the command line)") },
    { OPT_PLAIN, "plain", 0, NULL, N_("line-by-line dialogue instead of full screen") },
    { OPT_DIFF, "diff", 0, "FILE", N_("compare with HelseID's list of org numbers in FILE") },
    { OPT_KEY_ALG, "key-alg", 0, "ALG", N_("the new key's algorithm: ES256 (default) or PS256") },
    { OPT_DISCARD_PENDING, "discard-pending", 0, NULL,
      N_("give up a pending or rejected draft and start afresh") },
    { OPT_IF_EXPIRES_WITHIN, "if-expires-within", 0, "DAYS",
      N_("only when the key expires within DAYS days (else exit 0, nothing done)") },
    /* "[DAYS]": an optional value (--prune-retired or --prune-retired=DAYS). */
    { OPT_PRUNE_RETIRED, "prune-retired", 0, "[DAYS]",
      N_("delete retired key files older than DAYS days (30)") },
    { OPT_PASSWORD_FILE, "password-file", 0, "FILE",
      N_("the zip file's password (never on the command line)") },
    { OPT_END, NULL, 0, NULL, NULL },
};

const enum cli_opt cli_global_options[] = {
    OPT_SITE, OPT_ENV, OPT_AUTHORITY, OPT_SB_API, OPT_SB_WEB, OPT_BRREG, OPT_CA_FILE,
    OPT_NO_INPUT, OPT_LANG, OPT_JSON, OPT_VERBOSE, OPT_HELP, OPT_VERSION, OPT_END,
};

/* The one exit-status table: core/error.h's codes map onto these (tests/unit/
 * test-cli-tables checks every status there is explained here). */
const struct cli_exit cli_exits[] = {
    { 0, N_("ok") },
    { 1, N_("failed check or invalid input") },
    { 2, N_("usage error") },
    { 3, N_("cancelled or timed out") },
    { 4, N_("authentication or api key rejected") },
    { 5, N_("not confirmed in the portal") },
    { 6, N_("plan has changes") },
    { 7, N_("confirmed, but HelseID has not approved everything yet") },
    { 129, N_("hung up (SIGHUP)") },
    { 130, N_("interrupted (SIGINT, Ctrl-C)") },
    { 143, N_("terminated (SIGTERM)") },
    { -1, NULL },
};

const struct cli_option *cli_option_by_id(enum cli_opt id)
{
    for (const struct cli_option *o = cli_options; o->id != OPT_END; o++)
        if (o->id == id)
            return o;
    return NULL;
}

const struct cli_option *cli_option_by_name(const char *name, size_t len)
{
    for (const struct cli_option *o = cli_options; o->id != OPT_END; o++)
        if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
            return o;
    return NULL;
}

static bool one_of(const char *v, const char *const *words)
{
    for (; *words; words++)
        if (strcmp(v, *words) == 0)
            return true;
    return false;
}

/* Digits only (no sign, no space), lo..hi. */
static bool whole_number(const char *s, long lo, long hi, int *out)
{
    char *end;
    long v;

    if (!*s || *s == '+' || *s == '-' || *s == ' ')
        return false;
    v = strtol(s, &end, 10);
    if (*end || v < lo || v > hi)
        return false;
    *out = (int)v;
    return true;
}

/* The message for a value cli_option_check refuses: literal formats, for the
 * translators' format checks. */
static int invalid_value(enum cli_opt id, const char *v, struct error *e)
{
    switch (id) {
    case OPT_ENV: return error_set(e, ERR_USAGE, _("invalid environment '%s' (use prod, test or demo)"), v);
    case OPT_LANG: return error_set(e, ERR_USAGE, _("invalid language '%s' (use nb, nn or en)"), v);
    case OPT_BROWSER: return error_set(e, ERR_USAGE, _("invalid browser mode '%s' (use auto, open or print)"), v);
    case OPT_KEY_ALG: return error_set(e, ERR_USAGE, _("invalid key algorithm '%s' (use ES256 or PS256)"), v);
    case OPT_PORT: return error_set(e, ERR_USAGE, _("invalid port '%s'"), v);
    case OPT_TIMEOUT: return error_set(e, ERR_USAGE, _("invalid timeout '%s' (seconds, 1 to 86400)"), v);
    case OPT_IF_EXPIRES_WITHIN: return error_set(e, ERR_USAGE, _("invalid number of days '%s' (0 to 3650)"), v);
    default:    /* OPT_PRUNE_RETIRED */
        return error_set(e, ERR_USAGE, _("invalid number of days '%s'"), v);
    }
}

int cli_option_check(enum cli_opt id, const char *v, int *number, struct error *e)
{
    static const char *const envs[] = { "prod", "test", "demo", NULL };
    static const char *const modes[] = { "auto", "open", "print", NULL };
    static const char *const langs[] = { "nb", "nn", "en", NULL };
    static const char *const algs[] = { "ES256", "PS256", NULL };
    /* The options whose values are checked: one of the words, else a number lo..hi. */
    static const struct {
        enum cli_opt id;
        const char *const *words;
        long lo, hi;
    } rules[] = {
        { OPT_ENV, envs, 0, 0 },
        { OPT_LANG, langs, 0, 0 },
        { OPT_BROWSER, modes, 0, 0 },
        { OPT_KEY_ALG, algs, 0, 0 },
        { OPT_PORT, NULL, 1, 65535 },
        { OPT_TIMEOUT, NULL, 1, 86400 },
        { OPT_IF_EXPIRES_WITHIN, NULL, 0, 3650 },
        { OPT_PRUNE_RETIRED, NULL, 0, 36500 },
    };

    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
        if (rules[i].id != id)
            continue;
        if (rules[i].words ? one_of(v, rules[i].words) : whole_number(v, rules[i].lo, rules[i].hi, number))
            return 0;
        return invalid_value(id, v, e);
    }
    return 0;
}

const char *cli_exit_meaning(int status)
{
    for (const struct cli_exit *x = cli_exits; x->status >= 0; x++)
        if (x->status == status)
            return _(x->meaning);
    return _("failed");
}
