/* The one text sanitiser (see sanitize.h). */
#include "config.h"
#include "core/sanitize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool sanitize_cp_unsafe(uint32_t c)
{
    return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) ||
           (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) ||
           c == 0x200E || c == 0x200F || c == 0x061C;
}

size_t sanitize_utf8_char(const unsigned char *p, size_t n, uint32_t *cp)
{
    size_t len;
    uint32_t c;

    if (n == 0)
        return 0;
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

/* One step: how many input bytes at p are consumed (>= 1) and what to write (its
 * bytes at p, or the single replacement *rep when *rep != 0). */
static size_t step(const unsigned char *p, size_t n, unsigned flags, char *rep)
{
    uint32_t cp = 0;
    size_t l = sanitize_utf8_char(p, n, &cp);

    *rep = 0;
    if (l == 0) {
        *rep = '?';
        return 1;
    }
    if (sanitize_cp_unsafe(cp))
        *rep = (flags & SANITIZE_SPACES) && (cp == '\t' || cp == '\n' || cp == '\r') ? ' ' : '?';
    return l;
}

char *sanitize_into(char *out, size_t cap, const char *s, size_t len, unsigned flags)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = len == (size_t)-1 ? strlen((const char *)p) : len, i = 0, o = 0;
    size_t last_fit = 0;        /* output length after which "..." still fits */

    if (cap < 4) {
        if (cap)
            out[0] = '\0';
        return out;
    }
    while (i < n && p[i]) {
        char rep;
        size_t l = step(p + i, n - i, flags, &rep), w = rep ? 1 : l;

        if (o + w > cap - 1) {
            memcpy(out + last_fit, "...", 4);
            return out;
        }
        if (rep)
            out[o] = rep;
        else
            memcpy(out + o, p + i, l);
        o += w;
        i += l;
        if (o + 3 <= cap - 1)
            last_fit = o;
    }
    out[o] = '\0';
    return out;
}

char *sanitize_dup(const char *s, size_t len, size_t max, unsigned flags)
{
    char *out;

    if (max < 3)
        max = 3;
    if (!(out = malloc(max + 1)))
        return NULL;
    return sanitize_into(out, max + 1, s, len, flags);
}

void sanitize_inplace(char *s, unsigned flags)
{
    unsigned char *p = (unsigned char *)s;
    size_t n, i = 0, o = 0;

    if (!s)
        return;
    n = strlen(s);
    while (i < n) {
        char rep;
        size_t l = step(p + i, n - i, flags, &rep);

        if (rep)
            s[o++] = rep;
        else {
            memmove(s + o, s + i, l);
            o += l;
        }
        i += l;
    }
    s[o] = '\0';
}

char *sanitize_json(char *json)
{
    const unsigned char *p = (const unsigned char *)json;
    size_t n, o = 0;
    char *out;

    if (!json)
        return NULL;
    n = strlen(json);
    /* Worst case: every byte becomes a six-byte escape. */
    if (n > (SIZE_MAX - 1) / 6 || !(out = malloc(n * 6 + 1))) {
        free(json);
        return NULL;
    }
    for (size_t i = 0; i < n; ) {
        uint32_t cp = 0;
        size_t l = sanitize_utf8_char(p + i, n - i, &cp);

        if (l == 0) {
            memcpy(out + o, "\\ufffd", 6);
            o += 6;
            i++;
        } else if (l > 1 && sanitize_cp_unsafe(cp)) {
            /* Only inside strings: cJSON writes nothing but ASCII elsewhere. */
            o += (size_t)snprintf(out + o, 7, "\\u%04x", (unsigned)cp);
            i += l;
        } else if (cp == 0x7F) {
            memcpy(out + o, "\\u007f", 6);
            o += 6;
            i++;
        } else {
            memcpy(out + o, p + i, l);
            o += l;
            i += l;
        }
    }
    out[o] = '\0';
    free(json);
    return out;
}
