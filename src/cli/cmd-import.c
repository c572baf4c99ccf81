/* helseid-admin import FILE: take over a client configuration downloaded from the
 * Selvbetjening portal (JSON, maybe with a UTF-8 BOM). The private key goes into its
 * own key file (0600, never overwriting), never into the site file; the site file gets
 * the client id, the environment and the key's name. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "session/client_ctx.h"
#include "cli/commands.h"
#include "cli/import_zip.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/interrupt.h"
#include "net/endpoints.h"
#include "jose/rand.h"
#include "net/remote.h"
#include "net/sb_config_file.h"
#include "store/audit.h"
#include "store/keyfile.h"
#include "store/util.h"

/* prod or test by the authority, else the environment the user named. */
static int env_for_authority(const char *authority, const char *given, const char **env,
                             struct error *e)
{
    static const enum endpoint_env envs[] = { ENDPOINT_ENV_PROD, ENDPOINT_ENV_TEST };

    for (size_t i = 0; i < 2; i++) {
        struct endpoints ep;
        int same;
        endpoints_init(&ep);
        same = endpoints_defaults(&ep, envs[i], NULL) == 0 && ep.authority &&
               strcmp(ep.authority, authority) == 0;
        endpoints_clear(&ep);
        if (same) {
            if (given && strcmp(given, endpoint_env_name(envs[i])) != 0)
                return error_set(e, ERR_INVALID, _("the file is for \"%s\" but --env says \"%s\""),
                                 endpoint_env_name(envs[i]), given);
            *env = endpoint_env_name(envs[i]);
            return 0;
        }
    }
    if (!given)
        return error_set(e, ERR_USAGE, _("unknown authority \"%s\": give --env (and --authority)"), authority);
    *env = given;
    return 0;
}

/* The portal's file (JSON, or the zip holding it) read into cf. */
static int read_portal_file(const char *path, const struct options *o, struct sb_config_file *cf,
                            struct error *e)
{
    char *text = NULL;
    size_t len = 0;
    int rc = -1;

    bool zip = import_zip_is_zip(path);

    /* A signal while opening (a FIFO nobody writes yet) makes that "not a zip": stop
     * here rather than block again in the next open. */
    if (interrupt_signal())
        return interrupt_error(e);
    if (zip) {
        if (import_zip_read(path, o->password_file, o->no_input, SB_CONFIG_FILE_MAX, &text, &len, e) < 0)
            goto out;
    } else if (store_load_file(path, SB_CONFIG_FILE_MAX, &text, &len, e) < 0) {
        goto out;
    }
    if (sb_config_file_parse(text, len, cf, e) < 0) {
        error_prefix(e, "%s", path);
        goto out;
    }
    rc = 0;
out:
    if (text) {
        OPENSSL_cleanse(text, len);
        free(text);
    }
    return rc;
}

/* The file's private key, one that can sign with ES256 or PS256. */
static int import_key(const char *path, const struct sb_config_file *cf, struct jwk *k, struct error *e)
{
    if (jwk_import_selvbetjening(k, cf->private_jwk, e) < 0)
        return error_prefix(e, _("%s: the private key"), path);
    if (k->alg != JOSE_ALG_ES256 && k->alg != JOSE_ALG_PS256)
        return error_set(e, ERR_CRYPTO, _("%s: the key cannot sign with ES256 or PS256"), path);
    return 0;
}

/* The private key to its own file "client-<kid prefix>.jwk" beside the site file
 * (0600, never overwriting): its name in *key_name, its path in *key_path. */
static int write_key_file(struct client_ctx *c, const struct jwk *k, char **key_name, char **key_path,
                          struct error *e)
{
    char *priv = NULL;
    int rc = -1;

    if (asprintf(key_name, "client-%.12s.jwk", k->kid) < 0) {
        *key_name = NULL;
        return error_nomem(e);
    }
    if (!(*key_path = client_ctx_path(c, *key_name)) ||
        !(priv = jwk_to_string(k, JWK_EXPORT_PRIVATE | JWK_EXPORT_META, e))) {
        if (!e->msg[0])
            error_nomem(e);
        goto out;
    }
    rc = keyfile_create(*key_path, priv, strlen(priv), e);
out:
    secret_free_str(priv);
    return rc;
}

/* The site file names the client, its environment and its key (saved, audit line). */
static int save_client(struct client_ctx *c, const struct sb_config_file *cf, const char *env,
                       const char *key_name, const struct jwk *k, struct error *e)
{
    struct helseid_config *cfg = c->site->config;
    char summary[256], *audit;

    if (!cfg) {
        if (!(cfg = calloc(1, sizeof *cfg)))
            return error_nomem(e);
        c->site->config = cfg;
    }
    cfg->state = CONFIG_ACTIVE;
    if (str_replace(&cfg->client_id, cf->client_id) < 0 || str_replace(&cfg->env, env) < 0 ||
        str_replace(&cfg->key_file, key_name) < 0 ||
        str_replace(&cfg->key_alg, jose_alg_name(k->alg)) < 0)
        return error_nomem(e);
    if (site_file_save(c->sf, e) < 0)
        return -1;
    snprintf(summary, sizeof summary, "client %s (%s) imported, key %s (%s)", cf->client_id, env,
             k->kid, jose_alg_name(k->alg));
    if ((audit = audit_default_path(c->site_path)) &&
        audit_append(audit, NULL, "import", summary, e) < 0)
        fprintf(stderr, "%s: %s\n", PACKAGE, e->msg);
    free(audit);
    return 0;
}

/* What was imported, where the key went, and what to do next. */
static void report(const struct options *o, const struct client_ctx *c, const struct sb_config_file *cf,
                   const char *env, const struct jwk *k, const char *key_path)
{
    FILE *out = o->json ? stderr : stdout;     /* --json: stdout holds the document alone */
    char shown[SANITIZE_DEFAULT_MAX + 1];      /* the key's path as printed */
    char *name = remote_text(cf->client_name ? cf->client_name : cf->client_id, (size_t)-1);

    if (o->json) {
        cJSON *r = cJSON_CreateObject();

        cJSON_AddStringToObject(r, "client_id", cf->client_id);
        cJSON_AddStringToObject(r, "env", env);
        cJSON_AddStringToObject(r, "kid", k->kid);
        cJSON_AddStringToObject(r, "alg", jose_alg_name(k->alg));
        cJSON_AddStringToObject(r, "key_file", key_path);
        json_doc_set_body(r);
    }
    fprintf(out, _("Imported \"%s\" (client %s, %s)\n"), name ? name : "?", cf->client_id, env);
    fprintf(out, _("Key %s (%s) saved in \"%s\" (mode 0600)\n"), k->kid, jose_alg_name(k->alg),
            sanitize_into(shown, sizeof shown, key_path, (size_t)-1, 0));
    if (jwk_rsa_bits(k) && jwk_rsa_bits(k) < JWK_RSA_MIN_BITS)
        /* TRANSLATORS: %d is the key size in bits (2048). */
        fprintf(stderr, _("%s: warning: the key is RSA %d bits; it works, but make a new one soon: "
                          "%s rotate-key\n"), PACKAGE, jwk_rsa_bits(k), PACKAGE);
    if (c->created)
        fprintf(out, _("Made the new site file \"%s\" holding only this client; add the unit tree and "
                       "the users (man 5 helseid-site) before running the wizard\n"), c->site_path);
    fprintf(out, _("Check it with: %s test-token\n"), PACKAGE);
    free(name);
}

int cmd_import(const struct options *o, int argc, char **argv)
{
    struct client_ctx c;
    struct sb_config_file cf;
    struct error e = { 0 };
    struct jwk k;
    const struct helseid_config *cfg;
    char *key_path = NULL, *key_name = NULL;
    const char *env = NULL;
    int status = 1;

    sb_config_file_init(&cf);
    jwk_init(&k);
    memset(&c, 0, sizeof c);
    (void)argc;                 /* one FILE: cli/parse.c checked */
    if (read_portal_file(argv[1], o, &cf, &e) < 0 || env_for_authority(cf.authority, o->env, &env, &e) < 0 ||
        import_key(argv[1], &cf, &k, &e) < 0 || client_ctx_open(&c, o, CTX_LOCK | CTX_CREATE, &e) < 0)
        goto fail;
    cfg = c.site->config;
    if (cfg && cfg->client_id && strcmp(cfg->client_id, cf.client_id) != 0) {
        error_set(&e, ERR_INVALID, _("\"%s\" already has client \"%s\"; import refuses to replace another client"),
                  c.site_path, cfg->client_id);
        goto fail;
    }
    if (write_key_file(&c, &k, &key_name, &key_path, &e) < 0 || save_client(&c, &cf, env, key_name, &k, &e) < 0)
        goto fail;
    report(o, &c, &cf, env, &k, key_path);
    status = 0;
    goto out;
fail:
    status = cli_fail(&e);
out:
    free(key_path);
    free(key_name);
    jwk_clear(&k);
    sb_config_file_clear(&cf);
    client_ctx_close(&c);
    return status;
}
