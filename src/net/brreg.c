/* Enhetsregisteret client (see brreg.h). */
#include "config.h"
#include "net/brreg.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/sanitize.h"
#include "net/http.h"

#define MAX_CODE 16

void org_entity_list_init(struct org_entity_list *l)
{
    memset(l, 0, sizeof *l);
}

void org_entity_list_clear(struct org_entity_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        org_entity_clear(&l->v[i]);
    free(l->v);
    org_entity_list_init(l);
}

static bool is_orgnr(const char *s)
{
    if (!s || strlen(s) != 9)
        return false;
    for (int i = 0; i < 9; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* A safe copy (core/sanitize.h: controls, C1, bidi, bad UTF-8) of at most max bytes.
 * NULL if absent; -1 if not a string. */
static int clean_string(const cJSON *item, size_t max, char **out)
{
    *out = NULL;
    if (!item || cJSON_IsNull(item))
        return 0;
    if (!cJSON_IsString(item) || !item->valuestring)
        return -1;
    *out = sanitize_dup(item->valuestring, (size_t)-1, max, SANITIZE_SPACES);
    return *out ? 0 : -1;
}

static const cJSON *field(const cJSON *obj, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(obj, name);
}

static int bool_field(const cJSON *obj, const char *name, bool *out)
{
    const cJSON *b = field(obj, name);

    *out = false;
    if (!b || cJSON_IsNull(b))
        return 0;
    if (!cJSON_IsBool(b))
        return -1;
    *out = cJSON_IsTrue(b);
    return 0;
}

/* Fill one entity from a parsed object. */
static int entity_from_json(const cJSON *o, const char *expect, struct org_entity *out,
                            struct error *e)
{
    struct org_entity n;
    const cJSON *form, *nace;
    char *deleted = NULL, *closed = NULL;
    bool liq1, liq2;
    int rc = -1;

    org_entity_init(&n);
    if (!cJSON_IsObject(o))
        return error_set(e, ERR_PARSE, "%s", _("Enhetsregisteret answer is not a JSON object"));
    if (clean_string(field(o, "organisasjonsnummer"), 9, &n.orgnr) < 0 || !is_orgnr(n.orgnr)) {
        error_set(e, ERR_PARSE, "%s", _("Enhetsregisteret answer has no valid organisasjonsnummer"));
        goto out;
    }
    if (expect && strcmp(expect, n.orgnr) != 0) {
        error_set(e, ERR_PARSE, _("Enhetsregisteret answered for '%s' instead of '%s'"), n.orgnr, expect);
        goto out;
    }
    form = field(o, "organisasjonsform");
    nace = field(o, "naeringskode1");
    if ((form && !cJSON_IsObject(form) && !cJSON_IsNull(form)) ||
        (nace && !cJSON_IsObject(nace) && !cJSON_IsNull(nace))) {
        error_set(e, ERR_PARSE, "%s", _("Enhetsregisteret answer has fields of the wrong type"));
        goto out;
    }
    if (clean_string(field(o, "navn"), BRREG_MAX_NAME, &n.name) < 0 ||
        (cJSON_IsObject(form) && clean_string(field(form, "kode"), MAX_CODE, &n.form_code) < 0) ||
        (cJSON_IsObject(nace) && clean_string(field(nace, "kode"), MAX_CODE, &n.nace) < 0) ||
        clean_string(field(o, "overordnetEnhet"), 9, &n.parent_orgnr) < 0 ||
        clean_string(field(o, "slettedato"), 32, &deleted) < 0 ||
        clean_string(field(o, "nedleggelsesdato"), 32, &closed) < 0 ||
        bool_field(o, "konkurs", &n.bankrupt) < 0 ||
        bool_field(o, "underAvvikling", &liq1) < 0 ||
        bool_field(o, "underTvangsavviklingEllerTvangsopplosning", &liq2) < 0) {
        error_set(e, ERR_PARSE, "%s", _("Enhetsregisteret answer has fields of the wrong type"));
        goto out;
    }
    if (n.parent_orgnr && !is_orgnr(n.parent_orgnr)) {
        error_set(e, ERR_PARSE, "%s", _("Enhetsregisteret answer has an invalid overordnetEnhet"));
        goto out;
    }
    n.deleted = (deleted && *deleted) || (closed && *closed);
    n.under_liquidation = liq1 || liq2;
    n.kind = org_kind_from_form(n.form_code);
    /* A sub-unit answer without a form code is still a sub-unit if it has a parent
     * and came from /underenheter; the caller knows, so leave kind as computed. */
    n.lookup = ORG_LOOKUP_FOUND;
    org_entity_clear(out);
    *out = n;
    org_entity_init(&n);
    rc = 0;
out:
    free(deleted);
    free(closed);
    org_entity_clear(&n);
    return rc;
}

static cJSON *parse_json(const char *json, size_t len, struct error *e)
{
    cJSON *root;

    if (!json || len == 0)
        return error_set(e, ERR_PARSE, "%s", _("Enhetsregisteret answer is empty")), NULL;
    if (len > BRREG_MAX_BODY)
        return error_set(e, ERR_PARSE, "%s", _("Enhetsregisteret answer is too large")), NULL;
    root = cJSON_ParseWithLength(json, len);
    if (!root)
        error_set(e, ERR_PARSE, "%s", _("Enhetsregisteret answer is not valid JSON"));
    return root;
}

int brreg_parse_entity(const char *json, size_t len, const char *expect_orgnr,
                       struct org_entity *out, struct error *e)
{
    cJSON *root = parse_json(json, len, e);
    int rc;

    if (!root)
        return -1;
    rc = entity_from_json(root, expect_orgnr, out, e);
    cJSON_Delete(root);
    return rc;
}

int brreg_parse_page(const char *json, size_t len, struct org_entity_list *list,
                     int *total_pages, struct error *e)
{
    cJSON *root = parse_json(json, len, e);
    const cJSON *emb, *arr, *page, *tp, *item;
    size_t start = list->n;
    int rc = -1;

    if (!root)
        return -1;
    if (!cJSON_IsObject(root)) {
        error_set(e, ERR_PARSE, "%s", _("Enhetsregisteret answer is not a JSON object"));
        goto out;
    }
    page = field(root, "page");
    tp = page ? field(page, "totalPages") : NULL;
    if (!cJSON_IsObject(page) || !cJSON_IsNumber(tp) || tp->valuedouble < 0 ||
        tp->valuedouble > 1e6) {
        error_set(e, ERR_PARSE, "%s", _("Enhetsregisteret list has no valid page information"));
        goto out;
    }
    emb = field(root, "_embedded");
    if (emb) {                          /* absent when the list is empty */
        arr = cJSON_IsObject(emb) ? field(emb, "underenheter") : NULL;
        if (!cJSON_IsArray(arr)) {
            error_set(e, ERR_PARSE, "%s", _("Enhetsregisteret list has a malformed _embedded"));
            goto out;
        }
        cJSON_ArrayForEach(item, arr) {
            if (list->n == list->alloc) {
                size_t na = list->alloc ? list->alloc * 2 : 64;
                struct org_entity *nv;
                if (na > (size_t)BRREG_PAGE_SIZE * BRREG_MAX_PAGES * 2) {
                    error_set(e, ERR_PARSE, "%s", _("Enhetsregisteret list is too long"));
                    goto out;
                }
                nv = realloc(list->v, na * sizeof *nv);
                if (!nv) {
                    error_nomem(e);
                    goto out;
                }
                list->v = nv;
                list->alloc = na;
            }
            org_entity_init(&list->v[list->n]);
            if (entity_from_json(item, NULL, &list->v[list->n], e) < 0)
                goto out;
            list->n++;
        }
    }
    *total_pages = (int)tp->valuedouble;
    rc = 0;
out:
    if (rc < 0) {
        while (list->n > start)
            org_entity_clear(&list->v[--list->n]);
    }
    cJSON_Delete(root);
    return rc;
}

static int set_failure(struct org_entity *out, const char *orgnr, struct error *e)
{
    org_entity_clear(out);
    out->lookup = ORG_LOOKUP_FAILED;
    out->orgnr = strdup(orgnr);
    out->failure = strdup(e ? e->msg : _("look-up failed"));
    return -1;
}

static int get_json(struct http_client *c, const char *url, struct http_response *res,
                    struct error *e)
{
    struct strv hdrs = STRV_INIT;
    struct http_request req = { 0 };
    int rc;

    if (strv_push(&hdrs, "Accept: application/json") < 0)
        return error_nomem(e);
    req.method = HTTP_GET;
    req.url = url;
    req.headers = &hdrs;
    req.max_body = BRREG_MAX_BODY;
    rc = http_request(c, &req, res, e);
    strv_clear(&hdrs);
    return rc;
}

int brreg_lookup_url(char *buf, size_t cap, const char *base, int step, const char *orgnr,
                     struct error *e)
{
    static const char *const paths[] = { "enheter", "underenheter" };

    if (!is_orgnr(orgnr))
        return error_set(e, ERR_INVALID, _("'%s' is not a 9-digit organisation number"), orgnr ? orgnr : "");
    if ((size_t)snprintf(buf, cap, "%s/%s/%s", base, paths[step ? 1 : 0], orgnr) >= cap)
        return error_set(e, ERR_INVALID, "%s", _("Enhetsregisteret URL is too long"));
    return 0;
}

int brreg_lookup_answer(int step, const char *orgnr, int rc, const struct http_response *res,
                        const struct error *xe, struct org_entity *out, struct error *e)
{
    if (rc < 0) {
        if (e != xe)
            *e = *xe;
        error_prefix(e, "%s", _("Enhetsregisteret"));
        return set_failure(out, orgnr, e);
    }
    if (res->status == 404 && step == 0)
        return 1;
    if (res->status == 404 || res->status == 410) {
        org_entity_clear(out);
        out->lookup = res->status == 404 ? ORG_LOOKUP_NOT_FOUND : ORG_LOOKUP_GONE;
        out->orgnr = strdup(orgnr);
        return 0;
    }
    if (http_status_error(res, _("Enhetsregisteret"), e) < 0 ||
        brreg_parse_entity(res->body, res->body_len, orgnr, out, e) < 0)
        return set_failure(out, orgnr, e);
    if (step == 1 && out->kind == ORG_KIND_UNKNOWN)
        out->kind = ORG_KIND_SUB_UNIT;
    return 0;
}

int brreg_lookup(struct http_client *c, const char *base, const char *orgnr,
                 struct org_entity *out, struct error *e)
{
    char url[1024];
    int rc = -1;

    for (int step = 0; step < 2; step++) {
        struct http_response res;

        if (brreg_lookup_url(url, sizeof url, base, step, orgnr, e) < 0)
            return -1;
        http_response_init(&res);
        rc = get_json(c, url, &res, e);
        rc = brreg_lookup_answer(step, orgnr, rc, &res, e, out, e);
        http_response_clear(&res);
        if (rc != 1)
            return rc;
    }
    return rc;
}

int brreg_list_url(char *buf, size_t cap, const char *base, const char *parent, int page)
{
    return (size_t)snprintf(buf, cap, "%s/underenheter?overordnetEnhet=%s&page=%d&size=%d",
                            base, parent, page, BRREG_PAGE_SIZE) >= cap ? -1 : 0;
}

int brreg_list_subunits(struct http_client *c, const char *base, const char *parent,
                        struct org_entity_list *out, struct error *e)
{
    struct org_entity_list l;
    struct http_response res;
    char url[1024];
    int total = 1, rc = -1;

    if (!is_orgnr(parent))
        return error_set(e, ERR_INVALID, _("'%s' is not a 9-digit organisation number"), parent ? parent : "");
    org_entity_list_init(&l);
    http_response_init(&res);
    for (int page = 0; page < total; page++) {
        if (page >= BRREG_MAX_PAGES) {
            error_set(e, ERR_PARSE, "%s", _("Enhetsregisteret list is too long"));
            goto out;
        }
        brreg_list_url(url, sizeof url, base, parent, page);
        if (get_json(c, url, &res, e) < 0)
            goto out;
        if (http_status_error(&res, _("Enhetsregisteret"), e) < 0)
            goto out;
        if (brreg_parse_page(res.body, res.body_len, &l, &total, e) < 0)
            goto out;
        http_response_clear(&res);
    }
    for (size_t i = 0; i < l.n; i++)
        if (l.v[i].kind == ORG_KIND_UNKNOWN)
            l.v[i].kind = ORG_KIND_SUB_UNIT;
    org_entity_list_clear(out);
    *out = l;
    org_entity_list_init(&l);
    rc = 0;
out:
    http_response_clear(&res);
    org_entity_list_clear(&l);
    return rc;
}
