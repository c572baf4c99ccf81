/* Step 2: Angi konfigurasjonseier — the org number of the top legal entity. The rules
 * engine checks it (mod 11, environment, Enhetsregisteret facts); the reason is shown
 * next to the field. Changing the owner always means a new configuration: the rules
 * refuse it on a change, and the user goes back to step 1. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/org_entity.h"
#include "core/strv.h"
#include "wizard/wizard.h"

/* The field id of the "take the parent instead" checkbox. */
#define PARENT_ID "owner_parent"

static view_live_check_fn live_check;

static void describe(const struct wizard *w, struct view *v)
{
    struct field *f;
    const char *parent;
    const struct org_entity *org;

    view_add_paragraph(v, "%s", _("Enter the organisation number of the configuration "
                                  "owner: the top legal entity as registered in "
                                  "Enhetsregisteret."));
    /* CGM's guidance (seed 000), with the Altinn exception. */
    view_add_paragraph(v, "%s", _("For a municipal GP office this is normally the "
                                  "municipality; for a private GP office, the office itself."));
    view_add_paragraph(v, "%s", _("Someone with rights in Altinn must delegate access to the "
                                  "Self-service portal for this organisation. Not needed when "
                                  "the daily manager (often one of the GPs) confirms in the "
                                  "portal."));
    f = view_add_field(v, FIELD_TEXT, "owner", _("Configuration owner"));
    if (!f)
        return;
    f->value = str_dup_or_null(w->cfg.owner_orgnr ? w->cfg.owner_orgnr : "");
    v->live_check = live_check;
    v->live_ctx = w;
    if (w->cfg.owner_orgnr && *w->cfg.owner_orgnr)
        wizard_check_owner(w, w->cfg.owner_orgnr, &v->diags);
    if (w->owner_name)
        view_add_paragraph(v, "%s", w->owner_name);
    org = w->rules->owner_entity && w->cfg.owner_orgnr
              ? w->rules->owner_entity(w, w->cfg.owner_orgnr) : NULL;
    if (org && org->lookup == ORG_LOOKUP_FOUND)
        /* TRANSLATORS: the owner as Enhetsregisteret names it: name, then the form
         * code (KOMM, AS, ORGL, BEDR). */
        view_add_paragraph(v, _("Enhetsregisteret: %s (%s)"), org->name ? org->name : "?",
                           org->form_code ? org->form_code : "?");
    /* A sub-unit or organisasjonsledd: offer the parent, checked, so Enter takes it
     * (Space, then Enter, keeps the typed number where the rules allow it). */
    parent = diags_suggestion(&v->diags, "owner");
    if (parent && w->cfg.owner_orgnr) {
        char label[160];

        /* TRANSLATORS: a checkbox under the owner field; %s is an org number. */
        snprintf(label, sizeof(label), _("Use the parent entity %s instead"), parent);
        if ((f = view_add_field(v, FIELD_CHECK, PARENT_ID, label)))
            f->checked = true;
    }
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

static bool is_pending(const struct wizard *w, const char *orgnr)
{
    const struct org_entity *org = w->rules->owner_entity && *orgnr
                                       ? w->rules->owner_entity(w, orgnr) : NULL;

    return org && org->lookup == ORG_LOOKUP_PENDING;
}

/* The verdict while typing, from the same rules Enter runs: the worst problem, else
 * the most specific confirmation (Enhetsregisteret's answer follows the number's
 * check). The Altinn note is left to the screen: it says nothing about the digits. */
static enum diag_level live_check(const void *ctx, const char *field_id, const char *value,
                                  char *out, size_t cap)
{
    const struct wizard *w = ctx;
    const struct diag *pick = NULL;
    enum diag_level level = DIAG_OK;
    char *orgnr;
    struct diags d;

    if (cap)
        out[0] = '\0';
    if (strcmp(field_id, "owner") != 0 || !(orgnr = digits_only(value ? value : "")))
        return DIAG_OK;
    diags_init(&d);
    if (*orgnr)
        wizard_check_owner(w, orgnr, &d);
    level = diags_worst(&d, NULL);
    if (level >= DIAG_WARN)
        pick = diags_first(&d, NULL, level);
    else
        for (size_t i = 0; i < d.n; i++)
            if (d.v[i].level == DIAG_OK)
                pick = &d.v[i];
    if (!pick)
        level = DIAG_OK;
    else if (level < DIAG_WARN)
        level = DIAG_OK;
    /* Enhetsregisteret has not answered yet: say what is being asked. */
    if (level < DIAG_WARN && is_pending(w, orgnr))
        for (size_t i = 0; i < d.n; i++)
            if (d.v[i].level == DIAG_INFO) {
                pick = &d.v[i];
                level = DIAG_INFO;
                break;
            }
    if (pick && cap)
        snprintf(out, cap, "%s", pick->text);
    /* Every other problem too: the environment warning (a production-style number in
     * a test environment) must not hide behind Enhetsregisteret's answer. */
    for (size_t i = 0; level >= DIAG_WARN && cap && i < d.n; i++)
        if (&d.v[i] != pick && d.v[i].level >= DIAG_WARN)
            snprintf(out + strlen(out), cap - strlen(out), "; %s", d.v[i].text);
    diags_clear(&d);
    free(orgnr);
    return level;
}

static enum step_rc submit(struct wizard *w, const struct answer *a, struct error *e)
{
    const char *raw = answer_get(a, "owner"), *parent;
    const struct org_entity *org;
    bool changed, waited;
    char *orgnr = digits_only(raw ? raw : "");
    const struct diag *bad;
    struct diags d;
    enum step_rc rc = STEP_STAY;

    diags_init(&d);
    if (!orgnr) {
        error_nomem(e);
        goto out;
    }
    /* A number other than the one the screen showed: its Enhetsregisteret answer
     * has not been seen yet. */
    waited = w->awaiting;
    changed = !w->cfg.owner_orgnr || strcmp(w->cfg.owner_orgnr, orgnr) != 0 || waited;
    w->awaiting = false;
    /* The parent was offered for this very number and left checked: take it. */
    if (!changed && answer_checked(a, PARENT_ID)) {
        wizard_check_owner(w, orgnr, &d);
        parent = diags_suggestion(&d, "owner");
        if (parent) {
            char *p = strdup(parent);

            if (!p) {
                error_nomem(e);
                goto out;
            }
            free(orgnr);
            orgnr = p;
        }
        diags_clear(&d);
    }
    /* Keep what was typed, so the screen shows it with its reason. */
    if (str_replace(&w->cfg.owner_orgnr, orgnr) < 0) {
        error_nomem(e);
        goto out;
    }
    if (!*orgnr) {
        error_set(e, ERR_INVALID, _("the configuration owner is mandatory"));
        goto out;
    }
    wizard_check_owner(w, orgnr, &d);
    bad = diags_first(&d, NULL, DIAG_ERROR);
    parent = diags_suggestion(&d, "owner");
    org = w->rules->owner_entity ? w->rules->owner_entity(w, orgnr) : NULL;
    /* Enhetsregisteret has not answered yet: stay, the screen says what is asked;
     * when the answer comes this Enter is submitted again (w->awaiting), and the
     * look-up's timeout bounds the wait. */
    if (org && org->lookup == ORG_LOOKUP_PENDING) {
        w->awaiting = true;
        goto out;
    }
    /* A new number that Enhetsregisteret answered about: stay once, so the screen
     * shows its name and form (and any parent to offer) before moving on. A failed
     * look-up has nothing to add to the warning shown while typing, unless Enter
     * came before the answer did. */
    if (changed && org && org->lookup != ORG_LOOKUP_NOT_DONE &&
        (org->lookup != ORG_LOOKUP_FAILED || bad || parent || waited)) {
        if (bad)
            error_set(e, ERR_INVALID, "%s", bad->text);
        else if (parent)
            error_set(e, ERR_INVALID, _("\"%s\" is not a legal entity: its parent is offered below"),
                      orgnr);
        goto out;
    }
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

WIZARD_STEP(owner, N_("Set the configuration owner"));
