/* Step 5a, SFM-ID (seed 000): an empty SFM-ID makes a new one, and an organisation
 * that already uses SFM then loses access. The safeguard refuses that unless the user
 * confirmed it, and offers the previous SFM-ID. */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "core/catalog.h"
#include "core/client_status.h"
#include "core/rules/rules-int.h"
#include "core/site.h"

bool rules_sfm_id_valid(const char *s)
{
    static const int groups[] = { 8, 4, 4, 4, 12 };
    if (!s)
        return false;
    for (size_t g = 0; g < 5; g++) {
        for (int i = 0; i < groups[g]; i++, s++)
            if (!isxdigit((unsigned char)*s))
                return false;
        if (g < 4 && *s++ != '-')
            return false;
    }
    return *s == '\0';
}

const char *rules_sfm_live_id(const struct catalog *cat, const struct client_status *live)
{
    const char *key = cat && live ? catalog_sfm_claim_key(cat) : NULL;
    const struct claim_state *cl = key ? client_status_claim(live, key) : NULL;

    if (cl && !str_empty(cl->pending))
        return cl->pending;
    if (cl && !str_empty(cl->active))
        return cl->active;
    return NULL;
}

const char *rules_sfm_previous(const struct catalog *cat, const struct helseid_config *saved,
                               const struct client_status *live)
{
    if (saved && !str_empty(saved->sfm_id))
        return saved->sfm_id;
    return rules_sfm_live_id(cat, live);
}

static bool live_has_audience(const struct client_status *live, const char *audience)
{
    size_t len = strlen(audience);
    for (size_t i = 0; live && i < live->n_scopes; i++) {
        const char *sc = live->scopes[i].scope;
        if (sc && strncmp(sc, audience, len) == 0 && sc[len] == '/')
            return true;
    }
    return false;
}

bool rules_sfm_in_use(const struct catalog *cat, const struct helseid_config *saved,
                      const struct client_status *live)
{
    const struct catalog_service *sfm = cat ? catalog_sfm_service(cat) : NULL;

    return rules_sfm_previous(cat, saved, live) ||
           (sfm && saved && config_find_service(saved, sfm->id)) ||
           (sfm && live_has_audience(live, sfm->audience));
}

bool rules_sfm_chosen(const struct catalog *cat, const struct helseid_config *cfg)
{
    const struct catalog_service *sfm = cat ? catalog_sfm_service(cat) : NULL;

    return sfm && cfg && config_find_service(cfg, sfm->id);
}

static int check_safeguard(const struct rule *r, const struct rules_input *in,
                           struct diags *out)
{
    const struct catalog_service *sfm = in->catalog ? catalog_sfm_service(in->catalog) : NULL;
    if (!sfm || !in->desired)
        return 0;
    const char *prev = rules_sfm_previous(in->catalog, in->saved, in->live);
    bool in_use = rules_sfm_in_use(in->catalog, in->saved, in->live);
    bool chosen = rules_sfm_chosen(in->catalog, in->desired);
    const char *now = in->desired->sfm_id;

    if (!chosen) {
        if (!in_use)
            return 0;
        return diag_add(out, r, DIAG_WARN, "sfm_id", prev,
                        _("keep SFM chosen if the organisation still uses it"),
                        _("SFM is no longer chosen: the SFM-ID is removed and SFM stops working"));
    }
    if (!str_empty(now)) {
        if (prev && strcasecmp(prev, now) != 0)
            return diag_add(out, r, DIAG_WARN, "sfm_id", prev,
                            _("use the previous SFM-ID unless SFM support asked for the change"),
                            _("the SFM-ID changes from %s to %s"), prev, now);
        return diag_add(out, r, DIAG_OK, "sfm_id", NULL, NULL, _("SFM-ID %s"), now);
    }
    if (!in_use)
        return diag_add(out, r, DIAG_OK, "sfm_id", NULL,
                        _("leave it empty only if the organisation does not use SFM today"),
                        _("a new SFM-ID will be made"));
    if (in->sfm_empty_confirmed)
        return diag_add(out, r, DIAG_WARN, "sfm_id", prev, NULL,
                        _("a new SFM-ID will be made as confirmed: the current SFM user loses access"));
    return diag_add(out, r, DIAG_ERROR, "sfm_id", prev,
                    prev ? _("reuse the previous SFM-ID, or confirm that a new one is wanted")
                         : _("find the existing SFM-ID in the Self-service portal, or confirm that a new one is wanted"),
                    _("the SFM-ID is empty but SFM is in use: saving would make a new SFM-ID and lose access to SFM"));
}

static int check_format(const struct rule *r, const struct rules_input *in,
                        struct diags *out)
{
    if (!in->desired || str_empty(in->desired->sfm_id) || rules_sfm_id_valid(in->desired->sfm_id))
        return 0;
    return diag_add(out, r, DIAG_ERROR, "sfm_id", NULL,
                    _("an SFM-ID looks like 3f2504e0-4f89-11d3-9a0c-0305e82c3301"),
                    _("SFM-ID \"%s\" is not a GUID"), in->desired->sfm_id);
}

const struct rule rules_sfm[] = {
    { "sfm.empty_id_safeguard", RULES_STEP_SETTINGS, check_safeguard },
    { "sfm.id_format", RULES_STEP_SETTINGS, check_format },
};
const size_t rules_sfm_n = sizeof(rules_sfm) / sizeof(rules_sfm[0]);
