/* Step 5 / 5a: Tjeneste-spesifikke innstillinger — the SFM-ID. The safeguard: when
 * SFM is in use (saved configuration, live client or site file) an empty SFM-ID would
 * make HelseID generate a new one and cut the clinic off SFM, so the rules engine
 * refuses it unless the user types a confirmation word (DESIGN.md §2: typed, not a
 * checkbox that a stray Space ticks). Replacing an SFM-ID in use needs the same word. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

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

/* The word to type: translated, so it is a word of the user's language. */
static const char *confirm_word(void)
{
    /* TRANSLATORS: typed by the user to confirm dropping or replacing the SFM-ID in
     * use; one word in capitals, easy to type (nb/nn: FORKAST). */
    return _("DISCARD");
}

static char *trimmed(const char *s);

static bool typed_confirmation(const struct answer *a)
{
    const char *raw = answer_get(a, "sfm_confirm");
    char *t = trimmed(raw ? raw : "");
    bool yes = t && *t && strcasecmp(t, confirm_word()) == 0;

    free(t);
    return yes;
}

/* The safeguard's finding that the SFM-ID in use is dropped or replaced (a warning the
 * rules give once confirmed, or for a new id), or NULL. */
static const struct diag *loses_sfm_id(const struct diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].rule && strcmp(d->v[i].rule, "sfm.empty_id_safeguard") == 0 &&
            d->v[i].level >= DIAG_WARN)
            return &d->v[i];
    return NULL;
}

static void live_rules(const void *ctx, const struct answer *a, struct diags *out)
{
    const struct wizard *w = ctx;
    const char *raw = answer_get(a, "sfm_id");
    char *id = trimmed(raw ? raw : "");

    if (id)
        wizard_check_sfm(w, id, typed_confirmation(a), out);
    free(id);
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
    view_add_paragraph(v, "%s", _("To find the SFM-ID in use, log in to the Self-service "
                                  "portal for HelseID in your own browser."));
    f = view_add_field(v, FIELD_TEXT, "sfm_id", _("SFM-ID"));
    if (!f)
        return;
    f->value = str_dup_or_null(current(w));
    if (wizard_sfm_in_use(w)) {
        char label[128];

        /* TRANSLATORS: %s is the confirmation word ("FORKAST"). */
        snprintf(label, sizeof(label), _("Type %s to drop or replace the SFM-ID in use"),
                 confirm_word());
        f = view_add_field(v, FIELD_TEXT, "sfm_confirm", label);
        if (f)
            f->value = str_dup_or_null(w->sfm_confirm_empty ? confirm_word() : "");
    }
    if (w->sfm_touched)
        wizard_check_sfm(w, current(w), w->sfm_confirm_empty, &v->diags);
    v->live_rules = live_rules;
    v->live_ctx = w;
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
        error_nomem(e);
        goto out;
    }
    w->sfm_confirm_empty = typed_confirmation(a);
    w->sfm_touched = true;
    if (str_replace(&w->cfg.sfm_id, *id ? id : NULL) < 0) {
        error_nomem(e);
        goto out;
    }
    wizard_check_sfm(w, id, w->sfm_confirm_empty, &d);
    bad = diags_first(&d, NULL, DIAG_ERROR);
    if (bad)
        error_set(e, ERR_INVALID, "%s", bad->text);
    else if (wizard_sfm_in_use(w) && loses_sfm_id(&d) && !w->sfm_confirm_empty)
        /* TRANSLATORS: %s is the confirmation word ("FORKAST"). */
        error_set(e, ERR_INVALID, _("%s; type %s to confirm"), loses_sfm_id(&d)->text,
                  confirm_word());
    else
        rc = STEP_NEXT;
out:
    diags_clear(&d);
    free(id);
    return rc;
}

WIZARD_STEP(sfm, N_("Service-specific settings"));
