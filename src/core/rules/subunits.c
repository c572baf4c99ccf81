/* Step 3, "Underenheter": the distinct org numbers of the unit tree vs those HelseID
 * has. Numbers that come from HelseID or the site are shown with a warning when
 * invalid, never refused (spec: some test sub-units fail mod 11). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/client_status.h"
#include "core/org_entity.h"
#include "core/rules/rules-int.h"
#include "core/site.h"

static int check_present(const struct rule *r, const struct rules_input *in,
                         struct diags *out)
{
    if (!in->site)
        return 0;
    struct strv nrs = STRV_INIT;
    if (site_distinct_orgnrs(in->site, &nrs) < 0)
        return -1;
    size_t n = nrs.n;
    strv_clear(&nrs);
    if (n == 0)
        return diag_add(out, r, DIAG_WARN, "subunits", NULL,
                        _("add the units with their organisation numbers to the unit tree"),
                        _("the unit tree has no organisation numbers: tokens cannot name a sub-unit"));
    return diag_add(out, r, DIAG_OK, "subunits", NULL, NULL,
                    P_("%zu organisation number in the unit tree",
                       "%zu organisation numbers in the unit tree", n), n);
}

static int check_orgnrs(const struct rule *r, const struct rules_input *in,
                        struct diags *out)
{
    char field[64];
    for (size_t i = 0; in->site && i < in->site->n_units; i++) {
        const struct unit *u = &in->site->units[i];
        if (str_empty(u->orgnr))
            continue;
        enum ident_reason w;
        enum ident_reason why = orgnr_check(u->orgnr, IDENT_ENV_ANY, &w);
        if (why == IDENT_OK)
            continue;
        snprintf(field, sizeof(field), "unit.%zu", i);
        if (diag_add(out, r, DIAG_WARN, field, NULL,
                     _("correct the number in the unit tree"),
                     _("unit \"%s\" has an invalid organisation number \"%s\": %s"),
                     u->name ? u->name : "", u->orgnr, _(ident_reason_message(why))) < 0)
            return -1;
    }
    for (size_t i = 0; in->live && i < in->live->child_orgnrs.n; i++) {
        const char *nr = in->live->child_orgnrs.v[i];
        enum ident_reason w;
        enum ident_reason why = orgnr_check(nr, IDENT_ENV_ANY, &w);
        if (why == IDENT_OK)
            continue;
        snprintf(field, sizeof(field), "helseid.%zu", i);
        if (diag_add(out, r, DIAG_WARN, field, NULL,
                     _("HelseID will keep it until the unit tree no longer has it"),
                     _("HelseID has an invalid organisation number \"%s\": %s"), nr,
                     _(ident_reason_message(why))) < 0)
            return -1;
    }
    return 0;
}

static const char *nace_of(const struct rules_input *in, const struct unit *u)
{
    if (!str_empty(u->nace))
        return u->nace;
    for (size_t i = 0; in->unit_lookups && i < in->n_unit_lookups; i++) {
        const struct org_entity *e = &in->unit_lookups[i];
        if (e->lookup == ORG_LOOKUP_FOUND && rules_orgnr_equal(e->orgnr, u->orgnr))
            return e->nace;
    }
    return NULL;
}

/* Seed 003: næringskode 86/87 normally get Kjernejournal access, 88 is judged case by
 * case; anything else is unusual for a health service. */
static int check_nace(const struct rule *r, const struct rules_input *in, struct diags *out)
{
    char field[64];
    for (size_t i = 0; in->site && i < in->site->n_units; i++) {
        const struct unit *u = &in->site->units[i];
        if (str_empty(u->orgnr))
            continue;
        bool first = true;   /* one hint per org number */
        for (size_t j = 0; j < i && first; j++)
            first = !rules_orgnr_equal(in->site->units[j].orgnr, u->orgnr);
        if (!first)
            continue;
        snprintf(field, sizeof(field), "unit.%zu", i);
        const char *nace = nace_of(in, u);
        const char *name = u->name ? u->name : "";
        int rc;
        if (str_empty(nace))
            rc = diag_add(out, r, DIAG_INFO, field, NULL,
                          _("look the unit up in Enhetsregisteret"),
                          _("%s (%s): industry code unknown"), name, u->orgnr);
        else if (strncmp(nace, "86", 2) == 0 || strncmp(nace, "87", 2) == 0)
            rc = diag_add(out, r, DIAG_OK, field, NULL, NULL,
                          _("%s (%s): industry code %s normally gets Kjernejournal access"),
                          name, u->orgnr, nace);
        else if (strncmp(nace, "88", 2) == 0)
            rc = diag_add(out, r, DIAG_INFO, field, NULL,
                          _("Norsk helsenett decides when the service is ordered"),
                          _("%s (%s): industry code %s is judged case by case for Kjernejournal"),
                          name, u->orgnr, nace);
        else
            rc = diag_add(out, r, DIAG_INFO, field, NULL,
                          _("health services normally have industry code 86 or 87"),
                          _("%s (%s): industry code %s is not a health service code"),
                          name, u->orgnr, nace);
        if (rc < 0)
            return -1;
    }
    return 0;
}

const struct strv *rules_helseid_children(const struct strv *live,
                                          const struct helseid_config *saved)
{
    if (live)
        return live;
    if (saved && saved->state != CONFIG_NONE)
        return &saved->child_orgnrs;
    return NULL;
}

static int check_changes(const struct rule *r, const struct rules_input *in,
                         struct diags *out)
{
    if (!in->site)
        return 0;
    struct strv local = STRV_INIT;
    if (site_distinct_orgnrs(in->site, &local) < 0)
        return -1;
    const struct strv *remote =
        rules_helseid_children(in->live ? &in->live->child_orgnrs : NULL, in->saved);
    size_t added = 0, removed = 0;
    for (size_t i = 0; i < local.n; i++)
        added += !remote || !strv_contains(remote, local.v[i]);
    for (size_t i = 0; remote && i < remote->n; i++)
        removed += !strv_contains(&local, remote->v[i]);
    strv_clear(&local);
    if (added == 0 && removed == 0)
        return diag_add(out, r, DIAG_OK, "subunits", NULL, NULL,
                        _("HelseID has the same sub-units as the unit tree"));
    char a[128] = "", b[128] = "", buf[260];
    if (added)
        snprintf(a, sizeof(a),
                 P_("%zu sub-unit will be added", "%zu sub-units will be added", added), added);
    if (removed)
        snprintf(b, sizeof(b),
                 P_("%zu sub-unit will be removed", "%zu sub-units will be removed", removed),
                 removed);
    snprintf(buf, sizeof(buf), "%s%s%s", a, added && removed ? ", " : "", b);
    return diag_add(out, r, DIAG_INFO, "subunits", NULL,
                    _("change the unit tree in the journal system, not here; HelseID is updated on save"),
                    "%s", buf);
}

const struct rule rules_subunits[] = {
    { "subunits.present", RULES_STEP_SUBUNITS, check_present },
    { "subunits.orgnr", RULES_STEP_SUBUNITS, check_orgnrs },
    { "subunits.nace", RULES_STEP_SUBUNITS, check_nace },
    { "subunits.changes", RULES_STEP_SUBUNITS, check_changes },
};
const size_t rules_subunits_n = sizeof(rules_subunits) / sizeof(rules_subunits[0]);
