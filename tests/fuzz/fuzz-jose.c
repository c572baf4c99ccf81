/* Fuzz JWK import and compact JWS parse/verify (also the DPoP verifier) with
 * arbitrary bytes. Input: first byte selects the target, the rest is the text. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jose/b64url.h"
#include "jose/dpop.h"
#include "jose/jwk.h"
#include "jose/jws.h"

/* A fixed verification key, made once (EC P-256, from RFC 7515 A.3). */
static const char fixed_key[] =
    "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct jwk key;
    static int ready;
    struct error e;
    char *text;

    if (!ready) {
        jwk_init(&key);
        if (jwk_parse(&key, fixed_key, strlen(fixed_key), &e) < 0)
            abort();
        ready = 1;
    }
    if (size < 1)
        return 0;
    text = malloc(size);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    switch (data[0] % 4) {
    case 0: {
        struct jwk k;
        jwk_init(&k);
        if (jwk_parse(&k, text, size - 1, &e) == 0) {
            char tp[JWK_THUMBPRINT_SIZE];
            char *s = jwk_to_string(&k, k.has_private ? JWK_EXPORT_PRIVATE | JWK_EXPORT_META : JWK_EXPORT_META, &e);
            if (jwk_thumbprint(&k, tp, &e) < 0 || !s)
                abort();   /* an accepted key must export and hash */
            free(s);
        }
        jwk_clear(&k);
        break;
    }
    case 1: {
        struct jws j;
        jws_init(&j);
        if (jws_parse(&j, text, JOSE_ALGS_VERIFY, &e) == 0)
            (void)jws_check_signature(&j, &key, &e);
        jws_clear(&j);
        break;
    }
    case 2: {
        struct dpop_verify_params p = { .htm = "POST", .htu = "https://helseid-sts.test.nhn.no/connect/token",
                                        .now = 1767225600 };
        struct dpop_verified v;
        enum dpop_verdict verdict;
        (void)dpop_proof_verify(text, &p, &v, &verdict, &e);
        break;
    }
    default: {
        unsigned char *out;
        size_t n;
        if (b64url_decode(text, size - 1, &out, &n, &e) == 0) {
            char *back = b64url_encode(out, n);
            if (!back || strlen(back) != size - 1 || memcmp(back, text, size - 1) != 0)
                abort();   /* strict decoding means the encoding is canonical */
            free(back);
            free(out);
        }
        break;
    }
    }
    free(text);
    return 0;
}
