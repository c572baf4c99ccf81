/* One audience per token: HelseID issues a token for one API at a time, so the
 * wanted scopes are grouped by audience (the part before the first '/') and
 * requested one group per token request. */
#ifndef HELSEID_SCOPE_GROUPS_H
#define HELSEID_SCOPE_GROUPS_H

#include <stddef.h>

#include "core/strv.h"

struct scope_group {
    char *audience;         /* "nhn:kjernejournal"; NULL for identity scopes */
    struct strv scopes;     /* in the order first given, without duplicates */
};

struct scope_groups {
    struct scope_group *v;
    size_t n;
};

void scope_groups_init(struct scope_groups *g);
void scope_groups_clear(struct scope_groups *g);

/* The audience of one API scope (a new string), or NULL for identity scopes
 * ("openid", "profile", "offline_access", "helseid://scopes/...") which belong to
 * the user login rather than an API, and for scopes without '/'. *oom is set when
 * allocation failed. */
char *scope_audience(const char *scope, int *oom);

/* Group `scopes` (space-separated words or a strv) by audience, groups in order
 * of first appearance; identity scopes go to one group with audience NULL, last.
 * -1 on out of memory. */
int scope_groups_build(const struct strv *scopes, struct scope_groups *out);
int scope_groups_build_str(const char *scopes, struct scope_groups *out);

/* The scopes of a group joined by single spaces (a new string), NULL on OOM. */
char *scope_group_join(const struct scope_group *g);

#endif
