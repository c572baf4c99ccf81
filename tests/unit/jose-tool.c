/* Test helper for the jwcrypto cross-checks: drives the JOSE API from the shell.
 * Keys are read from files and inputs from stdin, never from argv.
 *   jose-tool genkey ES256|PS256 [bits]        private JWK (alg, kid) on stdout
 *   jose-tool pubkey KEYFILE                   public JWK with alg, kid
 *   jose-tool thumbprint KEYFILE               RFC 7638 thumbprint
 *   jose-tool portal-import FILE               Selvbetjening privateJwk string -> kid alg
 *   jose-tool sign KEYFILE                     payload JSON on stdin -> compact JWS
 *   jose-tool verify KEYFILE                   compact JWS on stdin -> payload JSON
 *   jose-tool assertion KEYFILE CLIENT_ID AUD  client assertion
 *   jose-tool dpop KEYFILE METHOD URL NONCE|- TOKENFILE|-
 *   jose-tool dpop-verify METHOD URL           proof on stdin -> jkt
 * Exit 0 on success, 1 on rejection (message on stderr), 2 on usage. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jose/client_assertion.h"
#include "jose/dpop.h"
#include "jose/jwk.h"
#include "jose/jws.h"
#include "jose/rand.h"

static char *slurp(FILE *f)
{
    size_t n = 0, cap = 4096;
    char *buf = malloc(cap);

    while (buf) {
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0)
            break;
        if (n + 1 == cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                return NULL;
            }
            buf = nb;
            cap *= 2;
        }
    }
    if (buf) {
        buf[n] = '\0';
        while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
            buf[--n] = '\0';
    }
    return buf;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "r");
    char *s;

    if (!f)
        return NULL;
    s = slurp(f);
    fclose(f);
    return s;
}

static int load_key(struct jwk *k, const char *path, struct error *e)
{
    char *s = read_file(path);
    int rc;

    if (!s)
        return error_set(e, ERR_IO, "cannot read %s", path);
    rc = jwk_parse(k, s, strlen(s), e);
    secret_free_str(s);
    return rc;
}

static int emit(char *s, struct error *e)
{
    if (!s)
        return -1;
    (void)e;
    puts(s);
    secret_free_str(s);
    return 0;
}

int main(int argc, char **argv)
{
    struct error e = { 0 };
    struct jwk k;
    char *in = NULL;
    int rc = -1;

    jwk_init(&k);
    if (argc < 2)
        goto usage;
    const char *cmd = argv[1];
    if (strcmp(cmd, "genkey") == 0 && argc >= 3) {
        if (jwk_generate(&k, jose_alg_from_name(argv[2]), argc > 3 ? atoi(argv[3]) : 0, &e) == 0)
            rc = emit(jwk_to_string(&k, JWK_EXPORT_PRIVATE | JWK_EXPORT_META, &e), &e);
    } else if (strcmp(cmd, "pubkey") == 0 && argc == 3) {
        if (load_key(&k, argv[2], &e) == 0)
            rc = emit(jwk_to_string(&k, JWK_EXPORT_META, &e), &e);
    } else if (strcmp(cmd, "thumbprint") == 0 && argc == 3) {
        char tp[JWK_THUMBPRINT_SIZE];
        if (load_key(&k, argv[2], &e) == 0 && jwk_thumbprint(&k, tp, &e) == 0) {
            puts(tp);
            rc = 0;
        }
    } else if (strcmp(cmd, "portal-import") == 0 && argc == 3) {
        char *s = read_file(argv[2]);
        if (s && jwk_import_selvbetjening(&k, s, &e) == 0) {
            printf("%s %s\n", k.kid, jose_alg_name(k.alg));
            rc = 0;
        }
        secret_free_str(s);
    } else if (strcmp(cmd, "sign") == 0 && argc == 3) {
        in = slurp(stdin);
        cJSON *pl = in ? cJSON_Parse(in) : NULL;
        cJSON *hdr = cJSON_CreateObject();
        if (load_key(&k, argv[2], &e) == 0 && cJSON_AddStringToObject(hdr, "kid", k.kid))
            rc = emit(jws_sign(&k, hdr, pl, &e), &e);
        cJSON_Delete(pl);
        cJSON_Delete(hdr);
    } else if (strcmp(cmd, "verify") == 0 && argc == 3) {
        struct jws j;
        jws_init(&j);
        in = slurp(stdin);
        if (load_key(&k, argv[2], &e) == 0 && jws_verify(&j, in, &k, JOSE_ALGS_VERIFY, &e) == 0) {
            char *p = cJSON_PrintUnformatted(j.payload);
            rc = emit(p, &e);
        }
        jws_clear(&j);
    } else if (strcmp(cmd, "assertion") == 0 && argc == 5) {
        struct client_assertion_params p = { .client_id = argv[3], .audience = argv[4] };
        if (load_key(&k, argv[2], &e) == 0)
            rc = emit(client_assertion_create(&k, &p, &e), &e);
    } else if (strcmp(cmd, "dpop") == 0 && argc == 7) {
        struct dpop_params p = { .htm = argv[3], .htu = argv[4] };
        char *token = NULL;
        if (strcmp(argv[5], "-") != 0)
            p.nonce = argv[5];
        if (strcmp(argv[6], "-") != 0 && !(token = read_file(argv[6])))
            error_set(&e, ERR_IO, "cannot read %s", argv[6]);
        else if (load_key(&k, argv[2], &e) == 0) {
            p.access_token = token;
            rc = emit(dpop_proof_create(&k, &p, &e), &e);
        }
        secret_free_str(token);
    } else if (strcmp(cmd, "dpop-verify") == 0 && argc == 4) {
        struct dpop_verify_params p = { .htm = argv[2], .htu = argv[3] };
        struct dpop_verified v;
        enum dpop_verdict verdict;
        in = slurp(stdin);
        if (in && dpop_proof_verify(in, &p, &v, &verdict, &e) == 0) {
            puts(v.jkt);
            rc = 0;
        }
    } else {
        goto usage;
    }
    if (rc < 0)
        fprintf(stderr, "jose-tool: %s\n", e.msg[0] ? e.msg : "failed");
    jwk_clear(&k);
    secret_free_str(in);
    return rc < 0 ? 1 : 0;
usage:
    fprintf(stderr, "usage: jose-tool genkey|pubkey|thumbprint|portal-import|sign|verify|assertion|dpop|dpop-verify ...\n");
    return 2;
}
