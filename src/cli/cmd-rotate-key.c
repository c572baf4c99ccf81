/* helseid-admin rotate-key: a new key pair for the saved client. Order, so that a
 * session stopped at any point leaves a working client:
 *   1. the new private key goes to a new file (0600, never overwriting);
 *   2. its public half is uploaded (POST /v1/client-secret) with a token signed by
 *      the current key;
 *   3. a token is fetched with the new key, retried with backoff while HelseID
 *      propagates it (net/readiness.h);
 *   4. only then the site file names the new key (atomic save, audit line), and
 *   5. the old key file is renamed to NAME.retired (kept 0600, never read again).
 * --if-expires-within=DAYS (for a timer or cron): nothing is done, exit 0, unless the
 * current key expires within DAYS (its expiry from the site file, else from
 * Selvbetjening). Every run's outcome (rotated, not due, failed, interrupted) goes to
 * the audit log and to syslog. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "session/client_ctx.h"
#include "session/readiness_report.h"
#include "cli/commands.h"
#include "core/i18n.h"
#include "net/rand.h"
#include "net/readiness.h"
#include "net/sb_answer.h"
#include "net/selvbetjening.h"
#include "store/audit.h"
#include "store/keyfile.h"

/* "client-<kid prefix>.jwk" beside the old key. */
static char *new_key_name(const char *old_path, const char *kid)
{
    const char *slash = strrchr(old_path, '/');
    char *p;

    if (asprintf(&p, "%.*sclient-%.12s.jwk", slash ? (int)(slash - old_path + 1) : 0, old_path, kid) < 0)
        return NULL;
    return p;
}

/* The site file keeps the key path as it was written: the new file sits beside the
 * old one, so keep the old folder part and put the new file name after it. */
static char *stored_name(const char *old_stored, const char *new_path)
{
    const char *base = strrchr(new_path, '/'), *dir = strrchr(old_stored, '/');
    char *p;

    base = base ? base + 1 : new_path;
    if (asprintf(&p, "%.*s%s", dir ? (int)(dir - old_stored + 1) : 0, old_stored, base) < 0)
        return NULL;
    return p;
}

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    stop_signal = sig;
}

/* INT, TERM and HUP end the run between steps (a transfer in flight finishes first),
 * so that its outcome is written; the old handlers come back afterwards. */
static void catch_signals(bool on, struct sigaction old[3])
{
    static const int sigs[3] = { SIGINT, SIGTERM, SIGHUP };
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < 3; i++) {
        if (on)
            sigaction(sigs[i], &sa, &old[i]);
        else
            sigaction(sigs[i], &old[i], NULL);
    }
}

static int interrupted(struct error *e)
{
    if (!stop_signal)
        return 0;
    return error_set(e, ERR_INTERRUPTED, _("interrupted by signal %d"), (int)stop_signal);
}

/* The readiness probe, stopped by a signal. */
static int probe(void *ud, struct error *e)
{
    if (interrupted(e) < 0)
        return -1;
    return sb_probe_token(ud, e);
}

/* One run's outcome, to the audit log beside the site file and to syslog (journald). */
static void outcome(const char *site_path, int prio, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void outcome(const char *site_path, int prio, const char *fmt, ...)
{
    char msg[700];
    char *log = site_path ? audit_default_path(site_path) : NULL;
    struct error e;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (log && audit_append(log, NULL, "rotate-key", msg, &e) < 0)
        fprintf(stderr, "%s: %s\n", PACKAGE, e.msg);
    free(log);
    openlog(PACKAGE, LOG_PID, LOG_USER);
    syslog(prio, "rotate-key %s: %s", site_path ? site_path : "-", msg);
    closelog();
}

static void iso_utc(time_t t, char *buf, size_t n)
{
    struct tm tm;

    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* When the current key expires: the site's record, else Selvbetjening's list of the
 * client's keys (ours by kid or thumbprint), remembered in the site. -1 unknown. */
static time_t current_expiry(struct client_ctx *c, struct selvbetjening *sb, bool *learnt)
{
    struct sb_key_list l;
    struct error e;
    char jkt[JWK_THUMBPRINT_SIZE];
    time_t t = -1;

    *learnt = false;
    if (c->site->config->key_expires && sb_parse_iso8601(c->site->config->key_expires, &t) == 0)
        return t;
    sb_key_list_init(&l);
    if (jwk_thumbprint(&c->key, jkt, &e) == 0 && sb_list_keys(sb, &l, &e) == 0)
        for (size_t i = 0; i < l.n; i++)
            if (l.v[i].expiration >= 0 &&
                ((l.v[i].kid && strcmp(l.v[i].kid, c->key.kid) == 0) ||
                 (l.v[i].thumbprint && strcmp(l.v[i].thumbprint, jkt) == 0)))
                t = l.v[i].expiration;
    sb_key_list_clear(&l);
    if (t >= 0) {
        char when[32];

        iso_utc(t, when, sizeof when);
        *learnt = str_replace(&c->site->config->key_expires, when) == 0;
    }
    return t;
}

int cmd_rotate_key(const struct options *o, int argc, char **argv)
{
    struct client_ctx c;
    struct error e = { 0 };
    struct jwk nk;
    struct selvbetjening sb;
    struct token_session nts;
    struct readiness r;
    struct readiness_config rc_cfg = { .timeout_ms = 0 };
    char *priv = NULL, *pub = NULL, *new_path = NULL, *retired = NULL, *audit = NULL, *stored = NULL;
    bool created = false, uploaded = false;
    char summary[512], when[64];
    time_t expiration;
    struct tm tm;
    int status = 1;
    enum jose_alg alg;
    struct sigaction old_sa[3];

    (void)argv;
    stop_signal = 0;
    catch_signals(true, old_sa);
    jwk_init(&nk);
    memset(&sb, 0, sizeof sb);
    token_session_init(&nts, NULL, NULL, NULL, NULL);
    if (argc > 1) {
        fprintf(stderr, _("Usage: %s rotate-key [--if-expires-within=DAYS]\n"), PACKAGE);
        catch_signals(false, old_sa);
        return 2;
    }
    if (client_ctx_open(&c, o, CTX_LOCK | CTX_NEED_CLIENT | CTX_NET, &e) < 0)
        goto fail;
    selvbetjening_init(&sb, &c.ts, c.ep.selvbetjening_api);
    if (o->expires_within >= 0) {
        bool learnt;
        time_t exp = current_expiry(&c, &sb, &learnt), now = time(NULL);

        if (learnt && site_file_save(c.sf, &e) < 0)
            goto fail;
        if (exp >= 0 && exp - now > (time_t)o->expires_within * 86400) {
            int days = (int)((exp - now) / 86400);

            iso_utc(exp, when, sizeof when);
            printf(P_("Not due: the key expires %s, in %d day; nothing done\n",
                      "Not due: the key expires %s, in %d days; nothing done\n", days), when, days);
            outcome(c.site_path, LOG_INFO, "not due: client %s, key %s expires %s (in %d days, limit %d)",
                    c.site->config->client_id, c.key.kid, when, days, o->expires_within);
            status = 0;
            goto out;
        }
        if (exp < 0)
            printf("%s\n", _("The key's expiry is not known: rotating it"));
    }
    if (interrupted(&e) < 0)
        goto fail;
    alg = c.key.alg == JOSE_ALG_PS256 ? JOSE_ALG_PS256 : JOSE_ALG_ES256;
    if (o->key_alg)         /* --key-alg: switch, e.g. from an imported RSA 2048 key */
        alg = strcmp(o->key_alg, "PS256") == 0 ? JOSE_ALG_PS256 : JOSE_ALG_ES256;
    if (jwk_generate(&nk, alg, alg == JOSE_ALG_PS256 ? 4096 : 0, &e) < 0)
        goto fail;
    if (!(priv = jwk_to_string(&nk, JWK_EXPORT_PRIVATE | JWK_EXPORT_META, &e)) ||
        !(pub = jwk_to_string(&nk, JWK_EXPORT_META, &e)))
        goto fail;
    if (!(new_path = new_key_name(c.key_path, nk.kid))) {
        error_set(&e, ERR_NOMEM, _("out of memory"));
        goto fail;
    }
    /* 1 */
    if (keyfile_create(new_path, priv, strlen(priv), &e) < 0)
        goto fail;
    created = true;
    printf(_("New %s key %s written to \"%s\"\n"), jose_alg_name(alg), nk.kid, new_path);
    /* 2 */
    if (interrupted(&e) < 0 || sb_upload_key(&sb, pub, &expiration, &e) < 0)
        goto fail;
    uploaded = true;
    gmtime_r(&expiration, &tm);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
    printf(_("Uploaded to Selvbetjening; the new key expires %s: rotate again before then\n"), when);
    /* 3 */
    token_session_init(&nts, c.http, &c.oidc, c.site->config->client_id, &nk);
    rc_cfg.timeout_ms = (int64_t)client_ctx_timeout_s(o) * 1000;
    rc_cfg.retry_after_ms = &nts.retry_after_ms;
    if (readiness_run(&r, &rc_cfg, probe, &nts, &e) < 0) {
        if (e.code != ERR_INTERRUPTED)
            error_prefix(&e, _("the new key does not work yet; the old key stays in use, run rotate-key again later"));
        goto fail;
    }
    printf(P_("HelseID accepts the new key (%d attempt, %.1f s)\n",
              "HelseID accepts the new key (%d attempts, %.1f s)\n", readiness_attempts(&r)),
           readiness_attempts(&r), (double)readiness_elapsed_ms(&r, 0) / 1000.0);
    /* 4 */
    if (!(stored = stored_name(c.site->config->key_file, new_path)) ||
        str_replace(&c.site->config->key_file, stored) < 0 ||
        str_replace(&c.site->config->key_alg, jose_alg_name(alg)) < 0 ||
        (iso_utc(expiration, when, sizeof when), str_replace(&c.site->config->key_expires, when)) < 0) {
        error_set(&e, ERR_NOMEM, _("out of memory"));
        goto fail;
    }
    if (site_file_save(c.sf, &e) < 0)
        goto fail;
    snprintf(summary, sizeof summary, "client %s: key %s replaced by %s (%s)",
             c.site->config->client_id, c.key.kid, nk.kid, jose_alg_name(alg));
    outcome(c.site_path, LOG_NOTICE, "rotated: %s, expires %s", summary, when);
    /* 5 */
    if (asprintf(&retired, "%s.retired", c.key_path) < 0) {
        retired = NULL;
    } else if (rename(c.key_path, retired) < 0) {
        fprintf(stderr, _("%s: warning: cannot retire the old key file \"%s\": %s\n"), PACKAGE,
                c.key_path, strerror(errno));
    } else {
        printf(_("Old key file renamed to \"%s\"\n"), retired);
    }
    status = 0;
    goto out;
fail:
    /* A key HelseID never saw is useless: remove it. An uploaded one is kept. */
    if (created && !uploaded)
        unlink(new_path);
    if (c.site)
        readiness_explain_unconfirmed(c.site->config, &e);
    status = client_ctx_fail(&e);
    if (e.code == ERR_INTERRUPTED)
        status = 128 + (int)stop_signal;
    if (c.site_path)
        outcome(c.site_path, LOG_ERR, "%s: %s%s", e.code == ERR_INTERRUPTED ? "interrupted" : "failed",
                e.msg, uploaded ? " (the new key was uploaded but is not in use)" : "");
out:
    catch_signals(false, old_sa);
    free(stored);
    token_session_clear(&nts);
    selvbetjening_clear(&sb);
    secret_free_str(priv);
    free(pub);
    free(new_path);
    free(retired);
    free(audit);
    jwk_clear(&nk);
    client_ctx_close(&c);
    return status;
}
