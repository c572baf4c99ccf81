#include "config.h"
#include "core/unitdiff.h"

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"

struct pair {
    const char *orgnr;
    size_t unit;
};

static int pair_cmp(const void *a, const void *b)
{
    const struct pair *x = a, *y = b;
    int c = strcmp(x->orgnr, y->orgnr);

    if (c)
        return c;
    return (x->unit > y->unit) - (x->unit < y->unit);
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void unitdiff_list_clear(struct unitdiff_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].orgnr);
        strv_clear(&l->v[i].names);
    }
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

void unitdiff_clear(struct unitdiff *d)
{
    unitdiff_list_clear(&d->added);
    unitdiff_list_clear(&d->removed);
    unitdiff_list_clear(&d->unchanged);
}

/* Lists are sized up front by the caller, so pushing never reallocates. */
static struct unitdiff_entry *push(struct unitdiff_list *l, const char *orgnr)
{
    struct unitdiff_entry *en = &l->v[l->n];

    memset(en, 0, sizeof *en);
    if (!(en->orgnr = strdup(orgnr)))
        return NULL;
    l->n++;
    return en;
}

static int alloc_list(struct unitdiff_list *l, size_t cap)
{
    l->n = 0;
    l->v = calloc(cap ? cap : 1, sizeof *l->v);
    return l->v ? 0 : -1;
}

int unitdiff_group(const struct site *s, struct unitdiff_list *out, struct error *e)
{
    struct unitdiff_list l = { 0 };
    struct pair *p = NULL;
    size_t n = 0;
    int rc = -1;

    if (!(p = malloc((s->n_units ? s->n_units : 1) * sizeof *p)) || alloc_list(&l, s->n_units) < 0)
        goto nomem;
    for (size_t i = 0; i < s->n_units; i++)
        if (s->units[i].orgnr && *s->units[i].orgnr)
            p[n++] = (struct pair){ s->units[i].orgnr, i };
    qsort(p, n, sizeof *p, pair_cmp);
    for (size_t i = 0; i < n; i++) {
        struct unitdiff_entry *en = l.n ? &l.v[l.n - 1] : NULL;
        const char *name = s->units[p[i].unit].name;

        if (!en || strcmp(en->orgnr, p[i].orgnr) != 0)
            if (!(en = push(&l, p[i].orgnr)))
                goto nomem;
        if (strv_push(&en->names, name ? name : "") < 0)
            goto nomem;
    }
    *out = l;
    l.v = NULL;
    l.n = 0;
    rc = 0;
    goto out;
nomem:
    error_nomem(e);
out:
    unitdiff_list_clear(&l);
    free(p);
    return rc;
}

int unitdiff_compute(const struct site *s, const struct strv *remote, struct unitdiff *out,
                     struct error *e)
{
    struct unitdiff d = { 0 };
    struct unitdiff_list local = { 0 };
    const char **r = NULL;
    size_t nr = 0, i = 0, j = 0;
    int rc = -1;

    if (unitdiff_group(s, &local, e) < 0)
        return -1;
    if (!(r = malloc((remote->n ? remote->n : 1) * sizeof *r)))
        goto nomem;
    for (size_t k = 0; k < remote->n; k++)
        if (remote->v[k] && *remote->v[k])
            r[nr++] = remote->v[k];
    qsort(r, nr, sizeof *r, str_cmp);
    if (alloc_list(&d.added, local.n) < 0 || alloc_list(&d.removed, nr) < 0 ||
        alloc_list(&d.unchanged, local.n) < 0)
        goto nomem;
    while (i < local.n || j < nr) {
        int c = i == local.n ? 1 : j == nr ? -1 : strcmp(local.v[i].orgnr, r[j]);
        struct unitdiff_list *dst = c < 0 ? &d.added : c > 0 ? &d.removed : &d.unchanged;
        struct unitdiff_entry *en;

        if (c <= 0) {
            /* move the local entry (with its names) */
            dst->v[dst->n++] = local.v[i];
            memset(&local.v[i], 0, sizeof local.v[i]);
            i++;
        } else if (!(en = push(dst, r[j]))) {
            goto nomem;
        }
        if (c >= 0) {
            const char *cur = r[j];

            while (j < nr && strcmp(r[j], cur) == 0)    /* skip remote duplicates */
                j++;
        }
    }
    *out = d;
    memset(&d, 0, sizeof d);
    rc = 0;
    goto out;
nomem:
    error_nomem(e);
out:
    unitdiff_clear(&d);
    unitdiff_list_clear(&local);
    free(r);
    return rc;
}
