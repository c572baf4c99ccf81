/* base64url without padding (RFC 7515 §2, RFC 4648 §5). */
#ifndef HELSEID_JOSE_B64URL_H
#define HELSEID_JOSE_B64URL_H

#include <stddef.h>

#include "core/error.h"

/* Length of the encoding of n bytes (without the NUL). */
size_t b64url_encoded_len(size_t n);

/* Encode len bytes into out, which has room for b64url_encoded_len(len) + 1 bytes. */
void b64url_encode_to(char *out, const void *data, size_t len);

/* Newly allocated encoding; NULL only on out of memory. */
char *b64url_encode(const void *data, size_t len);

/* Strict decode of s[0..slen): rejects '=', characters outside [A-Za-z0-9_-],
 * a length of 1 mod 4 and non-zero trailing bits (non-canonical input).
 * On success *out is a new buffer (NUL-terminated for convenience, not counted
 * in *outlen). ERR_PARSE on bad input. */
int b64url_decode(const char *s, size_t slen, unsigned char **out, size_t *outlen,
                  struct error *e);

#endif
