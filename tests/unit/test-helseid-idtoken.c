/* ID token validation: tokens signed by an independent implementation
 * (python3-jwcrypto: RS256, PS256, ES256, fixtures in tests/data/helseid/) and
 * in-process tokens for each way a token must be refused. Also the form encoder. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "jose/jwk.h"
#include "jose/jws.h"
#include "net/oidc.h"
#include "jose/pkce.h"
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

/* Without PAR in the discovery document everything goes into the authorize URL; no
 * network is needed for that, so the discovery is filled in by hand. */
static void test_login_url_without_par(void)
{
    struct oidc o;
    struct token_session s;
    struct token_login l;
    struct jwk key;
    struct strv res = STRV_INIT;
    struct error e = { 0 };
    char want[PKCE_CHALLENGE_SIZE], frag[200];

    jwk_init(&key);
    jwk_generate(&key, JOSE_ALG_ES256, 0, &e);
    oidc_init(&o, NULL, ISS, &e);
    o.disc.issuer = strdup(ISS);
    o.disc.token_endpoint = strdup(ISS "/connect/token");
    o.disc.authorization_endpoint = strdup(ISS "/connect/authorize");
    o.have_disc = true;
    token_session_init(&s, NULL, &o, CID, &key);
    token_login_init(&l);
    strv_push(&res, "nhn:kjernejournal");
    is_int(token_login_begin(&s, "openid nhn:kjernejournal/api", &res, "http://127.0.0.1:47190/helseid-admin/login",
                             &l, &e), 0, "login URL built without PAR");
    ok(!l.used_par, "  no PAR used");
#define URL_START ISS "/connect/authorize?client_id=" CID "&response_type=code&"
    ok(strncmp(l.authorize_url, URL_START, sizeof URL_START - 1) == 0,
       "  authorize endpoint, client_id, response_type");
    ok(strstr(l.authorize_url, "&scope=openid%20nhn%3Akjernejournal%2Fapi&") != NULL, "  scope encoded");
    ok(strstr(l.authorize_url, "&redirect_uri=http%3A%2F%2F127.0.0.1%3A47190%2Fhelseid-admin%2Flogin&") != NULL,
       "  redirect URI encoded");
    ok(strstr(l.authorize_url, "&code_challenge_method=S256&") != NULL, "  S256");
    pkce_challenge_s256(l.pkce.verifier, want, &e);
    snprintf(frag, sizeof frag, "&code_challenge=%s&", want);
    ok(strstr(l.authorize_url, frag) != NULL, "  challenge is S256 of the kept verifier");
    snprintf(frag, sizeof frag, "&state=%s&nonce=%s&resource=nhn%%3Akjernejournal", l.state, l.nonce);
    ok(strstr(l.authorize_url, frag) != NULL, "  state, nonce and resource");
    ok(strlen(l.state) == 43 && strlen(l.nonce) == 43 && strcmp(l.state, l.nonce) != 0, "  256-bit state and nonce");
    ok(!strstr(l.authorize_url, "client_assertion"), "  no client assertion in a browser URL");
    token_login_clear(&l);
    ok(l.authorize_url == NULL && l.pkce.verifier[0] == '\0', "login cleared (verifier wiped)");
    strv_clear(&res);
    token_session_clear(&s);
    oidc_clear(&o);
    jwk_clear(&key);
}

int main(void)
{
    test_login_url_without_par();
    test_independent();
    test_local();
    test_form();
    return done_testing();
}
