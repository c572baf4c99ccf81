/* helseid-admin rotate-key: a new key pair for the saved client. Order, so that a
 * session stopped at any point leaves a working client:
 *   1. the new private key goes to a new file (0600, never overwriting);
 *   2. its public half is uploaded (POST /v1/client-secret) with a token signed by
 *      the current key;
 *   3. a token is fetched with the new key, retried with backoff while HelseID
 *      propagates it (net/readiness.h);
 *   4. only then the site file names the new key (atomic save, audit line), and
 *   5. the old key file is renamed to NAME.retired (kept 0600, never read again). */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "session/client_ctx.h"
#include "cli/commands.h"
#include "core/i18n.h"
#include "net/rand.h"
#include "net/readiness.h"
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

    (void)argv;
    jwk_init(&nk);
    memset(&sb, 0, sizeof sb);
    token_session_init(&nts, NULL, NULL, NULL, NULL);
    if (argc > 1) {
        fprintf(stderr, _("Usage: %s rotate-key\n"), PACKAGE);
        return 2;
    }
    if (client_ctx_open(&c, o, CTX_LOCK | CTX_NEED_CLIENT | CTX_NET, &e) < 0 ||
        audit_before_send(c.site_path, NULL, "rotate-key-start", c.site->config->client_id, &e) < 0)
        goto fail;
    alg = c.key.alg == JOSE_ALG_PS256 ? JOSE_ALG_PS256 : JOSE_ALG_ES256;
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
    selvbetjening_init(&sb, &c.ts, c.ep.selvbetjening_api);
    if (sb_upload_key(&sb, pub, &expiration, &e) < 0)
        goto fail;
    uploaded = true;
    gmtime_r(&expiration, &tm);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
    printf(_("Uploaded to Selvbetjening; the new key expires %s: rotate again before then\n"), when);
    /* 3 */
    token_session_init(&nts, c.http, &c.oidc, c.site->config->client_id, &nk);
    rc_cfg.timeout_ms = (int64_t)client_ctx_timeout_s(o) * 1000;
    if (readiness_run(&r, &rc_cfg, sb_probe_token, &nts, &e) < 0) {
        error_prefix(&e, _("the new key does not work yet; the old key stays in use, run rotate-key again later"));
        goto fail;
    }
    printf(P_("HelseID accepts the new key (%d attempt, %.1f s)\n",
              "HelseID accepts the new key (%d attempts, %.1f s)\n", readiness_attempts(&r)),
           readiness_attempts(&r), (double)readiness_elapsed_ms(&r, 0) / 1000.0);
    /* 4 */
    if (!(stored = stored_name(c.site->config->key_file, new_path)) ||
        str_replace(&c.site->config->key_file, stored) < 0 ||
        str_replace(&c.site->config->key_alg, jose_alg_name(alg)) < 0) {
        error_set(&e, ERR_NOMEM, _("out of memory"));
        goto fail;
    }
    if (site_file_save(c.sf, &e) < 0)
        goto fail;
    snprintf(summary, sizeof summary, "client %s: key %s replaced by %s (%s)",
             c.site->config->client_id, c.key.kid, nk.kid, jose_alg_name(alg));
    if ((audit = audit_default_path(c.site_path)) && audit_append(audit, NULL, "rotate-key", summary, &e) < 0)
        fprintf(stderr, "%s: %s\n", PACKAGE, e.msg);
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
    status = client_ctx_fail(&e);
out:
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
