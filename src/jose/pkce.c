#include "config.h"
#include "jose/pkce.h"

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "core/i18n.h"
#include "jose/b64url.h"
#include "jose/rand.h"

#define VERIFIER_BYTES 32   /* -> 43 characters */

static int random_b64(char *out, size_t nbytes, struct error *e)
{
    unsigned char buf[VERIFIER_BYTES];

    if (rand_bytes(buf, nbytes, e) < 0)
        return -1;
    b64url_encode_to(out, buf, nbytes);
    OPENSSL_cleanse(buf, sizeof buf);
    return 0;
}

int pkce_challenge_s256(const char *verifier, char out[PKCE_CHALLENGE_SIZE], struct error *e)
{
    size_t len = verifier ? strnlen(verifier, PKCE_VERIFIER_MAX + 1) : 0;
    unsigned char md[32];
    unsigned int mdlen = 0;

    if (len < 43 || len > PKCE_VERIFIER_MAX
        || strspn(verifier, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~") != len)
        return error_set(e, ERR_INVALID, _("invalid PKCE code verifier"));
    if (!EVP_Digest(verifier, len, md, &mdlen, EVP_sha256(), NULL) || mdlen != sizeof md)
        return error_set(e, ERR_CRYPTO, _("hashing failed"));
    b64url_encode_to(out, md, sizeof md);
    return 0;
}

int pkce_generate(struct pkce *p, struct error *e)
{
    struct pkce t;

    if (random_b64(t.verifier, VERIFIER_BYTES, e) < 0
        || pkce_challenge_s256(t.verifier, t.challenge, e) < 0) {
        OPENSSL_cleanse(&t, sizeof t);
        return -1;
    }
    *p = t;
    OPENSSL_cleanse(&t, sizeof t);
    return 0;
}

void pkce_clear(struct pkce *p)
{
    OPENSSL_cleanse(p, sizeof *p);
}

int oauth_random_value(char out[OAUTH_RANDOM_SIZE], struct error *e)
{
    return random_b64(out, 32, e);
}
