/* Step 6: Bekreft — the full diff of what changes in the site file and in HelseID
 * (environment, owner, client, sub-units, services and scopes, SFM-ID, key), old ->
 * new for every change, names as the catalog gives them in the user's language, and
 * what a replacement loses; then Lagre. Sub-units are counted against the same list
 * as step 3 (wizard_registered_children), so the two steps agree. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/strv.h"
#include "wizard/wizard.h"

static const char *or_none(const char *s)
{
    return s && *s ? s : _("(none)");
}

static bool same(const char *old, const char *new)
{
    return (!old || !*old) ? (!new || !*new) : (new && strcmp(old, new) == 0);
}

static void row_value(struct field *f, const char *label, const char *old, const char *new)
{
    char buf[512];

    if (same(old, new)) {
        field_add_row(f, label, or_none(new), ' ');
        return;
    }
    if (!old || !*old) {
        field_add_row(f, label, or_none(new), '+');
        return;
    }
    snprintf(buf, sizeof(buf), "%s -> %s", old, or_none(new));
    field_add_row(f, label, buf, '~');
}

/* "Begrenset tilgang, Inkluder Tillitsrammeverk", or "" without options. */
static void option_labels(const struct wizard *w, char *buf, size_t n,
                          const struct service_choice *c)
{
    size_t len = 0;

    buf[0] = '\0';
    for (size_t i = 0; c && i < c->options.n && len < n; i++)
        len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? ", " : "",
                                wizard_option_label(w, c->service, c->options.v[i]));
}

/* "Persontjenesten: Begrenset tilgang" for a row of its own. */
static void service_text(const struct wizard *w, char *buf, size_t n,
                         const struct service_choice *c)
{
    char opts[200];

    option_labels(w, opts, sizeof(opts), c);
    snprintf(buf, n, "%s%s%s", wizard_service_label(w, c->service), *opts ? ": " : "", opts);
}

static void diff_services(const struct wizard *w, struct field *f,
                          const struct helseid_config *old, struct strv *lost)
{
    const struct helseid_config *new = &w->cfg;
    char a[512], b[512], line[600];

    for (size_t i = 0; i < new->n_services; i++) {
        const struct service_choice *n = &new->services[i];
        const struct service_choice *o = old ? config_find_service(old, n->service) : NULL;

        if (!o) {
            service_text(w, b, sizeof(b), n);
            field_add_row(f, _("Service"), b, '+');
            continue;
        }
        option_labels(w, a, sizeof(a), o);
        option_labels(w, b, sizeof(b), n);
        row_value(f, wizard_service_label(w, n->service), *a ? a : _("chosen"),
                  *b ? b : _("chosen"));
        for (size_t k = 0; k < o->options.n; k++)
            if (!strv_contains(&n->options, o->options.v[k])) {
                snprintf(line, sizeof(line), "%s: %s", wizard_service_label(w, n->service),
                         wizard_option_label(w, n->service, o->options.v[k]));
                strv_push(lost, line);
            }
    }
    for (size_t i = 0; old && i < old->n_services; i++)
        if (!config_find_service(new, old->services[i].service)) {
            service_text(w, a, sizeof(a), &old->services[i]);
            field_add_row(f, _("Service"), a, '-');
            strv_push(lost, a);
        }
}

static void diff_children(const struct wizard *w, struct field *f, size_t *added,
                          size_t *removed, size_t *kept)
{
    const struct strv *old = wizard_registered_children(w), *new = &w->cfg.child_orgnrs;

    *added = *removed = *kept = 0;
    for (size_t i = 0; i < new->n; i++) {
        if (old && strv_contains(old, new->v[i])) {
            (*kept)++;
            continue;
        }
        field_add_row(f, _("Sub-unit"), new->v[i], '+');
        (*added)++;
    }
    for (size_t i = 0; old && i < old->n; i++)
        if (!strv_contains(new, old->v[i])) {
            field_add_row(f, _("Sub-unit"), old->v[i], '-');
            (*removed)++;
        }
}

/* A new client always gets a new key (session/handoff_send.c, new_key), of the
 * configuration's algorithm; an update keeps the client's own. */
static const char *key_text(const struct wizard *w, const struct helseid_config *old)
{
    bool replaced = w->create_new && old && old->client_id && *old->client_id;

    if (w->cfg.client_id && !replaced)
        return w->cfg.key_alg;
    return w->cfg.key_alg && strcmp(w->cfg.key_alg, "PS256") == 0
               ? _("new PS256 key (RSA 4096)") : _("new ES256 key");
}

static void describe(const struct wizard *w, struct view *v)
{
    const struct helseid_config *saved = wizard_saved_config(w);
    const struct helseid_config *old = saved;
    struct strv lost = STRV_INIT;
    const char *new_sfm;
    struct field *f;
    size_t added, removed, kept;
    char n[128];

    view_add_paragraph(v, "%s", _("Press Save to update the settings in the journal system "
                                  "and in HelseID."));
    f = view_add_field(v, FIELD_DIFF, "diff", _("Changes"));
    if (!f)
        return;
    f->heading[0] = str_dup_or_null(_("Setting"));
    f->heading[1] = str_dup_or_null(_("Value"));
    row_value(f, _("Environment"), old ? old->env : NULL, w->cfg.env);
    row_value(f, _("Configuration owner"), old ? old->owner_orgnr : NULL, w->cfg.owner_orgnr);
    if (w->create_new && old && old->client_id && *old->client_id) {
        /* The replaced client is said in its own paragraph below. */
        row_value(f, _("Client"), old->client_id, _("new client"));
    } else {
        row_value(f, _("Client"), old ? old->client_id : NULL,
                  w->cfg.client_id ? w->cfg.client_id : _("new client"));
    }
    diff_children(w, f, &added, &removed, &kept);
    /* TRANSLATORS: one line summing up the sub-units; the same counts as step 3. */
    snprintf(n, sizeof(n), _("%zu added, %zu removed, %zu unchanged"), added, removed, kept);
    field_add_row(f, _("Sub-units"), n, ' ');
    diff_services(w, f, old, &lost);
    new_sfm = w->cfg.sfm_id ? w->cfg.sfm_id
            : wizard_sfm_chosen(w) ? _("new SFM-ID generated") : NULL;
    row_value(f, _("SFM-ID"), old ? old->sfm_id : NULL, new_sfm);
    if (old && old->sfm_id && *old->sfm_id && !same(old->sfm_id, w->cfg.sfm_id))
        strv_push(&lost, old->sfm_id);
    row_value(f, _("Key"), old ? old->key_alg : NULL, key_text(w, old));
    if (w->create_new && old && old->client_id && *old->client_id)
        view_add_paragraph(v, _("The new configuration replaces client %s: the journal "
                                "system stops using it."), old->client_id);
    if (lost.n) {
        char all[1024];
        size_t len = 0;

        all[0] = '\0';
        for (size_t i = 0; i < lost.n && len < sizeof(all); i++)
            len += (size_t)snprintf(all + len, sizeof(all) - len, "%s%s", i ? "; " : "",
                                    lost.v[i]);
        /* TRANSLATORS: what this change takes away, e.g. the old client and an access. */
        view_add_paragraph(v, _("Lost by this change: %s."), all);
    }
    strv_clear(&lost);
    v->can_save = true;
}

static enum step_rc submit(struct wizard *w, const struct answer *a, struct error *e)
{
    (void)a;
    (void)e;
    w->saved = true;
    return STEP_NEXT;
}

WIZARD_STEP(confirm, N_("Confirm"));
