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

int cmd_import(const struct options *o, int argc, char **argv)
{
    struct client_ctx c;
    struct sb_config_file cf;
    struct error e = { 0 };
    struct jwk k;
    struct helseid_config *cfg;
    char *text = NULL, *priv = NULL, *key_path = NULL, *audit = NULL, *name = NULL, *key_name = NULL;
    char summary[256];
    size_t len = 0;
    const char *env = NULL;
    int status = 1;
    FILE *out = o->json ? stderr : stdout;     /* --json: stdout holds the document alone */

    sb_config_file_init(&cf);
    jwk_init(&k);
    memset(&c, 0, sizeof c);
    (void)argc;                 /* one FILE: cli/parse.c checked */
    if (import_zip_is_zip(argv[1])) {
        if (import_zip_read(argv[1], o->password_file, o->no_input, SB_CONFIG_FILE_MAX, &text, &len, &e) < 0)
            goto fail;
    } else if (store_load_file(argv[1], SB_CONFIG_FILE_MAX, &text, &len, &e) < 0) {
        goto fail;
    }
    if (sb_config_file_parse(text, len, &cf, &e) < 0) {
        error_prefix(&e, "%s", argv[1]);
        goto fail;
    }
    if (env_for_authority(cf.authority, o->env, &env, &e) < 0)
        goto fail;
    if (jwk_import_selvbetjening(&k, cf.private_jwk, &e) < 0) {
        error_prefix(&e, _("%s: the private key"), argv[1]);
        goto fail;
    }
    if (k.alg != JOSE_ALG_ES256 && k.alg != JOSE_ALG_PS256) {
        error_set(&e, ERR_CRYPTO, _("%s: the key cannot sign with ES256 or PS256"), argv[1]);
        goto fail;
    }
    if (client_ctx_open(&c, o, CTX_LOCK | CTX_CREATE, &e) < 0)
        goto fail;
    cfg = c.site->config;
    if (cfg && cfg->client_id && strcmp(cfg->client_id, cf.client_id) != 0) {
        error_set(&e, ERR_INVALID, _("\"%s\" already has client \"%s\"; import refuses to replace another client"),
                  c.site_path, cfg->client_id);
        goto fail;
    }
    if (asprintf(&key_name, "client-%.12s.jwk", k.kid) < 0) {
        key_name = NULL;
        error_nomem(&e);
        goto fail;
    }
    if (!(key_path = client_ctx_path(&c, key_name)) ||
        !(priv = jwk_to_string(&k, JWK_EXPORT_PRIVATE | JWK_EXPORT_META, &e))) {
        if (!e.msg[0])
            error_nomem(&e);
        goto fail;
    }
    if (keyfile_create(key_path, priv, strlen(priv), &e) < 0)
        goto fail;
    if (!cfg) {
        if (!(cfg = calloc(1, sizeof *cfg))) {
            error_nomem(&e);
            goto fail;
        }
        c.site->config = cfg;
    }
    cfg->state = CONFIG_ACTIVE;
    if (str_replace(&cfg->client_id, cf.client_id) < 0 || str_replace(&cfg->env, env) < 0 ||
        str_replace(&cfg->key_file, key_name) < 0 ||
        str_replace(&cfg->key_alg, jose_alg_name(k.alg)) < 0) {
        error_nomem(&e);
        goto fail;
    }
    if (site_file_save(c.sf, &e) < 0)
        goto fail;
    snprintf(summary, sizeof summary, "client %s (%s) imported, key %s (%s)", cf.client_id, env,
             k.kid, jose_alg_name(k.alg));
    if ((audit = audit_default_path(c.site_path)) &&
        audit_append(audit, NULL, "import", summary, &e) < 0)
        fprintf(stderr, "%s: %s\n", PACKAGE, e.msg);
    name = remote_text(cf.client_name ? cf.client_name : cf.client_id, (size_t)-1);
    if (o->json) {
        cJSON *r = cJSON_CreateObject();

        cJSON_AddStringToObject(r, "client_id", cf.client_id);
        cJSON_AddStringToObject(r, "env", env);
        cJSON_AddStringToObject(r, "kid", k.kid);
        cJSON_AddStringToObject(r, "alg", jose_alg_name(k.alg));
        cJSON_AddStringToObject(r, "key_file", key_path);
        json_doc_set_body(r);
    }
    fprintf(out, _("Imported \"%s\" (client %s, %s)\n"), name ? name : "?", cf.client_id, env);
    fprintf(out, _("Key %s (%s) saved in \"%s\" (mode 0600)\n"), k.kid, jose_alg_name(k.alg), key_path);
    if (jwk_rsa_bits(&k) && jwk_rsa_bits(&k) < JWK_RSA_MIN_BITS)
        /* TRANSLATORS: %d is the key size in bits (2048). */
        fprintf(stderr, _("%s: warning: the key is RSA %d bits; it works, but make a new one soon: "
                          "%s rotate-key\n"), PACKAGE, jwk_rsa_bits(&k), PACKAGE);
    if (c.created)
        fprintf(out, _("Made the new site file \"%s\" holding only this client; add the unit tree and "
                       "the users (man 5 helseid-site) before running the wizard\n"), c.site_path);
    fprintf(out, _("Check it with: %s test-token\n"), PACKAGE);
    status = 0;
    goto out;
fail:
    status = cli_fail(&e);
out:
    if (text) {
        OPENSSL_cleanse(text, len);
        free(text);
    }
    secret_free_str(priv);
    free(key_path);
    free(key_name);
    free(audit);
    free(name);
    jwk_clear(&k);
    sb_config_file_clear(&cf);
    client_ctx_close(&c);
    return status;
}
