/* HelseID STS: discovery, JWKS and the token endpoint (client_credentials,
 * authorization_code, refresh_token), DPoP-bound, one audience per token. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/jose.h"
#include "sim/sim.h"

#define ACCESS_LIFETIME 600
#define REFRESH_LIFETIME 3600

char *scope_audience(const char *scope)
{
    const char *slash = strchr(scope, '/');
    return slash ? strndup(scope, (size_t)(slash - scope)) : strdup(scope);
}

static void add_strings(cJSON *obj, const char *name, const char *const *values)
{
    cJSON *a = cJSON_AddArrayToObject(obj, name);
    for (; *values; values++)
        cJSON_AddItemToArray(a, cJSON_CreateString(*values));
}

static void discovery(struct sim *sim, struct sim_reply *r)
{
    static const char *const algs[] = { "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", NULL };
    static const char *const dpop_algs[] = { "PS256", "PS384", "PS512", "ES256", "ES384",
                                             "ES512", "RS256", NULL };
    static const char *const grants[] = { "authorization_code", "client_credentials",
                                          "refresh_token", NULL };
    static const char *const auth[] = { "private_key_jwt", NULL };
    static const char *const code[] = { "code", NULL };
    static const char *const s256[] = { "S256", NULL };
    cJSON *doc = cJSON_CreateObject();
    char url[200];
    cJSON_AddStringToObject(doc, "issuer", sim->issuer);
#define ENDPOINT(name, path) \
    snprintf(url, sizeof url, "%s%s", sim->issuer, path); \
    cJSON_AddStringToObject(doc, name, url)
    ENDPOINT("authorization_endpoint", "/connect/authorize");
    ENDPOINT("token_endpoint", "/connect/token");
    ENDPOINT("pushed_authorization_request_endpoint", "/connect/par");
    ENDPOINT("jwks_uri", "/.well-known/openid-configuration/jwks");
#undef ENDPOINT
    add_strings(doc, "response_types_supported", code);
    add_strings(doc, "grant_types_supported", grants);
    add_strings(doc, "token_endpoint_auth_methods_supported", auth);
    add_strings(doc, "token_endpoint_auth_signing_alg_values_supported", algs);
    add_strings(doc, "dpop_signing_alg_values_supported", dpop_algs);
    add_strings(doc, "code_challenge_methods_supported", s256);
    cJSON_AddBoolToObject(doc, "authorization_response_iss_parameter_supported", 1);
    cJSON_AddBoolToObject(doc, "require_pushed_authorization_requests", 0);
    reply_json(r, 200, doc);
}

static void jwks(struct sim *sim, struct sim_reply *r)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON *keys = cJSON_AddArrayToObject(doc, "keys");
    cJSON *jwk = sim_pkey_to_jwk(sim->sign_key);
    cJSON_AddStringToObject(jwk, "kid", sim->sign_kid);
    cJSON_AddStringToObject(jwk, "use", "sig");
    cJSON_AddStringToObject(jwk, "alg", "ES256");
    cJSON_AddItemToArray(keys, jwk);
    reply_json(r, 200, doc);
}

/* Split a space-separated scope string into a JSON array (no empties, no dups). */
static cJSON *split_scopes(const char *text)
{
    cJSON *a = cJSON_CreateArray();
    char *copy = strdup(text ? text : ""), *save = NULL, *tok;
    for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        bool dup = false;
        const cJSON *it;
        cJSON_ArrayForEach(it, a)
            dup = dup || strcmp(it->valuestring, tok) == 0;
        if (!dup)
            cJSON_AddItemToArray(a, cJSON_CreateString(tok));
    }
    free(copy);
    return a;
}

static const cJSON *client_scope(const cJSON *client, const char *scope)
{
    const cJSON *s;
    cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(client, "apiScopes")) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(s, "scope");
        if (cJSON_IsString(name) && strcmp(name->valuestring, scope) == 0)
            return s;
    }
    return NULL;
}

static bool is_identity_scope(const char *s)
{
    return strcmp(s, "openid") == 0 || strcmp(s, "profile") == 0 ||
           strcmp(s, "offline_access") == 0 || strncmp(s, "helseid://scopes/", 17) == 0;
}

/* Pick the API scopes for one audience. With `resource`, only scopes of that
 * audience; without, all API scopes must share one audience. */
static int select_audience(const cJSON *scopes, const char *resource, char **audience,
                           cJSON **selected, char *why, size_t why_len)
{
    cJSON *sel = cJSON_CreateArray();
    char *aud = resource ? strdup(resource) : NULL;
    const cJSON *s;
    cJSON_ArrayForEach(s, scopes) {
        char *a;
        if (is_identity_scope(s->valuestring))
            continue;
        a = scope_audience(s->valuestring);
        if (!aud) {
            aud = a;
            a = NULL;
        } else if (strcmp(a, aud) != 0) {
            if (resource) {
                free(a);
                continue;
            }
            snprintf(why, why_len, "scopes for more than one audience (%s, %s): one token per audience", aud, a);
            free(a);
            free(aud);
            cJSON_Delete(sel);
            return -1;
        }
        free(a);
        cJSON_AddItemToArray(sel, cJSON_CreateString(s->valuestring));
    }
    if (!aud || cJSON_GetArraySize(sel) == 0) {
        snprintf(why, why_len, resource ? "no granted scope for resource %s" : "no API scope requested",
                 resource ? resource : "");
        free(aud);
        cJSON_Delete(sel);
        return -1;
    }
    *audience = aud;
    *selected = sel;
    return 0;
}

/* Client claims that go into tokens: organisation numbers and, for SFM, the SFM-ID. */
static cJSON *client_token_claims(const cJSON *client, const cJSON *assertion, const char *aud,
                                  bool no_child, char *why, size_t why_len)
{
    cJSON *extra = cJSON_CreateObject();
    const cJSON *details = cJSON_GetObjectItemCaseSensitive(assertion, "assertion_details");
    const char *org = json_str(client, "organizationNumber");
    cJSON_AddStringToObject(extra, "helseid://claims/client/claims/orgnr_parent", org ? org : "");
    if (details) {
        const cJSON *d = cJSON_IsArray(details) ? details->child : details;
        const cJSON *ident = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(
                cJSON_GetObjectItemCaseSensitive(d, "practitioner_role"), "organization"),
            "identifier");
        const char *value = json_str(ident, "value");
        const char *type = json_str(d, "type");
        bool listed = false;
        const cJSON *c;
        cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(client, "childOrganizationNumbers"))
            listed = listed || (cJSON_IsString(c) && value && strcmp(c->valuestring, value) == 0);
        if (!type || strcmp(type, "helseid_authorization") != 0 || !value ||
            !json_str(ident, "system") ||
            strcmp(json_str(ident, "system"), "urn:oid:2.16.578.1.12.4.1.4.101") != 0) {
            snprintf(why, why_len, "assertion_details must be helseid_authorization with an ENH organisation identifier");
            cJSON_Delete(extra);
            return NULL;
        }
        if (!listed) {
            snprintf(why, why_len, "organisation %s is not among the client's childOrganizationNumbers", value);
            cJSON_Delete(extra);
            return NULL;
        }
        if (!no_child)
            cJSON_AddStringToObject(extra, "helseid://claims/client/claims/orgnr_child", value);
    }
    cJSON_ArrayForEach(details, cJSON_GetObjectItemCaseSensitive(client, "audienceSpecificClientClaims")) {
        const char *type = json_str(details, "claimType"), *active = json_str(details, "activeClaimValue");
        char *claim_aud = type ? scope_audience(type) : NULL;
        if (claim_aud && active && strcmp(claim_aud, aud) == 0)
            cJSON_AddStringToObject(extra, type, active);
        free(claim_aud);
    }
    return extra;
}

static void token_answer(struct sim *sim, struct sim_reply *r, const char *client_id,
                         const char *subject, const char *aud, const cJSON *scopes,
                         const char *jkt, const cJSON *extra, const char *refresh,
                         const char *id_token)
{
    char *at = token_issue_access(sim, client_id, subject, aud, scopes, jkt, extra, ACCESS_LIFETIME);
    cJSON *doc = cJSON_CreateObject();
    char scope_text[4096] = "";
    const cJSON *s;
    cJSON_ArrayForEach(s, scopes) {
        if (scope_text[0])
            strncat(scope_text, " ", sizeof scope_text - strlen(scope_text) - 1);
        strncat(scope_text, s->valuestring, sizeof scope_text - strlen(scope_text) - 1);
    }
    cJSON_AddStringToObject(doc, "access_token", at ? at : "");
    cJSON_AddStringToObject(doc, "token_type", "DPoP");
    cJSON_AddNumberToObject(doc, "expires_in", ACCESS_LIFETIME);
    cJSON_AddStringToObject(doc, "scope", scope_text);
    if (refresh) {
        cJSON_AddStringToObject(doc, "refresh_token", refresh);
        cJSON_AddNumberToObject(doc, "rt_expires_in", REFRESH_LIFETIME);
    }
    if (id_token)
        cJSON_AddStringToObject(doc, "id_token", id_token);
    if (at)
        OPENSSL_cleanse(at, strlen(at));
    free(at);
    reply_json(r, 200, doc);
}

static int check_scopes_granted(const cJSON *client, const cJSON *scopes, char *why, size_t why_len)
{
    const cJSON *s;
    cJSON_ArrayForEach(s, scopes) {
        const cJSON *granted = client_scope(client, s->valuestring);
        const char *status = granted ? json_str(granted, "status") : NULL;
        if (!granted) {
            snprintf(why, why_len, "scope %s is not granted to this client", s->valuestring);
            return -1;
        }
        if (!status || strcasecmp(status, "ok") != 0) {
            snprintf(why, why_len, "scope %s is pending approval", s->valuestring);
            return -1;
        }
    }
    return 0;
}

/* The "no-child" fault, once (the caller holds sim->lock). */
static bool take_no_child(struct sim *sim)
{
    bool v = sim->token_no_child;

    sim->token_no_child = false;
    return v;
}

static void grant_client_credentials(struct sim *sim, struct sim_reply *r, const cJSON *form,
                                     const cJSON *client, const cJSON *assertion, const char *jkt)
{
    cJSON *scopes = split_scopes(json_str(form, "scope")), *selected = NULL, *extra = NULL;
    char *aud = NULL, why[300];
    const char *client_id = json_str(client, "clientId");
    if (cJSON_GetArraySize(scopes) == 0) {
        reply_oauth_error(r, 400, "invalid_scope", "scope is required");
    } else if (select_audience(scopes, json_str(form, "resource"), &aud, &selected, why, sizeof why) != 0 ||
               cJSON_GetArraySize(selected) != cJSON_GetArraySize(scopes) ||
               check_scopes_granted(client, selected, why, sizeof why) != 0) {
        if (selected && cJSON_GetArraySize(selected) != cJSON_GetArraySize(scopes))
            snprintf(why, sizeof why, "scopes outside the resource's audience were requested");
        reply_oauth_error(r, 400, json_str(form, "resource") ? "invalid_target" : "invalid_scope", why);
    } else if (!(extra = client_token_claims(client, assertion, aud, take_no_child(sim), why, sizeof why))) {
        reply_oauth_error(r, 400, "invalid_request", why);
    } else {
        token_answer(sim, r, client_id, NULL, aud, selected, jkt, extra, NULL, NULL);
    }
    free(aud);
    cJSON_Delete(scopes);
    cJSON_Delete(selected);
    cJSON_Delete(extra);
}

static bool verifier_syntax_ok(const char *v)
{
    size_t n = v ? strlen(v) : 0;
    if (n < 43 || n > 128)
        return false;
    return strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~") == n;
}

static char *user_grant_tokens(struct sim *sim, struct sim_reply *r, const cJSON *client,
                               const cJSON *grant, const char *resource, const char *jkt,
                               bool with_id_token)
{
    const char *client_id = json_str(client, "clientId");
    cJSON *selected = NULL, *extra = NULL, *rt = NULL;
    char *aud = NULL, *refresh = NULL, *id_token = NULL, why[300];
    const cJSON *scopes = cJSON_GetObjectItemCaseSensitive(grant, "scopes");
    const char *fnr = json_str(grant, "fnr");
    if (select_audience(scopes, resource, &aud, &selected, why, sizeof why) != 0 ||
        check_scopes_granted(client, selected, why, sizeof why) != 0) {
        reply_oauth_error(r, 400, resource ? "invalid_target" : "invalid_scope", why);
        goto out;
    }
    extra = cJSON_CreateObject();
    cJSON_AddStringToObject(extra, "helseid://claims/identity/pid", fnr ? fnr : "");
    if (json_str(grant, "hpr") && *json_str(grant, "hpr"))
        cJSON_AddStringToObject(extra, "helseid://claims/hpr/hpr_number", json_str(grant, "hpr"));
    cJSON_AddStringToObject(extra, "helseid://claims/identity/security_level", "4");
    refresh = sim_random_id(32);
    rt = cJSON_Duplicate(grant, 1);
    cJSON_DeleteItemFromObjectCaseSensitive(rt, "exp");
    cJSON_AddNumberToObject(rt, "exp", (double)(sim_now() + REFRESH_LIFETIME));
    if (refresh)
        cJSON_AddItemToObject(sim->refresh_tokens, refresh, rt);
    else
        cJSON_Delete(rt);
    if (with_id_token) {
        cJSON *idc = cJSON_CreateObject();
        cJSON_AddStringToObject(idc, "iss", sim->issuer);
        cJSON_AddStringToObject(idc, "aud", client_id);
        cJSON_AddStringToObject(idc, "sub", json_str(grant, "sub"));
        cJSON_AddNumberToObject(idc, "iat", (double)sim_now());
        cJSON_AddNumberToObject(idc, "exp", (double)(sim_now() + 300));
        cJSON_AddStringToObject(idc, "name", person_name_by_fnr(fnr) ? person_name_by_fnr(fnr) : "");
        cJSON_AddStringToObject(idc, "helseid://claims/identity/pid", fnr ? fnr : "");
        if (json_str(grant, "nonce"))
            cJSON_AddStringToObject(idc, "nonce", json_str(grant, "nonce"));
        id_token = sim_jws_sign_es256(sim->sign_key, sim->sign_kid, "JWT", idc);
        cJSON_Delete(idc);
    }
    token_answer(sim, r, client_id, json_str(grant, "sub"), aud, selected, jkt, extra, refresh, id_token);
out:
    free(aud);
    free(id_token);
    cJSON_Delete(selected);
    cJSON_Delete(extra);
    return refresh;
}

static void grant_authorization_code(struct sim *sim, struct sim_reply *r, const cJSON *form,
                                     const cJSON *client, const char *jkt)
{
    const char *code = json_str(form, "code");
    const char *verifier = json_str(form, "code_verifier");
    const char *redirect = json_str(form, "redirect_uri");
    cJSON *grant = code ? cJSON_DetachItemFromObjectCaseSensitive(sim->codes, code) : NULL;
    char *hash = NULL;
    if (!grant) {
        reply_oauth_error(r, 400, "invalid_grant", "unknown, expired or already used code");
    } else if (strcmp(json_str(grant, "client_id"), json_str(client, "clientId")) != 0) {
        reply_oauth_error(r, 400, "invalid_grant", "code was issued to another client");
    } else if (!redirect || strcmp(redirect, json_str(grant, "redirect_uri")) != 0) {
        reply_oauth_error(r, 400, "invalid_grant", "redirect_uri does not match the authorization request");
    } else if (!verifier_syntax_ok(verifier)) {
        reply_oauth_error(r, 400, "invalid_grant", "code_verifier missing or malformed (43-128 unreserved characters)");
    } else if (!(hash = sim_sha256_b64url(verifier, strlen(verifier))) ||
               strcmp(hash, json_str(grant, "code_challenge")) != 0) {
        reply_oauth_error(r, 400, "invalid_grant", "code_verifier does not match the code_challenge (S256)");
    } else {
        free(user_grant_tokens(sim, r, client, grant, json_str(form, "resource") ?
                               json_str(form, "resource") : json_str(grant, "resource"), jkt, true));
    }
    free(hash);
    cJSON_Delete(grant);
}

static void grant_refresh(struct sim *sim, struct sim_reply *r, const cJSON *form,
                          const cJSON *client, const char *jkt)
{
    const char *token = json_str(form, "refresh_token");
    cJSON *grant = token ? cJSON_DetachItemFromObjectCaseSensitive(sim->refresh_tokens, token) : NULL;
    if (!grant) {
        reply_oauth_error(r, 400, "invalid_grant", "unknown, expired or already used refresh token");
    } else if (strcmp(json_str(grant, "client_id"), json_str(client, "clientId")) != 0) {
        reply_oauth_error(r, 400, "invalid_grant", "refresh token was issued to another client");
        cJSON_AddItemToObject(sim->refresh_tokens, token, grant);
        grant = NULL;
    } else {
        free(user_grant_tokens(sim, r, client, grant, json_str(form, "resource"), jkt, false));
    }
    cJSON_Delete(grant);
}

static bool form_content(const struct sim_request *req)
{
    const char *ct = req_header(req, "Content-Type");
    return ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0;
}

static void token(struct sim *sim, const struct sim_request *req, struct sim_reply *r)
{
    cJSON *form = NULL, *client, *assertion = NULL;
    char htu[200], why[300], *jkt = NULL;
    const char *error, *grant;

    if (strcmp(req->method, "POST") != 0) {
        reply_oauth_error(r, 405, "invalid_request", "use POST");
        return;
    }
    if (!form_content(req)) {
        reply_oauth_error(r, 400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded");
        return;
    }
    form = form_parse(req->body);
    snprintf(htu, sizeof htu, "%s/connect/token", sim->issuer);
    if (dpop_check(sim, req, htu, NULL, sim->nonces, &jkt, &error, why, sizeof why) != 0) {
        if (strcmp(error, "use_dpop_nonce") == 0)
            r->dpop_nonce = dpop_new_nonce(sim->nonces);
        reply_oauth_error(r, 400, error, why);
        goto out;
    }
    client = client_authenticate(sim, req, form, &assertion, why, sizeof why);
    if (!client) {
        reply_oauth_error(r, 401, "invalid_client", why);
        goto out;
    }
    grant = json_str(form, "grant_type");
    if (!grant)
        reply_oauth_error(r, 400, "invalid_request", "grant_type is required");
    else if (strcmp(grant, "client_credentials") == 0)
        grant_client_credentials(sim, r, form, client, assertion, jkt);
    else if (strcmp(grant, "authorization_code") == 0)
        grant_authorization_code(sim, r, form, client, jkt);
    else if (strcmp(grant, "refresh_token") == 0)
        grant_refresh(sim, r, form, client, jkt);
    else
        reply_oauth_error(r, 400, "unsupported_grant_type", grant);
out:
    free(jkt);
    cJSON_Delete(assertion);
    cJSON_Delete(form);
}

void sts_handle(struct sim *sim, const struct sim_request *req, struct sim_reply *r)
{
    if (strcmp(req->sub, "/.well-known/openid-configuration") == 0)
        discovery(sim, r);
    else if (strcmp(req->sub, "/.well-known/openid-configuration/jwks") == 0)
        jwks(sim, r);
    else if (strcmp(req->sub, "/connect/token") == 0)
        token(sim, req, r);
    else if (strcmp(req->sub, "/connect/par") == 0)
        sts_par(sim, req, r);
    else
        reply_oauth_error(r, 404, "not_found", "no such STS endpoint");
}
