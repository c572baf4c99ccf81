#include "config.h"
#include "jose/rand.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "core/i18n.h"
#include "jose/b64url.h"

int rand_bytes(void *buf, size_t n, struct error *e)
{
    if (n > (size_t)INT32_MAX || RAND_bytes(buf, (int)n) != 1)
        return error_set(e, ERR_CRYPTO, _("random number generator failed"));
    return 0;
}

char *rand_b64url(size_t nbytes, struct error *e)
{
    unsigned char buf[64];
    char *s;

    if (nbytes == 0 || nbytes > sizeof buf) {
        error_set(e, ERR_INVALID, _("random value size out of range"));
        return NULL;
    }
    if (rand_bytes(buf, nbytes, e) < 0)
        return NULL;
    s = b64url_encode(buf, nbytes);
    OPENSSL_cleanse(buf, sizeof buf);
    if (!s)
        error_nomem(e);
    return s;
}

void secret_free(void *p, size_t n)
{
    if (!p)
        return;
    OPENSSL_cleanse(p, n);
    free(p);
}

void secret_free_str(char *s)
{
    if (s)
        secret_free(s, strlen(s));
}

void secret_strv_clear(struct strv *sv)
{
    for (size_t i = 0; i < sv->n; i++)
        OPENSSL_cleanse(sv->v[i], strlen(sv->v[i]));
    strv_clear(sv);
}
