/* helseid-sim: a strict loopback simulator of HelseID, Selvbetjening and
 * Enhetsregisteret for tests, demos and training (man helseid-sim(1)). */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <openssl/ec.h>
#include <netinet/in.h>

#include "core/i18n.h"
#include "core/strv.h"
#include "sim/jose.h"
#include "store/datadir.h"
#include "sim/router.h"
#include "sim/sim.h"
#include "sim/tls.h"

struct options {
    int port;
    const char *ca_out;
    const char *state;
    const char *fixture;
    const char *api_key_file;
    bool auto_confirm;
    bool api_nonce;
    bool exit_on_stdin_eof;
    int prop_min, prop_max;
};

static const char default_api_key[] = "demo-api-key";

/* One line on stderr: "helseid-sim: <translated message>". */
static void complain(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void complain(const char *fmt, ...)
{
    va_list ap;
    fputs("helseid-sim: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* libmicrohttpd's own messages, minus the one an injected "reset" fault causes on purpose. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    char line[512];
    vsnprintf(line, sizeof line, fmt, ap);
    if (strstr(line, "Application reported internal error"))
        return;
    fprintf(stderr, "helseid-sim: %s", line);
}

static void usage(FILE *f)
{
    fprintf(f, _("Usage: %s [OPTION]...\n"), "helseid-sim");
    fputs(_("Serve a loopback simulator of HelseID, Selvbetjening and Enhetsregisteret.\n\n"
            "  --port N              listen on 127.0.0.1:N (0 picks a free port)\n"
            "  --ca-out FILE         write the test CA certificate to FILE\n"
            "  --state FILE          keep the state in FILE: loaded at start when it\n"
            "                        exists, rewritten after every request\n"
            "  --fixture FILE        Enhetsregisteret fixture (default data/demo/brreg.json)\n"
            "  --api-key-file FILE   the Selvbetjening api key (default: demo-api-key)\n"
            "  --propagation S|A-B   seconds before a confirmed client works (default 0)\n"
            "  --auto-confirm        confirm client drafts without the portal\n"
            "  --api-nonce           the Selvbetjening API demands DPoP nonces too\n"
            "  --exit-on-stdin-eof   stop when standard input reaches end of file\n"
            "  --fault PATH:KIND[:N] inject a fault (KIND: status code, delay[=MS], reset,\n"
            "                        malformed, oversized, nonce, hostile), N times\n"
            "                        (default 1, -1 always)\n"
            "  --sfm ORGNR=SFMID     the organisation already has this SFM-ID\n"
            "  --help, --version\n"), f);
    fputs(_("  --hold SCOPE          a new client's SCOPE stays pending (statusReason\n"
            "                        given) until POST /admin/approve; repeatable\n"), f);
}

/* --exit-on-stdin-eof: the parent holds the write end of our stdin; when it dies the
 * pipe reaches end of file and we stop as on SIGTERM, so no simulator lingers. */
static void *watch_stdin(void *arg)
{
    char buf[512];
    ssize_t n;
    (void)arg;
    do
        n = read(STDIN_FILENO, buf, sizeof buf);
    while (n > 0 || (n < 0 && errno == EINTR));
    kill(getpid(), SIGTERM);
    return NULL;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

static int parse_propagation(const char *s, struct options *o)
{
    const char *dash = strchr(s, '-');
    char lo[16];
    if (!dash)
        return parse_int(s, 0, 3600, &o->prop_min) == 0 ? (o->prop_max = o->prop_min, 0) : -1;
    if ((size_t)(dash - s) >= sizeof lo || dash == s)
        return -1;
    memcpy(lo, s, (size_t)(dash - s));
    lo[dash - s] = '\0';
    if (parse_int(lo, 0, 3600, &o->prop_min) || parse_int(dash + 1, 0, 3600, &o->prop_max) ||
        o->prop_max < o->prop_min)
        return -1;
    return 0;
}

static char *read_secret_file(const char *path)
{
    FILE *f = fopen(path, "r");
    char buf[512];
    size_t n;
    char *out = NULL;
    if (!f)
        return NULL;
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
        buf[--n] = '\0';
    if (n > 0)
        out = strdup(buf);
    OPENSSL_cleanse(buf, sizeof buf);
    return out;
}

static const char *default_fixture(void)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/demo/brreg.json", data_dir());
    return path;
}

static int add_sfm(struct sim *sim, const char *spec)
{
    const char *eq = strchr(spec, '=');
    char org[10];
    if (!eq || eq - spec != 9 || strlen(eq + 1) < 8)
        return -1;
    memcpy(org, spec, 9);
    org[9] = '\0';
    if (!orgnr_valid(org))
        return -1;
    cJSON_DeleteItemFromObjectCaseSensitive(sim->sfm_ids, org);
    cJSON_AddStringToObject(sim->sfm_ids, org, eq + 1);
    return 0;
}

static int write_ca(const char *path, const char *pem)
{
    FILE *f = fopen(path, "w");
    int ok;
    if (!f)
        return -1;
    ok = fputs(pem, f) >= 0;
    return fclose(f) == 0 && ok ? 0 : -1;
}

static int sim_init(struct sim *sim)
{
    memset(sim, 0, sizeof *sim);
    pthread_mutex_init(&sim->lock, NULL);
    sim->clients = cJSON_CreateObject();
    sim->sfm_ids = cJSON_CreateObject();
    sim->held = cJSON_CreateArray();
    sim->events = cJSON_CreateArray();
    sim->jtis = cJSON_CreateObject();
    sim->nonces = cJSON_CreateObject();
    sim->api_nonces = cJSON_CreateObject();
    sim->codes = cJSON_CreateObject();
    sim->refresh_tokens = cJSON_CreateObject();
    sim->par = cJSON_CreateObject();
    sim->sessions = cJSON_CreateObject();
    sim->brreg_enheter = cJSON_CreateObject();
    sim->brreg_underenheter = cJSON_CreateObject();
    sim->brreg_gone = cJSON_CreateArray();
    sim->sign_key = EVP_EC_gen("P-256");
    if (sim->sign_key) {
        cJSON *jwk = sim_pkey_to_jwk(sim->sign_key);
        sim->sign_kid = jwk ? sim_jwk_thumbprint(jwk) : NULL;
        cJSON_Delete(jwk);
    }
    return sim->clients && sim->brreg_gone && sim->held && sim->sign_kid ? 0 : -1;
}

static void sim_free(struct sim *sim)
{
    cJSON *all[] = { sim->clients, sim->sfm_ids, sim->events, sim->jtis, sim->nonces,
                     sim->api_nonces, sim->codes, sim->refresh_tokens, sim->par, sim->sessions,
                     sim->brreg_enheter, sim->brreg_underenheter, sim->brreg_gone, sim->held };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        cJSON_Delete(all[i]);
    EVP_PKEY_free(sim->sign_key);
    free_strings(&sim->sign_kid, &sim->state_file);
    if (sim->api_key) {
        OPENSSL_cleanse(sim->api_key, strlen(sim->api_key));
        free(sim->api_key);
    }
    faults_free(sim);
    pthread_mutex_destroy(&sim->lock);
}

static void print_urls(struct sim *sim, const char *ca_file, int port)
{
    cJSON *doc = cJSON_CreateObject();
    char *line;
    char url[160];
    cJSON_AddStringToObject(doc, "authority", sim->issuer);
    snprintf(url, sizeof url, "%s/selvbetjening/api", sim->base);
    cJSON_AddStringToObject(doc, "selvbetjening_api", url);
    snprintf(url, sizeof url, "%s/selvbetjening/web", sim->base);
    cJSON_AddStringToObject(doc, "selvbetjening_web", url);
    /* The same pages for a person's browser: plain HTTP on loopback, no certificate. */
    snprintf(url, sizeof url, "%s/selvbetjening/web", sim->web_base);
    cJSON_AddStringToObject(doc, "selvbetjening_web_browser", url);
    snprintf(url, sizeof url, "%s/brreg/enhetsregisteret/api", sim->base);
    cJSON_AddStringToObject(doc, "brreg", url);
    cJSON_AddStringToObject(doc, "ca_file", ca_file);
    snprintf(url, sizeof url, "%s/admin", sim->base);
    cJSON_AddStringToObject(doc, "admin", url);
    cJSON_AddNumberToObject(doc, "port", port);
    /* A frontend can say "the simulator confirms automatically". */
    cJSON_AddBoolToObject(doc, "auto_confirm", sim->auto_confirm);
    cJSON_AddBoolToObject(doc, "api_nonce", sim->api_nonce);
    cJSON_AddNumberToObject(doc, "clients", cJSON_GetArraySize(sim->clients));
    line = cJSON_PrintUnformatted(doc);
    if (line) {
        printf("%s\n", line);
        fflush(stdout);
    }
    cJSON_free(line);
    cJSON_Delete(doc);
}

enum { O_PORT = 256, O_CA, O_STATE, O_FIXTURE, O_KEY, O_PROP, O_AUTO, O_FAULT, O_SFM,
       O_HELP, O_VERSION, O_API_NONCE, O_STDIN_EOF, O_HOLD };

static const struct option longopts[] = {
    { "port", required_argument, NULL, O_PORT },
    { "ca-out", required_argument, NULL, O_CA },
    { "state", required_argument, NULL, O_STATE },
    { "fixture", required_argument, NULL, O_FIXTURE },
    { "api-key-file", required_argument, NULL, O_KEY },
    { "propagation", required_argument, NULL, O_PROP },
    { "auto-confirm", no_argument, NULL, O_AUTO },
    { "api-nonce", no_argument, NULL, O_API_NONCE },
    { "exit-on-stdin-eof", no_argument, NULL, O_STDIN_EOF },
    { "fault", required_argument, NULL, O_FAULT },
    { "sfm", required_argument, NULL, O_SFM },
    { "hold", required_argument, NULL, O_HOLD },
    { "help", no_argument, NULL, O_HELP },
    { "version", no_argument, NULL, O_VERSION },
    { NULL, 0, NULL, 0 },
};

/* One option with an argument that must be valid: 0, or -1 after saying why. */
static int take_checked(int c, const char *arg, struct options *o, struct sim *sim)
{
    switch (c) {
    case O_PORT:
        if (parse_int(arg, 0, 65535, &o->port) == 0)
            return 0;
        complain(_("invalid port '%s'"), arg);
        return -1;
    case O_PROP:
        if (parse_propagation(arg, o) == 0)
            return 0;
        complain(_("invalid propagation delay '%s'"), arg);
        return -1;
    case O_FAULT:
        if (fault_parse_spec(sim, arg) == 0)
            return 0;
        complain(_("invalid fault '%s'"), arg);
        return -1;
    default: /* O_SFM */
        if (add_sfm(sim, arg) == 0)
            return 0;
        complain(_("invalid SFM-ID assignment '%s'"), arg);
        return -1;
    }
}

/* The command line into o and sim: 0 to run, 1 when --help or --version answered
 * (exit 0), 2 on a usage error (already said). */
static int parse_options(int argc, char **argv, struct options *o, struct sim *sim)
{
    int c;

    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case O_PORT: case O_PROP: case O_FAULT: case O_SFM:
            if (take_checked(c, optarg, o, sim) != 0)
                return 2;
            break;
        case O_CA: o->ca_out = optarg; break;
        case O_STATE: o->state = optarg; break;
        case O_FIXTURE: o->fixture = optarg; break;
        case O_KEY: o->api_key_file = optarg; break;
        case O_AUTO: o->auto_confirm = true; break;
        case O_API_NONCE: o->api_nonce = true; break;
        case O_STDIN_EOF: o->exit_on_stdin_eof = true; break;
        case O_HOLD: cJSON_AddItemToArray(sim->held, cJSON_CreateString(optarg)); break;
        case O_HELP:
            usage(stdout);
            return 1;
        case O_VERSION:
            printf("helseid-sim (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
            return 1;
        default:
            return 2;
        }
    }
    if (optind < argc) {
        complain(_("unexpected argument '%s'"), argv[optind]);
        return 2;
    }
    return 0;
}

/* The options into the simulator's state: api key, saved state, Enhetsregisteret. */
static int configure(struct sim *sim, const struct options *o)
{
    char why[512];

    sim->auto_confirm = o->auto_confirm;
    sim->api_nonce = o->api_nonce;
    sim->prop_min = o->prop_min;
    sim->prop_max = o->prop_max;
    sim->state_file = o->state ? strdup(o->state) : NULL;
    sim->api_key = o->api_key_file ? read_secret_file(o->api_key_file) : strdup(default_api_key);
    if (!sim->api_key) {
        complain(_("cannot read the api key from '%s'"), o->api_key_file);
        return -1;
    }
    if (sim->state_file && sim_load_state(sim, sim->state_file, why, sizeof why) != 0) {
        complain("%s", why);
        return -1;
    }
    if (brreg_load(sim, o->fixture ? o->fixture : default_fixture(), why, sizeof why) != 0) {
        complain(_("cannot load the Enhetsregisteret fixture: %s"), why);
        return -1;
    }
    return 0;
}

/* SIGINT and SIGTERM are taken by sigwait in main; every thread inherits the mask. The
 * stdin watcher is created after the mask so it never takes SIGTERM itself. */
static int block_signals(sigset_t *sigs, bool watch_stdin_eof)
{
    pthread_t stdin_thread;

    signal(SIGPIPE, SIG_IGN);
    sigemptyset(sigs);
    sigaddset(sigs, SIGINT);
    sigaddset(sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, sigs, NULL);
    if (!watch_stdin_eof)
        return 0;
    if (pthread_create(&stdin_thread, NULL, watch_stdin, NULL) != 0) {
        complain("%s", _("cannot watch standard input"));
        return -1;
    }
    pthread_detach(stdin_thread);
    return 0;
}

/* A libmicrohttpd daemon on 127.0.0.1:port answering with handler; TLS when tls. */
static struct MHD_Daemon *listen_loopback(int port, const struct sim_tls *tls,
                                          MHD_AccessHandlerCallback handler, struct sim *sim)
{
    struct sockaddr_in addr = { 0 };
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                     MHD_USE_ERROR_LOG;

    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (!tls)
        return MHD_start_daemon(flags, 0, NULL, NULL, handler, sim,
                                MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
                                MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                                MHD_OPTION_NOTIFY_COMPLETED, sim_request_done, NULL,
                                MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
    return MHD_start_daemon(flags | MHD_USE_TLS, 0, NULL, NULL, handler, sim,
                            MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
                            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
                            MHD_OPTION_HTTPS_MEM_KEY, tls->key_pem,
                            MHD_OPTION_HTTPS_MEM_CERT, tls->cert_pem,
                            MHD_OPTION_NOTIFY_COMPLETED, sim_request_done, NULL,
                            MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
}

static int bound_port(struct MHD_Daemon *d)
{
    const union MHD_DaemonInfo *info = d ? MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT) : NULL;

    return info ? (int)info->port : -1;
}

/* Serves until SIGINT or SIGTERM: the APIs over TLS on o->port and the portal's pages
 * again over plain HTTP on a free loopback port, for a real browser (sim_router_web). */
static int serve(struct sim *sim, const struct sim_tls *tls, const struct options *o,
                 const char *ca_file, sigset_t *sigs)
{
    struct MHD_Daemon *d, *web;
    int port, sig;

    if (!(d = listen_loopback(o->port, tls, sim_router, sim))) {
        complain(_("cannot listen on 127.0.0.1:%d"), o->port);
        return -1;
    }
    if ((port = bound_port(d)) < 0)
        port = o->port;
    web = listen_loopback(0, NULL, sim_router_web, sim);
    if (bound_port(web) < 0) {
        complain("%s", _("cannot listen on 127.0.0.1 for the portal's pages"));
        if (web)
            MHD_stop_daemon(web);
        MHD_stop_daemon(d);
        return -1;
    }
    pthread_mutex_lock(&sim->lock);
    snprintf(sim->web_base, sizeof sim->web_base, "http://127.0.0.1:%d", bound_port(web));
    snprintf(sim->base, sizeof sim->base, "https://127.0.0.1:%d", port);
    snprintf(sim->issuer, sizeof sim->issuer, "%s/sts", sim->base);
    sim_dump_state(sim);
    pthread_mutex_unlock(&sim->lock);
    print_urls(sim, ca_file, port);
    while (sigwait(sigs, &sig) != 0)
        ;
    MHD_stop_daemon(web);
    MHD_stop_daemon(d);
    return 0;
}

int main(int argc, char **argv)
{
    struct options o = { .port = 0 };
    struct sim sim;
    struct sim_tls tls = { 0 };
    struct error err = { 0 };
    char ca_tmp[64] = "";
    const char *ca_file, *dir;
    sigset_t sigs;
    int status = 1;

    setlocale(LC_ALL, "");
    dir = getenv("HELSEID_ADMIN_LOCALEDIR");
    bindtextdomain(PACKAGE, dir && *dir ? dir : LOCALEDIR);
    textdomain(PACKAGE);
    if (sim_init(&sim) != 0) {
        complain("%s", _("out of memory"));
        return 1;
    }
    switch (parse_options(argc, argv, &o, &sim)) {
    case 1:
        status = 0;
        goto out;
    case 2:
        usage(stderr);
        status = 2;
        goto out;
    }
    if (configure(&sim, &o) != 0)
        goto out;
    if (sim_tls_generate(&tls, &err) != 0) {
        complain("%s", err.msg);
        goto out;
    }
    if (o.ca_out) {
        ca_file = o.ca_out;
    } else {
        snprintf(ca_tmp, sizeof ca_tmp, "/tmp/helseid-sim-%ld-ca.pem", (long)getpid());
        ca_file = ca_tmp;
    }
    if (write_ca(ca_file, tls.ca_pem) != 0) {
        complain(_("cannot write the CA certificate to '%s': %s"), ca_file, strerror(errno));
        ca_tmp[0] = '\0';
        goto out;
    }
    if (block_signals(&sigs, o.exit_on_stdin_eof) == 0 && serve(&sim, &tls, &o, ca_file, &sigs) == 0)
        status = 0;
out:
    if (ca_tmp[0])
        remove(ca_tmp);
    sim_tls_clear(&tls);
    sim_free(&sim);
    return status;
}
