/* Access tokens: JWTs (RFC 9068 shape) signed ES256 with the simulator's key,
 * DPoP-bound through cnf.jkt (RFC 9449 §6). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/jose.h"
#include "sim/sim.h"

char *token_issue_access(struct sim *sim, const char *client_id, const char *subject,
                         const char *audience, const cJSON *scopes, const char *jkt,
                         const cJSON *extra, int lifetime)
{
    cJSON *claims = cJSON_CreateObject();
    long now = sim_now();
    char *jti = sim_random_id(16), *out = NULL;
    const cJSON *it;

    cJSON_AddStringToObject(claims, "iss", sim->issuer);
    cJSON_AddStringToObject(claims, "aud", audience);
    cJSON_AddStringToObject(claims, "client_id", client_id);
    cJSON_AddStringToObject(claims, "sub", subject ? subject : client_id);
    cJSON_AddNumberToObject(claims, "iat", (double)now);
    cJSON_AddNumberToObject(claims, "nbf", (double)now);
    cJSON_AddNumberToObject(claims, "exp", (double)(now + lifetime));
    cJSON_AddStringToObject(claims, "jti", jti ? jti : "x");
    cJSON_AddItemToObject(claims, "scope", cJSON_Duplicate(scopes, 1));
    if (jkt) {
        cJSON *cnf = cJSON_AddObjectToObject(claims, "cnf");
        cJSON_AddStringToObject(cnf, "jkt", jkt);
    }
    cJSON_ArrayForEach(it, extra)
        cJSON_AddItemToObject(claims, it->string, cJSON_Duplicate(it, 1));
    out = sim_jws_sign_es256(sim->sign_key, sim->sign_kid, "at+jwt", claims);
    cJSON_Delete(claims);
    free(jti);
    return out;
}

cJSON *token_verify_access(struct sim *sim, const char *token, char *why, size_t why_len)
{
    struct sim_jws jws;
    const char *kid, *typ, *iss;
    const cJSON *exp;
    cJSON *claims = NULL;

    if (sim_jws_parse(token, &jws, why, why_len) != 0)
        return NULL;
    kid = json_str(jws.header, "kid");
    typ = json_str(jws.header, "typ");
    iss = json_str(jws.claims, "iss");
    exp = cJSON_GetObjectItemCaseSensitive(jws.claims, "exp");
    if (!kid || strcmp(kid, sim->sign_kid) != 0 || !typ || strcmp(typ, "at+jwt") != 0) {
        snprintf(why, why_len, "token was not issued by this authority");
    } else if (sim_jws_verify(&jws, sim->sign_key, "ES256", why, why_len) != 0) {
        /* why filled */
    } else if (!iss || strcmp(iss, sim->issuer) != 0) {
        snprintf(why, why_len, "wrong issuer");
    } else if (!cJSON_IsNumber(exp) || (long)exp->valuedouble <= sim_now()) {
        snprintf(why, why_len, "token expired");
    } else {
        claims = jws.claims;
        jws.claims = NULL;
    }
    sim_jws_clear(&jws);
    return claims;
}
