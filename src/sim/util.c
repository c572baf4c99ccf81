/* Small helpers: request access, form parsing, escaping, ids, org numbers. */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/rand.h>

#include "sim/jose.h"
#include "sim/sim.h"

const char *req_header(const struct sim_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *req_query(const struct sim_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static char *percent_decode(const char *s, size_t len)
{
    char *out = malloc(len + 1);
    size_t o = 0;
    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '+') {
            out[o++] = ' ';
        } else if (s[i] == '%' && i + 2 < len && hexval(s[i + 1]) >= 0 &&
                   hexval(s[i + 2]) >= 0) {
            out[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    return out;
}

cJSON *form_parse(const char *body)
{
    cJSON *form = cJSON_CreateObject();
    const char *p = body ? body : "";
    while (*p) {
        const char *end = strchr(p, '&');
        const char *eq;
        size_t len = end ? (size_t)(end - p) : strlen(p);
        eq = memchr(p, '=', len);
        if (len > 0) {
            char *k = percent_decode(p, eq ? (size_t)(eq - p) : len);
            char *v = eq ? percent_decode(eq + 1, len - (size_t)(eq - p) - 1) : strdup("");
            if (k && v) {
                if (cJSON_GetObjectItemCaseSensitive(form, k)) {
                    char dup[300];
                    snprintf(dup, sizeof dup, "__dup__%s", k);
                    if (!cJSON_GetObjectItemCaseSensitive(form, dup))
                        cJSON_AddTrueToObject(form, dup);
                } else {
                    cJSON_AddStringToObject(form, k, v);
                }
            }
            free(k);
            free(v);
        }
        p += len;
        if (*p == '&')
            p++;
    }
    return form;
}

const char *json_str(const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

char *url_encode(const char *s)
{
    char *out = malloc(strlen(s) * 3 + 1), *o = out;
    if (!out)
        return NULL;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
            *o++ = (char)c;
        else
            o += sprintf(o, "%%%02X", c);
    }
    *o = '\0';
    return out;
}

char *html_escape(const char *s)
{
    char *out = malloc(strlen(s) * 6 + 1), *o = out;
    if (!out)
        return NULL;
    for (; *s; s++) {
        switch (*s) {
        case '<': o = stpcpy(o, "&lt;"); break;
        case '>': o = stpcpy(o, "&gt;"); break;
        case '&': o = stpcpy(o, "&amp;"); break;
        case '"': o = stpcpy(o, "&quot;"); break;
        case '\'': o = stpcpy(o, "&#39;"); break;
        default: *o++ = *s;
        }
    }
    *o = '\0';
    return out;
}

char *sim_strdupf(const char *fmt, ...)
{
    va_list ap;
    char *out = NULL;
    va_start(ap, fmt);
    if (vasprintf(&out, fmt, ap) < 0)
        out = NULL;
    va_end(ap);
    return out;
}

char *sim_random_id(size_t bytes)
{
    unsigned char buf[64];
    if (bytes > sizeof buf || RAND_bytes(buf, (int)bytes) != 1)
        return NULL;
    return sim_b64url_encode(buf, bytes);
}

char *sim_guid(void)
{
    unsigned char b[16];
    if (RAND_bytes(b, sizeof b) != 1)
        return NULL;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    return sim_strdupf("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                       b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10],
                       b[11], b[12], b[13], b[14], b[15]);
}

bool orgnr_valid(const char *s)
{
    static const int w[8] = { 3, 2, 7, 6, 5, 4, 3, 2 };
    int sum = 0, check;
    if (!s || strlen(s) != 9)
        return false;
    for (int i = 0; i < 9; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    for (int i = 0; i < 8; i++)
        sum += (s[i] - '0') * w[i];
    check = 11 - sum % 11;
    if (check == 11)
        check = 0;
    return check != 10 && check == s[8] - '0';
}

long sim_now(void)
{
    return (long)time(NULL);
}

double sim_now_precise(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)(ts.tv_nsec / 1000000) / 1000.0;
}
