/* The loopback redirect parser: the raw request, its target and the pasted-back URL,
 * with every rejection. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "net/loopback.h"
#include "tests/tap.h"

static const struct loopback_expect confirm = { LOOPBACK_CONFIRM, 47190, LOOPBACK_PATH_CONFIRM, NULL, "" };
static const struct loopback_expect login = { LOOPBACK_LOGIN, 47191, LOOPBACK_PATH_LOGIN, "s3cr3t-state-value", "" };

/* A hand-off's confirmation address with its secret segment (DESIGN.md §5, Trust). */
static const struct loopback_expect secret = { LOOPBACK_CONFIRM, 47190, LOOPBACK_PATH_CONFIRM, NULL,
                                               "00112233445566778899aabbccddeeff" };

static int target(const struct loopback_expect *x, const char *t, struct loopback_result *r)
{
    struct error e = { 0 };

    return loopback_parse_target(x, t, strlen(t), r, &e);
}

static void confirm_targets(void)
{
    struct loopback_result r;

    is_int(target(&confirm, "/helseid-admin/confirmed?status=Success", &r), 0, "confirm: Success accepted");
    is_int(r.outcome, LOOPBACK_SUCCESS, "confirm: Success is success");
    is_str(r.status, "Success", "confirm: status kept");
    loopback_result_clear(&r);

    is_int(target(&confirm, "/helseid-admin/confirmed?status=Cancelled", &r), 0, "confirm: other status is an answer");
    is_int(r.outcome, LOOPBACK_FAILED, "confirm: other status is a failure");
    is_str(r.status, "Cancelled", "confirm: other status shown verbatim");
    loopback_result_clear(&r);

    target(&confirm, "/helseid-admin/confirmed?status=success", &r);
    is_int(r.outcome, LOOPBACK_FAILED, "confirm: status is case-sensitive");
    loopback_result_clear(&r);

    target(&confirm, "/helseid-admin/confirmed", &r);
    is_int(r.outcome, LOOPBACK_FAILED, "confirm: missing status is a failure");
    is_str(r.status, "", "confirm: missing status is empty");
    loopback_result_clear(&r);

    target(&confirm, "/helseid-admin/confirmed?status=Error%0Ahacked%1B%5B31m&x=1", &r);
    is_str(r.status, "Error hacked?[31m", "confirm: control characters sanitised, unknown keys ignored");
    loopback_result_clear(&r);

    target(&confirm, "/helseid-admin/confirmed?status=Invalid+redirect", &r);
    is_str(r.status, "Invalid redirect", "confirm: plus decodes to space");
    loopback_result_clear(&r);

    ok(target(&confirm, "/other?status=Success", &r) < 0, "confirm: wrong path rejected");
    ok(target(&confirm, "/helseid-admin/confirmedX?status=Success", &r) < 0, "confirm: path prefix rejected");
    ok(target(&confirm, "/helseid-admin/confirmed/?status=Success", &r) < 0, "confirm: trailing slash rejected");
    ok(target(&confirm, "helseid-admin/confirmed?status=Success", &r) < 0, "confirm: relative target rejected");
    ok(target(&confirm, "/helseid-admin/confirmed?status=Success#frag", &r) < 0, "confirm: fragment rejected");
    ok(target(&confirm, "/helseid-admin/confirmed?status=Success&status=Success", &r) < 0, "confirm: duplicate status rejected");
    ok(target(&confirm, "/helseid-admin/confirmed?status=%zz", &r) < 0, "confirm: bad escape rejected");
    ok(target(&confirm, "/helseid-admin/confirmed?status=%4", &r) < 0, "confirm: truncated escape rejected");
    ok(target(&confirm, "/helseid-admin/confirmed?status=a%00b", &r) < 0, "confirm: NUL escape rejected");
    {
        char big[LOOPBACK_MAX_QUERY + 64];
        strcpy(big, "/helseid-admin/confirmed?status=");
        memset(big + strlen(big), 'A', 200);
        big[32 + 200] = '\0';
        ok(target(&confirm, big, &r) < 0, "confirm: over-long status rejected");
        strcpy(big, "/helseid-admin/confirmed?status=Success&pad=");
        memset(big + strlen(big), 'x', LOOPBACK_MAX_QUERY);
        big[sizeof big - 1] = '\0';
        ok(target(&confirm, big, &r) < 0, "confirm: over-long query rejected");
    }
}

static void login_targets(void)
{
    struct loopback_result r;

    is_int(target(&login, "/helseid-admin/login?code=abc123&state=s3cr3t-state-value&iss=https%3A%2F%2Fhelseid-sts.test.nhn.no", &r), 0,
           "login: code with right state accepted");
    is_int(r.outcome, LOOPBACK_SUCCESS, "login: success");
    is_str(r.code, "abc123", "login: code kept");
    is_str(r.iss, "https://helseid-sts.test.nhn.no", "login: iss decoded");
    loopback_result_clear(&r);
    ok(r.code == NULL, "login: code freed on clear");

    ok(target(&login, "/helseid-admin/login?code=abc&state=s3cr3t-state-valuX", &r) < 0, "login: wrong state rejected");
    ok(target(&login, "/helseid-admin/login?code=abc&state=s3cr3t-state-valu", &r) < 0, "login: shorter state rejected");
    ok(target(&login, "/helseid-admin/login?code=abc&state=s3cr3t-state-value2", &r) < 0, "login: longer state rejected");
    ok(target(&login, "/helseid-admin/login?code=abc", &r) < 0, "login: missing state rejected");
    ok(target(&login, "/helseid-admin/login?code=abc&state=", &r) < 0, "login: empty state rejected");
    ok(target(&login, "/helseid-admin/login?state=s3cr3t-state-value", &r) < 0, "login: missing code rejected");
    ok(target(&login, "/helseid-admin/login?code=&state=s3cr3t-state-value", &r) < 0, "login: empty code rejected");
    ok(target(&login, "/helseid-admin/login?code=a&code=b&state=s3cr3t-state-value", &r) < 0, "login: duplicate code rejected");
    ok(target(&login, "/helseid-admin/login?error=access_denied&state=wrong", &r) < 0, "login: error with wrong state rejected");

    is_int(target(&login, "/helseid-admin/login?error=access_denied&error_description=User+cancelled&state=s3cr3t-state-value", &r), 0,
           "login: error with right state is an answer");
    is_int(r.outcome, LOOPBACK_FAILED, "login: error is a failure");
    is_str(r.error, "access_denied: User cancelled", "login: error text");
    loopback_result_clear(&r);
    {
        struct loopback_expect nostate = login;
        nostate.state = NULL;
        ok(target(&nostate, "/helseid-admin/login?code=abc&state=x", &r) < 0, "login: no expected state never matches");
    }
}

static int pasted(const struct loopback_expect *x, const char *url, struct loopback_result *r)
{
    struct error e = { 0 };

    return loopback_parse_pasted(x, url, r, &e);
}

static void pasted_urls(void)
{
    struct loopback_result r;

    is_int(pasted(&confirm, "http://127.0.0.1:47190/helseid-admin/confirmed?status=Success", &r), 0, "pasted: 127.0.0.1 accepted");
    is_int(r.outcome, LOOPBACK_SUCCESS, "pasted: success");
    loopback_result_clear(&r);
    is_int(pasted(&confirm, "  http://localhost:47190/helseid-admin/confirmed?status=Success\n", &r), 0, "pasted: localhost with blanks accepted");
    loopback_result_clear(&r);
    is_int(pasted(&confirm, "HTTP://LOCALHOST:47190/helseid-admin/confirmed?status=Denied", &r), 0, "pasted: scheme and host case-insensitive");
    is_int(r.outcome, LOOPBACK_FAILED, "pasted: failure status");
    is_str(r.status, "Denied", "pasted: failure status verbatim");
    loopback_result_clear(&r);

    ok(pasted(&confirm, NULL, &r) < 0, "pasted: NULL rejected");
    ok(pasted(&confirm, "", &r) < 0, "pasted: empty rejected");
    ok(pasted(&confirm, "https://127.0.0.1:47190/helseid-admin/confirmed?status=Success", &r) < 0, "pasted: https rejected");
    ok(pasted(&confirm, "http://127.0.0.2:47190/helseid-admin/confirmed?status=Success", &r) < 0, "pasted: other address rejected");
    ok(pasted(&confirm, "http://127.0.0.1.evil.example:47190/helseid-admin/confirmed?status=Success", &r) < 0, "pasted: look-alike host rejected");
    ok(pasted(&confirm, "http://user@127.0.0.1:47190/helseid-admin/confirmed?status=Success", &r) < 0, "pasted: user info rejected");
    ok(pasted(&confirm, "http://127.0.0.1:47191/helseid-admin/confirmed?status=Success", &r) < 0, "pasted: wrong port rejected");
    ok(pasted(&confirm, "http://127.0.0.1/helseid-admin/confirmed?status=Success", &r) < 0, "pasted: missing port rejected");
    ok(pasted(&confirm, "http://127.0.0.1:/helseid-admin/confirmed?status=Success", &r) < 0, "pasted: empty port rejected");
    ok(pasted(&confirm, "http://127.0.0.1:99999999/helseid-admin/confirmed?status=Success", &r) < 0, "pasted: huge port rejected");
    ok(pasted(&confirm, "http://127.0.0.1:47190", &r) < 0, "pasted: no path rejected");
    ok(pasted(&confirm, "http://127.0.0.1:47190?status=Success", &r) < 0, "pasted: query without path rejected");
    ok(pasted(&confirm, "http://127.0.0.1:47190/wrong?status=Success", &r) < 0, "pasted: wrong path rejected");
    ok(pasted(&confirm, "http://127.0.0.1:47190/helseid-admin/confirmed?status=Success#x", &r) < 0, "pasted: fragment rejected");
    ok(pasted(&confirm, "http://127.0.0.1:47190/helseid-admin/confirmed?status=Suc cess", &r) == 0 && r.outcome == LOOPBACK_FAILED,
       "pasted: inner blank is not Success");
    loopback_result_clear(&r);
    ok(pasted(&login, "http://127.0.0.1:47191/helseid-admin/login?code=c&state=bad", &r) < 0, "pasted: login wrong state rejected");
    ok(pasted(&login, "http://127.0.0.1:47191/helseid-admin/login?code=c&state=s3cr3t-state-value", &r) == 0 && r.outcome == LOOPBACK_SUCCESS,
       "pasted: login right state accepted");
    loopback_result_clear(&r);
}

static enum loopback_http req(const char *raw, struct loopback_result *r)
{
    enum loopback_http h = loopback_parse_request(&confirm, raw, strlen(raw), r);
    return h;
}

static void requests(void)
{
    struct loopback_result r;

    is_int(req("GET /helseid-admin/confirmed?status=Success HTTP/1.1\r\nHost: 127.0.0.1:47190\r\nUser-Agent: x\r\n\r\n", &r),
           LOOPBACK_HTTP_OK, "request: good request");
    is_int(r.outcome, LOOPBACK_SUCCESS, "request: success parsed");
    loopback_result_clear(&r);
    is_int(req("GET /helseid-admin/confirmed?status=Success HTTP/1.0\r\nhost: localhost:47190\r\n\r\n", &r),
           LOOPBACK_HTTP_OK, "request: HTTP/1.0 and localhost accepted");
    loopback_result_clear(&r);
    is_int(req("GET /helseid-admin/confirmed?status=Success HTTP/1.1\r\nHost: 127.0.0.1:47190\r\n", &r),
           LOOPBACK_HTTP_INCOMPLETE, "request: incomplete waits");
    is_int(req("", &r), LOOPBACK_HTTP_INCOMPLETE, "request: empty waits");
    is_int(req("POST /helseid-admin/confirmed?status=Success HTTP/1.1\r\nHost: 127.0.0.1:47190\r\n\r\n", &r),
           LOOPBACK_HTTP_BAD_METHOD, "request: POST is 405");
    is_int(req("HEAD /helseid-admin/confirmed HTTP/1.1\r\nHost: 127.0.0.1:47190\r\n\r\n", &r),
           LOOPBACK_HTTP_BAD_METHOD, "request: HEAD is 405");
    is_int(req("get /helseid-admin/confirmed HTTP/1.1\r\nHost: 127.0.0.1:47190\r\n\r\n", &r),
           LOOPBACK_HTTP_BAD_REQUEST, "request: lower-case method is 400");
    is_int(req("GET /favicon.ico HTTP/1.1\r\nHost: 127.0.0.1:47190\r\n\r\n", &r),
           LOOPBACK_HTTP_NOT_FOUND, "request: other path is 404");
    is_int(req("GET /helseid-admin/confirmed?status=Success HTTP/1.1\r\nHost: evil.example:47190\r\n\r\n", &r),
           LOOPBACK_HTTP_BAD_REQUEST, "request: foreign Host is 400 (DNS rebinding)");
    is_int(req("GET /helseid-admin/confirmed?status=Success HTTP/1.1\r\nHost: 127.0.0.1:47191\r\n\r\n", &r),
           LOOPBACK_HTTP_BAD_REQUEST, "request: Host with the wrong port is 400");
    is_int(req("GET /helseid-admin/confirmed?status=Success HTTP/1.1\r\n\r\n", &r),
           LOOPBACK_HTTP_BAD_REQUEST, "request: missing Host is 400");
    is_int(req("GET /helseid-admin/confirmed?status=Success HTTP/1.1\r\nHost: 127.0.0.1:47190\r\nHost: 127.0.0.1:47190\r\n\r\n", &r),
           LOOPBACK_HTTP_BAD_REQUEST, "request: two Host headers are 400");
    is_int(req("GET /helseid-admin/confirmed?status=Success HTTP/2\r\nHost: 127.0.0.1:47190\r\n\r\n", &r),
           LOOPBACK_HTTP_BAD_REQUEST, "request: other version is 400");
    is_int(req("GET  /helseid-admin/confirmed HTTP/1.1\r\nHost: 127.0.0.1:47190\r\n\r\n", &r),
           LOOPBACK_HTTP_BAD_REQUEST, "request: double space is 400");
    is_int(req("GET /helseid-admin/confirmed?status=Success\r\nHost: 127.0.0.1:47190\r\n\r\n", &r),
           LOOPBACK_HTTP_BAD_REQUEST, "request: HTTP/0.9 line is 400");
    is_int(req("GET /helseid-admin/confirmed?status=Success HTTP/1.1\r\nBroken header\r\nHost: 127.0.0.1:47190\r\n\r\n", &r),
           LOOPBACK_HTTP_BAD_REQUEST, "request: header without colon is 400");
    is_int(req("GET /helseid-admin/confirmed?status=Success HTTP/1.1\nHost: 127.0.0.1:47190\n\n", &r),
           LOOPBACK_HTTP_INCOMPLETE, "request: bare LF never completes (strict CRLF)");
    is_int(req("GET /helseid-admin/confirmed?status=%zz HTTP/1.1\r\nHost: 127.0.0.1:47190\r\n\r\n", &r),
           LOOPBACK_HTTP_BAD_REQUEST, "request: malformed query is 400");
    {
        static char big[LOOPBACK_MAX_REQUEST + 16];
        memset(big, 'a', sizeof big - 1);
        memcpy(big, "GET /", 5);
        is_int(loopback_parse_request(&confirm, big, sizeof big - 1, &r), LOOPBACK_HTTP_TOO_LARGE,
               "request: over the cap without an end is 431");
    }
    {
        static const char nul[] = "GET /helseid-admin/confirmed?status=Success HTTP/1.1\r\nHost: 127.0.0.1:47190\r\nX: a\0b\r\n\r\n";
        is_int(loopback_parse_request(&confirm, nul, sizeof nul - 1, &r), LOOPBACK_HTTP_BAD_REQUEST,
               "request: NUL byte is 400");
    }
}

static void secret_paths(void)
{
    struct loopback_result r;
    struct loopback_expect a = { LOOPBACK_CONFIRM, 47190, LOOPBACK_PATH_CONFIRM, NULL, "" };
    struct loopback_expect b = a;
    struct error e = { 0 };
    const char *req_bare = "GET /helseid-admin/confirmed?status=Bogus HTTP/1.1\r\nHost: 127.0.0.1:47190\r\n\r\n";
    const char *req_ok = "GET /helseid-admin/confirmed/00112233445566778899aabbccddeeff?status=Cancelled HTTP/1.1\r\n"
                         "Host: 127.0.0.1:47190\r\n\r\n";

    is_int(target(&secret, "/helseid-admin/confirmed/00112233445566778899aabbccddeeff?status=Success", &r), 0,
           "secret: the full path is accepted");
    is_int(r.outcome, LOOPBACK_SUCCESS, "secret: Success");
    ok(target(&secret, "/helseid-admin/confirmed?status=Cancelled", &r) < 0, "secret: the bare path is refused");
    ok(target(&secret, "/helseid-admin/confirmed/00112233445566778899aabbccddeefe?status=Cancelled", &r) < 0,
       "secret: a wrong secret is refused");
    ok(target(&secret, "/helseid-admin/confirmed/00112233445566778899aabbccddee?status=Cancelled", &r) < 0,
       "secret: a prefix of the secret is refused");
    ok(target(&secret, "/helseid-admin/confirmed/00112233445566778899aabbccddeeff/?status=Cancelled", &r) < 0,
       "secret: a trailing slash is refused");
    ok(target(&secret, "/helseid-admin/confirmed00112233445566778899aabbccddeeff?status=Cancelled", &r) < 0,
       "secret: the segment needs its slash");
    is_int(loopback_parse_request(&secret, req_bare, strlen(req_bare), &r),
           LOOPBACK_HTTP_NOT_FOUND, "secret: a request to the bare path is 404");
    is_int(r.outcome, LOOPBACK_WAITING, "secret: and decides nothing");
    is_int(loopback_parse_request(&secret, req_ok, strlen(req_ok), &r), LOOPBACK_HTTP_OK,
           "secret: the request with the secret is 200");
    is_int(r.outcome, LOOPBACK_FAILED, "secret: and its status counts");
    ok(pasted(&secret, "http://127.0.0.1:47190/helseid-admin/confirmed?status=Success", &r) < 0,
       "secret: paste-back of the bare path is refused");
    is_int(pasted(&secret, "http://localhost:47190/helseid-admin/confirmed/00112233445566778899aabbccddeeff?status=Success", &r),
           0, "secret: paste-back with the secret is accepted");
    loopback_parse_target(&secret, "/helseid-admin/confirmed/x?status=Success", 41, &r, &e);
    ok(strstr(e.msg, "00112233") == NULL, "secret: the error does not reveal the secret");

    is_int(loopback_expect_new_secret(&a, &e), 0, "new secret: made");
    is_int((int)strlen(a.secret), LOOPBACK_SECRET_LEN, "new secret: 32 hex digits (128 bits)");
    ok(strspn(a.secret, "0123456789abcdef") == LOOPBACK_SECRET_LEN, "new secret: lowercase hex");
    loopback_expect_new_secret(&b, &e);
    ok(strcmp(a.secret, b.secret) != 0, "new secret: another each time");
}

static void ports(void)
{
    int p[LOOPBACK_NPORTS];

    is_int(loopback_port_candidates(0, p), 3, "ports: three by default");
    ok(p[0] == 47190 && p[1] == 47191 && p[2] == 47192, "ports: 47190, 47191, 47192");
    is_int(loopback_port_candidates(50000, p), 1, "ports: --port alone");
    is_int(p[0], 50000, "ports: --port value");
}

int main(void)
{
    confirm_targets();
    login_targets();
    pasted_urls();
    requests();
    secret_paths();
    ports();
    return done_testing();
}
