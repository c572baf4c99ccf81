/* Sub-unit diff (pure): the distinct org numbers of the unit tree against a list from
 * HelseID (childOrganizationNumbers). Each entry also names the local units that carry
 * the number: several units often share one. O(n log n): sort and merge.
 * Validity of the numbers is not judged here (the caller flags it with core/ident.h). */
#ifndef HELSEID_UNITDIFF_H
#define HELSEID_UNITDIFF_H

#include <stddef.h>

#include "core/error.h"
#include "core/site.h"
#include "core/strv.h"

struct unitdiff_entry {
    char *orgnr;
    struct strv names;      /* local unit names in unit-tree order; empty if removed */
};

struct unitdiff_list {
    struct unitdiff_entry *v;
    size_t n;
};

struct unitdiff {
    struct unitdiff_list added;       /* in the unit tree, not in HelseID */
    struct unitdiff_list removed;     /* in HelseID, not in the unit tree */
    struct unitdiff_list unchanged;   /* in both */
};

/* The distinct org numbers of the unit tree (byte order) with their unit names.
 * Units without an org number are skipped. */
int unitdiff_group(const struct site *s, struct unitdiff_list *out, struct error *e);

/* Compare the unit tree with `remote` (any order, duplicates allowed). Each list is
 * sorted by org number. */
int unitdiff_compute(const struct site *s, const struct strv *remote, struct unitdiff *out,
                     struct error *e);

void unitdiff_list_clear(struct unitdiff_list *l);
void unitdiff_clear(struct unitdiff *d);

#endif
