/* End-to-end tests of src/net over real TLS against tests/e2e/net-tls-server.py
 * (started by net-e2e-http.sh; NET_PORT, NET_CA and NET_ROGUE_CA in the environment). */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "net/brreg.h"
#include "net/loopback.h"
#include "net/http.h"
#include "net/preflight.h"
#include "tests/tap.h"

static int port;
static const char *ca, *rogue_ca;
static char base[64];

static int closed_port(void)
{
    struct sockaddr_in sa = { 0 };
    socklen_t len = sizeof sa;
    int fd = socket(AF_INET, SOCK_STREAM, 0), p;

    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, (struct sockaddr *)&sa, sizeof sa);
    getsockname(fd, (struct sockaddr *)&sa, &len);
    p = ntohs(sa.sin_port);
    close(fd);          /* nothing listens there now: connection refused */
    return p;
}

static struct http_client *client(const char *ca_file, int attempts, FILE *trace)
{
    struct http_config cfg = { 0 };
    struct http_client *c = NULL;
    struct error e = { 0 };

    cfg.ca_file = ca_file;
    cfg.max_attempts = attempts;
    cfg.retry_base_ms = 50;
    cfg.connect_timeout_ms = 3000;
    cfg.timeout_ms = 10000;
    cfg.trace = trace;
    if (http_client_new(&c, &cfg, &e) < 0)
        printf("# client: %s\n", e.msg);
    return c;
}

static int get(struct http_client *c, enum http_method m, const char *path, struct http_response *res,
               struct error *e)
{
    char url[256];
    struct http_request req = { 0 };

    snprintf(url, sizeof url, "%s%s", base, path);
    req.method = m;
    req.url = url;
    if (m != HTTP_GET) {
        req.body = "{}";
        req.body_len = 2;
        req.content_type = "application/json";
    }
    return http_request(c, &req, res, e);
}

static void tls(void)
{
    struct http_client *c;
    struct http_response res;
    struct error e = { 0 };

    c = client(NULL, 1, NULL);
    is_int(get(c, HTTP_GET, "/ok", &res, &e), -1, "tls: untrusted certificate fails");
    is_int(res.cause, HTTP_CAUSE_TLS_VERIFY, "tls: cause is tls_verify");
    ok(strstr(e.msg, "--ca-file") != NULL, "tls: message says add the CA with --ca-file (%s)", e.msg);
    http_response_clear(&res);
    http_client_free(c);

    c = client(rogue_ca, 1, NULL);
    is_int(get(c, HTTP_GET, "/ok", &res, &e), -1, "tls: another CA does not help");
    is_int(res.cause, HTTP_CAUSE_TLS_VERIFY, "tls: still tls_verify");
    http_response_clear(&res);
    http_client_free(c);

    {
        struct http_config cfg = { 0 };
        cfg.ca_file = "/nonexistent/ca.pem";
        ok(http_client_new(&c, &cfg, &e) < 0 && strstr(e.msg, "/nonexistent/ca.pem"), "tls: unreadable CA file named (%s)", e.msg);
        char key[1024];
        size_t n = strlen(rogue_ca);
        /* The rogue CA's private key: PEM, but no certificate in it. */
        snprintf(key, sizeof key, "%.*s.key", (int)(n > 4 ? n - 4 : n), rogue_ca);
        cfg.ca_file = key;
        ok(http_client_new(&c, &cfg, &e) < 0 && strstr(e.msg, "PEM"), "tls: CA file without certificate refused (%s)", e.msg);
    }
}

static void basics(struct http_client *c)
{
    struct http_response res;
    struct error e = { 0 };
    struct strv hdrs = STRV_INIT;
    struct http_request req = { 0 };
    char url[256];
    time_t now = time(NULL);

    is_int(get(c, HTTP_GET, "/ok", &res, &e), 0, "ok: answer with the test CA (%s)", e.msg);
    is_int(res.status, 200, "ok: 200");
    is_str(res.dpop_nonce, "nonce-123", "ok: DPoP-Nonce captured");
    is_str(res.location, "https://example.invalid/next", "ok: Location captured");
    is_str(res.content_type, "application/json", "ok: Content-Type captured");
    ok(res.date && res.date_epoch != (time_t)-1 && res.date_epoch > now - 3600 && res.date_epoch < now + 3600,
       "ok: Date captured and parsed (%s)", res.date ? res.date : "none");
    is_str(res.body, "{\"ok\":true}", "ok: body");
    is_int(res.attempts, 1, "ok: one attempt");
    is_str(res.primary_ip, "127.0.0.1", "ok: primary IP");
    http_response_clear(&res);

    strv_push(&hdrs, "X-Test: caller header");
    snprintf(url, sizeof url, "%s/echo", base);
    req.method = HTTP_PUT;
    req.url = url;
    req.headers = &hdrs;
    req.body = "{\"a\":1}";
    req.body_len = 7;
    req.content_type = "application/json";
    is_int(http_request(c, &req, &res, &e), 0, "echo: PUT answered");
    ok(res.body && strstr(res.body, "\"method\": \"PUT\""), "echo: method PUT");
    ok(res.body && strstr(res.body, "\"user-agent\": \"helseid-admin/" VERSION "\""), "echo: User-Agent helseid-admin/VERSION");
    ok(res.body && strstr(res.body, "\"x-test\": \"caller header\""), "echo: caller header sent");
    ok(res.body && strstr(res.body, "\"body_len\": 7"), "echo: body sent");
    http_response_clear(&res);
    strv_clear(&hdrs);

    is_int(get(c, HTTP_GET, "/status/404", &res, &e), 0, "status: 404 is an answer, not a transport failure");
    is_int(res.status, 404, "status: 404 reported");
    ok(http_status_error(&res, "test", &e) < 0 && strstr(e.msg, "404"), "status: http_status_error names it");
    http_response_clear(&res);
}

static void size_and_time(struct http_client *c)
{
    struct http_response res;
    struct error e = { 0 };
    struct http_request req = { 0 };
    char url[256];

    is_int(get(c, HTTP_GET, "/big", &res, &e), 0, "size: 3 MiB under the default cap");
    is_int(res.body_len, 3 << 20, "size: whole body");
    http_response_clear(&res);

    snprintf(url, sizeof url, "%s/big", base);
    req.method = HTTP_GET;
    req.url = url;
    req.max_body = 1 << 20;
    is_int(http_request(c, &req, &res, &e), -1, "size: Content-Length over the cap refused");
    is_int(res.cause, HTTP_CAUSE_TOO_LARGE, "size: too_large");
    ok(strstr(e.msg, "too large") && strstr(e.msg, "1048576"), "size: clear message (%s)", e.msg);
    is_int(res.attempts, 1, "size: not retried");
    http_response_clear(&res);
    snprintf(url, sizeof url, "%s/big-chunked", base);
    is_int(http_request(c, &req, &res, &e), -1, "size: chunked answer over the cap aborted");
    is_int(res.cause, HTTP_CAUSE_TOO_LARGE, "size: chunked too_large");
    ok(res.body_len <= (1u << 20), "size: never more than the cap kept");
    http_response_clear(&res);

    snprintf(url, sizeof url, "%s/slow", base);
    req.max_body = 0;
    /* Long enough that a loaded machine (a sanitizer build beside other tests) still
     * sees its loopback connect complete: a timeout before that is "unreachable",
     * which is rightly retried, and would not test the silent server. */
    req.timeout_ms = 2000;
    {
        struct http_client *c1 = client(ca, 3, NULL);
        is_int(http_request(c1, &req, &res, &e), -1, "timeout: a server that never answers");
        is_int(res.cause, HTTP_CAUSE_TIMEOUT, "timeout: cause timeout");
        ok(res.connected && strstr(e.msg, "did not answer in time") && !strstr(e.msg, "firewall"),
           "timeout: connected but silent is not blamed on a firewall (%s)", e.msg);
        is_int(res.attempts, 1, "timeout: a connected but silent server is not retried");
        http_response_clear(&res);
        http_client_free(c1);
    }
}

static long server_count(struct http_client *c, const char *id)
{
    struct http_response res;
    struct error e = { 0 };
    char path[64];
    long n = -1;

    snprintf(path, sizeof path, "/count/%s", id);
    if (get(c, HTTP_GET, path, &res, &e) == 0 && res.body)
        sscanf(res.body, "{\"count\":%ld}", &n);
    http_response_clear(&res);
    return n;
}

static void retries(struct http_client *c)
{
    struct http_response res;
    struct error e = { 0 };
    char id[32], path[64];

    snprintf(id, sizeof id, "g%ld", (long)getpid());
    snprintf(path, sizeof path, "/flaky/%s", id);
    is_int(get(c, HTTP_GET, path, &res, &e), 0, "retry: flaky GET answered");
    is_int(res.status, 200, "retry: GET succeeds after two 503");
    is_int(res.attempts, 3, "retry: three attempts");
    http_response_clear(&res);

    snprintf(id, sizeof id, "p%ld", (long)getpid());
    snprintf(path, sizeof path, "/always503/%s", id);
    is_int(get(c, HTTP_POST, path, &res, &e), 0, "retry: POST answered");
    is_int(res.status, 503, "retry: POST gets the 503");
    is_int(res.attempts, 1, "retry: POST never retried");
    is_int(server_count(c, id), 1, "retry: server saw one POST");
    http_response_clear(&res);

    snprintf(id, sizeof id, "a%ld", (long)getpid());
    snprintf(path, sizeof path, "/always503/%s", id);
    is_int(get(c, HTTP_GET, path, &res, &e), 0, "retry: GET on a down server answered");
    is_int(res.status, 503, "retry: gives up with the 503");
    is_int(server_count(c, id), 3, "retry: server saw three GETs (the cap)");
    http_response_clear(&res);

    snprintf(id, sizeof id, "r%ld", (long)getpid());
    snprintf(path, sizeof path, "/retry-after/%s", id);
    is_int(get(c, HTTP_GET, path, &res, &e), 0, "retry-after: answered");
    ok(res.status == 200 && res.attempts == 2, "retry-after: 429 then 200 (attempts %d)", res.attempts);
    http_response_clear(&res);

    snprintf(id, sizeof id, "l%ld", (long)getpid());
    snprintf(path, sizeof path, "/retry-after-long/%s", id);
    is_int(get(c, HTTP_GET, path, &res, &e), 0, "retry-after: long answered");
    ok(res.status == 429 && res.attempts == 1, "retry-after: an hour is not waited for");
    http_response_clear(&res);
}

static void failures(void)
{
    struct http_client *c = client(ca, 1, NULL);
    struct http_response res;
    struct http_request req = { 0 };
    struct error e = { 0 };
    char url[128];

    snprintf(url, sizeof url, "https://127.0.0.1:%d/ok", closed_port());
    req.method = HTTP_GET;
    req.url = url;
    is_int(http_request(c, &req, &res, &e), -1, "refused: fails");
    is_int(res.cause, HTTP_CAUSE_REFUSED, "refused: cause refused");
    ok(strstr(e.msg, "refused") != NULL, "refused: message (%s)", e.msg);
    http_response_clear(&res);

    req.url = "https://nonexistent.invalid/";
    is_int(http_request(c, &req, &res, &e), -1, "dns: fails");
    is_int(res.cause, HTTP_CAUSE_DNS, "dns: cause dns");
    http_response_clear(&res);

    req.url = "http://127.0.0.1/";
    is_int(http_request(c, &req, &res, &e), -1, "plain http refused before any connection");
    is_int(res.cause, HTTP_CAUSE_BAD_URL, "plain http: bad_url");
    http_response_clear(&res);
    http_client_free(c);
}

struct done_count {
    int n, ok;
};

static void count_done(void *ud, const struct http_request *req, struct http_response *res, int rc,
                       const struct error *e)
{
    struct done_count *d = ud;

    d->n++;
    if (rc == 0 && res->status == 200)
        d->ok++;
}

static void poll_loop(struct http_client *c)
{
    struct http_multi *m = NULL;
    struct http_request req[3] = { { 0 } };
    struct http_response res[3];
    struct done_count d = { 0, 0 };
    struct pollfd fds[16];
    struct error e = { 0 };
    char url[3][128];
    time_t deadline = time(NULL) + 20;
    size_t n;
    int t, loops = 0;

    ok(http_multi_new(&m, c, &e) == 0, "multi: created");
    for (int i = 0; i < 3; i++) {
        snprintf(url[i], sizeof url[i], "%s/ok", base);
        req[i].method = HTTP_GET;
        req[i].url = url[i];
        http_multi_add(m, &req[i], &res[i], count_done, &d, &e);
    }
    is_int(http_multi_pending(m), 3, "multi: three pending");
    /* The caller's own poll loop, as the TUI runs it (stdin would be one more fd). */
    while (http_multi_pending(m) && time(NULL) < deadline) {
        t = http_multi_pollfds(m, fds, 16, &n);
        poll(fds, n, t < 0 || t > 200 ? 200 : t);
        if (http_multi_step(m, fds, n, &e) < 0)
            break;
        loops++;
    }
    is_int(d.n, 3, "multi: three callbacks");
    is_int(d.ok, 3, "multi: three answers (%d loop turns)", loops);
    for (int i = 0; i < 3; i++)
        http_response_clear(&res[i]);
    http_multi_free(m);
}

static void trace(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct http_client *c = client(ca, 1, f);
    struct strv hdrs = STRV_INIT;
    struct http_request req = { 0 };
    struct http_response res;
    struct error e = { 0 };
    char url[128];

    strv_push(&hdrs, "Authorization: DPoP eyJ-secret-token");
    strv_push(&hdrs, "DPoP: eyJ-secret-proof");
    strv_push(&hdrs, "api-key: vendor-secret-key");
    snprintf(url, sizeof url, "%s/echo", base);
    req.method = HTTP_POST;
    req.url = url;
    req.headers = &hdrs;
    req.body = "client_assertion=eyJ-secret-assertion";
    req.body_len = strlen(req.body);
    req.content_type = "application/x-www-form-urlencoded";
    is_int(http_request(c, &req, &res, &e), 0, "trace: request with secrets answered");
    fflush(f);
    ok(buf && strstr(buf, "> Authorization: [redacted]") && strstr(buf, "> POST /echo"), "trace: written, header redacted");
    ok(buf && !strstr(buf, "eyJ-secret") && !strstr(buf, "vendor-secret-key"), "trace: no secret reached the trace");
    http_response_clear(&res);
    http_client_free(c);
    fclose(f);
    free(buf);
    strv_clear(&hdrs);
}

static void brreg(struct http_client *c)
{
    struct org_entity o;
    struct org_entity_list l;
    struct error e = { 0 };
    char b[128], bad[128];

    snprintf(b, sizeof b, "%s/enhetsregisteret/api", base);
    org_entity_init(&o);
    is_int(brreg_lookup(c, b, "311590839", &o, &e), 0, "brreg: main entity");
    ok(o.lookup == ORG_LOOKUP_FOUND && o.kind == ORG_KIND_MAIN && !strcmp(o.name, "Nordre testkommune"), "brreg: KOMM found");
    is_int(brreg_lookup(c, b, "310166138", &o, &e), 0, "brreg: ORGL");
    ok(o.kind == ORG_KIND_ORG_PART && o.parent_orgnr && !strcmp(o.parent_orgnr, "311590839"), "brreg: ORGL with parent");
    is_int(brreg_lookup(c, b, "311860917", &o, &e), 0, "brreg: sub-unit via /underenheter after 404");
    ok(o.kind == ORG_KIND_SUB_UNIT && !strcmp(o.parent_orgnr, "310166138") && !strcmp(o.nace, "86.211"), "brreg: BEDR");
    is_int(brreg_lookup(c, b, "217975433", &o, &e), 0, "brreg: deleted");
    ok(o.deleted, "brreg: deleted flagged");
    is_int(brreg_lookup(c, b, "212319481", &o, &e), 0, "brreg: konkurs");
    ok(o.bankrupt, "brreg: bankrupt flagged");
    is_int(brreg_lookup(c, b, "217574919", &o, &e), 0, "brreg: unknown is an outcome");
    is_int(o.lookup, ORG_LOOKUP_NOT_FOUND, "brreg: 404 from both is not_found");
    is_int(brreg_lookup(c, b, "312222222", &o, &e), 0, "brreg: 410 is an outcome");
    is_int(o.lookup, ORG_LOOKUP_GONE, "brreg: 410 is gone");
    is_int(brreg_lookup(c, b, "313333333", &o, &e), -1, "brreg: server error fails");
    ok(o.lookup == ORG_LOOKUP_FAILED && e.code == ERR_API && o.failure, "brreg: server error is failed/ERR_API");
    is_int(brreg_lookup(c, b, "311111111", &o, &e), -1, "brreg: malformed answer fails");
    ok(o.lookup == ORG_LOOKUP_FAILED && e.code == ERR_PARSE, "brreg: malformed is failed/ERR_PARSE");
    snprintf(bad, sizeof bad, "https://127.0.0.1:%d/enhetsregisteret/api", closed_port());
    {
        struct http_client *c1 = client(ca, 1, NULL);
        is_int(brreg_lookup(c1, bad, "311590839", &o, &e), -1, "brreg: network failure fails");
        ok(o.lookup == ORG_LOOKUP_FAILED && e.code == ERR_NET && strstr(o.failure, "refused"),
           "brreg: network failure is failed/ERR_NET (%s)", o.failure ? o.failure : "");
        http_client_free(c1);
    }
    is_int(brreg_lookup(c, b, "31159083", &o, &e), -1, "brreg: 8 digits refused");
    is_int(e.code, ERR_INVALID, "brreg: invalid number is ERR_INVALID");
    org_entity_clear(&o);

    org_entity_list_init(&l);
    is_int(brreg_list_subunits(c, b, "310166138", &l, &e), 0, "brreg: sub-units listed over two pages");
    is_int(l.n, 4, "brreg: four sub-units");
    ok(l.n == 4 && !strcmp(l.v[3].orgnr, "318219931") && l.v[0].kind == ORG_KIND_SUB_UNIT, "brreg: all pages, in order");
    is_int(brreg_list_subunits(c, b, "217975433", &l, &e), 0, "brreg: no sub-units");
    is_int(l.n, 0, "brreg: empty list without _embedded");
    org_entity_list_clear(&l);
}

static void preflight(void)
{
    struct preflight_target t[4];
    struct preflight_report rep;
    struct http_config cfg = { 0 };
    struct error e = { 0 };
    char u[4][128];

    snprintf(u[0], sizeof u[0], "%s/.well-known/openid-configuration", base);
    snprintf(u[1], sizeof u[1], "%s/enhetsregisteret/api/", base);
    snprintf(u[2], sizeof u[2], "https://127.0.0.1:%d/", closed_port());
    snprintf(u[3], sizeof u[3], "https://nonexistent.invalid/");
    t[0] = (struct preflight_target){ "sts", u[0], true };
    t[1] = (struct preflight_target){ "brreg", u[1], false };
    t[2] = (struct preflight_target){ "closed", u[2], false };
    t[3] = (struct preflight_target){ "nodns", u[3], false };
    cfg.ca_file = ca;
    preflight_report_init(&rep);
    is_int(preflight_run(&cfg, t, 4, true, &rep, &e), 0, "preflight: ran in parallel");
    is_int(rep.n, 4, "preflight: four results");
    ok(rep.v[0].ok && rep.v[1].ok, "preflight: reachable hosts ok");
    ok(!rep.v[2].ok && rep.v[2].cause == HTTP_CAUSE_REFUSED && rep.v[2].failed_at == PREFLIGHT_STAGE_TCP,
       "preflight: closed port refused at tcp");
    ok(!rep.v[3].ok && rep.v[3].cause == HTTP_CAUSE_DNS && rep.v[3].failed_at == PREFLIGHT_STAGE_DNS,
       "preflight: unknown host fails at dns");
    ok(rep.clock_known && rep.clock_skew_s > -5 && rep.clock_skew_s < 5, "preflight: clock skew measured (%ld s)",
       rep.clock_skew_s);
    is_str(rep.v[2].host, "127.0.0.1", "preflight: host named");

    cfg.ca_file = NULL;
    is_int(preflight_run(&cfg, t, 2, false, &rep, &e), 0, "preflight: sequential run without the CA");
    ok(!rep.v[0].ok && rep.v[0].cause == HTTP_CAUSE_TLS_VERIFY && rep.v[0].failed_at == PREFLIGHT_STAGE_TLS &&
       strstr(rep.v[0].message, "--ca-file"), "preflight: interception detected (%s)", rep.v[0].message);
    ok(!rep.clock_known, "preflight: no clock without an answer");
    preflight_report_clear(&rep);
}

/* One poll() loop waiting on the loopback listener and an HTTPS request at once, as
 * the hand-off screen waits on the browser's redirect and the STS. */
static void one_loop(struct http_client *c)
{
    struct loopback_expect x = { LOOPBACK_CONFIRM, 0, LOOPBACK_PATH_CONFIRM, NULL, "" };
    struct loopback *l = NULL;
    struct loopback_result r;
    struct http_multi *m = NULL;
    struct http_request req = { 0 };
    struct http_response res;
    struct done_count d = { 0, 0 };
    struct error e = { 0 };
    struct pollfd fds[32];
    struct sockaddr_in sa = { 0 };
    char url[128], reqbuf[256], answer[4096] = "";
    time_t deadline = time(NULL) + 20;
    size_t nl = 0, nh = 0, got = 0;
    int sock, got_redirect = 0;

    /* A free port rather than the defaults, which a parallel test run may hold. */
    if (loopback_open(&l, &x, closed_port(), &e) < 0) {
        ok(0, "one loop: listener (%s)", e.msg);
        return;
    }
    ok(1, "one loop: listener on 127.0.0.1:%d", loopback_port(l));
    http_multi_new(&m, c, &e);
    snprintf(url, sizeof url, "%s/ok", base);
    req.method = HTTP_GET;
    req.url = url;
    http_multi_add(m, &req, &res, count_done, &d, &e);
    /* The "browser": a plain socket sending the redirect. */
    sock = socket(AF_INET, SOCK_STREAM, 0);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)loopback_port(l));
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ok(connect(sock, (struct sockaddr *)&sa, sizeof sa) == 0, "one loop: browser connected");
    snprintf(reqbuf, sizeof reqbuf, "GET %s?status=Success HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n",
             LOOPBACK_PATH_CONFIRM, loopback_port(l));
    ok(send(sock, reqbuf, strlen(reqbuf), 0) == (ssize_t)strlen(reqbuf), "one loop: redirect sent");
    while ((!got_redirect || http_multi_pending(m)) && time(NULL) < deadline) {
        int t1 = loopback_pollfds(l, fds, 16, &nl);
        int t2 = http_multi_pollfds(m, fds + nl, 16, &nh);
        int t = t1 < 0 ? t2 : t2 < 0 ? t1 : t1 < t2 ? t1 : t2;
        poll(fds, nl + nh, t < 0 || t > 200 ? 200 : t);
        if (loopback_step(l, fds, nl, &r, &e) == 1) {
            got_redirect = r.outcome == LOOPBACK_SUCCESS ? 1 : -1;
            loopback_result_clear(&r);
        }
        http_multi_step(m, fds + nl, nh, &e);
    }
    is_int(got_redirect, 1, "one loop: redirect received");
    is_int(d.ok, 1, "one loop: HTTPS answer received in the same loop");
    for (ssize_t k; got < sizeof answer - 1 && (k = recv(sock, answer + got, sizeof answer - 1 - got, 0)) > 0; )
        got += (size_t)k;
    answer[got] = '\0';
    ok(strncmp(answer, "HTTP/1.1 200 OK\r\n", 17) == 0 && strstr(answer, "Content-Security-Policy: default-src 'none'"),
       "one loop: browser got the page");
    close(sock);
    http_response_clear(&res);
    http_multi_free(m);
    loopback_free(l);
}

/* Proxies come from the environment (libcurl's default, never disabled). */
static void proxy(struct http_client *c)
{
    const char *pp = getenv("NET_PROXY_PORT"), *dp = getenv("NET_DENY_PORT"), *log = getenv("NET_PROXY_LOG");
    struct http_response res;
    struct error e = { 0 };
    char url[64], want[64], line[128];
    bool seen = false;
    FILE *f;

    if (!pp || !dp || !log) {
        ok(0, "proxy: NET_PROXY_PORT, NET_DENY_PORT and NET_PROXY_LOG set");
        return;
    }
    unsetenv("NO_PROXY");
    unsetenv("no_proxy");
    unsetenv("ALL_PROXY");
    unsetenv("all_proxy");
    snprintf(url, sizeof url, "http://127.0.0.1:%s", pp);
    setenv("HTTPS_PROXY", url, 1);
    setenv("https_proxy", url, 1);
    {
        struct http_client *c1 = client(ca, 1, NULL);
        is_int(get(c1, HTTP_GET, "/ok", &res, &e), 0, "proxy: answer through HTTPS_PROXY (%s)", e.msg);
        is_str(res.dpop_nonce, "nonce-123", "proxy: server headers captured, not the proxy's");
        http_response_clear(&res);
        http_client_free(c1);
    }
    snprintf(want, sizeof want, "CONNECT 127.0.0.1:%d", port);
    f = fopen(log, "r");
    while (f && fgets(line, sizeof line, f))
        seen = seen || strncmp(line, want, strlen(want)) == 0;
    if (f)
        fclose(f);
    ok(seen, "proxy: the tunnel went through the proxy");
    snprintf(url, sizeof url, "http://127.0.0.1:%s", dp);
    setenv("HTTPS_PROXY", url, 1);
    setenv("https_proxy", url, 1);
    {
        struct http_client *c1 = client(ca, 1, NULL);
        is_int(get(c1, HTTP_GET, "/ok", &res, &e), -1, "proxy: a refusing proxy fails");
        is_int(res.cause, HTTP_CAUSE_PROXY, "proxy: cause proxy");
        ok(strstr(e.msg, "HTTPS_PROXY") != NULL, "proxy: message names HTTPS_PROXY (%s)", e.msg);
        http_response_clear(&res);
        http_client_free(c1);
    }
    snprintf(url, sizeof url, "http://127.0.0.1:%d", closed_port());
    setenv("HTTPS_PROXY", url, 1);
    setenv("https_proxy", url, 1);
    {
        struct http_client *c1 = client(ca, 1, NULL);
        is_int(get(c1, HTTP_GET, "/ok", &res, &e), -1, "proxy: a dead proxy fails");
        is_int(res.cause, HTTP_CAUSE_PROXY, "proxy: blamed on the proxy, not the host (%s)", e.msg);
        http_response_clear(&res);
        http_client_free(c1);
    }
    setenv("NO_PROXY", "127.0.0.1", 1);
    {
        struct http_client *c1 = client(ca, 1, NULL);
        is_int(get(c1, HTTP_GET, "/ok", &res, &e), 0, "proxy: NO_PROXY honoured");
        http_response_clear(&res);
        http_client_free(c1);
    }
    unsetenv("HTTPS_PROXY");
    unsetenv("https_proxy");
    unsetenv("NO_PROXY");
    (void)c;
}

int main(void)
{
    struct http_client *c;
    const char *p = getenv("NET_PORT");

    ca = getenv("NET_CA");
    rogue_ca = getenv("NET_ROGUE_CA");
    if (!p || !ca || !rogue_ca) {
        printf("Bail out! NET_PORT, NET_CA and NET_ROGUE_CA must be set (run net-e2e-http.sh)\n");
        return 1;
    }
    port = atoi(p);
    snprintf(base, sizeof base, "https://127.0.0.1:%d", port);
    tls();
    c = client(ca, 3, NULL);
    basics(c);
    size_and_time(c);
    retries(c);
    failures();
    poll_loop(c);
    trace();
    brreg(c);
    preflight();
    one_loop(c);
    proxy(c);
    http_client_free(c);
    return done_testing();
}
