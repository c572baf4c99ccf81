#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "store/catalog_file.h"

#define CATALOG_FILE_MAX (4L * 1024 * 1024)

static int slurp(const char *path, char **out, size_t *len, struct error *e)
{
    int rc = -1;
    char *buf = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return error_set(e, ERR_IO, _("cannot open \"%s\": %s"), path, strerror(errno));
    if (!(buf = malloc((size_t)CATALOG_FILE_MAX + 1))) {
        error_set(e, ERR_NOMEM, _("out of memory"));
        goto out;
    }
    size_t n = fread(buf, 1, (size_t)CATALOG_FILE_MAX + 1, f);
    if (ferror(f)) {
        error_set(e, ERR_IO, _("cannot read \"%s\": %s"), path, strerror(errno));
        goto out;
    }
    if (n > (size_t)CATALOG_FILE_MAX) {
        error_set(e, ERR_PARSE, _("%s: catalog too large"), path);
        goto out;
    }
    *out = buf;
    *len = n;
    buf = NULL;
    rc = 0;
out:
    free(buf);
    fclose(f);
    return rc;
}

int catalog_load_dir(struct catalog *c, const char *datadir, struct error *e)
{
    int rc = -1;
    char *xml = NULL, *rng = NULL, *xml_path = NULL, *rng_path = NULL;
    size_t xml_len = 0, rng_len = 0;

    if (!datadir)
        datadir = getenv("HELSEID_ADMIN_DATADIR");
    if (!datadir || !*datadir)
        datadir = PKGDATADIR;
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
