/* Tokens from HelseID: private_key_jwt client assertions and DPoP on every token
 * request (spec "HelseID token endpoint"), and API calls with a DPoP-bound token.
 *
 *  - every request gets a fresh assertion (new jti) and a fresh DPoP proof, retries too;
 *  - a 400 use_dpop_nonce with a DPoP-Nonce header is retried once with the nonce; the
 *    nonce is remembered for the next request of the session;
 *  - the answer must be token_type DPoP;
 *  - one audience per token (net/scope_groups.h): callers request one group at a time.
 * Tokens are secrets: kept only in struct token_answer (wiped on clear), never logged.
 *
 * The http_client given should have max_attempts = 1: a GET retried inside the HTTP
 * layer would resend the same DPoP proof, whose jti a strict server refuses. */
#ifndef HELSEID_TOKEN_H
#define HELSEID_TOKEN_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "core/strv.h"
#include "net/http.h"
#include "jose/jwk.h"
#include "net/oidc.h"
#include "jose/pkce.h"
#include "net/token_answer.h"

struct token_session {
    struct http_client *http;   /* borrowed */
    struct oidc *oidc;          /* borrowed: discovery is fetched once through it */
    const char *client_id;      /* borrowed */
    const struct jwk *key;      /* borrowed: signs assertions */
    const struct jwk *dpop_key; /* borrowed: signs DPoP proofs; NULL = key */
    char *sts_nonce;            /* last DPoP-Nonce from the STS */
    char *api_nonce;            /* last DPoP-Nonce from a resource server */
    int requests;               /* token requests sent (retries included), for reports */
    int64_t retry_after_ms;     /* the STS's Retry-After on its last refusal, 0 = none */
};

void token_session_init(struct token_session *s, struct http_client *http, struct oidc *oidc,
                        const char *client_id, const struct jwk *key);
void token_session_clear(struct token_session *s);

enum token_grant {
    TOKEN_GRANT_CLIENT_CREDENTIALS,
    TOKEN_GRANT_AUTHORIZATION_CODE,
    TOKEN_GRANT_REFRESH_TOKEN,
};

struct token_request {
    enum token_grant grant;
    const char *scope;          /* space-separated, one audience (may be NULL for refresh) */
    const struct strv *resources;   /* resource indicators (RFC 8707); NULL = none */
    const char *child_orgnr;    /* client_credentials: name a sub-unit via assertion_details */
    const char *code;           /* authorization_code */
    const char *code_verifier;  /* authorization_code (PKCE) */
    const char *redirect_uri;   /* authorization_code */
    const char *refresh_token;  /* refresh_token */
};

/* One token request (with the nonce retry). On success *out holds the answer. */
int token_request(struct token_session *s, const struct token_request *r,
                  struct token_answer *out, struct error *e);

/* Shorthand: client_credentials for `scope` (one audience), optional sub-unit. */
int token_client_credentials(struct token_session *s, const char *scope, const char *child_orgnr,
                             struct token_answer *out, struct error *e);

/* ---- user login: authorization code + PKCE S256 + state + nonce (+ PAR) ---- */
struct token_login {
    struct pkce pkce;           /* secret verifier */
    char state[OAUTH_RANDOM_SIZE];
    char nonce[OAUTH_RANDOM_SIZE];
    char *redirect_uri;
    char *authorize_url;        /* open this in the browser */
    bool used_par;
};

void token_login_init(struct token_login *l);
void token_login_clear(struct token_login *l);
/* Build the login: fresh PKCE, state and nonce; when the discovery document names a
 * PAR endpoint, push the request there (client assertion + DPoP) and put only
 * client_id and request_uri in the URL; else all parameters go into the URL. */
int token_login_begin(struct token_session *s, const char *scope, const struct strv *resources,
                      const char *redirect_uri, struct token_login *out, struct error *e);
/* Exchange the code from the redirect (state already checked by the loopback) for
 * tokens, and validate the ID token's signature, iss, aud, exp, iat and nonce. */
int token_login_finish(struct token_session *s, const struct token_login *l, const char *code,
                       const struct strv *resources, struct token_answer *out, struct error *e);

/* ---- calling an API with a DPoP-bound token ---- */

/* Send req with "Authorization: DPoP <token>" and a fresh proof (htm, htu, ath, nonce)
 * added to its headers. A 401 whose WWW-Authenticate says use_dpop_nonce and that
 * carries DPoP-Nonce is retried once with a new proof. res as http_request(). */
int token_api_call(struct token_session *s, const char *access_token,
                   const struct http_request *req, struct http_response *res, struct error *e);

/* Append name=value, percent-encoded (application/x-www-form-urlencoded), to a
 * growing buffer; for tests. -1 on out of memory. */
struct form {
    char *buf;
    size_t len, cap;
};
int form_add(struct form *f, const char *name, const char *value);
void form_wipe(struct form *f);

/* The pieces of a token request, for net/token_async.c: the form body of one attempt
 * (fresh client assertion), and noting a DPoP-Nonce the STS sent. */
int token_build_form(struct token_session *s, const struct token_request *r, struct form *f,
                     struct error *e);
/* Keep a refusal's Retry-After (capped at HTTP_DEFAULT_RETRY_AFTER_MAX_S) in
 * s->retry_after_ms for the readiness poll; 0 for answers without one. */
void token_note_retry_after(struct token_session *s, const struct http_response *res);
int token_note_sts_nonce(struct token_session *s, const char *nonce);
const struct jwk *token_dpop_key(const struct token_session *s);

#endif
