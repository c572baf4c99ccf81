/* Step 6: Bekreft — the full diff of what changes in the site file and in HelseID
 * (environment, owner, sub-units, services and scopes, SFM-ID, key), then Lagre. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/strv.h"
#include "wizard/wizard.h"

static const char *or_none(const char *s)
{
    return s && *s ? s : _("(none)");
}

static void row_value(struct field *f, const char *label, const char *old, const char *new)
{
    char buf[512];
    bool same = (!old || !*old) ? (!new || !*new) : (new && strcmp(old, new) == 0);

    if (same) {
        field_add_row(f, label, or_none(new), ' ');
        return;
    }
    snprintf(buf, sizeof(buf), "%s -> %s", or_none(old), or_none(new));
    field_add_row(f, label, buf, '~');
}

static void service_label(char *buf, size_t n, const struct service_choice *c)
{
    size_t len = (size_t)snprintf(buf, n, "%s", c->service);

    for (size_t i = 0; i < c->options.n && len < n; i++)
        len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? "," : " (",
                                c->options.v[i]);
    if (c->options.n && len < n)
        snprintf(buf + len, n - len, ")");
}

static void diff_services(struct field *f, const struct helseid_config *old,
                          const struct helseid_config *new)
{
    char a[256], b[256];

    for (size_t i = 0; i < new->n_services; i++) {
        const struct service_choice *o = old ? config_find_service(old, new->services[i].service) : NULL;

        service_label(b, sizeof(b), &new->services[i]);
        if (!o) {
            field_add_row(f, _("Service"), b, '+');
            continue;
        }
        service_label(a, sizeof(a), o);
        row_value(f, _("Service"), a, b);
    }
    for (size_t i = 0; old && i < old->n_services; i++)
        if (!config_find_service(new, old->services[i].service)) {
            service_label(a, sizeof(a), &old->services[i]);
            field_add_row(f, _("Service"), a, '-');
        }
}

static void diff_children(struct field *f, const struct strv *old, const struct strv *new)
{
    for (size_t i = 0; i < new->n; i++)
        if (!old || !strv_contains(old, new->v[i]))
            field_add_row(f, _("Sub-unit"), new->v[i], '+');
    for (size_t i = 0; old && i < old->n; i++)
        if (!strv_contains(new, old->v[i]))
            field_add_row(f, _("Sub-unit"), old->v[i], '-');
}

static void describe(const struct wizard *w, struct view *v)
{
    const struct helseid_config *old = w->create_new ? NULL : wizard_saved_config(w);
    const struct helseid_config *saved = wizard_saved_config(w);
    struct field *f;
    size_t same_children = 0;

    view_add_paragraph(v, "%s", _("Press Save to update the settings in the journal system "
                                  "and in HelseID."));
    if (w->create_new && saved)
        view_add_paragraph(v, "%s", _("A new configuration replaces the saved one."));
    f = view_add_field(v, FIELD_DIFF, "diff", _("Changes"));
    if (!f)
        return;
    f->heading[0] = str_dup_or_null(_("Setting"));
    f->heading[1] = str_dup_or_null(_("Value"));
    row_value(f, _("Environment"), old ? old->env : NULL, w->cfg.env);
    row_value(f, _("Configuration owner"), old ? old->owner_orgnr : NULL, w->cfg.owner_orgnr);
    row_value(f, _("Client"), old ? old->client_id : NULL,
              w->cfg.client_id ? w->cfg.client_id : _("new client"));
    diff_children(f, old ? &old->child_orgnrs : NULL, &w->cfg.child_orgnrs);
    for (size_t i = 0; i < w->cfg.child_orgnrs.n; i++)
        same_children += old && strv_contains(&old->child_orgnrs, w->cfg.child_orgnrs.v[i]);
    if (same_children) {
        char n[64];

        snprintf(n, sizeof(n), P_("%zu unchanged", "%zu unchanged", same_children),
                 same_children);
        field_add_row(f, _("Sub-units"), n, ' ');
    }
    diff_services(f, old, &w->cfg);
    row_value(f, _("SFM-ID"), old ? old->sfm_id : saved ? saved->sfm_id : NULL,
              w->cfg.sfm_id ? w->cfg.sfm_id : wizard_sfm_chosen(w)
                  ? _("new SFM-ID generated") : NULL);
    row_value(f, _("Key"), old ? old->key_alg : NULL,
              w->cfg.key_alg ? w->cfg.key_alg : _("new ES256 key"));
    v->can_save = true;
}

static enum step_rc submit(struct wizard *w, const struct answer *a, struct error *e)
{
    w->saved = true;
    return STEP_NEXT;
}

const struct step step_confirm = {
    .id = "confirm",
    .title = N_("Confirm"),
    .describe = describe,
    .submit = submit,
};
