/* Step 1: Opprett ny konfigurasjon — a new configuration, or change the saved one. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/strv.h"
#include "wizard/wizard.h"

/* Why the saved client cannot be changed from here (its key cannot be read), or NULL. */
static const char *change_blocked(const struct wizard *w)
{
    const struct helseid_config *saved = wizard_saved_config(w);

    if (!saved || !saved->client_id || !*saved->client_id || !w->rules->saved_key_problem)
        return NULL;
    return w->rules->saved_key_problem(w);
}

static void describe(const struct wizard *w, struct view *v)
{
    const struct helseid_config *saved = wizard_saved_config(w);
    const char *blocked = change_blocked(w);
    struct field *f;

    if (saved && saved->owner_orgnr)
        view_add_paragraph(v, _("A configuration is saved for owner %s."), saved->owner_orgnr);
    else
        view_add_paragraph(v, "%s", _("No HelseID configuration is saved for this site yet."));
    view_add_paragraph(v, "%s", _("Choose a new configuration if HelseID was set up in the "
                                  "self-service portal before, or to change the "
                                  "configuration owner."));
    if (blocked)
        view_add_paragraph(v, _("Client %s can only be changed with its key, and the key "
                                "cannot be read (%s): create a new configuration, or put "
                                "the key file back and start again."),
                           saved->client_id, blocked);
    f = view_add_field(v, FIELD_CHECK, "new", _("Create a new configuration"));
    if (f) {
        f->radio = true;
        f->checked = w->create_new || !saved || blocked;
    }
    if (saved) {
        f = view_add_field(v, FIELD_CHECK, "change", _("Change the existing configuration"));
        if (f) {
            f->radio = true;
            f->checked = !w->create_new && !blocked;
        }
    }
}

static enum step_rc submit(struct wizard *w, const struct answer *a, struct error *e)
{
    const struct helseid_config *saved = wizard_saved_config(w);
    bool want_new = answer_checked(a, "new") || !saved;

    if (!want_new && !answer_checked(a, "change"))
        return error_set(e, ERR_INVALID, _("choose a new configuration or a change")), STEP_STAY;
    if (!want_new && change_blocked(w))
        return error_set(e, ERR_INVALID,
                         _("client %s cannot be changed without its key: create a new "
                           "configuration, or put the key file back"),
                         saved->client_id), STEP_STAY;
    if (want_new == w->create_new && (want_new || w->cfg.client_id))
        return STEP_NEXT;
    if (!want_new) {
        struct helseid_config copy = { 0 };

        if (helseid_config_copy(&copy, saved) < 0)
            return error_nomem(e), STEP_STAY;
        if (w->env && !copy.env)
            str_replace(&copy.env, w->env);
        helseid_config_clear(&w->cfg);
        w->cfg = copy;
    } else {
        /* A new configuration gets a new client: the old id and state go. */
        free(w->cfg.client_id);
        w->cfg.client_id = NULL;
        w->cfg.state = CONFIG_DRAFT;
    }
    w->create_new = want_new;
    return STEP_NEXT;
}

WIZARD_STEP(create, N_("Create new configuration"));
