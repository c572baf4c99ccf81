/* Step 3: Underenheter — the distinct org numbers of the local unit tree next to those
 * registered in HelseID, with added/removed marks. Read-only: the tree is edited in
 * the site file, not here. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/strv.h"
#include "wizard/wizard.h"

/* The same list the rules and the Bekreft step count against. */
static const struct strv *registered(const struct wizard *w)
{
    return wizard_registered_children(w);
}

static const char *unit_name(const struct site *s, const char *orgnr)
{
    for (size_t i = 0; i < s->n_units; i++)
        if (s->units[i].orgnr && strcmp(s->units[i].orgnr, orgnr) == 0)
            return s->units[i].name;
    return NULL;
}

static void describe(const struct wizard *w, struct view *v)
{
    struct strv local = STRV_INIT, all = STRV_INIT;
    const struct strv *remote = registered(w);
    struct field *f;

    if (site_distinct_orgnrs(w->site, &local) < 0)
        goto out;
    strv_copy(&all, &local);
    for (size_t i = 0; remote && i < remote->n; i++)
        strv_push(&all, remote->v[i]);
    strv_sort_unique(&all);
    f = view_add_field(v, FIELD_LIST, "subunits", _("Sub-units"));
    if (!f)
        goto out;
    f->heading[0] = str_dup_or_null(_("Registered in the journal system"));
    f->heading[1] = str_dup_or_null(_("Registered in HelseID"));
    for (size_t i = 0; i < all.n; i++) {
        const char *o = all.v[i], *name = unit_name(w->site, o);
        bool here = strv_contains(&local, o), there = remote && strv_contains(remote, o);
        char left[256];

        snprintf(left, sizeof(left), "%s %s", o, name ? name : "");
        field_add_row(f, here ? left : "", there ? o : "", here && !there ? '+' : !here ? '-' : ' ');
    }
    /* TRANSLATORS: the number of distinct organisation numbers sent to HelseID. */
    view_add_paragraph(v, P_("%zu sub-unit (distinct organisation number) in the unit tree",
                             "%zu sub-units (distinct organisation numbers) in the unit tree",
                             local.n), local.n);
    if (!remote)
        view_add_paragraph(v, "%s", _("None registered in HelseID yet."));
    /* How many are added or removed: the rules' note says it (one count, not two). */
    view_add_paragraph(v, "%s", _("Change the unit tree in the journal system, not here."));
    wizard_check(w, RULES_STEP_SUBUNITS, &v->diags);
out:
    strv_clear(&local);
    strv_clear(&all);
}

static enum step_rc submit(struct wizard *w, const struct answer *a, struct error *e)
{
    struct strv local = STRV_INIT;

    if (site_distinct_orgnrs(w->site, &local) < 0)
        return error_nomem(e), STEP_STAY;
    strv_clear(&w->cfg.child_orgnrs);
    w->cfg.child_orgnrs = local;
    return STEP_NEXT;
}

WIZARD_STEP(subunits, N_("Sub-units"));
