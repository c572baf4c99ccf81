/* Cryptographic randomness (OpenSSL RAND_bytes) with errors as values. */
#ifndef HELSEID_JOSE_RAND_H
#define HELSEID_JOSE_RAND_H

#include <stddef.h>

#include "core/error.h"
#include "core/strv.h"

/* Fill buf with n random bytes; -1 (ERR_CRYPTO) when the generator fails. */
int rand_bytes(void *buf, size_t n, struct error *e);

/* nbytes random bytes (1..64) as unpadded base64url, newly allocated
 * (e.g. 16 bytes -> 22 characters for a jti); NULL on failure. */
char *rand_b64url(size_t nbytes, struct error *e);

/* Wipe then free: for keys, tokens, verifiers. NULL is fine. */
void secret_free(void *p, size_t n);
void secret_free_str(char *s);
/* Wipe every string of sv (request headers with credentials), then strv_clear it. */
void secret_strv_clear(struct strv *sv);

#endif
