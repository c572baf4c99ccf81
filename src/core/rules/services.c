/* Step 4, "Tjenester og Scope": choices checked against the catalog. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/catalog.h"
#include "core/rules/rules-int.h"
#include "core/site.h"

/* struct unit.pt_access is about this service (seed 000's total-database warning). */
#define PERSONTJENESTEN "persontjenesten"

/* The rules of this step look at each chosen service the catalog knows, in the order
 * chosen (services.known speaks of the others); their field ids are "<service>" and
 * "<service>/<option>". */
static bool next_chosen(const struct rules_input *in, struct chosen_service *c)
{
    return rules_next_chosen(in->desired, in->catalog, c);
}

static int check_known(const struct rule *r, const struct rules_input *in, struct diags *out)
{
    const struct helseid_config *d = in->desired;
    for (size_t i = 0; d && in->catalog && i < d->n_services; i++) {
        const struct service_choice *ch = &d->services[i];
        const struct catalog_service *s = catalog_find(in->catalog, ch->service);
        const char *id = ch->service ? ch->service : "";
        if (!s) {
            if (diag_add(out, r, DIAG_ERROR, id, NULL,
                         _("remove it, or update the service catalog"),
                         _("unknown service \"%s\""), id) < 0)
                return -1;
            continue;
        }
        for (size_t k = 0; k < ch->options.n; k++)
            if (!catalog_find_option(s, ch->options.v[k]) &&
                diag_add(out, r, DIAG_ERROR, id, NULL, _("remove it"),
                         _("unknown option \"%s\" for service \"%s\""), ch->options.v[k],
                         l10n_get(&s->label, in->lang)) < 0)
                return -1;
    }
    return 0;
}

static int check_exactly_one(const struct rule *r, const struct rules_input *in,
                             struct diags *out)
{
    for (struct chosen_service c = { 0 }; next_chosen(in, &c);) {
        const struct catalog_service *s = c.s;
        for (size_t g = 0; g < s->n_groups; g++) {
            char choices[512] = "";
            size_t chosen = 0, len = 0;
            for (size_t k = 0; k < s->n_options; k++) {
                const struct catalog_option *o = &s->options[k];
                if (o->group != (int)g)
                    continue;
                chosen += strv_contains(&c.ch->options, o->id);
                int w = snprintf(choices + len, sizeof(choices) - len, "%s\"%s\"",
                                 len ? " / " : "", l10n_get(&o->label, in->lang));
                if (w > 0 && (size_t)w < sizeof(choices) - len)
                    len += (size_t)w;
            }
            if (chosen == 1)
                continue;
            /* TRANSLATORS: %s = service; second %s = the choices, e.g.
               "Begrenset tilgang" / "Full tilgang (krever hjemmel)" */
            if (diag_add(out, r, DIAG_ERROR, s->id, NULL, NULL,
                         chosen == 0 ? _("\"%s\" needs a choice: %s")
                                     : _("\"%s\" allows only one of %s"),
                         l10n_get(&s->label, in->lang), choices) < 0)
                return -1;
        }
    }
    return 0;
}

static int check_legal_basis(const struct rule *r, const struct rules_input *in,
                             struct diags *out)
{
    for (struct chosen_service c = { 0 }; next_chosen(in, &c);) {
        for (size_t k = 0; k < c.ch->options.n; k++) {
            const struct catalog_option *o = catalog_find_option(c.s, c.ch->options.v[k]);
            if (!o || !o->needs_legal_basis)
                continue;
            char field[200];
            snprintf(field, sizeof(field), "%s/%s", c.s->id, o->id);
            if (diag_add(out, r, DIAG_WARN, field, NULL,
                         _("choose it only if the organisation has a legal basis; otherwise choose the restricted access"),
                         _("\"%s\" is chosen: make sure the organisation has the legal basis (hjemmel)"),
                         l10n_get(&o->label, in->lang)) < 0)
                return -1;
        }
    }
    return 0;
}

static int check_requires(const struct rule *r, const struct rules_input *in,
                          struct diags *out)
{
    for (struct chosen_service c = { 0 }; next_chosen(in, &c);) {
        const struct catalog_service *s = c.s;
        for (size_t k = 0; k < s->requires.n; k++) {
            if (config_find_service(in->desired, s->requires.v[k]))
                continue;
            const struct catalog_service *dep = catalog_find(in->catalog, s->requires.v[k]);
            const char *dep_name = dep ? l10n_get(&dep->label, in->lang) : s->requires.v[k];
            if (diag_add(out, r, DIAG_ERROR, s->id, s->requires.v[k],
                         _("choose the required service too, or remove this one"),
                         _("\"%s\" needs \"%s\""), l10n_get(&s->label, in->lang), dep_name) < 0)
                return -1;
        }
    }
    return 0;
}

/* The Persontjenesten access this configuration asks for: an option id, or NULL. */
static const char *chosen_access(const struct rules_input *in, const struct catalog_service *s)
{
    const struct service_choice *ch = config_find_service(in->desired, PERSONTJENESTEN);
    for (size_t k = 0; ch && k < ch->options.n; k++) {
        const struct catalog_option *o = catalog_find_option(s, ch->options.v[k]);
        if (o && o->kind == OPTION_RADIO)
            return o->id;
    }
    return NULL;
}

static int check_shared_database(const struct rule *r, const struct rules_input *in,
                                 struct diags *out)
{
    if (!in->site || !in->site->shared_database || !in->desired || !in->catalog)
        return 0;
    const struct catalog_service *s = catalog_find(in->catalog, PERSONTJENESTEN);
    if (!s)
        return 0;
    const char *mine = chosen_access(in, s);
    if (!mine)
        return 0;   /* not chosen, or no choice yet (services.exactly_one says so) */
    size_t differ = 0;
    const char *example = NULL, *theirs = NULL;
    for (size_t i = 0; i < in->site->n_units; i++) {
        const struct unit *u = &in->site->units[i];
        if (str_empty(u->pt_access) || strcmp(u->pt_access, mine) == 0)
            continue;
        if (!differ++) {
            example = u->name ? u->name : u->orgnr ? u->orgnr : "";
            theirs = u->pt_access;
        }
    }
    if (!differ)
        return 0;
    const struct catalog_option *o = catalog_find_option(s, theirs);
    return diag_add(out, r, DIAG_WARN, PERSONTJENESTEN, theirs,
                    _("units sharing one database must all use the same Persontjenesten access"),
                    P_("%zu unit on the shared database, e.g. \"%s\", uses \"%s\" for Persontjenesten",
                       "%zu units on the shared database, e.g. \"%s\", use \"%s\" for Persontjenesten",
                       differ),
                    differ, example, o ? l10n_get(&o->label, in->lang) : theirs);
}

static bool any_unverified(const struct catalog_service *s, const struct service_choice *ch)
{
    bool u = s->unverified;
    for (size_t i = 0; i < s->n_scopes; i++)
        u = u || s->scopes[i].unverified;
    for (size_t i = 0; i < s->n_claims; i++)
        u = u || s->claims[i].unverified;
    for (size_t k = 0; k < ch->options.n; k++) {
        const struct catalog_option *o = catalog_find_option(s, ch->options.v[k]);
        for (size_t i = 0; o && i < o->n_scopes; i++)
            u = u || o->scopes[i].unverified;
    }
    return u;
}

static int check_unverified(const struct rule *r, const struct rules_input *in,
                            struct diags *out)
{
    for (struct chosen_service c = { 0 }; next_chosen(in, &c);)
        if (any_unverified(c.s, c.ch) &&
            diag_add(out, r, DIAG_WARN, c.s->id, NULL,
                     _("compare the scope with the Self-service portal; correct the service catalog if it differs"),
                     _("check the HelseID scope of \"%s\" in the Self-service portal before you order it"),
                     l10n_get(&c.s->label, in->lang)) < 0)
            return -1;
    return 0;
}

static int check_min_epj(const struct rule *r, const struct rules_input *in,
                         struct diags *out)
{
    for (struct chosen_service c = { 0 }; in->site && next_chosen(in, &c);)
        if (c.s->min_epj_version > in->site->epj_version &&
            diag_add(out, r, DIAG_ERROR, c.s->id, NULL, _("update the journal system first"),
                     _("\"%s\" needs journal system version %d or later (this is %d)"),
                     l10n_get(&c.s->label, in->lang), c.s->min_epj_version,
                     in->site->epj_version) < 0)
            return -1;
    return 0;
}

static int check_any(const struct rule *r, const struct rules_input *in, struct diags *out)
{
    if (!in->desired)
        return 0;
    if (in->desired->n_services == 0)
        return diag_add(out, r, DIAG_WARN, "services", NULL,
                        _("choose the services the organisation has ordered"),
                        _("no services chosen: the client can only manage itself"));
    return diag_add(out, r, DIAG_OK, "services", NULL,
                    _("each service must also be ordered, and its terms signed, at Norsk helsenett"),
                    P_("%zu service chosen", "%zu services chosen", in->desired->n_services),
                    in->desired->n_services);
}

const struct rule rules_services[] = {
    { "services.chosen", RULES_STEP_SERVICES, check_any },
    { "services.known", RULES_STEP_SERVICES, check_known },
    { "services.exactly_one", RULES_STEP_SERVICES, check_exactly_one },
    { "services.legal_basis", RULES_STEP_SERVICES, check_legal_basis },
    { "services.requires", RULES_STEP_SERVICES, check_requires },
    { "services.min_epj_version", RULES_STEP_SERVICES, check_min_epj },
    { "services.shared_database", RULES_STEP_SERVICES, check_shared_database },
    { "services.unverified", RULES_STEP_SERVICES, check_unverified },
};
const size_t rules_services_n = sizeof(rules_services) / sizeof(rules_services[0]);
