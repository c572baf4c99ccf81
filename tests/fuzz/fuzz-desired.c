/* Fuzz the desired-configuration parser of plan/apply (src/cli/desired.c) against the
 * real service catalog: any bytes either parse into a struct desired or fail with
 * ERR_PARSE and a message naming the file. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session/desired.h"
#include "core/catalog.h"
#include "store/catalog_file.h"

static struct catalog cat;
static int loaded;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct desired d;
    struct error e = { 0 };

    if (!loaded) {
        catalog_init(&cat);
        if (catalog_load_dir(&cat, NULL, &e) < 0) {
            fprintf(stderr, "fuzz-desired: %s\n", e.msg);
            abort();
        }
        loaded = 1;
    }
    desired_init(&d);
    if (desired_parse(&d, (const char *)data, size, "fuzz.json", &cat, &e) == 0) {
        if (!d.owner_orgnr)
            abort();        /* owner is required */
        desired_clear(&d);
    } else if ((e.code != ERR_PARSE && e.code != ERR_NOMEM) || strncmp(e.msg, "fuzz.json:", 10) != 0) {
        abort();
    }
    return 0;
}
