/* helseid-admin test-token [SCOPE|AUDIENCE [SUB-UNIT]]: fetch a DPoP token for the saved
 * client and show its non-secret claims (iss, aud, scope, client_id, exp, cnf.jkt, the
 * org number claims). The token itself is never shown. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "session/client_ctx.h"
#include "session/plan_session.h"
#include "session/readiness_report.h"
#include "cli/commands.h"
#include "core/i18n.h"
#include "jose/jws.h"
#include "net/remote.h"
#include "net/sb_draft.h"
#include "net/scope_groups.h"
#include "net/selvbetjening.h"

/* Scopes for an audience: those the live client has with status ok. */
static int scopes_for_audience(struct client_ctx *c, const char *aud, char **scope, struct error *e)
{
    struct selvbetjening sb;
    struct client_status cs;
    struct scope_group g = { NULL, STRV_INIT };
    int rc = -1;

    selvbetjening_init(&sb, &c->ts, c->ep.selvbetjening_api);
    client_status_init(&cs);
    if (sb_get_client(&sb, &cs, e) < 0)
        goto out;
    for (size_t i = 0; i < cs.n_scopes; i++) {
        int oom;
        char *a = scope_audience(cs.scopes[i].scope, &oom);
        if (a && strcmp(a, aud) == 0 && cs.scopes[i].status == ITEM_OK)
            strv_push(&g.scopes, cs.scopes[i].scope);
        free(a);
    }
    if (g.scopes.n == 0) {
        error_set(e, ERR_INVALID, _("the client has no approved scope for \"%s\" (see 'status')"), aud);
        goto out;
    }
    if (!(*scope = scope_group_join(&g))) {
        error_nomem(e);
        goto out;
    }
    rc = 0;
out:
    strv_clear(&g.scopes);
    client_status_clear(&cs);
    selvbetjening_clear(&sb);
    return rc;
}

static void add_shown(cJSON *out, const char *name, const cJSON *v)
{
    if (!v)
        return;
    if (cJSON_IsString(v)) {
        char *s = remote_text(v->valuestring, (size_t)-1);
        cJSON_AddStringToObject(out, name, s ? s : "?");
        free(s);
    } else if (cJSON_IsNumber(v) || cJSON_IsBool(v) || cJSON_IsArray(v)) {
        /* Arrays of strings (aud, scope): sanitised one by one. */
        if (cJSON_IsArray(v)) {
            cJSON *a = cJSON_AddArrayToObject(out, name), *it;
            cJSON_ArrayForEach(it, v) {
                char *s = cJSON_IsString(it) ? remote_text(it->valuestring, (size_t)-1) : NULL;
                cJSON_AddItemToArray(a, cJSON_CreateString(s ? s : "?"));
                free(s);
            }
        } else {
            cJSON_AddItemToObject(out, name, cJSON_Duplicate(v, 0));
        }
    }
}

/* The non-secret view of the token's claims. */
static cJSON *shown_claims(const cJSON *claims)
{
    static const char *const names[] = { "iss", "aud", "scope", "client_id", "exp", "iat" };
    cJSON *out = cJSON_CreateObject();
    const cJSON *it, *cnf = cJSON_GetObjectItemCaseSensitive(claims, "cnf");

    if (!out)
        return NULL;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        add_shown(out, names[i], cJSON_GetObjectItemCaseSensitive(claims, names[i]));
    if (cJSON_IsObject(cnf))
        add_shown(out, "cnf.jkt", cJSON_GetObjectItemCaseSensitive(cnf, "jkt"));
    cJSON_ArrayForEach(it, claims)
        if (it->string && strstr(it->string, "orgnr"))
            add_shown(out, it->string, it);
    return out;
}

/* A claim's value from the token, made safe by the one sanitiser. */
static void print_claim_text(const char *s)
{
    char *shown = remote_text(s, (size_t)-1);

    fputs(shown ? shown : "?", stdout);
    free(shown);
}

static void print_value(const char *name, const cJSON *v)
{
    char *shown = remote_text(name, (size_t)-1);   /* a claim's name from the token */

    printf("  %-12s ", shown ? shown : "?");
    free(shown);
    if (cJSON_IsString(v)) {
        print_claim_text(v->valuestring);
    } else if (cJSON_IsArray(v)) {
        const cJSON *it;
        int first = 1;
        cJSON_ArrayForEach(it, v) {
            printf("%s", first ? "" : " ");
            print_claim_text(cJSON_IsString(it) ? it->valuestring : "?");
            first = 0;
        }
    } else if (cJSON_IsNumber(v)) {
        if (strcmp(name, "exp") == 0 || strcmp(name, "iat") == 0) {
            time_t t = (time_t)v->valuedouble;
            struct tm tm;
            char buf[64];
            gmtime_r(&t, &tm);
            strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
            printf("%s", buf);
        } else {
            printf("%.0f", v->valuedouble);
        }
    }
    putchar('\n');
}

#define ORGNR_CHILD_CLAIM "helseid://claims/client/claims/orgnr_child"

/* A token asked for a sub-unit must name it in orgnr_child; a token naming only the
 * parent would reach the APIs as the parent. 0, or -1 with e saying what came. */
static int check_child(const cJSON *claims, const char *child, struct error *e)
{
    const char *got = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(claims, ORGNR_CHILD_CLAIM));
    char *shown;

    if (got && strcmp(got, child) == 0)
        return 0;
    if (!got)
        return error_set(e, ERR_INVALID, _("the token does not name sub-unit %s: it has no orgnr_child "
                                           "(HelseID issued it for the parent organisation only)"), child);
    shown = remote_text(got, (size_t)-1);
    error_set(e, ERR_INVALID, _("the token does not name sub-unit %s: its orgnr_child is %s"), child,
              shown ? shown : "?");
    free(shown);
    return -1;
}

int cmd_test_token(const struct options *o, int argc, char **argv)
{
    struct client_ctx c;
    struct error e = { 0 };
    struct token_answer t;
    struct jws j;
    struct jwk hk;
    char *scope = NULL, jkt[JWK_THUMBPRINT_SIZE];
    const char *want = argc > 1 ? argv[1] : SB_SELF_SCOPE, *child = argc > 2 ? argv[2] : NULL;
    cJSON *shown = NULL;
    const cJSON *it;
    int status = 1, verified = 0, child_ok = 1;

    token_answer_init(&t);
    jws_init(&j);
    jwk_init(&hk);
    if (client_ctx_open(&c, o, CTX_NEED_CLIENT | CTX_NET, &e) < 0)
        goto fail;
    if (strchr(want, '/')) {
        if (!(scope = strdup(want))) {
            error_nomem(&e);
            goto fail;
        }
    } else if (scopes_for_audience(&c, want, &scope, &e) < 0) {
        goto fail;
    }
    if (token_client_credentials(&c.ts, scope, child, &t, &e) < 0)
        goto fail;
    if (jws_parse(&j, t.access_token, JOSE_ALGS_VERIFY, &e) < 0) {
        error_set(&e, ERR_API, _("HelseID issued a token, but not a JWT: its claims cannot be shown"));
        goto fail;
    }
    /* Check the signature too: a token we show should be one HelseID signed. */
    if (oidc_fetch_jwks(&c.oidc, false, &e) == 0 &&
        jwks_find(&hk, c.oidc.jwks, cJSON_GetStringValue(cJSON_GetObjectItem(j.header, "kid")), &e) == 0 &&
        jws_check_signature(&j, &hk, &e) == 0)
        verified = 1;
    if (!(shown = shown_claims(j.payload))) {
        error_nomem(&e);
        goto fail;
    }
    jwk_thumbprint(&c.key, jkt, &e);
    if (child)
        child_ok = check_child(j.payload, child, &e) == 0;
    if (o->json) {
        cJSON_AddStringToObject(shown, "token_type", t.token_type);
        cJSON_AddNumberToObject(shown, "expires_in", (double)t.expires_in);
        cJSON_AddStringToObject(shown, "alg", jose_alg_name(j.alg) ? jose_alg_name(j.alg) : "?");
        cJSON_AddBoolToObject(shown, "signature_verified", verified);
        if (child) {
            cJSON_AddStringToObject(shown, "sub_unit", child);
            cJSON_AddBoolToObject(shown, "sub_unit_ok", child_ok);
        }
        cJSON_AddBoolToObject(shown, "bound_to_our_key",
                              cJSON_GetObjectItem(shown, "cnf.jkt") &&
                              strcmp(cJSON_GetObjectItem(shown, "cnf.jkt")->valuestring, jkt) == 0);
        json_doc_set_body(shown);
        shown = NULL;
    } else {
        /* TRANSLATORS: %s is the scope list the token was asked for. */
        printf(_("HelseID issued a DPoP token for \"%s\" (valid %lld s, signed %s%s):\n"), scope,
               t.expires_in, jose_alg_name(j.alg) ? jose_alg_name(j.alg) : "?",
               verified ? _(", signature checked") : _(", signature NOT checked"));
        cJSON_ArrayForEach(it, shown)
            print_value(it->string, it);
        it = cJSON_GetObjectItem(shown, "cnf.jkt");
        if (!it || strcmp(it->valuestring, jkt) != 0)
            printf(_("warning: the token is not bound to this client's key (cnf.jkt)\n"));
        if (t.rejected_scope) {
            char *left_out = remote_text(t.rejected_scope, (size_t)-1);

            printf(_("warning: HelseID left out: %s\n"), left_out ? left_out : "?");
            free(left_out);
        }
    }
    status = 0;
    if (!child_ok)
        status = client_ctx_fail(&e);
    goto out;
fail:
    if (c.site)
        readiness_explain_unconfirmed(c.site->config, &e);
    status = plan_session_fail(o, &e);     /* with --json, {"error": ...} too */
out:
    cJSON_Delete(shown);
    jwk_clear(&hk);
    jws_clear(&j);
    token_answer_clear(&t);
    free(scope);
    client_ctx_close(&c);
    return status;
}
