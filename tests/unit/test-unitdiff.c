/* unitdiff: distinct org numbers of the unit tree vs HelseID's list. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/site.h"
#include "core/unitdiff.h"
#include "tests/tap.h"

static bool sorted(const struct unitdiff_list *l)
{
    for (size_t i = 1; i < l->n; i++)
        if (strcmp(l->v[i - 1].orgnr, l->v[i].orgnr) >= 0)
            return false;
    return true;
}

static void test_small(void)
{
    struct error e = { 0 };
    struct site s;
    struct strv remote = STRV_INIT;
    struct unitdiff d;
    int top;

    site_init(&s);
    top = site_add_unit(&s, "KJ_Kommune", "964965137", NULL, NULL, -1);
    site_add_unit(&s, "KJ_Legekontor", "311860917", NULL, NULL, top);
    site_add_unit(&s, "KJ_Fastlege", "311860917", NULL, NULL, top);
    site_add_unit(&s, "Ugyldig", "12345", NULL, NULL, top);        /* invalid: kept */
    site_add_unit(&s, "Uten nummer", "", NULL, NULL, top);        /* skipped */
    site_add_unit(&s, "Tekst", "abc", NULL, NULL, top);
    strv_push(&remote, "311860917");
    strv_push(&remote, "310166138");
    strv_push(&remote, "310166138");    /* duplicate in HelseID's list */
    strv_push(&remote, "");             /* ignored */
    strv_push(&remote, "964965137");

    ok(unitdiff_compute(&s, &remote, &d, &e) == 0, "small: computed");
    is_int(d.added.n, 2, "small: 2 added (invalid numbers kept)");
    is_str(d.added.v[0].orgnr, "12345", "small: added sorted, '12345' first");
    is_str(d.added.v[1].orgnr, "abc", "small: then 'abc'");
    is_int(d.removed.n, 1, "small: 1 removed (duplicate counted once)");
    is_str(d.removed.v[0].orgnr, "310166138", "small: removed number");
    is_int(d.removed.v[0].names.n, 0, "small: removed has no local names");
    is_int(d.unchanged.n, 2, "small: 2 unchanged");
    is_str(d.unchanged.v[0].orgnr, "311860917", "small: unchanged sorted");
    is_int(d.unchanged.v[0].names.n, 2, "small: two units share 311860917");
    is_str(d.unchanged.v[0].names.v[0], "KJ_Legekontor", "small: names in tree order (1)");
    is_str(d.unchanged.v[0].names.v[1], "KJ_Fastlege", "small: names in tree order (2)");
    unitdiff_clear(&d);

    strv_clear(&remote);
    ok(unitdiff_compute(&s, &remote, &d, &e) == 0 && d.added.n == 4 && d.removed.n == 0 &&
       d.unchanged.n == 0, "empty HelseID list: everything added");
    unitdiff_clear(&d);
    site_clear(&s);
    strv_push(&remote, "311860917");
    ok(unitdiff_compute(&s, &remote, &d, &e) == 0 && d.added.n == 0 && d.removed.n == 1 &&
       d.unchanged.n == 0, "empty unit tree: everything removed");
    unitdiff_clear(&d);
    strv_clear(&remote);
    ok(unitdiff_compute(&s, &remote, &d, &e) == 0 && d.added.n + d.removed.n + d.unchanged.n == 0,
       "both empty: nothing");
    unitdiff_clear(&d);
}

static void test_large(void)
{
    struct error e = { 0 };
    struct site s;
    struct strv remote = STRV_INIT;
    struct unitdiff_list g;
    struct unitdiff d;
    char nr[16], name[32];
    size_t names = 0;

    /* 2,000 units, two per number (1,000 distinct); HelseID knows numbers 500..1,499. */
    site_init(&s);
    for (int i = 1999; i >= 0; i--) {
        snprintf(nr, sizeof nr, "3%08d", i / 2);
        snprintf(name, sizeof name, "Enhet %d", i);
        site_add_unit(&s, name, nr, NULL, NULL, -1);
    }
    for (int i = 1499; i >= 500; i--) {
        snprintf(nr, sizeof nr, "3%08d", i);
        strv_push(&remote, nr);
    }
    ok(unitdiff_group(&s, &g, &e) == 0 && g.n == 1000 && sorted(&g), "2,000 units: 1,000 distinct, sorted");
    for (size_t i = 0; i < g.n; i++)
        names += g.v[i].names.n;
    is_int(names, 2000, "2,000 units: every unit named once");
    unitdiff_list_clear(&g);
    ok(unitdiff_compute(&s, &remote, &d, &e) == 0, "2,000 units: computed");
    is_int(d.added.n, 500, "2,000 units: 500 to add");
    is_int(d.removed.n, 500, "2,000 units: 500 to remove");
    is_int(d.unchanged.n, 500, "2,000 units: 500 unchanged");
    ok(sorted(&d.added) && sorted(&d.removed) && sorted(&d.unchanged), "2,000 units: lists sorted");
    is_str(d.added.v[0].orgnr, "300000000", "2,000 units: first added");
    is_str(d.removed.v[499].orgnr, "300001499", "2,000 units: last removed");
    ok(d.unchanged.v[0].names.n == 2, "2,000 units: unchanged entries carry both names");
    unitdiff_clear(&d);
    strv_clear(&remote);
    site_clear(&s);
}

int main(void)
{
    test_small();
    test_large();
    return done_testing();
}
