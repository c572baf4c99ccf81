/* Preflight cause mapping and clock skew (pure), and the endpoint table and layers. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "net/endpoints.h"
#include "net/preflight.h"
#include "tests/tap.h"

static struct preflight_result pr(enum http_cause c, long status)
{
    struct preflight_result r;

    memset(&r, 0, sizeof r);
    strcpy(r.host, "helseid-sts.test.nhn.no");
    r.cause = c;
    r.status = status;
    preflight_classify(&r);
    return r;
}

static void preflight(void)
{
    struct preflight_result r;
    long skew = 0;

    r = pr(HTTP_CAUSE_OK, 200);
    ok(r.ok && r.failed_at == PREFLIGHT_STAGE_DONE && !r.message[0], "200 is reachable");
    r = pr(HTTP_CAUSE_OK, 404);
    ok(r.ok, "404 still proves DNS, TCP, TLS and HTTP");
    r = pr(HTTP_CAUSE_OK, 401);
    ok(r.ok, "401 is reachable");
    r = pr(HTTP_CAUSE_OK, 503);
    ok(!r.ok && r.failed_at == PREFLIGHT_STAGE_HTTP && strstr(r.message, "503"), "503 fails at http (%s)", r.message);
    r = pr(HTTP_CAUSE_DNS, 0);
    ok(!r.ok && r.failed_at == PREFLIGHT_STAGE_DNS && strstr(r.message, "DNS"), "dns (%s)", r.message);
    r = pr(HTTP_CAUSE_TIMEOUT, 0);
    ok(!r.ok && r.failed_at == PREFLIGHT_STAGE_TCP && strstr(r.message, "firewall"), "timeout: firewall (%s)", r.message);
    r = pr(HTTP_CAUSE_REFUSED, 0);
    ok(!r.ok && r.failed_at == PREFLIGHT_STAGE_TCP && strstr(r.message, "refused"), "refused (%s)", r.message);
    r = pr(HTTP_CAUSE_TLS_VERIFY, 0);
    ok(!r.ok && r.failed_at == PREFLIGHT_STAGE_TLS && strstr(r.message, "--ca-file"), "tls verify: --ca-file (%s)", r.message);
    r = pr(HTTP_CAUSE_TLS, 0);
    ok(!r.ok && r.failed_at == PREFLIGHT_STAGE_TLS, "tls handshake");
    r = pr(HTTP_CAUSE_PROXY, 0);
    ok(!r.ok && strstr(r.message, "proxy"), "proxy (%s)", r.message);
    ok(strstr(r.message, "helseid-sts.test.nhn.no") != NULL, "message names the host");
    is_str(preflight_stage_name(PREFLIGHT_STAGE_TLS), "tls", "stage name");

    ok(preflight_clock_skew(1000, 1003, &skew) && skew == 3, "clock: local ahead is positive");
    ok(preflight_clock_skew(1000, 960, &skew) && skew == -40, "clock: local behind is negative");
    ok(!preflight_clock_skew((time_t)-1, 1000, &skew), "clock: no Date, unknown");
}

static void endpoints(void)
{
    struct endpoints ep;
    struct endpoints_layer site = { 0 }, env = { 0 }, flags = { 0 };
    const struct endpoints_layer *layers[] = { &site, &env, &flags };
    struct error e = { 0 };
    char host[64], *out = NULL;
    int port;

    endpoints_init(&ep);
    is_int(endpoints_resolve(&ep, layers, 3, &e), 0, "defaults resolve");
    is_int(ep.env, ENDPOINT_ENV_PROD, "default environment is prod");
    is_str(ep.authority, "https://helseid-sts.nhn.no", "prod STS");
    is_str(ep.brreg, "https://data.brreg.no/enhetsregisteret/api", "prod brreg");

    site.env = "test";
    is_int(endpoints_resolve(&ep, layers, 3, &e), 0, "site says test");
    is_str(ep.selvbetjening_api, "https://api.selvbetjening.test.nhn.no", "test Selvbetjening API");
    is_str(ep.persontjenesten, "https://et.persontjenesten.test.nhn.no", "test Persontjenesten");
    is_str(ep.brreg, "https://data.ppe.brreg.no/enhetsregisteret/api", "test brreg");

    env.env = "prod";
    site.authority = "https://site.example";
    env.authority = "https://env.example/";
    is_int(endpoints_resolve(&ep, layers, 3, &e), 0, "environment over site");
    is_int(ep.env, ENDPOINT_ENV_PROD, "environment layer wins the env name");
    is_str(ep.authority, "https://env.example", "environment URL wins, trailing slash removed");
    flags.authority = "https://flag.example:8443/sts";
    flags.ca_file = "/tmp/ca.pem";
    is_int(endpoints_resolve(&ep, layers, 3, &e), 0, "flags over environment");
    is_str(ep.authority, "https://flag.example:8443/sts", "flag URL wins");
    is_str(ep.ca_file, "/tmp/ca.pem", "ca file carried");

    flags.brreg = "http://data.brreg.no";
    is_int(endpoints_resolve(&ep, layers, 3, &e), -1, "plain http refused");
    ok(strstr(e.msg, "https://") != NULL, "http refusal names https (%s)", e.msg);
    is_str(ep.authority, "https://flag.example:8443/sts", "a refused resolve leaves the old values");
    flags.brreg = NULL;
    flags.env = "staging";
    is_int(endpoints_resolve(&ep, layers, 3, &e), -1, "unknown environment refused");
    flags.env = "demo";
    site.authority = env.authority = flags.authority = NULL;
    is_int(endpoints_resolve(&ep, layers, 3, &e), 0, "demo resolves");
    ok(ep.authority == NULL && ep.brreg == NULL, "demo has no fixed URLs");
    endpoints_clear(&ep);

    is_int(endpoint_url_check("https://h.example/a?b", "x", &out, &e), -1, "query refused");
    is_int(endpoint_url_check("https://h.example/a#b", "x", &out, &e), -1, "fragment refused");
    is_int(endpoint_url_check("https://user@h.example", "x", &out, &e), -1, "user info refused");
    is_int(endpoint_url_check("https:///path", "x", &out, &e), -1, "empty host refused");
    is_int(endpoint_url_check("https://h.example/a b", "x", &out, &e), -1, "space refused");
    is_int(endpoint_url_check("https://[::1]:8443/x", "x", &out, &e), 0, "IPv6 literal accepted");
    free(out);

    ok(endpoint_url_host("https://helseid-sts.nhn.no/.well-known/x", host, sizeof host, &port) == 0 &&
       strcmp(host, "helseid-sts.nhn.no") == 0 && port == 443, "host and default port");
    ok(endpoint_url_host("https://127.0.0.1:8443", host, sizeof host, &port) == 0 &&
       strcmp(host, "127.0.0.1") == 0 && port == 8443, "host and explicit port");
    ok(endpoint_url_host("https://[::1]:9/", host, sizeof host, &port) == 0 && strcmp(host, "[::1]") == 0 && port == 9,
       "IPv6 host and port");
    ok(endpoint_url_host("https://h:99999", host, sizeof host, &port) < 0, "port out of range refused");
    ok(endpoint_url_host("http://h", host, sizeof host, &port) < 0, "non-https refused");
}

int main(void)
{
    preflight();
    endpoints();
    return done_testing();
}
