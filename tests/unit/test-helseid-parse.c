/* Parsers of HelseID and Selvbetjening answers, on fixtures in tests/data/helseid/. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/client_status.h"
#include "net/oidc_doc.h"
#include "net/remote.h"
#include "net/sb_answer.h"
#include "net/sb_client.h"
#include "net/sb_config_file.h"
#include "net/sb_draft.h"
#include "net/token_answer.h"
#include "tests/tap.h"

#define J(s) (s), strlen(s)

static char *fixture(const char *name, size_t *len)
{
    const char *top = getenv("top_srcdir");
    char path[1024];
    FILE *f;
    char *buf;
    long n;

    snprintf(path, sizeof path, "%s/tests/data/helseid/%s", top ? top : ".", name);
    if (!(f = fopen(path, "rb")))
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *len = (size_t)n;
    }
    return buf;
}

static void test_token(void)
{
    struct token_answer t;
    struct error e = { 0 };
    size_t len;
    char *b = fixture("token-ok.json", &len);

    token_answer_init(&t);
    is_int(token_answer_parse(b, len, &t, &e), 0, "token answer parses");
    is_str(t.token_type, "DPoP", "token_type");
    is_int(t.expires_in, 600, "expires_in");
    is_int(t.rt_expires_in, 3600, "rt_expires_in");
    is_str(t.scope, "nhn:selvbetjening/client", "scope");
    is_str(t.refresh_token, "rt-secret", "refresh_token");
    is_str(t.rejected_scope, "nhn:kjernejournal/api", "rejected_scope");
    is_str(t.id_token, "a.b.c", "id_token");
    ok(t.access_token && strncmp(t.access_token, "eyJ", 3) == 0, "access_token");
    token_answer_clear(&t);
    ok(t.access_token == NULL && t.expires_in == -1, "clear resets");
    free(b);

    b = fixture("token-bearer.json", &len);
    is_int(token_answer_parse(b, len, &t, &e), -1, "a Bearer token is refused");
    is_int(e.code, ERR_API, "  as ERR_API");
    ok(strstr(e.msg, "Bearer") != NULL, "  naming the type: %s", e.msg);
    ok(t.access_token == NULL, "  out untouched");
    free(b);

    b = fixture("token-no-access.json", &len);
    is_int(token_answer_parse(b, len, &t, &e), -1, "missing access_token refused");
    ok(strstr(e.msg, "access_token") != NULL, "  named: %s", e.msg);
    free(b);

    b = fixture("token-bad-expiry.json", &len);
    is_int(token_answer_parse(b, len, &t, &e), -1, "string expires_in refused");
    is_int(e.code, ERR_PARSE, "  as ERR_PARSE");
    free(b);

    is_int(token_answer_parse(J("[1]"), &t, &e), -1, "array root refused");
    is_int(token_answer_parse(J("{\"access_token\":"), &t, &e), -1, "truncated JSON refused");
    is_int(token_answer_parse("", 0, &t, &e), -1, "empty body refused");
    {
        size_t big = REMOTE_JSON_MAX + 1;
        char *huge = malloc(big);
        memset(huge, ' ', big);
        huge[0] = '{';
        huge[big - 1] = '}';
        is_int(token_answer_parse(huge, big, &t, &e), -1, "oversized body refused");
        ok(strstr(e.msg, "large") != NULL, "  as too large: %s", e.msg);
        free(huge);
    }
}

static void test_oauth_error(void)
{
    struct oauth_error oe;
    struct error e = { 0 };
    size_t len;
    char *b = fixture("error-invalid-client.json", &len);

    is_int(oauth_error_parse(b, len, &oe), 0, "oauth error parses");
    is_str(oe.error, "invalid_client", "error");
    is_str(oe.description, "Unknown client 0b7d?e1c", "description sanitised (BEL -> ?)");
    is_int(oauth_error_report(&oe, 400, &e), -1, "report returns -1");
    is_int(e.code, ERR_AUTH, "invalid_client is ERR_AUTH");
    ok(strstr(e.msg, "not (yet) known to HelseID") && strstr(e.msg, "Unknown client"),
       "actionable message with HelseID's words: %s", e.msg);
    oauth_error_clear(&oe);
    free(b);

    b = fixture("error-use-dpop-nonce.json", &len);
    oauth_error_parse(b, len, &oe);
    is_str(oe.error, "use_dpop_nonce", "use_dpop_nonce parsed");
    oauth_error_clear(&oe);
    free(b);

    is_int(oauth_error_parse(J("<html>502</html>"), &oe), 0, "non-JSON error body: no code");
    ok(oe.error == NULL, "  error NULL");
    oauth_error_report(&oe, 502, &e);
    ok(strstr(e.msg, "502") != NULL, "  status reported: %s", e.msg);
    is_int(e.code, ERR_API, "  ERR_API");
    oauth_error_report(&oe, 401, &e);
    is_int(e.code, ERR_AUTH, "bare 401 is ERR_AUTH");

    oauth_error_parse(J("{\"error\":\"something_new\"}"), &oe);
    oauth_error_report(&oe, 400, &e);
    ok(strstr(e.msg, "something_new") != NULL, "unknown code shown verbatim: %s", e.msg);
    oauth_error_clear(&oe);
}

static void test_discovery(void)
{
    struct oidc_discovery d;
    struct error e = { 0 };
    size_t len;
    char *b = fixture("discovery.json", &len);

    oidc_discovery_init(&d);
    is_int(oidc_discovery_parse(b, len, "https://helseid-sts.test.nhn.no/", &d, &e), 0,
           "discovery parses (authority with trailing /)");
    is_str(d.token_endpoint, "https://helseid-sts.test.nhn.no/connect/token", "token_endpoint");
    is_str(d.pushed_authorization_request_endpoint, "https://helseid-sts.test.nhn.no/connect/par",
           "PAR endpoint");
    is_str(d.authorization_endpoint, "https://helseid-sts.test.nhn.no/connect/authorize",
           "authorization_endpoint");
    ok(d.jwks_uri && strstr(d.jwks_uri, "jwks"), "jwks_uri");
    oidc_discovery_clear(&d);
    is_int(oidc_discovery_parse(b, len, "https://helseid-sts.nhn.no", &d, &e), -1,
           "issuer mismatch refused");
    ok(strstr(e.msg, "--authority") != NULL, "  message names --authority: %s", e.msg);
    free(b);

    b = fixture("discovery-http.json", &len);
    is_int(oidc_discovery_parse(b, len, NULL, &d, &e), -1, "http jwks_uri refused");
    ok(strstr(e.msg, "jwks_uri") != NULL, "  names the member: %s", e.msg);
    free(b);
    is_int(oidc_discovery_parse(J("{\"issuer\":\"https://a\"}"), NULL, &d, &e), -1,
           "missing token_endpoint refused");
}

static void test_jwks(void)
{
    struct error e = { 0 };
    size_t len;
    char *b = fixture("jwks.json", &len);
    cJSON *j = oidc_jwks_parse(b, len, &e);

    ok(j != NULL, "JWKS parses");
    is_int(cJSON_GetArraySize(cJSON_GetObjectItem(j, "keys")), 2, "two keys");
    cJSON_Delete(j);
    free(b);
    b = fixture("jwks-empty.json", &len);
    ok(oidc_jwks_parse(b, len, &e) == NULL, "empty JWKS refused");
    free(b);
    ok(oidc_jwks_parse(J("{\"keys\":[{\"x\":1}]}"), &e) == NULL, "key without kty refused");
}

static void test_client_status(void)
{
    struct client_status cs;
    struct error e = { 0 };
    size_t len;
    char *b = fixture("client-status.json", &len);
    const struct claim_state *c;

    client_status_init(&cs);
    is_int(sb_client_status_parse(b, len, &cs, &e), 0, "client status parses");
    is_int(cs.n_scopes, 3, "three scopes");
    is_int(cs.scopes[0].status, ITEM_OK, "\"Ok\" is ok (case-insensitive)");
    is_int(cs.scopes[2].status, ITEM_OK, "\"OK\" is ok");
    is_int(cs.scopes[1].status, ITEM_PENDING, "pending");
    is_str(cs.scopes[1].reason, "Venter på godkjenning fra API-eier", "statusReason UTF-8 kept");
    ok(cs.scopes[0].reason == NULL, "null statusReason is NULL");
    is_int(cs.n_claims, 3, "three claims");
    c = client_status_claim(&cs, "e-helse:sfm.api/client/claims/sfm-id");
    ok(c && c->status == ITEM_UPDATE_PENDING, "updatePending claim");
    is_str(c ? c->pending : NULL, "0a4d1f3b-2c5e-4e7a-8b9c-1d2e3f4a5b6c", "pending value");
    is_int(cs.claims[2].status, ITEM_PENDING, "\"Pending\" is pending");
    is_int(cs.child_orgnrs.n, 2, "two sub-units");
    is_str(cs.redirect_uris.v[0], "http://127.0.0.1:47611/callback", "redirect URI");
    ok(!client_status_ready(&cs), "not ready");
    client_status_clear(&cs);
    free(b);

    b = fixture("client-status-ready.json", &len);
    is_int(sb_client_status_parse(b, len, &cs, &e), 0, "ready client parses");
    ok(client_status_ready(&cs), "ready");
    client_status_clear(&cs);
    free(b);

    b = fixture("client-status-bad.json", &len);
    is_int(sb_client_status_parse(b, len, &cs, &e), -1, "scope without name refused");
    free(b);
    is_int(sb_client_status_parse(J("{\"apiScopes\":{}}"), &cs, &e), -1, "object for array refused");
    is_int(sb_client_status_parse(J("{\"childOrganizationNumbers\":[3]}"), &cs, &e), -1,
           "number in orgnr list refused");
    is_int(sb_client_status_parse(J("{}"), &cs, &e), 0, "empty object is an empty client");
    client_status_clear(&cs);
}

static void test_draft_answer(void)
{
    struct error e = { 0 };
    size_t len;
    char *id = NULL, *b = fixture("draft-answer.json", &len), *url;

    is_int(sb_draft_answer_parse(b, len, &id, &e), 0, "draft answer parses");
    is_str(id, "0b7d6f4e-1c2a-4e5b-9f3d-7a8b9c0d1e2f", "clientId");
    url = sb_confirm_url("https://selvbetjening.test.nhn.no/", id, &e);
    is_str(url, "https://selvbetjening.test.nhn.no/confirm-client/0b7d6f4e-1c2a-4e5b-9f3d-7a8b9c0d1e2f",
           "confirmation URL");
    free(url);
    free(id);
    free(b);
    id = NULL;
    b = fixture("draft-answer-evil.json", &len);
    is_int(sb_draft_answer_parse(b, len, &id, &e), -1, "client id with path characters refused");
    ok(id == NULL, "  out untouched");
    free(b);
    ok(sb_confirm_url("https://p", "a/b", &e) == NULL, "confirm URL refuses a bad id");
}

static void test_api_errors(void)
{
    struct error e = { 0 };
    size_t len;
    char *b = fixture("validation-error.json", &len);

    sb_api_error(400, b, len, "creating the client draft", &e);
    is_int(e.code, ERR_API, "400 is ERR_API");
    ok(strstr(e.msg, "OrganizationNumber: Organisasjonsnummeret er ikke gyldig") != NULL,
       "{property, message} shown: %s", e.msg);
    free(b);

    b = fixture("problem.json", &len);
    sb_api_error(400, b, len, "x", &e);
    ok(strstr(e.msg, "PublicJwk: The JWK is not valid?[31m") != NULL,
       "problem+json errors shown, ESC sanitised: %s", e.msg);
    free(b);

    b = fixture("problem-detail.json", &len);
    sb_api_error(409, b, len, "x", &e);
    ok(strstr(e.msg, "409") && strstr(e.msg, "allerede"), "problem detail shown: %s", e.msg);
    free(b);

    sb_api_error(401, "", 0, "x", &e);
    is_int(e.code, ERR_AUTH, "401 is ERR_AUTH");
    sb_api_error(403, J("{\"title\":\"Forbidden\"}"), "x", &e);
    is_int(e.code, ERR_AUTH, "403 is ERR_AUTH");
    sb_api_error(503, J("<html>\n<b>down</b>\n</html>"), "x", &e);
    ok(strstr(e.msg, "503") && strstr(e.msg, "<html> <b>down"), "non-JSON body excerpt: %s", e.msg);
    sb_api_error(400, J("[{\"property\":\"A\",\"message\":\"m1\"},{\"property\":\"B\",\"message\":\"m2\"}]"), "x", &e);
    ok(strstr(e.msg, "A: m1; B: m2") != NULL, "array of validation errors: %s", e.msg);
}

static void test_secret(void)
{
    struct error e = { 0 };
    struct sb_key_list l;
    size_t len;
    time_t t;
    char *b = fixture("secret-answer.json", &len);

    is_int(sb_secret_answer_parse(b, len, &t, &e), 0, "rotation answer parses");
    is_int(t, 1799665200, "expiration with offset and fraction");
    free(b);
    is_int(sb_secret_answer_parse(J("{\"expiration\":\"2027-02-30T00:00:00Z\"}"), &t, &e), -1,
           "impossible date refused");
    is_int(sb_secret_answer_parse(J("{}"), &t, &e), -1, "missing expiration refused");
    is_int(sb_parse_iso8601("2024-02-29T00:00:00Z", &t), 0, "leap day");
    is_int(t, 1709164800, "  value");
    is_int(sb_parse_iso8601("2023-02-29T00:00:00Z", &t), -1, "non-leap Feb 29 refused");
    is_int(sb_parse_iso8601("2027-01-11T12:00Zjunk", &t), -1, "trailing junk refused");

    b = fixture("secret-list.json", &len);
    sb_key_list_init(&l);
    is_int(sb_key_list_parse(b, len, &l, &e), 0, "key list parses");
    is_int(l.n, 2, "two keys");
    is_str(l.v[0].thumbprint, "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", "thumbprint");
    is_int(l.v[0].expiration, 1799665200, "expiration");
    is_int(l.v[1].expiration, -1, "null expiration");
    sb_key_list_clear(&l);
    free(b);
    is_int(sb_key_list_parse(J("{\"keys\":[]}"), &l, &e), 0, "wrapped empty list");
    is_int(sb_key_list_parse(J("3"), &l, &e), -1, "number refused");
}

static void test_config_file(void)
{
    struct error e = { 0 };
    struct sb_config_file c;
    size_t len;
    char *b = fixture("config-download.json", &len);

    sb_config_file_init(&c);
    is_int(sb_config_file_parse(b, len, &c, &e), 0, "downloaded config with BOM parses");
    is_str(c.authority, "https://helseid-sts.test.nhn.no", "authority normalised from token endpoint");
    is_str(c.client_id, "0b7d6f4e-1c2a-4e5b-9f3d-7a8b9c0d1e2f", "clientId");
    is_str(c.client_name, "Fjordlegene AS - CGM Journal", "clientName");
    is_int(c.scopes.n, 2, "scopes");
    is_int(c.rsa_key_size_bits, 4096, "rsaKeySizeBits");
    ok(c.private_jwk && strncmp(c.private_jwk, "%7B", 3) == 0, "privateJwk kept as given");
    ok(!c.pkce_required, "pkceRequired false");
    sb_config_file_clear(&c);
    free(b);
    b = fixture("config-no-key.json", &len);
    is_int(sb_config_file_parse(b, len, &c, &e), -1, "config without privateJwk refused");
    ok(strstr(e.msg, "privateJwk") != NULL, "  named: %s", e.msg);
    free(b);
}

int main(void)
{
    test_token();
    test_oauth_error();
    test_discovery();
    test_jwks();
    test_client_status();
    test_draft_answer();
    test_api_errors();
    test_secret();
    test_config_file();
    return done_testing();
}
