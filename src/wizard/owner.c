/* Step 2: Angi konfigurasjonseier — the org number of the top legal entity. The rules
 * engine checks it (mod 11, environment, Enhetsregisteret facts); the reason is shown
 * next to the field. Changing the owner always means a new configuration: the rules
 * refuse it on a change, and the user goes back to step 1. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/strv.h"
#include "wizard/wizard.h"

static void describe(const struct wizard *w, struct view *v)
{
    struct field *f;

    view_add_paragraph(v, "%s", _("Enter the organisation number of the configuration "
                                  "owner: the top legal entity as registered in "
                                  "Enhetsregisteret."));
    view_add_paragraph(v, "%s", _("The Altinn delegation for the self-service portal must "
                                  "exist for this organisation."));
    f = view_add_field(v, FIELD_TEXT, "owner", _("Configuration owner"));
    if (!f)
        return;
    f->value = str_dup_or_null(w->cfg.owner_orgnr ? w->cfg.owner_orgnr : "");
    if (w->cfg.owner_orgnr && *w->cfg.owner_orgnr)
        w->rules->owner(w, w->cfg.owner_orgnr, &v->diags);
    if (w->owner_name)
        view_add_paragraph(v, "%s", w->owner_name);
}

/* Spaces are allowed while typing ("311 590 839"); the number is stored without. */
static char *digits_only(const char *s)
{
    char *out = malloc(strlen(s) + 1), *p = out;

    if (!out)
        return NULL;
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            *p++ = *s;
    *p = '\0';
    return out;
}

static enum step_rc submit(struct wizard *w, const struct answer *a, struct error *e)
{
    const char *raw = answer_get(a, "owner");
    char *orgnr = digits_only(raw ? raw : "");
    const struct diag *bad;
    struct diags d;
    enum step_rc rc = STEP_STAY;

    diags_init(&d);
    if (!orgnr) {
        error_set(e, ERR_NOMEM, _("out of memory"));
        goto out;
    }
    /* Keep what was typed, so the screen shows it with its reason. */
    if (str_replace(&w->cfg.owner_orgnr, orgnr) < 0) {
        error_set(e, ERR_NOMEM, _("out of memory"));
        goto out;
    }
    if (!*orgnr) {
        error_set(e, ERR_INVALID, _("the configuration owner is mandatory"));
        goto out;
    }
    w->rules->owner(w, orgnr, &d);
    bad = diags_first(&d, NULL, DIAG_ERROR);
    if (bad) {
        error_set(e, ERR_INVALID, "%s", bad->text);
        goto out;
    }
    rc = STEP_NEXT;
out:
    diags_clear(&d);
    free(orgnr);
    return rc;
}

const struct step step_owner = {
    .id = "owner",
    .title = N_("Set the configuration owner"),
    .describe = describe,
    .submit = submit,
};
