/* HTTP error classification, retry policy, Retry-After/Date parsing, sanitising and the
 * redaction of the -v trace. */
#include "config.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/http.h"
#include "net/http_trace.h"
#include "tests/tap.h"

static void causes(void)
{
    struct error e = { 0 };

    is_int(http_cause_from_curl(CURLE_OK, 0), HTTP_CAUSE_OK, "curl ok");
    ok(http_tls_name_mismatch("SSL: no alternative certificate subject name matches target host name '127.0.0.1'"),
       "name mismatch: OpenSSL, subjectAltName");
    ok(http_tls_name_mismatch("SSL: certificate subject name 'other.example' does not match target host name 'x'"),
       "name mismatch: OpenSSL, CN");
    ok(!http_tls_name_mismatch("SSL certificate problem: unable to get local issuer certificate"),
       "an untrusted issuer is not a name mismatch");
    ok(!http_tls_name_mismatch(NULL), "no text: no mismatch");
    is_int(http_cause_from_curl(CURLE_COULDNT_RESOLVE_HOST, 0), HTTP_CAUSE_DNS, "resolve host -> dns");
    is_int(http_cause_from_curl(CURLE_COULDNT_RESOLVE_PROXY, 0), HTTP_CAUSE_PROXY, "resolve proxy -> proxy");
    is_int(http_cause_from_curl(CURLE_PROXY, 0), HTTP_CAUSE_PROXY, "proxy handshake -> proxy");
    is_int(http_cause_from_curl(CURLE_COULDNT_CONNECT, ECONNREFUSED), HTTP_CAUSE_REFUSED, "connect refused -> refused");
    is_int(http_cause_from_curl(CURLE_COULDNT_CONNECT, ETIMEDOUT), HTTP_CAUSE_TIMEOUT, "connect timed out -> timeout");
    is_int(http_cause_from_curl(CURLE_COULDNT_CONNECT, ENETUNREACH), HTTP_CAUSE_NETWORK, "no route -> network");
    is_int(http_cause_from_curl(CURLE_OPERATION_TIMEDOUT, 0), HTTP_CAUSE_TIMEOUT, "operation timed out -> timeout");
    is_int(http_cause_from_curl(CURLE_PEER_FAILED_VERIFICATION, 0), HTTP_CAUSE_TLS_VERIFY, "peer verification -> tls_verify");
    is_int(http_cause_from_curl(CURLE_SSL_CONNECT_ERROR, 0), HTTP_CAUSE_TLS, "ssl connect -> tls");
    is_int(http_cause_from_curl(CURLE_FILESIZE_EXCEEDED, 0), HTTP_CAUSE_TOO_LARGE, "file size -> too_large");
    is_int(http_cause_from_curl(CURLE_UNSUPPORTED_PROTOCOL, 0), HTTP_CAUSE_BAD_URL, "protocol -> bad_url");
    is_int(http_cause_from_curl(CURLE_RECV_ERROR, ECONNRESET), HTTP_CAUSE_NETWORK, "recv error -> network");
    is_str(http_cause_name(HTTP_CAUSE_TLS_VERIFY), "tls_verify", "cause name lower-case");
    is_str(http_cause_name(HTTP_CAUSE_DNS), "dns", "cause name dns");

    is_int(http_cause_error(HTTP_CAUSE_TIMEOUT, "helseid-sts.nhn.no", NULL, &e), -1, "timeout message");
    ok(strstr(e.msg, "firewall") && strstr(e.msg, "helseid-sts.nhn.no"), "timeout: firewall hint and host (%s)", e.msg);
    is_int(e.code, ERR_NET, "timeout: ERR_NET");
    http_cause_error(HTTP_CAUSE_TLS_VERIFY, "h", NULL, &e);
    ok(strstr(e.msg, "--ca-file") && strstr(e.msg, "intercepted"), "tls verify: --ca-file hint (%s)", e.msg);
    http_cause_error(HTTP_CAUSE_DNS, "h", "detail", &e);
    ok(strstr(e.msg, "DNS") && strstr(e.msg, "(detail)"), "dns: DNS and detail (%s)", e.msg);
    http_cause_error(HTTP_CAUSE_REFUSED, "h", NULL, &e);
    ok(strstr(e.msg, "refused") != NULL, "refused message");
    http_cause_error(HTTP_CAUSE_PROXY, "h", NULL, &e);
    ok(strstr(e.msg, "HTTPS_PROXY") != NULL, "proxy: names HTTPS_PROXY");
    http_cause_error(HTTP_CAUSE_TOO_LARGE, "h", NULL, &e);
    ok(strstr(e.msg, "too large") != NULL, "size cap message");
    is_int(http_cause_error(HTTP_CAUSE_OK, "h", NULL, &e), 0, "ok is not an error");
}

static void retry(void)
{
    ok(http_should_retry(HTTP_CAUSE_OK, 503), "retry 503");
    ok(http_should_retry(HTTP_CAUSE_OK, 500), "retry 500");
    ok(http_should_retry(HTTP_CAUSE_OK, 429), "retry 429");
    ok(http_should_retry(HTTP_CAUSE_OK, 408), "retry 408");
    ok(!http_should_retry(HTTP_CAUSE_OK, 200), "no retry 200");
    ok(!http_should_retry(HTTP_CAUSE_OK, 404), "no retry 404");
    ok(!http_should_retry(HTTP_CAUSE_OK, 400), "no retry 400");
    ok(http_should_retry(HTTP_CAUSE_REFUSED, 0), "retry refused");
    ok(http_should_retry(HTTP_CAUSE_TIMEOUT, 0), "retry timeout");
    ok(!http_should_retry(HTTP_CAUSE_DNS, 0), "no retry dns");
    ok(!http_should_retry(HTTP_CAUSE_TLS_VERIFY, 0), "no retry tls");
    ok(!http_should_retry(HTTP_CAUSE_TOO_LARGE, 0), "no retry size cap");

    is_int(http_parse_retry_after("3", 1000), 3, "retry-after seconds");
    is_int(http_parse_retry_after("0", 1000), 0, "retry-after zero");
    is_int(http_parse_retry_after("12 ", 1000), 12, "retry-after trailing blank");
    is_int(http_parse_retry_after("-1", 1000), -1, "retry-after negative refused");
    is_int(http_parse_retry_after("3x", 1000), -1, "retry-after junk refused");
    is_int(http_parse_retry_after("99999999999999999999999", 1000), -1, "retry-after overflow refused");
    is_int(http_parse_retry_after("", 1000), -1, "retry-after empty");
    is_int(http_parse_retry_after(NULL, 1000), -1, "retry-after absent");
    is_int(http_parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", 1445412480), 10, "retry-after HTTP-date");
    is_int(http_parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412490), 0, "retry-after date in the past");
    is_int(http_parse_date("Wed, 21 Oct 2015 07:28:00 GMT"), 1445412480, "date IMF-fixdate");
    is_int(http_parse_date("Wednesday, 21-Oct-15 07:28:00 GMT"), 1445412480, "date RFC 850");
    is_int(http_parse_date("Wed Oct 21 07:28:00 2015"), 1445412480, "date asctime");
    is_int(http_parse_date("not a date"), -1, "date junk");
    is_int(http_parse_date(NULL), -1, "date absent");
}

static void sanitise_and_status(void)
{
    char s[32] = "a\x1b[31mb\r\nc\x7f";
    struct http_response res;
    struct error e = { 0 };

    http_sanitise(s, sizeof s - 1);
    is_str(s, "a?[31mb  c?", "sanitise control characters (breaks as spaces)");
    strcpy(s, "abcdef");
    http_sanitise(s, 3);
    is_str(s, "abc", "sanitise caps length");

    http_response_init(&res);
    res.status = 200;
    is_int(http_status_error(&res, "x", &e), 0, "2xx is fine");
    res.status = 503;
    res.body = strdup("down\nfor maintenance");
    res.body_len = strlen(res.body);
    is_int(http_status_error(&res, "Selvbetjening", &e), -1, "503 is an error");
    ok(strstr(e.msg, "503") && strstr(e.msg, "down for maintenance") && e.code == ERR_API,
       "503: status and sanitised body (%s)", e.msg);
    res.status = 401;
    http_status_error(&res, "x", &e);
    is_int(e.code, ERR_AUTH, "401 is ERR_AUTH");
    http_response_clear(&res);
    ok(res.body == NULL && res.date_epoch == (time_t)-1, "clear resets");
}

static char *trace(const char *prefix, const char *hdrs)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    http_trace_headers(f, prefix, hdrs, strlen(hdrs));
    fclose(f);
    return buf;
}

static void redaction(void)
{
    char *t = trace("> ", "POST /connect/token HTTP/1.1\r\nHost: sts\r\nAuthorization: DPoP eyJsecret\r\n"
                          "DPoP: eyJproof\r\napi-key: KEY123\r\nCookie: sid=abc\r\nproxy-authorization: Basic Zm9v\r\n"
                          "Content-Type: application/json\r\n\r\n");
    ok(t && !strstr(t, "eyJsecret") && !strstr(t, "eyJproof") && !strstr(t, "KEY123") &&
       !strstr(t, "sid=abc") && !strstr(t, "Zm9v"), "trace: secret header values never written");
    ok(t && strstr(t, "> Authorization: [redacted]") && strstr(t, "> api-key: [redacted]"), "trace: names kept, values redacted");
    ok(t && strstr(t, "> Content-Type: application/json"), "trace: other headers kept");
    free(t);
    t = trace("< ", "HTTP/1.1 200 OK\r\nSet-Cookie: s=1\r\nDPoP-Nonce: n1\r\n\r\n");
    ok(t && !strstr(t, "s=1") && strstr(t, "< DPoP-Nonce: n1"), "trace: Set-Cookie redacted, nonce shown");
    free(t);
    ok(http_trace_header_is_secret("AUTHORIZATION", 13), "secret header names case-insensitive");
    ok(!http_trace_header_is_secret("DPoP-Nonce", 10), "DPoP-Nonce is not secret");
    {
        struct http_trace tr;
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        char body[] = "grant_type=client_credentials&client_assertion=eyJhbGciOi";
        http_trace_init(&tr, f, false, "application/x-www-form-urlencoded");
        http_trace_cb(NULL, CURLINFO_DATA_OUT, body, strlen(body), &tr);
        http_trace_init(&tr, f, true, "application/json");
        http_trace_cb(NULL, CURLINFO_DATA_OUT, body, strlen(body), &tr);
        http_trace_cb(NULL, CURLINFO_DATA_IN, body, strlen(body), &tr);
        fclose(f);
        ok(buf && !strstr(buf, "eyJhbGciOi") && strstr(buf, "not shown"), "trace: form and secret bodies never written");
        free(buf);
    }
}

static void env_proxy(void)
{
    static const char *const vars[] = { "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY" };

    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        unsetenv(vars[i]);
    ok(http_env_proxy("https://helseid-sts.nhn.no/x") == NULL, "proxy: none configured");
    setenv("HTTPS_PROXY", "http://proxy.clinic.example:3128", 1);
    is_str(http_env_proxy("https://helseid-sts.nhn.no/x"), "http://proxy.clinic.example:3128", "proxy: HTTPS_PROXY applies");
    setenv("https_proxy", "http://lower:1", 1);
    is_str(http_env_proxy("https://helseid-sts.nhn.no/x"), "http://lower:1", "proxy: https_proxy first");
    unsetenv("https_proxy");
    setenv("NO_PROXY", "localhost, .nhn.no", 1);
    ok(http_env_proxy("https://helseid-sts.nhn.no/x") == NULL, "proxy: NO_PROXY domain with dot");
    ok(http_env_proxy("https://nhn.no/") == NULL, "proxy: NO_PROXY domain itself");
    ok(http_env_proxy("https://xnhn.no/") != NULL, "proxy: NO_PROXY is not a plain suffix");
    ok(http_env_proxy("https://data.brreg.no/x") != NULL, "proxy: other hosts still proxied");
    setenv("NO_PROXY", "127.0.0.1", 1);
    ok(http_env_proxy("https://127.0.0.1:8443/x") == NULL, "proxy: NO_PROXY address with port in URL");
    setenv("no_proxy", "*", 1);
    ok(http_env_proxy("https://data.brreg.no/x") == NULL, "proxy: no_proxy * first");
    unsetenv("no_proxy");
    unsetenv("NO_PROXY");
    unsetenv("HTTPS_PROXY");
    setenv("ALL_PROXY", "socks5h://s:1080", 1);
    is_str(http_env_proxy("https://h/"), "socks5h://s:1080", "proxy: ALL_PROXY");
    unsetenv("ALL_PROXY");
}

int main(void)
{
    causes();
    retry();
    sanitise_and_status();
    redaction();
    env_proxy();
    return done_testing();
}
