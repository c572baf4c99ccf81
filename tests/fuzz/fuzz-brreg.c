/* Fuzz the Enhetsregisteret JSON parsers. First byte: even = one entity, odd = a page. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/brreg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct org_entity o;
    struct org_entity_list l;
    struct error e;
    int pages = 0;

    if (size < 1)
        return 0;
    if (data[0] & 1) {
        org_entity_list_init(&l);
        if (brreg_parse_page((const char *)data + 1, size - 1, &l, &pages, &e) == 0)
            for (size_t i = 0; i < l.n; i++)
                if (!l.v[i].orgnr || strlen(l.v[i].orgnr) != 9)
                    abort();
        org_entity_list_clear(&l);
    } else {
        org_entity_init(&o);
        if (brreg_parse_entity((const char *)data + 1, size - 1, NULL, &o, &e) == 0) {
            if (!o.orgnr || strlen(o.orgnr) != 9)
                abort();
            for (const char *p = o.name; p && *p; p++)
                if ((unsigned char)*p < 0x20)
                    abort();        /* control characters never enter the model */
        }
        org_entity_clear(&o);
    }
    return 0;
}
