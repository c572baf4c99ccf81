#include "config.h"
#include "jose/b64url.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "core/i18n.h"

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

size_t b64url_encoded_len(size_t n)
{
    return n / 3 * 4 + (n % 3 ? n % 3 + 1 : 0);
}

void b64url_encode_to(char *out, const void *data, size_t len)
{
    const unsigned char *p = data;
    size_t i = 0;
    char *o = out;

    for (; i + 3 <= len; i += 3) {
        unsigned long v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8 | p[i + 2];
        *o++ = alphabet[v >> 18 & 63];
        *o++ = alphabet[v >> 12 & 63];
        *o++ = alphabet[v >> 6 & 63];
        *o++ = alphabet[v & 63];
    }
    if (len - i == 1) {
        unsigned long v = (unsigned long)p[i] << 16;
        *o++ = alphabet[v >> 18 & 63];
        *o++ = alphabet[v >> 12 & 63];
    } else if (len - i == 2) {
        unsigned long v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8;
        *o++ = alphabet[v >> 18 & 63];
        *o++ = alphabet[v >> 12 & 63];
        *o++ = alphabet[v >> 6 & 63];
    }
    *o = '\0';
}

char *b64url_encode(const void *data, size_t len)
{
    char *out;

    if (len > (SIZE_MAX - 4) / 4 * 3)
        return NULL;
    out = malloc(b64url_encoded_len(len) + 1);
    if (out)
        b64url_encode_to(out, data, len);
    return out;
}

static int value_of(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-')
        return 62;
    if (c == '_')
        return 63;
    return -1;
}

int b64url_decode(const char *s, size_t slen, unsigned char **out, size_t *outlen,
                  struct error *e)
{
    unsigned char *buf;
    unsigned long acc = 0;
    size_t i, n = 0;
    int bits = 0;

    if (slen % 4 == 1)
        return error_set(e, ERR_PARSE, _("invalid base64url: bad length"));
    buf = malloc(slen / 4 * 3 + 3);
    if (!buf)
        return error_nomem(e);
    for (i = 0; i < slen; i++) {
        int v = value_of((unsigned char)s[i]);
        if (v < 0) {
            OPENSSL_cleanse(buf, n);
            free(buf);
            return error_set(e, ERR_PARSE, _("invalid base64url: unexpected character"));
        }
        acc = (acc << 6 | (unsigned long)v) & 0xffffff;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            buf[n++] = (unsigned char)(acc >> bits & 0xff);
        }
    }
    /* Leftover bits must be zero, or two encodings would decode alike. */
    if (bits && (acc & ((1ul << bits) - 1))) {
        OPENSSL_cleanse(buf, n);
        free(buf);
        return error_set(e, ERR_PARSE, _("invalid base64url: non-canonical encoding"));
    }
    buf[n] = '\0';
    *out = buf;
    *outlen = n;
    return 0;
}
