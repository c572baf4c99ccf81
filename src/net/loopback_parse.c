/* Strict parsing of the loopback redirect: the raw HTTP request, its target, and the
 * same target pasted back as a URL. Pure functions, no I/O (fuzzed). */
#include "config.h"
#include "net/loopback.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>

#include "core/i18n.h"
#include "jose/rand.h"
#include "core/sanitize.h"

#define MAX_CODE 2048

void loopback_result_init(struct loopback_result *r)
{
    memset(r, 0, sizeof *r);
}

void loopback_result_clear(struct loopback_result *r)
{
    secret_free_str(r->code);
    free(r->iss);
    loopback_result_init(r);
}

/* Percent-decode s[0..n) into out (cap bytes incl. NUL). '+' is a space (form
 * encoding). NUL bytes and bad escapes are rejected. */
static int pct_decode(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;

    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '%') {
            int hi, lo;
            if (i + 2 >= n)
                return -1;
            hi = OPENSSL_hexchar2int((unsigned char)s[i + 1]);
            lo = OPENSSL_hexchar2int((unsigned char)s[i + 2]);
            if (hi < 0 || lo < 0)
                return -1;
            c = (char)(hi * 16 + lo);
            if (c == '\0')
                return -1;
            i += 2;
        } else if (c == '+') {
            c = ' ';
        }
        if (o + 1 >= cap)
            return -1;
        out[o++] = c;
    }
    out[o] = '\0';
    return 0;
}

/* The value is shown to the user: the one sanitiser, breaks as spaces. */
static void sanitise(char *s)
{
    sanitize_inplace(s, SANITIZE_SPACES);
}

struct params {
    char status[129];
    char error[65], error_description[193];
    char state[257];
    char *code, *iss;
    bool has_status, has_code, has_state, has_error, has_desc, has_iss;
};

static void params_clear(struct params *p)
{
    secret_free_str(p->code);
    free(p->iss);
    OPENSSL_cleanse(p->state, sizeof p->state);
}

/* One key=value; unknown keys are ignored (portals add their own), duplicates refused. */
static int take_param(struct params *p, const char *k, size_t klen, const char *v, size_t vlen,
                      struct error *e)
{
    char key[32];
    char *buf = NULL;
    bool *seen = NULL;
    char *dst = NULL;
    size_t cap = 0;

    if (pct_decode(k, klen, key, sizeof key) < 0)
        return 0;                       /* an over-long unknown key: not one of ours */
#define SLOT(name, flag, arr) \
    else if (strcmp(key, name) == 0) { seen = &p->flag; dst = p->arr; cap = sizeof p->arr; }
    if (0) {}
    SLOT("status", has_status, status)
    SLOT("error", has_error, error)
    SLOT("error_description", has_desc, error_description)
    SLOT("state", has_state, state)
    else if (strcmp(key, "code") == 0) { seen = &p->has_code; cap = MAX_CODE + 1; }
    else if (strcmp(key, "iss") == 0) { seen = &p->has_iss; cap = 513; }
    else
        return 0;
#undef SLOT
    if (*seen)
        return error_set(e, ERR_INVALID, _("parameter '%s' given twice in the redirect"), key);
    if (!dst) {
        buf = malloc(cap);
        if (!buf)
            return error_nomem(e);
        dst = buf;
    }
    if (pct_decode(v, vlen, dst, cap) < 0) {
        free(buf);
        return error_set(e, ERR_INVALID, _("parameter '%s' in the redirect is malformed or too long"), key);
    }
    *seen = true;
    if (buf) {
        if (strcmp(key, "code") == 0)
            p->code = buf;
        else
            p->iss = buf;
    }
    return 0;
}

static int parse_query(const char *q, size_t n, struct params *p, struct error *e)
{
    const char *end = q + n;

    while (q < end) {
        const char *amp = memchr(q, '&', (size_t)(end - q));
        const char *pe = amp ? amp : end;
        const char *eq = memchr(q, '=', (size_t)(pe - q));

        if (pe > q) {
            if (!eq)
                eq = pe;
            if (take_param(p, q, (size_t)(eq - q), eq < pe ? eq + 1 : pe,
                           eq < pe ? (size_t)(pe - eq - 1) : 0, e) < 0)
                return -1;
        }
        q = amp ? amp + 1 : end;
    }
    return 0;
}

static bool state_equal(const char *want, const char *got)
{
    size_t lw = strlen(want), lg = strlen(got);

    /* Lengths are not secret; the content is compared in constant time. */
    return lw == lg && lw > 0 && CRYPTO_memcmp(want, got, lw) == 0;
}

/* Is t[0..n) the expected path: x->path, and with a secret x->path "/" secret? Only
 * the secret is compared in constant time; the fixed part is public. */
static bool path_matches(const struct loopback_expect *x, const char *t, size_t n)
{
    size_t plen = strlen(x->path), slen = strlen(x->secret);

    if (n < plen || memcmp(t, x->path, plen) != 0)
        return false;
    if (slen == 0)
        return n == plen;
    return n == plen + 1 + slen && t[plen] == '/' && CRYPTO_memcmp(t + plen + 1, x->secret, slen) == 0;
}

int loopback_expect_new_secret(struct loopback_expect *x, struct error *e)
{
    unsigned char b[LOOPBACK_SECRET_LEN / 2];
    static const char hex[] = "0123456789abcdef";

    if (rand_bytes(b, sizeof b, e) < 0)
        return -1;
    for (size_t i = 0; i < sizeof b; i++) {
        x->secret[2 * i] = hex[b[i] >> 4];
        x->secret[2 * i + 1] = hex[b[i] & 15];
    }
    x->secret[LOOPBACK_SECRET_LEN] = '\0';
    OPENSSL_cleanse(b, sizeof b);
    return 0;
}

int loopback_parse_target(const struct loopback_expect *x, const char *target, size_t len,
                          struct loopback_result *r, struct error *e)
{
    struct params p = { 0 };
    const char *q;
    int rc = -1;

    loopback_result_init(r);
    if (len == 0 || target[0] != '/' || memchr(target, '\0', len))
        return error_set(e, ERR_INVALID, "%s", _("the redirect has no path"));
    q = memchr(target, '?', len);
    if (!path_matches(x, target, (size_t)((q ? q : target + len) - target)))
        /* Not naming the expected path: it holds the secret. */
        return error_set(e, ERR_INVALID, "%s", _("the redirect is not for this confirmation"));
    if (memchr(target, '#', len))
        return error_set(e, ERR_INVALID, "%s", _("the redirect has a fragment"));
    if (q && (size_t)(target + len - q - 1) > LOOPBACK_MAX_QUERY)
        return error_set(e, ERR_INVALID, "%s", _("the redirect's query is too long"));
    if (q && parse_query(q + 1, (size_t)(target + len - q - 1), &p, e) < 0)
        goto out;

    if (x->kind == LOOPBACK_CONFIRM) {
        sanitise(p.status);
        memcpy(r->status, p.status, sizeof r->status);
        r->outcome = p.has_status && strcmp(p.status, "Success") == 0
                         ? LOOPBACK_SUCCESS : LOOPBACK_FAILED;
        rc = 0;
        goto out;
    }
    /* LOGIN: the state must match before anything else is believed (RFC 6749 §10.12). */
    if (!p.has_state || !x->state || !state_equal(x->state, p.state)) {
        error_set(e, ERR_INVALID, "%s", _("the redirect's state does not match this login"));
        goto out;
    }
    if (p.has_error) {
        sanitise(p.error);
        sanitise(p.error_description);
        snprintf(r->error, sizeof r->error, "%s%s%s", p.error,
                 p.has_desc ? ": " : "", p.has_desc ? p.error_description : "");
        r->outcome = LOOPBACK_FAILED;
        rc = 0;
        goto out;
    }
    if (!p.has_code || !p.code[0]) {
        error_set(e, ERR_INVALID, "%s", _("the redirect has neither a code nor an error"));
        goto out;
    }
    r->code = p.code;
    p.code = NULL;
    if (p.iss) {
        sanitise(p.iss);
        r->iss = p.iss;
        p.iss = NULL;
    }
    r->outcome = LOOPBACK_SUCCESS;
    rc = 0;
out:
    params_clear(&p);
    return rc;
}

int loopback_parse_pasted(const struct loopback_expect *x, const char *url,
                          struct loopback_result *r, struct error *e)
{
    const char *p, *end, *host_end;
    size_t len;
    long port = 0;

    loopback_result_init(r);
    if (!url)
        return error_set(e, ERR_INVALID, "%s", _("nothing was pasted"));
    while (*url == ' ' || *url == '\t')
        url++;
    len = strlen(url);
    while (len && (url[len - 1] == ' ' || url[len - 1] == '\t' || url[len - 1] == '\n' ||
                   url[len - 1] == '\r'))
        len--;
    end = url + len;
    if (len < 7 || strncasecmp(url, "http://", 7) != 0)
        return error_set(e, ERR_INVALID, "%s", _("the pasted address must start with http://127.0.0.1 or http://localhost"));
    p = url + 7;
    host_end = p;
    while (host_end < end && *host_end != ':' && *host_end != '/' && *host_end != '?')
        host_end++;
    if (!((host_end - p == 9 && strncmp(p, "127.0.0.1", 9) == 0) ||
          (host_end - p == 9 && strncasecmp(p, "localhost", 9) == 0)))
        return error_set(e, ERR_INVALID, "%s", _("the pasted address must start with http://127.0.0.1 or http://localhost"));
    p = host_end;
    if (p < end && *p == ':') {
        p++;
        if (p >= end || *p < '0' || *p > '9')
            return error_set(e, ERR_INVALID, "%s", _("the pasted address has an invalid port"));
        while (p < end && *p >= '0' && *p <= '9') {
            port = port * 10 + (*p++ - '0');
            if (port > 65535)
                return error_set(e, ERR_INVALID, "%s", _("the pasted address has an invalid port"));
        }
    } else {
        port = 80;
    }
    if (port != x->port)
        return error_set(e, ERR_INVALID, _("the pasted address has port %ld, expected %d"), port, x->port);
    if (p >= end || *p != '/')
        return error_set(e, ERR_INVALID, "%s", _("the redirect has no path"));
    return loopback_parse_target(x, p, (size_t)(end - p), r, e);
}

static bool host_ok(const struct loopback_expect *x, const char *v, size_t n)
{
    char want[32];
    int k;

    k = snprintf(want, sizeof want, "127.0.0.1:%d", x->port);
    if ((size_t)k == n && memcmp(v, want, n) == 0)
        return true;
    k = snprintf(want, sizeof want, "localhost:%d", x->port);
    return (size_t)k == n && strncasecmp(v, want, n) == 0;
}

enum loopback_http loopback_parse_request(const struct loopback_expect *x, const char *buf,
                                          size_t len, struct loopback_result *r)
{
    const char *end, *line, *sp1, *sp2, *eol, *p;
    bool host_seen = false, host_good = false;
    struct error e;

    loopback_result_init(r);
    end = NULL;
    for (size_t i = 0; i + 3 < len; i++)
        if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
            end = buf + i + 2;      /* just after the last header's CRLF */
            break;
        }
    if (!end)
        return len >= LOOPBACK_MAX_REQUEST ? LOOPBACK_HTTP_TOO_LARGE : LOOPBACK_HTTP_INCOMPLETE;
    if ((size_t)(end - buf) > LOOPBACK_MAX_REQUEST)
        return LOOPBACK_HTTP_TOO_LARGE;
    if (memchr(buf, '\0', (size_t)(end - buf)))
        return LOOPBACK_HTTP_BAD_REQUEST;
    line = buf;
    eol = memchr(line, '\r', (size_t)(end - line));
    if (!eol || eol[1] != '\n')
        return LOOPBACK_HTTP_BAD_REQUEST;
    sp1 = memchr(line, ' ', (size_t)(eol - line));
    if (!sp1)
        return LOOPBACK_HTTP_BAD_REQUEST;
    sp2 = memchr(sp1 + 1, ' ', (size_t)(eol - sp1 - 1));
    if (!sp2 || memchr(sp2 + 1, ' ', (size_t)(eol - sp2 - 1)))
        return LOOPBACK_HTTP_BAD_REQUEST;
    if (!(eol - sp2 - 1 == 8 && (memcmp(sp2 + 1, "HTTP/1.1", 8) == 0 || memcmp(sp2 + 1, "HTTP/1.0", 8) == 0)))
        return LOOPBACK_HTTP_BAD_REQUEST;
    for (p = line; p < sp1; p++)
        if (*p < 'A' || *p > 'Z')
            return LOOPBACK_HTTP_BAD_REQUEST;
    if (!(sp1 - line == 3 && memcmp(line, "GET", 3) == 0))
        return LOOPBACK_HTTP_BAD_METHOD;
    for (p = sp1 + 1; p < sp2; p++)
        if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
            return LOOPBACK_HTTP_BAD_REQUEST;
    /* Headers: only Host matters (DNS rebinding: a page on another name must not
     * reach us through the browser). */
    for (p = eol + 2; p < end; ) {
        const char *le = memchr(p, '\r', (size_t)(end - p)), *colon, *v, *ve;
        if (!le || le + 1 >= end || le[1] != '\n')
            return LOOPBACK_HTTP_BAD_REQUEST;
        colon = memchr(p, ':', (size_t)(le - p));
        if (!colon || colon == p)
            return LOOPBACK_HTTP_BAD_REQUEST;
        if (colon - p == 4 && strncasecmp(p, "host", 4) == 0) {
            if (host_seen)
                return LOOPBACK_HTTP_BAD_REQUEST;
            host_seen = true;
            v = colon + 1;
            ve = le;
            while (v < ve && (*v == ' ' || *v == '\t'))
                v++;
            while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
                ve--;
            host_good = host_ok(x, v, (size_t)(ve - v));
        }
        p = le + 2;
    }
    if (!host_good)
        return LOOPBACK_HTTP_BAD_REQUEST;
    {
        /* Wrong path → 404; right path but unusable query → 400. */
        size_t tlen = (size_t)(sp2 - sp1 - 1);
        const char *t = sp1 + 1, *q = memchr(t, '?', tlen);
        if (!path_matches(x, t, (size_t)((q ? q : t + tlen) - t)))
            return LOOPBACK_HTTP_NOT_FOUND;
        if (loopback_parse_target(x, t, tlen, r, &e) < 0)
            return LOOPBACK_HTTP_BAD_REQUEST;
    }
    return LOOPBACK_HTTP_OK;
}
