/* The wizard's model and its driver: the step table and the Back/Next walk. */
#include "config.h"
#include "wizard/wizard.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/strv.h"

#define WIZARD_STEP_REF(name) &step_##name,
const struct step *const wizard_steps[] = { WIZARD_STEPS(WIZARD_STEP_REF) };
#undef WIZARD_STEP_REF
const size_t n_wizard_steps = sizeof(wizard_steps) / sizeof(wizard_steps[0]);

const struct step *wizard_step_find(const char *id)
{
    for (size_t i = 0; i < n_wizard_steps; i++)
        if (strcmp(wizard_steps[i]->id, id) == 0)
            return wizard_steps[i];
    return NULL;
}

int wizard_init(struct wizard *w, const struct site *site, const struct helseid_config *live,
                const struct wizard_rules *rules, const char *env, struct error *e)
{
    memset(w, 0, sizeof(*w));
    w->site = site;
    w->live = live;
    w->rules = rules;
    if (site->config) {
        if (helseid_config_copy(&w->cfg, site->config) < 0)
            return error_nomem(e);
    } else {
        w->cfg.state = CONFIG_DRAFT;
        w->cfg.epj_version = site->epj_version;
        w->create_new = true;
    }
    if (env && str_replace(&w->cfg.env, env) < 0) {
        helseid_config_clear(&w->cfg);
        return error_nomem(e);
    }
    w->env = w->cfg.env ? w->cfg.env : "prod";
    return 0;
}

void wizard_clear(struct wizard *w)
{
    helseid_config_clear(&w->cfg);
    free_strings(&w->owner_name, &w->owner_form);
    memset(w, 0, sizeof(*w));
}

const struct helseid_config *wizard_saved_config(const struct wizard *w)
{
    return w->site->config;
}

void wizard_check(const struct wizard *w, enum rules_step step, struct diags *out)
{
    if (w->rules->check)
        w->rules->check(w, step, &w->cfg, out);
}

void wizard_check_owner(const struct wizard *w, const char *orgnr, struct diags *out)
{
    struct helseid_config tmp = w->cfg;     /* shallow: only the owner differs */

    tmp.owner_orgnr = (char *)orgnr;
    if (w->rules->check)
        w->rules->check(w, RULES_STEP_OWNER, &tmp, out);
}

void wizard_check_sfm(const struct wizard *w, const char *sfm_id, bool confirmed_empty,
                      struct diags *out)
{
    struct helseid_config tmp = w->cfg;     /* shallow: only the SFM-ID differs */
    struct wizard w2 = *w;

    tmp.sfm_id = sfm_id && *sfm_id ? (char *)sfm_id : NULL;
    w2.sfm_confirm_empty = confirmed_empty;
    if (w->rules->check)
        w->rules->check(&w2, RULES_STEP_SETTINGS, &tmp, out);
}

bool wizard_sfm_in_use(const struct wizard *w)
{
    return w->rules->sfm_in_use && w->rules->sfm_in_use(w);
}

const char *wizard_sfm_previous(const struct wizard *w)
{
    return w->rules->sfm_previous ? w->rules->sfm_previous(w) : NULL;
}

bool wizard_sfm_chosen(const struct wizard *w)
{
    return w->rules->sfm_service && config_find_service(&w->cfg, w->rules->sfm_service);
}

const struct strv *wizard_registered_children(const struct wizard *w)
{
    return rules_helseid_children(w->live ? &w->live->child_orgnrs : NULL,
                                  wizard_saved_config(w));
}

static const struct wizard_service *service_of(const struct wizard *w, const char *id)
{
    for (size_t i = 0; id && i < w->rules->n_services; i++)
        if (strcmp(w->rules->services[i].id, id) == 0)
            return &w->rules->services[i];
    return NULL;
}

const char *wizard_service_label(const struct wizard *w, const char *service)
{
    const struct wizard_service *s = service_of(w, service);

    return s && s->label ? s->label : service;
}

const char *wizard_option_label(const struct wizard *w, const char *service, const char *option)
{
    const struct wizard_service *s = service_of(w, service);

    for (size_t i = 0; s && i < s->n_options; i++)
        if (strcmp(s->options[i].id, option) == 0 && s->options[i].label)
            return s->options[i].label;
    return option;
}

int wizard_describe(const struct wizard *w, const struct step *s, struct view *v)
{
    view_init(v);
    if (view_set_title(v, _(s->title)) < 0)
        return -1;
    s->describe(w, v);
    return 0;
}

static bool applies(const struct wizard *w, size_t i)
{
    return !wizard_steps[i]->applies || wizard_steps[i]->applies(w);
}

/* Index of the previous applicable step, or `i` itself when there is none. */
static size_t previous(const struct wizard *w, size_t i)
{
    for (size_t j = i; j-- > 0;)
        if (applies(w, j))
            return j;
    return i;
}

/* Step i in the frontend; a holds the answer. A FRONTEND_* code, or -1 with e. */
static int ask_step(struct wizard *w, const struct frontend *fe, size_t i,
                    const struct error *last, struct answer *a, struct error *e)
{
    struct view v;
    int r;

    answer_init(a);
    if (wizard_describe(w, wizard_steps[i], &v) < 0 || answer_from_view(a, &v) < 0) {
        view_clear(&v);
        answer_clear(a);
        return error_nomem(e);
    }
    r = fe->ask(fe->ctx, &v, i, n_wizard_steps, last->msg[0] ? last->msg : NULL, a, e);
    view_clear(&v);
    return r;
}

/* The answer to step i: the user's, or, when remote facts arrived, the Enter that
 * waited for them (kept in held). FRONTEND_REFRESH when there is nothing to submit:
 * the same step is asked again, with the same refusal and the new facts. */
static int next_answer(struct wizard *w, const struct frontend *fe, size_t i,
                       const struct error *last, struct answer *held, struct answer *a,
                       struct error *e)
{
    int r = ask_step(w, fe, i, last, a, e);

    if (r != FRONTEND_REFRESH) {
        answer_clear(held);
        w->awaiting = false;    /* the user answered anew (or left the step) */
        return r;
    }
    answer_clear(a);
    if (!w->awaiting || held->n == 0)
        return FRONTEND_REFRESH;
    *a = *held;
    answer_init(held);
    return FRONTEND_OK;
}

/* The step's verdict on a; an answer that waits for remote facts is kept in held. */
static enum step_rc submit(struct wizard *w, const struct step *s, struct answer *a,
                           struct answer *held, struct error *last)
{
    enum step_rc rc = s->submit(w, a, last);

    if (rc == STEP_STAY && w->awaiting) {
        *held = *a;
        answer_init(a);
    }
    answer_clear(a);
    if (rc == STEP_NEXT)
        error_clear(last);
    return rc;
}

/* The step to ask after step i's verdict rc (not STEP_CANCEL). */
static size_t step_after(const struct wizard *w, size_t i, enum step_rc rc)
{
    switch (rc) {
    case STEP_NEXT: return i + 1;
    case STEP_BACK: return previous(w, i);
    case STEP_STAY:
    case STEP_CANCEL: break;
    }
    return i;
}

static void cancelled(struct error *e)
{
    error_set(e, ERR_CANCELLED, _("cancelled; nothing was saved or sent"));
}

int wizard_run(struct wizard *w, const struct frontend *fe, struct error *e)
{
    struct error last;
    struct answer held;         /* an Enter waiting for remote facts (w->awaiting) */
    size_t i = 0;
    int ret = -1;

    answer_init(&held);
    error_clear(&last);
    while (i < n_wizard_steps) {
        const struct step *s = wizard_steps[i];
        struct answer a;
        enum step_rc rc;
        int r;

        if (!applies(w, i)) {
            i++;
            continue;
        }
        if ((r = next_answer(w, fe, i, &last, &held, &a, e)) == FRONTEND_REFRESH)
            continue;
        error_clear(&last);
        if (r == FRONTEND_BACK) {
            answer_clear(&a);
            i = previous(w, i);
            continue;
        }
        if (r < 0 || r == FRONTEND_CANCEL) {
            answer_clear(&a);
            if (r == FRONTEND_CANCEL)
                cancelled(e);
            goto out;
        }
        if ((rc = submit(w, s, &a, &held, &last)) == STEP_CANCEL) {
            cancelled(e);
            goto out;
        }
        if (rc == STEP_NEXT && s == &step_confirm && w->saved)
            break;
        i = step_after(w, i, rc);
    }
    ret = 0;
out:
    answer_clear(&held);
    return ret;
}
