/* A site file on disk: the only way to save one. A handle exists only after a
 * successful load or an explicit create, so a file we failed to parse is never
 * overwritten. Every save is re-parsed from memory before it touches the disk, and is
 * crash-safe (store/atomic_file.h). */
#ifndef HELSEID_SITE_FILE_H
#define HELSEID_SITE_FILE_H

#include "core/error.h"
#include "core/site.h"

struct site_file;

/* Load and validate `path`. */
int site_file_load(struct site_file **out, const char *path, struct error *e);
/* Start a new site file at `path` (which must not exist yet) with a copy of `initial`;
 * nothing is written until site_file_save. */
int site_file_create(struct site_file **out, const char *path, const struct site *initial,
                     struct error *e);
/* The site (change it in place, then save). */
struct site *site_file_site(struct site_file *sf);
const char *site_file_path(const struct site_file *sf);
/* Serialise, check the result parses, then replace the file atomically (keeps .bak). */
int site_file_save(struct site_file *sf, struct error *e);
/* Everything site_file_save checks, without writing: for a command about to change
 * HelseID, which must not learn only afterwards that the site cannot be saved. */
int site_file_check(struct site_file *sf, struct error *e);
void site_file_free(struct site_file *sf);

/* A file the site file names (its key file): `file` as is when absolute or when
 * site_path (may be NULL) has no folder, else in the site file's folder. malloc'd;
 * NULL on out of memory. */
char *site_file_beside(const char *site_path, const char *file);

#endif
