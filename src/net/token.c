#include "config.h"
#include "net/token.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/crypto.h>

#include "core/i18n.h"
#include "core/strv.h"
#include "jose/client_assertion.h"
#include "jose/dpop.h"
#include "jose/rand.h"
#include "net/remote.h"

void token_session_init(struct token_session *s, struct http_client *http, struct oidc *oidc,
                        const char *client_id, const struct jwk *key)
{
    memset(s, 0, sizeof *s);
    s->http = http;
    s->oidc = oidc;
    s->client_id = client_id;
    s->key = key;
}

void token_session_clear(struct token_session *s)
{
    free_strings(&s->sts_nonce, &s->api_nonce);
}

static const struct jwk *dpop_key(const struct token_session *s)
{
    return s->dpop_key ? s->dpop_key : s->key;
}

/* ---- form encoding ---- */

static int form_reserve(struct form *f, size_t more)
{
    return http_buffer_reserve(&f->buf, f->len, &f->cap, more);
}

static int form_escape(struct form *f, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (form_reserve(f, 3) < 0)
            return -1;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            f->buf[f->len++] = (char)c;
        } else {
            f->buf[f->len++] = '%';
            f->buf[f->len++] = hex[c >> 4];
            f->buf[f->len++] = hex[c & 15];
        }
    }
    f->buf[f->len] = '\0';
    return 0;
}

int form_add(struct form *f, const char *name, const char *value)
{
    if (!value)
        return 0;
    if (form_reserve(f, 1) < 0)
        return -1;
    if (f->len)
        f->buf[f->len++] = '&';
    f->buf[f->len] = '\0';
    if (form_escape(f, name) < 0 || form_reserve(f, 1) < 0)
        return -1;
    f->buf[f->len++] = '=';
    f->buf[f->len] = '\0';
    return form_escape(f, value);
}

void form_wipe(struct form *f)
{
    if (f->buf) {
        OPENSSL_cleanse(f->buf, f->cap);
        free(f->buf);
    }
    memset(f, 0, sizeof *f);
}

/* ---- token endpoint ---- */

static const char *grant_name(enum token_grant g)
{
    switch (g) {
    case TOKEN_GRANT_CLIENT_CREDENTIALS: return "client_credentials";
    case TOKEN_GRANT_AUTHORIZATION_CODE: return "authorization_code";
    case TOKEN_GRANT_REFRESH_TOKEN: return "refresh_token";
    }
    return "";
}

/* Client authentication members: a fresh assertion each call. */
static int add_client_auth(struct token_session *s, struct form *f, const char *child_orgnr,
                           struct error *e)
{
    struct client_assertion_params p = {
        .client_id = s->client_id, .audience = s->oidc->disc.issuer,
    };
    cJSON *details = NULL;
    char *assertion;
    int rc = -1;

    if (child_orgnr && !(details = client_assertion_subunit_details(child_orgnr)))
        return error_nomem(e);
    p.assertion_details = details;
    if (!(assertion = client_assertion_create(s->key, &p, e)))
        goto out;
    if (form_add(f, "client_id", s->client_id) < 0 ||
        form_add(f, "client_assertion_type", CLIENT_ASSERTION_TYPE) < 0 ||
        form_add(f, "client_assertion", assertion) < 0) {
        error_nomem(e);
        goto out;
    }
    rc = 0;
out:
    secret_free_str(assertion);
    cJSON_Delete(details);
    return rc;
}

static int build_token_form(struct token_session *s, const struct token_request *r,
                            struct form *f, struct error *e)
{
    if (add_client_auth(s, f, r->grant == TOKEN_GRANT_CLIENT_CREDENTIALS ? r->child_orgnr : NULL,
                        e) < 0)
        return -1;
    if (form_add(f, "grant_type", grant_name(r->grant)) < 0 ||
        form_add(f, "scope", r->scope && *r->scope ? r->scope : NULL) < 0)
        goto oom;
    for (size_t i = 0; r->resources && i < r->resources->n; i++)
        if (form_add(f, "resource", r->resources->v[i]) < 0)
            goto oom;
    switch (r->grant) {
    case TOKEN_GRANT_CLIENT_CREDENTIALS:
        break;
    case TOKEN_GRANT_AUTHORIZATION_CODE:
        if (!r->code || !r->code_verifier || !r->redirect_uri)
            return error_set(e, ERR_INVALID, _("the code exchange lacks code, verifier or redirect URI"));
        if (form_add(f, "code", r->code) < 0 || form_add(f, "code_verifier", r->code_verifier) < 0 ||
            form_add(f, "redirect_uri", r->redirect_uri) < 0)
            goto oom;
        break;
    case TOKEN_GRANT_REFRESH_TOKEN:
        if (!r->refresh_token)
            return error_set(e, ERR_INVALID, _("no refresh token to use"));
        if (form_add(f, "refresh_token", r->refresh_token) < 0)
            goto oom;
        break;
    }
    return 0;
oom:
    return error_nomem(e);
}

static int remember(char **slot, const char *value)
{
    char *copy;

    if (!value || !*value)
        return 0;
    if (!(copy = strdup(value)))
        return -1;
    free(*slot);
    *slot = copy;
    return 0;
}

/* POST a form to an STS endpoint with a fresh DPoP proof; `build` makes the form
 * anew for each attempt (new assertion, new jti). Retries once on use_dpop_nonce. */
typedef int form_builder(struct token_session *s, const void *ctx, struct form *f, struct error *e);

static int sts_post(struct token_session *s, const char *url, form_builder *build, const void *ctx,
                    struct http_response *res, struct error *e)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        struct dpop_params dp = { .htm = "POST", .htu = url, .nonce = s->sts_nonce };
        struct strv headers = STRV_INIT;
        struct form f = { 0 };
        struct oauth_error oe;
        char *proof = NULL, *hdr = NULL;
        int rc = -1;
        bool retry = false;

        http_response_clear(res);
        if (build(s, ctx, &f, e) < 0)
            goto done;
        if (!(proof = dpop_proof_create(dpop_key(s), &dp, e)))
            goto done;
        if (!(hdr = str_format("DPoP: %s", proof)) || strv_push_owned(&headers, hdr) < 0) {
            error_nomem(e);
            goto done;
        }
        hdr = NULL;     /* owned by headers now */
        if (strv_push(&headers, "Accept: application/json") < 0) {
            error_nomem(e);
            goto done;
        }
        {
            struct http_request req = {
                .method = HTTP_POST, .url = url, .headers = &headers, .body = f.buf,
                .body_len = f.len, .content_type = "application/x-www-form-urlencoded",
                .body_secret = true,
            };
            s->requests++;
            if (http_request(s->http, &req, res, e) < 0)
                goto done;
        }
        token_note_retry_after(s, res);
        if (remember(&s->sts_nonce, res->dpop_nonce) < 0) {
            error_nomem(e);
            goto done;
        }
        if (res->status >= 200 && res->status < 300) {
            rc = 0;
            goto done;
        }
        oauth_error_init(&oe);
        oauth_error_parse(res->body, res->body_len, &oe);
        if (attempt == 0 && res->status == 400 && oe.error &&
            strcmp(oe.error, "use_dpop_nonce") == 0 && res->dpop_nonce && *res->dpop_nonce)
            retry = true;
        else
            oauth_error_report(&oe, res->status, e);
        oauth_error_clear(&oe);
    done:
        free(hdr);
        secret_strv_clear(&headers);
        free(proof);
        form_wipe(&f);
        if (!retry)
            return rc;
    }
    return -1;  /* not reached: the second attempt never retries */
}

static int token_form(struct token_session *s, const void *ctx, struct form *f, struct error *e)
{
    return build_token_form(s, ctx, f, e);
}

int token_build_form(struct token_session *s, const struct token_request *r, struct form *f,
                     struct error *e)
{
    return build_token_form(s, r, f, e);
}

int token_note_sts_nonce(struct token_session *s, const char *nonce)
{
    return remember(&s->sts_nonce, nonce);
}

const struct jwk *token_dpop_key(const struct token_session *s)
{
    return dpop_key(s);
}

int token_request(struct token_session *s, const struct token_request *r,
                  struct token_answer *out, struct error *e)
{
    struct http_response res;
    int rc = -1;

    if (!s->key || !s->client_id)
        return error_set(e, ERR_INVALID, _("no client id or key for the token request"));
    if (oidc_discover(s->oidc, e) < 0)
        return -1;
    http_response_init(&res);
    if (sts_post(s, s->oidc->disc.token_endpoint, token_form, r, &res, e) < 0)
        goto out;
    rc = token_answer_parse(res.body, res.body_len, out, e);
out:
    if (res.body)
        OPENSSL_cleanse(res.body, res.body_len);
    http_response_clear(&res);
    return rc;
}

int token_client_credentials(struct token_session *s, const char *scope, const char *child_orgnr,
                             struct token_answer *out, struct error *e)
{
    struct token_request r = {
        .grant = TOKEN_GRANT_CLIENT_CREDENTIALS, .scope = scope, .child_orgnr = child_orgnr,
    };
    return token_request(s, &r, out, e);
}

/* ---- user login ---- */

void token_login_init(struct token_login *l)
{
    memset(l, 0, sizeof *l);
}

void token_login_clear(struct token_login *l)
{
    pkce_clear(&l->pkce);
    OPENSSL_cleanse(l->state, sizeof l->state);
    OPENSSL_cleanse(l->nonce, sizeof l->nonce);
    free_strings(&l->redirect_uri, &l->authorize_url);
    token_login_init(l);
}

struct login_ctx {
    const struct token_login *l;
    const char *scope;
    const struct strv *resources;
    bool with_client_auth;
};

static int login_params(struct token_session *s, const void *vctx, struct form *f, struct error *e)
{
    const struct login_ctx *c = vctx;

    if (c->with_client_auth) {
        if (add_client_auth(s, f, NULL, e) < 0)
            return -1;
    } else if (form_add(f, "client_id", s->client_id) < 0) {
        goto oom;
    }
    if (form_add(f, "response_type", "code") < 0 || form_add(f, "scope", c->scope) < 0 ||
        form_add(f, "redirect_uri", c->l->redirect_uri) < 0 ||
        form_add(f, "code_challenge", c->l->pkce.challenge) < 0 ||
        form_add(f, "code_challenge_method", "S256") < 0 ||
        form_add(f, "state", c->l->state) < 0 || form_add(f, "nonce", c->l->nonce) < 0)
        goto oom;
    for (size_t i = 0; c->resources && i < c->resources->n; i++)
        if (form_add(f, "resource", c->resources->v[i]) < 0)
            goto oom;
    return 0;
oom:
    return error_nomem(e);
}

static int par_request_uri(const char *body, size_t len, char **out, struct error *e)
{
    cJSON *root = remote_json_object(body, len, _("PAR answer"), e);
    const char *uri;
    int rc = -1;

    if (!root)
        return -1;
    uri = remote_str(root, "request_uri");
    if (!uri || !*uri || strlen(uri) > 2048)
        error_set(e, ERR_PARSE, _("%s has no \"%s\""), _("PAR answer"), "request_uri");
    else if (!(*out = strdup(uri)))
        error_nomem(e);
    else
        rc = 0;
    cJSON_Delete(root);
    return rc;
}

int token_login_begin(struct token_session *s, const char *scope, const struct strv *resources,
                      const char *redirect_uri, struct token_login *out, struct error *e)
{
    struct token_login l;
    struct login_ctx ctx = { &l, scope, resources, false };
    struct form q = { 0 };
    struct http_response res;
    char *request_uri = NULL;
    const char *authz;
    int rc = -1;

    token_login_init(&l);
    http_response_init(&res);
    if (oidc_discover(s->oidc, e) < 0)
        goto out;
    if (!(authz = s->oidc->disc.authorization_endpoint)) {
        error_set(e, ERR_API, _("the STS has no authorization endpoint"));
        goto out;
    }
    if (pkce_generate(&l.pkce, e) < 0 || oauth_random_value(l.state, e) < 0 ||
        oauth_random_value(l.nonce, e) < 0)
        goto out;
    if (!(l.redirect_uri = strdup(redirect_uri))) {
        error_nomem(e);
        goto out;
    }
    if (s->oidc->disc.pushed_authorization_request_endpoint) {
        ctx.with_client_auth = true;
        if (sts_post(s, s->oidc->disc.pushed_authorization_request_endpoint, login_params, &ctx,
                     &res, e) < 0 ||
            par_request_uri(res.body, res.body_len, &request_uri, e) < 0)
            goto out;
        if (form_add(&q, "client_id", s->client_id) < 0 ||
            form_add(&q, "request_uri", request_uri) < 0) {
            error_nomem(e);
            goto out;
        }
        l.used_par = true;
    } else if (login_params(s, &ctx, &q, e) < 0) {
        goto out;
    }
    if (!(l.authorize_url = str_format("%s%c%s", authz, strchr(authz, '?') ? '&' : '?', q.buf))) {
        error_nomem(e);
        goto out;
    }
    *out = l;
    token_login_init(&l);
    rc = 0;
out:
    free(request_uri);
    form_wipe(&q);
    http_response_clear(&res);
    token_login_clear(&l);
    return rc;
}

int token_login_finish(struct token_session *s, const struct token_login *l, const char *code,
                       const struct strv *resources, struct token_answer *out, struct error *e)
{
    struct token_request r = {
        .grant = TOKEN_GRANT_AUTHORIZATION_CODE, .code = code,
        .code_verifier = l->pkce.verifier, .redirect_uri = l->redirect_uri,
        .resources = resources,
    };
    struct id_token_expect x = { .client_id = s->client_id, .nonce = l->nonce };
    struct token_answer t;

    token_answer_init(&t);
    if (token_request(s, &r, &t, e) < 0)
        return -1;
    if (!t.id_token) {
        token_answer_clear(&t);
        return error_set(e, ERR_API, _("HelseID sent no ID token for the login"));
    }
    if (oidc_validate_id_token(s->oidc, t.id_token, &x, NULL, e) < 0) {
        token_answer_clear(&t);
        return -1;
    }
    *out = t;
    return 0;
}

/* ---- API calls ---- */

static bool asks_for_nonce(const struct http_response *res)
{
    return res->status == 401 && res->dpop_nonce && *res->dpop_nonce && res->www_authenticate &&
           strstr(res->www_authenticate, "use_dpop_nonce");
}

int token_api_call(struct token_session *s, const char *access_token,
                   const struct http_request *req, struct http_response *res, struct error *e)
{
    static const char *const method[] = { "GET", "POST", "PUT", "DELETE" };

    for (int attempt = 0; attempt < 2; attempt++) {
        struct dpop_params dp = {
            .htm = method[req->method], .htu = req->url, .nonce = s->api_nonce,
            .access_token = access_token,
        };
        struct strv headers = STRV_INIT;
        struct http_request r = *req;
        char *proof = NULL, *auth = NULL, *dpop = NULL;
        int rc = -1;
        bool retry = false;

        http_response_clear(res);
        if (!(proof = dpop_proof_create(dpop_key(s), &dp, e)))
            goto done;
        if (!(auth = str_format("Authorization: DPoP %s", access_token)) ||
            !(dpop = str_format("DPoP: %s", proof)))
            goto oom;
        for (size_t i = 0; req->headers && i < req->headers->n; i++)
            if (strv_push(&headers, req->headers->v[i]) < 0)
                goto oom;
        if (strv_push(&headers, auth) < 0 || strv_push(&headers, dpop) < 0)
            goto oom;
        r.headers = &headers;
        if (http_request(s->http, &r, res, e) < 0)
            goto done;
        if (remember(&s->api_nonce, res->dpop_nonce) < 0)
            goto oom;
        if (attempt == 0 && asks_for_nonce(res))
            retry = true;
        rc = 0;
        goto done;
    oom:
        error_nomem(e);
    done:
        secret_strv_clear(&headers);
        secret_free_str(auth);
        free(dpop);
        free(proof);
        if (!retry)
            return rc;
    }
    return -1;
}

void token_note_retry_after(struct token_session *s, const struct http_response *res)
{
    long ra = res->status >= 400 && res->retry_after ? http_parse_retry_after(res->retry_after, time(NULL)) : -1;

    if (ra > HTTP_DEFAULT_RETRY_AFTER_MAX_S)
        ra = HTTP_DEFAULT_RETRY_AFTER_MAX_S;
    s->retry_after_ms = ra > 0 ? (int64_t)ra * 1000 : 0;
}
