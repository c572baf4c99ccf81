/* Step 1, "Opprett ny konfigurasjon": new or change, and when changing is not enough. */
#include "config.h"

#include "core/rules/rules-int.h"
#include "core/site.h"

static bool have_saved(const struct rules_input *in)
{
    return in->saved && in->saved->state != CONFIG_NONE;
}

static int check_mode(const struct rule *r, const struct rules_input *in, struct diags *out)
{
    if (!in->create_new && !have_saved(in))
        return diag_add(out, r, DIAG_ERROR, "create_new", NULL,
                        _("choose to create a new configuration"),
                        _("there is no saved configuration to change"));
    if (in->create_new && have_saved(in) && in->saved->state != CONFIG_DRAFT)
        return diag_add(out, r, DIAG_WARN, "create_new", NULL,
                        _("the old client stays in HelseID until it is deleted in the Self-service portal"),
                        _("a new configuration replaces the saved one; the journal system will use the new client"));
    return diag_add(out, r, DIAG_OK, "create_new", NULL, NULL,
                    in->create_new ? _("a new configuration will be created")
                                   : _("the saved configuration will be changed"));
}

/* Seed 000: a setup made before version 142 must be made again. */
static int check_must_redo(const struct rule *r, const struct rules_input *in,
                           struct diags *out)
{
    if (in->create_new || !have_saved(in))
        return 0;
    int min = rules_min_epj_setup(in->env);
    if (in->saved->epj_version > 0 && in->saved->epj_version < min)
        return diag_add(out, r, DIAG_ERROR, "create_new", NULL,
                        _("choose to create a new configuration"),
                        _("the saved configuration was made by version %d and cannot be changed: make a new one"),
                        in->saved->epj_version);
    return 0;
}

/* The owner is part of the client's identity in HelseID: a different owner is a
 * different client (DESIGN §2, step 1). Checked where the owner is entered. */
static int check_owner_change(const struct rule *r, const struct rules_input *in,
                              struct diags *out)
{
    if (in->create_new || !have_saved(in) || !in->desired)
        return 0;
    const char *was = in->saved->owner_orgnr, *now = in->desired->owner_orgnr;
    if (str_empty(was) || str_empty(now) || rules_orgnr_equal(was, now))
        return 0;
    return diag_add(out, r, DIAG_ERROR, "owner", was,
                    _("go back and choose to create a new configuration, or keep the owner"),
                    _("changing the owner from %s to %s needs a new configuration"), was, now);
}

const struct rule rules_config[] = {
    { "config.mode", RULES_STEP_NEW_OR_CHANGE, check_mode },
    { "config.must_redo", RULES_STEP_NEW_OR_CHANGE, check_must_redo },
    { "config.owner_change", RULES_STEP_OWNER, check_owner_change },
};
const size_t rules_config_n = sizeof(rules_config) / sizeof(rules_config[0]);
