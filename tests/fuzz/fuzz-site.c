/* Fuzz the site file parser from memory, schema validation included. Whatever parses
 * must write back and parse again to an equal site (round trip). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/site_xml.h"
#include "tests/unit/site_equal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void schema_dir(void)
{
    /* make check sets HELSEID_ADMIN_DATADIR; a bare libFuzzer run uses the source tree */
    if (!getenv("HELSEID_ADMIN_DATADIR"))
        setenv("HELSEID_ADMIN_DATADIR", "data", 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct error e = { 0 };
    struct site s, back;
    char *xml = NULL;
    size_t len;

    schema_dir();
    if (site_xml_parse_memory((const char *)data, size, "fuzz", &s, &e) < 0) {
        /* every refusal carries a message naming the input */
        if (strncmp(e.msg, "fuzz", 4) != 0 && e.code != ERR_IO && e.code != ERR_NOMEM)
            abort();
        return 0;
    }
    if (site_xml_write(&s, &xml, &len, &e) < 0)
        abort();
    if (site_xml_parse_memory(xml, len, "fuzz-again", &back, &e) < 0 || !site_equal(&s, &back))
        abort();
    site_clear(&back);
    site_clear(&s);
    free(xml);
    return 0;
}
