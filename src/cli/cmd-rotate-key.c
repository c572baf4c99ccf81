/* helseid-admin rotate-key: a new key pair for the saved client. Order, so that a
 * session stopped at any point leaves a working client:
 *   1. the journal names the new key (store/journal.h), then the new private key goes
 *      to a new file (0600, never overwriting);
 *   2. its public half is uploaded (POST /v1/client-secret) with a token signed by
 *      the current key, and the journal records the answer;
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
#include "core/decimal.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/interrupt.h"
#include "core/strv.h"
#include "jose/rand.h"
#include "net/readiness.h"
#include "net/sb_answer.h"
#include "net/selvbetjening.h"
#include "session/recover.h"
#include "store/audit.h"
#include "store/journal.h"
#include "store/keyfile.h"
#include "store/util.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

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

/* INT, TERM and HUP (net/interrupt.h) end the run between steps (a transfer in
 * flight finishes first), so that its outcome is written. */
static int interrupted(struct error *e)
{
    return interrupt_signal() ? interrupt_error(e) : 0;
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

/* rotate-key --json: what changed (never key material). */
static cJSON *result_json(const char *client_id, const char *old_kid, const struct jwk *nk,
                          enum jose_alg alg, const char *key_file, const char *expires,
                          const char *retired)
{
    cJSON *r = cJSON_CreateObject();

    cJSON_AddStringToObject(r, "client_id", client_id);
    cJSON_AddStringToObject(r, "old_kid", old_kid ? old_kid : "");
    cJSON_AddStringToObject(r, "new_kid", nk->kid);
    cJSON_AddStringToObject(r, "alg", jose_alg_name(alg));
    cJSON_AddStringToObject(r, "key_file", key_file);
    cJSON_AddStringToObject(r, "expires", expires);
    if (retired)
        cJSON_AddStringToObject(r, "retired_key_file", retired);
    return r;
}

/* The old key file becomes NAME.retired (kept 0600, never read again). Returns the
 * new name (to free), or NULL when it could not be renamed. */
static char *retire(const char *path, FILE *out)
{
    char *retired, shown[SANITIZE_DEFAULT_MAX + 1];

    if (asprintf(&retired, "%s.retired", path) < 0)
        return NULL;
    if (rename(path, retired) < 0) {
        if (errno != ENOENT)
            fprintf(stderr, _("%s: warning: cannot retire the old key file \"%s\": %s\n"), PACKAGE,
                    sanitize_into(shown, sizeof shown, path, (size_t)-1, 0), strerror(errno));
        free(retired);
        return NULL;
    }
    store_fsync_parent(retired);
    fprintf(out, _("Old key file renamed to \"%s\"\n"), retired);
    return retired;
}

/* An earlier rotate-key's key: uploaded (the journal has the answer, or HelseID lists
 * its kid) means it is polled again, never a further upload; never uploaded means its
 * file goes. 1 with *nk and *path set to resume, 0 to start afresh, -1 with e. */
static int earlier_upload(struct client_ctx *c, struct selvbetjening *sb, struct jwk *nk, char **path,
                          FILE *out, struct error *e)
{
    struct journal_entry j;
    struct sb_key_list keys;
    bool uploaded;
    int rc;

    if ((rc = journal_read(c->site_path, &j, e)) <= 0)
        return rc;
    rc = 0;
    if (j.op != JOURNAL_KEY_UPLOAD || !j.key_file)
        goto out;
    if (!(*path = client_ctx_path(c, j.key_file))) {
        rc = error_nomem(e);
        goto out;
    }
    if (c->site->config->key_file && strcmp(c->site->config->key_file, j.key_file) == 0) {
        /* Saved with the new key before the entry was cleared: only the retiring of
         * the previous key may be left. */
        if (j.prev_key_file) {
            char *prev = client_ctx_path(c, j.prev_key_file);

            if (prev)
                free(retire(prev, out));
            free(prev);
        }
        rc = journal_clear(c->site_path, e) < 0 ? -1 : 2;
        goto out;
    }
    uploaded = j.stage == JOURNAL_ANSWERED;
    if (!uploaded && j.kid) {
        sb_key_list_init(&keys);
        if (sb_list_keys(sb, &keys, e) < 0) {
            error_prefix(e, _("an earlier rotate-key may have uploaded key %s; cannot tell"), j.kid);
            rc = -1;
            goto out;
        }
        for (size_t i = 0; i < keys.n; i++)
            if (keys.v[i].kid && strcmp(keys.v[i].kid, j.kid) == 0)
                uploaded = true;
        sb_key_list_clear(&keys);
    }
    if (uploaded && client_ctx_load_key(*path, nk, e) == 0) {
        fprintf(out, _("Key %s was uploaded by an earlier rotate-key: waiting for it again, no new upload\n"),
                nk->kid);
        rc = 1;
        goto out;
    }
    if (uploaded) {
        error_prefix(e, _("key %s was uploaded, but its file cannot be used"), j.kid ? j.kid : "?");
        rc = -1;
        goto out;
    }
    /* Never reached HelseID: the key file is useless. */
    if (unlink(*path) == 0)
        fprintf(stderr, _("%s: removed the key file \"%s\" an earlier rotate-key never uploaded\n"), PACKAGE,
                *path);
    rc = journal_clear(c->site_path, e) < 0 ? -1 : 0;
out:
    if (rc != 1) {
        free(*path);
        *path = NULL;
    }
    journal_entry_clear(&j);
    return rc;
}

static int journal_key(const struct client_ctx *c, enum journal_stage st, const char *stored,
                       const struct jwk *nk, enum jose_alg alg, const char *expires, struct error *e)
{
    struct journal_entry j;
    char now[64];
    int rc;

    store_iso_time(now, sizeof now);
    journal_entry_init(&j);
    j.op = JOURNAL_KEY_UPLOAD;
    j.stage = st;
    if (str_replace(&j.command, "rotate-key") < 0 || str_replace(&j.started, now) < 0 ||
        str_replace(&j.client_id, c->site->config->client_id) < 0 || str_replace(&j.key_file, stored) < 0 ||
        str_replace(&j.kid, nk->kid) < 0 || str_replace(&j.alg, jose_alg_name(alg)) < 0 ||
        str_replace(&j.expires, expires) < 0 || str_replace(&j.prev_key_file, c->site->config->key_file) < 0)
        rc = error_nomem(e);
    else
        rc = journal_write(c->site_path, &j, e);
    journal_entry_clear(&j);
    return rc;
}

/* --prune-retired[=DAYS]: retired key files (NAME.retired beside the site file) that
 * were retired (renamed: their ctime) more than `days` ago. */
static void prune_retired(const struct client_ctx *c, int days, FILE *out)
{
    const char *slash = strrchr(c->site_path, '/');
    char *dir = slash ? strndup(c->site_path, (size_t)(slash - c->site_path)) : strdup(".");
    time_t cutoff = time(NULL) - (time_t)days * 86400;
    struct dirent *de;
    DIR *d = dir ? opendir(dir) : NULL;
    int n = 0;

    while (d && (de = readdir(d))) {
        size_t len = strlen(de->d_name);
        struct stat st;
        char summary[600];

        if (len < 12 || strncmp(de->d_name, "client-", 7) != 0 || strcmp(de->d_name + len - 8, ".retired") != 0 ||
            fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode) ||
            st.st_uid != geteuid() || st.st_ctime > cutoff)
            continue;
        if (unlinkat(dirfd(d), de->d_name, 0) < 0) {
            fprintf(stderr, _("%s: cannot remove \"%s\": %s\n"), PACKAGE, de->d_name, strerror(errno));
            continue;
        }
        n++;
        fprintf(out, _("Removed the retired key file \"%s\"\n"), de->d_name);
        snprintf(summary, sizeof summary, "retired key file %s removed (retired over %d days ago)", de->d_name,
                 days);
        {
            char *log = audit_default_path(c->site_path);
            struct error e;

            if (log && audit_append(log, NULL, "prune-retired", summary, &e) < 0)
                fprintf(stderr, "%s: %s\n", PACKAGE, e.msg);
            free(log);
        }
    }
    if (d) {
        if (n)
            store_fsync_dir(dir);
        closedir(d);
    }
    free(dir);
}

/* --if-expires-within=DAYS: 1 when the key is due (or its expiry unknown), 0 when not
 * (said, in the JSON document and in the outcome), -1 with e when the learnt expiry
 * cannot be saved. */
static int rotation_due(struct client_ctx *c, struct selvbetjening *sb, const struct options *o,
                        FILE *out, struct error *e)
{
    bool learnt;
    time_t exp = current_expiry(c, sb, &learnt), now = time(NULL);
    char when[64];
    int days;

    if (learnt && site_file_save(c->sf, e) < 0)
        return -1;
    if (exp < 0) {
        fprintf(out, "%s\n", _("The key's expiry is not known: rotating it"));
        return 1;
    }
    if (exp - now <= (time_t)o->expires_within * 86400)
        return 1;
    days = (int)((exp - now) / 86400);
    iso_utc(exp, when, sizeof when);
    fprintf(out, P_("Not due: the key expires %s, in %d day; nothing done\n",
                    "Not due: the key expires %s, in %d days; nothing done\n", days), when, days);
    if (o->json) {
        cJSON *doc = cJSON_CreateObject();

        cJSON_AddStringToObject(doc, "client_id", c->site->config->client_id);
        cJSON_AddBoolToObject(doc, "rotated", false);
        cJSON_AddStringToObject(doc, "expires", when);
        json_doc_set_body(doc);
    }
    outcome(c->site_path, LOG_INFO, "not due: client %s, key %s expires %s (in %d days, limit %d)",
            c->site->config->client_id, c->key.kid, when, days, o->expires_within);
    return 0;
}

/* One run: the client, the new key and how far it got (for the clean-up on failure). */
struct rotation {
    struct client_ctx c;
    struct selvbetjening sb;
    struct jwk nk;              /* the new key */
    enum jose_alg alg;
    char *new_path;             /* its file */
    char *stored;               /* its file's name as the site file keeps it */
    char exp_iso[64];           /* its expiry; "" unknown (an earlier run's key) */
    bool created, uploaded;
    FILE *out;                  /* --json: stderr, as stdout holds the document alone */
};

static void rotation_start(struct rotation *rt, const struct options *o)
{
    memset(rt, 0, sizeof *rt);
    jwk_init(&rt->nk);
    rt->out = o->json ? stderr : stdout;
}

static void rotation_end(struct rotation *rt)
{
    free(rt->stored);
    selvbetjening_clear(&rt->sb);
    free(rt->new_path);
    jwk_clear(&rt->nk);
    client_ctx_close(&rt->c);
}

/* 1: the new key pair, named in the journal before its file exists (so no run leaves
 * it behind), then written to its own file. */
static int create_key(struct rotation *rt, const struct options *o, struct error *e)
{
    struct client_ctx *c = &rt->c;
    char *priv = NULL;
    int rc = -1;

    rt->alg = c->key.alg == JOSE_ALG_PS256 ? JOSE_ALG_PS256 : JOSE_ALG_ES256;
    if (o->key_alg)         /* --key-alg: switch, e.g. from an imported RSA 2048 key */
        rt->alg = strcmp(o->key_alg, "PS256") == 0 ? JOSE_ALG_PS256 : JOSE_ALG_ES256;
    if (jwk_generate(&rt->nk, rt->alg, rt->alg == JOSE_ALG_PS256 ? 4096 : 0, e) < 0 ||
        !(priv = jwk_to_string(&rt->nk, JWK_EXPORT_PRIVATE | JWK_EXPORT_META, e)))
        goto out;
    if (!(rt->new_path = new_key_name(c->key_path, rt->nk.kid)) ||
        !(rt->stored = stored_name(c->site->config->key_file, rt->new_path))) {
        error_nomem(e);
        goto out;
    }
    if (site_file_check(c->sf, e) < 0 ||
        journal_key(c, JOURNAL_INTENT, rt->stored, &rt->nk, rt->alg, NULL, e) < 0 ||
        keyfile_create(rt->new_path, priv, strlen(priv), e) < 0)
        goto out;
    rt->created = true;
    fprintf(rt->out, _("New %s key %s written to \"%s\"\n"), jose_alg_name(rt->alg), rt->nk.kid,
            rt->new_path);
    rc = 0;
out:
    secret_free_str(priv);
    return rc;
}

/* 2: the public half to Selvbetjening, with a token signed by the current key; the
 * journal records the answer. */
static int upload_key(struct rotation *rt, struct error *e)
{
    char *pub = NULL, when[64];
    time_t expiration;
    struct tm tm;

    if (interrupted(e) < 0 || !(pub = jwk_to_string(&rt->nk, JWK_EXPORT_META, e)) ||
        sb_upload_key(&rt->sb, pub, &expiration, e) < 0) {
        free(pub);
        return -1;
    }
    free(pub);
    rt->uploaded = true;
    iso_utc(expiration, rt->exp_iso, sizeof rt->exp_iso);
    if (journal_key(&rt->c, JOURNAL_ANSWERED, rt->stored, &rt->nk, rt->alg, rt->exp_iso, e) < 0)
        fprintf(stderr, _("%s: %s (the next rotate-key asks HelseID for key %s instead)\n"), PACKAGE, e->msg,
                rt->nk.kid);
    gmtime_r(&expiration, &tm);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
    fprintf(rt->out, _("Uploaded to Selvbetjening; the new key expires %s: rotate again before then\n"), when);
    return 0;
}

/* 3: tokens fetched with the new key, retried with backoff while HelseID propagates it. */
static int wait_until_accepted(struct rotation *rt, const struct options *o, struct error *e)
{
    struct client_ctx *c = &rt->c;
    struct token_session nts;
    struct readiness r;
    struct readiness_config cfg = { .timeout_ms = (int64_t)client_ctx_timeout_s(o) * 1000 };
    char num[32];
    int rc;

    token_session_init(&nts, c->http, &c->oidc, c->site->config->client_id, &rt->nk);
    cfg.retry_after_ms = &nts.retry_after_ms;
    rc = readiness_run(&r, &cfg, probe, &nts, e);
    token_session_clear(&nts);
    if (rc < 0) {
        if (e->code != ERR_INTERRUPTED)
            error_prefix(e, _("the new key does not work yet; the old key stays in use: run rotate-key again "
                              "later (it waits for this key, no new upload)"));
        return -1;
    }
    fprintf(rt->out, P_("HelseID accepts the new key (%d attempt, %s s)\n",
                        "HelseID accepts the new key (%d attempts, %s s)\n", readiness_attempts(&r)),
            readiness_attempts(&r),
            ui_decimal(num, sizeof num, (double)readiness_elapsed_ms(&r, 0) / 1000.0, 1));
    return 0;
}

/* 4: the site file names the new key (atomic save, audit line); 5: the old key file is
 * retired, before the journal entry goes, so that a run stopped here retires it next
 * time. */
static int adopt_key(struct rotation *rt, const struct options *o, struct error *e)
{
    struct helseid_config *cfg = rt->c.site->config;
    char summary[512], *retired;

    if ((!rt->stored && !(rt->stored = stored_name(cfg->key_file, rt->new_path))) ||
        str_replace(&cfg->key_file, rt->stored) < 0 ||
        str_replace(&cfg->key_alg, jose_alg_name(rt->alg)) < 0 ||
        (rt->exp_iso[0] && str_replace(&cfg->key_expires, rt->exp_iso) < 0))
        return error_nomem(e);
    if (site_file_save(rt->c.sf, e) < 0)
        return -1;
    snprintf(summary, sizeof summary, "client %s: key %s replaced by %s (%s)",
             cfg->client_id, rt->c.key.kid, rt->nk.kid, jose_alg_name(rt->alg));
    outcome(rt->c.site_path, LOG_NOTICE, "rotated: %s, expires %s", summary, rt->exp_iso[0] ? rt->exp_iso : "?");
    retired = retire(rt->c.key_path, rt->out);
    if (journal_clear(rt->c.site_path, e) < 0)
        fprintf(stderr, "%s: %s\n", PACKAGE, e->msg);
    if (o->json)
        json_doc_set_body(result_json(cfg->client_id, rt->c.key.kid, &rt->nk, rt->alg, rt->new_path,
                                      rt->exp_iso, retired));
    free(retired);
    return 0;
}

/* A failed run: a key HelseID never saw is useless, so it goes (and its journal
 * entry); an uploaded one is kept, and the journal makes the next run wait for it.
 * Returns the exit status. */
static int rotation_failed(struct rotation *rt, struct error *e)
{
    struct client_ctx *c = &rt->c;
    struct error je;
    int status;

    if (rt->created && !rt->uploaded) {
        unlink(rt->new_path);
        journal_clear(c->site_path, &je);
    } else if (!rt->created && rt->new_path && rt->stored && c->sf) {
        journal_clear(c->site_path, &je);
    }
    if (c->site)
        readiness_explain_unconfirmed(c->site->config, e);
    status = cli_fail(e);
    if (e->code == ERR_INTERRUPTED)
        status = interrupt_exit_status();
    if (c->site_path)
        outcome(c->site_path, LOG_ERR, "%s: %s%s", e->code == ERR_INTERRUPTED ? "interrupted" : "failed",
                e->msg, rt->uploaded ? " (the new key was uploaded but is not in use)" : "");
    return status;
}

int cmd_rotate_key(const struct options *o, int argc, char **argv)
{
    struct rotation rt;
    struct client_ctx *c = &rt.c;
    struct error e = { 0 };
    int status = 1, earlier, due;

    (void)argv;
    (void)argc;                 /* no operands: cli/parse.c checked */
    rotation_start(&rt, o);
    if (client_ctx_open(c, o, CTX_LOCK | CTX_NEED_CLIENT | CTX_NET | CTX_KEY_JOURNAL, &e) < 0)
        goto fail;
    selvbetjening_init(&rt.sb, &c->ts, c->ep.selvbetjening_api);
    /* An earlier run's key first: polled again, never a further upload. */
    if ((earlier = earlier_upload(c, &rt.sb, &rt.nk, &rt.new_path, rt.out, &e)) < 0)
        goto fail;
    if (earlier == 2) {
        fprintf(rt.out, _("An earlier rotate-key finished: key \"%s\" is in use\n"), c->site->config->key_file);
        goto done;
    }
    if (earlier == 1) {
        rt.alg = rt.nk.alg == JOSE_ALG_PS256 ? JOSE_ALG_PS256 : JOSE_ALG_ES256;
        rt.created = rt.uploaded = true;
    } else {
        if (o->expires_within >= 0 && (due = rotation_due(c, &rt.sb, o, rt.out, &e)) <= 0) {
            if (due < 0)
                goto fail;
            goto done;
        }
        /* A run that cannot be audited sends nothing. */
        if (interrupted(&e) < 0 ||
            audit_before_send(c->site_path, NULL, "rotate-key-start", c->site->config->client_id, &e) < 0 ||
            create_key(&rt, o, &e) < 0 || upload_key(&rt, &e) < 0)
            goto fail;
    }
    if (wait_until_accepted(&rt, o, &e) < 0 || adopt_key(&rt, o, &e) < 0)
        goto fail;
done:
    if (o->prune_retired_days >= 0)
        prune_retired(c, o->prune_retired_days, rt.out);
    status = 0;
    goto out;
fail:
    status = rotation_failed(&rt, &e);
out:
    rotation_end(&rt);
    return status;
}
