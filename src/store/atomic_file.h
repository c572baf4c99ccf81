/* Crash-safe replacement of a file: at every instant FILE is either the complete old
 * or the complete new version, and FILE.bak keeps the previous one. */
#ifndef HELSEID_ATOMIC_FILE_H
#define HELSEID_ATOMIC_FILE_H

#include <stddef.h>

#include "core/error.h"

/* Replace `path` with `len` bytes of `data`:
 *   remove temp files a killed earlier save left behind (".NAME.tmp-XXXXXX"),
 *   write a temp file in the same directory (mode of the old file, else 0640), fsync,
 *   hard-link the old file to NAME.bak (via NAME.bak.new + rename), rename the temp
 *   over NAME, fsync the directory.
 * Callers must hold the session lock (store/lock.h): the stale-temp sweep assumes no
 * other writer. Site files are saved through store/site_file.h, never directly. */
int atomic_file_replace(const char *path, const void *data, size_t len, struct error *e);

/* "NAME.bak" beside path (malloc'd), or NULL on out of memory. */
char *atomic_file_backup_path(const char *path);

#endif
