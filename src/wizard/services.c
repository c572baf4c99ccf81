/* Step 4: Tjenester og Scope — the service catalog as a checkbox tree with radio
 * sub-options, each with its F1 text. The rules engine judges the choice
 * (Persontjenesten needs a scope, Fastlegeregisteret needs Persontjenesten, ...). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/strv.h"
#include "wizard/wizard.h"

#define SHARED_DB_RULE "services.shared_database"

static void option_id(char *buf, size_t n, const char *svc, const char *opt)
{
    snprintf(buf, n, "%s/%s", svc, opt);
}

/* The status dot after a service's label: the live client's state, in words too so
 * it reads the same in monochrome, ASCII and on a braille line. */
static const char *live_word(enum live_state st)
{
    switch (st) {
    /* TRANSLATORS: a service's status in HelseID, after its name on the services step. */
    case LIVE_OK: return _("ok");
    case LIVE_PENDING: return _("pending");
    case LIVE_NOT_REQUESTED: return _("not requested");
    case LIVE_UNKNOWN: break;
    }
    return NULL;
}

static void check_choice(const struct wizard *w, struct service_choice *chosen, size_t n,
                         struct diags *out);
static view_live_rules_fn live_rules;

static void describe(const struct wizard *w, struct view *v)
{
    view_add_paragraph(v, "%s", _("Choose the services this system will use. Each service "
                                  "must be ordered and its terms signed separately."));
    for (size_t i = 0; i < w->rules->n_services; i++) {
        const struct wizard_service *s = &w->rules->services[i];
        const char *word = w->rules->service_live ? live_word(w->rules->service_live(w, s->id))
                                                  : NULL;
        char label[256];
        struct field *f;
        int parent;

        if (word)
            /* TRANSLATORS: a service and its status in HelseID: "Kjernejournal  [ok]". */
            snprintf(label, sizeof(label), _("%s  [%s]"), s->label, word);
        else
            snprintf(label, sizeof(label), "%s", s->label);
        f = view_add_field(v, FIELD_CHECK, s->id, label);
        parent = (int)v->n_fields - 1;

        if (!f)
            return;
        f->checked = config_find_service(&w->cfg, s->id) != NULL;
        f->info = str_dup_or_null(s->info);
        for (size_t j = 0; j < s->n_options; j++) {
            const struct wizard_option *o = &s->options[j];
            char id[128];

            option_id(id, sizeof(id), s->id, o->id);
            f = view_add_field(v, FIELD_CHECK, id, o->label);
            if (!f)
                return;
            f->parent = parent;
            f->radio = o->radio;
            f->checked = config_has_option(&w->cfg, s->id, o->id);
            f->info = str_dup_or_null(o->info);
        }
    }
    check_choice(w, w->cfg.services, w->cfg.n_services, &v->diags);
    v->live_rules = live_rules;
    v->live_ctx = w;
}

/* A chosen sub-option implies its service, as in the checkbox tree. */
static bool any_option_checked(const struct answer *a, const struct wizard_service *s)
{
    char id[128];

    for (size_t j = 0; j < s->n_options; j++) {
        option_id(id, sizeof(id), s->id, s->options[j].id);
        if (answer_checked(a, id))
            return true;
    }
    return false;
}

static void free_services(struct service_choice *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        service_choice_clear(&v[i]);
    free(v);
}

/* The services an answer chooses, in catalog order; NULL with *n = 0 on no memory
 * (the caller tells it from an empty choice by `ok`). */
static struct service_choice *chosen_from(const struct wizard *w, const struct answer *a,
                                          size_t *n, bool *ok)
{
    struct service_choice *chosen = calloc(w->rules->n_services + 1, sizeof(*chosen));

    *n = 0;
    *ok = chosen != NULL;
    for (size_t i = 0; chosen && i < w->rules->n_services; i++) {
        const struct wizard_service *s = &w->rules->services[i];
        struct service_choice *c = &chosen[*n];

        if (!answer_checked(a, s->id) && !any_option_checked(a, s))
            continue;
        if (!(c->service = str_dup_or_null(s->id)))
            goto nomem;
        (*n)++;
        for (size_t j = 0; j < s->n_options; j++) {
            char id[128];

            option_id(id, sizeof(id), s->id, s->options[j].id);
            if (answer_checked(a, id) && strv_push(&c->options, s->options[j].id) < 0)
                goto nomem;
        }
    }
    return chosen;
nomem:
    free_services(chosen, *n);
    *n = 0;
    *ok = false;
    return NULL;
}

/* The rules' findings for a choice, with the shared-database warning turned into a
 * question the user answers before Next (seed 000: all units on one database must
 * use the same Persontjenesten access). */
static void check_choice(const struct wizard *w, struct service_choice *chosen, size_t n,
                         struct diags *out)
{
    struct wizard tmp = *w;     /* shallow: only the services differ */

    tmp.cfg.services = chosen;
    tmp.cfg.n_services = n;
    wizard_check(&tmp, RULES_STEP_SERVICES, out);
    for (size_t i = 0; i < out->n; i++)
        if (out->v[i].rule && strcmp(out->v[i].rule, SHARED_DB_RULE) == 0 &&
            out->v[i].level == DIAG_WARN && !out->v[i].ack)
            out->v[i].ack = str_dup_or_null(
                _("All units on a shared database must use the same Persontjenesten access: "
                  "one unit could otherwise update data another unit has no legal basis to "
                  "see. Keep this choice anyway?"));
}

static void live_rules(const void *ctx, const struct answer *a, struct diags *out)
{
    const struct wizard *w = ctx;
    size_t n;
    bool ok;
    struct service_choice *chosen = chosen_from(w, a, &n, &ok);

    if (ok)
        check_choice(w, chosen, n, out);
    free_services(chosen, n);
}

static enum step_rc submit(struct wizard *w, const struct answer *a, struct error *e)
{
    size_t n;
    bool ok;
    struct service_choice *chosen = chosen_from(w, a, &n, &ok);
    struct diags d;
    const struct diag *bad, *ask;
    enum step_rc rc = STEP_STAY;

    diags_init(&d);
    if (!ok) {
        error_nomem(e);
        goto out;
    }
    /* The edit is kept even when refused, so the screen shows what was chosen. */
    free_services(w->cfg.services, w->cfg.n_services);
    w->cfg.services = chosen;
    w->cfg.n_services = n;
    chosen = NULL;
    check_choice(w, w->cfg.services, w->cfg.n_services, &d);
    bad = diags_first(&d, NULL, DIAG_ERROR);
    ask = diags_needing_ack(&d);
    if (bad) {
        error_set(e, ERR_INVALID, "%s", bad->text);
    } else if (ask) {
        char id[160];

        snprintf(id, sizeof(id), "%s%s", ANSWER_ACK_PREFIX, ask->rule);
        if (answer_checked(a, id))
            rc = STEP_NEXT;
        else
            error_set(e, ERR_INVALID, "%s", ask->text);
    } else {
        rc = STEP_NEXT;
    }
out:
    diags_clear(&d);
    return rc;
}

WIZARD_STEP(services, N_("Services and scopes"));
