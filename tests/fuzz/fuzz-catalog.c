/* Fuzz the service catalog loader (libxml2 + RelaxNG + semantic checks) and, when a
 * catalog loads, the scope/claim computation over every service and option. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/catalog.h"
#include "core/site.h"
#include "store/catalog_xml.h"

static char *schema;
static size_t schema_len;

static void load_schema(void)
{
    const char *top = getenv("top_srcdir");
    char path[1024];
    snprintf(path, sizeof(path), "%s/data/services.rng", top && *top ? top : ".");
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "fuzz-catalog: cannot open %s\n", path);
        abort();
    }
    schema = malloc(1 << 20);
    schema_len = schema ? fread(schema, 1, 1 << 20, f) : 0;
    fclose(f);
}

/* A configuration choosing every service with every option. */
static void check_loaded(const struct catalog *c)
{
    struct helseid_config cfg;
    memset(&cfg, 0, sizeof(cfg));
    cfg.services = calloc(c->n_services ? c->n_services : 1, sizeof(*cfg.services));
    if (!cfg.services)
        return;
    for (size_t i = 0; i < c->n_services; i++) {
        cfg.services[i].service = strdup(c->services[i].id);
        for (size_t k = 0; k < c->services[i].n_options; k++)
            strv_push(&cfg.services[i].options, c->services[i].options[k].id);
    }
    cfg.n_services = c->n_services;
    struct strv scopes = STRV_INIT;
    struct error e;
    if (catalog_scopes(c, &cfg, &scopes, &e) != 0)
        abort();    /* every id came from the catalog itself */
    for (size_t i = 1; i < scopes.n; i++)
        if (strcmp(scopes.v[i - 1], scopes.v[i]) >= 0)
            abort();    /* sorted and distinct */
    struct audience_scopes *aud = NULL;
    size_t n_aud = 0;
    if (scopes_by_audience(&scopes, &aud, &n_aud, &e) == 0) {
        size_t total = 0;
        for (size_t i = 0; i < n_aud; i++)
            total += aud[i].scopes.n;
        if (total != scopes.n)
            abort();    /* grouping loses nothing */
        audience_scopes_free(aud, n_aud);
    }
    struct claim_value *cl = NULL;
    size_t n_cl = 0;
    if (catalog_claims(c, &cfg, &cl, &n_cl, &e) == 0)
        claim_values_free(cl, n_cl);
    strv_clear(&scopes);
    helseid_config_clear(&cfg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!schema)
        load_schema();
    struct catalog c;
    struct error e;
    catalog_init(&c);
    if (catalog_load(&c, (const char *)data, size, schema, schema_len, "fuzz.xml", &e) == 0)
        check_loaded(&c);
    catalog_clear(&c);
    return 0;
}
