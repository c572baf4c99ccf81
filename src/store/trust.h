/* Which files we trust, like OpenSSH's StrictModes (DESIGN.md §5, Trust): a site
 * file names the key that signs for the clinic, so a file or folder that another user
 * can write is refused, as is one owned by another user (root excepted). Each refusal
 * is one translated line that names the fix (chmod/chown). */
#ifndef HELSEID_STORE_TRUST_H
#define HELSEID_STORE_TRUST_H

#include <stdbool.h>
#include <sys/stat.h>

#include "core/error.h"

enum trust_kind {
    TRUST_SITE,         /* the site file: no write for group/others */
    TRUST_SECRET,       /* the api key file: no read or write for group/others */
};

/* The file (st from fstat of the open file) and, for TRUST_SITE, the folders it lives
 * in: the one named in `path` and, if `path` goes through a symlink, the real one. */
int trust_check_file(const char *path, const struct stat *st, enum trust_kind kind,
                     struct error *e);
/* A folder on its own (a site file about to be created, an absolute key path's). */
int trust_check_folder(const char *dir, struct error *e);
/* The key reference in a site file: relative to the site's folder without a ".."
 * component, or absolute in a folder that passes trust_check_folder. NULL is fine. */
int trust_check_key_ref(const char *site_path, const char *key_file, struct error *e);

#endif
