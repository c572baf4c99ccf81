/* JOSE for the simulator: base64url, JWS parse/verify/sign, JWK import and thumbprint. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "sim/jose.h"
#include "sim/sim.h"

static const char b64url_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

char *sim_b64url_encode(const unsigned char *data, size_t len)
{
    char *out = malloc(len / 3 * 4 + 5);
    size_t o = 0, i = 0;
    if (!out)
        return NULL;
    for (; i + 2 < len; i += 3) {
        unsigned v = (unsigned)data[i] << 16 | (unsigned)data[i + 1] << 8 | data[i + 2];
        out[o++] = b64url_alphabet[v >> 18 & 63];
        out[o++] = b64url_alphabet[v >> 12 & 63];
        out[o++] = b64url_alphabet[v >> 6 & 63];
        out[o++] = b64url_alphabet[v & 63];
    }
    if (len - i == 1) {
        unsigned v = (unsigned)data[i] << 16;
        out[o++] = b64url_alphabet[v >> 18 & 63];
        out[o++] = b64url_alphabet[v >> 12 & 63];
    } else if (len - i == 2) {
        unsigned v = (unsigned)data[i] << 16 | (unsigned)data[i + 1] << 8;
        out[o++] = b64url_alphabet[v >> 18 & 63];
        out[o++] = b64url_alphabet[v >> 12 & 63];
        out[o++] = b64url_alphabet[v >> 6 & 63];
    }
    out[o] = '\0';
    return out;
}

static int b64url_value(char c)
{
    const char *p = c ? strchr(b64url_alphabet, c) : NULL;
    return p ? (int)(p - b64url_alphabet) : -1;
}

unsigned char *sim_b64url_decode(const char *in, size_t inlen, size_t *outlen)
{
    unsigned char *out;
    size_t o = 0;
    unsigned acc = 0;
    int bits = 0;
    if (inlen % 4 == 1)
        return NULL;
    out = malloc(inlen * 3 / 4 + 1);
    if (!out)
        return NULL;
    for (size_t i = 0; i < inlen; i++) {
        int v = b64url_value(in[i]);
        if (v < 0) {
            free(out);
            return NULL;
        }
        acc = acc << 6 | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)(acc >> bits & 0xff);
        }
    }
    /* Leftover bits must be zero (canonical encoding). */
    if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) {
        free(out);
        return NULL;
    }
    out[o] = 0;
    *outlen = o;
    return out;
}

static cJSON *decode_json_part(const char *part, size_t len)
{
    size_t n;
    unsigned char *raw = sim_b64url_decode(part, len, &n);
    cJSON *json;
    if (!raw)
        return NULL;
    json = cJSON_ParseWithLength((const char *)raw, n);
    free(raw);
    if (json && !cJSON_IsObject(json)) {
        cJSON_Delete(json);
        return NULL;
    }
    return json;
}

int sim_jws_parse(const char *compact, struct sim_jws *out, char *why, size_t why_len)
{
    struct sim_jws j = { 0 };
    const char *d1 = strchr(compact, '.');
    const char *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
    if (!d1 || !d2 || strchr(d2 + 1, '.')) {
        snprintf(why, why_len, "not a compact JWS (three parts expected)");
        return -1;
    }
    j.header = decode_json_part(compact, (size_t)(d1 - compact));
    j.claims = decode_json_part(d1 + 1, (size_t)(d2 - d1 - 1));
    j.sig = sim_b64url_decode(d2 + 1, strlen(d2 + 1), &j.sig_len);
    j.signing_input = strndup(compact, (size_t)(d2 - compact));
    if (!j.header || !j.claims || !j.sig || !j.signing_input || j.sig_len == 0) {
        snprintf(why, why_len, "malformed JWS: header, payload or signature is not valid base64url JSON");
        sim_jws_clear(&j);
        return -1;
    }
    *out = j;
    return 0;
}

void sim_jws_clear(struct sim_jws *jws)
{
    cJSON_Delete(jws->header);
    cJSON_Delete(jws->claims);
    free(jws->sig);
    free(jws->signing_input);
    memset(jws, 0, sizeof *jws);
}

struct alg_info {
    const char *name;
    const char *md;
    int kind;          /* 0 EC, 1 RSA-PSS, 2 RSA PKCS#1 v1.5 */
    int ec_bytes;      /* size of r and s for EC */
    const char *curve;
};

static const struct alg_info algs[] = {
    { "ES256", "SHA256", 0, 32, "prime256v1" },
    { "ES384", "SHA384", 0, 48, "secp384r1" },
    { "ES512", "SHA512", 0, 66, "secp521r1" },
    { "PS256", "SHA256", 1, 0, NULL },
    { "PS384", "SHA384", 1, 0, NULL },
    { "PS512", "SHA512", 1, 0, NULL },
    { "RS256", "SHA256", 2, 0, NULL },
    { "RS384", "SHA384", 2, 0, NULL },
    { "RS512", "SHA512", 2, 0, NULL },
};

static const struct alg_info *alg_lookup(const char *alg)
{
    for (size_t i = 0; alg && i < sizeof algs / sizeof algs[0]; i++)
        if (strcmp(algs[i].name, alg) == 0)
            return &algs[i];
    return NULL;
}

bool sim_alg_known(const char *alg)
{
    return alg_lookup(alg) != NULL;
}

/* JWS carries ECDSA signatures as r||s; OpenSSL wants DER. */
static unsigned char *ec_raw_to_der(const unsigned char *raw, size_t len, int half, int *der_len)
{
    ECDSA_SIG *sig;
    BIGNUM *r, *s;
    unsigned char *der = NULL;
    if ((int)len != 2 * half)
        return NULL;
    sig = ECDSA_SIG_new();
    r = BN_bin2bn(raw, half, NULL);
    s = BN_bin2bn(raw + half, half, NULL);
    if (!sig || !r || !s || !ECDSA_SIG_set0(sig, r, s)) {
        BN_free(r);
        BN_free(s);
        ECDSA_SIG_free(sig);
        return NULL;
    }
    *der_len = i2d_ECDSA_SIG(sig, &der);
    ECDSA_SIG_free(sig);
    return *der_len > 0 ? der : NULL;
}

static bool key_fits(EVP_PKEY *key, const struct alg_info *a)
{
    if (a->kind == 0) {
        char group[64];
        size_t gl = 0;
        if (!EVP_PKEY_is_a(key, "EC"))
            return false;
        if (!EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group,
                                            sizeof group, &gl))
            return false;
        return strcmp(group, a->curve) == 0;
    }
    return EVP_PKEY_is_a(key, "RSA") && EVP_PKEY_get_bits(key) >= 2048;
}

int sim_jws_verify(const struct sim_jws *jws, EVP_PKEY *key, const char *alg,
                   char *why, size_t why_len)
{
    const struct alg_info *a = alg_lookup(alg);
    EVP_MD_CTX *ctx = NULL;
    EVP_PKEY_CTX *pctx = NULL;
    unsigned char *der = NULL;
    const unsigned char *sig = jws->sig;
    size_t sig_len = jws->sig_len;
    int der_len = 0, rc = -1;

    if (!a) {
        snprintf(why, why_len, "unsupported alg");
        return -1;
    }
    if (!key_fits(key, a)) {
        snprintf(why, why_len, "key type does not match alg %s", a->name);
        return -1;
    }
    if (a->kind == 0) {
        der = ec_raw_to_der(jws->sig, jws->sig_len, a->ec_bytes, &der_len);
        if (!der) {
            snprintf(why, why_len, "ECDSA signature has the wrong length");
            return -1;
        }
        sig = der;
        sig_len = (size_t)der_len;
    }
    ctx = EVP_MD_CTX_new();
    if (!ctx || EVP_DigestVerifyInit_ex(ctx, &pctx, a->md, NULL, NULL, key, NULL) != 1)
        goto out;
    if (a->kind == 1 && (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
                         EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1))
        goto out;
    if (EVP_DigestVerify(ctx, sig, sig_len, (const unsigned char *)jws->signing_input,
                         strlen(jws->signing_input)) == 1)
        rc = 0;
out:
    if (rc != 0)
        snprintf(why, why_len, "signature does not verify");
    EVP_MD_CTX_free(ctx);
    OPENSSL_free(der);
    return rc;
}

bool sim_jwk_has_private(const cJSON *jwk)
{
    static const char *const private_members[] = { "d", "p", "q", "dp", "dq", "qi", "oth", "k" };
    for (size_t i = 0; i < sizeof private_members / sizeof private_members[0]; i++)
        if (cJSON_GetObjectItemCaseSensitive(jwk, private_members[i]))
            return true;
    return false;
}

static BIGNUM *member_bn(const cJSON *jwk, const char *name, size_t *len)
{
    const char *v = json_str(jwk, name);
    size_t n;
    unsigned char *raw = v ? sim_b64url_decode(v, strlen(v), &n) : NULL;
    BIGNUM *bn;
    if (!raw || n == 0) {
        free(raw);
        return NULL;
    }
    bn = BN_bin2bn(raw, (int)n, NULL);
    if (len)
        *len = n;
    free(raw);
    return bn;
}

/* The public key of `type` ("EC", "RSA") from the parameters pushed to `bld`; NULL if
 * OpenSSL refuses them. */
static EVP_PKEY *public_key_from(OSSL_PARAM_BLD *bld, const char *type)
{
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
    EVP_PKEY *key = NULL;

    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
        EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1)
        key = NULL;
    OSSL_PARAM_free(params);
    EVP_PKEY_CTX_free(ctx);
    return key;
}

static EVP_PKEY *ec_from_jwk(const cJSON *jwk, char *why, size_t why_len)
{
    const char *crv = json_str(jwk, "crv");
    const char *group = NULL;
    size_t width = 0, xl = 0, yl = 0;
    const char *x = json_str(jwk, "x"), *y = json_str(jwk, "y");
    unsigned char *xr = NULL, *yr = NULL, pt[1 + 2 * 66];
    OSSL_PARAM_BLD *bld = NULL;
    EVP_PKEY *key = NULL;

    if (crv && strcmp(crv, "P-256") == 0)
        group = "prime256v1", width = 32;
    else if (crv && strcmp(crv, "P-384") == 0)
        group = "secp384r1", width = 48;
    else if (crv && strcmp(crv, "P-521") == 0)
        group = "secp521r1", width = 66;
    if (!group || !x || !y) {
        snprintf(why, why_len, "EC JWK needs crv P-256/P-384/P-521, x and y");
        return NULL;
    }
    xr = sim_b64url_decode(x, strlen(x), &xl);
    yr = sim_b64url_decode(y, strlen(y), &yl);
    if (!xr || !yr || xl != width || yl != width) {
        snprintf(why, why_len, "EC JWK coordinates have the wrong length");
        goto out;
    }
    pt[0] = 4;
    memcpy(pt + 1, xr, width);
    memcpy(pt + 1 + width, yr, width);
    bld = OSSL_PARAM_BLD_new();
    if (!bld || !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, group, 0) ||
        !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pt, 1 + 2 * width))
        goto out;
    key = public_key_from(bld, "EC");
    if (!key) {
        snprintf(why, why_len, "EC JWK is not a point on the curve");
        goto out;
    }
    {
        /* fromdata does not check the point; do it explicitly. */
        EVP_PKEY_CTX *check = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
        if (!check || EVP_PKEY_public_check(check) != 1) {
            snprintf(why, why_len, "EC JWK is not a point on the curve");
            EVP_PKEY_free(key);
            key = NULL;
        }
        EVP_PKEY_CTX_free(check);
    }
out:
    free(xr);
    free(yr);
    OSSL_PARAM_BLD_free(bld);
    return key;
}

static EVP_PKEY *rsa_from_jwk(const cJSON *jwk, char *why, size_t why_len)
{
    BIGNUM *n = member_bn(jwk, "n", NULL), *e = member_bn(jwk, "e", NULL);
    OSSL_PARAM_BLD *bld = NULL;
    EVP_PKEY *key = NULL;
    if (!n || !e) {
        snprintf(why, why_len, "RSA JWK needs n and e");
        goto out;
    }
    bld = OSSL_PARAM_BLD_new();
    if (!bld || !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) ||
        !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e))
        goto out;
    key = public_key_from(bld, "RSA");
    if (!key) {
        snprintf(why, why_len, "RSA JWK is not a valid public key");
    } else if (EVP_PKEY_get_bits(key) < 2048) {
        snprintf(why, why_len, "RSA key shorter than 2048 bits");
        EVP_PKEY_free(key);
        key = NULL;
    }
out:
    BN_free(n);
    BN_free(e);
    OSSL_PARAM_BLD_free(bld);
    return key;
}

EVP_PKEY *sim_jwk_to_pkey(const cJSON *jwk, char *why, size_t why_len)
{
    const char *kty = json_str(jwk, "kty");
    if (!cJSON_IsObject(jwk) || !kty) {
        snprintf(why, why_len, "JWK without kty");
        return NULL;
    }
    if (sim_jwk_has_private(jwk)) {
        snprintf(why, why_len, "JWK contains private key material");
        return NULL;
    }
    if (strcmp(kty, "EC") == 0)
        return ec_from_jwk(jwk, why, why_len);
    if (strcmp(kty, "RSA") == 0)
        return rsa_from_jwk(jwk, why, why_len);
    snprintf(why, why_len, "unsupported kty");
    return NULL;
}

char *sim_sha256_b64url(const char *text, size_t len)
{
    unsigned char md[32];
    unsigned int mdlen = 0;
    if (EVP_Digest(text, len, md, &mdlen, EVP_sha256(), NULL) != 1)
        return NULL;
    return sim_b64url_encode(md, mdlen);
}

char *sim_jwk_thumbprint(const cJSON *jwk)
{
    const char *kty = json_str(jwk, "kty");
    char buf[2048];
    int n;
    if (!kty)
        return NULL;
    /* RFC 7638 §3.2: required members only, lexicographic order, no whitespace. */
    if (strcmp(kty, "EC") == 0 && json_str(jwk, "crv") && json_str(jwk, "x") && json_str(jwk, "y"))
        n = snprintf(buf, sizeof buf, "{\"crv\":\"%s\",\"kty\":\"EC\",\"x\":\"%s\",\"y\":\"%s\"}",
                     json_str(jwk, "crv"), json_str(jwk, "x"), json_str(jwk, "y"));
    else if (strcmp(kty, "RSA") == 0 && json_str(jwk, "e") && json_str(jwk, "n"))
        n = snprintf(buf, sizeof buf, "{\"e\":\"%s\",\"kty\":\"RSA\",\"n\":\"%s\"}",
                     json_str(jwk, "e"), json_str(jwk, "n"));
    else
        return NULL;
    if (n < 0 || (size_t)n >= sizeof buf)
        return NULL;
    return sim_sha256_b64url(buf, (size_t)n);
}

static char *bn_param_b64(EVP_PKEY *key, const char *name, int width)
{
    BIGNUM *bn = NULL;
    unsigned char buf[132];
    char *out = NULL;
    if (!EVP_PKEY_get_bn_param(key, name, &bn))
        return NULL;
    if (width <= (int)sizeof buf && BN_bn2binpad(bn, buf, width) == width)
        out = sim_b64url_encode(buf, (size_t)width);
    BN_free(bn);
    return out;
}

cJSON *sim_pkey_to_jwk(EVP_PKEY *key)
{
    char *x = bn_param_b64(key, OSSL_PKEY_PARAM_EC_PUB_X, 32);
    char *y = bn_param_b64(key, OSSL_PKEY_PARAM_EC_PUB_Y, 32);
    cJSON *jwk = NULL;
    if (x && y) {
        jwk = cJSON_CreateObject();
        cJSON_AddStringToObject(jwk, "kty", "EC");
        cJSON_AddStringToObject(jwk, "crv", "P-256");
        cJSON_AddStringToObject(jwk, "x", x);
        cJSON_AddStringToObject(jwk, "y", y);
    }
    free(x);
    free(y);
    return jwk;
}

static char *b64_json(const cJSON *obj)
{
    char *text = cJSON_PrintUnformatted(obj);
    char *out = text ? sim_b64url_encode((unsigned char *)text, strlen(text)) : NULL;
    cJSON_free(text);
    return out;
}

char *sim_jws_sign_es256(EVP_PKEY *key, const char *kid, const char *typ, const cJSON *claims)
{
    cJSON *header = cJSON_CreateObject();
    char *h = NULL, *p = NULL, *input = NULL, *s = NULL, *out = NULL;
    unsigned char *der = NULL, raw[64];
    size_t der_len = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    ECDSA_SIG *sig = NULL;
    const unsigned char *dp;

    cJSON_AddStringToObject(header, "alg", "ES256");
    cJSON_AddStringToObject(header, "kid", kid);
    cJSON_AddStringToObject(header, "typ", typ);
    h = b64_json(header);
    p = b64_json(claims);
    if (!ctx || !h || !p)
        goto out;
    input = malloc(strlen(h) + strlen(p) + 2);
    if (!input)
        goto out;
    sprintf(input, "%s.%s", h, p);
    if (EVP_DigestSignInit_ex(ctx, NULL, "SHA256", NULL, NULL, key, NULL) != 1 ||
        EVP_DigestSign(ctx, NULL, &der_len, (unsigned char *)input, strlen(input)) != 1)
        goto out;
    der = malloc(der_len);
    if (!der || EVP_DigestSign(ctx, der, &der_len, (unsigned char *)input, strlen(input)) != 1)
        goto out;
    dp = der;
    sig = d2i_ECDSA_SIG(NULL, &dp, (long)der_len);
    if (!sig || BN_bn2binpad(ECDSA_SIG_get0_r(sig), raw, 32) != 32 ||
        BN_bn2binpad(ECDSA_SIG_get0_s(sig), raw + 32, 32) != 32)
        goto out;
    s = sim_b64url_encode(raw, sizeof raw);
    if (!s)
        goto out;
    out = malloc(strlen(input) + strlen(s) + 2);
    if (out)
        sprintf(out, "%s.%s", input, s);
out:
    cJSON_Delete(header);
    free(h);
    free(p);
    free(input);
    free(s);
    free(der);
    ECDSA_SIG_free(sig);
    EVP_MD_CTX_free(ctx);
    return out;
}
