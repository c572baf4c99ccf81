/* Building answers: JSON, OAuth errors, RFC 7807 problems, HTML, redirects. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/strv.h"
#include "sim/sim.h"

void reply_clear(struct sim_reply *r)
{
    free_strings(&r->body, &r->location, &r->dpop_nonce, &r->set_cookie, &r->www_authenticate);
    memset(r, 0, sizeof *r);
}

static void set_body(struct sim_reply *r, int status, const char *type, char *body)
{
    free(r->body);
    r->status = status;
    r->content_type = type;
    r->body = body;
    r->len = body ? strlen(body) : 0;
}

void reply_json(struct sim_reply *r, int status, cJSON *doc)
{
    char *text = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    set_body(r, status, "application/json; charset=utf-8", text ? strdup(text) : NULL);
    cJSON_free(text);
}

void reply_oauth_error(struct sim_reply *r, int status, const char *error, const char *desc)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "error", error);
    if (desc)
        cJSON_AddStringToObject(doc, "error_description", desc);
    reply_json(r, status, doc);
    r->content_type = "application/json; charset=utf-8";
}

void reply_problem(struct sim_reply *r, int status, const char *title, const char *detail)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "type", "about:blank");
    cJSON_AddStringToObject(doc, "title", title);
    cJSON_AddNumberToObject(doc, "status", status);
    if (detail)
        cJSON_AddStringToObject(doc, "detail", detail);
    reply_json(r, status, doc);
    r->content_type = "application/problem+json";
}

void reply_validation(struct sim_reply *r, const char *property, const char *message)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "property", property);
    cJSON_AddStringToObject(doc, "message", message);
    reply_json(r, 400, doc);
}

void reply_html(struct sim_reply *r, int status, char *html)
{
    set_body(r, status, "text/html; charset=utf-8", html);
}

void reply_text(struct sim_reply *r, int status, const char *text)
{
    set_body(r, status, "text/plain; charset=utf-8", strdup(text));
}

void reply_redirect(struct sim_reply *r, const char *location)
{
    free(r->location);
    r->location = strdup(location);
    set_body(r, 303, "text/plain; charset=utf-8", strdup("See Other\n"));
}
