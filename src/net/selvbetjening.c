#include "config.h"
#include "net/selvbetjening.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/crypto.h>

#include "core/i18n.h"
#include "jose/jwt.h"
#include "jose/rand.h"

static char *api_url(const char *api, const char *path, struct error *e)
{
    char *url = str_format("%s%s", api, path);

    if (!url)
        error_nomem(e);
    return url;
}

int sb_create_draft(struct http_client *http, const char *api, const char *api_key,
                    const struct sb_draft *d, char **client_id, struct error *e)
{
    struct strv headers = STRV_INIT;
    struct http_response res;
    char *json = NULL, *url = NULL, *hdr = NULL;
    const char *what = _("creating the client draft");
    int rc = -1;

    http_response_init(&res);
    if (!(json = sb_draft_to_json(d, e)) || !(url = api_url(api, "/v1/client-drafts", e)))
        goto out;
    if (!(hdr = str_format("api-key: %s", api_key)) || strv_push(&headers, hdr) < 0 ||
        strv_push(&headers, "Accept: application/json") < 0) {
        error_nomem(e);
        goto out;
    }
    {
        struct http_request req = {
            .method = HTTP_POST, .url = url, .headers = &headers, .body = json,
            .body_len = strlen(json), .content_type = "application/json",
        };
        if (http_request(http, &req, &res, e) < 0) {
            error_prefix(e, "%s", what);
            goto out;
        }
    }
    if (res.status < 200 || res.status > 299) {
        sb_api_error(res.status, res.body, res.body_len, what, e);
        goto out;
    }
    rc = sb_draft_answer_parse(res.body, res.body_len, client_id, e);
out:
    secret_strv_clear(&headers);
    secret_free_str(hdr);
    free(json);
    free(url);
    http_response_clear(&res);
    return rc;
}

void selvbetjening_init(struct selvbetjening *sb, struct token_session *ts, const char *api)
{
    sb->ts = ts;
    sb->api = api;
    token_answer_init(&sb->token);
    sb->token_expires = 0;
}

void selvbetjening_clear(struct selvbetjening *sb)
{
    token_answer_clear(&sb->token);
    sb->token_expires = 0;
}

static int ensure_token(struct selvbetjening *sb, struct error *e)
{
    int64_t now = jwt_now();
    struct token_answer t;

    /* Reuse while at least 30 s remain. */
    if (sb->token.access_token && now + 30 < sb->token_expires)
        return 0;
    token_answer_init(&t);
    if (token_client_credentials(sb->ts, SB_SELF_SCOPE, NULL, &t, e) < 0)
        return -1;
    token_answer_clear(&sb->token);
    sb->token = t;
    sb->token_expires = now + (t.expires_in > 0 ? t.expires_in : 60);
    return 0;
}

/* One authenticated call; 2xx leaves the answer in res, anything else fills e. */
static int call(struct selvbetjening *sb, enum http_method m, const char *path, const char *json,
                const char *what, struct http_response *res, struct error *e)
{
    struct strv headers = STRV_INIT;
    char *url = NULL;
    int rc = -1;

    if (ensure_token(sb, e) < 0) {
        error_prefix(e, "%s", what);
        return -1;
    }
    if (!(url = api_url(sb->api, path, e)))
        return -1;
    if (strv_push(&headers, "Accept: application/json") < 0) {
        error_nomem(e);
        goto out;
    }
    {
        struct http_request req = {
            .method = m, .url = url, .headers = &headers, .body = json,
            .body_len = json ? strlen(json) : 0, .content_type = json ? "application/json" : NULL,
        };
        if (token_api_call(sb->ts, sb->token.access_token, &req, res, e) < 0) {
            error_prefix(e, "%s", what);
            goto out;
        }
    }
    if (res->status < 200 || res->status > 299) {
        sb_api_error(res->status, res->body, res->body_len, what, e);
        goto out;
    }
    rc = 0;
out:
    strv_clear(&headers);
    free(url);
    return rc;
}

int sb_get_client(struct selvbetjening *sb, struct client_status *out, struct error *e)
{
    struct http_response res;
    int rc = -1;

    http_response_init(&res);
    if (call(sb, HTTP_GET, "/v1/client", NULL, _("reading the client"), &res, e) == 0)
        rc = sb_client_status_parse(res.body, res.body_len, out, e);
    http_response_clear(&res);
    return rc;
}

int sb_put_client(struct selvbetjening *sb, const struct sb_client_update *u, struct error *e)
{
    struct http_response res;
    char *json = sb_client_update_to_json(u, e);
    int rc = -1;

    if (!json)
        return -1;
    http_response_init(&res);
    rc = call(sb, HTTP_PUT, "/v1/client", json, _("updating the client"), &res, e);
    http_response_clear(&res);
    free(json);
    return rc;
}

int sb_upload_key(struct selvbetjening *sb, const char *public_jwk_json, time_t *expiration,
                  struct error *e)
{
    struct http_response res;
    int rc = -1;

    http_response_init(&res);
    if (call(sb, HTTP_POST, "/v1/client-secret", public_jwk_json, _("uploading the new key"),
             &res, e) == 0)
        rc = sb_secret_answer_parse(res.body, res.body_len, expiration, e);
    http_response_clear(&res);
    return rc;
}

int sb_list_keys(struct selvbetjening *sb, struct sb_key_list *out, struct error *e)
{
    struct http_response res;
    int rc = -1;

    http_response_init(&res);
    if (call(sb, HTTP_GET, "/v1/client-secret", NULL, _("listing the client's keys"), &res, e) == 0)
        rc = sb_key_list_parse(res.body, res.body_len, out, e);
    http_response_clear(&res);
    return rc;
}

int sb_probe_token(void *token_session, struct error *e)
{
    struct token_answer a;
    int rc;

    token_answer_init(&a);
    rc = token_client_credentials(token_session, SB_SELF_SCOPE, NULL, &a, e);
    token_answer_clear(&a);
    return rc;
}
