#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "store/catalog_file.h"
#include "store/catalog_xml.h"
#include "store/datadir.h"
#include "store/util.h"

#define CATALOG_FILE_MAX ((size_t)4 << 20)

int catalog_load_dir(struct catalog *c, const char *datadir, struct error *e)
{
    int rc = -1;
    char *xml = NULL, *rng = NULL, *xml_path = NULL, *rng_path = NULL;
    size_t xml_len = 0, rng_len = 0;

    if (!datadir)
        datadir = data_dir();
    if (asprintf(&xml_path, "%s/services.xml", datadir) < 0) {
        xml_path = NULL;
        goto nomem;
    }
    if (asprintf(&rng_path, "%s/services.rng", datadir) < 0) {
        rng_path = NULL;
        goto nomem;
    }
    if (store_load_file(rng_path, CATALOG_FILE_MAX, &rng, &rng_len, e) < 0 || store_load_file(xml_path, CATALOG_FILE_MAX, &xml, &xml_len, e) < 0)
        goto out;
    rc = catalog_load(c, xml, xml_len, rng, rng_len, xml_path, e);
    goto out;
nomem:
    error_nomem(e);
out:
    free(xml);
    free(rng);
    free(xml_path);
    free(rng_path);
    return rc;
}
