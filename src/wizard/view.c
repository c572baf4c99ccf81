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

void view_init(struct view *v)
{
    memset(v, 0, sizeof(*v));
}

static void field_clear(struct field *f)
{
    free_strings(&f->id, &f->label, &f->value, &f->info, &f->heading[0], &f->heading[1]);
    for (size_t i = 0; i < f->n_rows; i++)
        free_strings(&f->rows[i].col[0], &f->rows[i].col[1]);
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
    s = str_vformat(fmt, ap);
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

void answer_init(struct answer *a)
{
    memset(a, 0, sizeof(*a));
}

void answer_clear(struct answer *a)
{
    for (size_t i = 0; i < a->n; i++)
        free_strings(&a->v[i].id, &a->v[i].value);
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
