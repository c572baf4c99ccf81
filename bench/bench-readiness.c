/* Confirmation-to-ready: how long after the portal confirmation the hand-off sees a
 * working client, polling the STS with net/readiness.h, against the fixed 25 s sleep
 * of the vendor guide. Runs against helseid-sim started with --auto-confirm and a
 * --propagation delay (bench/readiness.sh does that for several delays).
 *   bench-readiness URLS.json ROUNDS */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "net/http.h"
#include "jose/jwk.h"
#include "net/oidc.h"
#include "net/readiness.h"
#include "net/selvbetjening.h"
#include "net/token.h"

#define FIXED_WAIT_MS 25000

static int try_token(void *ud, struct error *e)
{
    struct token_answer t;
    int rc;

    token_answer_init(&t);
    rc = token_client_credentials(ud, SB_SELF_SCOPE, NULL, &t, e);
    token_answer_clear(&t);
    return rc;
}

int main(int argc, char **argv)
{
    char buf[2048];
    FILE *f;
    size_t n;
    cJSON *urls;
    struct http_config hc = { .max_attempts = 1 };
    struct http_client *h = NULL;
    struct oidc o;
    struct error e = { 0 };
    int rounds = argc > 2 ? atoi(argv[2]) : 3;
    long long total_ms = 0;
    int total_attempts = 0;

    if (argc < 2 || !(f = fopen(argv[1], "r")) || rounds < 1) {
        fprintf(stderr, "usage: bench-readiness URLS.json [ROUNDS]\n");
        return 2;
    }
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    urls = cJSON_Parse(buf);
    hc.ca_file = cJSON_GetStringValue(cJSON_GetObjectItem(urls, "ca_file"));
    if (http_client_new(&h, &hc, &e) < 0 ||
        oidc_init(&o, h, cJSON_GetStringValue(cJSON_GetObjectItem(urls, "authority")), &e) < 0 ||
        oidc_discover(&o, &e) < 0) {
        fprintf(stderr, "bench-readiness: %s\n", e.msg);
        return 1;
    }
    for (int i = 0; i < rounds; i++) {
        struct jwk k;
        struct sb_draft d = { .organization_number = "315260183",
                              .post_confirmation_redirect_uri = "http://127.0.0.1:47190/helseid-admin/confirmed" };
        struct token_session s;
        struct readiness r;
        struct readiness_config rc = { .timeout_ms = 120000 };
        char *pub, *id = NULL;

        jwk_init(&k);
        if (jwk_generate(&k, JOSE_ALG_ES256, 0, &e) < 0 || !(pub = jwk_to_string(&k, JWK_EXPORT_META, &e))) {
            fprintf(stderr, "bench-readiness: %s\n", e.msg);
            return 1;
        }
        d.public_jwk = pub;
        /* --auto-confirm: the draft is confirmed when created, so the clock starts here. */
        if (sb_create_draft(h, cJSON_GetStringValue(cJSON_GetObjectItem(urls, "selvbetjening_api")),
                            "demo-api-key", &d, &id, &e) < 0) {
            fprintf(stderr, "bench-readiness: %s\n", e.msg);
            return 1;
        }
        token_session_init(&s, h, &o, id, &k);
        if (readiness_run(&r, &rc, try_token, &s, &e) < 0) {
            fprintf(stderr, "bench-readiness: %s\n", e.msg);
            return 1;
        }
        total_ms += readiness_elapsed_ms(&r, 0);
        total_attempts += readiness_attempts(&r);
        token_session_clear(&s);
        free(pub);
        free(id);
        jwk_clear(&k);
    }
    printf("confirmation-to-ready: %.2f s mean over %d rounds (%.1f attempts), fixed wait %d s: ratio %.2f\n",
           (double)total_ms / rounds / 1000.0, rounds, (double)total_attempts / rounds,
           FIXED_WAIT_MS / 1000, (double)total_ms / rounds / FIXED_WAIT_MS);
    oidc_clear(&o);
    http_client_free(h);
    cJSON_Delete(urls);
    return 0;
}
