#include "config.h"
#include "jose/dpop.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "core/i18n.h"
#include "jose/b64url.h"
#include "jose/jws.h"
#include "jose/jwt.h"
#include "jose/rand.h"

#define JTI_BYTES 16
#define JTI_MAX 256
#define URL_MAX 8192
#define DEFAULT_WINDOW 300
#define DEFAULT_REPLAY_MAX 10000

struct dpop_replay_entry {
    char *jti;
    int64_t until;
};

/* RFC 3986 §6.2.2: upper-case percent-encoding hex, decode unreserved characters,
 * then remove dot segments (§5.2.4). Writes at most len + 1 bytes to out. */
/* ASCII only: URLs must not depend on the user's locale. */
static int ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static bool is_unreserved(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
           || c == '.' || c == '_' || c == '~';
}

static int hexv(int c)
{
    c = ascii_lower(c);
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static bool normalize_path(char *out, const char *path, size_t len)
{
    char *o = out, *tmp = malloc(len + 2);
    size_t n = 0;

    if (!tmp)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (path[i] == '%') {
            int h = i + 2 < len ? hexv((unsigned char)path[i + 1]) : -1;
            int l = h >= 0 ? hexv((unsigned char)path[i + 2]) : -1;
            if (l < 0) {
                free(tmp);
                return false;
            }
            int c = h << 4 | l;
            if (is_unreserved(c)) {
                tmp[n++] = (char)c;
            } else {
                n += (size_t)sprintf(tmp + n, "%%%02X", c);
            }
            i += 2;
        } else {
            tmp[n++] = path[i];
        }
    }
    tmp[n] = '\0';
    /* Dot segments: keep a stack of output segments in out itself. */
    const char *in = tmp;
    *o = '\0';
    while (*in) {
        if (strncmp(in, "/./", 3) == 0) {
            in += 2;
        } else if (strcmp(in, "/.") == 0) {
            in = "/";
        } else if (strncmp(in, "/../", 4) == 0 || strcmp(in, "/..") == 0) {
            in = in[3] ? in + 3 : "/";
            while (o > out && *--o != '/')
                ;
            *o = '\0';
        } else {
            const char *end = strchr(in + 1, '/');
            size_t seg = end ? (size_t)(end - in) : strlen(in);
            memcpy(o, in, seg);
            o += seg;
            *o = '\0';
            in += seg;
        }
    }
    free(tmp);
    return true;
}

char *dpop_htu_normalize(const char *url, struct error *e)
{
    const char *p, *auth, *auth_end, *host_end, *path, *path_end;
    size_t slen, hlen;
    char *out = NULL;
    bool https;
    int defport;

    if (!url || strnlen(url, URL_MAX + 1) > URL_MAX)
        goto bad;
    p = strstr(url, "://");
    if (!p)
        goto bad;
    slen = (size_t)(p - url);
    if (slen == 5 && strncasecmp(url, "https", 5) == 0)
        https = true;
    else if (slen == 4 && strncasecmp(url, "http", 4) == 0)
        https = false;
    else
        goto bad;
    defport = https ? 443 : 80;
    auth = p + 3;
    auth_end = auth + strcspn(auth, "/?#");
    if (auth_end == auth || memchr(auth, '@', (size_t)(auth_end - auth)))
        goto bad;
    /* Host ends at the port colon (an IPv6 literal is bracketed). */
    if (*auth == '[') {
        const char *rb = memchr(auth, ']', (size_t)(auth_end - auth));
        if (!rb)
            goto bad;
        host_end = rb + 1;
    } else {
        host_end = memchr(auth, ':', (size_t)(auth_end - auth));
        if (!host_end)
            host_end = auth_end;
    }
    hlen = (size_t)(host_end - auth);
    if (hlen == 0)
        goto bad;
    long port = defport;
    if (host_end < auth_end) {
        if (*host_end != ':')
            goto bad;
        const char *d = host_end + 1;
        if (d < auth_end) {
            port = 0;
            for (; d < auth_end; d++) {
                if (*d < '0' || *d > '9' || port > 65535)
                    goto bad;
                port = port * 10 + (*d - '0');
            }
            if (port == 0 || port > 65535)
                goto bad;
        }
    }
    path = auth_end;
    path_end = path + strcspn(path, "?#");
    /* "https://" + host + ":65535" + path + "/" + NUL */
    out = malloc(8 + hlen + 6 + (size_t)(path_end - path) + 2);
    if (!out) {
        error_nomem(e);
        return NULL;
    }
    char *o = out + sprintf(out, "%s://", https ? "https" : "http");
    for (size_t i = 0; i < hlen; i++)
        *o++ = (char)ascii_lower((unsigned char)auth[i]);
    if (port != defport)
        o += sprintf(o, ":%ld", port);
    if (path == path_end) {
        strcpy(o, "/");
    } else if (!normalize_path(o, path, (size_t)(path_end - path))) {
        free(out);
        goto bad;
    }
    return out;
bad:
    error_set(e, ERR_INVALID, _("invalid HTTP URL for DPoP"));
    return NULL;
}

int dpop_ath(const char *access_token, char out[DPOP_ATH_SIZE], struct error *e)
{
    unsigned char md[32];
    unsigned int mdlen = 0;

    if (!access_token || !EVP_Digest(access_token, strlen(access_token), md, &mdlen, EVP_sha256(), NULL)
        || mdlen != sizeof md)
        return error_set(e, ERR_CRYPTO, _("hashing failed"));
    b64url_encode_to(out, md, sizeof md);
    return 0;
}

char *dpop_proof_create(const struct jwk *key, const struct dpop_params *p, struct error *e)
{
    cJSON *jwk = NULL;
    char *jti = NULL, *htu = NULL, *out = NULL, ath[DPOP_ATH_SIZE];
    int64_t now = p->now ? p->now : jwt_now();

    if (!p->htm || !*p->htm || strspn(p->htm, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != strlen(p->htm)) {
        error_set(e, ERR_INVALID, _("invalid HTTP method for DPoP"));
        goto out;
    }
    if (!key || !key->pkey) {
        error_set(e, ERR_CRYPTO, _("signing needs a private key"));
        goto out;
    }
    if (!(htu = dpop_htu_normalize(p->htu, e)) || !(jti = rand_b64url(JTI_BYTES, e)))
        goto out;
    if (p->access_token && dpop_ath(p->access_token, ath, e) < 0)
        goto out;
    /* Public members only: never JWK_EXPORT_PRIVATE here. */
    if (!(jwk = jwk_to_json(key, 0, e)))
        goto out;

    const struct jwt_member header[] = { JWT_STRING("typ", DPOP_TYP), JWT_OBJECT("jwk", jwk) };
    const struct jwt_member claims[] = {
        JWT_STRING("jti", jti), JWT_STRING("htm", p->htm), JWT_STRING("htu", htu),
        JWT_DATE("iat", now), JWT_OPTIONAL("nonce", p->nonce),
        JWT_OPTIONAL("ath", p->access_token ? ath : NULL),
    };
    out = jwt_sign(key, header, sizeof header / sizeof *header, claims,
                   sizeof claims / sizeof *claims, e);
out:
    cJSON_Delete(jwk);
    free(jti);
    free(htu);
    return out;
}

/* ---- replay cache ---- */

void dpop_replay_init(struct dpop_replay *r, size_t max)
{
    memset(r, 0, sizeof *r);
    r->max = max ? max : DEFAULT_REPLAY_MAX;
}

void dpop_replay_clear(struct dpop_replay *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->v[i].jti);
    free(r->v);
    dpop_replay_init(r, r->max);
}

static void replay_expire(struct dpop_replay *r, int64_t now)
{
    size_t o = 0;

    for (size_t i = 0; i < r->n; i++) {
        if (r->v[i].until < now)
            free(r->v[i].jti);
        else
            r->v[o++] = r->v[i];
    }
    r->n = o;
}

int dpop_replay_check_add(struct dpop_replay *r, const char *jti, int64_t now, int64_t until,
                          struct error *e)
{
    replay_expire(r, now);
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->v[i].jti, jti) == 0)
            return error_set(e, ERR_INVALID, _("DPoP proof was already used"));
    if (r->n >= r->max)
        return error_set(e, ERR_INVALID, _("too many DPoP proofs to remember"));
    if (r->n == r->alloc) {
        size_t na = r->alloc ? r->alloc * 2 : 64;
        struct dpop_replay_entry *nv = realloc(r->v, na * sizeof *nv);
        if (!nv)
            return error_nomem(e);
        r->v = nv;
        r->alloc = na;
    }
    if (!(r->v[r->n].jti = strdup(jti)))
        return error_nomem(e);
    r->v[r->n++].until = until;
    return 0;
}

/* ---- verify ---- */

static const char *const private_members[] = { "d", "p", "q", "dp", "dq", "qi", "oth", "k" };

/* The proof's own public key from its header, after checking the header's typ. */
static const cJSON *proof_jwk(const cJSON *header, struct error *e)
{
    const char *typ = jwt_get_string(header, "typ");
    const cJSON *jwk = cJSON_GetObjectItemCaseSensitive(header, "jwk");

    if (!typ || strcmp(typ, DPOP_TYP) != 0) {
        error_set(e, ERR_INVALID, _("DPoP proof: wrong \"typ\""));
        return NULL;
    }
    if (!cJSON_IsObject(jwk)) {
        error_set(e, ERR_INVALID, _("DPoP proof: no \"jwk\" in the header"));
        return NULL;
    }
    for (size_t i = 0; i < sizeof private_members / sizeof *private_members; i++)
        if (cJSON_GetObjectItemCaseSensitive(jwk, private_members[i])) {
            error_set(e, ERR_INVALID, _("DPoP proof: the \"jwk\" contains a private key"));
            return NULL;
        }
    return jwk;
}

int dpop_proof_verify(const char *proof, const struct dpop_verify_params *p,
                      struct dpop_verified *out, enum dpop_verdict *verdict, struct error *e)
{
    struct jws j;
    struct jwk key;
    const cJSON *jwkj;
    const char *jti, *htm, *htu, *nonce, *ath;
    char *want_htu = NULL, *got_htu = NULL, want_ath[DPOP_ATH_SIZE];
    int64_t now = p->now ? p->now : jwt_now(), window = p->iat_window > 0 ? p->iat_window : DEFAULT_WINDOW;
    int64_t iat;
    struct dpop_verified v;
    int rc = -1;

    *verdict = DPOP_INVALID;
    jws_init(&j);
    jwk_init(&key);
    memset(&v, 0, sizeof v);
    if (jws_parse(&j, proof, p->allowed_algs ? p->allowed_algs : JOSE_ALGS_SIGN, e) < 0)
        goto out;
    if (!(jwkj = proof_jwk(j.header, e)))
        goto out;
    if (jwk_from_json(&key, jwkj, e) < 0 || jws_check_signature(&j, &key, e) < 0) {
        error_prefix(e, _("DPoP proof"));
        goto out;
    }
    jti = jwt_get_string(j.payload, "jti");
    htm = jwt_get_string(j.payload, "htm");
    htu = jwt_get_string(j.payload, "htu");
    if (!jti || !*jti || strlen(jti) > JTI_MAX || !htm || !htu) {
        error_set(e, ERR_INVALID, _("DPoP proof: \"jti\", \"htm\" or \"htu\" missing"));
        goto out;
    }
    if (!p->htm || strcmp(htm, p->htm) != 0) {
        error_set(e, ERR_INVALID, _("DPoP proof: \"htm\" does not match the request"));
        goto out;
    }
    if (!(want_htu = dpop_htu_normalize(p->htu, e)))
        goto out;
    got_htu = dpop_htu_normalize(htu, NULL);
    if (!got_htu || strcmp(got_htu, want_htu) != 0) {
        error_set(e, ERR_INVALID, _("DPoP proof: \"htu\" does not match the request"));
        goto out;
    }
    if (jwt_get_date(j.payload, "iat", &iat, e) != 0) {
        error_set(e, ERR_INVALID, _("DPoP proof: \"iat\" missing or invalid"));
        goto out;
    }
    if (iat > now + window || iat < now - window) {
        error_set(e, ERR_INVALID, _("DPoP proof: \"iat\" is outside the accepted window"));
        goto out;
    }
    if (p->access_token) {
        ath = jwt_get_string(j.payload, "ath");
        if (dpop_ath(p->access_token, want_ath, e) < 0)
            goto out;
        if (!ath || strcmp(ath, want_ath) != 0) {
            error_set(e, ERR_INVALID, _("DPoP proof: \"ath\" does not match the access token"));
            goto out;
        }
    }
    if (p->nonce) {
        nonce = jwt_get_string(j.payload, "nonce");
        if (!nonce || strcmp(nonce, p->nonce) != 0) {
            *verdict = DPOP_NEED_NONCE;
            error_set(e, ERR_INVALID, _("DPoP proof: nonce missing or stale"));
            goto out;
        }
    }
    if (jwk_thumbprint(&key, v.jkt, e) < 0)
        goto out;
    if (p->replay && dpop_replay_check_add(p->replay, jti, now, iat + window, e) < 0)
        goto out;
    v.iat = iat;
    *out = v;
    *verdict = DPOP_OK;
    rc = 0;
out:
    free(want_htu);
    free(got_htu);
    jwk_clear(&key);
    jws_clear(&j);
    return rc;
}
