#include "config.h"
#include "net/token_answer.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/i18n.h"
#include "core/strv.h"
#include "jose/rand.h"
#include "net/remote.h"

void token_answer_init(struct token_answer *t)
{
    memset(t, 0, sizeof *t);
    t->expires_in = -1;
    t->rt_expires_in = -1;
}

void token_answer_clear(struct token_answer *t)
{
    secret_free_str(t->access_token);
    secret_free_str(t->refresh_token);
    secret_free_str(t->id_token);
    free_strings(&t->token_type, &t->scope, &t->rejected_scope);
    token_answer_init(t);
}

int token_answer_parse(const char *body, size_t len, struct token_answer *out, struct error *e)
{
    struct token_answer t;
    cJSON *root;
    const char *what = _("token answer");
    int rc = -1;

    token_answer_init(&t);
    if (!(root = remote_json_object(body, len, what, e)))
        return -1;
    if (remote_str_copy(root, "access_token", &t.access_token) < 0 ||
        remote_str_copy(root, "token_type", &t.token_type) < 0 ||
        remote_str_copy(root, "scope", &t.scope) < 0 ||
        remote_str_copy(root, "refresh_token", &t.refresh_token) < 0 ||
        remote_str_copy(root, "rejected_scope", &t.rejected_scope) < 0 ||
        remote_str_copy(root, "id_token", &t.id_token) < 0) {
        error_set(e, ERR_PARSE, _("%s has a member of the wrong type"), what);
        goto out;
    }
    if (!t.access_token || !*t.access_token) {
        error_set(e, ERR_PARSE, _("%s has no \"%s\""), what, "access_token");
        goto out;
    }
    if (!t.token_type) {
        error_set(e, ERR_PARSE, _("%s has no \"%s\""), what, "token_type");
        goto out;
    }
    if (strcasecmp(t.token_type, "DPoP") != 0) {
        char *shown = remote_text(t.token_type, (size_t)-1);
        /* TRANSLATORS: %s is the token type HelseID sent, e.g. "Bearer". */
        error_set(e, ERR_API, _("HelseID issued a \"%s\" token instead of a DPoP token"),
                  shown ? shown : "?");
        free(shown);
        goto out;
    }
    if (remote_int(root, "expires_in", 1, 10LL * 365 * 24 * 3600, &t.expires_in) != 0 ||
        remote_int(root, "rt_expires_in", 0, 10LL * 365 * 24 * 3600, &t.rt_expires_in) < 0) {
        error_set(e, ERR_PARSE, _("%s has an invalid lifetime"), what);
        goto out;
    }
    *out = t;
    token_answer_init(&t);
    rc = 0;
out:
    token_answer_clear(&t);
    remote_json_delete_wiped(root);
    return rc;
}

void oauth_error_init(struct oauth_error *oe)
{
    oe->error = NULL;
    oe->description = NULL;
}

void oauth_error_clear(struct oauth_error *oe)
{
    free_strings(&oe->error, &oe->description);
    oauth_error_init(oe);
}

int oauth_error_parse(const char *body, size_t len, struct oauth_error *out)
{
    cJSON *root = remote_json_object(body, len, "error", NULL);
    const char *err = remote_str(root, "error");
    const char *desc = remote_str(root, "error_description");
    int rc = 0;

    oauth_error_init(out);
    if ((err && !(out->error = remote_text(err, (size_t)-1))) ||
        (desc && *desc && !(out->description = remote_text(desc, (size_t)-1)))) {
        oauth_error_clear(out);
        rc = -1;
    }
    cJSON_Delete(root);
    return rc;
}

struct known_error {
    const char *code;
    enum err_code err;
    const char *text;
};

/* What an administrator should do about each error. */
static const struct known_error known_errors[] = {
    { "invalid_client", ERR_AUTH,
      N_("the client is not (yet) known to HelseID or its key was refused: confirm the "
         "client in Selvbetjening, wait a minute and try again, or check the key file") },
    { "invalid_scope", ERR_API,
      N_("HelseID refused a scope: the client does not have it yet or it is still "
         "pending approval (see 'status')") },
    { "unauthorized_client", ERR_API,
      N_("the client may not use this grant type: check its configuration in Selvbetjening") },
    { "invalid_grant", ERR_API,
      N_("the code or refresh token was refused (expired or already used): log in again") },
    { "unsupported_grant_type", ERR_API,
      N_("HelseID does not support this grant type for the client") },
    { "invalid_target", ERR_API,
      N_("HelseID refused the requested API (resource): the client has no scope for it") },
    { "invalid_dpop_proof", ERR_API,
      N_("HelseID refused the DPoP proof: check that this computer's clock is right") },
    { "use_dpop_nonce", ERR_API,
      N_("HelseID kept asking for a new DPoP nonce") },
    { "access_denied", ERR_API, N_("access was denied") },
    { "invalid_request", ERR_API, N_("HelseID rejected the request as malformed") },
    { "temporarily_unavailable", ERR_API,
      N_("HelseID is temporarily unavailable: try again in a few minutes") },
    { "server_error", ERR_API, N_("HelseID had an internal error: try again later") },
};

int oauth_error_report(const struct oauth_error *oe, long status, struct error *e)
{
    const char *desc = oe && oe->description ? oe->description : NULL;

    if (oe && oe->error) {
        for (size_t i = 0; i < sizeof known_errors / sizeof *known_errors; i++) {
            const struct known_error *k = &known_errors[i];
            if (strcmp(k->code, oe->error) != 0)
                continue;
            if (desc)
                /* TRANSLATORS: "<explanation> (<error code>: <HelseID's own words>)" */
                return error_set(e, k->err, _("%s (%s: %s)"), _(k->text), k->code, desc);
            return error_set(e, k->err, _("%s (%s)"), _(k->text), k->code);
        }
        if (desc)
            return error_set(e, ERR_API, _("HelseID answered \"%s\": %s"), oe->error, desc);
        return error_set(e, ERR_API, _("HelseID answered \"%s\""), oe->error);
    }
    if (status == 401 || status == 403)
        return error_set(e, ERR_AUTH, _("HelseID refused the client (HTTP %ld)"), status);
    if (status >= 500)
        return error_set(e, ERR_API, _("HelseID is not working right now (HTTP %ld): try again in a few minutes"),
                         status);
    return error_set(e, ERR_API, _("HelseID answered HTTP %ld without an error code"), status);
}
