/* Step 0: Preflight — one screen of checks, each ok/warn/fail with a fix hint. The
 * checks themselves (EPJ version, identifiers, hosts, clock) are the rules engine's. */
#include "config.h"

#include "core/i18n.h"
#include "wizard/wizard.h"

static char level_mark(enum diag_level l)
{
    switch (l) {
    case DIAG_OK: return 'o';
    case DIAG_INFO: return 'i';
    case DIAG_WARN: return '!';
    case DIAG_ERROR: return 'x';
    }
    return ' ';
}

static void describe(const struct wizard *w, struct view *v)
{
    struct field *f;

    view_add_paragraph(v, "%s", _("The program checks that this machine and the journal "
                                  "system are ready for HelseID."));
    wizard_check(w, RULES_STEP_PREFLIGHT, &v->diags);
    f = view_add_field(v, FIELD_LIST, "checks", _("Checks"));
    if (!f)
        return;
    for (size_t i = 0; i < v->diags.n; i++) {
        const struct diag *d = &v->diags.v[i];

        field_add_row(f, d->text, d->hint, level_mark(d->level));
    }
    /* The findings are the list's rows now; keep them from showing twice. */
    diags_clear(&v->diags);
}

static enum step_rc submit(struct wizard *w, const struct answer *a, struct error *e)
{
    struct diags d;
    const struct diag *bad;
    enum step_rc rc = STEP_NEXT;

    diags_init(&d);
    wizard_check(w, RULES_STEP_PREFLIGHT, &d);
    bad = diags_first(&d, NULL, DIAG_ERROR);
    if (bad) {
        error_set(e, ERR_INVALID, _("a check failed: %s"), bad->text);
        rc = STEP_STAY;
    }
    diags_clear(&d);
    return rc;
}

/* TRANSLATORS: step 0, the checks before anything is changed. */
WIZARD_STEP(preflight, N_("Preflight"));
