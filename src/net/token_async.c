#include "config.h"
#include "net/token_async.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "core/i18n.h"
#include "jose/dpop.h"
#include "net/oidc_doc.h"
#include "jose/rand.h"

void token_async_init(struct token_async *a)
{
    memset(a, 0, sizeof *a);
    a->headers = (struct strv)STRV_INIT;
    http_response_init(&a->res);
    token_answer_init(&a->answer);
}

/* Drop what one transfer needed, wiping the secret parts. */
static void release_xfer(struct token_async *a)
{
    secret_strv_clear(&a->headers);
    form_wipe(&a->body);
    free(a->url);
    a->url = NULL;
    if (a->res.body)
        OPENSSL_cleanse(a->res.body, a->res.body_len);
    http_response_clear(&a->res);
}

void token_async_clear(struct token_async *a)
{
    release_xfer(a);
    token_answer_clear(&a->answer);
    token_async_init(a);
}

static void on_done(void *ud, const struct http_request *req, struct http_response *res, int rc,
                    const struct error *e)
{
    struct token_async *a = ud;

    (void)req;
    (void)res;
    a->finished = true;
    a->xfer_rc = rc;
    if (rc < 0 && e)
        a->xfer_err = *e;
}

static void finish(struct token_async *a, int rc)
{
    a->rc = rc;
    a->state = TOKEN_ASYNC_DONE;
    release_xfer(a);
}

static int send_discovery(struct token_async *a, struct error *e)
{
    if (!(a->url = str_format("%s/.well-known/openid-configuration", a->s->oidc->authority)))
        return error_nomem(e);
    a->req = (struct http_request){ .method = HTTP_GET, .url = a->url };
    a->finished = false;
    a->state = TOKEN_ASYNC_DISCOVERY;
    return http_multi_add(a->m, &a->req, &a->res, on_done, a, e);
}

static int send_token(struct token_async *a, struct error *e)
{
    const char *url = a->s->oidc->disc.token_endpoint;
    struct dpop_params dp = { .htm = "POST", .htu = url, .nonce = a->s->sts_nonce };
    char *proof, *hdr = NULL;

    release_xfer(a);
    if (token_build_form(a->s, a->r, &a->body, e) < 0)
        return -1;
    if (!(proof = dpop_proof_create(token_dpop_key(a->s), &dp, e)))
        return -1;
    hdr = str_format("DPoP: %s", proof);
    free(proof);
    if (!hdr || strv_push_owned(&a->headers, hdr) < 0) {
        free(hdr);
        return error_nomem(e);
    }
    if (strv_push(&a->headers, "Accept: application/json") < 0)
        return error_nomem(e);
    a->req = (struct http_request){
        .method = HTTP_POST, .url = url, .headers = &a->headers, .body = a->body.buf,
        .body_len = a->body.len, .content_type = "application/x-www-form-urlencoded",
        .body_secret = true,
    };
    a->finished = false;
    a->state = TOKEN_ASYNC_TOKEN;
    a->s->requests++;
    return http_multi_add(a->m, &a->req, &a->res, on_done, a, e);
}

int token_async_start(struct token_async *a, struct token_session *s, struct http_multi *m,
                      const struct token_request *r, struct error *e)
{
    token_async_clear(a);
    a->s = s;
    a->m = m;
    a->r = r;
    if (!s->key || !s->client_id)
        return error_set(e, ERR_INVALID, _("no client id or key for the token request"));
    if (!s->oidc->have_disc)
        return send_discovery(a, e);
    return send_token(a, e);
}

void token_async_poll(struct token_async *a)
{
    struct oauth_error oe;

    if (!a->finished || a->state == TOKEN_ASYNC_DONE || a->state == TOKEN_ASYNC_IDLE)
        return;
    a->finished = false;
    if (a->xfer_rc < 0) {
        a->err = a->xfer_err;
        finish(a, -1);
        return;
    }
    if (a->state == TOKEN_ASYNC_DISCOVERY) {
        if (http_status_error(&a->res, _("discovery document"), &a->err) != 0 ||
            oidc_discovery_parse(a->res.body, a->res.body_len, a->s->oidc->authority,
                                 &a->s->oidc->disc, &a->err) < 0) {
            finish(a, -1);
            return;
        }
        a->s->oidc->have_disc = true;
        if (send_token(a, &a->err) < 0)
            finish(a, -1);
        return;
    }
    token_note_retry_after(a->s, &a->res);
    if (token_note_sts_nonce(a->s, a->res.dpop_nonce) < 0) {
        error_nomem(&a->err);
        finish(a, -1);
        return;
    }
    if (a->res.status >= 200 && a->res.status < 300) {
        finish(a, token_answer_parse(a->res.body, a->res.body_len, &a->answer, &a->err));
        return;
    }
    oauth_error_init(&oe);
    oauth_error_parse(a->res.body, a->res.body_len, &oe);
    if (a->attempt == 0 && a->res.status == 400 && oe.error && strcmp(oe.error, "use_dpop_nonce") == 0 &&
        a->res.dpop_nonce && *a->res.dpop_nonce) {
        oauth_error_clear(&oe);
        a->attempt = 1;
        if (send_token(a, &a->err) < 0)
            finish(a, -1);
        return;
    }
    oauth_error_report(&oe, a->res.status, &a->err);
    oauth_error_clear(&oe);
    finish(a, -1);
}

bool token_async_done(const struct token_async *a)
{
    return a->state == TOKEN_ASYNC_DONE;
}

int token_async_result(struct token_async *a, struct token_answer *out, struct error *e)
{
    if (a->state != TOKEN_ASYNC_DONE)
        return error_set(e, ERR_INVALID, _("the token request has not finished"));
    if (a->rc < 0) {
        if (e)
            *e = a->err;
        return -1;
    }
    *out = a->answer;
    token_answer_init(&a->answer);
    return 0;
}
