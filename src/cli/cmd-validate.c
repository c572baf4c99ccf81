/* helseid-admin validate orgnr|fnr|hpr|herid VALUE...: check Norwegian identifiers
 * offline (core/ident.h). One line per value, or one JSON array with --json.
 * Exit 0 when every value is valid, 1 when one is not, 2 for a usage error. */
#include "config.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/i18n.h"
#include "core/sanitize.h"
#include "core/ident.h"
#include "session/resolve.h"
#include "store/util.h"

enum ident_kind { KIND_ORGNR, KIND_FNR, KIND_HPR, KIND_HERID };

static const char *const kind_names[] = { "orgnr", "fnr", "hpr", "herid" };

/* The verdict on one value, as both outputs need it. */
struct verdict {
    enum ident_reason reason;
    enum ident_reason warning;      /* orgnr in test: the first-digit rule */
    struct fnr_info fnr;            /* KIND_FNR and valid only */
    char orgnr[10];                 /* KIND_ORGNR and valid only: the nine digits */
};

/* Today in local time (YYYY-MM-DD): the core has no clock. NULL if unknown. */
static const char *today(void)
{
    static char buf[16];

    return cli_rules_today(buf, sizeof buf);
}

static void judge(enum ident_kind kind, enum ident_env env, const char *value,
                  struct verdict *v)
{
    memset(v, 0, sizeof *v);
    switch (kind) {
    case KIND_ORGNR:
        v->reason = orgnr_check(value, env, &v->warning);
        if (v->reason == IDENT_OK)
            orgnr_normalize(value, v->orgnr);
        break;
    case KIND_FNR: v->reason = fnr_check_on(value, today(), &v->fnr); break;
    case KIND_HPR: v->reason = hpr_check(value); break;
    case KIND_HERID: v->reason = herid_check(value); break;
    }
}

/* The value as typed, safe for a terminal: control characters (C0, DEL, C1) and bytes
 * that are not UTF-8 become '?', long input is cut (a character cut in half too). */
static void put_value(const char *value, FILE *f)
{
    enum { MAX_SHOWN = 64 };
    char shown[MAX_SHOWN + 1];
    size_t n = strlen(value);

    memcpy(shown, value, n < MAX_SHOWN ? n : MAX_SHOWN);
    shown[n < MAX_SHOWN ? n : MAX_SHOWN] = '\0';
    sanitize_inplace(shown, 0);
    fputs(shown, f);
    if (n > MAX_SHOWN)
        fputs("...", f);
}

static void print_text(enum ident_kind kind, const char *value, const struct verdict *v)
{
    const struct fnr_info *fi = &v->fnr;

    put_value(value, stdout);
    fputs(": ", stdout);
    if (v->reason != IDENT_OK) {
        /* TRANSLATORS: after "VALUE: "; %s is why, e.g. "control digit wrong". */
        printf(_("invalid: %s"), _(ident_reason_message(v->reason)));
    } else if (v->warning != IDENT_OK) {
        printf(_("valid (warning: %s)"), _(ident_reason_message(v->warning)));
    } else if (kind == KIND_FNR && fi->kind == FNR_FH) {
        /* TRANSLATORS: after "VALUE: "; %s is the kind, "FH-number". */
        printf(_("valid, %s, no birth date"), _(fnr_kind_label(fi->kind)));
    } else if (kind == KIND_FNR) {
        /* TRANSLATORS: after "VALUE: "; the kind of number and the birth date. */
        printf(_("valid, %s, born %04d-%02d-%02d"), _(fnr_kind_label(fi->kind)),
               fi->year, fi->month, fi->day);
        if (fi->d_number && fi->kind == FNR_SYNTHETIC)
            printf(", %s", _(fnr_kind_label(FNR_D)));
    } else {
        fputs(_("valid"), stdout);
    }
    if (v->reason == IDENT_OK && kind == KIND_FNR && fi->rule == FNR_RULE_2032)
        printf(", %s", _("control digit by the 2032 rule"));
    fputc('\n', stdout);
}

static cJSON *json_item(enum ident_kind kind, const char *value, const struct verdict *v)
{
    cJSON *o = cJSON_CreateObject();
    char date[16];
    bool ok = o != NULL;

    ok = ok && cJSON_AddStringToObject(o, "value", value);
    ok = ok && cJSON_AddStringToObject(o, "kind", kind_names[kind]);
    ok = ok && cJSON_AddBoolToObject(o, "valid", v->reason == IDENT_OK);
    ok = ok && cJSON_AddStringToObject(o, "reason", ident_reason_name(v->reason));
    ok = ok && cJSON_AddStringToObject(o, "message", _(ident_reason_message(v->reason)));
    if (v->reason == IDENT_OK && v->warning != IDENT_OK) {
        ok = ok && cJSON_AddStringToObject(o, "warning", ident_reason_name(v->warning));
        ok = ok && cJSON_AddStringToObject(o, "warning_message",
                                           _(ident_reason_message(v->warning)));
    }
    if (v->reason == IDENT_OK && kind == KIND_ORGNR)
        ok = ok && cJSON_AddStringToObject(o, "normalized", v->orgnr);
    if (v->reason == IDENT_OK && kind == KIND_FNR) {
        ok = ok && cJSON_AddStringToObject(o, "fnr_kind", fnr_kind_name(v->fnr.kind));
        ok = ok && cJSON_AddBoolToObject(o, "d_number", v->fnr.d_number);
        ok = ok && cJSON_AddStringToObject(o, "rule", fnr_rule_name(v->fnr.rule));
        if (v->fnr.kind == FNR_FH) {
            ok = ok && cJSON_AddNullToObject(o, "birth_date");
        } else {
            snprintf(date, sizeof date, "%04d-%02d-%02d", v->fnr.year, v->fnr.month,
                     v->fnr.day);
            ok = ok && cJSON_AddStringToObject(o, "birth_date", date);
        }
    }
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static int parse_env(const char *s, enum ident_env *env)
{
    if (!s || !*s)
        *env = IDENT_ENV_ANY;
    else if (strcmp(s, "prod") == 0)
        *env = IDENT_ENV_PROD;
    else if (strcmp(s, "test") == 0 || strcmp(s, "demo") == 0)
        *env = IDENT_ENV_TEST;          /* the demo uses the synthetic test orgs */
    else
        return -1;
    return 0;
}

int cmd_validate(const struct options *o, int argc, char **argv)
{
    enum ident_kind kind = KIND_ORGNR;
    enum ident_env env;
    cJSON *array = NULL;
    bool all_valid = true, found = false;
    int rc = 1;

    if (parse_env(o->env, &env) < 0)
        return cli_usage_error(_("invalid environment '%s' (use prod, test or demo)"), o->env);
    if (argc < 2)
        return cli_usage_error("%s", _("missing identifier kind (use orgnr, fnr, hpr or herid)"));
    for (size_t i = 0; i < sizeof kind_names / sizeof *kind_names; i++) {
        if (strcmp(argv[1], kind_names[i]) == 0) {
            kind = (enum ident_kind)i;
            found = true;
        }
    }
    if (!found)
        return cli_usage_error(_("unknown identifier kind '%s' (use orgnr, fnr, hpr or herid)"), argv[1]);
    if (argc < 3)
        return cli_usage_error(_("no value to validate after '%s'"), argv[1]);
    if (o->json && !(array = cJSON_CreateArray()))
        goto nomem;
    for (int i = 2; i < argc; i++) {
        struct verdict v;
        cJSON *item;

        judge(kind, env, argv[i], &v);
        if (v.reason != IDENT_OK)
            all_valid = false;
        if (!o->json) {
            print_text(kind, argv[i], &v);
            continue;
        }
        if (!(item = json_item(kind, argv[i], &v)) || !cJSON_AddItemToArray(array, item)) {
            cJSON_Delete(item);
            goto nomem;
        }
    }
    if (o->json) {
        cJSON *body = cJSON_CreateObject();

        if (!body || !cJSON_AddItemToObject(body, "results", array)) {
            cJSON_Delete(body);
            goto nomem;
        }
        array = NULL;
        json_doc_set_body(body);
        if (!all_valid) {       /* the document's error, also said on stderr */
            struct error e;

            error_set(&e, ERR_INVALID, "%s", _("not every value is valid"));
            cli_fail(&e);
        }
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        struct error e;

        error_set(&e, ERR_IO, "%s", _("cannot write to standard output"));
        cli_fail(&e);
        goto out;
    }
    rc = all_valid ? 0 : 1;
    goto out;
nomem:
    {
        struct error e;

        error_nomem(&e);
        cli_fail(&e);
    }
out:
    cJSON_Delete(array);
    return rc;
}
