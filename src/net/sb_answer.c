#include "config.h"
#include "net/sb_answer.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/i18n.h"
#include "core/strv.h"
#include "net/remote.h"

static int digits(const char **p, int n, int *out)
{
    int v = 0;

    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return -1;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return 0;
}

/* Days since the epoch of a proleptic Gregorian date (Howard Hinnant's algorithm):
 * avoids timegm(), which is not in C11. */
static long long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153LL * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int sb_parse_iso8601(const char *s, time_t *out)
{
    static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int y, mo, d, h, mi, sec = 0, oh = 0, om = 0, sign = 0;
    const char *p = s;
    long long t;

    if (!s || digits(&p, 4, &y) < 0 || *p++ != '-' || digits(&p, 2, &mo) < 0 ||
        *p++ != '-' || digits(&p, 2, &d) < 0 || (*p != 'T' && *p != 't' && *p != ' '))
        return -1;
    p++;
    if (digits(&p, 2, &h) < 0 || *p++ != ':' || digits(&p, 2, &mi) < 0)
        return -1;
    if (*p == ':') {
        p++;
        if (digits(&p, 2, &sec) < 0)
            return -1;
        if (*p == '.' || *p == ',') {
            p++;
            if (!isdigit((unsigned char)*p))
                return -1;
            while (isdigit((unsigned char)*p))
                p++;
        }
    }
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        sign = *p++ == '+' ? 1 : -1;
        if (digits(&p, 2, &oh) < 0)
            return -1;
        if (*p == ':')
            p++;
        if (digits(&p, 2, &om) < 0)
            return -1;
    } else if (*p) {
        return -1;
    }
    /* No offset at all: .NET writes UTC as "...Z" or "+00:00"; a bare local time is
     * taken as UTC (documented leniency). */
    if (*p || mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
        (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) ||
        h > 23 || mi > 59 || sec > 60 || oh > 23 || om > 59)
        return -1;
    t = days_from_civil(y, mo, d) * 86400LL + h * 3600LL + mi * 60LL + sec -
        sign * (oh * 3600LL + om * 60LL);
    *out = (time_t)t;
    return 0;
}

int sb_secret_answer_parse(const char *body, size_t len, time_t *expiration, struct error *e)
{
    const char *what = _("key rotation answer");
    cJSON *root = remote_json_object(body, len, what, e);
    const char *exp;
    time_t t;
    int rc = -1;

    if (!root)
        return -1;
    exp = remote_str(root, "expiration");
    if (!exp) {
        error_set(e, ERR_PARSE, _("%s has no \"%s\""), what, "expiration");
        goto out;
    }
    if (sb_parse_iso8601(exp, &t) < 0) {
        char *shown = remote_text(exp, (size_t)-1);
        error_set(e, ERR_PARSE, _("%s has an invalid date \"%s\""), what, shown ? shown : "?");
        free(shown);
        goto out;
    }
    *expiration = t;
    rc = 0;
out:
    cJSON_Delete(root);
    return rc;
}

void sb_key_list_init(struct sb_key_list *l)
{
    l->v = NULL;
    l->n = 0;
}

void sb_key_list_clear(struct sb_key_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free_strings(&l->v[i].kid, &l->v[i].thumbprint, &l->v[i].origin);
    free(l->v);
    sb_key_list_init(l);
}

int sb_key_list_parse(const char *body, size_t len, struct sb_key_list *out, struct error *e)
{
    const char *what = _("key list answer");
    struct sb_key_list l;
    cJSON *root = NULL;
    const cJSON *arr, *it;
    int rc = -1;

    sb_key_list_init(&l);
    /* The root may be an array here, so not remote_json_object. */
    if (!(root = remote_json_parse(body, len))) {
        error_set(e, ERR_PARSE, _("%s is not valid JSON"), what);
        goto out;
    }
    arr = root;
    if (cJSON_IsObject(root)) {
        arr = cJSON_GetObjectItemCaseSensitive(root, "keys");
        if (!arr)
            arr = cJSON_GetObjectItemCaseSensitive(root, "secrets");
    }
    if (!cJSON_IsArray(arr)) {
        error_set(e, ERR_PARSE, _("%s is not a list"), what);
        goto out;
    }
    if (cJSON_GetArraySize(arr) > 0 &&
        !(l.v = calloc((size_t)cJSON_GetArraySize(arr), sizeof *l.v)))
        goto bad;
    cJSON_ArrayForEach(it, arr) {
        struct sb_key_info *k = &l.v[l.n];
        const char *exp;
        if (!cJSON_IsObject(it))
            goto bad;
        l.n++;
        k->expiration = -1;
        if (remote_str_copy(it, "kid", &k->kid) < 0 ||
            remote_str_copy(it, "jwkThumbprint", &k->thumbprint) < 0 ||
            remote_str_copy(it, "origin", &k->origin) < 0)
            goto bad;
        exp = remote_str(it, "expiration");
        if (exp && sb_parse_iso8601(exp, &k->expiration) < 0)
            goto bad;
    }
    *out = l;
    sb_key_list_init(&l);
    rc = 0;
    goto out;
bad:
    error_set(e, ERR_PARSE, _("%s has a member of the wrong type"), what);
out:
    sb_key_list_clear(&l);
    cJSON_Delete(root);
    return rc;
}

/* Append "field: message" pairs from one object {property, message}. */
static void append(char *buf, size_t cap, const char *field, const char *msg)
{
    char *f = field ? remote_text(field, (size_t)-1) : NULL;
    char *m = remote_text(msg, (size_t)-1);
    size_t used = strlen(buf);

    if (m && used < cap)
        snprintf(buf + used, cap - used, "%s%s%s%s", used ? "; " : "", f ? f : "",
                 f ? ": " : "", m);
    free(f);
    free(m);
}

/* Collect the reasons from a 400 body into buf; empty when none was found. */
static void collect_reasons(const cJSON *root, char *buf, size_t cap)
{
    const cJSON *it, *errors;

    buf[0] = '\0';
    if (cJSON_IsArray(root)) {
        cJSON_ArrayForEach(it, root) {
            const char *m = remote_str(it, "message");
            if (m)
                append(buf, cap, remote_str(it, "property"), m);
        }
        return;
    }
    if (remote_str(root, "message")) {
        append(buf, cap, remote_str(root, "property"), remote_str(root, "message"));
        return;
    }
    /* problem+json: errors {field: [messages]}, else detail, else title. */
    errors = cJSON_GetObjectItemCaseSensitive(root, "errors");
    if (cJSON_IsObject(errors)) {
        cJSON_ArrayForEach(it, errors) {
            const cJSON *m;
            if (cJSON_IsString(it))
                append(buf, cap, it->string, it->valuestring);
            else if (cJSON_IsArray(it))
                cJSON_ArrayForEach(m, it)
                    if (cJSON_IsString(m))
                        append(buf, cap, it->string, m->valuestring);
        }
    } else if (cJSON_IsArray(errors)) {
        collect_reasons(errors, buf, cap);
    }
    if (!buf[0] && remote_str(root, "detail"))
        append(buf, cap, NULL, remote_str(root, "detail"));
    if (!buf[0] && remote_str(root, "title"))
        append(buf, cap, NULL, remote_str(root, "title"));
}

int sb_api_error(long status, const char *body, size_t len, const char *what, struct error *e)
{
    char reasons[400];
    cJSON *root = NULL;
    enum err_code code = (status == 401 || status == 403) ? ERR_AUTH : ERR_API;
    int rc;

    reasons[0] = '\0';
    if ((root = remote_json_parse(body, len))) {
        collect_reasons(root, reasons, sizeof reasons);
    } else if (body && len > 0 && len <= REMOTE_JSON_MAX) {
        char *excerpt = remote_text(body, len < 120 ? len : 120);
        if (excerpt)
            snprintf(reasons, sizeof reasons, "%s", excerpt);
        free(excerpt);
    }
    if (status == 401)
        rc = error_set(e, code, _("%s: Selvbetjening did not accept the credentials (HTTP 401)%s%s"),
                       what, reasons[0] ? ": " : "", reasons);
    else if (status == 403)
        rc = error_set(e, code, _("%s: the client or api key may not do this (HTTP 403)%s%s"),
                       what, reasons[0] ? ": " : "", reasons);
    else if (status == 400 && reasons[0])
        rc = error_set(e, code, _("%s: Selvbetjening rejected the request: %s"), what, reasons);
    else if (status == 404)
        rc = error_set(e, code, _("%s: Selvbetjening does not know the client (HTTP 404)%s%s"),
                       what, reasons[0] ? ": " : "", reasons);
    else if (status >= 500)
        rc = error_set(e, code, _("%s: Selvbetjening failed (HTTP %ld), try again later%s%s"),
                       what, status, reasons[0] ? ": " : "", reasons);
    else
        rc = error_set(e, code, _("%s: Selvbetjening answered HTTP %ld%s%s"), what, status,
                       reasons[0] ? ": " : "", reasons);
    cJSON_Delete(root);
    return rc;
}
