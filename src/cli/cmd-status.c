/* helseid-admin status [--json]: the saved HelseID configuration and, when a client
 * exists, its live status per scope and claim from Selvbetjening (GET /v1/client). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "session/client_ctx.h"
#include "cli/commands.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "net/remote.h"
#include "net/selvbetjening.h"
#include "session/readiness_report.h"

static const char *status_word(enum item_status s, const char *raw)
{
    switch (s) {
    case ITEM_OK: return _("ok");
    case ITEM_PENDING: return _("pending");
    case ITEM_UPDATE_PENDING: return _("update pending");
    case ITEM_UNKNOWN: break;
    }
    return raw ? raw : _("unknown");
}

static const char *status_key(enum item_status s)
{
    switch (s) {
    case ITEM_OK: return "ok";
    case ITEM_PENDING: return "pending";
    case ITEM_UPDATE_PENDING: return "updatePending";
    case ITEM_UNKNOWN: break;
    }
    return "unknown";
}

/* Remote text, sanitised, into a JSON object. */
static void add_text(cJSON *o, const char *name, const char *s)
{
    char *t;

    if (!s)
        return;
    t = remote_text(s, (size_t)-1);
    cJSON_AddStringToObject(o, name, t ? t : "?");
    free(t);
}

static void print_config(const struct site *s, const char *key_path)
{
    const struct helseid_config *c = s->config;
    char shown[SANITIZE_DEFAULT_MAX + 1];   /* the key's path as printed */

    if (!c) {
        printf(_("No HelseID configuration is saved\n"));
        return;
    }
    printf(_("Environment:     %s\n"), c->env ? c->env : "-");
    printf(_("Owner:           %s\n"), c->owner_orgnr ? c->owner_orgnr : "-");
    printf(_("Client id:       %s\n"), c->client_id ? c->client_id : "-");
    printf(_("State:           %s\n"), config_state_name(c->state) ? config_state_name(c->state) : "-");
    printf(_("Key:             %s (%s)\n"),
           sanitize_into(shown, sizeof shown, key_path ? key_path : c->key_file ? c->key_file : "-",
                         (size_t)-1, 0),
           c->key_alg ? c->key_alg : "-");
    if (c->key_expires)
        printf(_("Key expires:     %s\n"), c->key_expires);
    printf(_("Sub-units:       %zu\n"), c->child_orgnrs.n);
    if (c->sfm_id)
        printf(_("SFM-ID:          %s\n"), c->sfm_id);
}

static cJSON *config_json(const struct site *s, const char *key_path)
{
    const struct helseid_config *c = s->config;
    cJSON *o = cJSON_CreateObject(), *a;

    if (!o || !c)
        return o;
    if (c->env) cJSON_AddStringToObject(o, "environment", c->env);
    if (c->owner_orgnr) cJSON_AddStringToObject(o, "owner", c->owner_orgnr);
    if (c->client_id) cJSON_AddStringToObject(o, "client_id", c->client_id);
    if (config_state_name(c->state)) cJSON_AddStringToObject(o, "state", config_state_name(c->state));
    if (key_path || c->key_file) cJSON_AddStringToObject(o, "key_file", key_path ? key_path : c->key_file);
    if (c->key_alg) cJSON_AddStringToObject(o, "key_alg", c->key_alg);
    if (c->sfm_id) cJSON_AddStringToObject(o, "sfm_id", c->sfm_id);
    if (c->key_expires) cJSON_AddStringToObject(o, "key_expires", c->key_expires);
    a = cJSON_AddArrayToObject(o, "child_orgnrs");
    for (size_t i = 0; a && i < c->child_orgnrs.n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(c->child_orgnrs.v[i]));
    return o;
}

/* One scope or claim: its status, its name, and HelseID's reason, all sanitised. */
static void print_item(enum item_status status, const char *status_raw, const char *name,
                       const char *reason)
{
    char *n = remote_text(name, (size_t)-1), *why = reason ? remote_text(reason, (size_t)-1) : NULL;
    char *raw = status_raw ? remote_text(status_raw, (size_t)-1) : NULL;

    printf("  %-16s %s%s%s\n", status_word(status, raw), n ? n : "?", why ? " - " : "",
           why ? why : "");
    free(n);
    free(why);
    free(raw);
}

static void print_live(const struct client_status *cs, const struct readiness_report *rr)
{
    printf(_("Scopes in HelseID:\n"));
    for (size_t i = 0; i < cs->n_scopes; i++)
        print_item(cs->scopes[i].status, cs->scopes[i].status_raw, cs->scopes[i].scope,
                   cs->scopes[i].reason);
    for (size_t i = 0; i < cs->n_claims; i++)
        print_item(cs->claims[i].status, cs->claims[i].status_raw, cs->claims[i].type,
                   cs->claims[i].reason);
    printf(_("Sub-units in HelseID: %zu\n"), cs->child_orgnrs.n);
    if (rr->verdict == ERR_OK) {
        printf("%s\n", _("Ready: every scope and claim is approved"));
    } else {
        printf("%s\n", _("Not ready: HelseID has not approved everything yet:"));
        readiness_report_print(rr, stdout);
    }
}

/* The SFM-ID HelseID holds when it is not the one saved (a new one: the wizard or
 * apply saves it), else NULL. */
static const char *new_sfm_id(const struct site *s, const struct client_status *cs)
{
    static const char key[] = "e-helse:sfm.api/client/claims/sfm-id";
    const char *live = client_status_claim_value(cs, key);

    if (!live || (s->config && s->config->sfm_id && strcasecmp(s->config->sfm_id, live) == 0))
        return NULL;
    return live;
}

static cJSON *live_json(const struct client_status *cs, const struct readiness_report *rr)
{
    cJSON *o = cJSON_CreateObject(), *a, *it;

    if (!o)
        return NULL;
    a = cJSON_AddArrayToObject(o, "scopes");
    for (size_t i = 0; a && i < cs->n_scopes; i++) {
        if (!(it = cJSON_CreateObject()) || !cJSON_AddItemToArray(a, it))
            break;
        add_text(it, "scope", cs->scopes[i].scope);
        cJSON_AddStringToObject(it, "status", status_key(cs->scopes[i].status));
        add_text(it, "status_raw", cs->scopes[i].status_raw);
        add_text(it, "reason", cs->scopes[i].reason);
    }
    a = cJSON_AddArrayToObject(o, "claims");
    for (size_t i = 0; a && i < cs->n_claims; i++) {
        if (!(it = cJSON_CreateObject()) || !cJSON_AddItemToArray(a, it))
            break;
        add_text(it, "type", cs->claims[i].type);
        add_text(it, "active", cs->claims[i].active);
        add_text(it, "pending", cs->claims[i].pending);
        cJSON_AddStringToObject(it, "status", status_key(cs->claims[i].status));
        add_text(it, "reason", cs->claims[i].reason);
    }
    a = cJSON_AddArrayToObject(o, "child_orgnrs");
    for (size_t i = 0; a && i < cs->child_orgnrs.n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(cs->child_orgnrs.v[i]));
    cJSON_AddBoolToObject(o, "ready", rr->verdict == ERR_OK);
    if (rr->verdict != ERR_OK)
        cJSON_AddItemToObject(o, "waiting", readiness_report_json(rr));
    return o;
}

int cmd_status(const struct options *o, int argc, char **argv)
{
    struct client_ctx c;
    struct client_status cs;
    struct selvbetjening sb;
    struct error e = { 0 }, live_err = { 0 };
    struct readiness_report rr = { 0 };
    const char *sfm = NULL;
    int status = 0, have_live = 0, have_client;

    (void)argv;
    client_status_init(&cs);
    (void)argc;                 /* no operands: cli/parse.c checked */
    if (client_ctx_open(&c, o, 0, &e) < 0) {
        status = client_ctx_fail(&e);
        client_ctx_close(&c);
        return status;
    }
    have_client = c.site->config && c.site->config->client_id && c.site->config->key_file;
    client_ctx_close(&c);
    if (have_client) {
        /* Reopen with the key and the network: a status without them is still useful. */
        if (client_ctx_open(&c, o, CTX_NEED_CLIENT | CTX_NET, &live_err) == 0) {
            selvbetjening_init(&sb, &c.ts, c.ep.selvbetjening_api);
            have_live = sb_get_client(&sb, &cs, &live_err) == 0;
            selvbetjening_clear(&sb);
        }
    } else if (client_ctx_open(&c, o, 0, &e) < 0) {
        status = client_ctx_fail(&e);
        client_ctx_close(&c);
        return status;
    }
    if (!c.site) {          /* the site file vanished between the two opens */
        status = client_ctx_fail(&live_err);
        client_ctx_close(&c);
        return status;
    }
    if (have_live && readiness_report_make(&rr, &cs, NULL, NULL, &live_err) < 0)
        have_live = 0;
    /* A draft HelseID issues no tokens for yet: not an authentication failure. */
    if (have_client && !have_live)
        readiness_explain_unconfirmed(c.site->config, &live_err);
    if (have_live)
        sfm = new_sfm_id(c.site, &cs);
    if (o->json) {
        cJSON *root = cJSON_CreateObject();

        if (root) {
            cJSON *cfg = config_json(c.site, c.key_path);

            cJSON_AddItemToObject(root, "config", cfg);
            if (sfm)
                add_text(cfg, "new_sfm_id", sfm);
            if (have_live)
                cJSON_AddItemToObject(root, "live", live_json(&cs, &rr));
            else if (have_client) {
                cJSON *err = cJSON_AddObjectToObject(root, "error");
                cJSON_AddStringToObject(err, "code", error_code_name(live_err.code));
                cJSON_AddStringToObject(err, "message", live_err.msg);
            }
        }
        json_doc_set_body(root);
    } else {
        print_config(c.site, c.key_path);
        if (sfm) {
            char *t = remote_text(sfm, (size_t)-1);

            printf(_("New SFM-ID from HelseID: %s (the wizard or apply saves it; the SFM user "
                     "must be registered again under it)\n"), t ? t : "?");
            free(t);
        }
        if (have_live)
            print_live(&cs, &rr);
    }
    if (have_client && !have_live) {
        status = client_ctx_fail(&live_err);
    } else if (have_live && rr.verdict != ERR_OK) {
        status = error_exit_status(rr.verdict);
    }
    readiness_report_clear(&rr);
    client_status_clear(&cs);
    client_ctx_close(&c);
    return status;
}
