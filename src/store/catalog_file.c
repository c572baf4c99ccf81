#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "store/catalog_file.h"
#include "store/datadir.h"
#include "store/util.h"

#define CATALOG_FILE_MAX ((size_t)4 << 20)

static int slurp(const char *path, char **out, size_t *len, struct error *e)
{
    switch (store_read_file(path, CATALOG_FILE_MAX, out, len)) {
    case STORE_READ_OK:
        return 0;
    case STORE_READ_OPEN:
        return error_set(e, ERR_IO, _("cannot open \"%s\": %s"), path, strerror(errno));
    case STORE_READ_IO:
        return error_set(e, ERR_IO, _("cannot read \"%s\": %s"), path, strerror(errno));
    case STORE_READ_TOO_LARGE:
        return error_set(e, ERR_PARSE, _("%s: catalog too large"), path);
    case STORE_READ_NOMEM:
        break;
    }
    return error_set(e, ERR_NOMEM, _("out of memory"));
}

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
    if (slurp(rng_path, &rng, &rng_len, e) < 0 || slurp(xml_path, &xml, &xml_len, e) < 0)
        goto out;
    rc = catalog_load(c, xml, xml_len, rng, rng_len, xml_path, e);
    goto out;
nomem:
    error_set(e, ERR_NOMEM, _("out of memory"));
out:
    free(xml);
    free(rng);
    free(xml_path);
    free(rng_path);
    return rc;
}
