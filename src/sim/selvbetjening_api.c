/* The Selvbetjening client API: client drafts (api key), and the client's own
 * view and update of itself (DPoP-bound access token with ath). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/jose.h"
#include "sim/sim.h"

#define SB_AUDIENCE "nhn:selvbetjening"
#define SB_SCOPE "nhn:selvbetjening/client"
#define KEY_LIFETIME (365L * 86400)

static bool held(const struct sim *sim, const char *scope)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, sim->held)
        if (cJSON_IsString(it) && strcmp(it->valuestring, scope) == 0)
            return true;
    return false;
}

/* Scopes that need a legal basis (hjemmel) start pending until NHN approves; so do
 * those --hold names. */
static cJSON *new_scope(const struct sim *sim, const char *scope)
{
    cJSON *s = cJSON_CreateObject();
    cJSON_AddStringToObject(s, "scope", scope);
    if (held(sim, scope)) {
        cJSON_AddStringToObject(s, "status", "pending");
        cJSON_AddStringToObject(s, "statusReason", "Venter på godkjenning fra Norsk helsenett");
    } else if (strcmp(scope, "nhn:hgd-persontjenesten-api/full-access") == 0) {
        cJSON_AddStringToObject(s, "status", "pending");
        cJSON_AddStringToObject(s, "statusReason",
                                "Krever hjemmel: venter på godkjenning fra Norsk helsenett");
    } else {
        cJSON_AddStringToObject(s, "status", "ok");
        cJSON_AddNullToObject(s, "statusReason");
    }
    return s;
}

static bool loopback_http(const char *uri)
{
    static const char *const hosts[] = { "http://127.0.0.1", "http://localhost", "http://[::1]" };
    for (size_t i = 0; uri && i < 3; i++) {
        size_t n = strlen(hosts[i]);
        if (strncmp(uri, hosts[i], n) == 0 && (uri[n] == ':' || uri[n] == '/' || uri[n] == '\0'))
            return true;
    }
    return false;
}

static int validation(struct sim_reply *r, const char *property, const char *message)
{
    reply_validation(r, property, message);
    return -1;
}

static int check_string_array(struct sim_reply *r, const cJSON *doc, const char *name,
                              bool orgnrs)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(doc, name), *it;
    if (!a || cJSON_IsNull(a))
        return 0;
    if (!cJSON_IsArray(a))
        return validation(r, name, "must be an array of strings");
    cJSON_ArrayForEach(it, a) {
        if (!cJSON_IsString(it))
            return validation(r, name, "must be an array of strings");
        if (orgnrs && !orgnr_valid(it->valuestring))
            return validation(r, name, "each entry must be a valid organisation number (9 digits, mod 11)");
    }
    return 0;
}

/* Parse a public JWK given as a JSON string (or, for client-secret, an object). */
static cJSON *parse_public_jwk(struct sim_reply *r, const cJSON *v, const char *property)
{
    cJSON *jwk = NULL;
    EVP_PKEY *key;
    char why[200];
    if (cJSON_IsString(v))
        jwk = cJSON_Parse(v->valuestring);
    else if (cJSON_IsObject(v))
        jwk = cJSON_Duplicate(v, 1);
    if (!cJSON_IsObject(jwk)) {
        cJSON_Delete(jwk);
        validation(r, property, "must be a string holding a public JWK");
        return NULL;
    }
    if (sim_jwk_has_private(jwk)) {
        cJSON_Delete(jwk);
        validation(r, property, "must not contain private key material");
        return NULL;
    }
    key = sim_jwk_to_pkey(jwk, why, sizeof why);
    if (!key) {
        cJSON_Delete(jwk);
        validation(r, property, why);
        return NULL;
    }
    EVP_PKEY_free(key);
    return jwk;
}

static cJSON *key_entry(const cJSON *jwk, const char *origin)
{
    cJSON *k = cJSON_CreateObject();
    char *thumb = sim_jwk_thumbprint(jwk), iso[32];
    time_t exp = (time_t)(sim_now() + KEY_LIFETIME);
    struct tm tm;
    gmtime_r(&exp, &tm);
    strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
    cJSON_AddItemToObject(k, "jwk", cJSON_Duplicate(jwk, 1));
    cJSON_AddStringToObject(k, "kid", json_str(jwk, "kid") ? json_str(jwk, "kid") : (thumb ? thumb : ""));
    cJSON_AddStringToObject(k, "jwkThumbprint", thumb ? thumb : "");
    cJSON_AddStringToObject(k, "expiration", iso);
    cJSON_AddNumberToObject(k, "expirationEpoch", (double)exp);
    cJSON_AddStringToObject(k, "origin", origin);
    free(thumb);
    return k;
}

static void copy_array(cJSON *client, const cJSON *doc, const char *name)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(doc, name);
    cJSON_DeleteItemFromObjectCaseSensitive(client, name);
    cJSON_AddItemToObject(client, name, cJSON_IsArray(a) ? cJSON_Duplicate(a, 1) : cJSON_CreateArray());
}

/* Validate the fields shared by draft and update; -1 with the reply set. */
static int check_common(struct sim_reply *r, const cJSON *doc)
{
    const cJSON *scopes = cJSON_GetObjectItemCaseSensitive(doc, "apiScopes"), *it;
    const cJSON *claims = cJSON_GetObjectItemCaseSensitive(doc, "audienceSpecificClientClaims");
    bool has_sb = false;
    if (check_string_array(r, doc, "apiScopes", false) ||
        check_string_array(r, doc, "redirectUris", false) ||
        check_string_array(r, doc, "postLogoutRedirectUris", false) ||
        check_string_array(r, doc, "childOrganizationNumbers", true))
        return -1;
    cJSON_ArrayForEach(it, scopes)
        has_sb = has_sb || strcmp(it->valuestring, SB_SCOPE) == 0;
    if (!has_sb)
        return validation(r, "apiScopes", "must include nhn:selvbetjening/client");
    if (claims && !cJSON_IsNull(claims)) {
        if (!cJSON_IsArray(claims))
            return validation(r, "audienceSpecificClientClaims", "must be an array of {key, value}");
        cJSON_ArrayForEach(it, claims)
            if (!json_str(it, "key") || !cJSON_GetObjectItemCaseSensitive(it, "value") ||
                !(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(it, "value")) ||
                  cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(it, "value"))))
                return validation(r, "audienceSpecificClientClaims", "each entry needs a string key and value");
    }
    return 0;
}

/* Apply scopes and claims from a draft or PUT body (full replacement). */
static void apply_common(struct sim *sim, cJSON *client, const cJSON *doc)
{
    const cJSON *it;
    cJSON *old_scopes = cJSON_DetachItemFromObjectCaseSensitive(client, "apiScopes");
    cJSON *old_claims = cJSON_DetachItemFromObjectCaseSensitive(client, "audienceSpecificClientClaims");
    cJSON *scopes = cJSON_AddArrayToObject(client, "apiScopes");
    cJSON *claims = cJSON_AddArrayToObject(client, "audienceSpecificClientClaims");
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(doc, "apiScopes")) {
        cJSON *kept = NULL, *o;
        cJSON_ArrayForEach(o, old_scopes)
            if (json_str(o, "scope") && strcmp(json_str(o, "scope"), it->valuestring) == 0)
                kept = o;
        cJSON_AddItemToArray(scopes, kept ? cJSON_Duplicate(kept, 1) : new_scope(sim, it->valuestring));
    }
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(doc, "audienceSpecificClientClaims")) {
        const char *value = json_str(it, "value"), *previous = NULL;
        cJSON *c, *o;
        if (!value || !*value)
            continue;      /* an empty value is no claim */
        c = cJSON_CreateObject();
        cJSON_AddStringToObject(c, "claimType", json_str(it, "key"));
        cJSON_ArrayForEach(o, old_claims)
            if (json_str(o, "claimType") && strcmp(json_str(o, "claimType"), json_str(it, "key")) == 0)
                previous = json_str(o, "activeClaimValue");
        if (previous && strcmp(previous, value) != 0) {
            /* A changed value waits for NHN; tokens keep the active one. */
            cJSON_AddStringToObject(c, "activeClaimValue", previous);
            cJSON_AddStringToObject(c, "pendingClaimValue", value);
            cJSON_AddStringToObject(c, "status", "updatePending");
            cJSON_AddStringToObject(c, "statusReason", "Endringen venter på godkjenning");
        } else {
            cJSON_AddStringToObject(c, "activeClaimValue", value);
            cJSON_AddNullToObject(c, "pendingClaimValue");
            cJSON_AddStringToObject(c, "status", "ok");
            cJSON_AddNullToObject(c, "statusReason");
        }
        cJSON_AddItemToArray(claims, c);
    }
    copy_array(client, doc, "redirectUris");
    copy_array(client, doc, "postLogoutRedirectUris");
    copy_array(client, doc, "childOrganizationNumbers");
    cJSON_Delete(old_scopes);
    cJSON_Delete(old_claims);
    store_apply_sfm_rule(sim, client);
}

static cJSON *parse_json_body(const struct sim_request *req, struct sim_reply *r)
{
    const char *ct = req_header(req, "Content-Type");
    cJSON *doc;
    if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
        reply_problem(r, 415, "Unsupported Media Type", "Content-Type must be application/json");
        return NULL;
    }
    doc = cJSON_ParseWithLength(req->body, req->body_len);
    if (!cJSON_IsObject(doc)) {
        cJSON_Delete(doc);
        validation(r, "", "the body is not a JSON object");
        return NULL;
    }
    return doc;
}

static void create_draft(struct sim *sim, const struct sim_request *req, struct sim_reply *r)
{
    const char *key = req_header(req, "api-key");
    const char *org, *post;
    cJSON *doc, *client = NULL, *jwk = NULL, *keys;
    char *id = NULL;

    if (!key || strcmp(key, sim->api_key) != 0) {
        reply_problem(r, 401, "Unauthorized", "missing or wrong api-key");
        return;
    }
    doc = parse_json_body(req, r);
    if (!doc)
        return;
    org = json_str(doc, "organizationNumber");
    post = json_str(doc, "postClientConfirmationRedirectUri");
    if (!org || !orgnr_valid(org)) {
        validation(r, "organizationNumber", "must be a valid organisation number (9 digits, mod 11)");
        goto out;
    }
    if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(doc, "publicJwk"))) {
        validation(r, "publicJwk", "must be a string holding a public JWK");
        goto out;
    }
    jwk = parse_public_jwk(r, cJSON_GetObjectItemCaseSensitive(doc, "publicJwk"), "publicJwk");
    if (!jwk || check_common(r, doc) != 0)
        goto out;
    if (!post) {
        validation(r, "postClientConfirmationRedirectUri", "is required");
        goto out;
    }
    if (!loopback_http(post)) {
        validation(r, "postClientConfirmationRedirectUri", "must be a loopback http URI");
        goto out;
    }
    id = sim_guid();
    client = cJSON_CreateObject();
    cJSON_AddStringToObject(client, "clientId", id);
    cJSON_AddStringToObject(client, "organizationNumber", org);
    cJSON_AddStringToObject(client, "state", "draft");
    cJSON_AddNumberToObject(client, "createdAt", (double)sim_now());
    cJSON_AddStringToObject(client, "postClientConfirmationRedirectUri", post);
    keys = cJSON_AddArrayToObject(client, "keys");
    cJSON_AddItemToArray(keys, key_entry(jwk, "ClientDraft"));
    apply_common(sim, client, doc);
    if (sim->auto_confirm)
        store_confirm(sim, client, org, "auto-confirm@example.invalid", "auto-confirm");
    cJSON_AddItemToObject(sim->clients, id, client);
    {
        cJSON *answer = cJSON_CreateObject();
        cJSON_AddStringToObject(answer, "clientId", id);
        reply_json(r, 200, answer);
    }
out:
    free(id);
    cJSON_Delete(jwk);
    cJSON_Delete(doc);
}

/* RFC 9449 §7: Authorization: DPoP <token>, a fresh proof with ath, cnf.jkt match. */
static cJSON *api_authenticate(struct sim *sim, const struct sim_request *req, struct sim_reply *r)
{
    const char *auth = req_header(req, "Authorization"), *error;
    cJSON *claims = NULL, *client = NULL;
    const cJSON *scope, *s, *aud;
    const char *jkt;
    char why[300], htu[400], *proof_jkt = NULL;
    bool has_scope = false;

    if (!auth || strncasecmp(auth, "DPoP ", 5) != 0 || !auth[5]) {
        r->www_authenticate = strdup("DPoP error=\"invalid_token\", algs=\"ES256 PS256\"");
        reply_problem(r, 401, "Unauthorized", auth && strncasecmp(auth, "Bearer ", 7) == 0 ?
                      "a DPoP-bound token must be sent with the DPoP scheme, not Bearer" :
                      "Authorization: DPoP <token> required");
        return NULL;
    }
    claims = token_verify_access(sim, auth + 5, why, sizeof why);
    if (!claims)
        goto invalid;
    aud = cJSON_GetObjectItemCaseSensitive(claims, "aud");
    if (!cJSON_IsString(aud) || strcmp(aud->valuestring, SB_AUDIENCE) != 0) {
        snprintf(why, sizeof why, "token audience is not %s", SB_AUDIENCE);
        goto invalid;
    }
    scope = cJSON_GetObjectItemCaseSensitive(claims, "scope");
    cJSON_ArrayForEach(s, scope)
        has_scope = has_scope || (cJSON_IsString(s) && strcmp(s->valuestring, SB_SCOPE) == 0);
    if (!has_scope) {
        cJSON_Delete(claims);
        r->www_authenticate = strdup("DPoP error=\"insufficient_scope\"");
        reply_problem(r, 403, "Forbidden", "token lacks scope " SB_SCOPE);
        return NULL;
    }
    snprintf(htu, sizeof htu, "%s%s", sim->base, req->path);
    if (dpop_check(sim, req, htu, auth + 5, sim->api_nonce ? sim->api_nonces : NULL,
                   &proof_jkt, &error, why, sizeof why) != 0) {
        cJSON_Delete(claims);
        /* RFC 9449 §9: a resource server asks for a nonce with 401, the
         * use_dpop_nonce error in WWW-Authenticate and the nonce in DPoP-Nonce. */
        if (strcmp(error, "use_dpop_nonce") == 0)
            r->dpop_nonce = dpop_new_nonce(sim->api_nonces);
        r->www_authenticate = sim_strdupf("DPoP error=\"%s\"", error);
        reply_problem(r, 401, "Unauthorized", why);
        return NULL;
    }
    jkt = json_str(cJSON_GetObjectItemCaseSensitive(claims, "cnf"), "jkt");
    if (!jkt || strcmp(jkt, proof_jkt) != 0) {
        snprintf(why, sizeof why, "DPoP proof key does not match the token's cnf.jkt");
        goto invalid;
    }
    client = store_client(sim, json_str(claims, "client_id"));
    if (!client) {
        snprintf(why, sizeof why, "client no longer exists");
        goto invalid;
    }
    free(proof_jkt);
    cJSON_Delete(claims);
    return client;
invalid:
    free(proof_jkt);
    cJSON_Delete(claims);
    r->www_authenticate = strdup("DPoP error=\"invalid_token\"");
    reply_problem(r, 401, "Unauthorized", why);
    return NULL;
}

static void client_view(struct sim_reply *r, const cJSON *client)
{
    static const char *const fields[] = { "clientId", "organizationNumber", "apiScopes",
        "audienceSpecificClientClaims", "redirectUris", "postLogoutRedirectUris",
        "childOrganizationNumbers", NULL };
    cJSON *doc = cJSON_CreateObject();
    for (const char *const *f = fields; *f; f++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(client, *f);
        cJSON_AddItemToObject(doc, *f, v ? cJSON_Duplicate(v, 1) : cJSON_CreateArray());
    }
    reply_json(r, 200, doc);
}

static void update_client(struct sim *sim, const struct sim_request *req, struct sim_reply *r,
                          cJSON *client)
{
    cJSON *doc = parse_json_body(req, r);
    if (!doc)
        return;
    if (check_common(r, doc) == 0) {
        apply_common(sim, client, doc);
        client_view(r, client);
    }
    cJSON_Delete(doc);
}

static void add_secret(struct sim *sim, const struct sim_request *req, struct sim_reply *r,
                       cJSON *client)
{
    cJSON *doc = parse_json_body(req, r), *jwk, *entry;
    if (!doc)
        return;
    jwk = parse_public_jwk(r, cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(doc, "publicJwk")) ||
                                  cJSON_IsString(cJSON_GetObjectItemCaseSensitive(doc, "publicJwk")) ?
                                  cJSON_GetObjectItemCaseSensitive(doc, "publicJwk") : doc,
                           "publicJwk");
    if (jwk) {
        cJSON *answer = cJSON_CreateObject();
        entry = key_entry(jwk, "ClientSecretEndpoint");
        cJSON_AddStringToObject(answer, "expiration", json_str(entry, "expiration"));
        cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(client, "keys"), entry);
        reply_json(r, 200, answer);
    }
    cJSON_Delete(jwk);
    cJSON_Delete(doc);
}

static void list_secrets(struct sim_reply *r, const cJSON *client)
{
    cJSON *list = cJSON_CreateArray();
    const cJSON *k;
    cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(client, "keys")) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "expiration", json_str(k, "expiration"));
        cJSON_AddStringToObject(e, "kid", json_str(k, "kid"));
        cJSON_AddStringToObject(e, "jwkThumbprint", json_str(k, "jwkThumbprint"));
        cJSON_AddStringToObject(e, "origin", json_str(k, "origin"));
        cJSON_AddItemToArray(list, e);
    }
    reply_json(r, 200, list);
}

void sb_api_handle(struct sim *sim, const struct sim_request *req, struct sim_reply *r)
{
    bool get = strcmp(req->method, "GET") == 0, post = strcmp(req->method, "POST") == 0;
    bool put = strcmp(req->method, "PUT") == 0;
    cJSON *client;

    if (strcmp(req->sub, "/v1/client-drafts") == 0) {
        if (post)
            create_draft(sim, req, r);
        else
            reply_problem(r, 405, "Method Not Allowed", NULL);
        return;
    }
    if (strcmp(req->sub, "/v1/client") != 0 && strcmp(req->sub, "/v1/client-secret") != 0) {
        reply_problem(r, 404, "Not Found", NULL);
        return;
    }
    if (!(get || (put && strcmp(req->sub, "/v1/client") == 0) ||
          (post && strcmp(req->sub, "/v1/client-secret") == 0))) {
        reply_problem(r, 405, "Method Not Allowed", NULL);
        return;
    }
    client = api_authenticate(sim, req, r);
    if (!client)
        return;
    if (strcmp(req->sub, "/v1/client") == 0)
        put ? update_client(sim, req, r, client) : client_view(r, client);
    else
        post ? add_secret(sim, req, r, client) : list_secrets(r, client);
}
