/* The rules table and the diagnostics list. The rules live in src/core/rules/. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rules.h"
#include "core/rules/rules-int.h"
#include "core/strv.h"

void rules_env_init(struct rules_env *env)
{
    memset(env, 0, sizeof(*env));
    env->env = RULES_ENV_TEST;
    env->min_epj_setup = RULES_MIN_EPJ_SETUP;
    env->clock_warn_s = RULES_CLOCK_WARN_S;
    env->clock_error_s = RULES_CLOCK_ERROR_S;
}

void diagnostics_init(struct diagnostics *d)
{
    memset(d, 0, sizeof(*d));
}

void diagnostics_clear(struct diagnostics *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].field);
        free(d->v[i].message);
        free(d->v[i].hint);
        free(d->v[i].suggestion);
    }
    free(d->v);
    diagnostics_init(d);
}

int diag_add(struct diagnostics *out, const struct rule *r, enum severity sev,
             const char *field, const char *suggestion, const char *hint,
             const char *fmt, ...)
{
    struct diagnostic dg = { .rule = r->id, .severity = sev, .step = r->step };
    va_list ap;

    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len < 0)
        return -1;
    if (!(dg.message = malloc((size_t)len + 1)))
        goto fail;
    va_start(ap, fmt);
    vsnprintf(dg.message, (size_t)len + 1, fmt, ap);
    va_end(ap);
    if (!(dg.field = strdup(field ? field : "")) ||
        (hint && !(dg.hint = strdup(hint))) ||
        (suggestion && !(dg.suggestion = strdup(suggestion))))
        goto fail;
    if (out->n == out->alloc) {
        size_t na = out->alloc ? out->alloc * 2 : 16;
        struct diagnostic *nv = realloc(out->v, na * sizeof(*nv));
        if (!nv)
            goto fail;
        out->v = nv;
        out->alloc = na;
    }
    out->v[out->n++] = dg;
    return 0;
fail:
    free(dg.message);
    free(dg.field);
    free(dg.hint);
    free(dg.suggestion);
    return -1;
}

enum ident_env rules_ident_env(const struct rules_env *env)
{
    return env && env->env == RULES_ENV_PROD ? IDENT_ENV_PROD : IDENT_ENV_TEST;
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
    { rules_preflight, &rules_preflight_n },
    { rules_config, &rules_config_n },
    { rules_owner, &rules_owner_n },
    { rules_subunits, &rules_subunits_n },
    { rules_services, &rules_services_n },
    { rules_sfm, &rules_sfm_n },
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

int rules_run(const struct rules_input *in, int step, struct diagnostics *out, struct error *e)
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

enum severity rules_worst(const struct diagnostics *d, int step)
{
    enum severity worst = SEV_OK;
    for (size_t i = 0; i < d->n; i++)
        if ((step < 0 || d->v[i].step == step) && d->v[i].severity > worst)
            worst = d->v[i].severity;
    return worst;
}

bool rules_step_ok(const struct diagnostics *d, int step)
{
    return rules_worst(d, step) < SEV_ERROR;
}

const struct diagnostic *diagnostics_find(const struct diagnostics *d, const char *rule,
                                          const char *field)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->v[i].rule, rule) == 0 && (!field || strcmp(d->v[i].field, field) == 0))
            return &d->v[i];
    return NULL;
}

const char *severity_name(enum severity s)
{
    switch (s) {
    case SEV_OK: return "ok";
    case SEV_INFO: return "info";
    case SEV_WARN: return "warn";
    case SEV_ERROR: return "error";
    }
    return "?";
}
