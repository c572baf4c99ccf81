/* The rules table and the diagnostics list. The rules live in src/core/rules/. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/rules.h"
#include "core/rules/rules-int.h"
#include "core/site.h"
#include "core/strv.h"

void rules_env_init(struct rules_env *env)
{
    memset(env, 0, sizeof(*env));
    env->env = RULES_ENV_TEST;
    env->min_epj_setup = RULES_MIN_EPJ_SETUP;
    env->clock_warn_s = RULES_CLOCK_WARN_S;
    env->clock_error_s = RULES_CLOCK_ERROR_S;
}

int diag_add(struct diags *out, const struct rule *r, enum diag_level level,
             const char *field, const char *suggestion, const char *hint,
             const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = diags_addv(out, r->id, r->step, field, level, hint, suggestion, fmt, ap);
    va_end(ap);
    return rc;
}

enum ident_env rules_ident_env(const struct rules_env *env)
{
    return env && env->env == RULES_ENV_PROD ? IDENT_ENV_PROD : IDENT_ENV_TEST;
}

int rules_min_epj_setup(const struct rules_env *env)
{
    return env && env->min_epj_setup > 0 ? env->min_epj_setup : RULES_MIN_EPJ_SETUP;
}

bool rules_next_chosen(const struct helseid_config *cfg, const struct catalog *cat,
                       struct chosen_service *c)
{
    while (cfg && cat && c->next < cfg->n_services) {
        c->ch = &cfg->services[c->next++];
        c->s = catalog_find(cat, c->ch->service);
        if (c->s)
            return true;
    }
    return false;
}

bool rules_orgnr_equal(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    for (;;) {
        while (*a == ' ')
            a++;
        while (*b == ' ')
            b++;
        if (*a != *b)
            return false;
        if (!*a)
            return true;
        a++, b++;
    }
}

/* The groups in step order; each group's rules keep their file order. */
static const struct {
    const struct rule *v;
    const size_t *n;
} groups[] = {
#define RULES_GROUP_REF(group) { rules_##group, &rules_##group##_n },
    RULES_GROUPS(RULES_GROUP_REF)
#undef RULES_GROUP_REF
};

#define N_GROUPS (sizeof(groups) / sizeof(groups[0]))

size_t rules_count(void)
{
    size_t total = 0;
    for (size_t g = 0; g < N_GROUPS; g++)
        total += *groups[g].n;
    return total;
}

const struct rule *rules_at(size_t i)
{
    for (size_t g = 0; g < N_GROUPS; g++) {
        if (i < *groups[g].n)
            return &groups[g].v[i];
        i -= *groups[g].n;
    }
    return NULL;
}

const struct rule *rules_find(const char *id)
{
    const struct rule *r;
    for (size_t i = 0; id && (r = rules_at(i)); i++)
        if (strcmp(r->id, id) == 0)
            return r;
    return NULL;
}

int rules_run(const struct rules_input *in, int step, struct diags *out, struct error *e)
{
    const struct rule *r;
    for (size_t i = 0; (r = rules_at(i)); i++) {
        if (step >= 0 && r->step != step)
            continue;
        if (r->check(r, in, out) < 0)
            return error_nomem(e);
    }
    return 0;
}

enum diag_level rules_worst(const struct diags *d, int step)
{
    enum diag_level worst = DIAG_OK;
    for (size_t i = 0; i < d->n; i++)
        if ((step < 0 || d->v[i].step == step) && d->v[i].level > worst)
            worst = d->v[i].level;
    return worst;
}

bool rules_step_ok(const struct diags *d, int step)
{
    return rules_worst(d, step) < DIAG_ERROR;
}
