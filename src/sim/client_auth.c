/* Client authentication at the token and PAR endpoints: private_key_jwt only
 * (RFC 7523 §3, RFC 7521 §4.2) with HelseID's rules: PS/ES algorithms only,
 * typ client-authentication+jwt, aud = the issuer or the token endpoint, short
 * lifetime, unique jti. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/jose.h"
#include "sim/sim.h"

#define ASSERTION_TYPE "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
#define ASSERTION_MAX_LIFETIME 60
#define SKEW 5
#define WHAT "client assertion"   /* names the JWT in the reasons */

static bool aud_value_ok(const char *aud, const char *issuer)
{
    char token[1024];

    snprintf(token, sizeof token, "%s/connect/token", issuer);
    return strcmp(aud, issuer) == 0 || strcmp(aud, token) == 0;
}

/* One audience, the issuer or the token endpoint (protocol-sources.md §8). */
static bool aud_ok(const cJSON *aud, const char *issuer)
{
    if (cJSON_IsString(aud))
        return aud_value_ok(aud->valuestring, issuer);
    return cJSON_IsArray(aud) && cJSON_GetArraySize(aud) == 1 &&
           cJSON_IsString(aud->child) && aud_value_ok(aud->child->valuestring, issuer);
}

static int verify_with_client_keys(const struct sim *sim, const cJSON *client, const struct sim_jws *jws,
                                   const char *alg, char *why, size_t why_len)
{
    const cJSON *keys = cJSON_GetObjectItemCaseSensitive(client, "keys");
    const char *kid = json_str(jws->header, "kid");
    const cJSON *k;
    bool kid_found = false;
    cJSON_ArrayForEach(k, keys) {
        const char *key_kid = json_str(k, "kid");
        const cJSON *exp = cJSON_GetObjectItemCaseSensitive(k, "expirationEpoch");
        EVP_PKEY *pkey;
        int rc;
        if (kid && (!key_kid || strcmp(kid, key_kid) != 0))
            continue;
        if (sim->hold_new_keys && json_str(k, "origin") &&
            strcmp(json_str(k, "origin"), "ClientSecretEndpoint") == 0)
            continue;       /* uploaded, but not in use at HelseID yet */
        kid_found = true;
        if (cJSON_IsNumber(exp) && (long)exp->valuedouble < sim_now())
            continue;
        pkey = sim_jwk_to_pkey(cJSON_GetObjectItemCaseSensitive(k, "jwk"), why, why_len);
        rc = pkey ? sim_jws_verify(jws, pkey, alg, why, why_len) : -1;
        EVP_PKEY_free(pkey);
        if (rc == 0)
            return 0;
    }
    if (kid && !kid_found)
        snprintf(why, why_len, "client assertion kid is not a key of this client");
    else
        snprintf(why, why_len, "client assertion signature does not verify with the client's keys");
    return -1;
}

/* PS or ES only: HelseID refuses RS* for client assertions. */
static int check_alg(const char *alg, char *why, size_t why_len)
{
    if (!alg || strncmp(alg, "RS", 2) == 0) {
        snprintf(why, why_len, "client assertions signed with RS256/RS384/RS512 are rejected; use PS256 or ES256");
        return -1;
    }
    if (!(strncmp(alg, "PS", 2) == 0 || strncmp(alg, "ES", 2) == 0) || !sim_alg_known(alg)) {
        snprintf(why, why_len, "client assertion alg must be PS256/PS384/PS512 or ES256/ES384/ES512");
        return -1;
    }
    return 0;
}

/* iss and sub both the client (the form's client_id too, when given); aud this issuer. */
static int check_parties(const struct sim *sim, const cJSON *claims, const char *form_client,
                         char *why, size_t why_len)
{
    const char *iss = json_str(claims, "iss"), *sub = json_str(claims, "sub");

    if (!iss || !sub || strcmp(iss, sub) != 0) {
        snprintf(why, why_len, "client assertion iss and sub must both be the client id");
        return -1;
    }
    if (form_client && strcmp(form_client, iss) != 0) {
        snprintf(why, why_len, "client_id does not match the client assertion");
        return -1;
    }
    if (!aud_ok(cJSON_GetObjectItemCaseSensitive(claims, "aud"), sim->issuer)) {
        snprintf(why, why_len, "client assertion aud must be the issuer %s or its token endpoint", sim->issuer);
        return -1;
    }
    return 0;
}

/* exp given and not past, nbf and iat not in the future, a lifetime of at most
 * ASSERTION_MAX_LIFETIME (SKEW seconds of clock skew allowed). *exp_out gets exp. */
static int check_lifetime(const cJSON *claims, double *exp_out, char *why, size_t why_len)
{
    const cJSON *exp = cJSON_GetObjectItemCaseSensitive(claims, "exp");
    const cJSON *nbf = cJSON_GetObjectItemCaseSensitive(claims, "nbf");
    const cJSON *iat = cJSON_GetObjectItemCaseSensitive(claims, "iat");
    long now = sim_now();

    if (!cJSON_IsNumber(exp)) {
        snprintf(why, why_len, "client assertion exp missing");
        return -1;
    }
    if ((long)exp->valuedouble <= now - SKEW) {
        snprintf(why, why_len, "client assertion expired");
        return -1;
    }
    if ((nbf && (!cJSON_IsNumber(nbf) || (long)nbf->valuedouble > now + SKEW)) ||
        (iat && (!cJSON_IsNumber(iat) || (long)iat->valuedouble > now + SKEW))) {
        snprintf(why, why_len, "client assertion not yet valid (nbf/iat in the future)");
        return -1;
    }
    if ((long)exp->valuedouble > now + ASSERTION_MAX_LIFETIME + SKEW ||
        (cJSON_IsNumber(iat) && exp->valuedouble - iat->valuedouble > ASSERTION_MAX_LIFETIME)) {
        snprintf(why, why_len, "client assertion lifetime exceeds %d seconds", ASSERTION_MAX_LIFETIME);
        return -1;
    }
    *exp_out = exp->valuedouble;
    return 0;
}

cJSON *client_authenticate(struct sim *sim, const struct sim_request *req,
                           const cJSON *form, cJSON **assertion_claims, char *why,
                           size_t why_len)
{
    const char *type = json_str(form, "client_assertion_type");
    const char *assertion = json_str(form, "client_assertion");
    const char *alg, *iss, *jti;
    struct sim_jws jws = { 0 };
    cJSON *client = NULL;
    double exp;
    char jti_key[300];

    if (json_str(form, "client_secret") || req_header(req, "Authorization")) {
        snprintf(why, why_len, "only private_key_jwt client authentication is allowed");
        return NULL;
    }
    if (!type || strcmp(type, ASSERTION_TYPE) != 0 || !assertion) {
        snprintf(why, why_len, "client_assertion_type must be jwt-bearer with a client_assertion");
        return NULL;
    }
    if (cJSON_GetObjectItemCaseSensitive(form, "__dup__client_assertion")) {
        snprintf(why, why_len, "client_assertion given more than once");
        return NULL;
    }
    if (sim_jws_parse(assertion, &jws, why, why_len) != 0)
        return NULL;
    alg = json_str(jws.header, "alg");
    iss = json_str(jws.claims, "iss");
    if (check_alg(alg, why, why_len) != 0 ||
        jwt_check_typ(&jws, WHAT, "client-authentication+jwt", why, why_len) != 0 ||
        check_parties(sim, jws.claims, json_str(form, "client_id"), why, why_len) != 0 ||
        check_lifetime(jws.claims, &exp, why, why_len) != 0)
        goto fail;
    jti = jwt_jti(&jws, WHAT, why, why_len);
    if (!jti)
        goto fail;
    if (cJSON_GetObjectItemCaseSensitive(jws.claims, "assertion_details") &&
        cJSON_GetObjectItemCaseSensitive(jws.claims, "authorization_details")) {
        snprintf(why, why_len, "assertion_details and authorization_details must not both be sent");
        goto fail;
    }
    client = store_client(sim, iss);
    if (!client || !client_active(sim, client)) {
        /* HelseID does not know a client until it is confirmed and propagated. */
        snprintf(why, why_len, "unknown client");
        client = NULL;
        goto fail;
    }
    if (verify_with_client_keys(sim, client, &jws, alg, why, why_len) != 0) {
        client = NULL;
        goto fail;
    }
    snprintf(jti_key, sizeof jti_key, "assertion:%s:%s", iss, jti);
    if (!jwt_jti_first_use(sim, jti_key, exp + SKEW + 1)) {
        snprintf(why, why_len, "client assertion jti already used");
        client = NULL;
        goto fail;
    }
    *assertion_claims = jws.claims;
    jws.claims = NULL;
fail:
    sim_jws_clear(&jws);
    return client;
}
