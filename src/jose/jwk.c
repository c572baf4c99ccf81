#include "config.h"
#include "jose/jwk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/param_build.h>

#include "core/i18n.h"
#include "jose/b64url.h"
#include "jose/rand.h"

#define JWK_TEXT_MAX (64 * 1024)
#define EC_COORD 32

static const char *const alg_names[] = {
    [JOSE_ALG_ES256] = "ES256", [JOSE_ALG_PS256] = "PS256", [JOSE_ALG_RS256] = "RS256",
};

const char *jose_alg_name(enum jose_alg alg)
{
    if (alg <= JOSE_ALG_UNKNOWN || alg > JOSE_ALG_RS256)
        return NULL;
    return alg_names[alg];
}

enum jose_alg jose_alg_from_name(const char *name)
{
    if (!name)
        return JOSE_ALG_UNKNOWN;
    for (int a = JOSE_ALG_ES256; a <= JOSE_ALG_RS256; a++)
        if (strcmp(name, alg_names[a]) == 0)
            return (enum jose_alg)a;
    return JOSE_ALG_UNKNOWN;
}

void jose_printable(char *dst, size_t cap, const char *src)
{
    size_t i = 0;

    if (!cap)
        return;
    for (; src && src[i] && i + 1 < cap; i++)
        dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? src[i] : '?';
    dst[i] = '\0';
}

cJSON *jose_json_parse(const char *text, size_t len)
{
    const char *end = NULL;
    cJSON *o = cJSON_ParseWithLengthOpts(text, len, &end, false);

    while (o && end < text + len && *end && strchr(" \t\r\n", *end))
        end++;
    if (o && end != text + len) {
        cJSON_Delete(o);
        o = NULL;
    }
    return o;
}

void jwk_init(struct jwk *k)
{
    memset(k, 0, sizeof *k);
}

void jwk_clear(struct jwk *k)
{
    EVP_PKEY_free(k->pkey);
    jwk_init(k);
}

static bool is_ec(const EVP_PKEY *p)
{
    return EVP_PKEY_is_a(p, "EC");
}

static bool is_rsa(const EVP_PKEY *p)
{
    return EVP_PKEY_is_a(p, "RSA");
}

/* Our own keys use these algs only; RS256 only with RSA, ES256 only with EC. */
static bool alg_fits(enum jose_alg alg, const EVP_PKEY *p)
{
    switch (alg) {
    case JOSE_ALG_ES256: return is_ec(p);
    case JOSE_ALG_PS256:
    case JOSE_ALG_RS256: return is_rsa(p);
    default: return false;
    }
}

/* Move a fully built key into k, computing kid when none was given. */
static int adopt(struct jwk *k, EVP_PKEY *pkey, enum jose_alg alg, bool priv, const char *kid,
                 struct error *e)
{
    struct jwk n;

    jwk_init(&n);
    n.pkey = pkey;
    n.alg = alg;
    n.has_private = priv;
    if (kid) {
        if (strlen(kid) >= sizeof n.kid) {
            n.pkey = NULL;
            return error_set(e, ERR_INVALID, _("invalid JWK: \"kid\" is too long"));
        }
        strcpy(n.kid, kid);
    } else if (jwk_thumbprint(&n, n.kid, e) < 0) {
        n.pkey = NULL;
        return -1;
    }
    jwk_clear(k);
    *k = n;
    return 0;
}

int jwk_generate(struct jwk *k, enum jose_alg alg, int rsa_bits, struct error *e)
{
    EVP_PKEY *p = NULL;

    if (alg == JOSE_ALG_ES256) {
        p = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    } else if (alg == JOSE_ALG_PS256) {
        if (rsa_bits == 0)
            rsa_bits = JWK_RSA_MIN_BITS;
        if (rsa_bits < JWK_RSA_MIN_BITS || rsa_bits > JWK_RSA_MAX_BITS)
            return error_set(e, ERR_INVALID, _("RSA key size %d is not allowed (3072 to 8192 bits)"),
                             rsa_bits);
        p = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)rsa_bits);
    } else {
        return error_set(e, ERR_INVALID, _("key generation: unsupported algorithm"));
    }
    if (!p)
        return error_set(e, ERR_CRYPTO, _("key generation failed"));
    if (adopt(k, p, alg, true, NULL, e) < 0) {
        EVP_PKEY_free(p);
        return -1;
    }
    return 0;
}

/* ---- import ---- */

/* Decode a base64url member into buf (exactly want bytes if want > 0, else 1..max).
 * Returns length or -1. */
static long member_bytes(const cJSON *obj, const char *name, unsigned char **out, size_t want,
                         size_t max, bool required, struct error *e)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, name);
    unsigned char *buf;
    size_t len;

    *out = NULL;
    if (!m) {
        if (required)
            return error_set(e, ERR_INVALID, _("invalid JWK: member \"%s\" is missing"), name);
        return 0;
    }
    if (!cJSON_IsString(m) || !m->valuestring)
        return error_set(e, ERR_INVALID, _("invalid JWK: member \"%s\" is not a string"), name);
    if (b64url_decode(m->valuestring, strlen(m->valuestring), &buf, &len, e) < 0)
        return error_prefix(e, _("invalid JWK member \"%s\""), name);
    if ((want && len != want) || (!want && (len == 0 || len > max))) {
        secret_free(buf, len);
        return error_set(e, ERR_INVALID, _("invalid JWK: member \"%s\" has the wrong length"), name);
    }
    *out = buf;
    return (long)len;
}

static int check_key(EVP_PKEY *p, bool priv, struct error *e)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, p, NULL);
    int ok;

    if (!ctx)
        return error_nomem(e);
    ok = priv ? EVP_PKEY_pairwise_check(ctx) : EVP_PKEY_public_check(ctx);
    EVP_PKEY_CTX_free(ctx);
    if (ok != 1)
        return error_set(e, ERR_INVALID, priv ? _("invalid JWK: the private key does not match the public key")
                                              : _("invalid JWK: the public key is not valid"));
    return 0;
}

/* The key made from bld's parameters, checked (check_key); NULL with e set. */
static EVP_PKEY *from_params(const char *type, OSSL_PARAM_BLD *bld, bool priv, struct error *e)
{
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
    EVP_PKEY *p = NULL;

    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) <= 0
        || EVP_PKEY_fromdata(ctx, &p, priv ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params) <= 0) {
        EVP_PKEY_free(p);
        p = NULL;
        error_set(e, ERR_INVALID, _("invalid JWK: the key was not accepted"));
    }
    OSSL_PARAM_free(params);   /* OSSL_PARAM_BLD_to_param clears secure data on free */
    EVP_PKEY_CTX_free(ctx);
    if (p && check_key(p, priv, e) < 0) {
        EVP_PKEY_free(p);
        p = NULL;
    }
    return p;
}

static EVP_PKEY *ec_from_json(const cJSON *obj, bool *priv, struct error *e)
{
    const cJSON *crv = cJSON_GetObjectItemCaseSensitive(obj, "crv");
    unsigned char *x = NULL, *y = NULL, *d = NULL, point[1 + 2 * EC_COORD];
    OSSL_PARAM_BLD *bld = NULL;
    BIGNUM *dbn = NULL;
    EVP_PKEY *p = NULL;

    if (!cJSON_IsString(crv) || strcmp(crv->valuestring, "P-256") != 0) {
        error_set(e, ERR_INVALID, _("invalid JWK: only the curve P-256 is supported"));
        goto out;
    }
    if (member_bytes(obj, "x", &x, EC_COORD, 0, true, e) < 0
        || member_bytes(obj, "y", &y, EC_COORD, 0, true, e) < 0
        || member_bytes(obj, "d", &d, EC_COORD, 0, false, e) < 0)
        goto out;
    point[0] = 0x04;
    memcpy(point + 1, x, EC_COORD);
    memcpy(point + 1 + EC_COORD, y, EC_COORD);
    bld = OSSL_PARAM_BLD_new();
    if (!bld || !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0)
        || !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, sizeof point)) {
        error_nomem(e);
        goto out;
    }
    if (d) {
        dbn = BN_secure_new();
        if (!dbn || !BN_bin2bn(d, EC_COORD, dbn)
            || !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, dbn)) {
            error_nomem(e);
            goto out;
        }
    }
    if ((p = from_params("EC", bld, d != NULL, e)))
        *priv = d != NULL;
out:
    free(x);
    free(y);
    secret_free(d, EC_COORD);
    BN_clear_free(dbn);
    OSSL_PARAM_BLD_free(bld);
    return p;
}

static const char *const rsa_priv_members[] = { "d", "p", "q", "dp", "dq", "qi" };
static const char *const rsa_priv_params[] = {
    OSSL_PKEY_PARAM_RSA_D, OSSL_PKEY_PARAM_RSA_FACTOR1, OSSL_PKEY_PARAM_RSA_FACTOR2,
    OSSL_PKEY_PARAM_RSA_EXPONENT1, OSSL_PKEY_PARAM_RSA_EXPONENT2, OSSL_PKEY_PARAM_RSA_COEFFICIENT1,
};
#define RSA_PRIV_N 6

static EVP_PKEY *rsa_from_json(const cJSON *obj, bool *priv, struct error *e)
{
    unsigned char *nb = NULL, *eb = NULL;
    long nlen, elen;
    BIGNUM *n = NULL, *ex = NULL, *pv[RSA_PRIV_N] = { 0 };
    OSSL_PARAM_BLD *bld = NULL;
    EVP_PKEY *p = NULL;
    int have = 0, bits;

    for (int i = 0; i < RSA_PRIV_N; i++)
        have += cJSON_GetObjectItemCaseSensitive(obj, rsa_priv_members[i]) != NULL;
    if (cJSON_GetObjectItemCaseSensitive(obj, "oth")) {
        error_set(e, ERR_INVALID, _("invalid JWK: multi-prime RSA keys are not supported"));
        goto out;
    }
    if (have != 0 && have != RSA_PRIV_N) {
        error_set(e, ERR_INVALID, _("invalid JWK: an RSA private key needs d, p, q, dp, dq and qi"));
        goto out;
    }
    if ((nlen = member_bytes(obj, "n", &nb, 0, JWK_RSA_MAX_BITS / 8 + 1, true, e)) < 0
        || (elen = member_bytes(obj, "e", &eb, 0, 8, true, e)) < 0)
        goto out;
    n = BN_bin2bn(nb, (int)nlen, NULL);
    ex = BN_bin2bn(eb, (int)elen, NULL);
    if (!n || !ex) {
        error_nomem(e);
        goto out;
    }
    bits = BN_num_bits(n);
    if (bits < JWK_RSA_IMPORT_MIN_BITS || bits > JWK_RSA_MAX_BITS) {
        error_set(e, ERR_INVALID, _("invalid JWK: RSA key size %d bits is not allowed"), bits);
        goto out;
    }
    if (!BN_is_odd(ex) || BN_num_bits(ex) < 2 || BN_num_bits(ex) > 33) {
        error_set(e, ERR_INVALID, _("invalid JWK: bad RSA public exponent"));
        goto out;
    }
    bld = OSSL_PARAM_BLD_new();
    if (!bld || !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n)
        || !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, ex)) {
        error_nomem(e);
        goto out;
    }
    for (int i = 0; have && i < RSA_PRIV_N; i++) {
        unsigned char *b;
        long len = member_bytes(obj, rsa_priv_members[i], &b, 0, JWK_RSA_MAX_BITS / 8 + 1, true, e);
        if (len < 0)
            goto out;
        pv[i] = BN_secure_new();
        if (!pv[i] || !BN_bin2bn(b, (int)len, pv[i])
            || !OSSL_PARAM_BLD_push_BN(bld, rsa_priv_params[i], pv[i])) {
            secret_free(b, (size_t)len);
            error_nomem(e);
            goto out;
        }
        secret_free(b, (size_t)len);
    }
    if ((p = from_params("RSA", bld, have != 0, e)))
        *priv = have != 0;
out:
    free(nb);
    free(eb);
    BN_free(n);
    BN_free(ex);
    for (int i = 0; i < RSA_PRIV_N; i++)
        BN_clear_free(pv[i]);
    OSSL_PARAM_BLD_free(bld);
    return p;
}

int jwk_from_json(struct jwk *k, const cJSON *obj, struct error *e)
{
    const cJSON *kty = cJSON_GetObjectItemCaseSensitive(obj, "kty");
    const cJSON *jalg = cJSON_GetObjectItemCaseSensitive(obj, "alg");
    const cJSON *jkid = cJSON_GetObjectItemCaseSensitive(obj, "kid");
    enum jose_alg alg = JOSE_ALG_UNKNOWN;
    EVP_PKEY *p = NULL;
    bool priv = false;

    if (!cJSON_IsObject(obj))
        return error_set(e, ERR_INVALID, _("invalid JWK: not a JSON object"));
    if (!cJSON_IsString(kty))
        return error_set(e, ERR_INVALID, _("invalid JWK: member \"%s\" is missing"), "kty");
    if (jkid && (!cJSON_IsString(jkid) || !jkid->valuestring[0]))
        return error_set(e, ERR_INVALID, _("invalid JWK: member \"%s\" is not a string"), "kid");
    if (jalg) {
        if (!cJSON_IsString(jalg))
            return error_set(e, ERR_INVALID, _("invalid JWK: member \"%s\" is not a string"), "alg");
        alg = jose_alg_from_name(jalg->valuestring);
        if (alg == JOSE_ALG_UNKNOWN) {
            char shown[33];

            jose_printable(shown, sizeof shown, jalg->valuestring);
            return error_set(e, ERR_INVALID, _("invalid JWK: unsupported algorithm \"%.32s\""),
                             shown);
        }
    }
    if (strcmp(kty->valuestring, "EC") == 0) {
        p = ec_from_json(obj, &priv, e);
        if (alg == JOSE_ALG_UNKNOWN)
            alg = JOSE_ALG_ES256;
    } else if (strcmp(kty->valuestring, "RSA") == 0) {
        p = rsa_from_json(obj, &priv, e);
        if (alg == JOSE_ALG_UNKNOWN)
            alg = JOSE_ALG_PS256;
    } else {
        char shown[17];

        jose_printable(shown, sizeof shown, kty->valuestring);
        return error_set(e, ERR_INVALID, _("invalid JWK: unsupported key type \"%.16s\""),
                         shown);
    }
    if (!p)
        return -1;
    if (!alg_fits(alg, p)) {
        EVP_PKEY_free(p);
        return error_set(e, ERR_INVALID, _("invalid JWK: algorithm \"%s\" does not fit the key type"),
                         jose_alg_name(alg));
    }
    if (adopt(k, p, alg, priv, jkid ? jkid->valuestring : NULL, e) < 0) {
        EVP_PKEY_free(p);
        return -1;
    }
    return 0;
}

/* Wipe every string in a cJSON tree (private JWK members). */
static void wipe_strings(cJSON *j)
{
    for (; j; j = j->next) {
        if (cJSON_IsString(j) && j->valuestring)
            OPENSSL_cleanse(j->valuestring, strlen(j->valuestring));
        wipe_strings(j->child);
    }
}

void jwk_json_free_secret(cJSON *obj)
{
    if (!obj)
        return;
    wipe_strings(obj->child);
    cJSON_Delete(obj);
}

int jwk_parse(struct jwk *k, const char *json, size_t len, struct error *e)
{
    cJSON *obj;
    int rc;

    if (len > JWK_TEXT_MAX)
        return error_set(e, ERR_INVALID, _("invalid JWK: too large"));
    obj = jose_json_parse(json, len);
    if (!obj)
        return error_set(e, ERR_PARSE, _("invalid JWK: not valid JSON"));
    rc = jwk_from_json(k, obj, e);
    jwk_json_free_secret(obj);
    return rc;
}

int jwk_import_selvbetjening(struct jwk *k, const char *private_jwk, struct error *e)
{
    size_t len = private_jwk ? strlen(private_jwk) : 0, o = 0;
    char *text;
    struct jwk tmp;
    cJSON *obj = NULL;
    int rc = -1;

    if (len == 0 || len > JWK_TEXT_MAX)
        return error_set(e, ERR_INVALID, _("invalid private key from the portal: empty or too large"));
    text = malloc(len + 1);
    if (!text)
        return error_nomem(e);
    /* URL-encoded when it does not start with '{' (after blanks): percent-decode it. */
    while (*private_jwk == ' ' || *private_jwk == '\t' || *private_jwk == '\n' || *private_jwk == '\r')
        private_jwk++, len--;
    if (*private_jwk != '{') {
        for (size_t i = 0; i < len; i++) {
            int h, l;
            if (private_jwk[i] == '%' && i + 2 < len &&
                (h = OPENSSL_hexchar2int((unsigned char)private_jwk[i + 1])) >= 0 &&
                (l = OPENSSL_hexchar2int((unsigned char)private_jwk[i + 2])) >= 0) {
                text[o++] = (char)(h << 4 | l);
                i += 2;
            } else if (private_jwk[i] == '+') {
                text[o++] = ' ';
            } else {
                text[o++] = private_jwk[i];
            }
        }
    } else {
        memcpy(text, private_jwk, len);
        o = len;
    }
    text[o] = '\0';
    jwk_init(&tmp);
    obj = jose_json_parse(text, o);
    if (!cJSON_IsObject(obj)) {
        error_set(e, ERR_PARSE, _("invalid private key from the portal: not a JWK"));
        goto out;
    }
    /* The portal gives no alg/kid: derive them from the key (RSA -> PS256). */
    cJSON_DeleteItemFromObjectCaseSensitive(obj, "alg");
    cJSON_DeleteItemFromObjectCaseSensitive(obj, "kid");
    if (jwk_from_json(&tmp, obj, e) < 0) {
        error_prefix(e, _("invalid private key from the portal"));
        goto out;
    }
    if (!tmp.has_private) {
        error_set(e, ERR_INVALID, _("invalid private key from the portal: it has no private part"));
        goto out;
    }
    jwk_clear(k);
    *k = tmp;
    jwk_init(&tmp);
    rc = 0;
out:
    jwk_clear(&tmp);
    jwk_json_free_secret(obj);
    secret_free(text, len + 1);
    return rc;
}

/* ---- export ---- */

static int add_bn(cJSON *obj, const char *name, const EVP_PKEY *p, const char *param, int pad,
                  bool secret, struct error *e)
{
    BIGNUM *bn = NULL;
    unsigned char *buf = NULL;
    char *s = NULL;
    int len, rc = -1;

    if (!EVP_PKEY_get_bn_param(p, param, &bn)) {
        error_set(e, ERR_CRYPTO, _("cannot read the key parameter \"%s\""), name);
        goto out;
    }
    len = pad ? pad : BN_num_bytes(bn);
    if (len <= 0)
        len = 1;
    buf = OPENSSL_zalloc((size_t)len);
    if (!buf || BN_bn2binpad(bn, buf, len) != len) {
        error_set(e, ERR_CRYPTO, _("cannot read the key parameter \"%s\""), name);
        goto out;
    }
    s = b64url_encode(buf, (size_t)len);
    if (!s || !cJSON_AddStringToObject(obj, name, s)) {
        error_nomem(e);
        goto out;
    }
    rc = 0;
out:
    if (secret) {
        BN_clear_free(bn);
        secret_free_str(s);
    } else {
        BN_free(bn);
        free(s);
    }
    if (buf)
        OPENSSL_clear_free(buf, (size_t)len);
    return rc;
}

cJSON *jwk_to_json(const struct jwk *k, unsigned flags, struct error *e)
{
    bool priv = flags & JWK_EXPORT_PRIVATE;
    cJSON *o;
    int rc = 0;

    if (!k->pkey) {
        error_set(e, ERR_INVALID, _("no key"));
        return NULL;
    }
    if (priv && !k->has_private) {
        error_set(e, ERR_INVALID, _("the key has no private part"));
        return NULL;
    }
    o = cJSON_CreateObject();
    if (!o) {
        error_nomem(e);
        return NULL;
    }
    if (is_ec(k->pkey)) {
        if (!cJSON_AddStringToObject(o, "kty", "EC") || !cJSON_AddStringToObject(o, "crv", "P-256"))
            rc = error_nomem(e);
        if (rc == 0)
            rc = add_bn(o, "x", k->pkey, OSSL_PKEY_PARAM_EC_PUB_X, EC_COORD, false, e);
        if (rc == 0)
            rc = add_bn(o, "y", k->pkey, OSSL_PKEY_PARAM_EC_PUB_Y, EC_COORD, false, e);
        if (rc == 0 && priv)
            rc = add_bn(o, "d", k->pkey, OSSL_PKEY_PARAM_PRIV_KEY, EC_COORD, true, e);
    } else if (is_rsa(k->pkey)) {
        if (!cJSON_AddStringToObject(o, "kty", "RSA"))
            rc = error_nomem(e);
        if (rc == 0)
            rc = add_bn(o, "n", k->pkey, OSSL_PKEY_PARAM_RSA_N, 0, false, e);
        if (rc == 0)
            rc = add_bn(o, "e", k->pkey, OSSL_PKEY_PARAM_RSA_E, 0, false, e);
        for (int i = 0; rc == 0 && priv && i < RSA_PRIV_N; i++)
            rc = add_bn(o, rsa_priv_members[i], k->pkey, rsa_priv_params[i], 0, true, e);
    } else {
        rc = error_set(e, ERR_INVALID, _("unsupported key type"));
    }
    if (rc == 0 && (flags & JWK_EXPORT_META)) {
        if (!cJSON_AddStringToObject(o, "alg", jose_alg_name(k->alg))
            || !cJSON_AddStringToObject(o, "kid", k->kid) || !cJSON_AddStringToObject(o, "use", "sig"))
            rc = error_nomem(e);
    }
    if (rc < 0) {
        jwk_json_free_secret(o);
        return NULL;
    }
    return o;
}

char *jwk_to_string(const struct jwk *k, unsigned flags, struct error *e)
{
    cJSON *o = jwk_to_json(k, flags, e);
    char *s;

    if (!o)
        return NULL;
    s = cJSON_PrintUnformatted(o);
    jwk_json_free_secret(o);
    if (!s)
        error_nomem(e);
    return s;
}

int jwk_thumbprint(const struct jwk *k, char out[JWK_THUMBPRINT_SIZE], struct error *e)
{
    cJSON *o = jwk_to_json(k, 0, e);
    const char *kty;
    char *canon = NULL;
    unsigned char md[32];
    unsigned int mdlen = 0;
    int n, rc = -1;

    if (!o)
        return -1;
    /* RFC 7638: required members only, lexicographic order, no whitespace. */
    kty = cJSON_GetObjectItemCaseSensitive(o, "kty")->valuestring;
    if (strcmp(kty, "EC") == 0)
        n = asprintf(&canon, "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"%s\",\"y\":\"%s\"}",
                     cJSON_GetObjectItemCaseSensitive(o, "x")->valuestring,
                     cJSON_GetObjectItemCaseSensitive(o, "y")->valuestring);
    else
        n = asprintf(&canon, "{\"e\":\"%s\",\"kty\":\"RSA\",\"n\":\"%s\"}",
                     cJSON_GetObjectItemCaseSensitive(o, "e")->valuestring,
                     cJSON_GetObjectItemCaseSensitive(o, "n")->valuestring);
    if (n < 0) {
        canon = NULL;
        error_nomem(e);
        goto out;
    }
    if (!EVP_Digest(canon, (size_t)n, md, &mdlen, EVP_sha256(), NULL) || mdlen != sizeof md) {
        error_set(e, ERR_CRYPTO, _("hashing failed"));
        goto out;
    }
    b64url_encode_to(out, md, sizeof md);
    rc = 0;
out:
    free(canon);
    cJSON_Delete(o);
    return rc;
}

int jwk_public_copy(struct jwk *dst, const struct jwk *src, struct error *e)
{
    cJSON *o = jwk_to_json(src, 0, e);
    struct jwk tmp;
    int rc;

    if (!o)
        return -1;
    jwk_init(&tmp);
    rc = jwk_from_json(&tmp, o, e);
    cJSON_Delete(o);
    if (rc < 0)
        return -1;
    tmp.alg = src->alg;
    memcpy(tmp.kid, src->kid, sizeof tmp.kid);
    jwk_clear(dst);
    *dst = tmp;
    return 0;
}

int jwks_find(struct jwk *k, const cJSON *jwks, const char *kid, struct error *e)
{
    const cJSON *keys = cJSON_GetObjectItemCaseSensitive(jwks, "keys"), *it;
    const cJSON *found = NULL;
    int count = 0;

    if (!cJSON_IsArray(keys))
        return error_set(e, ERR_PARSE, _("invalid JWKS: no \"keys\" array"));
    cJSON_ArrayForEach(it, keys) {
        const cJSON *use = cJSON_GetObjectItemCaseSensitive(it, "use");
        const cJSON *jk = cJSON_GetObjectItemCaseSensitive(it, "kid");
        const cJSON *kty = cJSON_GetObjectItemCaseSensitive(it, "kty");
        if (!cJSON_IsObject(it) || !cJSON_IsString(kty))
            continue;
        if (strcmp(kty->valuestring, "EC") != 0 && strcmp(kty->valuestring, "RSA") != 0)
            continue;
        if (use && (!cJSON_IsString(use) || strcmp(use->valuestring, "sig") != 0))
            continue;
        if (kid && !(cJSON_IsString(jk) && strcmp(jk->valuestring, kid) == 0))
            continue;
        found = it;
        count++;
    }
    char shown[65];   /* kid comes from a token header */

    jose_printable(shown, sizeof shown, kid ? kid : "");
    if (count == 0)
        return error_set(e, ERR_INVALID, _("no signing key \"%.64s\" in the JWKS"), shown);
    if (count > 1)
        return error_set(e, ERR_INVALID, _("more than one signing key \"%.64s\" in the JWKS"),
                         shown);
    return jwk_from_json(k, found, e);
}

int jwk_rsa_bits(const struct jwk *k)
{
    return k->pkey && is_rsa(k->pkey) ? EVP_PKEY_get_bits(k->pkey) : 0;
}
