#include "config.h"
#include "session/readiness_report.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "net/remote.h"

int readiness_report_make(struct readiness_report *r, const struct client_status *live,
                          const struct catalog *cat, const struct helseid_config *cfg,
                          struct error *e)
{
    memset(r, 0, sizeof *r);
    if (cat && cfg && catalog_scopes(cat, cfg, &r->requested, e) < 0)
        return -1;
    if (client_status_waiting(live, &r->requested, &r->items, &r->n) < 0) {
        strv_clear(&r->requested);
        return error_nomem(e);
    }
    r->verdict = r->n ? ERR_PENDING : ERR_OK;
    return 0;
}

void readiness_report_clear(struct readiness_report *r)
{
    free(r->items);
    strv_clear(&r->requested);
    memset(r, 0, sizeof *r);
}

static const char *status_text(const struct waiting_item *it)
{
    if (it->missing)
        return _("not registered in HelseID");
    switch (it->status) {
    case ITEM_PENDING: return _("pending approval");
    case ITEM_UPDATE_PENDING: return _("change pending approval");
    case ITEM_OK: return _("ok");
    case ITEM_UNKNOWN: break;
    }
    return NULL;
}

static const char *status_key(const struct waiting_item *it)
{
    if (it->missing)
        return "missing";
    switch (it->status) {
    case ITEM_PENDING: return "pending";
    case ITEM_UPDATE_PENDING: return "updatePending";
    case ITEM_OK: return "ok";
    case ITEM_UNKNOWN: break;
    }
    return "unknown";
}

void readiness_report_print(const struct readiness_report *r, FILE *out)
{
    for (size_t i = 0; i < r->n; i++) {
        const struct waiting_item *it = &r->items[i];
        char *name = remote_text(it->name, (size_t)-1);
        char *raw = it->status_raw ? remote_text(it->status_raw, (size_t)-1) : NULL;
        char *why = it->reason ? remote_text(it->reason, (size_t)-1) : NULL;
        const char *st = status_text(it);

        fprintf(out, "  %s: %s%s%s\n", name ? name : "?", st ? st : raw ? raw : "?",
                why ? " - " : "", why ? why : "");
        free(name);
        free(raw);
        free(why);
    }
}

void readiness_report_print_next(const struct readiness_report *r, FILE *out)
{
    if (r->verdict == ERR_OK)
        fprintf(out, "%s\n", _("Next: start the journal system again. After changes to the unit tree, "
                               "run the wizard again and press Save."));
    else
        fprintf(out, "%s\n", _("Do not start the journal system again yet: it can use the client "
                               "once HelseID has approved the above. \"helseid-admin status\" tells "
                               "when (exit status 0)."));
}

cJSON *readiness_report_json(const struct readiness_report *r)
{
    cJSON *a = cJSON_CreateArray(), *it;

    for (size_t i = 0; a && i < r->n; i++) {
        char *name = remote_text(r->items[i].name, (size_t)-1);
        char *why = r->items[i].reason ? remote_text(r->items[i].reason, (size_t)-1) : NULL;

        if ((it = cJSON_CreateObject()) && cJSON_AddItemToArray(a, it)) {
            cJSON_AddStringToObject(it, "name", name ? name : "?");
            cJSON_AddStringToObject(it, "kind", r->items[i].claim ? "claim" : "scope");
            cJSON_AddStringToObject(it, "status", status_key(&r->items[i]));
            if (why)
                cJSON_AddStringToObject(it, "reason", why);
        }
        free(name);
        free(why);
    }
    return a;
}

void readiness_explain_unconfirmed(const struct helseid_config *cfg, struct error *e)
{
    if (cfg && cfg->state == CONFIG_PENDING && cfg->client_id && e->code == ERR_AUTH)
        error_set(e, ERR_NOT_CONFIRMED,
                  _("client %s is not confirmed in Selvbetjening yet (or HelseID is still activating "
                    "it); run the wizard or apply again to resume"), cfg->client_id);
}

/* The site file only holds GUIDs (data/site.rng): anything else from the wire is not
 * adopted, so the save cannot fail on it. */
static bool guid_shaped(const char *s)
{
    static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";

    for (size_t i = 0; i < sizeof shape - 1; i++)
        if (shape[i] == '-' ? s[i] != '-' : !strchr("0123456789abcdefABCDEF", s[i]) || !s[i])
            return false;
    return s[sizeof shape - 1] == '\0';
}

int readiness_adopt_sfm_id(struct helseid_config *cfg, const struct client_status *live,
                           const struct catalog *cat)
{
    const struct catalog_service *sfm = cat ? catalog_sfm_service(cat) : NULL;
    const char *v = client_status_claim_value(live, cat ? catalog_sfm_claim_key(cat) : NULL);

    if (!sfm || !config_find_service(cfg, sfm->id))
        return 0;       /* SFM not chosen: no SFM-ID of ours */

    if (!v || !guid_shaped(v) || (cfg->sfm_id && strcmp(cfg->sfm_id, v) == 0))
        return 0;
    return str_replace(&cfg->sfm_id, v) < 0 ? -1 : 1;
}
