/* JOSE, DPoP, client assertion and PKCE: RFC vectors, round trips and rejections. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "jose/b64url.h"
#include "jose/client_assertion.h"
#include "jose/dpop.h"
#include "jose/jwk.h"
#include "jose/jws.h"
#include "jose/jwt.h"
#include "jose/pkce.h"
#include "jose/rand.h"
#include "../tap.h"

#define NOW 1767225600  /* 2026-01-01T00:00:00Z */

static const char rfc7638_rsa[] =
    "{\"kty\":\"RSA\",\"n\":\"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw\",\"e\":\"AQAB\",\"alg\":\"RS256\",\"kid\":\"2011-04-29\"}";

/* RFC 7515 Appendix A.3: ES256 public key and the example JWS. */
static const char rfc7515_ec[] =
    "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}";
static const char rfc7515_jws[] =
    "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

static struct jwk ec_key, rsa_key;

static char *b64json(const char *json)
{
    return b64url_encode(json, strlen(json));
}

/* A compact JWS from raw header and payload JSON plus a given signature part. */
static char *forge(const char *hdr, const char *payload, const char *sig)
{
    char *h = b64json(hdr), *p = b64json(payload), *out = malloc(strlen(h) + strlen(p) + strlen(sig) + 3);
    sprintf(out, "%s.%s.%s", h, p, sig);
    free(h);
    free(p);
    return out;
}

static void test_b64url(void)
{
    static const struct { const char *raw, *enc; } v[] = {
        { "", "" }, { "f", "Zg" }, { "fo", "Zm8" }, { "foo", "Zm9v" }, { "foob", "Zm9vYg" },
        { "fooba", "Zm9vYmE" }, { "foobar", "Zm9vYmFy" }, { "\xfb\xff", "-_8" },
    };
    unsigned char *out;
    size_t n;
    struct error e;

    for (size_t i = 0; i < sizeof v / sizeof *v; i++) {
        char *s = b64url_encode(v[i].raw, strlen(v[i].raw));
        is_str(s, v[i].enc, "b64url encode vector %zu", i);
        free(s);
        ok(b64url_decode(v[i].enc, strlen(v[i].enc), &out, &n, &e) == 0 && n == strlen(v[i].raw)
           && memcmp(out, v[i].raw, n) == 0, "b64url decode \"%s\"", v[i].enc);
        free(out);
    }
    static const char *const bad[] = { "Zg==", "Zm8=", "Z", "Zm9vY", "Zh", "Zm9", "Zm+v", "Zm/v",
                                       "Zm9v\n", "Zm 9", "-_9" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        error_clear(&e);
        ok(b64url_decode(bad[i], strlen(bad[i]), &out, &n, &e) < 0 && e.code == ERR_PARSE,
           "b64url rejects bad input %zu (%s)", i, e.msg);
    }
    /* All byte values round-trip. */
    unsigned char all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (unsigned char)i;
    int good = 1;
    for (size_t len = 0; len <= 256; len++) {
        char *s = b64url_encode(all, len);
        if (!s || strlen(s) != b64url_encoded_len(len) || b64url_decode(s, strlen(s), &out, &n, NULL) < 0
            || n != len || memcmp(out, all, len) != 0)
            good = 0;
        else
            free(out);
        free(s);
    }
    ok(good, "b64url round trip of 0..256 bytes");
}

static void test_rfc_vectors(void)
{
    struct jwk k;
    struct jws j;
    struct error e;
    char tp[JWK_THUMBPRINT_SIZE], ch[PKCE_CHALLENGE_SIZE], ath[DPOP_ATH_SIZE];

    jwk_init(&k);
    ok(jwk_parse(&k, rfc7638_rsa, strlen(rfc7638_rsa), &e) == 0, "RFC 7638 RSA key imports");
    ok(jwk_thumbprint(&k, tp, &e) == 0, "thumbprint computed");
    is_str(tp, "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", "RFC 7638 §3.1 thumbprint");
    is_str(k.kid, "2011-04-29", "JWK kid kept");
    is_int(k.alg, JOSE_ALG_RS256, "JWK alg RS256 kept for verification");
    ok(!k.has_private, "public key has no private part");
    jwk_clear(&k);

    ok(pkce_challenge_s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", ch, &e) == 0, "PKCE challenge");
    is_str(ch, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "RFC 7636 Appendix B challenge");
    ok(dpop_ath("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU", ath, &e) == 0, "ath computed");
    is_str(ath, "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo", "RFC 9449 §7.1 ath");

    jwk_init(&k);
    jws_init(&j);
    ok(jwk_parse(&k, rfc7515_ec, strlen(rfc7515_ec), &e) == 0, "RFC 7515 A.3 key imports");
    ok(jws_verify(&j, rfc7515_jws, &k, JOSE_ALGS_VERIFY, &e) == 0, "RFC 7515 A.3 ES256 JWS verifies");
    is_str(jwt_get_string(j.payload, "iss"), "joe", "A.3 payload iss");
    jws_clear(&j);
    char *bad = strdup(rfc7515_jws);
    bad[strlen(bad) - 2] ^= 1;
    ok(jws_verify(&j, bad, &k, JOSE_ALGS_VERIFY, &e) < 0, "tampered A.3 signature rejected (%s)", e.msg);
    free(bad);
    ok(jws_verify(&j, rfc7515_jws, &k, JOSE_ALG_BIT(JOSE_ALG_PS256), &e) < 0,
       "A.3 rejected when ES256 is not allowed");
    jwk_clear(&k);
}

static void test_keys(void)
{
    struct error e;
    struct jwk k, pub;
    char *s;
    cJSON *o;

    ok(jwk_generate(&ec_key, JOSE_ALG_ES256, 0, &e) == 0, "generate ES256 key");
    ok(ec_key.has_private && strlen(ec_key.kid) == 43, "ES256 key has private part and thumbprint kid");
    ok(jwk_generate(&rsa_key, JOSE_ALG_PS256, 3072, &e) == 0, "generate PS256 3072 key");
    is_int(EVP_PKEY_get_bits(rsa_key.pkey), 3072, "RSA key is 3072 bits");
    jwk_init(&k);
    ok(jwk_generate(&k, JOSE_ALG_PS256, 2048, &e) < 0, "RSA 2048 generation refused");
    ok(jwk_generate(&k, JOSE_ALG_RS256, 0, &e) < 0, "RS256 key generation refused");

    /* Private JWK round trip with alg and kid. */
    for (int r = 0; r < 2; r++) {
        struct jwk *src = r ? &rsa_key : &ec_key;
        const char *name = r ? "RSA" : "EC";
        s = jwk_to_string(src, JWK_EXPORT_PRIVATE | JWK_EXPORT_META, &e);
        ok(s && strstr(s, "\"d\":") && strstr(s, "\"alg\":") && strstr(s, "\"kid\":"),
           "%s private JWK has d, alg, kid", name);
        jwk_init(&k);
        ok(jwk_parse(&k, s, strlen(s), &e) == 0 && k.has_private, "%s private JWK re-imports", name);
        is_str(k.kid, src->kid, "%s kid survives", name);
        is_int(k.alg, src->alg, "%s alg survives", name);
        ok(EVP_PKEY_eq(k.pkey, src->pkey) == 1, "%s key equal after round trip", name);
        jwk_clear(&k);
        secret_free_str(s);
        s = jwk_to_string(src, JWK_EXPORT_META, &e);
        ok(s && !strstr(s, "\"d\"") && !strstr(s, "\"p\"") && !strstr(s, "\"q\"") && !strstr(s, "\"dp\""),
           "%s public JWK has no private members", name);
        jwk_init(&pub);
        ok(jwk_parse(&pub, s, strlen(s), &e) == 0 && !pub.has_private, "%s public JWK imports", name);
        free(s);
        jwk_clear(&pub);
    }
    o = jwk_to_json(&ec_key, 0, &e);
    ok(o && cJSON_GetArraySize(o) == 4 && !cJSON_GetObjectItem(o, "kid"), "public export without meta: kty, crv, x, y");
    cJSON_Delete(o);

    /* Validation failures. */
    static const char *const bad[] = {
        "{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"AA\",\"y\":\"AA\"}",
        "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVE\",\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}",
        "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a1\"}",
        "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\",\"alg\":\"PS256\"}",
        "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\",\"alg\":\"HS256\"}",
        "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\",\"d\":\"jpsQnnGQmL-YBIffH1136cLnT8EgfH3cTzP9kGkoFtM\"}",
        "{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}",
        "{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}",
        "{\"kty\":\"RSA\",\"e\":\"AQAB\"}",
        "[1,2]",
        "{\"crv\":\"P-256\"}",
        "not json",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        jwk_init(&k);
        ok(jwk_parse(&k, bad[i], strlen(bad[i]), &e) < 0 && k.pkey == NULL, "bad JWK %zu rejected (%s)", i, e.msg);
    }
    /* A private JWK whose d belongs to a different key. */
    cJSON *a = jwk_to_json(&ec_key, JWK_EXPORT_PRIVATE, &e);
    struct jwk other;
    jwk_init(&other);
    jwk_generate(&other, JOSE_ALG_ES256, 0, &e);
    o = jwk_to_json(&other, JWK_EXPORT_PRIVATE, &e);
    cJSON_ReplaceItemInObject(a, "d", cJSON_Duplicate(cJSON_GetObjectItem(o, "d"), 1));
    ok(jwk_from_json(&k, a, &e) < 0, "EC private key not matching its public key rejected (%s)", e.msg);
    jwk_json_free_secret(a);
    jwk_json_free_secret(o);
    jwk_clear(&other);
    /* RSA with a partial private key. */
    a = jwk_to_json(&rsa_key, JWK_EXPORT_PRIVATE, &e);
    cJSON_AddItemToObject(a, "oth", cJSON_CreateArray());
    ok(jwk_from_json(&k, a, &e) < 0, "multi-prime RSA key rejected");
    cJSON_DeleteItemFromObject(a, "oth");
    ok(jwk_from_json(&k, a, &e) == 0 && k.has_private, "same RSA private JWK without oth accepted");
    jwk_clear(&k);
    cJSON_DeleteItemFromObject(a, "qi");
    ok(jwk_from_json(&k, a, &e) < 0, "RSA private key missing qi rejected");
    jwk_json_free_secret(a);
}

/* A key file holds one JWK: anything after it means a damaged or concatenated file. */
static void test_jwk_trailing(void)
{
    struct error e;
    struct jwk k;
    char text[1024];

    jwk_init(&k);
    snprintf(text, sizeof text, "%s \n", rfc7515_ec);
    ok(jwk_parse(&k, text, strlen(text), &e) == 0, "JWK with trailing white space accepted");
    snprintf(text, sizeof text, "%s%s", rfc7515_ec, rfc7515_ec);
    ok(jwk_parse(&k, text, strlen(text), &e) < 0, "two JWKs in one text rejected");
    snprintf(text, sizeof text, "%sx", rfc7515_ec);
    ok(jwk_parse(&k, text, strlen(text), &e) < 0, "JWK with trailing bytes rejected");
    memset(text, 0, sizeof text);
    snprintf(text, sizeof text, "%s", rfc7515_ec);
    ok(jwk_parse(&k, text, strlen(text) + 4, &e) < 0, "JWK followed by NUL bytes rejected");
    jwk_clear(&k);
}

static void test_jwks(void)
{
    struct error e;
    struct jwk k, a, b;
    char *pa, *pb, *text;
    cJSON *jwks;

    jwk_init(&k);
    jwk_init(&a);
    jwk_init(&b);
    ok(jwk_public_copy(&a, &ec_key, &e) == 0 && !a.has_private && EVP_PKEY_eq(a.pkey, ec_key.pkey) == 1,
       "public copy keeps the key without the private part");
    is_str(a.kid, ec_key.kid, "public copy keeps kid");
    ok(jwk_public_copy(&b, &rsa_key, &e) == 0, "RSA public copy");
    pa = jwk_to_string(&a, JWK_EXPORT_META, &e);
    pb = jwk_to_string(&b, JWK_EXPORT_META, &e);
    ok(asprintf(&text, "{\"keys\":[{\"kty\":\"oct\",\"k\":\"AA\"},%s,%s,"
                "{\"kty\":\"EC\",\"use\":\"enc\",\"kid\":\"%s\"}]}", pa, pb, a.kid) > 0, "JWKS built");
    jwks = cJSON_Parse(text);
    ok(jwks_find(&k, jwks, b.kid, &e) == 0 && EVP_PKEY_eq(k.pkey, rsa_key.pkey) == 1, "JWKS: RSA key found by kid");
    ok(jwks_find(&k, jwks, a.kid, &e) == 0 && EVP_PKEY_eq(k.pkey, ec_key.pkey) == 1,
       "JWKS: EC key found by kid, the enc key skipped");
    ok(jwks_find(&k, jwks, "nope", &e) < 0, "JWKS: unknown kid rejected");
    ok(jwks_find(&k, jwks, "\x1b]0;x\x07", &e) < 0 && !strpbrk(e.msg, "\x1b\x07"),
       "JWKS: a kid from a token header is echoed without control characters");
    ok(jwks_find(&k, jwks, NULL, &e) < 0, "JWKS: no kid with two signing keys rejected");
    cJSON_Delete(jwks);
    jwks = cJSON_Parse("{\"keys\":{}}");
    ok(jwks_find(&k, jwks, NULL, &e) < 0, "JWKS without a keys array rejected");
    cJSON_Delete(jwks);
    free(text);
    free(pa);
    free(pb);
    jwk_clear(&k);
    jwk_clear(&a);
    jwk_clear(&b);
}

static void test_selvbetjening_import(void)
{
    struct error e;
    struct jwk k;
    cJSON *o = jwk_to_json(&rsa_key, JWK_EXPORT_PRIVATE, &e);
    char *plain = cJSON_PrintUnformatted(o), *enc = malloc(strlen(plain) * 3 + 1), *q = enc;

    for (const char *p = plain; *p; p++) {
        if (strchr("{}\":,", *p))
            q += sprintf(q, "%%%02X", (unsigned char)*p);
        else
            *q++ = *p;
    }
    *q = '\0';
    jwk_init(&k);
    ok(jwk_import_selvbetjening(&k, plain, &e) == 0, "portal privateJwk (plain) imports");
    is_int(k.alg, JOSE_ALG_PS256, "portal RSA key gets PS256");
    is_str(k.kid, rsa_key.kid, "portal key gets the thumbprint as kid");
    jwk_clear(&k);
    ok(jwk_import_selvbetjening(&k, enc, &e) == 0, "portal privateJwk (URL-encoded) imports");
    ok(k.pkey && EVP_PKEY_eq(k.pkey, rsa_key.pkey) == 1, "URL-encoded import gives the same key");
    jwk_clear(&k);
    char *pub = jwk_to_string(&rsa_key, 0, &e);
    ok(jwk_import_selvbetjening(&k, pub, &e) < 0, "portal import refuses a public-only key");
    ok(jwk_import_selvbetjening(&k, "", &e) < 0, "portal import refuses empty text");
    free(pub);
    secret_free_str(plain);
    secret_free_str(enc);
    jwk_json_free_secret(o);
}

static void test_der_raw(void)
{
    unsigned char raw[64], back[64], *der;
    size_t derlen;
    int good = 1;

    for (int i = 0; i < 200; i++) {
        rand_bytes(raw, sizeof raw, NULL);
        raw[0] &= 0x7f;   /* stay below the group order-ish; any value works for DER */
        if (i % 4 == 1)
            memset(raw, 0, 20);        /* short r */
        if (i % 4 == 2)
            memset(raw + 32, 0, 31);   /* tiny s */
        if (i % 4 == 3)
            raw[0] = raw[32] = 0xff;   /* high bit: DER needs a leading zero */
        if (jws_ecdsa_raw_to_der(raw, &der, &derlen) < 0 || jws_ecdsa_der_to_raw(der, derlen, back) < 0
            || memcmp(raw, back, 64) != 0)
            good = 0;
        OPENSSL_free(der);
    }
    ok(good, "ES256 raw -> DER -> raw round trips (fixed width)");
    static const unsigned char junk[] = { 0x30, 0x03, 0x02, 0x01 };
    ok(jws_ecdsa_der_to_raw(junk, sizeof junk, back) < 0, "truncated DER rejected");
}

static void test_sign_verify(void)
{
    struct error e;
    struct jws j;
    cJSON *hdr = cJSON_CreateObject(), *pl = cJSON_CreateObject();
    char *t;

    cJSON_AddStringToObject(hdr, "typ", "JWT");
    cJSON_AddStringToObject(hdr, "alg", "none");   /* replaced by the key's alg */
    cJSON_AddStringToObject(pl, "sub", "x");
    for (int r = 0; r < 2; r++) {
        struct jwk *k = r ? &rsa_key : &ec_key;
        const char *name = r ? "PS256" : "ES256";
        jws_init(&j);
        t = jws_sign(k, hdr, pl, &e);
        ok(t != NULL, "%s sign", name);
        ok(jws_verify(&j, t, k, JOSE_ALGS_VERIFY, &e) == 0, "%s verify", name);
        is_str(jwt_get_string(j.header, "alg"), name, "%s header alg", name);
        is_str(jwt_get_string(j.payload, "sub"), "x", "%s payload", name);
        jws_clear(&j);
        /* Tampering: payload byte and signature byte. */
        char *bad = strdup(t);
        char *dot = strchr(bad, '.');
        dot[1] = dot[1] == 'e' ? 'f' : 'e';
        ok(jws_verify(&j, bad, k, JOSE_ALGS_VERIFY, &e) < 0, "%s tampered payload rejected", name);
        strcpy(bad, t);
        char *last = strrchr(bad, '.') + 5;
        *last = *last == 'A' ? 'B' : 'A';
        ok(jws_verify(&j, bad, k, JOSE_ALGS_VERIFY, &e) < 0, "%s tampered signature rejected", name);
        /* Wrong key. */
        ok(jws_verify(&j, t, r ? &ec_key : &rsa_key, JOSE_ALGS_VERIFY, &e) < 0,
           "%s with the other key type rejected (%s)", name, e.msg);
        free(bad);
        free(t);
    }
    /* RS256 signing is never allowed. */
    struct jwk rs = rsa_key;
    rs.alg = JOSE_ALG_RS256;
    ok(jws_sign(&rs, NULL, pl, &e) == NULL, "RS256 signing refused (%s)", e.msg);

    /* Crafted headers. */
    const char *sig = "AAAA";
    struct { const char *hdr; const char *why; } crafted[] = {
        { "{\"alg\":\"none\"}", "alg none" },
        { "{\"alg\":\"HS256\"}", "HS256 (confusion with an RSA public key as secret)" },
        { "{\"alg\":\"ES384\"}", "unknown alg" },
        { "{\"typ\":\"JWT\"}", "missing alg" },
        { "{\"alg\":\"PS256\",\"crit\":[\"exp\"],\"exp\":1}", "crit" },
        { "{\"alg\":\"PS256\",\"alg\":\"none\"}", "duplicate alg" },
        { "{\"alg\":5}", "alg not a string" },
    };
    for (size_t i = 0; i < sizeof crafted / sizeof *crafted; i++) {
        t = forge(crafted[i].hdr, "{\"sub\":\"x\"}", sig);
        jws_init(&j);
        ok(jws_verify(&j, t, &rsa_key, JOSE_ALGS_VERIFY, &e) < 0, "rejected: %s (%s)", crafted[i].why, e.msg);
        /* The bad signature alone fails verify: the header must already fail parsing. */
        ok(jws_parse(&j, t, JOSE_ALGS_VERIFY, &e) < 0 && e.code != ERR_OK,
           "parse rejects the header: %s (%s)", crafted[i].why, e.msg);
        free(t);
    }
    /* Remote names in messages: printable ASCII only (no terminal escape sequences). */
    t = forge("{\"alg\":\"\\u001b[2J\\u001b[H\\u009b\"}", "{}", "AAAA");
    ok(jws_parse(&j, t, JOSE_ALGS_VERIFY, &e) < 0 && strstr(e.msg, "is not accepted") &&
       !strpbrk(e.msg, "\x1b\xc2\x9b"), "JWS alg with escapes: shown without them (%s)", e.msg);
    free(t);
    struct jwk hostile;
    jwk_init(&hostile);
    const char *hostile_jwk[] = {
        "{\"kty\":\"\\u001b]52;c;eA==\\u0007\"}",
        "{\"kty\":\"EC\",\"alg\":\"\\u001b[31m\\u00ff\"}",
    };
    for (size_t i = 0; i < 2; i++) {
        ok(jwk_parse(&hostile, hostile_jwk[i], strlen(hostile_jwk[i]), &e) < 0 &&
           strstr(e.msg, "unsupported") && !strpbrk(e.msg, "\x1b\x07\xc3"),
           "JWK %s with escapes: shown without them (%s)", i ? "alg" : "kty", e.msg);
    }
    /* alg none with empty signature. */
    t = forge("{\"alg\":\"none\"}", "{\"sub\":\"x\"}", "");
    ok(jws_verify(&j, t, &ec_key, JOSE_ALGS_VERIFY, &e) < 0, "alg none with empty signature rejected");
    free(t);
    /* ES256 header but verified with an RSA key: signature made by the EC key. */
    t = jws_sign(&ec_key, NULL, pl, &e);
    ok(jws_verify(&j, t, &rsa_key, JOSE_ALGS_VERIFY, &e) < 0, "ES256 header with an RSA key rejected");
    free(t);
    /* PS256 token with RS256 allowed only: rejected. */
    t = jws_sign(&rsa_key, NULL, pl, &e);
    ok(jws_verify(&j, t, &rsa_key, JOSE_ALG_BIT(JOSE_ALG_RS256), &e) < 0, "alg outside allowed set rejected");
    /* Structure. */
    ok(jws_verify(&j, "a.b", &rsa_key, JOSE_ALGS_VERIFY, &e) < 0, "two parts rejected");
    ok(jws_verify(&j, "a.b.c.d", &rsa_key, JOSE_ALGS_VERIFY, &e) < 0, "four parts rejected");
    char *huge = malloc(JWS_MAX_SIZE + 10);
    memset(huge, 'A', JWS_MAX_SIZE + 9);
    huge[JWS_MAX_SIZE + 9] = '\0';
    huge[10] = huge[20] = '.';
    ok(jws_verify(&j, huge, &rsa_key, JOSE_ALGS_VERIFY, &e) < 0, "oversized JWS rejected");
    free(huge);
    free(t);
    /* Bytes after the JSON object: another reader would see a different document. */
    const char *trailing[] = { "{\"alg\":\"ES256\"}x", "{\"alg\":\"ES256\"} {}", "{\"alg\":\"ES256\"}]" };
    for (size_t i = 0; i < sizeof trailing / sizeof *trailing; i++) {
        t = forge(trailing[i], "{\"sub\":\"x\"}", "AAAA");
        ok(jws_parse(&j, t, JOSE_ALGS_VERIFY, &e) < 0, "header with trailing bytes rejected (%s)",
           trailing[i]);
        free(t);
    }
    static const char nul_hdr[] = "{\"alg\":\"ES256\"}\0junk";
    char *h64 = b64url_encode(nul_hdr, sizeof nul_hdr - 1), *p64 = b64json("{}");
    t = malloc(strlen(h64) + strlen(p64) + 8);
    sprintf(t, "%s.%s.AAAA", h64, p64);
    ok(jws_parse(&j, t, JOSE_ALGS_VERIFY, &e) < 0, "header with a NUL and bytes after it rejected");
    free(h64);
    free(p64);
    free(t);
    t = forge("{\"alg\":\"ES256\"}", "{\"sub\":\"x\"}garbage", "AAAA");
    ok(jws_parse(&j, t, JOSE_ALGS_VERIFY, &e) < 0, "payload with trailing bytes rejected");
    free(t);
    t = forge("{\"alg\":\"ES256\"} \r\n", "{\"sub\":\"x\"}\n", "AAAA");
    ok(jws_parse(&j, t, JOSE_ALGS_VERIFY, &e) == 0, "trailing white space is still JSON");
    jws_clear(&j);
    free(t);
    t = forge("{\"alg\":\"ES256\"}", "[1]", "AAAA");
    ok(jws_verify(&j, t, &ec_key, JOSE_ALGS_VERIFY, &e) < 0, "non-object payload rejected");
    free(t);
    cJSON_Delete(hdr);
    cJSON_Delete(pl);
}

static void test_jwt(void)
{
    struct error e;
    cJSON *c = cJSON_CreateObject();
    struct jwt_expect x = { .iss = "https://helseid-sts.test.nhn.no", .aud = "nhn:selvbetjening",
                            .now = NOW, .leeway = 60, .require_exp = true, .require_iat = true };

    jwt_set_string(c, "iss", "https://helseid-sts.test.nhn.no");
    jwt_set_string(c, "aud", "nhn:selvbetjening");
    jwt_set_date(c, "iat", NOW - 10);
    jwt_set_date(c, "exp", NOW + 300);
    ok(jwt_validate(c, &x, &e) == 0, "valid claims accepted");
    cJSON *arr = cJSON_CreateArray();
    cJSON_AddItemToArray(arr, cJSON_CreateString("other"));
    cJSON_AddItemToArray(arr, cJSON_CreateString("nhn:selvbetjening"));
    cJSON_ReplaceItemInObject(c, "aud", arr);
    ok(jwt_validate(c, &x, &e) == 0, "aud as array accepted");
    x.aud = "nope";
    ok(jwt_validate(c, &x, &e) < 0, "wrong aud rejected");
    x.aud = "nhn:selvbetjening";
    x.iss = "https://evil";
    ok(jwt_validate(c, &x, &e) < 0, "wrong iss rejected");
    x.iss = NULL;
    jwt_set_date(c, "exp", NOW - 61);
    ok(jwt_validate(c, &x, &e) < 0, "expired beyond leeway rejected (%s)", e.msg);
    jwt_set_date(c, "exp", NOW - 30);
    ok(jwt_validate(c, &x, &e) == 0, "expired within leeway accepted");
    jwt_set_date(c, "exp", NOW + 300);
    jwt_set_date(c, "iat", NOW + 120);
    ok(jwt_validate(c, &x, &e) < 0, "future iat rejected (%s)", e.msg);
    jwt_set_date(c, "iat", NOW);
    jwt_set_date(c, "nbf", NOW + 120);
    ok(jwt_validate(c, &x, &e) < 0, "future nbf rejected");
    cJSON_DeleteItemFromObject(c, "nbf");
    jwt_set_string(c, "exp", "tomorrow");
    ok(jwt_validate(c, &x, &e) < 0, "string exp rejected");
    cJSON_DeleteItemFromObject(c, "exp");
    ok(jwt_validate(c, &x, &e) < 0, "missing exp rejected when required");
    cJSON_Delete(c);
}

static void test_client_assertion(void)
{
    struct error e;
    struct jws j;
    struct client_assertion_params p = { .client_id = "a1b2c3d4-0000-4000-8000-000000000001",
                                         .audience = "https://helseid-sts.test.nhn.no", .now = NOW };
    cJSON *details = client_assertion_subunit_details("999999999");
    char *a1, *a2;
    int64_t iat = 0, nbf = 0, exp = 0;

    a1 = client_assertion_create(&ec_key, &p, &e);
    a2 = client_assertion_create(&ec_key, &p, &e);
    jws_init(&j);
    ok(a1 && jws_verify(&j, a1, &ec_key, JOSE_ALGS_SIGN, &e) == 0, "client assertion verifies");
    is_str(jwt_get_string(j.header, "typ"), "client-authentication+jwt", "assertion typ");
    is_str(jwt_get_string(j.header, "kid"), ec_key.kid, "assertion kid");
    is_str(jwt_get_string(j.header, "alg"), "ES256", "assertion alg");
    is_str(jwt_get_string(j.payload, "iss"), p.client_id, "assertion iss");
    is_str(jwt_get_string(j.payload, "sub"), p.client_id, "assertion sub");
    is_str(jwt_get_string(j.payload, "aud"), p.audience, "assertion aud");
    jwt_get_date(j.payload, "iat", &iat, NULL);
    jwt_get_date(j.payload, "nbf", &nbf, NULL);
    jwt_get_date(j.payload, "exp", &exp, NULL);
    ok(iat == NOW && nbf == NOW && exp == NOW + 60, "iat = nbf = now, exp = now + 60");
    const char *jti1 = jwt_get_string(j.payload, "jti");
    ok(jti1 && strlen(jti1) == 22, "jti is 128 bits base64url");
    ok(!cJSON_GetObjectItem(j.payload, "assertion_details"), "no assertion_details by default");
    struct jws j2;
    jws_init(&j2);
    jws_verify(&j2, a2, &ec_key, JOSE_ALGS_SIGN, &e);
    ok(jti1 && jwt_get_string(j2.payload, "jti") && strcmp(jti1, jwt_get_string(j2.payload, "jti")) != 0,
       "jti fresh every call");
    jws_clear(&j);
    jws_clear(&j2);
    free(a1);
    free(a2);

    p.assertion_details = details;
    p.lifetime = 30;
    a1 = client_assertion_create(&rsa_key, &p, &e);
    ok(a1 && jws_verify(&j, a1, &rsa_key, JOSE_ALGS_SIGN, &e) == 0, "PS256 assertion with details verifies");
    is_str(jwt_get_string(j.header, "alg"), "PS256", "assertion alg PS256");
    cJSON *d = cJSON_GetArrayItem(cJSON_GetObjectItem(j.payload, "assertion_details"), 0);
    cJSON *id = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(d, "practitioner_role"), "organization"), "identifier");
    is_str(jwt_get_string(d, "type"), "helseid_authorization", "details type");
    is_str(jwt_get_string(id, "system"), "urn:oid:2.16.578.1.12.4.1.4.101", "details system");
    is_str(jwt_get_string(id, "type"), "ENH", "details identifier type");
    is_str(jwt_get_string(id, "value"), "999999999", "details child orgnr");
    jwt_get_date(j.payload, "exp", &exp, NULL);
    is_int(exp, NOW + 30, "custom lifetime");
    jws_clear(&j);
    free(a1);
    p.lifetime = 61;
    ok(client_assertion_create(&ec_key, &p, &e) == NULL, "lifetime over 60 s refused");
    p.lifetime = 0;
    struct jwk rs = rsa_key;
    rs.alg = JOSE_ALG_RS256;
    ok(client_assertion_create(&rs, &p, &e) == NULL, "RS256 assertion refused");
    cJSON_Delete(details);
}

static void test_dpop(void)
{
    struct error e;
    struct jws j;
    enum dpop_verdict verdict;
    struct dpop_verified v;
    struct dpop_replay replay;
    char *s, *proof, tp[JWK_THUMBPRINT_SIZE];

    static const struct { const char *in, *out; } norm[] = {
        { "https://Server.Example.COM:443/token?x=1#frag", "https://server.example.com/token" },
        { "HTTP://example.com:80", "http://example.com/" },
        { "http://example.com:8080/a/B", "http://example.com:8080/a/B" },
        { "https://[::1]:443/x", "https://[::1]/x" },
        { "https://h:/p", "https://h/p" },
        { "https://h/a/./b/../c", "https://h/a/c" },
        { "https://h/a/b/..", "https://h/a/" },
        { "https://h/../../x", "https://h/x" },
        { "https://h/%7euser/%2f%41", "https://h/~user/%2FA" },
    };
    for (size_t i = 0; i < sizeof norm / sizeof *norm; i++) {
        s = dpop_htu_normalize(norm[i].in, &e);
        is_str(s, norm[i].out, "htu normalise %s", norm[i].in);
        free(s);
    }
    static const char *const badurl[] = { "ftp://x/", "https://", "https://u@h/", "https://h:99999/",
                                          "https://h:8a/", "no-scheme", "https://h/%zz", "https://h/%4" };
    for (size_t i = 0; i < sizeof badurl / sizeof *badurl; i++)
        ok(dpop_htu_normalize(badurl[i], &e) == NULL, "htu rejected: %s", badurl[i]);

    struct dpop_params p = { .htm = "POST", .htu = "https://HelseID-STS.test.nhn.no/connect/token?a=b",
                             .nonce = "n-0S6_WzA2Mj", .access_token = "Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU",
                             .now = NOW };
    for (int r = 0; r < 2; r++) {
        struct jwk *k = r ? &rsa_key : &ec_key;
        const char *name = r ? "PS256" : "ES256";
        proof = dpop_proof_create(k, &p, &e);
        jws_init(&j);
        ok(proof && jws_parse(&j, proof, JOSE_ALGS_SIGN, &e) == 0, "%s proof parses", name);
        is_str(jwt_get_string(j.header, "typ"), "dpop+jwt", "%s typ", name);
        is_str(jwt_get_string(j.header, "alg"), name, "%s alg", name);
        cJSON *jwk = cJSON_GetObjectItem(j.header, "jwk");
        static const char *const priv[] = { "d", "p", "q", "dp", "dq", "qi" };
        int clean = jwk != NULL;
        for (size_t i = 0; i < 6; i++)
            clean &= cJSON_GetObjectItem(jwk, priv[i]) == NULL;
        ok(clean, "%s header jwk has no private members", name);
        ok(!strstr(proof, "\"d\""), "%s proof text has no d", name);
        is_str(jwt_get_string(j.payload, "htm"), "POST", "%s htm", name);
        is_str(jwt_get_string(j.payload, "htu"), "https://helseid-sts.test.nhn.no/connect/token", "%s htu", name);
        is_str(jwt_get_string(j.payload, "nonce"), "n-0S6_WzA2Mj", "%s nonce", name);
        is_str(jwt_get_string(j.payload, "ath"), "fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo", "%s ath", name);
        ok(jwt_get_string(j.payload, "jti") != NULL, "%s jti", name);
        jws_clear(&j);

        struct dpop_verify_params vp = { .htm = "POST", .htu = "https://helseid-sts.test.nhn.no:443/connect/token",
                                         .now = NOW + 5, .nonce = p.nonce, .access_token = p.access_token };
        dpop_replay_init(&replay, 0);
        vp.replay = &replay;
        ok(dpop_proof_verify(proof, &vp, &v, &verdict, &e) == 0 && verdict == DPOP_OK, "%s proof verifies", name);
        jwk_thumbprint(k, tp, NULL);
        is_str(v.jkt, tp, "%s jkt is the key thumbprint", name);
        ok(dpop_proof_verify(proof, &vp, &v, &verdict, &e) < 0 && verdict == DPOP_INVALID, "%s replay rejected (%s)", name, e.msg);
        dpop_replay_clear(&replay);
        vp.replay = NULL;
        vp.htm = "GET";
        ok(dpop_proof_verify(proof, &vp, &v, &verdict, &e) < 0, "%s wrong htm rejected", name);
        vp.htm = "POST";
        vp.htu = "https://helseid-sts.test.nhn.no/connect/par";
        ok(dpop_proof_verify(proof, &vp, &v, &verdict, &e) < 0, "%s wrong htu rejected", name);
        vp.htu = p.htu;
        vp.nonce = "other";
        ok(dpop_proof_verify(proof, &vp, &v, &verdict, &e) < 0 && verdict == DPOP_NEED_NONCE, "%s stale nonce -> use_dpop_nonce", name);
        vp.nonce = p.nonce;
        vp.access_token = "another-token";
        ok(dpop_proof_verify(proof, &vp, &v, &verdict, &e) < 0 && verdict == DPOP_INVALID, "%s wrong ath rejected", name);
        vp.access_token = NULL;
        vp.now = NOW + 1000;
        ok(dpop_proof_verify(proof, &vp, &v, &verdict, &e) < 0, "%s old iat rejected", name);
        vp.now = NOW - 1000;
        ok(dpop_proof_verify(proof, &vp, &v, &verdict, &e) < 0, "%s future iat rejected", name);
        vp.now = NOW;
        vp.allowed_algs = r ? JOSE_ALG_BIT(JOSE_ALG_ES256) : JOSE_ALG_BIT(JOSE_ALG_PS256);
        ok(dpop_proof_verify(proof, &vp, &v, &verdict, &e) < 0, "%s alg not allowed rejected", name);
        vp.allowed_algs = 0;
        char *bad = strdup(proof);
        char *last = strrchr(bad, '.') + 3;
        *last = *last == 'A' ? 'B' : 'A';
        ok(dpop_proof_verify(bad, &vp, &v, &verdict, &e) < 0, "%s tampered proof rejected", name);
        free(bad);
        free(proof);
    }
    /* Missing nonce when the server requires one. */
    p.nonce = NULL;
    proof = dpop_proof_create(&ec_key, &p, &e);
    struct dpop_verify_params vp = { .htm = "POST", .htu = p.htu, .now = NOW, .nonce = "required" };
    ok(dpop_proof_verify(proof, &vp, &v, &verdict, &e) < 0 && verdict == DPOP_NEED_NONCE, "missing nonce -> use_dpop_nonce");
    free(proof);

    /* Hand-made proofs: private jwk, wrong typ. */
    char *pubjwk = jwk_to_string(&ec_key, 0, &e), *privjwk = jwk_to_string(&ec_key, JWK_EXPORT_PRIVATE, &e);
    cJSON *claims = cJSON_CreateObject();
    jwt_set_string(claims, "jti", "x1");
    jwt_set_string(claims, "htm", "POST");
    jwt_set_string(claims, "htu", "https://helseid-sts.test.nhn.no/connect/token");
    jwt_set_date(claims, "iat", NOW);
    struct { const char *typ; const char *jwk; const char *why; } cases[] = {
        { "dpop+jwt", privjwk, "private jwk in header" },
        { "JWT", pubjwk, "wrong typ" },
        { "dpop+jwt", NULL, "no jwk" },
    };
    vp.nonce = NULL;
    for (size_t i = 0; i < 3; i++) {
        cJSON *h = cJSON_CreateObject();
        cJSON_AddStringToObject(h, "typ", cases[i].typ);
        if (cases[i].jwk)
            cJSON_AddItemToObject(h, "jwk", cJSON_Parse(cases[i].jwk));
        proof = jws_sign(&ec_key, h, claims, &e);
        ok(dpop_proof_verify(proof, &vp, &v, &verdict, &e) < 0, "hand-made proof rejected: %s (%s)", cases[i].why, e.msg);
        if (i == 0) {
            /* Same claims with the public jwk verify, so the rejection above is the jwk's. */
            cJSON_ReplaceItemInObject(h, "jwk", cJSON_Parse(pubjwk));
            free(proof);
            proof = jws_sign(&ec_key, h, claims, &e);
            ok(dpop_proof_verify(proof, &vp, &v, &verdict, &e) == 0, "same proof with public jwk verifies");
        }
        free(proof);
        cJSON_Delete(h);
    }
    /* Signed by another key than the embedded jwk. */
    cJSON *h = cJSON_CreateObject();
    cJSON_AddStringToObject(h, "typ", "dpop+jwt");
    cJSON_AddItemToObject(h, "jwk", cJSON_Parse(pubjwk));
    struct jwk other;
    jwk_init(&other);
    jwk_generate(&other, JOSE_ALG_ES256, 0, &e);
    proof = jws_sign(&other, h, claims, &e);
    ok(dpop_proof_verify(proof, &vp, &v, &verdict, &e) < 0, "proof signed by a key other than its jwk rejected");
    free(proof);
    jwk_clear(&other);
    cJSON_Delete(h);
    cJSON_Delete(claims);
    free(pubjwk);
    secret_free_str(privjwk);
}

static void test_pkce_random(void)
{
    struct pkce a, b;
    struct error e;
    char ch[PKCE_CHALLENGE_SIZE], s1[OAUTH_RANDOM_SIZE], s2[OAUTH_RANDOM_SIZE];

    ok(pkce_generate(&a, &e) == 0 && pkce_generate(&b, &e) == 0, "PKCE generated");
    is_int(strlen(a.verifier), 43, "verifier is 43 characters");
    ok(strcmp(a.verifier, b.verifier) != 0, "verifiers differ");
    ok(pkce_challenge_s256(a.verifier, ch, &e) == 0 && strcmp(ch, a.challenge) == 0, "challenge matches verifier");
    ok(pkce_challenge_s256("short", ch, &e) < 0, "short verifier rejected");
    ok(pkce_challenge_s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjX+", ch, &e) < 0, "verifier with '+' rejected");
    char longv[130];
    memset(longv, 'a', 129);
    longv[129] = '\0';
    ok(pkce_challenge_s256(longv, ch, &e) < 0, "129-character verifier rejected");
    longv[128] = '\0';
    ok(pkce_challenge_s256(longv, ch, &e) == 0, "128-character verifier accepted");
    pkce_clear(&a);
    ok(a.verifier[0] == '\0', "pkce_clear wipes");
    pkce_clear(&b);
    ok(oauth_random_value(s1, &e) == 0 && oauth_random_value(s2, &e) == 0 && strlen(s1) == 43
       && strcmp(s1, s2) != 0, "state/nonce values are fresh 43-character strings");
    char *r = rand_b64url(16, &e);
    ok(r && strlen(r) == 22, "rand_b64url 16 bytes");
    free(r);
    ok(rand_b64url(0, &e) == NULL, "rand_b64url 0 refused");
}

int main(void)
{
    jwk_init(&ec_key);
    jwk_init(&rsa_key);
    test_b64url();
    test_rfc_vectors();
    test_keys();
    test_jwk_trailing();
    test_jwks();
    test_selvbetjening_import();
    test_der_raw();
    test_sign_verify();
    test_jwt();
    test_client_assertion();
    test_dpop();
    test_pkce_random();
    jwk_clear(&ec_key);
    jwk_clear(&rsa_key);
    return done_testing();
}
