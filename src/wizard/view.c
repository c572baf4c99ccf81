#include "config.h"
#include "wizard/view.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strv.h"

static int grow(void **p, size_t *alloc, size_t need, size_t size)
{
    void *np;
    size_t na;

    if (need <= *alloc)
        return 0;
    na = *alloc ? *alloc * 2 : 8;
    while (na < need)
        na *= 2;
    np = realloc(*p, na * size);
    if (!np)
        return -1;
    memset((char *)np + *alloc * size, 0, (na - *alloc) * size);
    *p = np;
    *alloc = na;
    return 0;
}

static char *vformat(const char *fmt, va_list ap)
{
    va_list ap2;
    int n;
    char *s;

    va_copy(ap2, ap);
    n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0 || !(s = malloc((size_t)n + 1)))
        return NULL;
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

void view_init(struct view *v)
{
    memset(v, 0, sizeof(*v));
}

static void field_clear(struct field *f)
{
    free(f->id);
    free(f->label);
    free(f->value);
    free(f->info);
    free(f->heading[0]);
    free(f->heading[1]);
    for (size_t i = 0; i < f->n_rows; i++) {
        free(f->rows[i].col[0]);
        free(f->rows[i].col[1]);
    }
    free(f->rows);
}

void view_clear(struct view *v)
{
    free(v->title);
    for (size_t i = 0; i < v->n_paragraphs; i++)
        free(v->paragraphs[i]);
    free(v->paragraphs);
    for (size_t i = 0; i < v->n_fields; i++)
        field_clear(&v->fields[i]);
    free(v->fields);
    diags_clear(&v->diags);
    view_init(v);
}

int view_set_title(struct view *v, const char *title)
{
    return str_replace(&v->title, title);
}

int view_add_paragraph(struct view *v, const char *fmt, ...)
{
    va_list ap;
    char *s, **np;

    va_start(ap, fmt);
    s = vformat(fmt, ap);
    va_end(ap);
    if (!s)
        return -1;
    np = realloc(v->paragraphs, (v->n_paragraphs + 1) * sizeof(*np));
    if (!np) {
        free(s);
        return -1;
    }
    v->paragraphs = np;
    v->paragraphs[v->n_paragraphs++] = s;
    return 0;
}

struct field *view_add_field(struct view *v, enum field_kind kind, const char *id,
                             const char *label)
{
    struct field *np, *f;

    np = realloc(v->fields, (v->n_fields + 1) * sizeof(*np));
    if (!np)
        return NULL;
    v->fields = np;
    f = &v->fields[v->n_fields];
    memset(f, 0, sizeof(*f));
    f->kind = kind;
    f->parent = -1;
    f->id = str_dup_or_null(id);
    f->label = str_dup_or_null(label);
    if ((id && !f->id) || (label && !f->label)) {
        field_clear(f);
        return NULL;
    }
    v->n_fields++;
    return f;
}

struct field *view_find_field(const struct view *v, const char *id)
{
    for (size_t i = 0; i < v->n_fields; i++)
        if (v->fields[i].id && strcmp(v->fields[i].id, id) == 0)
            return &v->fields[i];
    return NULL;
}

int field_add_row(struct field *f, const char *c0, const char *c1, char mark)
{
    struct view_row *np = realloc(f->rows, (f->n_rows + 1) * sizeof(*np)), *r;

    if (!np)
        return -1;
    f->rows = np;
    r = &f->rows[f->n_rows];
    r->col[0] = str_dup_or_null(c0);
    r->col[1] = str_dup_or_null(c1);
    r->mark = mark;
    if ((c0 && !r->col[0]) || (c1 && !r->col[1])) {
        free(r->col[0]);
        free(r->col[1]);
        return -1;
    }
    f->n_rows++;
    return 0;
}

void diags_init(struct diags *d)
{
    memset(d, 0, sizeof(*d));
}

void diags_clear(struct diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].field);
        free(d->v[i].text);
        free(d->v[i].hint);
        free(d->v[i].suggestion);
        free(d->v[i].rule);
        free(d->v[i].ack);
    }
    free(d->v);
    diags_init(d);
}

static int diags_push(struct diags *d, const char *field, enum diag_level level,
                      const char *hint, char *text)
{
    struct diag *g;

    if (!text || grow((void **)&d->v, &d->alloc, d->n + 1, sizeof(*d->v)) < 0) {
        free(text);
        return -1;
    }
    g = &d->v[d->n];
    g->field = str_dup_or_null(field);
    g->hint = str_dup_or_null(hint);
    g->level = level;
    g->text = text;
    g->suggestion = NULL;
    g->rule = NULL;
    g->ack = NULL;
    if ((field && !g->field) || (hint && !g->hint)) {
        free(g->field);
        free(g->hint);
        free(text);
        return -1;
    }
    d->n++;
    return 0;
}

int diags_add(struct diags *d, const char *field, enum diag_level level, const char *hint,
              const char *fmt, ...)
{
    va_list ap;
    char *text;

    va_start(ap, fmt);
    text = vformat(fmt, ap);
    va_end(ap);
    return diags_push(d, field, level, hint, text);
}

int diags_append(struct diags *dst, const struct diags *src)
{
    for (size_t i = 0; i < src->n; i++)
        if (diags_push(dst, src->v[i].field, src->v[i].level, src->v[i].hint,
                       str_dup_or_null(src->v[i].text)) < 0 ||
            diags_suggest_last(dst, src->v[i].suggestion) < 0 ||
            diags_rule_last(dst, src->v[i].rule) < 0 || diags_ack_last(dst, src->v[i].ack) < 0)
            return -1;
    return 0;
}

int diags_suggest_last(struct diags *d, const char *suggestion)
{
    char *copy;

    if (!d->n || !suggestion)
        return 0;
    if (!(copy = str_dup_or_null(suggestion)))
        return -1;
    free(d->v[d->n - 1].suggestion);
    d->v[d->n - 1].suggestion = copy;
    return 0;
}

static int set_last(struct diags *d, size_t off, const char *value)
{
    char *copy, **slot;

    if (!d->n || !value)
        return 0;
    if (!(copy = str_dup_or_null(value)))
        return -1;
    slot = (char **)((char *)&d->v[d->n - 1] + off);
    free(*slot);
    *slot = copy;
    return 0;
}

int diags_rule_last(struct diags *d, const char *rule)
{
    return set_last(d, offsetof(struct diag, rule), rule);
}

int diags_ack_last(struct diags *d, const char *question)
{
    return set_last(d, offsetof(struct diag, ack), question);
}

const struct diag *diags_needing_ack(const struct diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].ack && d->v[i].rule)
            return &d->v[i];
    return NULL;
}

const char *diags_suggestion(const struct diags *d, const char *field)
{
    for (size_t i = 0; i < d->n; i++)
        if ((!field || (d->v[i].field && strcmp(d->v[i].field, field) == 0)) &&
            d->v[i].suggestion)
            return d->v[i].suggestion;
    return NULL;
}

static bool field_matches(const struct diag *g, const char *field)
{
    return !field || (g->field && strcmp(g->field, field) == 0);
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

void answer_init(struct answer *a)
{
    memset(a, 0, sizeof(*a));
}

void answer_clear(struct answer *a)
{
    for (size_t i = 0; i < a->n; i++) {
        free(a->v[i].id);
        free(a->v[i].value);
    }
    free(a->v);
    answer_init(a);
}

int answer_set(struct answer *a, const char *id, const char *value)
{
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->v[i].id, id) == 0)
            return str_replace(&a->v[i].value, value);
    if (grow((void **)&a->v, &a->alloc, a->n + 1, sizeof(*a->v)) < 0)
        return -1;
    a->v[a->n].id = str_dup_or_null(id);
    a->v[a->n].value = str_dup_or_null(value);
    if (!a->v[a->n].id || (value && !a->v[a->n].value)) {
        free(a->v[a->n].id);
        free(a->v[a->n].value);
        return -1;
    }
    a->n++;
    return 0;
}

const char *answer_get(const struct answer *a, const char *id)
{
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->v[i].id, id) == 0)
            return a->v[i].value;
    return NULL;
}

bool answer_checked(const struct answer *a, const char *id)
{
    const char *v = answer_get(a, id);

    return v && strcmp(v, "1") == 0;
}

int answer_from_view(struct answer *a, const struct view *v)
{
    for (size_t i = 0; i < v->n_fields; i++) {
        const struct field *f = &v->fields[i];

        if (f->kind == FIELD_TEXT && answer_set(a, f->id, f->value ? f->value : "") < 0)
            return -1;
        if (f->kind == FIELD_CHECK && answer_set(a, f->id, f->checked ? "1" : "0") < 0)
            return -1;
    }
    return 0;
}
