/* Enhetsregisteret from a fixture file, plus the municipality's 2,000 generated
 * sub-units (deterministic, valid mod-11 numbers starting with 3). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "sim/sim.h"

#define MUNICIPALITY "311590839"
#define GENERATED_UNITS 2000
#define PAGE_SIZE_MAX 1000

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    long n;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && n < 16L * 1024 * 1024 &&
        fseek(f, 0, SEEK_SET) == 0 && (data = malloc((size_t)n + 1)) != NULL) {
        if (fread(data, 1, (size_t)n, f) != (size_t)n) {
            free(data);
            data = NULL;
        } else {
            data[n] = '\0';
            *len = (size_t)n;
        }
    }
    fclose(f);
    return data;
}

static int check_digit(const char *eight)
{
    static const int w[8] = { 3, 2, 7, 6, 5, 4, 3, 2 };
    int sum = 0, c;
    for (int i = 0; i < 8; i++)
        sum += (eight[i] - '0') * w[i];
    c = 11 - sum % 11;
    return c == 11 ? 0 : c;
}

static void generate_units(struct sim *sim)
{
    static const struct { const char *kode, *text; } koder[] = {
        { "86.211", "Allmenn legetjeneste" },
        { "87.101", "Drift av sykehjem" },
        { "88.991", "Barneverntjenester" },
        { "86.909", "Andre helsetjenester" },
    };
    int made = 0;
    for (long k = 32000000; made < GENERATED_UNITS; k++) {
        char num[24];
        int c;
        cJSON *u, *form, *nk;
        snprintf(num, sizeof num, "%08ld", k);
        c = check_digit(num);
        if (c == 10)
            continue;
        num[8] = (char)('0' + c);
        num[9] = '\0';
        if (cJSON_GetObjectItemCaseSensitive(sim->brreg_underenheter, num))
            continue;
        u = cJSON_CreateObject();
        cJSON_AddStringToObject(u, "organisasjonsnummer", num);
        {
            char name[64];
            snprintf(name, sizeof name, "Nordre testkommune enhet %04d", made + 1);
            cJSON_AddStringToObject(u, "navn", name);
        }
        form = cJSON_AddObjectToObject(u, "organisasjonsform");
        cJSON_AddStringToObject(form, "kode", "BEDR");
        cJSON_AddStringToObject(form, "beskrivelse", "Underenhet til næringsdrivende og offentlig forvaltning");
        nk = cJSON_AddObjectToObject(u, "naeringskode1");
        cJSON_AddStringToObject(nk, "kode", koder[made % 4].kode);
        cJSON_AddStringToObject(nk, "beskrivelse", koder[made % 4].text);
        cJSON_AddStringToObject(u, "overordnetEnhet", MUNICIPALITY);
        cJSON_AddItemToObject(sim->brreg_underenheter, num, u);
        made++;
    }
}

static int index_array(cJSON *target, const cJSON *array, char *why, size_t why_len)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, array) {
        const cJSON *num = cJSON_GetObjectItemCaseSensitive(it, "organisasjonsnummer");
        if (!cJSON_IsString(num) || strlen(num->valuestring) != 9) {
            snprintf(why, why_len, "%s", _("an entry lacks a 9-digit organisasjonsnummer"));
            return -1;
        }
        cJSON_AddItemToObject(target, num->valuestring, cJSON_Duplicate(it, 1));
    }
    return 0;
}

int brreg_load(struct sim *sim, const char *file, char *why, size_t why_len)
{
    size_t len = 0;
    char *text = read_file(file, &len);
    cJSON *doc;
    int rc = -1;
    if (!text) {
        snprintf(why, why_len, _("cannot read '%s'"), file);
        return -1;
    }
    doc = cJSON_ParseWithLength(text, len);
    free(text);
    if (!cJSON_IsObject(doc)) {
        snprintf(why, why_len, _("'%s' is not a JSON object"), file);
        goto out;
    }
    if (index_array(sim->brreg_enheter, cJSON_GetObjectItemCaseSensitive(doc, "enheter"), why, why_len) ||
        index_array(sim->brreg_underenheter, cJSON_GetObjectItemCaseSensitive(doc, "underenheter"), why, why_len))
        goto out;
    {
        const cJSON *g;
        cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(doc, "gone"))
            if (cJSON_IsString(g))
                cJSON_AddItemToArray(sim->brreg_gone, cJSON_CreateString(g->valuestring));
    }
    generate_units(sim);
    rc = 0;
out:
    cJSON_Delete(doc);
    return rc;
}

static bool nine_digits(const char *s)
{
    if (!s || strlen(s) != 9)
        return false;
    for (int i = 0; i < 9; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

static bool gone(struct sim *sim, const char *num)
{
    const cJSON *g;
    cJSON_ArrayForEach(g, sim->brreg_gone)
        if (strcmp(g->valuestring, num) == 0)
            return true;
    return false;
}

static void brreg_error(struct sim_reply *r, int status, const char *error, const char *path)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddNumberToObject(doc, "status", status);
    cJSON_AddStringToObject(doc, "error", error);
    cJSON_AddStringToObject(doc, "path", path);
    reply_json(r, status, doc);
}

static void lookup(struct sim *sim, const struct sim_request *req, struct sim_reply *r,
                   cJSON *table, const char *num)
{
    const cJSON *e;
    if (!nine_digits(num)) {
        brreg_error(r, 400, "Ugyldig organisasjonsnummer", req->path);
    } else if (gone(sim, num)) {
        brreg_error(r, 410, "Enheten er fjernet av juridiske årsaker", req->path);
    } else if ((e = cJSON_GetObjectItemCaseSensitive(table, num)) != NULL) {
        reply_json(r, 200, cJSON_Duplicate(e, 1));
    } else {
        brreg_error(r, 404, "Not Found", req->path);
    }
}

static int query_int(const struct sim_request *req, const char *name, int def, int lo, int hi,
                     int *out)
{
    const char *v = req_query(req, name);
    char *end;
    long n;
    if (!v) {
        *out = def;
        return 0;
    }
    n = strtol(v, &end, 10);
    if (!*v || *end || n < lo || n > hi)
        return -1;
    *out = (int)n;
    return 0;
}

static void search(struct sim *sim, const struct sim_request *req, struct sim_reply *r)
{
    const char *parent = req_query(req, "overordnetEnhet");
    int page, size, total = 0, index = 0;
    cJSON *doc, *list = cJSON_CreateArray(), *p;
    const cJSON *u;
    if ((parent && !nine_digits(parent)) || query_int(req, "page", 0, 0, 100000, &page) ||
        query_int(req, "size", 20, 1, PAGE_SIZE_MAX, &size) || (long)page * size >= 10000 + size) {
        cJSON_Delete(list);
        brreg_error(r, 400, "Ugyldig forespørsel", req->path);
        return;
    }
    cJSON_ArrayForEach(u, sim->brreg_underenheter) {
        const cJSON *o = cJSON_GetObjectItemCaseSensitive(u, "overordnetEnhet");
        if (parent && (!cJSON_IsString(o) || strcmp(o->valuestring, parent) != 0))
            continue;
        total++;
        if (index >= (long)page * size && index < (long)(page + 1) * size)
            cJSON_AddItemToArray(list, cJSON_Duplicate(u, 1));
        index++;
    }
    doc = cJSON_CreateObject();
    if (cJSON_GetArraySize(list) > 0) {
        cJSON *emb = cJSON_AddObjectToObject(doc, "_embedded");
        cJSON_AddItemToObject(emb, "underenheter", list);
    } else {
        cJSON_Delete(list);
    }
    cJSON_AddObjectToObject(doc, "_links");
    p = cJSON_AddObjectToObject(doc, "page");
    cJSON_AddNumberToObject(p, "size", size);
    cJSON_AddNumberToObject(p, "totalElements", total);
    cJSON_AddNumberToObject(p, "totalPages", (total + size - 1) / size);
    cJSON_AddNumberToObject(p, "number", page);
    reply_json(r, 200, doc);
}

void brreg_handle(struct sim *sim, const struct sim_request *req, struct sim_reply *r)
{
    if (strcmp(req->method, "GET") != 0)
        brreg_error(r, 405, "Method Not Allowed", req->path);
    else if (strncmp(req->sub, "/enheter/", 9) == 0)
        lookup(sim, req, r, sim->brreg_enheter, req->sub + 9);
    else if (strncmp(req->sub, "/underenheter/", 14) == 0)
        lookup(sim, req, r, sim->brreg_underenheter, req->sub + 14);
    else if (strcmp(req->sub, "/underenheter") == 0)
        search(sim, req, r);
    else
        brreg_error(r, 404, "Not Found", req->path);
}
