/* The diagnostics list shared by the rules engine and the frontends. */
#include "config.h"
#include "core/diag.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/strv.h"

void diags_init(struct diags *d)
{
    memset(d, 0, sizeof(*d));
}

static void diag_free(struct diag *g)
{
    free_strings(&g->field, &g->text, &g->hint, &g->suggestion, &g->ack);
}

void diags_clear(struct diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        diag_free(&d->v[i]);
    free(d->v);
    diags_init(d);
}

/* Takes `text` (NULL: out of memory). Text and hint may name what a site file, a
 * desired file or a server said: both are made safe here (core/sanitize.h), so no
 * frontend prints a control or bidi character from a diagnostic. */
static int push(struct diags *d, const char *rule, int step, const char *field,
                enum diag_level level, const char *hint, const char *suggestion, char *text)
{
    struct diag g = { .level = level, .text = text, .rule = rule, .step = step };

    if (!text || (field && !(g.field = strdup(field))) || (hint && !(g.hint = strdup(hint))) ||
        (suggestion && !(g.suggestion = strdup(suggestion))))
        goto fail;
    sanitize_inplace(g.text, SANITIZE_SPACES);
    if (g.hint)
        sanitize_inplace(g.hint, SANITIZE_SPACES);
    if (d->n == d->alloc) {
        size_t na = d->alloc ? d->alloc * 2 : 8;
        struct diag *nv = realloc(d->v, na * sizeof(*nv));

        if (!nv)
            goto fail;
        d->v = nv;
        d->alloc = na;
    }
    d->v[d->n++] = g;
    return 0;
fail:
    diag_free(&g);
    return -1;
}

int diags_addv(struct diags *d, const char *rule, int step, const char *field,
               enum diag_level level, const char *hint, const char *suggestion,
               const char *fmt, va_list ap)
{
    return push(d, rule, step, field, level, hint, suggestion, str_vformat(fmt, ap));
}

int diags_add(struct diags *d, const char *field, enum diag_level level, const char *hint,
              const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = diags_addv(d, NULL, -1, field, level, hint, NULL, fmt, ap);
    va_end(ap);
    return rc;
}

int diags_append(struct diags *dst, const struct diags *src)
{
    for (size_t i = 0; i < src->n; i++) {
        const struct diag *g = &src->v[i];

        if (push(dst, g->rule, g->step, g->field, g->level, g->hint, g->suggestion,
                 str_dup_or_null(g->text)) < 0)
            return -1;
        if (g->ack && !(dst->v[dst->n - 1].ack = strdup(g->ack)))
            return -1;
    }
    return 0;
}

const struct diag *diags_needing_ack(const struct diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].ack && d->v[i].rule)
            return &d->v[i];
    return NULL;
}

int diags_suggest_last(struct diags *d, const char *suggestion)
{
    char *copy;

    if (!d->n || !suggestion)
        return 0;
    if (!(copy = strdup(suggestion)))
        return -1;
    free(d->v[d->n - 1].suggestion);
    d->v[d->n - 1].suggestion = copy;
    return 0;
}

static bool field_matches(const struct diag *g, const char *field)
{
    return !field || (g->field && strcmp(g->field, field) == 0);
}

const char *diags_suggestion(const struct diags *d, const char *field)
{
    for (size_t i = 0; i < d->n; i++)
        if (field_matches(&d->v[i], field) && d->v[i].suggestion)
            return d->v[i].suggestion;
    return NULL;
}

enum diag_level diags_worst(const struct diags *d, const char *field)
{
    enum diag_level worst = DIAG_OK;

    for (size_t i = 0; i < d->n; i++)
        if (field_matches(&d->v[i], field) && d->v[i].level > worst)
            worst = d->v[i].level;
    return worst;
}

const struct diag *diags_first(const struct diags *d, const char *field, enum diag_level level)
{
    for (size_t i = 0; i < d->n; i++)
        if (field_matches(&d->v[i], field) && d->v[i].level >= level)
            return &d->v[i];
    return NULL;
}

const struct diag *diags_find_rule(const struct diags *d, const char *rule, const char *field)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].rule && strcmp(d->v[i].rule, rule) == 0 && field_matches(&d->v[i], field))
            return &d->v[i];
    return NULL;
}

const char *diag_level_word(enum diag_level l)
{
    switch (l) {
    case DIAG_OK: return _("OK");
    case DIAG_INFO: return _("Note");
    case DIAG_WARN: return _("Warning");
    case DIAG_ERROR: return _("Error");
    }
    return "";
}

const char *diag_level_name(enum diag_level l)
{
    switch (l) {
    case DIAG_OK: return "ok";
    case DIAG_INFO: return "info";
    case DIAG_WARN: return "warn";
    case DIAG_ERROR: return "error";
    }
    return "?";
}
