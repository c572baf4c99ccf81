#include "config.h"
#include "net/remote.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "core/i18n.h"

cJSON *remote_json_object(const char *body, size_t len, const char *what, struct error *e)
{
    cJSON *root;

    if (!body || len == 0)
        return error_set(e, ERR_PARSE, _("empty %s"), what), NULL;
    if (len > REMOTE_JSON_MAX)
        return error_set(e, ERR_PARSE, _("%s too large (%zu bytes)"), what, len), NULL;
    if (len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0) {
        body += 3;
        len -= 3;
    }
    root = cJSON_ParseWithLength(body, len);
    if (!root)
        return error_set(e, ERR_PARSE, _("%s is not valid JSON"), what), NULL;
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return error_set(e, ERR_PARSE, _("%s is not a JSON object"), what), NULL;
    }
    return root;
}

static void wipe_tree(cJSON *n)
{
    for (; n; n = n->next) {
        if (n->valuestring)
            OPENSSL_cleanse(n->valuestring, strlen(n->valuestring));
        if (n->string)
            OPENSSL_cleanse(n->string, strlen(n->string));
        wipe_tree(n->child);
    }
}

void remote_json_delete_wiped(cJSON *root)
{
    if (!root)
        return;
    /* Answers are objects of shallow depth; recursion is bounded by cJSON's nesting limit. */
    if (root->valuestring)
        OPENSSL_cleanse(root->valuestring, strlen(root->valuestring));
    wipe_tree(root->child);
    cJSON_Delete(root);
}

/* Length of the valid UTF-8 sequence at p (at most n bytes) and its code point, or 0. */
static size_t utf8_char(const unsigned char *p, size_t n, uint32_t *cp)
{
    size_t len;
    uint32_t c;

    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    if (p[0] >= 0xC2 && p[0] <= 0xDF) {
        len = 2;
        c = p[0] & 0x1F;
    } else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
        len = 3;
        c = p[0] & 0x0F;
    } else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
        len = 4;
        c = p[0] & 0x07;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (p[i] & 0x3F);
    }
    if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
        (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

static bool unsafe(uint32_t c)
{
    return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) ||
           (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
           c == 0x200E || c == 0x200F || c == 0x061C;
}

char *remote_text(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = len == (size_t)-1 ? strlen((const char *)p) : len;
    char *out = malloc(REMOTE_TEXT_MAX + 4);
    size_t o = 0, i = 0;

    if (!out)
        return NULL;
    while (i < n) {
        uint32_t cp;
        size_t l = p[i] ? utf8_char(p + i, n - i, &cp) : 0;

        if (l == 0 || unsafe(cp)) {
            /* Line breaks and tabs become spaces so multi-line details stay readable. */
            char r = (l == 1 && (cp == '\n' || cp == '\r' || cp == '\t')) ? ' ' : '?';
            l = l ? l : 1;
            if (o + 1 > REMOTE_TEXT_MAX)
                goto cut;
            out[o++] = r;
        } else {
            if (o + l > REMOTE_TEXT_MAX)
                goto cut;
            memcpy(out + o, p + i, l);
            o += l;
        }
        i += l;
    }
    out[o] = '\0';
    return out;
cut:
    memcpy(out + o, "...", 4);
    return out;
}

const char *remote_str(const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

    return cJSON_IsString(v) ? v->valuestring : NULL;
}

int remote_int(const cJSON *obj, const char *name, long long lo, long long hi, long long *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    double d;

    if (!v || cJSON_IsNull(v))
        return 1;
    if (!cJSON_IsNumber(v))
        return -1;
    d = v->valuedouble;
    if (!isfinite(d) || d < (double)lo || d > (double)hi || (double)(long long)d != d)
        return -1;
    *out = (long long)d;
    return 0;
}

int remote_str_copy(const cJSON *obj, const char *name, char **out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

    *out = NULL;
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsString(v))
        return -1;
    return (*out = strdup(v->valuestring)) ? 0 : -1;
}

int remote_strv(const cJSON *obj, const char *name, struct strv *out)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, name), *it;

    if (!a || cJSON_IsNull(a))
        return 0;
    if (!cJSON_IsArray(a))
        return -1;
    cJSON_ArrayForEach(it, a) {
        if (!cJSON_IsString(it) || strv_push(out, it->valuestring) < 0)
            return -1;
    }
    return 0;
}
