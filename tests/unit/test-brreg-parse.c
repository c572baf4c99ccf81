/* Enhetsregisteret JSON parsing from fixtures (tests/data/brreg). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/brreg.h"
#include "tests/tap.h"

static char *slurp(const char *name, size_t *len)
{
    char path[1024];
    const char *top = getenv("top_srcdir");
    FILE *f;
    char *buf;
    long n;

    snprintf(path, sizeof path, "%s/tests/data/brreg/%s", top ? top : ".", name);
    f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static int entity(const char *file, const char *expect, struct org_entity *o, struct error *e)
{
    size_t len = 0;
    char *j = slurp(file, &len);
    int rc;

    if (!j) {
        error_set(e, ERR_IO, "missing fixture %s", file);
        return -2;
    }
    rc = brreg_parse_entity(j, len, expect, o, e);
    free(j);
    return rc;
}

#define J(lit) lit, sizeof lit - 1

int main(void)
{
    struct org_entity o;
    struct error e = { 0 };
    struct org_entity_list l;
    int pages = -1;

    org_entity_init(&o);
    is_int(entity("enhet-311590839.json", "311590839", &o, &e), 0, "enhet: parsed");
    is_int(o.lookup, ORG_LOOKUP_FOUND, "enhet: found");
    is_str(o.name, "Nordre testkommune", "enhet: name");
    is_str(o.form_code, "KOMM", "enhet: form");
    is_int(o.kind, ORG_KIND_MAIN, "enhet: main entity");
    is_str(o.nace, "84.110", "enhet: næringskode");
    ok(o.parent_orgnr == NULL, "enhet: no parent");
    ok(!o.deleted && !o.bankrupt && !o.under_liquidation, "enhet: active");

    is_int(entity("orgl-310166138.json", "310166138", &o, &e), 0, "ORGL: parsed");
    is_int(o.kind, ORG_KIND_ORG_PART, "ORGL: organisasjonsledd");
    is_str(o.parent_orgnr, "311590839", "ORGL: parent");

    is_int(entity("underenhet-311860917.json", "311860917", &o, &e), 0, "underenhet: parsed");
    is_int(o.kind, ORG_KIND_SUB_UNIT, "underenhet: sub-unit");
    is_str(o.parent_orgnr, "310166138", "underenhet: overordnetEnhet");
    is_str(o.nace, "86.211", "underenhet: næringskode 86.211");

    is_int(entity("deleted-217975433.json", "217975433", &o, &e), 0, "deleted: parsed (200 with slettedato)");
    ok(o.deleted, "deleted: flagged");
    is_int(entity("konkurs-212319481.json", "212319481", &o, &e), 0, "konkurs: parsed");
    ok(o.bankrupt && !o.deleted, "konkurs: bankrupt");
    is_int(entity("avvikling-315260183.json", "315260183", &o, &e), 0, "avvikling: parsed");
    ok(o.under_liquidation && !o.bankrupt, "avvikling: under liquidation");

    is_int(entity("control-chars.json", "311860917", &o, &e), 0, "control characters: parsed");
    is_str(o.name, "Nordre? lege kontor?[31m", "control characters: neutralised before the model");
    org_entity_clear(&o);

    is_int(entity("enhet-311590839.json", "311590840", &o, &e), -1, "wrong organisasjonsnummer refused");
    is_int(e.code, ERR_PARSE, "wrong organisasjonsnummer: ERR_PARSE");
    ok(o.name == NULL, "failure leaves out untouched");
    is_int(entity("malformed-truncated.json", NULL, &o, &e), -1, "truncated JSON refused");
    is_int(entity("malformed-types.json", NULL, &o, &e), -1, "wrong types refused");
    is_int(entity("malformed-orgnr.json", NULL, &o, &e), -1, "invalid orgnr refused");
    is_int(brreg_parse_entity("[]", 2, NULL, &o, &e), -1, "array refused");
    is_int(brreg_parse_entity("", 0, NULL, &o, &e), -1, "empty refused");
    is_int(brreg_parse_entity(J("{\"organisasjonsnummer\":\"311590839\",\"overordnetEnhet\":\"12\"}"), NULL, &o, &e), -1,
           "invalid overordnetEnhet refused");
    is_int(brreg_parse_entity(J("{\"organisasjonsnummer\":\"311590839\",\"konkurs\":\"ja\"}"), NULL, &o, &e), -1,
           "konkurs not a bool refused");
    {
        char big[600];
        int n = snprintf(big, sizeof big, "{\"organisasjonsnummer\":\"311590839\",\"navn\":\"");
        memset(big + n, 'x', 400);
        strcpy(big + n + 400, "\"}");
        is_int(brreg_parse_entity(big, strlen(big), NULL, &o, &e), 0, "long name accepted");
        is_int((int)strlen(o.name), BRREG_MAX_NAME, "long name capped");
        org_entity_clear(&o);
    }

    org_entity_list_init(&l);
    {
        size_t len;
        char *j = slurp("subunits-310166138-page0.json", &len);
        is_int(brreg_parse_page(j, len, &l, &pages, &e), 0, "page 0 parsed");
        free(j);
        is_int(pages, 2, "page 0: totalPages");
        is_int((int)l.n, 2, "page 0: two units");
        j = slurp("subunits-310166138-page1.json", &len);
        is_int(brreg_parse_page(j, len, &l, &pages, &e), 0, "page 1 parsed");
        free(j);
        is_int((int)l.n, 4, "page 1: appended");
        is_str(l.v[3].orgnr, "318219931", "page 1: last unit");
        ok(l.v[3].deleted, "page 1: nedleggelsesdato marks closed");
        is_str(l.v[1].nace, "86.210", "page 0: legevakt næringskode");
        j = slurp("subunits-empty.json", &len);
        is_int(brreg_parse_page(j, len, &l, &pages, &e), 0, "empty page without _embedded parsed");
        free(j);
        is_int(pages, 0, "empty: zero pages");
        is_int((int)l.n, 4, "empty: nothing appended");
        j = slurp("malformed-page.json", &len);
        is_int(brreg_parse_page(j, len, &l, &pages, &e), -1, "_embedded not an array refused");
        free(j);
        is_int((int)l.n, 4, "refused page appends nothing");
        is_int(brreg_parse_page(J("{\"_embedded\":{\"underenheter\":[]}}"), &l, &pages, &e), -1, "missing page refused");
        is_int(brreg_parse_page(J("{\"_embedded\":{\"underenheter\":[{\"organisasjonsnummer\":\"311860917\"},{\"navn\":\"x\"}]},"
                                "\"page\":{\"totalPages\":1}}"),  &l, &pages, &e), -1, "one bad unit refuses the page");
        is_int((int)l.n, 4, "bad unit: nothing appended");
    }
    org_entity_list_clear(&l);
    return done_testing();
}
