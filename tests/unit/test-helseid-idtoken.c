/* ID token validation: tokens signed by an independent implementation
 * (python3-jwcrypto: RS256, PS256, ES256, fixtures in tests/data/helseid/) and
 * in-process tokens for each way a token must be refused. Also the form encoder. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "net/jwk.h"
#include "net/jws.h"
#include "net/oidc.h"
#include "net/token.h"
#include "tests/tap.h"

#define ISS "https://helseid-sts.test.nhn.no"
#define CID "0b7d6f4e-1c2a-4e5b-9f3d-7a8b9c0d1e2f"
#define NOW 1764000100

static char *fixture(const char *name)
{
    const char *top = getenv("top_srcdir");
    char path[1024], *buf;
    FILE *f;
    long n;

    snprintf(path, sizeof path, "%s/tests/data/helseid/%s", top ? top : ".", name);
    if (!(f = fopen(path, "rb")))
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = calloc(1, (size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n)
        buf[0] = '\0';
    fclose(f);
    while (n > 0 && (buf[n - 1] == '\n'))
        buf[--n] = '\0';
    return buf;
}

static void test_independent(void)
{
    static const char *const files[] = { "id-token-rs256.jwt", "id-token-ps256.jwt",
                                         "id-token-es256.jwt" };
    char *jwks_text = fixture("jwks-idtoken.json");
    cJSON *jwks = cJSON_Parse(jwks_text);
    struct id_token_expect x = { .client_id = CID, .nonce = "n-0S6_WzA2Mj", .now = NOW };
    struct error e = { 0 };

    for (size_t i = 0; i < 3; i++) {
        char *tok = fixture(files[i]);
        cJSON *claims = NULL;
        int rc = oidc_id_token_verify(jwks, ISS, tok, &x, &claims, &e);
        ok(rc == 0, "%s from jwcrypto verifies%s%s", files[i], rc ? ": " : "", rc ? e.msg : "");
        ok(claims && strcmp(cJSON_GetObjectItem(claims, "sub")->valuestring, "x8Jk") == 0,
           "  claims returned");
        cJSON_Delete(claims);
        x.nonce = "other";
        ok(oidc_id_token_verify(jwks, ISS, tok, &x, NULL, &e) < 0 && strstr(e.msg, "nonce"),
           "  wrong nonce refused: %s", e.msg);
        x.nonce = "n-0S6_WzA2Mj";
        ok(oidc_id_token_verify(jwks, "https://helseid-sts.nhn.no", tok, &x, NULL, &e) < 0,
           "  wrong issuer refused: %s", e.msg);
        x.client_id = "someone-else";
        ok(oidc_id_token_verify(jwks, ISS, tok, &x, NULL, &e) < 0, "  wrong audience refused");
        x.client_id = CID;
        x.now = 4102444800 + 3600;
        ok(oidc_id_token_verify(jwks, ISS, tok, &x, NULL, &e) < 0, "  expired refused: %s", e.msg);
        x.now = NOW;
        tok[strlen(tok) - 3] ^= 1;
        ok(oidc_id_token_verify(jwks, ISS, tok, &x, NULL, &e) < 0, "  tampered signature refused");
        free(tok);
    }
    cJSON_Delete(jwks);
    free(jwks_text);
}

/* A token signed in-process with `key`, claims from JSON text. */
static char *sign(const struct jwk *key, const char *kid, const char *claims_json)
{
    cJSON *h = cJSON_CreateObject(), *p = cJSON_Parse(claims_json);
    struct error e;
    char *t;

    cJSON_AddStringToObject(h, "kid", kid);
    t = jws_sign(key, h, p, &e);
    cJSON_Delete(h);
    cJSON_Delete(p);
    return t;
}

static void test_local(void)
{
    struct jwk key, other;
    struct error e = { 0 };
    struct id_token_expect x = { .client_id = CID, .nonce = "abc", .now = NOW };
    cJSON *jwks = cJSON_CreateObject(), *keys = cJSON_AddArrayToObject(jwks, "keys"), *pub;
    char *t;

    jwk_init(&key);
    jwk_init(&other);
    ok(jwk_generate(&key, JOSE_ALG_ES256, 0, &e) == 0 && jwk_generate(&other, JOSE_ALG_ES256, 0, &e) == 0,
       "keys generated");
    pub = jwk_to_json(&key, JWK_EXPORT_META, &e);
    cJSON_AddItemToArray(keys, pub);

    t = sign(&key, key.kid, "{\"iss\":\"" ISS "\",\"aud\":\"" CID "\",\"sub\":\"s\",\"iat\":1764000000,"
                            "\"exp\":1764003600,\"nonce\":\"abc\"}");
    ok(oidc_id_token_verify(jwks, ISS, t, &x, NULL, &e) == 0, "valid local token");
    x.max_age = 30;
    ok(oidc_id_token_verify(jwks, ISS, t, &x, NULL, &e) < 0, "too old for max_age refused");
    x.max_age = 0;
    free(t);

    t = sign(&other, key.kid, "{\"iss\":\"" ISS "\",\"aud\":\"" CID "\",\"sub\":\"s\",\"iat\":1764000000,"
                              "\"exp\":1764003600,\"nonce\":\"abc\"}");
    ok(oidc_id_token_verify(jwks, ISS, t, &x, NULL, &e) < 0, "signed by another key refused");
    free(t);
    t = sign(&other, "unknown", "{\"iss\":\"" ISS "\",\"aud\":\"" CID "\",\"sub\":\"s\"}");
    ok(oidc_id_token_verify(jwks, ISS, t, &x, NULL, &e) < 0 && strstr(e.msg, "unknown"),
       "unknown kid refused: %s", e.msg);
    free(t);
    t = sign(&key, key.kid, "{\"iss\":\"" ISS "\",\"aud\":[\"" CID "\",\"x\"],\"sub\":\"s\","
                            "\"iat\":1764000000,\"exp\":1764003600,\"nonce\":\"abc\"}");
    ok(oidc_id_token_verify(jwks, ISS, t, &x, NULL, &e) < 0 && strstr(e.msg, "azp"),
       "several audiences without azp refused");
    free(t);
    t = sign(&key, key.kid, "{\"iss\":\"" ISS "\",\"aud\":\"" CID "\",\"sub\":\"s\","
                            "\"exp\":1764003600,\"nonce\":\"abc\"}");
    ok(oidc_id_token_verify(jwks, ISS, t, &x, NULL, &e) < 0, "missing iat refused");
    free(t);
    t = sign(&key, key.kid, "{\"iss\":\"" ISS "\",\"aud\":\"" CID "\",\"sub\":\"s\",\"iat\":1764000000,"
                            "\"exp\":1764003600}");
    ok(oidc_id_token_verify(jwks, ISS, t, &x, NULL, &e) < 0, "missing nonce refused");
    free(t);
    ok(oidc_id_token_verify(jwks, ISS, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJzIn0.", &x, NULL, &e) < 0,
       "alg none refused");
    cJSON_Delete(jwks);
    jwk_clear(&key);
    jwk_clear(&other);
}

static void test_form(void)
{
    struct form f = { 0 };

    form_add(&f, "scope", "nhn:selvbetjening/client openid");
    form_add(&f, "absent", NULL);
    form_add(&f, "x y", "æ&=+~");
    is_str(f.buf, "scope=nhn%3Aselvbetjening%2Fclient%20openid&x%20y=%C3%A6%26%3D%2B~",
           "form encoding");
    form_wipe(&f);
    ok(f.buf == NULL && f.len == 0, "form wiped");
}

int main(void)
{
    test_independent();
    test_local();
    test_form();
    return done_testing();
}
