/* Builders and pure logic of the HelseID layer: the draft JSON, the PUT body
 * (pending ?? active), scope grouping by audience, the readiness backoff schedule,
 * authority normalising and the sanitiser for remote text. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "core/client_status.h"
#include "net/readiness.h"
#include "net/remote.h"
#include "net/sb_client.h"
#include "net/sb_config_file.h"
#include "net/sb_draft.h"
#include "net/scope_groups.h"
#include "net/selvbetjening.h"
#include "tests/tap.h"

#define J(s) (s), strlen(s)

static const char *jstr(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void test_draft(void)
{
    struct strv scopes = STRV_INIT, children = STRV_INIT;
    struct sb_claims claims;
    struct error e = { 0 };
    const char *jwk = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83O\",\"y\":\"x_FE\"}";
    struct sb_draft d = {
        .organization_number = "315260183", .public_jwk = jwk, .api_scopes = &scopes,
        .claims = &claims, .child_orgnrs = &children,
        .post_confirmation_redirect_uri = "http://127.0.0.1:47611/confirmed",
    };
    char *json;
    cJSON *o, *a;

    sb_claims_init(&claims);
    strv_push(&scopes, "nhn:kjernejournal/api");
    strv_push(&children, "219378653");
    strv_push(&children, "219378653");
    sb_claims_set(&claims, "e-helse:sfm.api/client/claims/sfm-id", "6f1c2a0e-8d1b-4c61-9a55-3c8f0c1d2e3f");
    json = sb_draft_to_json(&d, &e);
    ok(json != NULL, "draft JSON built");
    o = cJSON_Parse(json);
    is_str(jstr(o, "organizationNumber"), "315260183", "organizationNumber");
    ok(cJSON_IsString(cJSON_GetObjectItem(o, "publicJwk")), "publicJwk is a string");
    is_str(jstr(o, "publicJwk"), jwk, "publicJwk holds the JWK text");
    a = cJSON_GetObjectItem(o, "apiScopes");
    is_int(cJSON_GetArraySize(a), 2, "self scope added to apiScopes");
    is_str(cJSON_GetArrayItem(a, 1)->valuestring, SB_SELF_SCOPE, "  nhn:selvbetjening/client");
    a = cJSON_GetObjectItem(o, "childOrganizationNumbers");
    is_int(cJSON_GetArraySize(a), 1, "child org numbers distinct");
    a = cJSON_GetObjectItem(o, "audienceSpecificClientClaims");
    is_str(jstr(cJSON_GetArrayItem(a, 0), "key"), "e-helse:sfm.api/client/claims/sfm-id", "claim key");
    is_str(jstr(cJSON_GetArrayItem(a, 0), "value"), "6f1c2a0e-8d1b-4c61-9a55-3c8f0c1d2e3f", "claim value");
    is_str(jstr(o, "postClientConfirmationRedirectUri"), "http://127.0.0.1:47611/confirmed",
           "postClientConfirmationRedirectUri");
    ok(!cJSON_GetObjectItem(o, "redirectUris") && !cJSON_GetObjectItem(o, "postLogoutRedirectUris"),
       "absent fields omitted");
    ok(!strstr(json, "redirectPort"), "no legacy redirectPort");
    ok(strstr(json, "{\"organizationNumber\":") == json &&
       strstr(json, "\"publicJwk\"") < strstr(json, "\"apiScopes\"") &&
       strstr(json, "\"apiScopes\"") < strstr(json, "\"audienceSpecificClientClaims\"") &&
       strstr(json, "\"audienceSpecificClientClaims\"") < strstr(json, "\"childOrganizationNumbers\"") &&
       strstr(json, "\"childOrganizationNumbers\"") < strstr(json, "\"postClientConfirmationRedirectUri\""),
       "draft members in the API's order");
    cJSON_Delete(o);
    free(json);

    d.public_jwk = NULL;
    ok(sb_draft_to_json(&d, &e) == NULL && e.code == ERR_INVALID, "draft without key refused");
    d.public_jwk = jwk;
    d.post_confirmation_redirect_uri = NULL;
    ok(sb_draft_to_json(&d, &e) == NULL, "draft without redirect URI refused");
    strv_clear(&scopes);
    strv_clear(&children);
    sb_claims_clear(&claims);
}

static void test_update(void)
{
    static const char status[] =
        "{\"apiScopes\":[{\"scope\":\"nhn:selvbetjening/client\",\"status\":\"ok\"},"
        "{\"scope\":\"nhn:kjernejournal/api\",\"status\":\"pending\"}],"
        "\"audienceSpecificClientClaims\":["
        "{\"claimType\":\"a\",\"activeClaimValue\":\"old\",\"pendingClaimValue\":\"new\",\"status\":\"updatePending\"},"
        "{\"claimType\":\"b\",\"activeClaimValue\":\"kept\",\"status\":\"ok\"},"
        "{\"claimType\":\"c\",\"pendingClaimValue\":\"first\",\"status\":\"pending\"},"
        "{\"claimType\":\"d\",\"status\":\"ok\"}],"
        "\"redirectUris\":[\"http://127.0.0.1:1/cb\"],\"childOrganizationNumbers\":[\"311860917\"]}";
    struct client_status cs;
    struct sb_client_update u;
    struct strv kids = STRV_INIT;
    struct error e = { 0 };
    char *json;
    cJSON *o, *a;

    client_status_init(&cs);
    sb_client_update_init(&u);
    ok(sb_client_status_parse(J(status), &cs, &e) == 0, "current client parsed");
    is_int(sb_client_update_from_status(&u, &cs), 0, "update built from current client");
    is_str(sb_claims_get(&u.claims, "a"), "new", "pending wins over active");
    is_str(sb_claims_get(&u.claims, "b"), "kept", "active kept without pending");
    is_str(sb_claims_get(&u.claims, "c"), "first", "pending-only claim kept");
    ok(sb_claims_get(&u.claims, "d") == NULL, "claim without any value dropped");
    sb_client_update_add_scope(&u, "nhn:hgd-persontjenesten-api/restricted-access");
    is_int(sb_client_update_remove_scope(&u, "nhn:kjernejournal/api"), 1, "scope removed");
    sb_client_update_remove_scope(&u, SB_SELF_SCOPE);
    strv_push(&kids, "313909964");
    strv_push(&kids, "311860917");
    strv_push(&kids, "313909964");
    sb_client_update_set_children(&u, &kids);
    json = sb_client_update_to_json(&u, &e);
    o = cJSON_Parse(json);
    a = cJSON_GetObjectItem(o, "apiScopes");
    is_int(cJSON_GetArraySize(a), 2, "two scopes in PUT");
    ok(strstr(json, "\"nhn:selvbetjening/client\"") != NULL, "self scope always kept");
    ok(!strstr(json, "kjernejournal"), "removed scope absent");
    a = cJSON_GetObjectItem(o, "childOrganizationNumbers");
    is_int(cJSON_GetArraySize(a), 2, "sub-units distinct");
    is_str(cJSON_GetArrayItem(a, 0)->valuestring, "311860917", "  sorted");
    ok(cJSON_IsArray(cJSON_GetObjectItem(o, "postLogoutRedirectUris")),
       "empty field written (full replacement)");
    is_str(cJSON_GetArrayItem(cJSON_GetObjectItem(o, "redirectUris"), 0)->valuestring,
           "http://127.0.0.1:1/cb", "redirect URIs carried over");
    a = cJSON_GetObjectItem(o, "audienceSpecificClientClaims");
    is_int(cJSON_GetArraySize(a), 3, "three claims in PUT");
    ok(cJSON_GetObjectItem(cJSON_GetArrayItem(a, 0), "key") != NULL, "claims use {key, value}");
    ok(strstr(json, "{\"apiScopes\":") == json &&
       strstr(json, "\"audienceSpecificClientClaims\"") < strstr(json, "\"redirectUris\"") &&
       strstr(json, "\"redirectUris\"") < strstr(json, "\"postLogoutRedirectUris\"") &&
       strstr(json, "\"postLogoutRedirectUris\"") < strstr(json, "\"childOrganizationNumbers\""),
       "update members in the API's order");
    cJSON_Delete(o);
    free(json);
    strv_clear(&kids);
    sb_client_update_clear(&u);
    client_status_clear(&cs);
}

static void test_scope_groups(void)
{
    struct scope_groups g;
    char *s;
    int oom;

    ok(scope_groups_build_str("nhn:kjernejournal/innlogging openid nhn:selvbetjening/client "
                              "nhn:kjernejournal/api helseid://scopes/identity/pid "
                              "nhn:kjernejournal/api e-helse:sfm.api/sfm.api2 offline_access", &g) == 0,
       "scopes grouped");
    is_int(g.n, 4, "three audiences + identity");
    is_str(g.v[0].audience, "nhn:kjernejournal", "first audience in given order");
    s = scope_group_join(&g.v[0]);
    is_str(s, "nhn:kjernejournal/innlogging nhn:kjernejournal/api", "one group, no duplicates");
    free(s);
    is_str(g.v[1].audience, "nhn:selvbetjening", "second");
    is_str(g.v[2].audience, "e-helse:sfm.api", "sfm audience");
    ok(g.v[3].audience == NULL, "identity scopes last, no audience");
    s = scope_group_join(&g.v[3]);
    is_str(s, "openid helseid://scopes/identity/pid offline_access", "identity group");
    free(s);
    scope_groups_clear(&g);
    ok(scope_groups_build_str("", &g) == 0 && g.n == 0, "no scopes, no groups");
    s = scope_audience("nhn:phr/mhd/read-document", &oom);
    is_str(s, "nhn:phr", "audience is the part before the first /");
    free(s);
    ok(scope_audience("/x", &oom) == NULL, "empty audience is none");
}

static void test_readiness(void)
{
    struct readiness_config c = { 0 };
    struct readiness r;
    struct error why = { ERR_AUTH, "not yet" };
    int64_t t = 1000000;
    int64_t want[] = { 1000, 1500, 2250, 3375, 5000, 5000 };

    for (int i = 0; i < 6; i++)
        is_int(readiness_delay_ms(&c, i + 1), 1000, "default: a try a second (after attempt %d)", i + 1);
    c.growth_percent = 150;
    for (int i = 0; i < 6; i++)
        is_int(readiness_delay_ms(&c, i + 1), want[i], "backoff: delay after attempt %d", i + 1);
    c.first_delay_ms = 500;
    c.max_delay_ms = 2000;
    c.growth_percent = 200;
    is_int(readiness_delay_ms(&c, 4), 2000, "configurable: 500 doubling capped at 2000");

    /* The period counts from the start of a try: a slow answer does not delay the next. */
    c = (struct readiness_config){ .timeout_ms = 10000 };
    readiness_start(&r, &c, t);
    ok(readiness_due(&r, t), "first try due at once");
    is_int(readiness_wait_ms(&r, t), 0, "  wait 0");
    readiness_begin(&r, t);
    readiness_record(&r, t + 300, false, &why);
    ok(!readiness_due(&r, t + 500), "not due before the period");
    is_int(readiness_wait_ms(&r, t + 500), 500, "poll timeout until the next try");
    ok(readiness_due(&r, t + 1000), "due 1 s after the first try started");
    readiness_begin(&r, t + 1000);
    readiness_record(&r, t + 2400, false, &why);
    is_int(r.next_ms, t + 2400, "an answer slower than the period: the next try at once");
    readiness_begin(&r, t + 2400);
    readiness_hold(&r, 3000);
    readiness_record(&r, t + 2500, false, &why);
    is_int(r.next_ms, t + 5500, "Retry-After holds the next try back");
    readiness_begin(&r, t + 5500);
    readiness_record(&r, t + 5600, false, &why);
    is_int(r.next_ms, t + 6500, "  and only that one");
    readiness_record(&r, t + 6600, true, NULL);
    is_int(readiness_state(&r), READINESS_READY, "ready when a token is issued");
    is_int(readiness_attempts(&r), 5, "five attempts");
    is_int(readiness_elapsed_ms(&r, t + 99999), 6600, "elapsed frozen at the success");
    is_int(readiness_wait_ms(&r, t + 7000), -1, "no more waiting");

    readiness_start(&r, &c, t);
    int64_t now = t;
    while (readiness_state(&r) == READINESS_WAITING) {
        now += readiness_wait_ms(&r, now);
        readiness_record(&r, now, false, &why);
    }
    is_int(readiness_state(&r), READINESS_TIMED_OUT, "times out");
    is_int(now - t, 10000, "last try exactly at the deadline");
    is_int(readiness_attempts(&r), 11, "tries at 0, 1, ..., 10 s");
    is_str(r.last.msg, "not yet", "last reason kept");

    c.growth_percent = 150;
    readiness_start(&r, &c, t);
    now = t;
    while (readiness_state(&r) == READINESS_WAITING) {
        now += readiness_wait_ms(&r, now);
        readiness_record(&r, now, false, &why);
    }
    is_int(readiness_attempts(&r), 6, "backoff: tries at 0, 1, 2.5, 4.75, 8.125, 10 s");
}

struct fake_try {
    int fail_first;     /* fail this many tries, then succeed */
    enum err_code code;
    int calls;
};

static int fake_try(void *ud, struct error *e)
{
    struct fake_try *f = ud;

    if (f->calls++ < f->fail_first)
        return error_set(e, f->code, "not yet %d", f->calls);
    return 0;
}

static void test_readiness_run(void)
{
    struct readiness_config c = { .period_ms = 2, .timeout_ms = 60000 };
    struct readiness r;
    struct error e = { 0 };
    struct fake_try f = { 3, ERR_AUTH, 0 };

    is_int(readiness_run(&r, &c, fake_try, &f, &e), 0, "blocking run: ready after failures");
    is_int(readiness_attempts(&r), 4, "  four attempts");
    f = (struct fake_try){ 100, ERR_CRYPTO, 0 };
    is_int(readiness_run(&r, &c, fake_try, &f, &e), -1, "a fatal error ends the wait at once");
    is_int(f.calls, 1, "  after one try");
    is_int(e.code, ERR_CRYPTO, "  with that error");
    c.timeout_ms = 20;
    f = (struct fake_try){ 1000000, ERR_AUTH, 0 };
    is_int(readiness_run(&r, &c, fake_try, &f, &e), -1, "gives up at the deadline");
    is_int(e.code, ERR_TIMEOUT, "  ERR_TIMEOUT");
    ok(strstr(e.msg, "attempts") && strstr(e.msg, "not yet"), "  naming attempts and the last reason: %s", e.msg);
}

static void test_authority(void)
{
    struct error e = { 0 };
    char *a;

    a = sb_authority_normalise("https://helseid-sts.nhn.no/connect/token", &e);
    is_str(a, "https://helseid-sts.nhn.no", "token endpoint -> issuer");
    free(a);
    a = sb_authority_normalise("https://helseid-sts.nhn.no/.well-known/openid-configuration/", &e);
    is_str(a, "https://helseid-sts.nhn.no", "discovery URL -> issuer");
    free(a);
    a = sb_authority_normalise("https://helseid-sts.nhn.no///", &e);
    is_str(a, "https://helseid-sts.nhn.no", "trailing slashes removed");
    free(a);
    ok(sb_authority_normalise("http://helseid-sts.nhn.no", &e) == NULL, "http refused");
    ok(sb_authority_normalise("https:///connect/token", &e) == NULL, "no host refused");
}

static void test_remote_text(void)
{
    char *s = remote_text("a\x1b[2Jb\xe2\x80\xae" "c\xff\xc3\xa6", (size_t)-1);
    char big[400];

    is_str(s, "a?[2Jb?c?\xc3\xa6", "ESC, RLO and invalid UTF-8 replaced, æ kept");
    free(s);
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    s = remote_text(big, (size_t)-1);
    is_int(strlen(s), REMOTE_TEXT_MAX + 3, "long text cut with ...");
    free(s);
    memset(big, 0, sizeof big);
    for (int i = 0; i < 150; i++)
        memcpy(big + 2 * i, "\xc3\xb8", 2);
    s = remote_text(big, (size_t)-1);
    ok(strlen(s) == REMOTE_TEXT_MAX + 3 && (unsigned char)s[REMOTE_TEXT_MAX - 1] == 0xb8,
       "cut on a character boundary");
    free(s);
}

int main(void)
{
    test_draft();
    test_update();
    test_scope_groups();
    test_readiness();
    test_readiness_run();
    test_authority();
    test_remote_text();
    return done_testing();
}
