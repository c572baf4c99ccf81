#include "config.h"
#include "net/scope_groups.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void scope_groups_init(struct scope_groups *g)
{
    g->v = NULL;
    g->n = 0;
}

void scope_groups_clear(struct scope_groups *g)
{
    for (size_t i = 0; i < g->n; i++) {
        free(g->v[i].audience);
        strv_clear(&g->v[i].scopes);
    }
    free(g->v);
    scope_groups_init(g);
}

static bool is_identity_scope(const char *s)
{
    return strcmp(s, "openid") == 0 || strcmp(s, "profile") == 0 ||
           strcmp(s, "offline_access") == 0 || strncmp(s, "helseid://", 10) == 0 ||
           !strchr(s, '/');
}

char *scope_audience(const char *scope, int *oom)
{
    char *aud;
    size_t n;

    *oom = 0;
    if (!scope || is_identity_scope(scope))
        return NULL;
    n = (size_t)(strchr(scope, '/') - scope);
    if (n == 0)
        return NULL;
    if (!(aud = strndup(scope, n)))
        *oom = 1;
    return aud;
}

static struct scope_group *find_group(struct scope_groups *g, const char *aud)
{
    for (size_t i = 0; i < g->n; i++) {
        const char *a = g->v[i].audience;
        if ((!a && !aud) || (a && aud && strcmp(a, aud) == 0))
            return &g->v[i];
    }
    return NULL;
}

static struct scope_group *add_group(struct scope_groups *g, char *aud)
{
    struct scope_group *v = realloc(g->v, (g->n + 1) * sizeof *v);

    if (!v)
        return NULL;
    g->v = v;
    v[g->n].audience = aud;
    v[g->n].scopes = (struct strv)STRV_INIT;
    return &v[g->n++];
}

int scope_groups_build(const struct strv *scopes, struct scope_groups *out)
{
    struct scope_groups g;
    struct scope_group *identity = NULL;
    int rc = -1;

    scope_groups_init(&g);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < scopes->n; i++) {
            const char *s = scopes->v[i];
            int oom;
            char *aud;
            struct scope_group *grp;

            if (!*s || is_identity_scope(s) != (pass == 1))
                continue;
            aud = scope_audience(s, &oom);
            if (oom)
                goto out;
            if (pass == 1 && !aud)
                grp = identity;
            else
                grp = find_group(&g, aud);
            if (grp) {
                free(aud);
            } else if (!(grp = add_group(&g, aud))) {
                free(aud);
                goto out;
            } else if (pass == 1) {
                identity = grp;
            }
            if (!strv_contains(&grp->scopes, s) && strv_push(&grp->scopes, s) < 0)
                goto out;
        }
    }
    *out = g;
    scope_groups_init(&g);
    rc = 0;
out:
    scope_groups_clear(&g);
    return rc;
}

int scope_groups_build_str(const char *scopes, struct scope_groups *out)
{
    struct strv sv = STRV_INIT;
    const char *p = scopes ? scopes : "";
    int rc = -1;

    while (*p) {
        size_t n;
        char *w;

        p += strspn(p, " \t");
        n = strcspn(p, " \t");
        if (n == 0)
            break;
        if (!(w = strndup(p, n)) || strv_push_owned(&sv, w) < 0) {
            free(w);
            goto out;
        }
        p += n;
    }
    rc = scope_groups_build(&sv, out);
out:
    strv_clear(&sv);
    return rc;
}

char *scope_group_join(const struct scope_group *g)
{
    size_t len = 1;
    char *s, *p;

    for (size_t i = 0; i < g->scopes.n; i++)
        len += strlen(g->scopes.v[i]) + 1;
    if (!(s = malloc(len)))
        return NULL;
    p = s;
    *p = '\0';
    for (size_t i = 0; i < g->scopes.n; i++) {
        size_t n = strlen(g->scopes.v[i]);
        if (i)
            *p++ = ' ';
        memcpy(p, g->scopes.v[i], n);
        p += n;
    }
    *p = '\0';
    return s;
}
