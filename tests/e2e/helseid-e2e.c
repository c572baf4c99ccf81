/* End to end against helseid-sim over TLS: every grant, the DPoP nonce retry, draft ->
 * confirm -> status -> ready, update, sub-unit token, key rotation, and injected
 * faults (5xx, reset, slow, malformed JSON, oversized body) each giving a clean error.
 *   helseid-e2e URLS.json [--export FILE]
 * URLS.json is the line helseid-sim prints on start. --export makes one more confirmed
 * client and writes it as the portal's downloadable configuration file (for the
 * command tests in tests/e2e/helseid.sh). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>

#include <cjson/cJSON.h>

#include "net/http.h"
#include "jose/jwk.h"
#include "jose/jws.h"
#include "net/loopback.h"
#include "net/oidc.h"
#include "jose/rand.h"
#include "net/readiness.h"
#include "net/selvbetjening.h"
#include "net/token.h"
#include "net/token_async.h"
#include "tests/tap.h"

#define OWNER "315260183"
#define CHILD "219378653"
#define CONFIRM_URI "http://127.0.0.1:47190/helseid-admin/confirmed"
/* The error text after a failed step only (e is cleared before each step). */
#define FAILMSG e.code != ERR_OK ? ": " : "", e.code != ERR_OK ? e.msg : ""
#define LOGIN_URI "http://127.0.0.1:47190/helseid-admin/login"

static const char *authority, *sb_api, *sb_web, *admin, *ca_file;

static const char *jget(const cJSON *o, const char *k)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

static struct http_client *new_http(long timeout_ms)
{
    struct http_config hc = { .ca_file = ca_file, .max_attempts = 1, .timeout_ms = timeout_ms };
    struct http_client *c = NULL;
    struct error e;

    if (http_client_new(&c, &hc, &e) < 0)
        printf("# http client: %s\n", e.msg);
    return c;
}

/* POST a JSON document to the simulator's admin interface. */
static long admin_post(struct http_client *h, const char *path, const char *json)
{
    struct http_response res;
    struct error e;
    char url[512];
    struct http_request req = { .method = HTTP_POST, .url = url, .body = json,
                                .body_len = strlen(json), .content_type = "application/json" };
    long st;

    snprintf(url, sizeof url, "%s%s", admin, path);
    http_response_init(&res);
    st = http_request(h, &req, &res, &e) == 0 ? res.status : -1;
    http_response_clear(&res);
    return st;
}

static cJSON *token_claims(const char *token)
{
    struct jws j;
    struct error e;
    cJSON *c = NULL;

    jws_init(&j);
    if (jws_parse(&j, token, JOSE_ALGS_VERIFY, &e) == 0) {
        c = j.payload;
        j.payload = NULL;
    }
    jws_clear(&j);
    return c;
}

static int try_token(void *ud, struct error *e)
{
    struct token_answer t;
    int rc;

    token_answer_init(&t);
    rc = token_client_credentials(ud, SB_SELF_SCOPE, NULL, &t, e);
    token_answer_clear(&t);
    return rc;
}

/* Drive the simulator's login page as a browser would: GET the authorize URL, POST the
 * form with the first test person, return the redirect Location. */
static char *browser_login(struct http_client *h, const char *authorize_url)
{
    struct http_response res;
    struct error e;
    struct http_request get = { .method = HTTP_GET, .url = authorize_url };
    char login[256] = "", body[512], url[512], *loc = NULL;
    const char *p;

    http_response_init(&res);
    if (http_request(h, &get, &res, &e) < 0 || res.status != 200 || !res.body)
        goto out;
    if (!(p = strstr(res.body, "name=\"login\" value=\"")))
        goto out;
    p += strlen("name=\"login\" value=\"");
    snprintf(login, sizeof login, "%.*s", (int)strcspn(p, "\""), p);
    http_response_clear(&res);
    snprintf(body, sizeof body, "login=%s&person=17856642097&action=login", login);
    snprintf(url, sizeof url, "%s/connect/authorize/login", authority);
    {
        struct http_request post = { .method = HTTP_POST, .url = url, .body = body,
                                     .body_len = strlen(body),
                                     .content_type = "application/x-www-form-urlencoded" };
        if (http_request(h, &post, &res, &e) < 0 || !res.location)
            goto out;
    }
    loc = strdup(res.location);
out:
    http_response_clear(&res);
    return loc;
}

/* A new confirmed client written as Selvbetjening's download: authority in its token
 * endpoint form, privateJwk a URL-encoded string without alg/kid. */
static void export_client(struct http_client *h, struct oidc *oidc, const char *path)
{
    struct jwk k;
    struct error e = { 0 };
    struct sb_draft d = { .organization_number = OWNER,
                          .post_confirmation_redirect_uri = CONFIRM_URI };
    struct strv kids = STRV_INIT;
    struct token_session s;
    struct readiness r;
    struct readiness_config rc = { .timeout_ms = 30000 };
    struct form enc = { 0 };
    char *pub, *priv, *id = NULL;
    cJSON *doc = cJSON_CreateObject();
    char *text;
    FILE *f;

    jwk_init(&k);
    jwk_generate(&k, JOSE_ALG_ES256, 0, &e);
    pub = jwk_to_string(&k, JWK_EXPORT_META, &e);
    priv = jwk_to_string(&k, JWK_EXPORT_PRIVATE, &e);
    strv_push(&kids, CHILD);
    d.public_jwk = pub;
    d.child_orgnrs = &kids;
    error_clear(&e);
    is_int(sb_create_draft(h, sb_api, "demo-api-key", &d, &id, &e), 0, "export: draft%s%s", FAILMSG);
    token_session_init(&s, h, oidc, id, &k);
    is_int(readiness_run(&r, &rc, try_token, &s, &e), 0, "export: client ready%s%s", FAILMSG);
    form_add(&enc, "x", priv);
    cJSON_AddStringToObject(doc, "clientName", "Fjordlegene AS - e2e");
    cJSON_AddStringToObject(doc, "authority", oidc->disc.token_endpoint);
    cJSON_AddStringToObject(doc, "clientId", id ? id : "");
    cJSON_AddStringToObject(doc, "privateJwk", enc.buf + 2);
    cJSON_AddStringToObject(doc, "rsaPrivateKey", "<RSAKeyValue/>");
    text = cJSON_Print(doc);
    ok(text && (f = fopen(path, "w")) && fprintf(f, "\xEF\xBB\xBF%s\n", text) > 0 && fclose(f) == 0,
       "export: configuration file written (with BOM)");
    free(text);
    cJSON_Delete(doc);
    form_wipe(&enc);
    token_session_clear(&s);
    secret_free_str(priv);
    free(pub);
    free(id);
    strv_clear(&kids);
    jwk_clear(&k);
}

/* The TUI's way: a new client waited for from one poll() loop with http_multi,
 * readiness stepped by hand, token requests that never block, a fresh discovery. */
static void poll_loop_readiness(struct http_client *h)
{
    struct jwk k;
    struct error e = { 0 };
    struct sb_draft d = { .organization_number = OWNER,
                          .post_confirmation_redirect_uri = CONFIRM_URI };
    struct http_multi *m = NULL;
    struct oidc o;
    struct token_session s;
    struct token_async a;
    struct token_request r = { .grant = TOKEN_GRANT_CLIENT_CREDENTIALS, .scope = SB_SELF_SCOPE };
    struct readiness rd;
    struct readiness_config rc = { .timeout_ms = 30000 };
    struct token_answer t;
    char *pub, *id = NULL;
    bool in_flight = false;
    int loops = 0, ended = 0;

    jwk_init(&k);
    jwk_generate(&k, JOSE_ALG_ES256, 0, &e);
    pub = jwk_to_string(&k, JWK_EXPORT_META, &e);
    d.public_jwk = pub;
    error_clear(&e);
    is_int(sb_create_draft(h, sb_api, "demo-api-key", &d, &id, &e), 0, "poll loop: draft%s%s", FAILMSG);
    oidc_init(&o, h, authority, &e);
    token_session_init(&s, h, &o, id, &k);
    token_async_init(&a);
    token_answer_init(&t);
    is_int(http_multi_new(&m, h, &e), 0, "poll loop: multi handle");
    readiness_start(&rd, &rc, readiness_now_ms());
    while (readiness_state(&rd) == READINESS_WAITING && loops++ < 100000) {
        struct pollfd fds[16];
        size_t n = 0;
        int timeout = readiness_wait_ms(&rd, readiness_now_ms()), ht;

        if (!in_flight && readiness_due(&rd, readiness_now_ms())) {
            if (token_async_start(&a, &s, m, &r, &e) < 0) {
                readiness_record(&rd, readiness_now_ms(), false, &e);
                continue;
            }
            in_flight = true;
        }
        ht = http_multi_pollfds(m, fds, 16, &n);
        if (in_flight)
            timeout = ht;
        if (timeout < 0 || timeout > 1000)
            timeout = 1000;     /* the TUI's once-a-second countdown */
        poll(fds, n, timeout);
        http_multi_step(m, fds, n, &e);
        token_async_poll(&a);
        if (in_flight && token_async_done(&a)) {
            int ok_ = token_async_result(&a, &t, &e) == 0;
            in_flight = false;
            ended++;
            readiness_record(&rd, readiness_now_ms(), ok_, &e);
            token_answer_clear(&t);
        }
    }
    is_int(readiness_state(&rd), READINESS_READY, "poll loop: client ready without blocking (%d attempts, %d loop turns)",
           readiness_attempts(&rd), loops);
    ok(ended == readiness_attempts(&rd) && ended >= 1, "poll loop: every attempt ended through the loop");
    ok(o.have_disc, "poll loop: discovery fetched asynchronously");
    token_async_clear(&a);
    http_multi_free(m);
    token_session_clear(&s);
    oidc_clear(&o);
    free(pub);
    free(id);
    jwk_clear(&k);
}

int main(int argc, char **argv)
{
    FILE *f;
    char buf[2048];
    size_t n;
    cJSON *urls;
    struct http_client *h;
    struct oidc oidc;
    struct token_session ts, nts;
    struct jwk key, key2;
    struct error e = { 0 };
    struct sb_draft d = { 0 };
    struct strv scopes = STRV_INIT, kids = STRV_INIT, redirects = STRV_INIT;
    struct token_answer t;
    struct selvbetjening sb;
    struct client_status cs;
    struct sb_client_update up;
    struct readiness r;
    struct readiness_config rcfg = { .timeout_ms = 30000 };
    char *client_id = NULL, *pub = NULL, *pub2 = NULL;
    cJSON *claims;
    time_t exp;

    if ((argc != 2 && argc != 4) || !(f = fopen(argv[1], "r"))) {
        fprintf(stderr, "usage: helseid-e2e URLS.json [--export FILE]\n");
        return 2;
    }
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    urls = cJSON_Parse(buf);
    authority = jget(urls, "authority");
    sb_api = jget(urls, "selvbetjening_api");
    sb_web = jget(urls, "selvbetjening_web");
    admin = jget(urls, "admin");
    ca_file = jget(urls, "ca_file");
    error_clear(&e);
    ok(authority && sb_api && sb_web && admin && ca_file, "simulator URLs read");
    h = new_http(0);

    /* discovery */
    error_clear(&e);
    is_int(oidc_init(&oidc, h, authority, &e), 0, "oidc init");
    error_clear(&e);
    is_int(oidc_discover(&oidc, &e), 0, "discovery over TLS%s%s", FAILMSG);
    error_clear(&e);
    ok(oidc.disc.pushed_authorization_request_endpoint != NULL, "discovery names a PAR endpoint");
    error_clear(&e);
    is_int(oidc_fetch_jwks(&oidc, false, &e), 0, "JWKS fetched");

    /* draft */
    jwk_init(&key);
    jwk_init(&key2);
    error_clear(&e);
    is_int(jwk_generate(&key, JOSE_ALG_ES256, 0, &e), 0, "ES256 key generated");
    pub = jwk_to_string(&key, JWK_EXPORT_META, &e);
    strv_push(&scopes, "nhn:kjernejournal/api");
    strv_push(&kids, CHILD);
    strv_push(&redirects, LOGIN_URI);
    d.organization_number = OWNER;
    d.public_jwk = pub;
    d.api_scopes = &scopes;
    d.child_orgnrs = &kids;
    d.redirect_uris = &redirects;
    d.post_confirmation_redirect_uri = CONFIRM_URI;
    error_clear(&e);
    ok(sb_create_draft(h, sb_api, "wrong-key", &d, &client_id, &e) < 0 && e.code == ERR_AUTH,
       "wrong api key refused as ERR_AUTH: %s", e.msg);
    d.organization_number = "315260184";
    error_clear(&e);
    ok(sb_create_draft(h, sb_api, "demo-api-key", &d, &client_id, &e) < 0 && e.code == ERR_API,
       "invalid org number refused with the API's reason: %s", e.msg);
    d.organization_number = OWNER;
    error_clear(&e);
    is_int(sb_create_draft(h, sb_api, "demo-api-key", &d, &client_id, &e), 0,
           "client draft created%s%s", FAILMSG);
    error_clear(&e);
    ok(client_id && sb_client_id_valid(client_id), "client id %s", client_id ? client_id : "?");

    /* readiness (the simulator runs with --auto-confirm and a propagation delay) */
    token_session_init(&ts, h, &oidc, client_id, &key);
    error_clear(&e);
    is_int(readiness_run(&r, &rcfg, try_token, &ts, &e), 0, "client becomes ready%s%s",
           FAILMSG);
    printf("# ready after %d attempts, %lld ms\n", readiness_attempts(&r),
           (long long)readiness_elapsed_ms(&r, 0));
    /* How many tries it took depends on the machine's speed: a diagnostic, not a check. */

    /* client_credentials with nonce retry */
    token_session_clear(&ts);
    token_session_init(&ts, h, &oidc, client_id, &key);
    token_answer_init(&t);
    error_clear(&e);
    is_int(token_client_credentials(&ts, SB_SELF_SCOPE, NULL, &t, &e), 0, "client_credentials token");
    error_clear(&e);
    is_int(ts.requests, 2, "first request answered use_dpop_nonce, retried once");
    is_str(t.token_type, "DPoP", "token_type DPoP");
    claims = token_claims(t.access_token);
    error_clear(&e);
    ok(claims && cJSON_GetObjectItem(cJSON_GetObjectItem(claims, "cnf"), "jkt"), "token bound (cnf.jkt)");
    cJSON_Delete(claims);
    token_answer_clear(&t);
    error_clear(&e);
    is_int(token_client_credentials(&ts, SB_SELF_SCOPE, NULL, &t, &e), 0, "second token");
    error_clear(&e);
    is_int(ts.requests, 3, "  the remembered nonce saves the retry");
    token_answer_clear(&t);

    /* sub-unit token */
    error_clear(&e);
    is_int(token_client_credentials(&ts, SB_SELF_SCOPE, CHILD, &t, &e), 0, "token naming a sub-unit%s%s",
           FAILMSG);
    claims = t.access_token ? token_claims(t.access_token) : NULL;
    is_str(jget(claims, "helseid://claims/client/claims/orgnr_child"), CHILD, "orgnr_child claim");
    cJSON_Delete(claims);
    token_answer_clear(&t);
    error_clear(&e);
    ok(token_client_credentials(&ts, SB_SELF_SCOPE, "311860917", &t, &e) < 0,
       "sub-unit not in childOrganizationNumbers refused: %s", e.msg);

    /* status, update */
    selvbetjening_init(&sb, &ts, sb_api);
    client_status_init(&cs);
    error_clear(&e);
    is_int(sb_get_client(&sb, &cs, &e), 0, "GET /v1/client%s%s", FAILMSG);
    error_clear(&e);
    ok(client_status_scope(&cs, SB_SELF_SCOPE) != NULL, "self scope listed");
    error_clear(&e);
    ok(cs.child_orgnrs.n == 1, "one sub-unit");
    sb_client_update_init(&up);
    sb_client_update_from_status(&up, &cs);
    sb_client_update_add_scope(&up, "nhn:hgd-persontjenesten-api/restricted-access");
    strv_push(&kids, "311860917");
    sb_client_update_set_children(&up, &kids);
    error_clear(&e);
    is_int(sb_put_client(&sb, &up, &e), 0, "PUT /v1/client%s%s", FAILMSG);
    client_status_clear(&cs);
    error_clear(&e);
    is_int(sb_get_client(&sb, &cs, &e), 0, "GET after PUT");
    error_clear(&e);
    is_int(cs.child_orgnrs.n, 2, "two sub-units now");
    error_clear(&e);
    ok(client_status_scope(&cs, "nhn:hgd-persontjenesten-api/restricted-access") != NULL, "new scope listed");
    printf("# ready: %s\n", client_status_ready(&cs) ? "yes" : "no (scopes pending approval)");
    sb_client_update_clear(&up);
    client_status_clear(&cs);

    /* user login: PAR + PKCE + state + nonce, ID token validated, refresh */
    {
        struct token_login l;
        struct loopback_expect x = { .kind = LOOPBACK_LOGIN, .port = 47190,
                                     .path = LOOPBACK_PATH_LOGIN };
        struct loopback_result lr;
        struct token_answer rt;
        struct token_request rr = { .grant = TOKEN_GRANT_REFRESH_TOKEN };
        char *loc;

        token_login_init(&l);
        loopback_result_init(&lr);
        token_answer_init(&rt);
        error_clear(&e);
        is_int(token_login_begin(&ts, "openid profile offline_access nhn:kjernejournal/api", NULL,
                                 LOGIN_URI, &l, &e), 0, "login begun%s%s", FAILMSG);
        error_clear(&e);
        ok(l.used_par && strstr(l.authorize_url, "request_uri="), "login pushed via PAR");
        loc = browser_login(h, l.authorize_url);
        error_clear(&e);
        ok(loc != NULL, "simulated browser got the redirect");
        x.state = l.state;
        error_clear(&e);
        is_int(loc ? loopback_parse_pasted(&x, loc, &lr, &e) : -1, 0, "redirect parsed, state checked");
        error_clear(&e);
        is_int(lr.code ? token_login_finish(&ts, &l, lr.code, NULL, &t, &e) : -1, 0,
               "authorization_code exchanged, ID token valid%s%s", FAILMSG);
        error_clear(&e);
        ok(t.refresh_token != NULL, "refresh token issued");
        rr.refresh_token = t.refresh_token;
        rr.scope = "nhn:kjernejournal/api";
        error_clear(&e);
        is_int(token_request(&ts, &rr, &rt, &e), 0, "refresh_token grant%s%s", FAILMSG);
        free(loc);
        token_answer_clear(&rt);
        token_answer_clear(&t);
        loopback_result_clear(&lr);
        token_login_clear(&l);
    }

    /* key rotation */
    error_clear(&e);
    is_int(jwk_generate(&key2, JOSE_ALG_PS256, 3072, &e), 0, "PS256 key generated");
    pub2 = jwk_to_string(&key2, JWK_EXPORT_META, &e);
    error_clear(&e);
    is_int(sb_upload_key(&sb, pub2, &exp, &e), 0, "new key uploaded%s%s", FAILMSG);
    error_clear(&e);
    ok(exp > time(NULL), "expiration in the future");
    token_session_init(&nts, h, &oidc, client_id, &key2);
    error_clear(&e);
    is_int(readiness_run(&r, &rcfg, try_token, &nts, &e), 0, "token with the new key%s%s",
           FAILMSG);
    {
        struct sb_key_list kl;
        sb_key_list_init(&kl);
        error_clear(&e);
        is_int(sb_list_keys(&sb, &kl, &e), 0, "keys listed%s%s", FAILMSG);
        error_clear(&e);
        ok(kl.n >= 2, "both keys listed (%zu)", kl.n);
        sb_key_list_clear(&kl);
    }

    /* faults: each a clean, translated error */
    {
        static const struct { const char *json, *name; enum err_code want; } faults[] = {
            { "{\"path\":\"/sts/connect/token\",\"kind\":\"503\"}", "503", ERR_API },
            { "{\"path\":\"/sts/connect/token\",\"kind\":\"reset\"}", "reset", ERR_NET },
            { "{\"path\":\"/sts/connect/token\",\"kind\":\"malformed\"}", "malformed JSON", ERR_PARSE },
            { "{\"path\":\"/sts/connect/token\",\"kind\":\"oversized\"}", "oversized body", ERR_NET },
            { "{\"path\":\"/selvbetjening/api/v1/client\",\"kind\":\"malformed\"}", "malformed client", ERR_PARSE },
            { "{\"path\":\"/selvbetjening/api/v1/client\",\"kind\":\"500\"}", "500 client", ERR_API },
        };
        for (size_t i = 0; i < sizeof faults / sizeof *faults; i++) {
            struct token_session fs;
            struct selvbetjening fsb;
            int rc;
            /* A fresh client per fault: on a reused connection libcurl itself resends a
             * request the server closed without answering, hiding the reset. */
            struct http_client *fh = new_http(0);
            token_session_init(&fs, fh, &oidc, client_id, &key2);
            error_clear(&e);
            is_int(admin_post(h, "/fault", faults[i].json), 201, "fault %s armed", faults[i].name);
            error_clear(&e);
            if (strstr(faults[i].json, "selvbetjening")) {
                selvbetjening_init(&fsb, &fs, sb_api);
                /* Get the token first so the fault hits the API call. */
                client_status_init(&cs);
                rc = sb_get_client(&fsb, &cs, &e);
                client_status_clear(&cs);
                selvbetjening_clear(&fsb);
            } else {
                rc = token_client_credentials(&fs, SB_SELF_SCOPE, NULL, &t, &e);
                token_answer_clear(&t);
            }
            ok(rc < 0 && e.msg[0] && !strchr(e.msg, '\n'), "fault %s: clean error: %s", faults[i].name, e.msg);
            if (e.code != faults[i].want)
                printf("# code %s (expected %s)\n", error_code_name(e.code), error_code_name(faults[i].want));
            token_session_clear(&fs);
            http_client_free(fh);
        }
        {
            struct http_client *slow = new_http(700);
            struct oidc so;
            struct token_session ss;
            oidc_init(&so, slow, authority, &e);
            token_session_init(&ss, slow, &so, client_id, &key2);
            error_clear(&e);
            is_int(admin_post(h, "/fault", "{\"path\":\"/sts/connect/token\",\"kind\":\"delay\",\"delay_ms\":3000}"),
                   201, "fault slow armed");
            error_clear(&e);
            ok(token_client_credentials(&ss, SB_SELF_SCOPE, NULL, &t, &e) < 0 && e.code == ERR_NET,
               "slow answer: timeout error: %s", e.msg);
            admin_post(h, "/fault", "{}");
            token_session_clear(&ss);
            oidc_clear(&so);
            http_client_free(slow);
        }
    }

    poll_loop_readiness(h);
    if (argc == 4)
        export_client(h, &oidc, argv[3]);

    token_session_clear(&nts);
    selvbetjening_clear(&sb);
    token_session_clear(&ts);
    jwk_clear(&key);
    jwk_clear(&key2);
    free(pub);
    free(pub2);
    free(client_id);
    strv_clear(&scopes);
    strv_clear(&kids);
    strv_clear(&redirects);
    oidc_clear(&oidc);
    http_client_free(h);
    cJSON_Delete(urls);
    return done_testing();
}
