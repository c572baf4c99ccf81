/* Where the program's data lives (catalog, schemas, demo sites), for the installed
 * program and for one run from its build tree without any setting. */
#ifndef HELSEID_STORE_DATADIR_H
#define HELSEID_STORE_DATADIR_H

/* $HELSEID_ADMIN_DATADIR if set; else data/ beside the running program when that folder
 * holds the catalog (a program run from its source tree), or the source tree's data/
 * that data/source-data beside it names (a separate build folder); else PKGDATADIR.
 * The result is computed once and stays valid. */
const char *data_dir(void);

#endif
