/* HelseID STS user login: PAR (RFC 9126), the authorize endpoint with PKCE S256
 * (RFC 7636) and state, and a login page standing in for BankID that lists the
 * synthetic test persons as a plain HTML form. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/sim.h"

#define PAR_LIFETIME 60
#define CODE_LIFETIME 60
#define LOGIN_LIFETIME 600
#define REQUEST_URI_PREFIX "urn:ietf:params:oauth:request_uri:"

static const char *const request_params[] = {
    "client_id", "response_type", "redirect_uri", "scope", "state", "code_challenge",
    "code_challenge_method", "resource", "nonce", "prompt", NULL,
};

static bool redirect_registered(const cJSON *client, const char *uri)
{
    const cJSON *u;
    cJSON_ArrayForEach(u, cJSON_GetObjectItemCaseSensitive(client, "redirectUris"))
        if (cJSON_IsString(u) && uri && strcmp(u->valuestring, uri) == 0)
            return true;
    return false;
}

/* Checks after the redirect URI is known good; errors go back to the client. */
static int validate_params(const cJSON *p, const char **error, char *why, size_t why_len)
{
    const char *challenge = json_str(p, "code_challenge"), *method = json_str(p, "code_challenge_method");
    const char *scope = json_str(p, "scope");
    *error = "invalid_request";
    if (!json_str(p, "response_type") || strcmp(json_str(p, "response_type"), "code") != 0) {
        *error = "unsupported_response_type";
        snprintf(why, why_len, "response_type must be code");
    } else if (!json_str(p, "state") || !*json_str(p, "state")) {
        snprintf(why, why_len, "state is required");
    } else if (!challenge) {
        snprintf(why, why_len, "code_challenge is required (PKCE)");
    } else if (!method || strcmp(method, "S256") != 0) {
        snprintf(why, why_len, "code_challenge_method must be S256");
    } else if (strlen(challenge) != 43 ||
               strspn(challenge, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != 43) {
        snprintf(why, why_len, "code_challenge must be a base64url SHA-256 (43 characters)");
    } else if (!scope || !strstr(scope, "openid")) {
        *error = "invalid_scope";
        snprintf(why, why_len, "scope must include openid");
    } else {
        return 0;
    }
    return -1;
}

static void redirect_error(struct sim *sim, struct sim_reply *r, const char *redirect_uri,
                           const char *error, const char *desc, const char *state)
{
    char *e_desc = url_encode(desc), *e_state = state ? url_encode(state) : NULL;
    char *e_iss = url_encode(sim->issuer);
    char *loc = sim_strdupf("%s%serror=%s&error_description=%s%s%s&iss=%s", redirect_uri,
                            strchr(redirect_uri, '?') ? "&" : "?", error, e_desc,
                            e_state ? "&state=" : "", e_state ? e_state : "", e_iss);
    reply_redirect(r, loc);
    free(loc);
    free(e_desc);
    free(e_state);
    free(e_iss);
}

static void error_page(struct sim_reply *r, int status, const char *message)
{
    char *m = html_escape(message);
    reply_html(r, status, sim_strdupf(
        "<!DOCTYPE html>\n<html lang=\"nb\"><head><meta charset=\"utf-8\">"
        "<title>HelseID - feil</title></head><body>\n<h1>HelseID</h1>\n"
        "<p role=\"alert\">Innloggingen kan ikke fortsette: %s</p>\n</body></html>\n", m));
    free(m);
}

static void login_page(struct sim *sim, struct sim_reply *r, const char *login_id, const cJSON *p)
{
    char *client = html_escape(json_str(p, "client_id"));
    size_t cap = 8192, len = 0;
    char *html = malloc(cap);
    if (!html) {
        free(client);
        return;
    }
    len += (size_t)snprintf(html + len, cap - len,
        "<!DOCTYPE html>\n<html lang=\"nb\"><head><meta charset=\"utf-8\">"
        "<title>HelseID - Logg inn</title></head><body>\n"
        "<h1>HelseID (simulator)</h1>\n"
        "<p>Logg inn med BankID (testpersoner). Klient: %s</p>\n"
        "<form method=\"post\" action=\"%s/connect/authorize/login\">\n"
        "<input type=\"hidden\" name=\"login\" value=\"%s\">\n<fieldset><legend>Velg testperson</legend>\n",
        client, sim->issuer, login_id);
    for (int i = 0; i < persons_count(); i++) {
        char *name = html_escape(person_field(i, "name"));
        len += (size_t)snprintf(html + len, cap - len,
            "<p><input type=\"radio\" name=\"person\" id=\"p%d\" value=\"%s\"%s>"
            "<label for=\"p%d\">%s (fødselsnummer %s%s%s)</label></p>\n",
            i, person_field(i, "fnr"), i == 0 ? " checked" : "", i, name,
            person_field(i, "fnr"), *person_field(i, "hpr") ? ", HPR " : "",
            person_field(i, "hpr"));
        free(name);
    }
    snprintf(html + len, cap - len,
        "</fieldset>\n<p><button type=\"submit\" name=\"action\" value=\"login\">Logg inn</button>\n"
        "<button type=\"submit\" name=\"action\" value=\"cancel\">Avbryt</button></p>\n"
        "</form>\n</body></html>\n");
    free(client);
    reply_html(r, 200, html);
}

static void authorize(struct sim *sim, const struct sim_request *req, struct sim_reply *r)
{
    cJSON *p = cJSON_CreateObject(), *client;
    const char *request_uri = req_query(req, "request_uri");
    const char *error;
    char why[300], *login_id = NULL;

    if (request_uri) {
        cJSON *stored = cJSON_DetachItemFromObjectCaseSensitive(sim->par, request_uri);
        if (!stored) {
            error_page(r, 400, "ukjent eller utløpt request_uri");
            goto out;
        }
        if (!req_query(req, "client_id") || !json_str(stored, "client_id") ||
            strcmp(req_query(req, "client_id"), json_str(stored, "client_id")) != 0) {
            cJSON_Delete(stored);
            error_page(r, 400, "client_id stemmer ikke med request_uri");
            goto out;
        }
        cJSON_Delete(p);
        p = stored;
        cJSON_DeleteItemFromObjectCaseSensitive(p, "exp");
    } else {
        for (const char *const *n = request_params; *n; n++)
            if (req_query(req, *n))
                cJSON_AddStringToObject(p, *n, req_query(req, *n));
    }
    client = store_client(sim, json_str(p, "client_id"));
    if (!client || !client_active(sim, client)) {
        error_page(r, 400, "ukjent klient (unknown client)");
        goto out;
    }
    if (!redirect_registered(client, json_str(p, "redirect_uri"))) {
        error_page(r, 400, "redirect_uri er ikke registrert for klienten");
        goto out;
    }
    if (validate_params(p, &error, why, sizeof why) != 0) {
        redirect_error(sim, r, json_str(p, "redirect_uri"), error, why, json_str(p, "state"));
        goto out;
    }
    login_id = sim_random_id(18);
    cJSON_AddNumberToObject(p, "exp", (double)(sim_now() + LOGIN_LIFETIME));
    cJSON_AddItemToObject(sim->par, login_id, p);
    login_page(sim, r, login_id, p);
    p = NULL;
out:
    free(login_id);
    cJSON_Delete(p);
}

static void login(struct sim *sim, const struct sim_request *req, struct sim_reply *r)
{
    cJSON *form = form_parse(req->body), *p = NULL, *grant;
    const char *login_id = json_str(form, "login"), *fnr = json_str(form, "person");
    const char *action = json_str(form, "action");
    char *code = NULL, *e_code = NULL, *e_state = NULL, *e_iss = NULL, *loc = NULL;
    int person = -1;

    p = login_id ? cJSON_DetachItemFromObjectCaseSensitive(sim->par, login_id) : NULL;
    if (!p || strncmp(login_id, REQUEST_URI_PREFIX, strlen(REQUEST_URI_PREFIX)) == 0) {
        error_page(r, 400, "innloggingen er utløpt eller allerede brukt");
        goto out;
    }
    if (action && strcmp(action, "cancel") == 0) {
        redirect_error(sim, r, json_str(p, "redirect_uri"), "access_denied",
                       "the user cancelled the login", json_str(p, "state"));
        goto out;
    }
    for (int i = 0; fnr && i < persons_count(); i++)
        if (strcmp(person_field(i, "fnr"), fnr) == 0)
            person = i;
    if (person < 0) {
        error_page(r, 400, "velg en testperson");
        goto out;
    }
    code = sim_random_id(32);
    grant = cJSON_CreateObject();
    cJSON_AddStringToObject(grant, "client_id", json_str(p, "client_id"));
    cJSON_AddStringToObject(grant, "redirect_uri", json_str(p, "redirect_uri"));
    cJSON_AddStringToObject(grant, "code_challenge", json_str(p, "code_challenge"));
    if (json_str(p, "resource"))
        cJSON_AddStringToObject(grant, "resource", json_str(p, "resource"));
    if (json_str(p, "nonce"))
        cJSON_AddStringToObject(grant, "nonce", json_str(p, "nonce"));
    cJSON_AddStringToObject(grant, "fnr", person_field(person, "fnr"));
    cJSON_AddStringToObject(grant, "hpr", person_field(person, "hpr"));
    {
        /* A pairwise-looking subject, not the fødselsnummer. */
        char sub[64];
        snprintf(sub, sizeof sub, "sim-person-%d", person + 1);
        cJSON_AddStringToObject(grant, "sub", sub);
    }
    {
        cJSON *scopes = cJSON_AddArrayToObject(grant, "scopes");
        char *copy = strdup(json_str(p, "scope")), *save = NULL, *tok;
        for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
            cJSON_AddItemToArray(scopes, cJSON_CreateString(tok));
        free(copy);
    }
    cJSON_AddNumberToObject(grant, "exp", (double)(sim_now() + CODE_LIFETIME));
    cJSON_AddItemToObject(sim->codes, code, grant);
    e_code = url_encode(code);
    e_state = url_encode(json_str(p, "state"));
    e_iss = url_encode(sim->issuer);
    loc = sim_strdupf("%s%scode=%s&state=%s&iss=%s", json_str(p, "redirect_uri"),
                      strchr(json_str(p, "redirect_uri"), '?') ? "&" : "?", e_code, e_state, e_iss);
    reply_redirect(r, loc);
out:
    cJSON_Delete(p);
    cJSON_Delete(form);
    free(code);
    free(e_code);
    free(e_state);
    free(e_iss);
    free(loc);
}

void sts_authorize_handle(struct sim *sim, const struct sim_request *req, struct sim_reply *r)
{
    if (strcmp(req->sub, "/connect/authorize") == 0 && strcmp(req->method, "GET") == 0)
        authorize(sim, req, r);
    else if (strcmp(req->sub, "/connect/authorize/login") == 0 && strcmp(req->method, "POST") == 0)
        login(sim, req, r);
    else
        error_page(r, 404, "ukjent adresse");
}

void sts_par(struct sim *sim, const struct sim_request *req, struct sim_reply *r)
{
    cJSON *form, *client, *assertion = NULL, *p;
    const char *ct = req_header(req, "Content-Type"), *error;
    char why[300], *rand = NULL, *uri = NULL;

    if (strcmp(req->method, "POST") != 0 || !ct ||
        strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0) {
        reply_oauth_error(r, 400, "invalid_request", "POST a form");
        return;
    }
    form = form_parse(req->body);
    client = client_authenticate(sim, req, form, &assertion, why, sizeof why);
    if (!client) {
        reply_oauth_error(r, 401, "invalid_client", why);
        goto out;
    }
    if (json_str(form, "request_uri") || json_str(form, "request")) {
        reply_oauth_error(r, 400, "invalid_request", "request and request_uri are not allowed at the PAR endpoint");
        goto out;
    }
    if (!redirect_registered(client, json_str(form, "redirect_uri"))) {
        reply_oauth_error(r, 400, "invalid_request", "redirect_uri is not registered for the client");
        goto out;
    }
    if (validate_params(form, &error, why, sizeof why) != 0) {
        reply_oauth_error(r, 400, error, why);
        goto out;
    }
    p = cJSON_CreateObject();
    for (const char *const *n = request_params; *n; n++)
        if (json_str(form, *n))
            cJSON_AddStringToObject(p, *n, json_str(form, *n));
    /* The authenticated client is the one the request belongs to. */
    cJSON_DeleteItemFromObjectCaseSensitive(p, "client_id");
    cJSON_AddStringToObject(p, "client_id", json_str(client, "clientId"));
    cJSON_AddNumberToObject(p, "exp", (double)(sim_now() + PAR_LIFETIME));
    rand = sim_random_id(24);
    uri = sim_strdupf(REQUEST_URI_PREFIX "%s", rand);
    cJSON_AddItemToObject(sim->par, uri, p);
    {
        cJSON *doc = cJSON_CreateObject();
        cJSON_AddStringToObject(doc, "request_uri", uri);
        cJSON_AddNumberToObject(doc, "expires_in", PAR_LIFETIME);
        reply_json(r, 201, doc);
    }
out:
    free(rand);
    free(uri);
    cJSON_Delete(assertion);
    cJSON_Delete(form);
}
