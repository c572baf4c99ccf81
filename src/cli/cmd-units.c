/* helseid-admin units [--site FILE] [--diff FILE] [--json]: the distinct org numbers of
 * the unit tree with the units that carry them; with --diff, what changes against the
 * list HelseID holds (childOrganizationNumbers). */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cli/commands.h"
#include "core/error.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/ident.h"
#include "core/unitdiff.h"
#include "session/client_ctx.h"
#include "store/site_xml.h"
#include "store/util.h"

#define DIFF_FILE_MAX (1024 * 1024)

/* Numbers from HelseID or the tree are shown even when invalid, with a mark. */
static bool orgnr_valid(const char *s)
{
    return orgnr_check(s, IDENT_ENV_ANY, NULL) == IDENT_OK;
}

/* One org number per line, '#' starts a comment, blank lines ignored. */
static int read_list(const char *path, struct strv *out, struct error *e)
{
    FILE *f = fopen(path, "re");
    char *line = NULL;
    size_t cap = 0, total = 0;
    ssize_t n;
    long lineno = 0;
    int rc = -1;

    if (!f)
        return error_set(e, ERR_IO, _("cannot open \"%s\": %s"), path, strerror(errno));
    while ((n = getline(&line, &cap, f)) >= 0) {
        char *p = line, *end, *hash;

        lineno++;
        total += (size_t)n;
        if (total > DIFF_FILE_MAX) {
            error_set(e, ERR_INVALID, _("%s: file too large"), path);
            goto out;
        }
        if ((hash = strchr(p, '#')))
            *hash = '\0';
        p += strspn(p, " \t\r\n");
        end = p + strlen(p);
        while (end > p && strchr(" \t\r\n", end[-1]))
            *--end = '\0';
        if (!*p)
            continue;
        /* The list comes from HelseID: no control bytes reach the terminal, and
         * --json stays valid UTF-8. */
        sanitize_inplace(p, 0);
        if (strpbrk(p, " \t")) {
            error_set(e, ERR_INVALID, _("%s:%ld: expected one organisation number per line"),
                      path, lineno);
            goto out;
        }
        if (strv_push(out, p) < 0) {
            error_nomem(e);
            goto out;
        }
    }
    if (ferror(f)) {
        error_set(e, ERR_IO, _("cannot read \"%s\": %s"), path, strerror(errno));
        goto out;
    }
    rc = 0;
out:
    free(line);
    fclose(f);
    return rc;
}

/* Site text for the terminal: a name may hold C1 controls or a newline (&#10;). */
static void put_safe(const char *s)
{
    char *c = strdup(s);

    if (!c) {
        fputc('?', stdout);
        return;
    }
    sanitize_inplace(c, 0);
    fputs(c, stdout);
    free(c);
}

/* "964965137 (KJ_Kommune, KJ_Legekontor)" as in CGM's unit screen. */
static void print_entry(const char *mark, const struct unitdiff_entry *en)
{
    fputs(mark, stdout);
    put_safe(en->orgnr);
    if (en->names.n) {
        fputs(" (", stdout);
        for (size_t i = 0; i < en->names.n; i++) {
            fputs(i ? ", " : "", stdout);
            put_safe(en->names.v[i]);
        }
        fputc(')', stdout);
    }
    if (!orgnr_valid(en->orgnr))
        /* TRANSLATORS: shown after an org number whose check digit is wrong */
        printf("  %s", _("(invalid organisation number)"));
    fputc('\n', stdout);
}

static cJSON *json_list(const struct unitdiff_list *l)
{
    cJSON *arr = cJSON_CreateArray();

    for (size_t i = 0; arr && i < l->n; i++) {
        cJSON *o = cJSON_CreateObject(), *names = cJSON_CreateArray();

        if (!o || !names) {
            cJSON_Delete(o);
            cJSON_Delete(names);
            cJSON_Delete(arr);
            return NULL;
        }
        cJSON_AddItemToArray(arr, o);
        cJSON_AddItemToObject(o, "orgnr", cJSON_CreateString(l->v[i].orgnr));
        cJSON_AddItemToObject(o, "valid", cJSON_CreateBool(orgnr_valid(l->v[i].orgnr)));
        for (size_t k = 0; k < l->v[i].names.n; k++)
            cJSON_AddItemToArray(names, cJSON_CreateString(l->v[i].names.v[k]));
        cJSON_AddItemToObject(o, "units", names);
    }
    return arr;
}

static int print_json(const struct unitdiff_list *all, const struct unitdiff *d)
{
    cJSON *root = cJSON_CreateObject();

    if (!root)
        return -1;
    if (d) {
        cJSON_AddItemToObject(root, "added", json_list(&d->added));
        cJSON_AddItemToObject(root, "removed", json_list(&d->removed));
        cJSON_AddItemToObject(root, "unchanged", json_list(&d->unchanged));
    } else {
        cJSON_AddItemToObject(root, "orgnrs", json_list(all));
    }
    json_doc_set_body(root);
    return 0;
}

static void print_diff(const struct unitdiff *d)
{
    for (size_t i = 0; i < d->added.n; i++)
        print_entry("+ ", &d->added.v[i]);
    for (size_t i = 0; i < d->removed.n; i++)
        print_entry("- ", &d->removed.v[i]);
    for (size_t i = 0; i < d->unchanged.n; i++)
        print_entry("  ", &d->unchanged.v[i]);
    printf(P_("%zu sub-unit to add", "%zu sub-units to add", d->added.n), d->added.n);
    fputs(", ", stdout);
    printf(P_("%zu sub-unit to remove", "%zu sub-units to remove", d->removed.n), d->removed.n);
    fputs(", ", stdout);
    printf(P_("%zu sub-unit unchanged", "%zu sub-units unchanged", d->unchanged.n),
           d->unchanged.n);
    fputc('\n', stdout);
}

int cmd_units(const struct options *o, int argc, char **argv)
{
    struct error e = { 0 };
    struct client_ctx c;
    const struct site *s;
    struct strv remote = STRV_INIT;
    struct unitdiff_list all = { 0 };
    struct unitdiff d = { 0 };
    int status = 1;

    (void)argc;                 /* no operands: cli/parse.c checked */
    (void)argv;
    if (!o->site || !*o->site)
        return cli_usage_error("%s", _("no site file: use --site FILE or set HELSEID_SITE"));
    /* The site as every command opens it (trust checks, an earlier run's journal). */
    if (client_ctx_open(&c, o, 0, &e) < 0)
        goto fail;
    s = c.site;
    if (o->diff_file) {
        if (read_list(o->diff_file, &remote, &e) < 0 || unitdiff_compute(s, &remote, &d, &e) < 0)
            goto fail;
    } else if (unitdiff_group(s, &all, &e) < 0) {
        goto fail;
    }
    if (o->json) {
        if (print_json(&all, o->diff_file ? &d : NULL) < 0) {
            error_nomem(&e);
            goto fail;
        }
    } else if (o->diff_file) {
        print_diff(&d);
    } else {
        for (size_t i = 0; i < all.n; i++)
            print_entry("", &all.v[i]);
    }
    if (fflush(stdout) != 0) {
        error_set(&e, ERR_IO, _("cannot write to standard output: %s"), strerror(errno));
        goto fail;
    }
    status = 0;
    goto out;
fail:
    status = cli_fail(&e);
out:
    unitdiff_clear(&d);
    unitdiff_list_clear(&all);
    strv_clear(&remote);
    client_ctx_close(&c);
    site_xml_cleanup();
    return status;
}
