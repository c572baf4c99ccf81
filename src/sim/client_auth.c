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

static const char *claim_str(const cJSON *claims, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(claims, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

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

static int verify_with_client_keys(const cJSON *client, const struct sim_jws *jws,
                                   const char *alg, char *why, size_t why_len)
{
    const cJSON *keys = cJSON_GetObjectItemCaseSensitive(client, "keys");
    const char *kid = claim_str(jws->header, "kid");
    const cJSON *k;
    bool kid_found = false;
    cJSON_ArrayForEach(k, keys) {
        const char *key_kid = claim_str(k, "kid");
        const cJSON *exp = cJSON_GetObjectItemCaseSensitive(k, "expirationEpoch");
        EVP_PKEY *pkey;
        int rc;
        if (kid && (!key_kid || strcmp(kid, key_kid) != 0))
            continue;
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

cJSON *client_authenticate(struct sim *sim, const struct sim_request *req,
                           const cJSON *form, cJSON **assertion_claims, char *why,
                           size_t why_len)
{
    const char *type = form_get(form, "client_assertion_type");
    const char *assertion = form_get(form, "client_assertion");
    const char *form_client = form_get(form, "client_id");
    const char *alg, *typ, *iss, *sub, *jti;
    const cJSON *exp, *nbf, *iat;
    struct sim_jws jws = { 0 };
    cJSON *client = NULL;
    long now = sim_now();
    char jti_key[300];

    if (form_get(form, "client_secret") || req_header(req, "Authorization")) {
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
    alg = claim_str(jws.header, "alg");
    typ = claim_str(jws.header, "typ");
    iss = claim_str(jws.claims, "iss");
    sub = claim_str(jws.claims, "sub");
    jti = claim_str(jws.claims, "jti");
    exp = cJSON_GetObjectItemCaseSensitive(jws.claims, "exp");
    nbf = cJSON_GetObjectItemCaseSensitive(jws.claims, "nbf");
    iat = cJSON_GetObjectItemCaseSensitive(jws.claims, "iat");

    if (!alg || strncmp(alg, "RS", 2) == 0) {
        snprintf(why, why_len, "client assertions signed with RS256/RS384/RS512 are rejected; use PS256 or ES256");
        goto fail;
    }
    if (!(strncmp(alg, "PS", 2) == 0 || strncmp(alg, "ES", 2) == 0) || !sim_alg_known(alg)) {
        snprintf(why, why_len, "client assertion alg must be PS256/PS384/PS512 or ES256/ES384/ES512");
        goto fail;
    }
    if (!typ || strcmp(typ, "client-authentication+jwt") != 0) {
        snprintf(why, why_len, "client assertion typ must be client-authentication+jwt");
        goto fail;
    }
    if (!iss || !sub || strcmp(iss, sub) != 0) {
        snprintf(why, why_len, "client assertion iss and sub must both be the client id");
        goto fail;
    }
    if (form_client && strcmp(form_client, iss) != 0) {
        snprintf(why, why_len, "client_id does not match the client assertion");
        goto fail;
    }
    if (!aud_ok(cJSON_GetObjectItemCaseSensitive(jws.claims, "aud"), sim->issuer)) {
        snprintf(why, why_len, "client assertion aud must be the issuer %s or its token endpoint", sim->issuer);
        goto fail;
    }
    if (!cJSON_IsNumber(exp)) {
        snprintf(why, why_len, "client assertion exp missing");
        goto fail;
    }
    if ((long)exp->valuedouble <= now - SKEW) {
        snprintf(why, why_len, "client assertion expired");
        goto fail;
    }
    if ((nbf && (!cJSON_IsNumber(nbf) || (long)nbf->valuedouble > now + SKEW)) ||
        (iat && (!cJSON_IsNumber(iat) || (long)iat->valuedouble > now + SKEW))) {
        snprintf(why, why_len, "client assertion not yet valid (nbf/iat in the future)");
        goto fail;
    }
    if ((long)exp->valuedouble > now + ASSERTION_MAX_LIFETIME + SKEW ||
        (cJSON_IsNumber(iat) && exp->valuedouble - iat->valuedouble > ASSERTION_MAX_LIFETIME)) {
        snprintf(why, why_len, "client assertion lifetime exceeds %d seconds", ASSERTION_MAX_LIFETIME);
        goto fail;
    }
    if (!jti || !*jti || strlen(jti) > 256) {
        snprintf(why, why_len, "client assertion jti missing");
        goto fail;
    }
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
    if (verify_with_client_keys(client, &jws, alg, why, why_len) != 0) {
        client = NULL;
        goto fail;
    }
    snprintf(jti_key, sizeof jti_key, "assertion:%s:%s", iss, jti);
    if (cJSON_GetObjectItemCaseSensitive(sim->jtis, jti_key)) {
        snprintf(why, why_len, "client assertion jti already used");
        client = NULL;
        goto fail;
    }
    cJSON_AddNumberToObject(sim->jtis, jti_key, exp->valuedouble + SKEW + 1);
    *assertion_claims = jws.claims;
    jws.claims = NULL;
fail:
    sim_jws_clear(&jws);
    return client;
}
