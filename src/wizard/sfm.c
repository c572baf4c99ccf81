/* Step 5 / 5a: Tjeneste-spesifikke innstillinger — the SFM-ID. The safeguard: when
 * SFM is in use (saved configuration, live client or site file) an empty SFM-ID would
 * make HelseID generate a new one and cut the clinic off SFM, so the rules engine
 * refuses it unless the user ticks an explicit confirmation. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/strv.h"
#include "wizard/wizard.h"

/* What the field shows: the user's answer once given, else the id to reuse. */
static const char *current(const struct wizard *w)
{
    const char *prev = wizard_sfm_previous(w);

    if (w->sfm_touched || w->cfg.sfm_id)
        return w->cfg.sfm_id ? w->cfg.sfm_id : "";
    return prev ? prev : "";
}

static void describe(const struct wizard *w, struct view *v)
{
    const char *prev = wizard_sfm_previous(w);
    struct field *f;

    view_add_paragraph(v, "%s", _("Settings specific to each service. For a first-time "
                                  "setup nothing needs to change here."));
    view_add_paragraph(v, "%s", _("5a. SFM (Sentral Forskrivningsmodul): enter the SFM-ID "
                                  "(SFM journal id). If the field is left empty, a new "
                                  "SFM-ID is generated."));
    if (wizard_sfm_in_use(w))
        view_add_paragraph(v, "%s", _("Do not leave the field empty if you use SFM today: "
                                      "a new SFM-ID means losing access to SFM."));
    if (prev)
        view_add_paragraph(v, _("Previous SFM-ID: %s"), prev);
    f = view_add_field(v, FIELD_TEXT, "sfm_id", _("SFM-ID"));
    if (!f)
        return;
    f->value = str_dup_or_null(current(w));
    if (wizard_sfm_in_use(w)) {
        f = view_add_field(v, FIELD_CHECK, "sfm_confirm_empty",
                           _("I do not use SFM and accept a new SFM-ID"));
        if (f)
            f->checked = w->sfm_confirm_empty;
    }
    if (w->sfm_touched)
        wizard_check_sfm(w, current(w), w->sfm_confirm_empty, &v->diags);
}

static char *trimmed(const char *s)
{
    size_t n;

    while (isspace((unsigned char)*s))
        s++;
    n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return strndup(s, n);
}

static enum step_rc submit(struct wizard *w, const struct answer *a, struct error *e)
{
    const char *raw = answer_get(a, "sfm_id");
    char *id = trimmed(raw ? raw : "");
    struct diags d;
    const struct diag *bad;
    enum step_rc rc = STEP_STAY;

    diags_init(&d);
    if (!id) {
        error_set(e, ERR_NOMEM, _("out of memory"));
        goto out;
    }
    w->sfm_confirm_empty = answer_checked(a, "sfm_confirm_empty");
    w->sfm_touched = true;
    if (str_replace(&w->cfg.sfm_id, *id ? id : NULL) < 0) {
        error_set(e, ERR_NOMEM, _("out of memory"));
        goto out;
    }
    wizard_check_sfm(w, id, w->sfm_confirm_empty, &d);
    bad = diags_first(&d, NULL, DIAG_ERROR);
    if (bad)
        error_set(e, ERR_INVALID, "%s", bad->text);
    else
        rc = STEP_NEXT;
out:
    diags_clear(&d);
    free(id);
    return rc;
}

const struct step step_sfm = {
    .id = "sfm",
    .title = N_("Service-specific settings"),
    .describe = describe,
    .submit = submit,
};
