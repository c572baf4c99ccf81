/* Load the service catalog from the data directory (services.xml + services.rng).
 * The file reading lives here so src/core stays free of I/O. */
#ifndef HELSEID_CATALOG_FILE_H
#define HELSEID_CATALOG_FILE_H

#include "core/catalog.h"
#include "core/error.h"

/* `datadir` NULL = data_dir() (store/datadir.h). Errors name the file. */
int catalog_load_dir(struct catalog *c, const char *datadir, struct error *e);

#endif
