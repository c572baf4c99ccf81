#include "config.h"
#include "core/strv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int strv_push_owned(struct strv *sv, char *s)
{
    if (sv->n == sv->alloc) {
        size_t alloc = sv->alloc ? sv->alloc * 2 : 8;
        char **v = realloc(sv->v, alloc * sizeof *v);
        if (!v)
            return -1;
        sv->v = v;
        sv->alloc = alloc;
    }
    sv->v[sv->n++] = s;
    return 0;
}

int strv_push(struct strv *sv, const char *s)
{
    char *copy = strdup(s);

    if (!copy || strv_push_owned(sv, copy) < 0) {
        free(copy);
        return -1;
    }
    return 0;
}

bool strv_contains(const struct strv *sv, const char *s)
{
    for (size_t i = 0; i < sv->n; i++)
        if (strcmp(sv->v[i], s) == 0)
            return true;
    return false;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void strv_sort_unique(struct strv *sv)
{
    size_t out = 0;

    if (sv->n < 2)
        return;
    qsort(sv->v, sv->n, sizeof *sv->v, cmp_str);
    for (size_t i = 0; i < sv->n; i++) {
        if (out > 0 && strcmp(sv->v[out - 1], sv->v[i]) == 0)
            free(sv->v[i]);
        else
            sv->v[out++] = sv->v[i];
    }
    sv->n = out;
}

int strv_copy(struct strv *dst, const struct strv *src)
{
    for (size_t i = 0; i < src->n; i++)
        if (strv_push(dst, src->v[i]) < 0)
            return -1;
    return 0;
}

void strv_clear(struct strv *sv)
{
    for (size_t i = 0; i < sv->n; i++)
        free(sv->v[i]);
    free(sv->v);
    sv->v = NULL;
    sv->n = sv->alloc = 0;
}

char *str_dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

char *str_vformat(const char *fmt, va_list ap)
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

char *str_format(const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    s = str_vformat(fmt, ap);
    va_end(ap);
    return s;
}

int str_replace(char **dst, const char *src)
{
    char *copy = NULL;

    if (src && !(copy = strdup(src)))
        return -1;
    free(*dst);
    *dst = copy;
    return 0;
}

void free_string_list(char **const fields[])
{
    for (; *fields; fields++) {
        free(**fields);
        **fields = NULL;
    }
}
