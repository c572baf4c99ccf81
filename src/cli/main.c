/* helseid-admin: entry point. Parses the shared options, sets up the language,
 * and runs one command from the table in cli/commands.c. */
#include "config.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/locale_setup.h"
#include "session/demo_site.h"
#include "session/options.h"
#include "core/i18n.h"

enum {
    OPT_ENV = 256, OPT_AUTHORITY, OPT_SB_API, OPT_SB_WEB, OPT_BRREG, OPT_CA_FILE,
    OPT_BROWSER, OPT_PORT, OPT_TIMEOUT, OPT_NO_INPUT, OPT_LANG, OPT_JSON, OPT_DIFF,
    OPT_PLAIN, OPT_API_KEY_FILE, OPT_VERSION,
};

static const struct option long_options[] = {
    { "site", required_argument, NULL, 's' },
    { "env", required_argument, NULL, OPT_ENV },
    { "authority", required_argument, NULL, OPT_AUTHORITY },
    { "selvbetjening-api", required_argument, NULL, OPT_SB_API },
    { "selvbetjening-web", required_argument, NULL, OPT_SB_WEB },
    { "brreg", required_argument, NULL, OPT_BRREG },
    { "ca-file", required_argument, NULL, OPT_CA_FILE },
    { "browser", required_argument, NULL, OPT_BROWSER },
    { "port", required_argument, NULL, OPT_PORT },
    { "timeout", required_argument, NULL, OPT_TIMEOUT },
    { "no-input", no_argument, NULL, OPT_NO_INPUT },
    { "lang", required_argument, NULL, OPT_LANG },
    { "json", no_argument, NULL, OPT_JSON },
    { "diff", required_argument, NULL, OPT_DIFF },
    { "plain", no_argument, NULL, OPT_PLAIN },
    { "api-key-file", required_argument, NULL, OPT_API_KEY_FILE },
    { "verbose", no_argument, NULL, 'v' },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, OPT_VERSION },
    { NULL, 0, NULL, 0 },
};

/* --help lists these; tests/docs/help-man-sync.sh keeps man/helseid-admin.8 in step. */
static const struct {
    const char *flags;
    const char *help;
} option_help[] = {
    { "-s, --site=FILE", N_("the site file (default $HELSEID_SITE)") },
    { "    --env=ENV", N_("prod, test or demo (demo starts the simulator)") },
    { "    --authority=URL", N_("HelseID STS (the issuer)") },
    { "    --selvbetjening-api=URL", N_("Selvbetjening API") },
    { "    --selvbetjening-web=URL", N_("Selvbetjening portal") },
    { "    --brreg=URL", N_("Enhetsregisteret API") },
    { "    --ca-file=FILE", N_("trust this CA as well (never disables checks)") },
    { "    --browser=MODE", N_("auto, open or print") },
    { "    --port=N", N_("loopback port for the confirmation redirect") },
    { "    --timeout=S", N_("give up waiting after S seconds") },
    { "    --api-key-file=FILE", N_("the vendor api key (never on the command line)") },
    { "    --no-input", N_("never ask; fail naming the missing option") },
    { "    --plain", N_("line-by-line dialogue instead of full screen") },
    { "    --lang=LANG", N_("nb, nn or en") },
    { "    --json", N_("one JSON document on standard output") },
    { "-v, --verbose", N_("say more (never secrets)") },
    { "-h, --help", N_("show this help and exit") },
    { "    --version", N_("show the version and exit") },
};

static void print_help(FILE *f)
{
    fprintf(f, _("Usage: %s [OPTION]... [COMMAND [ARG]...]\n"), PACKAGE);
    fprintf(f, "%s\n%s\n\n", _("Set up and maintain a clinic's HelseID client configuration."),
            _("Without a command, the configuration wizard starts."));
    fprintf(f, "%s\n", _("Commands:"));
    for (const struct command *c = commands; c->name; c++) {
        fprintf(f, "  %-10s %s\n", c->name, _(c->usage));
        fprintf(f, "  %-10s   %s\n", "", _(c->summary));
    }
    fprintf(f, "\n%s\n", _("Options:"));
    for (size_t i = 0; i < sizeof option_help / sizeof *option_help; i++)
        fprintf(f, "  %-28s %s\n", option_help[i].flags, _(option_help[i].help));
    fprintf(f, "\n%s\n", _("Exit status: 0 ok, 1 failed check or invalid input, 2 usage error, "
                            "3 cancelled or timed out, 4 authentication rejected, "
                            "5 not confirmed, 6 plan has changes, 130 interrupted."));
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);

    if (!*s || *end || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

/* --lang must take effect before any message is printed, so look for it first. */
static const char *find_lang(int argc, char **argv)
{
    const char *lang = NULL;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strncmp(argv[i], "--lang=", 7) == 0)
            lang = argv[i] + 7;
        else if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            lang = argv[i + 1];
    }
    return lang;
}

/* The option getopt complained about. An unknown short option is named by optopt: in
 * a group ("-xv") optind still points at the argument before it. A missing value is
 * always at the end, so argv[optind - 1] holds the option ("--site" or "-vs"). */
static const char *option_named(char **argv, int opt, bool missing_value)
{
    static char shortopt[3] = "-?";
    const char *arg = argv[optind - 1];

    if (opt <= 0 || opt >= 256 || (missing_value && strncmp(arg, "--", 2) == 0))
        return arg;
    shortopt[1] = (char)opt;
    return shortopt;
}

int main(int argc, char **argv)
{
    struct options o = { 0 };
    const struct command *cmd;
    struct error e;
    bool demo_site = false;
    int c;

    locale_setup(find_lang(argc, argv));
    o.site = getenv("HELSEID_SITE");
    o.env = getenv("HELSEID_ENV");
    o.api_key_file = getenv("HELSEID_API_KEY_FILE");
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":s:vh", long_options, NULL)) != -1) {
        switch (c) {
        case 's': o.site = optarg; break;
        case OPT_ENV:
            if (strcmp(optarg, "prod") && strcmp(optarg, "test") && strcmp(optarg, "demo"))
                return cli_usage_error(_("invalid environment '%s' (use prod, test or demo)"), optarg);
            o.env = optarg;
            break;
        case OPT_AUTHORITY: o.authority = optarg; break;
        case OPT_SB_API: o.selvbetjening_api = optarg; break;
        case OPT_SB_WEB: o.selvbetjening_web = optarg; break;
        case OPT_BRREG: o.brreg = optarg; break;
        case OPT_CA_FILE: o.ca_file = optarg; break;
        case OPT_BROWSER:
            if (strcmp(optarg, "auto") && strcmp(optarg, "open") && strcmp(optarg, "print"))
                return cli_usage_error(_("invalid browser mode '%s' (use auto, open or print)"), optarg);
            o.browser = optarg;
            break;
        case OPT_PORT:
            if (parse_int(optarg, 1, 65535, &o.port) < 0)
                return cli_usage_error(_("invalid port '%s'"), optarg);
            break;
        case OPT_TIMEOUT:
            if (parse_int(optarg, 1, 86400, &o.timeout) < 0)
                return cli_usage_error(_("invalid timeout '%s' (seconds, 1 to 86400)"), optarg);
            break;
        case OPT_NO_INPUT: o.no_input = true; break;
        case OPT_LANG:
            if (strcmp(optarg, "nb") && strcmp(optarg, "nn") && strcmp(optarg, "en"))
                return cli_usage_error(_("invalid language '%s' (use nb, nn or en)"), optarg);
            o.lang = optarg;
            break;
        case OPT_JSON: o.json = true; break;
        case OPT_DIFF: o.diff_file = optarg; break;
        case OPT_PLAIN: o.plain = true; break;
        case OPT_API_KEY_FILE: o.api_key_file = optarg; break;
        case 'v': o.verbose++; break;
        case 'h': print_help(stdout); return 0;
        case OPT_VERSION:
            printf("%s %s\n", PACKAGE, VERSION);
            return 0;
        case ':':
            return cli_usage_error(_("option '%s' needs a value"), option_named(argv, optopt, true));
        default:
            return cli_usage_error(_("unknown option '%s'"), option_named(argv, optopt, false));
        }
    }
    /* --env demo without a site: the demo's kept copy of the sample site. */
    if (demo_site_default(&o, optind < argc ? argv[optind] : "wizard", &demo_site, &e) < 0) {
        fprintf(stderr, "%s: %s\n", PACKAGE, e.msg);
        return 1;
    }
    if (optind >= argc) {
        /* The wizard is the default command once it exists. */
        cmd = command_find("wizard");
        if (!cmd) {
            print_help(stderr);
            return 2;
        }
        c = cmd->run(&o, 1, (char *[]){ "wizard", NULL });
    } else {
        cmd = command_find(argv[optind]);
        if (!cmd)
            return cli_usage_error(_("unknown command '%s'"), argv[optind]);
        c = cmd->run(&o, argc - optind, argv + optind);
    }
    if (demo_site && strcmp(cmd->name, "wizard") == 0)
        demo_site_hint(o.site);
    return c;
}
