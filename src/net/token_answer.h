/* HelseID token endpoint answers: the token response and the OAuth error
 * {error, error_description}, turned into translated, actionable messages. */
#ifndef HELSEID_TOKEN_ANSWER_H
#define HELSEID_TOKEN_ANSWER_H

#include <stddef.h>

#include "core/error.h"

/* A parsed token answer. access_token, refresh_token and id_token are secrets:
 * token_answer_clear wipes them. Numbers are -1 when absent. */
struct token_answer {
    char *access_token;
    char *token_type;       /* always "DPoP" after a successful parse */
    long long expires_in;
    char *scope;            /* granted scopes, space separated, or NULL */
    char *refresh_token;
    long long rt_expires_in;    /* HelseID-specific refresh-token lifetime */
    char *rejected_scope;   /* multi-tenant clients only */
    char *id_token;
};

void token_answer_init(struct token_answer *t);
void token_answer_clear(struct token_answer *t);

/* Parse a 200 answer. token_type must be DPoP (we never accept a bearer token:
 * it would mean the server ignored our proof). */
int token_answer_parse(const char *body, size_t len, struct token_answer *out, struct error *e);

/* An OAuth error answer. */
struct oauth_error {
    char *error;            /* e.g. "invalid_client", or NULL when the body had none */
    char *description;      /* sanitised error_description, or NULL */
};

void oauth_error_init(struct oauth_error *oe);
void oauth_error_clear(struct oauth_error *oe);
/* Parse an error body (any status) into out, which it initialises. A body that is not
 * an error object gives error == NULL and returns 0: the caller still reports the HTTP
 * status. -1 (out empty) when out of memory. */
int oauth_error_parse(const char *body, size_t len, struct oauth_error *out);

/* Fill e with a translated message for an error answer from HelseID's token
 * endpoint with HTTP `status`; invalid_client becomes ERR_AUTH, the rest ERR_API.
 * Always returns -1. */
int oauth_error_report(const struct oauth_error *oe, long status, struct error *e);

#endif
