/* Step 2, "Angi konfigurasjonseier": the top legal entity, per Enhetsregisteret
 * (seed 003: the delegation is on the main entity; an organisasjonsledd must not be
 * the owner). */
#include "config.h"

#include "core/org_entity.h"
#include "core/rules/rules-int.h"
#include "core/site.h"

static const char *owner_of(const struct rules_input *in)
{
    return in->desired ? in->desired->owner_orgnr : NULL;
}

static int check_required(const struct rule *r, const struct rules_input *in,
                          struct diags *out)
{
    if (!in->desired || !str_empty(owner_of(in)))
        return 0;
    return diag_add(out, r, DIAG_ERROR, "owner", NULL,
                    _("enter the organisation number of the top legal entity, e.g. the municipality or the company"),
                    _("the configuration owner is missing"));
}

static bool owner_valid(const struct rules_input *in)
{
    enum ident_reason w;
    return !str_empty(owner_of(in)) &&
           orgnr_check(owner_of(in), rules_ident_env(in->env), &w) == IDENT_OK;
}

static int check_orgnr(const struct rule *r, const struct rules_input *in, struct diags *out)
{
    const char *o = owner_of(in);
    if (str_empty(o))
        return 0;
    enum ident_reason warning = IDENT_OK;
    enum ident_reason why = orgnr_check(o, rules_ident_env(in->env), &warning);
    if (why != IDENT_OK)
        return diag_add(out, r, DIAG_ERROR, "owner", NULL,
                        why == IDENT_WRONG_ENV_PROD
                            ? _("use a production organisation, or choose the test environment")
                            : _("check the number against Enhetsregisteret"),
                        _("organisation number \"%s\" is invalid: %s"), o,
                        _(ident_reason_message(why)));
    if (warning != IDENT_OK)
        return diag_add(out, r, DIAG_WARN, "owner", NULL,
                        _("non-synthetic organisations leave the test environments by the end of 2026"),
                        _("organisation number \"%s\": %s"), o, _(ident_reason_message(warning)));
    return diag_add(out, r, DIAG_OK, "owner", NULL, NULL, _("organisation number \"%s\" is valid"), o);
}

static int check_registry(const struct rule *r, const struct rules_input *in,
                          struct diags *out)
{
    const struct org_entity *e = in->owner_lookup;
    const char *o = owner_of(in);
    if (!e || e->lookup == ORG_LOOKUP_NOT_DONE || !owner_valid(in))
        return 0;
    if (e->orgnr && !rules_orgnr_equal(e->orgnr, o))
        return 0;   /* a stale look-up of an earlier number */
    const char *name = e->name ? e->name : "";
    const char *form = e->form_code ? e->form_code : "?";

    switch (e->lookup) {
    case ORG_LOOKUP_NOT_DONE:
        return 0;
    case ORG_LOOKUP_NOT_FOUND:
        return diag_add(out, r, DIAG_ERROR, "owner", NULL,
                        _("check the number; the owner must be registered in Enhetsregisteret"),
                        _("organisation number \"%s\" is not in Enhetsregisteret"), o);
    case ORG_LOOKUP_GONE:
        return diag_add(out, r, DIAG_ERROR, "owner", NULL,
                        _("choose another owner"),
                        _("organisation \"%s\" has been removed from Enhetsregisteret"), o);
    case ORG_LOOKUP_FAILED:
        return diag_add(out, r, DIAG_WARN, "owner", NULL,
                        _("check the number yourself, or try again later"),
                        _("cannot verify \"%s\" in Enhetsregisteret: %s"), o,
                        e->failure ? e->failure : _("look-up failed"));
    case ORG_LOOKUP_PENDING:
        return diag_add(out, r, DIAG_INFO, "owner", NULL, NULL,
                        _("asking Enhetsregisteret about %s …"), o);
    case ORG_LOOKUP_FOUND:
        break;
    }
    if (e->deleted)
        return diag_add(out, r, DIAG_ERROR, "owner", NULL, _("choose an organisation that exists"),
                        _("\"%s\" (%s) is deleted in Enhetsregisteret"), name, o);
    if (e->bankrupt)
        return diag_add(out, r, DIAG_ERROR, "owner", NULL, _("choose another owner"),
                        _("\"%s\" (%s) is bankrupt"), name, o);
    if (e->kind == ORG_KIND_ORG_PART)
        return diag_add(out, r, DIAG_ERROR, "owner", e->parent_orgnr,
                        e->parent_orgnr ? _("use the parent entity as owner")
                                        : _("use the top legal entity as owner"),
                        _("\"%s\" (%s) is an organisasjonsledd and cannot own the configuration"),
                        name, o);
    if (e->kind == ORG_KIND_SUB_UNIT)
        return diag_add(out, r, DIAG_WARN, "owner", e->parent_orgnr,
                        e->parent_orgnr ? _("use the parent entity as owner; sub-units are added in the next step")
                                        : _("use the top legal entity as owner"),
                        _("\"%s\" (%s) is a sub-unit, not a legal entity"), name, o);
    if (e->under_liquidation)
        return diag_add(out, r, DIAG_WARN, "owner", NULL,
                        _("make sure the configuration is still wanted"),
                        _("\"%s\" (%s) is being wound up"), name, o);
    return diag_add(out, r, DIAG_OK, "owner", NULL, NULL, _("%s: \"%s\" (%s)"), o, name, form);
}

static int check_delegation(const struct rule *r, const struct rules_input *in,
                            struct diags *out)
{
    if (!owner_valid(in))
        return 0;
    return diag_add(out, r, DIAG_INFO, "owner", NULL,
                    _("someone with rights in Altinn delegates access to the Self-service portal; not needed when the daily manager confirms"),
                    _("the person who confirms in the Self-service portal needs access delegated in Altinn for %s"),
                    owner_of(in));
}

const struct rule rules_owner[] = {
    { "owner.required", RULES_STEP_OWNER, check_required },
    { "owner.orgnr", RULES_STEP_OWNER, check_orgnr },
    { "owner.registry", RULES_STEP_OWNER, check_registry },
    { "owner.altinn_delegation", RULES_STEP_OWNER, check_delegation },
};
const size_t rules_owner_n = sizeof(rules_owner) / sizeof(rules_owner[0]);
