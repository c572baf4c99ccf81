#include "config.h"
#include "jose/jws.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/rsa.h>

#include "core/i18n.h"
#include "jose/b64url.h"
#include "jose/rand.h"

#define ES256_SIG 64
#define PSS_SALT 32

int jws_ecdsa_der_to_raw(const unsigned char *der, size_t der_len, unsigned char raw[ES256_SIG])
{
    const unsigned char *p = der;
    ECDSA_SIG *sig;
    const BIGNUM *r, *s;
    int rc = -1;

    if (der_len > 256)
        return -1;
    sig = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
    if (!sig)
        return -1;
    ECDSA_SIG_get0(sig, &r, &s);
    /* Fixed width: each half left-padded to 32 bytes. */
    if (p == der + der_len && BN_num_bytes(r) <= 32 && BN_num_bytes(s) <= 32
        && BN_bn2binpad(r, raw, 32) == 32 && BN_bn2binpad(s, raw + 32, 32) == 32)
        rc = 0;
    ECDSA_SIG_free(sig);
    return rc;
}

int jws_ecdsa_raw_to_der(const unsigned char raw[ES256_SIG], unsigned char **der, size_t *der_len)
{
    ECDSA_SIG *sig = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(raw, 32, NULL), *s = BN_bin2bn(raw + 32, 32, NULL);
    unsigned char *buf = NULL;
    int len;

    if (!sig || !r || !s || !ECDSA_SIG_set0(sig, r, s)) {
        ECDSA_SIG_free(sig);
        BN_free(r);
        BN_free(s);
        return -1;
    }
    len = i2d_ECDSA_SIG(sig, &buf);
    ECDSA_SIG_free(sig);
    if (len <= 0)
        return -1;
    *der = buf;
    *der_len = (size_t)len;
    return 0;
}

static bool key_fits(enum jose_alg alg, const EVP_PKEY *p)
{
    switch (alg) {
    case JOSE_ALG_ES256:
        return EVP_PKEY_is_a(p, "EC") && EVP_PKEY_get_bits(p) == 256;
    case JOSE_ALG_PS256:
    case JOSE_ALG_RS256:
        return EVP_PKEY_is_a(p, "RSA") && EVP_PKEY_get_bits(p) >= 2048;
    default:
        return false;
    }
}

/* A digest sign/verify context for alg with the right padding. */
static EVP_MD_CTX *md_ctx(enum jose_alg alg, EVP_PKEY *pkey, bool sign, struct error *e)
{
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;
    int ok;

    if (!ctx) {
        error_nomem(e);
        return NULL;
    }
    ok = sign ? EVP_DigestSignInit_ex(ctx, &pctx, "SHA256", NULL, NULL, pkey, NULL)
              : EVP_DigestVerifyInit_ex(ctx, &pctx, "SHA256", NULL, NULL, pkey, NULL);
    if (ok == 1 && alg == JOSE_ALG_PS256)
        ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) > 0
             && EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) > 0
             && EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, PSS_SALT) > 0;
    else if (ok == 1 && alg == JOSE_ALG_RS256)
        ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) > 0;
    if (ok != 1) {
        EVP_MD_CTX_free(ctx);
        error_set(e, ERR_CRYPTO, _("signature setup failed"));
        return NULL;
    }
    return ctx;
}

/* JSON object -> base64url of its compact text. */
static char *encode_json(const cJSON *o, struct error *e)
{
    char *text = cJSON_PrintUnformatted(o), *b;

    if (!text) {
        error_nomem(e);
        return NULL;
    }
    b = b64url_encode(text, strlen(text));
    secret_free_str(text);
    if (!b)
        error_nomem(e);
    return b;
}

/* The header to sign: a copy of header (or {}) with "alg" first, as readers expect. */
static cJSON *header_with_alg(const cJSON *header, enum jose_alg alg, struct error *e)
{
    cJSON *hdr = header ? cJSON_Duplicate(header, 1) : cJSON_CreateObject();
    cJSON *name = hdr ? cJSON_CreateString(jose_alg_name(alg)) : NULL;

    if (!name)
        goto nomem;
    cJSON_DeleteItemFromObjectCaseSensitive(hdr, "alg");
    if (!cJSON_InsertItemInArray(hdr, 0, name)) {
        cJSON_Delete(name);
        goto nomem;
    }
    if (!(name->string = strdup("alg")))
        goto nomem;
    return hdr;
nomem:
    cJSON_Delete(hdr);
    error_nomem(e);
    return NULL;
}

/* "base64url(header).base64url(payload)": what the signature covers. */
static char *signing_input(const cJSON *hdr, const cJSON *payload, struct error *e)
{
    char *h64 = encode_json(hdr, e), *p64 = h64 ? encode_json(payload, e) : NULL, *input = NULL;

    if (p64) {
        size_t len = strlen(h64) + 1 + strlen(p64);

        if ((input = malloc(len + 1)))
            sprintf(input, "%s.%s", h64, p64);
        else
            error_nomem(e);
    }
    free(h64);
    secret_free_str(p64);
    return input;
}

/* The signature over input as JWS carries it; *len its size. OPENSSL_free it. */
static unsigned char *signature(const struct jwk *key, const char *input, size_t *len,
                                struct error *e)
{
    EVP_MD_CTX *ctx = md_ctx(key->alg, key->pkey, true, e);
    unsigned char *sig = NULL, raw[ES256_SIG];
    size_t inlen = strlen(input), cap = 0, n;
    bool ok;

    if (!ctx)
        return NULL;
    ok = EVP_DigestSign(ctx, NULL, &cap, (const unsigned char *)input, inlen) == 1
         && (sig = OPENSSL_malloc(cap));
    n = cap;
    ok = ok && EVP_DigestSign(ctx, sig, &n, (const unsigned char *)input, inlen) == 1;
    /* OpenSSL gives ES256 in DER; JWS wants r||s (RFC 7518 section 3.4), never longer. */
    if (ok && key->alg == JOSE_ALG_ES256) {
        ok = cap >= sizeof raw && jws_ecdsa_der_to_raw(sig, n, raw) == 0;
        n = sizeof raw;
        if (ok)
            memcpy(sig, raw, n);
    }
    EVP_MD_CTX_free(ctx);
    if (!ok) {
        OPENSSL_free(sig);
        error_set(e, ERR_CRYPTO, _("signing failed"));
        return NULL;
    }
    *len = n;
    return sig;
}

char *jws_sign(const struct jwk *key, const cJSON *header, const cJSON *payload, struct error *e)
{
    cJSON *hdr = NULL;
    char *input = NULL, *out = NULL;
    unsigned char *sig = NULL;
    size_t inlen, siglen;

    if (!key || !key->pkey || !key->has_private) {
        error_set(e, ERR_CRYPTO, _("signing needs a private key"));
        return NULL;
    }
    if (!(JOSE_ALGS_SIGN & JOSE_ALG_BIT(key->alg)) || !key_fits(key->alg, key->pkey)) {
        error_set(e, ERR_CRYPTO, _("signing with \"%s\" is not allowed"),
                  jose_alg_name(key->alg) ? jose_alg_name(key->alg) : "?");
        return NULL;
    }
    if (!cJSON_IsObject(payload) || (header && !cJSON_IsObject(header))) {
        error_set(e, ERR_INVALID, _("JWS header and payload must be JSON objects"));
        return NULL;
    }
    if (!(hdr = header_with_alg(header, key->alg, e)) || !(input = signing_input(hdr, payload, e))
        || !(sig = signature(key, input, &siglen, e)))
        goto out;
    inlen = strlen(input);
    if (!(out = malloc(inlen + 2 + b64url_encoded_len(siglen)))) {
        error_nomem(e);
        goto out;
    }
    memcpy(out, input, inlen);
    out[inlen] = '.';
    b64url_encode_to(out + inlen + 1, sig, siglen);
out:
    OPENSSL_free(sig);
    cJSON_Delete(hdr);
    secret_free_str(input);
    return out;
}

void jws_init(struct jws *j)
{
    memset(j, 0, sizeof *j);
}

void jws_clear(struct jws *j)
{
    cJSON_Delete(j->header);
    cJSON_Delete(j->payload);
    secret_free_str(j->signing_input);
    free(j->sig);
    jws_init(j);
}

/* Decode one base64url part holding a JSON object (the header or the payload). */
static cJSON *decode_object(const char *s, size_t len, bool header, struct error *e)
{
    unsigned char *buf;
    size_t n;
    cJSON *o;

    if (b64url_decode(s, len, &buf, &n, e) < 0) {
        error_prefix(e, header ? _("invalid JWS header") : _("invalid JWS payload"));
        return NULL;
    }
    /* The whole part must be the object: trailing bytes ("{...}x", "{...}\0...")
     * would be read differently elsewhere. */
    o = jose_json_parse((const char *)buf, n);
    secret_free(buf, n);
    if (!cJSON_IsObject(o)) {
        cJSON_Delete(o);
        error_set(e, ERR_PARSE, header ? _("invalid JWS header: not a JSON object")
                                       : _("invalid JWS payload: not a JSON object"));
        return NULL;
    }
    return o;
}

#define JWS_HEADER_MAX_MEMBERS 32

/* Duplicate names would let two readers see different values; too many members
 * is no header we make or expect (and keeps this check cheap). */
static bool bad_members(const cJSON *o)
{
    int n = 0;

    for (const cJSON *a = o->child; a; a = a->next)
        if (++n > JWS_HEADER_MAX_MEMBERS)
            return true;
    for (const cJSON *a = o->child; a; a = a->next)
        for (const cJSON *b = a->next; b; b = b->next)
            if (a->string && b->string && strcmp(a->string, b->string) == 0)
                return true;
    return false;
}

/* The header's members we act on: alg (one of allowed_algs, into *alg), no crit. */
static int check_header(const cJSON *header, unsigned allowed_algs, enum jose_alg *alg,
                        struct error *e)
{
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(header, "alg");

    if (bad_members(header))
        return error_set(e, ERR_PARSE, _("invalid JWS header: duplicate or too many members"));
    if (!cJSON_IsString(name))
        return error_set(e, ERR_INVALID, _("invalid JWS header: no \"alg\""));
    *alg = jose_alg_from_name(name->valuestring);
    if (*alg == JOSE_ALG_UNKNOWN || !(allowed_algs & JOSE_ALG_BIT(*alg))) {
        char shown[17];   /* remote text: no escape sequences to the terminal */

        jose_printable(shown, sizeof shown, name->valuestring);
        return error_set(e, ERR_INVALID, _("JWS algorithm \"%.16s\" is not accepted"), shown);
    }
    /* We implement no extensions, so any critical one must fail (RFC 7515 §4.1.11). */
    if (cJSON_GetObjectItemCaseSensitive(header, "crit"))
        return error_set(e, ERR_INVALID, _("invalid JWS header: unsupported critical extension"));
    return 0;
}

int jws_parse(struct jws *j, const char *compact, unsigned allowed_algs, struct error *e)
{
    struct jws t;
    const char *d1, *d2;
    size_t len;

    jws_init(&t);
    if (!compact)
        return error_set(e, ERR_PARSE, _("invalid JWS: empty"));
    len = strnlen(compact, JWS_MAX_SIZE + 1);
    if (len > JWS_MAX_SIZE)
        return error_set(e, ERR_PARSE, _("invalid JWS: too large"));
    d1 = memchr(compact, '.', len);
    d2 = d1 ? memchr(d1 + 1, '.', len - (size_t)(d1 + 1 - compact)) : NULL;
    if (!d1 || !d2 || memchr(d2 + 1, '.', len - (size_t)(d2 + 1 - compact)))
        return error_set(e, ERR_PARSE, _("invalid JWS: not three parts"));
    if (!(t.header = decode_object(compact, (size_t)(d1 - compact), true, e)))
        goto fail;
    if (check_header(t.header, allowed_algs, &t.alg, e) < 0)
        goto fail;
    if (!(t.payload = decode_object(d1 + 1, (size_t)(d2 - d1 - 1), false, e)))
        goto fail;
    if (b64url_decode(d2 + 1, len - (size_t)(d2 + 1 - compact), &t.sig, &t.sig_len, e) < 0) {
        error_prefix(e, _("invalid JWS signature"));
        goto fail;
    }
    t.signing_input = strndup(compact, (size_t)(d2 - compact));
    if (!t.signing_input) {
        error_nomem(e);
        goto fail;
    }
    jws_clear(j);
    *j = t;
    return 0;
fail:
    jws_clear(&t);
    return -1;
}

int jws_check_signature(const struct jws *j, const struct jwk *key, struct error *e)
{
    unsigned char *der = NULL;
    const unsigned char *sig = j->sig;
    size_t siglen = j->sig_len;
    EVP_MD_CTX *ctx = NULL;
    int rc = -1;

    if (!key || !key->pkey || !j->signing_input)
        return error_set(e, ERR_INVALID, _("JWS signature check: no key"));
    if (!key_fits(j->alg, key->pkey))
        return error_set(e, ERR_INVALID, _("JWS algorithm \"%s\" does not fit the key"),
                         jose_alg_name(j->alg) ? jose_alg_name(j->alg) : "?");
    if (j->alg == JOSE_ALG_ES256) {
        if (j->sig_len != ES256_SIG || jws_ecdsa_raw_to_der(j->sig, &der, &siglen) < 0)
            return error_set(e, ERR_INVALID, _("JWS signature is not valid"));
        sig = der;
    }
    if (!(ctx = md_ctx(j->alg, key->pkey, false, e)))
        goto out;
    if (EVP_DigestVerify(ctx, sig, siglen, (const unsigned char *)j->signing_input,
                         strlen(j->signing_input)) != 1) {
        error_set(e, ERR_INVALID, _("JWS signature is not valid"));
        goto out;
    }
    rc = 0;
out:
    EVP_MD_CTX_free(ctx);
    OPENSSL_free(der);
    return rc;
}

int jws_verify(struct jws *j, const char *compact, const struct jwk *key, unsigned allowed_algs,
               struct error *e)
{
    struct jws t;

    jws_init(&t);
    if (jws_parse(&t, compact, allowed_algs, e) < 0)
        return -1;
    if (jws_check_signature(&t, key, e) < 0) {
        jws_clear(&t);
        return -1;
    }
    jws_clear(j);
    *j = t;
    return 0;
}
