/* DPoP proof verification, written from RFC 9449 §4.3 (and §7.1 for resource
 * requests), not from what our client sends. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/jose.h"
#include "sim/sim.h"

#define DPOP_IAT_PAST 60      /* seconds a proof stays acceptable */
#define DPOP_IAT_FUTURE 10    /* clock skew allowed ahead of us */
#define DPOP_NONCE_LIFETIME 300

char *dpop_new_nonce(cJSON *store)
{
    char *nonce = sim_random_id(24);
    if (nonce)
        cJSON_AddNumberToObject(store, nonce, (double)(sim_now() + DPOP_NONCE_LIFETIME));
    return nonce;
}

static enum MHD_Result count_dpop(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
    if (strcasecmp(key, "DPoP") == 0)
        (*(int *)cls)++;
    return MHD_YES;
}

/* RFC 3986 §6.2.2/6.2.3 normalisation enough for our URLs: lower-case scheme and
 * host, drop the default port, drop query and fragment. */
static char *normalise_uri(const char *uri)
{
    const char *p = strstr(uri, "://"), *host, *path;
    char *out, *o;
    size_t host_len;
    if (!p)
        return NULL;
    out = malloc(strlen(uri) + 1);
    if (!out)
        return NULL;
    o = out;
    for (const char *s = uri; s < p; s++)
        *o++ = (char)tolower((unsigned char)*s);
    o = stpcpy(o, "://");
    host = p + 3;
    path = host + strcspn(host, "/?#");
    host_len = (size_t)(path - host);
    for (size_t i = 0; i < host_len; i++)
        *o++ = (char)tolower((unsigned char)host[i]);
    *o = '\0';
    if (strncmp(out, "https://", 8) == 0 && host_len > 4 && strcmp(o - 4, ":443") == 0)
        o -= 4;
    if (strcspn(path, "?#") == 0) {
        *o++ = '/';
    } else {
        memcpy(o, path, strcspn(path, "?#"));
        o += strcspn(path, "?#");
    }
    *o = '\0';
    return out;
}

/* The proof names this request: htm its method, htu its URI (compared normalised). */
static int check_request(const struct sim_request *req, const cJSON *claims,
                         const char *expected_htu, char *why, size_t why_len)
{
    const char *htm = json_str(claims, "htm"), *htu = json_str(claims, "htu");
    char *got, *want;
    int rc = -1;

    if (!htm || strcmp(htm, req->method) != 0) {
        snprintf(why, why_len, "DPoP htm does not match the request method");
        return -1;
    }
    got = htu ? normalise_uri(htu) : NULL;
    want = normalise_uri(expected_htu);
    if (!got || !want || strcmp(got, want) != 0)
        snprintf(why, why_len, "DPoP htu does not match the request URI");
    else
        rc = 0;
    free(got);
    free(want);
    return rc;
}

/* At a resource (§7.1), ath is the hash of the access token the request carries. */
static int check_ath(const cJSON *claims, const char *access_token, char *why, size_t why_len)
{
    const char *ath = json_str(claims, "ath");
    char *hash = sim_sha256_b64url(access_token, strlen(access_token));
    int rc = 0;

    if (!ath || !hash || strcmp(ath, hash) != 0) {
        snprintf(why, why_len, "DPoP ath does not match the access token");
        rc = -1;
    }
    free(hash);
    return rc;
}

int dpop_check(struct sim *sim, const struct sim_request *req, const char *expected_htu,
               const char *access_token, const cJSON *nonce_store, char **jkt,
               const char **error, char *why, size_t why_len)
{
    const char *proof = req_header(req, "DPoP");
    struct sim_jws jws = { 0 };
    const char *alg, *jti, *nonce;
    const cJSON *jwk, *iat;
    EVP_PKEY *key = NULL;
    char *thumb, jti_key[300];
    long now = sim_now();
    int headers = 0, rc = -1;

    *error = "invalid_dpop_proof";
    MHD_get_connection_values(req->conn, MHD_HEADER_KIND, count_dpop, &headers);
    if (!proof || !*proof) {
        snprintf(why, why_len, "DPoP proof required");
        return -1;
    }
    if (headers != 1) {
        snprintf(why, why_len, "exactly one DPoP header is allowed");
        return -1;
    }
    if (sim_jws_parse(proof, &jws, why, why_len) != 0)
        return -1;
    if (jwt_check_typ(&jws, "DPoP", "dpop+jwt", why, why_len) != 0)
        goto out;
    alg = json_str(jws.header, "alg");
    if (!alg || !sim_alg_known(alg)) {
        snprintf(why, why_len, "DPoP alg must be an asymmetric JWS algorithm");
        goto out;
    }
    jwk = cJSON_GetObjectItemCaseSensitive(jws.header, "jwk");
    if (!cJSON_IsObject(jwk)) {
        snprintf(why, why_len, "DPoP header must carry the public jwk");
        goto out;
    }
    if (sim_jwk_has_private(jwk)) {
        snprintf(why, why_len, "DPoP jwk contains private key material");
        goto out;
    }
    key = sim_jwk_to_pkey(jwk, why, why_len);
    if (!key || sim_jws_verify(&jws, key, alg, why, why_len) != 0)
        goto out;
    jti = jwt_jti(&jws, "DPoP", why, why_len);
    if (!jti || check_request(req, jws.claims, expected_htu, why, why_len) != 0)
        goto out;
    iat = cJSON_GetObjectItemCaseSensitive(jws.claims, "iat");
    if (!cJSON_IsNumber(iat) || (long)iat->valuedouble < now - DPOP_IAT_PAST ||
        (long)iat->valuedouble > now + DPOP_IAT_FUTURE) {
        snprintf(why, why_len, "DPoP iat outside the acceptable window");
        goto out;
    }
    if (access_token && check_ath(jws.claims, access_token, why, why_len) != 0)
        goto out;
    nonce = json_str(jws.claims, "nonce");
    if (nonce_store && (!nonce || !cJSON_GetObjectItemCaseSensitive(nonce_store, nonce))) {
        *error = "use_dpop_nonce";
        snprintf(why, why_len, "%s requires a fresh nonce in the DPoP proof",
                 nonce_store == sim->nonces ? "authorization server" : "resource server");
        goto out;
    }
    snprintf(jti_key, sizeof jti_key, "dpop:%s", jti);
    if (!jwt_jti_first_use(sim, jti_key, (double)(now + DPOP_IAT_PAST + DPOP_IAT_FUTURE + 5))) {
        snprintf(why, why_len, "DPoP proof replayed (jti already used)");
        goto out;
    }
    thumb = sim_jwk_thumbprint(jwk);
    if (!thumb) {
        snprintf(why, why_len, "cannot compute the jwk thumbprint");
        goto out;
    }
    *jkt = thumb;
    rc = 0;
out:
    sim_jws_clear(&jws);
    EVP_PKEY_free(key);
    return rc;
}
